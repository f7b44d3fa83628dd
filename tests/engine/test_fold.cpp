// The fold and its transition table: every state x trigger, every week state x event type,
// daylight saving at the gates and in homework days, time zones (the zone a week started in),
// a clock that goes back or ran ahead, and randomized sequences of events (fixed seeds).
#include <doctest/doctest.h>

#include <random>

#include "kindly/progress.h"
#include "progress_test_util.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

// A course of `weeks` weeks built in code. Week k has: wk-r (reading, required), wk-m
// (meditation "p"), wk-h (homework: "p" on 2 days, 10 min; required iff hw_required),
// wk-j (reflection), wk-c (check-in, 2 questions 1..5). An optional module "extra" follows
// week 2.
Course make_course(int weeks = 3, int min_days = 7, bool hw_required = false) {
  Course c;
  c.id = "built";
  c.title = "Built";
  c.version = "1";
  c.gating.min_days = min_days;
  Practice p;
  p.id = "p";
  p.title = "P";
  p.minutes = 10;
  c.practices["p"] = p;
  for (int k = 1; k <= weeks; ++k) {
    Module m;
    m.id = "week-" + std::to_string(k);
    m.number = k;
    m.title = "Week " + std::to_string(k);
    m.min_days = min_days;
    const std::string w = "w" + std::to_string(k);
    Item r;
    r.id = w + "-r";
    r.kind = ItemKind::Reading;
    r.required = true;
    Item med;
    med.id = w + "-m";
    med.kind = ItemKind::Meditation;
    med.practice = "p";
    Item hw;
    hw.id = w + "-h";
    hw.kind = ItemKind::Homework;
    hw.required = hw_required;
    hw.target = HomeworkTarget{HomeworkTarget::Type::PracticeDays, "p", 2, 10};
    Item j;
    j.id = w + "-j";
    j.kind = ItemKind::Reflection;
    j.prompts = {"?"};
    Item ci;
    ci.id = w + "-c";
    ci.kind = ItemKind::Checkin;
    ci.checkin = Checkin{};
    ci.checkin->questions = {{"a", "A", "s", false}, {"b", "B", "s", true}};
    m.items = {r, med, hw, j, ci};
    c.modules.push_back(m);
    if (k == 2) {
      Module x;
      x.id = "extra";
      x.optional = true;
      x.after_week = 2;
      x.title = "Extra";
      Item xr;
      xr.id = "extra-r";
      xr.kind = ItemKind::Reading;
      xr.required = true;
      x.items = {xr};
      c.modules.push_back(x);
    }
  }
  return c;
}

struct Log {
  std::vector<Event> events;
  void add(EventType type, const char* when, const std::string& module = {},
           const std::string& item = {}) {
    Event e;
    e.seq = static_cast<std::int64_t>(events.size()) + 1;
    e.type = type;
    e.at = e.recorded_at = at(when);
    e.module = module;
    e.item = item;
    if (type == EventType::Begun) e.course_id = "built";
    if (type == EventType::PracticeLogged) {
      e.practice = "p";
      e.minutes = 10;
    }
    if (type == EventType::CheckinAnswered) e.answers = {3, 4};
    if (type == EventType::MovedOn) e.reason = "because";
    events.push_back(e);
  }
  void practice(const char* when, const std::string& module, int minutes = 10) {
    add(EventType::PracticeLogged, when, module);
    events.back().minutes = minutes;
  }
};

const char* name(WeekState s) {
  return to_string(s);
}

}  // namespace

// ---- the table ----------------------------------------------------------------------------

