// Pausing the course (issue 16, part 5): the time gates wait while the course rests, a paused
// week's wait does not run out, nothing re-locks and nothing is lost; a new run (a new process)
// reads the same pause from the log.
#include <doctest/doctest.h>

#include "kindly/gates.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

struct Run {
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(TimePoint{});
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;

  void open(const char* when) {
    s.reset();
    clock->set(at(when));
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    s = std::move(r.value());
  }
  const Progress& p() const { return s->progress(); }
  const WeekProgress& week(int n) const { return *p().week(n); }
  RefusalCode refused(const Command& c) {
    auto r = s->apply(c);
    REQUIRE_FALSE(r.ok());
    return r.error().code;
  }
};

// Begun and week 1 started on Monday 5 Jan 10:00 (UTC), moved on: week 2's time gate is
// Monday 12 Jan 00:00.
void week_one_moved_on(Run& r) {
  r.open("2026-01-05T10:00");
  REQUIRE(r.s->apply(cmd::Begin{}).ok());
  REQUIRE(r.s->apply(cmd::Start{"1"}).ok());
  REQUIRE(r.s->apply(cmd::MoveOn{{}, "a busy week"}).ok());
  REQUIRE(format_time_utc(*r.week(2).unlocks_at) == "2026-01-12T00:00:00Z");
}

}  // namespace

TEST_CASE("pause: refused before the course is begun, twice in a row, and resume when running") {
  TzScope tz("UTC");
  Run r;
  r.open("2026-01-05T10:00");
  CHECK(r.refused(cmd::Pause{}) == RefusalCode::NotBegun);
  CHECK(r.refused(cmd::Resume{}) == RefusalCode::NotPaused);
  REQUIRE(r.s->apply(cmd::Begin{}).ok());
  auto first = r.s->apply(cmd::Pause{"my mother is ill"});
  REQUIRE(first.ok());
  REQUIRE(first->events.size() == 1);
  CHECK(first->events[0].type == EventType::CoursePaused);
  CHECK(r.p().paused);
  CHECK(r.p().paused_reason == "my mother is ill");
  const auto events = r.p().event_count;
  CHECK(r.refused(cmd::Pause{}) == RefusalCode::AlreadyPaused);
  CHECK(r.p().event_count == events);  // a refusal writes nothing
  REQUIRE(r.s->apply(cmd::Resume{}).ok());
  CHECK_FALSE(r.p().paused);
  CHECK(r.refused(cmd::Resume{}) == RefusalCode::NotPaused);
}

TEST_CASE("pause: a week's wait holds while paused and keeps the days it had left") {
  TzScope tz("UTC");
  Run r;
  week_one_moved_on(r);
  r.open("2026-01-09T10:00");  // Friday: 2 days 14 hours of the wait left
  REQUIRE(r.s->apply(cmd::Pause{}).ok());

  r.open("2026-01-14T10:00");  // past the old gate: still locked, held by the pause
  CHECK(r.week(2).state == WeekState::Locked);
  CHECK(r.week(2).lock_reason == LockReason::Paused);
  CHECK(r.week(2).wait_days_left == 3);
  CHECK_FALSE(r.week(2).unlocks_at.has_value());
  CHECK(r.s->apply(cmd::Start{"2"}).error().code == RefusalCode::Locked);
  const LockExplanation why = why_locked(*r.course, r.p(), "week-2");
  CHECK(why.gate == LockReason::Paused);
  CHECK(why.wait_days_left == 3);
  CHECK(r.week(2).locked_reason.find("resting") != std::string::npos);

  r.open("2026-01-16T10:00");  // a week of rest: the gate moves 7 days later
  REQUIRE(r.s->apply(cmd::Resume{}).ok());
  CHECK(r.week(2).state == WeekState::Locked);
  CHECK(r.week(2).lock_reason == LockReason::TimeGate);
  REQUIRE(r.week(2).unlocks_at.has_value());
  CHECK(format_time_utc(*r.week(2).unlocks_at) == "2026-01-19T00:00:00Z");
  CHECK(r.week(1).paused_days == 7);

  r.open("2026-01-18T23:59");
  CHECK(r.week(2).state == WeekState::Locked);
  r.open("2026-01-19T00:00");
  CHECK(r.week(2).state == WeekState::Available);
}

