// The Session's commands over a fixture course: gating, refusals, revisiting, homework
// targets, move-on, check-ins, and course changes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "kindly/gates.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

struct Fixture {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;

  Fixture() { reopen(); }
  void reopen(std::shared_ptr<const Course> c = nullptr) {
    s.reset();
    if (c) course = c;
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    s = std::move(r.value());
  }
  void now(const char* t) {
    clock->set(at(t));
    REQUIRE(s->refresh().ok());
  }
  const Progress& p() const { return s->progress(); }
  // Does everything week n requires, on three days starting at the given day.
  void complete_week(int n, const char* day1, const char* day2, const char* day3) {
    const std::string w = "w" + std::to_string(n);
    for (const char* d : {day1, day2, day3}) {
      if (at(d) > clock->now()) now(d);
      cmd::LogPractice log;
      log.practice = "breathing";
      log.minutes = 12;
      log.at = at(d);
      log.module = std::to_string(n);
      REQUIRE(s->apply(log).ok());
    }
    REQUIRE(s->apply(cmd::Tick{w + "-reading"}).ok());
    cmd::WriteEntry j;
    j.item = w + "-reflection";
    j.text = "I noticed something in week " + std::to_string(n);
    REQUIRE(s->apply(j).ok());
  }
};

}  // namespace

TEST_CASE("session: begin opens week 1 and nothing else") {
  Fixture f;
  CHECK_FALSE(f.p().begun);
  CHECK(f.p().weeks.at(0).state == WeekState::Locked);
  CHECK(f.p().weeks.at(0).lock_reason == LockReason::NotBegun);
  auto r = f.s->apply(cmd::Begin{});
  REQUIRE(r.ok());
  CHECK(r->events.front().type == EventType::Begun);
  CHECK(r->events.front().course_id == "eight-weeks");
  CHECK(f.p().begun);
  CHECK(f.p().current_week == 1);
  CHECK(f.p().weeks.at(0).state == WeekState::Available);
  CHECK(f.p().weeks.at(1).state == WeekState::Locked);
  CHECK(f.p().weeks.at(1).lock_reason == LockReason::PreviousNotStarted);
  auto again = f.s->apply(cmd::Begin{});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::Refused);
  CHECK(again.error().message == "you already began this course on Monday 30 Nov");
}

TEST_CASE("session: week 2 opens at local midnight seven days after week 1 was started") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  CHECK(f.p().weeks[0].state == WeekState::InProgress);
  f.complete_week(1, "2026-11-30T10:00", "2026-12-01T10:00", "2026-12-02T10:00");
  CHECK(f.p().weeks[0].state == WeekState::Completed);
  f.now("2026-12-06T23:59:59");
  const WeekProgress& w2 = f.p().weeks[1];
  CHECK(w2.state == WeekState::Locked);
  CHECK(w2.lock_reason == LockReason::TimeGate);
  REQUIRE(w2.unlocks_at.has_value());
  CHECK(format_time(*w2.unlocks_at) == "2026-12-07T00:00:00+00:00");
  auto refused = f.s->apply(cmd::Start{"2"});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == RefusalCode::Locked);
  CHECK(refused.error().message ==
        "Week 2 opens on Monday 7 Dec: week 1 was started on Monday 30 Nov");
  f.now("2026-12-07T00:00");
  CHECK(f.p().weeks[1].state == WeekState::Available);
  CHECK(format_time(*f.p().weeks[1].unlocked_at) == "2026-12-07T00:00:00+00:00");
  REQUIRE(f.s->apply(cmd::Start{"2"}).ok());
  CHECK(f.p().current_week == 2);
}

TEST_CASE("session: required items gate after the time gate, and move-on lifts only that") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  REQUIRE(f.s->apply(cmd::Tick{"w1-reading"}).ok());
  f.now("2026-12-08T09:00");
  const WeekProgress& w2 = f.p().weeks[1];
  CHECK(w2.state == WeekState::Locked);
  CHECK(w2.lock_reason == LockReason::RequiredItems);
  const LockExplanation why = why_locked(*f.course, f.p(), "week-2");
  CHECK(why.gate == LockReason::RequiredItems);
  CHECK(why.waits_for == "week-1");
  CHECK(why.missing_items ==
        std::vector<std::string>{"w1-breathing", "w1-homework", "w1-reflection"});
  CHECK(why.can_move_on);
  CHECK(w2.locked_reason ==
        "Week 2 opens when Breathing, Breathing on 3 days, 10 minutes and Reflection 1 in week 1 "
        "are done, or when you choose to move on");
  auto empty = f.s->apply(cmd::MoveOn{{}, "  "});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == RefusalCode::ReasonRequired);
  auto m = f.s->apply(cmd::MoveOn{{}, "a hard week at work"});
  REQUIRE(m.ok());
  CHECK(f.p().weeks[0].moved_on);
  CHECK(f.p().weeks[0].moved_on_reason == "a hard week at work");
  CHECK(f.p().weeks[1].state == WeekState::Available);
  // Week 1 is still not completed: moving on is not doing.
  CHECK(f.p().weeks[0].state == WeekState::InProgress);
}