TEST_CASE("transition table: every state x trigger") {
  using S = WeekState;
  using T = WeekTrigger;
  struct Row {
    S from;
    T trigger;
    S to;
  };
  const Row rows[] = {
      {S::Locked, T::Unlock, S::Available},
      {S::Locked, T::Start, S::Locked},
      {S::Locked, T::RequiredMet, S::Locked},
      {S::Locked, T::RequiredUnmet, S::Locked},
      {S::Available, T::Unlock, S::Available},
      {S::Available, T::Start, S::InProgress},
      {S::Available, T::RequiredMet, S::Available},
      {S::Available, T::RequiredUnmet, S::Available},
      {S::InProgress, T::Unlock, S::InProgress},
      {S::InProgress, T::Start, S::InProgress},
      {S::InProgress, T::RequiredMet, S::Completed},
      {S::InProgress, T::RequiredUnmet, S::InProgress},
      {S::Completed, T::Unlock, S::Completed},
      {S::Completed, T::Start, S::Completed},
      {S::Completed, T::RequiredMet, S::Completed},
      {S::Completed, T::RequiredUnmet, S::InProgress},
  };
  for (const Row& r : rows) {
    CAPTURE(to_string(r.from));
    CAPTURE(to_string(r.trigger));
    CHECK(transition(r.from, r.trigger) == r.to);
  }
  // No trigger leads back to Locked from anywhere.
  for (S s : {S::Available, S::InProgress, S::Completed}) {
    for (T t : {T::Unlock, T::Start, T::RequiredMet, T::RequiredUnmet}) {
      CHECK(transition(s, t) != S::Locked);
    }
  }
}

// ---- every week state x event type, through the fold --------------------------------------

namespace {

// Builds a log that leaves week 2 in `state` at 2026-12-09T12:00Z (week 1 started on Monday
// 30 Nov, its reading done).
Log setup(WeekState state) {
  Log l;
  l.add(EventType::Begun, "2026-11-30T09:00:00Z");
  l.add(EventType::WeekStarted, "2026-11-30T09:01:00Z", "week-1");
  if (state == WeekState::Locked) return l;  // week 1 lacks its reading: week 2 stays locked
  l.add(EventType::ItemDone, "2026-11-30T10:00:00Z", "week-1", "w1-r");
  if (state == WeekState::Available) return l;
  l.add(EventType::WeekStarted, "2026-12-08T09:00:00Z", "week-2");
  if (state == WeekState::InProgress) return l;
  l.add(EventType::ItemDone, "2026-12-08T10:00:00Z", "week-2", "w2-r");
  return l;
}

void matrix(WeekState from, const std::map<EventType, WeekState>& expected) {
  TzScope tz("UTC");
  const Course c = make_course();
  const TimePoint now = at("2026-12-09T12:00:00Z");
  const Log base = setup(from);
  REQUIRE(fold(c, base.events, now).week(2)->state == from);
  for (const auto& [type, to] : expected) {
    Log l = base;
    const std::map<EventType, std::string> items{{EventType::ItemDone, "w2-r"},
                                                 {EventType::ItemUndone, "w2-r"},
                                                 {EventType::CheckinAnswered, "w2-c"},
                                                 {EventType::Reflected, "w2-j"}};
    auto it = items.find(type);
    l.add(type, "2026-12-09T11:00:00Z", type == EventType::Begun ? "" : "week-2",
          it != items.end() ? it->second : "");
    const Progress p = fold(c, l.events, now);
    CAPTURE(name(from));
    CAPTURE(to_string(type));
    CHECK(name(p.week(2)->state) == std::string(name(to)));
    // Whatever happens in week 2, week 1 stays open and is never affected.
    CHECK(p.week(1)->state != WeekState::Locked);
    CHECK(p.week(1)->started_at == fold(c, base.events, now).week(1)->started_at);
  }
}

using S = WeekState;
using E = EventType;

}  // namespace

TEST_CASE("fold matrix: a locked week and every event type (events are evidence it is open)") {
  matrix(S::Locked, {{E::Begun, S::Locked},
                     {E::WeekStarted, S::InProgress},
                     {E::ItemDone, S::Completed},
                     {E::ItemUndone, S::InProgress},
                     {E::PracticeLogged, S::InProgress},
                     {E::CheckinAnswered, S::InProgress},
                     {E::Reflected, S::InProgress},
                     {E::MovedOn, S::InProgress}});
}

TEST_CASE("fold matrix: an available week and every event type") {
  matrix(S::Available, {{E::Begun, S::Available},
                        {E::WeekStarted, S::InProgress},
                        {E::ItemDone, S::Completed},
                        {E::ItemUndone, S::InProgress},
                        {E::PracticeLogged, S::InProgress},
                        {E::CheckinAnswered, S::InProgress},
                        {E::Reflected, S::InProgress},
                        {E::MovedOn, S::InProgress}});
}

