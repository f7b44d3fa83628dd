// Time against the gates through the Session (issue 12): a time zone that changes mid-course
// (the gate is fixed in the zone the week started in), and a clock that ran ahead (noticed
// when a later run's clock is more than a day behind; recovered without re-locking).
#include <doctest/doctest.h>

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

  // A new run (a new process) at `when`, read in the current TZ.
  void open(const char* when) {
    s.reset();
    clock->set(at(when));
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    s = std::move(r.value());
  }
  const Progress& p() const { return s->progress(); }
  const WeekProgress& week(int n) const { return *p().week(n); }
};

}  // namespace

TEST_CASE("time zones: a week started in Tokyo opens at Tokyo's midnight, wherever the run is") {
  Run r;
  {
    TzScope tz("Asia/Tokyo");
    r.open("2026-01-05T10:00");  // Monday 5 Jan in Tokyo; Sunday 4 Jan in Los Angeles
    REQUIRE(r.s->apply(cmd::Begin{}).ok());
    REQUIRE(r.s->apply(cmd::Start{"1"}).ok());
    REQUIRE(r.s->apply(cmd::MoveOn{{}, "flying home"}).ok());
    REQUIRE(r.week(2).unlocks_at.has_value());
    CHECK(format_time_utc(*r.week(2).unlocks_at) == "2026-01-11T15:00:00Z");
  }
  {
    TzScope tz("America/Los_Angeles");
    r.open("2026-01-11T02:00");  // 10:00Z: the gate neither hurries nor waits for the move
    CHECK(r.week(2).state == WeekState::Locked);
    CHECK(r.week(2).lock_reason == LockReason::TimeGate);
    CHECK(format_time_utc(*r.week(2).unlocks_at) == "2026-01-11T15:00:00Z");
    // The day it was started is the day it was where it was started.
    CHECK(r.week(2).locked_reason.find("started on Monday 5 Jan") != std::string::npos);
    CHECK(r.s->apply(cmd::Start{"2"}).error().kind == ErrorKind::Refused);
    r.open("2026-01-11T07:00");  // 15:00Z
    CHECK(r.week(2).state == WeekState::Available);
  }
  {
    TzScope tz("Asia/Tokyo");
    r.open("2026-01-12T00:01");  // back in Tokyo, one minute after: still open, and startable
    CHECK(r.week(2).state == WeekState::Available);
    REQUIRE(r.s->apply(cmd::Start{"2"}).ok());
  }
}

TEST_CASE("time zones: a week seen open stays open when the zone moves back across the gate") {
  Run r;
  {
    TzScope tz("Asia/Tokyo");
    r.open("2026-01-05T10:00");
    REQUIRE(r.s->apply(cmd::Begin{}).ok());
    REQUIRE(r.s->apply(cmd::Start{"1"}).ok());
    REQUIRE(r.s->apply(cmd::MoveOn{{}, "flying home"}).ok());
    r.open("2026-01-12T00:00");  // seen open (a status only: no event in week 2)
    REQUIRE(r.week(2).state == WeekState::Available);
  }
  TzScope tz("America/Los_Angeles");
  r.open("2026-01-11T06:59");  // 14:59Z: a minute before the gate, by a clock a minute behind
  CHECK(r.week(2).state == WeekState::Available);
  CHECK_FALSE(r.p().clock_was_ahead);
}