TEST_CASE("session: moving on never skips the time gate") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  f.now("2026-12-02T09:00");
  REQUIRE(f.s->apply(cmd::MoveOn{{}, "travelling"}).ok());
  CHECK(f.p().weeks[1].state == WeekState::Locked);
  CHECK(f.p().weeks[1].lock_reason == LockReason::TimeGate);
  auto again = f.s->apply(cmd::MoveOn{{}, "again"});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == RefusalCode::AlreadyMovedOn);
  CHECK(again.error().message ==
        "you already chose to move on from week 1: Week 2 opens on Monday 7 Dec: week 1 "
        "was started on Monday 30 Nov");
  f.now("2026-12-07T00:00:01");
  CHECK(f.p().weeks[1].state == WeekState::Available);
}

TEST_CASE("session: homework counts distinct local days with enough minutes") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  auto log = [&](const char* when, int minutes) {
    cmd::LogPractice l;
    l.practice = "breathing";
    l.minutes = minutes;
    l.at = at(when);
    auto r = f.s->apply(l);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return r.value();
  };
  f.now("2026-12-04T12:00");
  auto first = log("2026-11-30T21:00", 12);
  CHECK(first.items_done == std::vector<std::string>{"w1-breathing"});
  log("2026-11-30T22:00", 12);  // same day: still one day
  log("2026-12-01T08:00", 5);   // too short alone...
  const ItemProgress* hw = f.p().item("w1-homework");
  REQUIRE(hw != nullptr);
  CHECK(hw->have == 1);
  CHECK(hw->need == 3);
  CHECK_FALSE(hw->done);
  log("2026-12-01T20:00", 5);  // ...but 10 minutes on the day in total
  CHECK(f.p().item("w1-homework")->have == 2);
  auto third = log("2026-12-03T23:30", 10);
  CHECK(third.items_done == std::vector<std::string>{"w1-homework"});
  CHECK(f.p().item("w1-homework")->have == 3);
  CHECK(f.p().item("w1-homework")->done);
  auto tick = f.s->apply(cmd::Tick{"w1-homework"});
  REQUIRE_FALSE(tick.ok());
  CHECK(tick.error().code == RefusalCode::NotTickable);
  CHECK(tick.error().message ==
        "Breathing on 3 days, 10 minutes is done when Breathing has been logged from week 1 on 3 "
        "different days (10 minutes or more); so far 3 of 3");
  CHECK(f.p().stats.days_practised_last_7 == 3);
  CHECK(f.p().stats.total_minutes == 44);
  CHECK(f.p().stats.last_7_days.back().day == LocalDate{2026, 12, 4});
  CHECK(f.p().stats.last_7_days.at(2).minutes == 24);  // 30 Nov
}

TEST_CASE("session: revisiting an earlier week never changes the current week") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  f.complete_week(1, "2026-11-30T10:00", "2026-12-01T10:00", "2026-12-02T10:00");
  f.now("2026-12-07T09:00");
  REQUIRE(f.s->apply(cmd::Start{"2"}).ok());
  f.complete_week(2, "2026-12-07T10:00", "2026-12-08T10:00", "2026-12-09T10:00");
  f.now("2026-12-14T09:00");
  REQUIRE(f.s->apply(cmd::Start{"3"}).ok());
  REQUIRE(f.p().current_week == 3);
  const auto states_before = f.p().weeks;
  // Work in week 1 again: a practice, a reflection, a tick and an undo.
  cmd::LogPractice l;
  l.practice = "pause";
  l.minutes = 2;
  l.module = "1";
  REQUIRE(f.s->apply(l).ok());
  cmd::WriteEntry j;
  j.item = "w1-reflection";
  j.prompt = 1;
  j.text = "Looking back at week 1";
  REQUIRE(f.s->apply(j).ok());
  REQUIRE(f.s->apply(cmd::Tick{"w1-task"}).ok());
  REQUIRE(f.s->apply(cmd::Untick{"w1-reading"}).ok());
  CHECK(f.p().current_week == 3);
  CHECK(f.p().weeks[1].state == WeekState::Completed);
  CHECK(f.p().weeks[2].state == WeekState::InProgress);
  CHECK(f.p().weeks[2].started_at == states_before[2].started_at);
  // The undo makes week 1 incomplete but re-locks nothing.
  CHECK(f.p().weeks[0].state == WeekState::InProgress);
  CHECK(f.p().weeks[1].unlocked_at == states_before[1].unlocked_at);
  CHECK(f.p().item("w1-pause")->done);
  CHECK(f.p().item("w1-reflection")->journal_entries == 2);
  CHECK(f.p().weeks[0].practice_minutes == 36 + 2);
}