TEST_CASE("fold matrix: an in-progress week and every event type") {
  matrix(S::InProgress, {{E::Begun, S::InProgress},
                         {E::WeekStarted, S::InProgress},
                         {E::ItemDone, S::Completed},
                         {E::ItemUndone, S::InProgress},
                         {E::PracticeLogged, S::InProgress},
                         {E::CheckinAnswered, S::InProgress},
                         {E::Reflected, S::InProgress},
                         {E::MovedOn, S::InProgress}});
}

TEST_CASE("fold matrix: a completed week and every event type") {
  matrix(S::Completed, {{E::Begun, S::Completed},
                        {E::WeekStarted, S::Completed},
                        {E::ItemDone, S::Completed},
                        {E::ItemUndone, S::InProgress},
                        {E::PracticeLogged, S::Completed},
                        {E::CheckinAnswered, S::Completed},
                        {E::Reflected, S::Completed},
                        {E::MovedOn, S::Completed}});
}

TEST_CASE("fold: evidence in week 3 opens weeks 2 and 3 together, never week 3 alone") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::PracticeLogged, "2026-11-30T10:00:00Z", "week-3");
  const Progress p = fold(c, l.events, at("2026-11-30T11:00:00Z"));
  CHECK(p.week(2)->state == S::Available);
  CHECK(p.week(3)->state == S::InProgress);
  CHECK(p.module("extra")->state == S::Available);
  CHECK(p.current_week == 3);
}

// ---- gates, days, DST -----------------------------------------------------------------------

TEST_CASE("fold: min_days 0 opens the next week as soon as the items are done") {
  const Course c = make_course(3, 0);
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::WeekStarted, "2026-11-30T09:00:00Z", "week-1");
  CHECK(fold(c, l.events, at("2026-11-30T09:00:00Z")).week(2)->state == S::Locked);
  l.add(E::ItemDone, "2026-11-30T09:05:00Z", "week-1", "w1-r");
  const Progress p = fold(c, l.events, at("2026-11-30T09:05:00Z"));
  CHECK(p.week(2)->state == S::Available);
  CHECK(p.week(2)->unlocked_at == at("2026-11-30T09:05:00Z"));
  CHECK(p.week(3)->lock_reason == LockReason::PreviousNotStarted);
}

TEST_CASE("fold: require_items false opens on time alone") {
  Course c = make_course();
  c.gating.require_items = false;
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::WeekStarted, "2026-11-30T09:00:00Z", "week-1");
  CHECK(fold(c, l.events, at("2026-12-06T23:59:59Z")).week(2)->state == S::Locked);
  CHECK(fold(c, l.events, at("2026-12-07T00:00:00Z")).week(2)->state == S::Available);
}

TEST_CASE("fold DST: New York, week 1 started before spring forward opens at local midnight") {
  TzScope tz("America/New_York");
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-03-02T21:00:00-05:00");  // Monday evening, EST
  l.add(E::WeekStarted, "2026-03-02T21:00:00-05:00", "week-1");
  l.add(E::ItemDone, "2026-03-02T21:10:00-05:00", "week-1", "w1-r");
  const Progress before = fold(c, l.events, at("2026-03-09T03:59:59Z"));
  CHECK(before.week(2)->state == S::Locked);
  CHECK(format_time(*before.week(2)->unlocks_at) == "2026-03-09T00:00:00-04:00");  // EDT
  CHECK(before.week(2)->locked_reason ==
        "Week 2 opens on Monday 9 Mar: week 1 was started on Monday 2 Mar");
  CHECK(fold(c, l.events, at("2026-03-09T04:00:00Z")).week(2)->state == S::Available);
}

TEST_CASE("fold DST: New York, fall back: the 25-hour day") {
  TzScope tz("America/New_York");
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-10-26T08:00:00-04:00");
  l.add(E::WeekStarted, "2026-10-26T08:00:00-04:00", "week-1");
  l.add(E::ItemDone, "2026-10-26T08:10:00-04:00", "week-1", "w1-r");
  // 00:30 EDT and 23:30 EST on Sunday 1 Nov are 24 hours apart but the same local day.
  l.practice("2026-11-01T00:30:00-04:00", "week-1", 5);
  l.practice("2026-11-01T23:30:00-05:00", "week-1", 5);
  const Progress p = fold(c, l.events, at("2026-11-02T04:59:59Z"));
  CHECK(p.item("w1-h")->have == 1);  // one day with 5 + 5 = 10 minutes
  CHECK(p.week(2)->state == S::Locked);
  CHECK(format_time(*p.week(2)->unlocks_at) == "2026-11-02T00:00:00-05:00");
  CHECK(fold(c, l.events, at("2026-11-02T05:00:00Z")).week(2)->state == S::Available);
}