TEST_CASE("pause: a pause of a few minutes moves no gate") {
  TzScope tz("UTC");
  Run r;
  week_one_moved_on(r);
  r.open("2026-01-08T10:00");
  REQUIRE(r.s->apply(cmd::Pause{}).ok());
  r.open("2026-01-08T10:10");
  REQUIRE(r.s->apply(cmd::Resume{}).ok());
  CHECK(format_time_utc(*r.week(2).unlocks_at) == "2026-01-12T00:00:00Z");
}

TEST_CASE("pause: an open week never re-locks, and a gate already passed is not held") {
  TzScope tz("UTC");
  Run r;
  week_one_moved_on(r);
  r.open("2026-01-12T09:00");
  REQUIRE(r.week(2).state == WeekState::Available);
  REQUIRE(r.s->apply(cmd::Start{"2"}).ok());
  REQUIRE(r.s->apply(cmd::Pause{"travelling"}).ok());
  r.open("2026-02-12T09:00");  // a month of rest
  CHECK(r.week(1).state != WeekState::Locked);
  CHECK(r.week(2).state == WeekState::InProgress);
  // Week 3 waits for week 2's gate (19 Jan), which was still running when the pause began.
  CHECK(r.week(3).lock_reason == LockReason::Paused);
  REQUIRE(r.s->apply(cmd::Resume{}).ok());
  CHECK(r.week(2).state == WeekState::InProgress);
  // Paused 12 Jan 09:00 -> 12 Feb 09:00: 31 days later than 19 Jan.
  CHECK(format_time_utc(*r.week(3).unlocks_at) == "2026-02-19T00:00:00Z");
}

TEST_CASE("pause: practising and writing while paused are kept and count; a new run agrees") {
  TzScope tz("UTC");
  Run r;
  week_one_moved_on(r);
  REQUIRE(r.s->apply(cmd::Pause{}).ok());
  cmd::LogPractice log;
  log.practice = "breathing";
  log.minutes = 12;
  auto logged = r.s->apply(log);
  REQUIRE(logged.ok());
  CHECK(r.p().paused);  // practising does not end the rest
  auto wrote = r.s->apply(cmd::WriteEntry{"resting, and still breathing", "w1-reflection", 0, {}});
  REQUIRE(wrote.ok());
  const Progress during = r.p();
  CHECK(during.stats.total_minutes == 12);

  r.open("2026-01-05T10:00");  // the same instant in a new process: the same progress
  CHECK(r.p() == during);
  auto history = r.s->history();
  REQUIRE(history.ok());
  int paused = 0;
  for (const Event& e : *history) paused += e.type == EventType::CoursePaused;
  CHECK(paused == 1);
}

TEST_CASE("pause: a week started during the pause waits only from its own start") {
  TzScope tz("UTC");
  Run r;
  week_one_moved_on(r);
  r.open("2026-01-12T09:00");  // week 2 open, not started
  REQUIRE(r.s->apply(cmd::Pause{}).ok());
  r.open("2026-01-15T09:00");
  REQUIRE(r.s->apply(cmd::Start{"2"}).ok());  // started on Thursday while resting
  CHECK(r.week(3).lock_reason == LockReason::Paused);
  CHECK(r.week(3).wait_days_left == 7);  // its whole wait is still ahead
  r.open("2026-01-20T09:00");
  REQUIRE(r.s->apply(cmd::Resume{}).ok());
  // Started 15 Jan: gate 22 Jan, plus the 5 days rested since it started.
  CHECK(format_time_utc(*r.week(3).unlocks_at) == "2026-01-27T00:00:00Z");
}