TEST_CASE("session: refusals are concrete and write nothing") {
  Fixture f;
  auto before_begin = f.s->apply(cmd::Start{"1"});
  REQUIRE_FALSE(before_begin.ok());
  CHECK(before_begin.error().code == RefusalCode::NotBegun);
  CHECK(before_begin.error().message == "you have not begun the course yet");
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  const auto n = f.p().event_count;
  CHECK(f.s->apply(cmd::Start{"9"}).error().code == RefusalCode::NoSuchModule);
  CHECK(f.s->apply(cmd::Start{"9"}).error().message ==
        "there is no week 9 in this course (it has 8 weeks)");
  CHECK(f.s->apply(cmd::Tick{"nope"}).error().code == RefusalCode::NoSuchItem);
  CHECK(f.s->apply(cmd::Tick{"nope"}).error().message == "there is no item 'nope' in this course");
  CHECK(f.s->apply(cmd::Tick{"w2-reading"}).error().code == RefusalCode::Locked);
  CHECK(f.s->apply(cmd::Tick{"w2-reading"}).error().message ==
        "Week 2 opens a while after you start week 1");
  CHECK(f.s->apply(cmd::Tick{"w1-checkin"}).error().code == RefusalCode::NotTickable);
  CHECK(f.s->apply(cmd::Tick{"w1-checkin"}).error().message ==
        "Check-in 1 is a check-in: it is done when you answer it");
  CHECK(f.s->apply(cmd::Untick{"w1-reading"}).error().code == RefusalCode::NotTicked);
  CHECK(f.s->apply(cmd::Untick{"w1-reading"}).error().message == "Reading 1 is not marked done");
  CHECK(f.s->apply(cmd::AnswerCheckin{"w1-checkin", {1, 2}}).error().code ==
        RefusalCode::WrongAnswerCount);
  CHECK(f.s->apply(cmd::AnswerCheckin{"w1-checkin", {1, 2}}).error().message ==
        "Check-in 1 has 3 questions; 2 answers were given");
  CHECK(f.s->apply(cmd::AnswerCheckin{"w1-checkin", {1, 2, 6}}).error().code ==
        RefusalCode::AnswerOutOfScale);
  CHECK(f.s->apply(cmd::AnswerCheckin{"w1-checkin", {1, 2, 6}}).error().message ==
        "answer 3 (6) is outside the scale 1-5");
  cmd::LogPractice l;
  l.practice = "breathing";
  l.minutes = 0;
  CHECK(f.s->apply(l).error().code == RefusalCode::MinutesOutOfRange);
  CHECK(f.s->apply(l).error().message == "minutes must be between 1 and 600 (got 0)");
  l.minutes = 10;
  l.at = at("2026-12-01T09:00");
  CHECK(f.s->apply(l).error().code == RefusalCode::TimeInFuture);
  CHECK(f.s->apply(l).error().message ==
        "the practice time 2026-12-01T09:00:00+00:00 is in the future");
  l.at.reset();
  l.practice = "juggling";
  CHECK(f.s->apply(l).error().code == RefusalCode::NoSuchPractice);
  CHECK(f.s->apply(l).error().message == "there is no practice 'juggling' in this course");
  CHECK(f.s->apply(cmd::MoveOn{{}, "why"}).error().code == RefusalCode::WeekNotStarted);
  CHECK(f.s->apply(cmd::MoveOn{{}, "why"}).error().message == "week 1 has not been started yet");
  CHECK(f.p().event_count == n);
}