TEST_CASE("fold DST: New York, the 23-hour day splits two logs 25 hours apart") {
  TzScope tz("America/New_York");
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-03-07T08:00:00-05:00");
  l.practice("2026-03-07T23:30:00-05:00", "week-1");
  l.practice("2026-03-09T00:30:00-04:00", "week-1");  // 24 h later; Sunday is skipped over
  const Progress p = fold(c, l.events, at("2026-03-09T12:00:00Z"));
  CHECK(p.item("w1-h")->have == 2);
  CHECK(p.item("w1-h")->done);
}

TEST_CASE("fold time zones: a log near midnight UTC counts on the user's local day") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-12-01T00:00:00Z");
  l.practice("2026-12-01T23:30:00Z", "week-1");
  l.practice("2026-12-02T00:30:00Z", "week-1");
  {
    TzScope tz("Europe/London");  // two local days
    CHECK(fold(c, l.events, at("2026-12-03T00:00:00Z")).item("w1-h")->have == 2);
  }
  {
    TzScope tz("Asia/Kolkata");  // both on 2 Dec local
    CHECK(fold(c, l.events, at("2026-12-03T00:00:00Z")).item("w1-h")->have == 1);
  }
}

TEST_CASE("fold: a clock that goes back re-locks nothing") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::WeekStarted, "2026-11-30T09:00:00Z", "week-1");
  l.add(E::ItemDone, "2026-12-08T09:00:00Z", "week-1", "w1-r");  // week 2 opens here
  const Progress later = fold(c, l.events, at("2026-12-08T09:00:00Z"));
  REQUIRE(later.week(2)->state == S::Available);
  const Progress back = fold(c, l.events, at("2026-12-01T09:00:00Z"));
  CHECK(back.week(2)->state == S::Available);
  CHECK(back.week(2)->unlocked_at == later.week(2)->unlocked_at);
  // A week behind the latest recorded time: that time was a clock error (it ran ahead), so
  // the fold is at the clock's now and says so; within a day, the latest time is kept.
  CHECK(back.now == at("2026-12-01T09:00:00Z"));
  CHECK(back.clock_was_ahead);
  const Progress day_back = fold(c, l.events, at("2026-12-07T09:00:00Z"));
  CHECK(day_back.week(2)->state == S::Available);
  CHECK(day_back.now == at("2026-12-08T09:00:00Z"));  // the effective now
  CHECK_FALSE(day_back.clock_was_ahead);
}

TEST_CASE("fold time zones: the gate is fixed in the zone the week started in") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-01-05T10:00:00+09:00");  // Monday in Tokyo, Sunday in Los Angeles
  l.add(E::WeekStarted, "2026-01-05T10:00:00+09:00", "week-1");
  l.add(E::ItemDone, "2026-01-05T10:10:00+09:00", "week-1", "w1-r");
  for (Event& e : l.events) e.utc_offset = 9 * 3600;  // recorded in Tokyo
  for (const char* zone : {"Asia/Tokyo", "America/Los_Angeles", "Europe/London"}) {
    CAPTURE(zone);
    TzScope tz(zone);
    const Progress p = fold(c, l.events, at("2026-01-11T14:59:59Z"));
    CHECK(p.week(2)->state == S::Locked);
    CHECK(format_time_utc(*p.week(2)->unlocks_at) == "2026-01-11T15:00:00Z");
    CHECK(p.week(2)->locked_reason.find("started on Monday 5 Jan") != std::string::npos);
    CHECK(fold(c, l.events, at("2026-01-11T15:00:00Z")).week(2)->state == S::Available);
  }
}

