// The clock: ISO-8601 in and out, local calendar days, daylight saving and time zones.
#include <doctest/doctest.h>

#include <cstdlib>

#include "kindly/clock.h"
#include "progress_test_util.h"

using namespace kindly;
using kindly::test::TzScope;

namespace {
std::string utc(const char* text) {
  auto t = parse_time(text);
  REQUIRE_MESSAGE(t.has_value(), text);
  return format_time_utc(*t);
}
}  // namespace

TEST_CASE("clock: ISO-8601 with an offset or Z does not depend on TZ") {
  TzScope tz("Asia/Kolkata");
  CHECK(utc("2026-12-01T09:30:15Z") == "2026-12-01T09:30:15Z");
  CHECK(utc("2026-12-01T09:30:15+01:00") == "2026-12-01T08:30:15Z");
  CHECK(utc("2026-12-01T09:30:15-0530") == "2026-12-01T15:00:15Z");
  CHECK(utc("2026-12-01T09:30+01") == "2026-12-01T08:30:00Z");
  CHECK(utc("2026-12-01 09:30:15.999Z") == "2026-12-01T09:30:15Z");
  CHECK(utc("2026-12-31T23:30:00-01:00") == "2027-01-01T00:30:00Z");
}

TEST_CASE("clock: ISO-8601 without an offset is local time") {
  TzScope tz("Asia/Kolkata");  // +05:30, no DST
  CHECK(utc("2026-12-01T09:30") == "2026-12-01T04:00:00Z");
  CHECK(utc("2026-12-01") == "2026-11-30T18:30:00Z");  // local midnight
  CHECK(format_time(*parse_time("2026-12-01T09:30")) == "2026-12-01T09:30:00+05:30");
}

TEST_CASE("clock: malformed times are refused with the expected form") {
  std::string why;
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2026-12-01T25:00",
                          "2026-12-01T09:30:00+25:00", "2026-12-01T09:30:00X", "2026-12-1",
                          "2026-12-01T09", "2026-12-01T09:30:00Z trailing"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_time(bad, &why).has_value());
    CHECK(why.find("expected YYYY-MM-DD") == 0);
  }
}

TEST_CASE("clock: KINDLY_NOW and --now fix the clock, and --now wins") {
  setenv("KINDLY_NOW", "2026-12-01T10:00:00Z", 1);
  auto env = clock_from_option("");
  REQUIRE(env);
  CHECK(format_time_utc(env->now()) == "2026-12-01T10:00:00Z");
  auto opt = clock_from_option("2027-01-02T03:04:05Z");
  CHECK(format_time_utc(opt->now()) == "2027-01-02T03:04:05Z");
  std::string why;
  CHECK(clock_from_option("soon", &why) == nullptr);
  CHECK(why.find("cannot read the time 'soon'") == 0);
  unsetenv("KINDLY_NOW");
  auto sys = clock_from_option("");
  CHECK(dynamic_cast<SystemClock*>(sys.get()) != nullptr);
}

TEST_CASE("clock: days, weekdays and names") {
  CHECK(add_days({2026, 12, 28}, 7) == LocalDate{2027, 1, 4});
  CHECK(add_days({2028, 2, 28}, 1) == LocalDate{2028, 2, 29});
  CHECK(days_between({2026, 3, 1}, {2026, 4, 1}) == 31);
  CHECK(weekday({2026, 12, 7}) == 1);  // a Monday
  CHECK(format_day(LocalDate{2026, 12, 7}) == "Monday 7 Dec");
  CHECK(format_date({2026, 3, 8}) == "2026-03-08");
  CHECK(parse_date("2026-03-08") == LocalDate{2026, 3, 8});
  CHECK_FALSE(parse_date("2026-02-29").has_value());
}

TEST_CASE("clock: New York, spring forward on 2026-03-08") {
  TzScope tz("America/New_York");
  // Midnights either side are 24 h apart except across the change (23 h).
  CHECK(format_time_utc(local_midnight({2026, 3, 8})) == "2026-03-08T05:00:00Z");
  CHECK(format_time_utc(local_midnight({2026, 3, 9})) == "2026-03-09T04:00:00Z");
  // 02:30 does not exist that night: it moves forward by the gap.
  CHECK(utc("2026-03-08T02:30") == "2026-03-08T07:30:00Z");
  CHECK(format_time(*parse_time("2026-03-08T02:30")) == "2026-03-08T03:30:00-04:00");
  // A day's last second before the change and first after it are the same local day.
  CHECK(local_date(*parse_time("2026-03-08T06:59:59Z")) == LocalDate{2026, 3, 8});
  CHECK(local_date(*parse_time("2026-03-09T03:59:59Z")) == LocalDate{2026, 3, 8});
  CHECK(local_date(*parse_time("2026-03-09T04:00:00Z")) == LocalDate{2026, 3, 9});
}