TEST_CASE("session: check-in answers are stored with subscale scores") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  auto r = f.s->apply(cmd::AnswerCheckin{"w1-checkin", {4, 2, 1}});
  REQUIRE(r.ok());
  // kindness: 4 and reverse(2) = 4 -> 4.0; humanity: reverse(1) = 5.
  CHECK(r->scores.at("kindness") == doctest::Approx(4.0));
  CHECK(r->scores.at("humanity") == doctest::Approx(5.0));
  const ItemProgress* ip = f.p().item("w1-checkin");
  CHECK(ip->done);
  CHECK(ip->answers == std::vector<int>{4, 2, 1});
  CHECK(f.p().weeks[0].state == WeekState::InProgress);  // answering started the week
}

TEST_CASE("session: difficult practices are flagged and suggest going slower") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  cmd::LogPractice l;
  l.practice = "breathing";
  l.minutes = 10;
  l.distress_before = 2;
  l.distress_after = 6;  // a rise of 4
  auto a = f.s->apply(l);
  REQUIRE(a.ok());
  CHECK(a->pacing->difficult);
  CHECK(a->pacing->grounding_practice == "pause");
  CHECK_FALSE(a->pacing->suggest_slower);
  l.distress_before = 7;
  l.distress_after = 7;  // high
  auto b = f.s->apply(l);
  CHECK(b->pacing->difficult);
  CHECK(b->pacing->suggest_slower);
  CHECK(f.p().suggest_slower);
  l.distress_before = 5;
  l.distress_after = 3;
  CHECK_FALSE(f.s->apply(l)->pacing->difficult);
  l.distress_after = 11;
  CHECK(f.s->apply(l).error().message == "distress after must be between 0 and 10");
}

TEST_CASE("session: the retreat opens with week 4 and never gates") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.p().modules.size() == 1);
  CHECK(f.p().modules[0].state == WeekState::Locked);
  CHECK(f.p().modules[0].lock_reason == LockReason::PreviousLocked);
  CHECK(f.p().modules[0].locked_reason == "A Quiet Half-Day opens with week 4");
  const char* const plan[4][4] = {
      {"2026-11-30T09:00", "2026-11-30T10:00", "2026-12-01T10:00", "2026-12-02T10:00"},
      {"2026-12-07T09:00", "2026-12-07T10:00", "2026-12-08T10:00", "2026-12-09T10:00"},
      {"2026-12-14T09:00", "2026-12-14T10:00", "2026-12-15T10:00", "2026-12-16T10:00"},
      {"2026-12-21T09:00", "", "", ""}};
  for (int w = 1; w <= 4; ++w) {
    f.now(plan[w - 1][0]);
    auto r = f.s->apply(cmd::Start{std::to_string(w)});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    if (w < 4) {
      f.now(plan[w - 1][3]);
      f.complete_week(w, plan[w - 1][1], plan[w - 1][2], plan[w - 1][3]);
    }
    CHECK(f.p().modules[0].state == (w < 4 ? WeekState::Locked : WeekState::Available));
  }
  CHECK(f.p().current_week == 4);
  CHECK(f.p().modules[0].unlocked_at == f.p().weeks[3].unlocked_at);
  REQUIRE(f.s->apply(cmd::Start{"retreat"}).ok());
  REQUIRE(f.s->apply(cmd::Tick{"retreat-reading"}).ok());
  CHECK(f.p().modules[0].state == WeekState::Completed);
  CHECK(f.p().current_week == 4);
  // Its required items never count for the weeks: week 5 waits for week 4 only.
  CHECK(f.p().weeks[4].lock_reason == LockReason::TimeGate);
}

TEST_CASE("session: a clock that moves back never re-locks a week the user has seen open") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  f.complete_week(1, "2026-11-30T10:00", "2026-12-01T10:00", "2026-12-02T10:00");
  f.now("2026-12-07T08:00");  // only a status: no event records that week 2 opened
  REQUIRE(f.p().weeks[1].state == WeekState::Available);
  f.now("2026-12-06T09:00");  // within a day: the latest time seen is the effective now
  CHECK(f.p().weeks[1].state == WeekState::Available);
  CHECK(format_time(f.p().now) == "2026-12-07T08:00:00+00:00");
  // Also across runs: the latest time seen is kept with the data.
  f.reopen();
  CHECK(f.p().weeks[1].state == WeekState::Available);
  REQUIRE(f.s->store().seen_until().has_value());
  CHECK(format_time(*f.s->store().seen_until()) == "2026-12-07T08:00:00+00:00");
  // Further back: the 7 Dec clock was ahead. The fold is at the clock's now, and week 2,
  // seen open, stays open (Store::seen_open), in this run and the next.
  f.now("2026-12-03T08:00");
  CHECK(f.p().weeks[1].state == WeekState::Available);
  CHECK(f.p().clock_was_ahead);
  CHECK(format_time(f.p().now) == "2026-12-03T08:00:00+00:00");
  CHECK(f.s->store().seen_open() == "week-2");
  f.reopen();
  CHECK(f.p().weeks[1].state == WeekState::Available);
}