TEST_CASE("fold DST: a recorded offset in the zone of the run keeps daylight saving exact") {
  TzScope tz("America/New_York");
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-03-02T21:00:00-05:00");
  l.add(E::WeekStarted, "2026-03-02T21:00:00-05:00", "week-1");
  l.add(E::ItemDone, "2026-03-02T21:10:00-05:00", "week-1", "w1-r");
  for (Event& e : l.events) e.utc_offset = -5 * 3600;
  const Progress p = fold(c, l.events, at("2026-03-09T03:59:59Z"));
  CHECK(format_time(*p.week(2)->unlocks_at) == "2026-03-09T00:00:00-04:00");  // EDT midnight
}

TEST_CASE("fold: weeks seen open stay open when an old log's zone moves (open_through)") {
  // Events from before data version 3 carry no offset: their gate follows the zone of the
  // run, so the Session keeps what a run showed open (Store::seen_open) as a floor.
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-01-05T10:00:00+09:00");
  l.add(E::WeekStarted, "2026-01-05T10:00:00+09:00", "week-1");
  l.add(E::ItemDone, "2026-01-05T10:10:00+09:00", "week-1", "w1-r");
  const TimePoint t = at("2026-01-11T10:00:00Z");
  {
    TzScope tz("America/Los_Angeles");
    REQUIRE(fold(c, l.events, t).week(2)->state == S::Available);  // seen open here
  }
  TzScope tz("Asia/Tokyo");  // a run in another zone builds its own fold
  ProgressBuilder b(c);
  for (const Event& e : l.events) b.apply(e);
  CHECK(b.snapshot(t + std::chrono::minutes{1}).week(2)->state == S::Locked);
  const Progress kept = b.snapshot(t + std::chrono::minutes{1}, "week-2");
  CHECK(kept.week(2)->state == S::Available);
  CHECK(kept.module("extra")->state == S::Available);  // it opens with week 2, as ever
  CHECK(kept.week(3)->state == S::Locked);
  CHECK(b.snapshot(t, "no-such-week") == b.snapshot(t));
}

TEST_CASE("fold: an undo after the gate opened re-locks nothing, and before it keeps it shut") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::WeekStarted, "2026-11-30T09:00:00Z", "week-1");
  l.add(E::ItemDone, "2026-11-30T10:00:00Z", "week-1", "w1-r");
  Log early = l;
  early.add(E::ItemUndone, "2026-12-06T10:00:00Z", "week-1", "w1-r");
  CHECK(fold(c, early.events, at("2026-12-08T00:00:00Z")).week(2)->state == S::Locked);
  l.add(E::ItemUndone, "2026-12-07T00:00:01Z", "week-1", "w1-r");
  const Progress p = fold(c, l.events, at("2026-12-08T00:00:00Z"));
  CHECK(p.week(2)->state == S::Available);
  CHECK(p.week(2)->unlocked_at == at("2026-12-07T00:00:00Z"));
  CHECK(p.week(1)->state == S::InProgress);  // no longer complete
}

TEST_CASE("fold: a changed course keeps surviving ids and reports vanished ones") {
  const Course c = make_course();
  Log l;
  l.add(E::Begun, "2026-11-30T09:00:00Z");
  l.add(E::WeekStarted, "2026-11-30T09:00:00Z", "week-1");
  l.add(E::ItemDone, "2026-11-30T10:00:00Z", "week-1", "w1-r");
  l.add(E::ItemDone, "2026-11-30T10:01:00Z", "week-1", "w1-old");
  l.add(E::PracticeLogged, "2026-11-30T10:02:00Z", "week-0");
  l.add(E::WeekStarted, "2026-12-07T09:00:00Z", "week-2");
  Course changed = c;
  // w1-r renamed away; a new required item added to week 1.
  changed.modules[0].items[0].id = "w1-reading";
  Item extra;
  extra.id = "w1-new";
  extra.kind = ItemKind::Reading;
  extra.required = true;
  changed.modules[0].items.push_back(extra);
  const Progress p = fold(changed, l.events, at("2026-12-08T00:00:00Z"));
  REQUIRE(p.orphans.size() == 3);
  CHECK(p.orphans[0].id == "w1-r");
  CHECK(p.orphans[0].kind == "item");
  CHECK(p.orphans[1].id == "w1-old");
  CHECK(p.orphans[2].id == "week-0");
  CHECK(p.orphans[2].kind == "module");
  CHECK(p.stats.total_minutes == 10);  // the practice still counts in stats
  CHECK_FALSE(p.item("w1-reading")->done);
  // Week 2 was started: the evidence keeps it open even though week 1 is now incomplete.
  CHECK(p.week(2)->state == S::InProgress);
}