TEST_CASE("clock: New York, fall back on 2026-11-01") {
  TzScope tz("America/New_York");
  CHECK(format_time_utc(local_midnight({2026, 11, 1})) == "2026-11-01T04:00:00Z");
  CHECK(format_time_utc(local_midnight({2026, 11, 2})) == "2026-11-02T05:00:00Z");  // 25 h later
  // 01:30 happens twice: the first (daylight) reading is taken.
  CHECK(utc("2026-11-01T01:30") == "2026-11-01T05:30:00Z");
  CHECK(format_time(*parse_time("2026-11-01T06:30:00Z")) == "2026-11-01T01:30:00-05:00");
  CHECK(local_date(*parse_time("2026-11-02T04:59:59Z")) == LocalDate{2026, 11, 1});
}

TEST_CASE("clock: Santiago skips midnight itself on 2026-09-06") {
  TzScope tz("America/Santiago");
  // 00:00 to 00:59 do not exist that day: the day starts at 01:00 -03.
  CHECK(format_time_utc(local_midnight({2026, 9, 6})) == "2026-09-06T04:00:00Z");
  CHECK(format_time(local_midnight({2026, 9, 6})) == "2026-09-06T01:00:00-03:00");
  CHECK(local_date(local_midnight({2026, 9, 6})) == LocalDate{2026, 9, 6});
  CHECK(local_date(local_midnight({2026, 9, 6}) - std::chrono::seconds{1}) ==
        LocalDate{2026, 9, 5});
}

TEST_CASE("clock: the same instant is a different day in different zones") {
  const TimePoint t = *parse_time("2026-12-01T23:30:00Z");
  {
    TzScope tz("Europe/London");
    CHECK(local_date(t) == LocalDate{2026, 12, 1});
  }
  {
    TzScope tz("Pacific/Kiritimati");  // +14
    CHECK(local_date(t) == LocalDate{2026, 12, 2});
    CHECK(format_time(t) == "2026-12-02T13:30:00+14:00");
  }
  {
    TzScope tz("Australia/Lord_Howe");  // +11 in summer: a 30-minute DST
    CHECK(format_time(t) == "2026-12-02T10:30:00+11:00");
  }
  {
    TzScope tz("America/Los_Angeles");
    CHECK(local_date(t) == LocalDate{2026, 12, 1});
    CHECK(format_time(t) == "2026-12-01T15:30:00-08:00");
  }
}

TEST_CASE("clock: Apia skips the whole of 30 Dec 2011, and a time in it moves forward") {
  TzScope tz("Pacific/Apia");  // -10 (daylight) until 29 Dec 2011 24:00, then +14
  // Noon on the skipped day is read with the offset before the gap, like any gap: forward
  // by the gap (24 h) to noon on 31 Dec, never back to 29 Dec.
  CHECK(utc("2011-12-30T12:00") == "2011-12-30T22:00:00Z");
  CHECK(format_time(*parse_time("2011-12-30T12:00")) == "2011-12-31T12:00:00+14:00");
  // The skipped day "starts" where 31 Dec starts; the days around it are untouched.
  CHECK(format_time_utc(local_midnight({2011, 12, 30})) == "2011-12-30T10:00:00Z");
  CHECK(format_time_utc(local_midnight({2011, 12, 31})) == "2011-12-30T10:00:00Z");
  CHECK(format_time_utc(local_midnight({2011, 12, 29})) == "2011-12-29T10:00:00Z");
  CHECK(utc("2011-12-29T23:59:59") == "2011-12-30T09:59:59Z");
}

TEST_CASE("clock: days at a fixed offset do not depend on TZ") {
  TzScope tz("America/Los_Angeles");
  const TimePoint t = *parse_time("2026-01-05T10:00:00+09:00");  // Monday morning in Tokyo
  CHECK(utc_offset_seconds(t) == -8 * 3600);
  CHECK(local_date(t) == LocalDate{2026, 1, 4});                // Sunday in Los Angeles
  CHECK(date_at_offset(t, 9 * 3600) == LocalDate{2026, 1, 5});  // Monday where it happened
  CHECK(format_time_utc(midnight_at_offset({2026, 1, 12}, 9 * 3600)) == "2026-01-11T15:00:00Z");
  CHECK(format_time_utc(midnight_at_offset({2026, 1, 12}, -8 * 3600)) == "2026-01-12T08:00:00Z");
  TzScope tokyo("Asia/Tokyo");
  CHECK(utc_offset_seconds(t) == 9 * 3600);
}