TEST_CASE("session: two sessions on one data folder see each other's writes") {
  Fixture f;
  auto other = Session::open(f.course, f.dir.path() / "data", f.clock);
  REQUIRE(other.ok());
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  // `other` was opened before the course was begun; its commands check the latest log.
  auto r = other.value()->apply(cmd::Start{"1"});
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(f.s->apply(cmd::Begin{}).error().message ==
        "you already began this course on Monday 30 Nov");
  REQUIRE(f.s->refresh().ok());
  CHECK(f.p().weeks[0].state == WeekState::InProgress);
}

TEST_CASE("session: a changed course folder keeps progress on surviving ids") {
  Fixture f;
  REQUIRE(f.s->apply(cmd::Begin{}).ok());
  REQUIRE(f.s->apply(cmd::Start{"1"}).ok());
  REQUIRE(f.s->apply(cmd::Tick{"w1-reading"}).ok());
  REQUIRE(f.s->apply(cmd::Tick{"w1-task"}).ok());
  cmd::LogPractice l;
  l.practice = "pause";
  l.minutes = 3;
  REQUIRE(f.s->apply(l).ok());
  // A new version of the course: w1-task removed, w1-reading kept, the pause practice
  // renamed, and a new required item in week 1.
  test::TempDir copy;
  test::copy_tree(std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks", copy.path());
  const auto week1 = copy.path() / "weeks" / "week-1.yaml";
  std::ifstream in(week1);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto cut = [&](const std::string& from, const std::string& to) {
    const auto a = text.find(from);
    REQUIRE(a != std::string::npos);
    const auto b = text.find(to, a);
    REQUIRE(b != std::string::npos);
    text.erase(a, b - a);
  };
  cut("  - id: w1-task", "  - id: w1-checkin");
  text += "  - id: w1-new\n    kind: reading\n    title: New\n    required: true\n    text: New.\n";
  test::write_file(week1, text);
  auto pause = copy.path() / "practices" / "pause.yaml";
  std::ifstream pin(pause);
  std::string ptext((std::istreambuf_iterator<char>(pin)), std::istreambuf_iterator<char>());
  ptext.replace(ptext.find("id: pause"), 9, "id: stop");
  test::write_file(pause, ptext);
  for (const auto& file : std::filesystem::directory_iterator(copy.path() / "weeks")) {
    std::ifstream win(file.path());
    std::string wtext((std::istreambuf_iterator<char>(win)), std::istreambuf_iterator<char>());
    for (auto at = wtext.find("practice: pause"); at != std::string::npos;
         at = wtext.find("practice: pause")) {
      wtext.replace(at, 15, "practice: stop");
    }
    win.close();
    test::write_file(file.path(), wtext);
  }
  auto cfg = copy.path() / "course.yaml";
  std::ifstream cin(cfg);
  std::string ctext((std::istreambuf_iterator<char>(cin)), std::istreambuf_iterator<char>());
  ctext.replace(ctext.find("grounding_practice: pause"), 25, "grounding_practice: stop");
  test::write_file(cfg, ctext);
  auto changed = load_course(copy.path());
  REQUIRE_MESSAGE(!changed.has_errors(),
                  (changed.diagnostics.empty() ? "" : changed.diagnostics[0].message));
  f.reopen(changed.course);
  CHECK(f.p().item("w1-reading")->done);  // survived
  CHECK_FALSE(f.p().item("w1-new")->done);
  CHECK(f.p().item("w1-task") == nullptr);
  REQUIRE(f.p().orphans.size() == 2);
  CHECK(f.p().orphans[0].kind == "item");
  CHECK(f.p().orphans[0].id == "w1-task");
  CHECK(f.p().orphans[1].kind == "practice");
  CHECK(f.p().orphans[1].id == "pause");
  CHECK(f.p().stats.total_minutes == 3);
  CHECK(f.s->history()->size() == 5);  // nothing was deleted
}