TEST_CASE("clock ahead: one run in 2100 is noticed and recovered by the next") {
  TzScope tz("Europe/London");
  Run r;
  r.open("2026-11-30T09:00");
  REQUIRE(r.s->apply(cmd::Begin{}).ok());
  REQUIRE(r.s->apply(cmd::Start{"1"}).ok());
  REQUIRE(r.s->apply(cmd::MoveOn{{}, "a busy week"}).ok());
  cmd::LogPractice log;
  log.practice = "breathing";
  log.minutes = 10;
  REQUIRE(r.s->apply(log).ok());
  r.open("2100-01-01T09:00");  // a status with a clock 73 years ahead: week 2 shows open
  REQUIRE(r.week(2).state == WeekState::Available);
  CHECK_FALSE(r.p().clock_was_ahead);  // nothing can tell yet

  r.open("2026-12-01T09:00");  // the clock is right again
  CHECK(r.p().clock_was_ahead);
  CHECK(r.p().now == at("2026-12-01T09:00"));
  CHECK(r.week(2).state == WeekState::Available);  // what opened stays open
  CHECK(r.p().stats.days_practised_last_7 == 1);   // "the last 7 days" are this week's
  REQUIRE(r.s->apply(cmd::Start{"2"}).ok());
  CHECK(r.week(3).lock_reason == LockReason::TimeGate);  // the 7-day gates are back
  CHECK(format_time(*r.week(3).unlocks_at) == "2026-12-08T00:00:00+00:00");

  r.open("2026-12-02T09:00");  // recovered: seen_until was set back
  CHECK_FALSE(r.p().clock_was_ahead);
  CHECK(r.week(3).state == WeekState::Locked);
  REQUIRE(r.s->store().seen_until().has_value());
  CHECK(*r.s->store().seen_until() == at("2026-12-02T09:00"));
}

TEST_CASE("clock ahead: a week started by a clock in 2100 gates from when the clock was right") {
  TzScope tz("Europe/London");
  Run r;
  r.open("2026-11-30T09:00");
  REQUIRE(r.s->apply(cmd::Begin{}).ok());
  REQUIRE(r.s->apply(cmd::Start{"1"}).ok());
  REQUIRE(r.s->apply(cmd::MoveOn{{}, "a busy week"}).ok());
  r.open("2100-01-01T09:00");
  REQUIRE(r.s->apply(cmd::Start{"2"}).ok());  // recorded_at 2100: an event, not only a status
  REQUIRE(r.s->apply(cmd::MoveOn{{}, "in a hurry"}).ok());

  r.open("2026-12-01T09:00");
  CHECK(r.p().clock_was_ahead);
  CHECK(r.p().now == at("2026-12-01T09:00"));
  CHECK(r.week(2).state != WeekState::Locked);        // what opened stays open
  REQUIRE(r.s->apply(cmd::Tick{"w2-reading"}).ok());  // the first event at the right time
  CHECK_FALSE(r.p().clock_was_ahead);
  // Week 2 "started in 2100" is read as started when the clock was last right (the move-on
  // on Monday 30 Nov): week 3 waits 7 days from then, not until 2100 (and not for ever).
  CHECK(r.week(3).lock_reason == LockReason::TimeGate);
  CHECK(format_time(*r.week(3).unlocks_at) == "2026-12-07T00:00:00+00:00");
  CHECK(r.week(3).locked_reason.find("started on Monday 30 Nov") != std::string::npos);
  r.open("2026-12-06T23:59");  // the same reading on a later run
  CHECK(r.week(3).state == WeekState::Locked);
  CHECK(format_time(*r.week(3).unlocks_at) == "2026-12-07T00:00:00+00:00");
  r.open("2026-12-07T00:00");
  CHECK(r.week(3).state == WeekState::Available);
  REQUIRE(r.s->apply(cmd::Start{"3"}).ok());
  CHECK(format_time(*r.week(4).unlocks_at) == "2026-12-14T00:00:00+00:00");
}

TEST_CASE("clock: a clock that moves back by up to a day is not a clock error") {
  TzScope tz("Europe/London");
  Run r;
  r.open("2026-11-30T09:00");
  REQUIRE(r.s->apply(cmd::Begin{}).ok());
  r.open("2026-12-01T09:00");
  r.open("2026-11-30T09:00");  // 24 h back: the latest time seen is kept
  CHECK_FALSE(r.p().clock_was_ahead);
  CHECK(r.p().now == at("2026-12-01T09:00"));
}