// ---- randomized sequences ---------------------------------------------------------------------

namespace {

Event random_event(std::mt19937& rng, const Course& c, TimePoint& clock, std::int64_t seq) {
  std::uniform_int_distribution<int> type_d(0, 99), week_d(1, c.week_count() + 1),
      step_d(-3 * 3600, 2 * 86400);
  clock += std::chrono::seconds{step_d(rng)};  // sometimes back, mostly forward
  Event e;
  e.seq = seq;
  e.recorded_at = e.at = clock;
  const int roll = type_d(rng);
  const int week = week_d(rng);  // week_count()+1 does not exist: an orphan
  const std::string w = "w" + std::to_string(week);
  e.module = "week-" + std::to_string(week);
  if (roll < 3) {
    e.type = EventType::Begun;
    e.module.clear();
  } else if (roll < 15) {
    e.type = EventType::WeekStarted;
  } else if (roll < 40) {
    e.type = EventType::ItemDone;
    e.item = w + (roll % 2 ? "-r" : "-m");
  } else if (roll < 50) {
    e.type = EventType::ItemUndone;
    e.item = w + "-r";
  } else if (roll < 80) {
    e.type = EventType::PracticeLogged;
    e.practice = roll % 7 ? "p" : "gone";
    e.minutes = 1 + roll % 20;
    e.at = clock - std::chrono::hours{roll % 30};
    if (roll % 3 == 0) e.distress_after = roll % 11;
  } else if (roll < 88) {
    e.type = EventType::CheckinAnswered;
    e.item = w + "-c";
    e.answers = {1 + roll % 5, 5 - roll % 5};
  } else if (roll < 94) {
    e.type = EventType::Reflected;
    e.item = w + "-j";
  } else {
    e.type = EventType::MovedOn;
    e.reason = "r";
  }
  return e;
}

bool open(WeekState s) {
  return s != WeekState::Locked;
}

}  // namespace

TEST_CASE("fold random: replay equals incremental, unlocks never go back, weeks open in order") {
  TzScope tz("Europe/London");
  for (const bool hw_required : {false, true}) {
    const Course c = make_course(4, 7, hw_required);
    for (unsigned seed : {1u, 2u, 3u, 42u, 2026u}) {
      CAPTURE(seed);
      CAPTURE(hw_required);
      std::mt19937 rng(seed);
      TimePoint clock = at("2026-10-20T08:00:00Z");
      std::vector<Event> log;
      ProgressBuilder inc(c);
      Progress prev;
      bool have_prev = false;
      for (int i = 0; i < 300; ++i) {
        Event e = random_event(rng, c, clock, i + 1);
        log.push_back(e);
        inc.apply(e);
        // `now` wanders too, including before the latest event; like the Session, fold at
        // the latest time seen.
        TimePoint now = clock + std::chrono::hours{static_cast<int>(rng() % 200) - 100};
        if (have_prev && prev.now > now) now = prev.now;
        const Progress a = inc.snapshot(now);
        const Progress b = fold(c, log, now);
        REQUIRE(a == b);
        for (std::size_t k = 0; k < a.weeks.size(); ++k) {
          if (k > 0 && open(a.weeks[k].state)) REQUIRE(open(a.weeks[k - 1].state));
          if (have_prev && open(prev.weeks[k].state)) {
            REQUIRE(open(a.weeks[k].state));
            REQUIRE(a.weeks[k].unlocked_at == prev.weeks[k].unlocked_at);
          }
          if (open(a.weeks[k].state)) REQUIRE(a.weeks[k].unlocked_at.has_value());
          if (!open(a.weeks[k].state)) REQUIRE_FALSE(a.weeks[k].locked_reason.empty());
        }
        if (have_prev) REQUIRE(a.current_week >= prev.current_week);
        if (have_prev) REQUIRE(a.now >= prev.now);
        prev = a;
        have_prev = true;
      }
      CHECK(prev.event_count == 300);
      CHECK_FALSE(prev.orphans.empty());
    }
  }
}
