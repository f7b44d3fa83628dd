// Reminders: the next fire time in local time, across the 2026 DST changes in New York.
#include <doctest/doctest.h>

#include "kindly/reminders.h"
#include "progress_test_util.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

ReminderSchedule daily(int h, int m) {
  ReminderSchedule s;
  s.enabled = true;
  s.hour = h;
  s.minute = m;
  return s;
}

std::string next_utc(const ReminderSchedule& s, std::optional<TimePoint> last, const char* now) {
  auto t = next_reminder(s, last, at(now));
  return t ? format_time_utc(*t) : "none";
}

}  // namespace

TEST_CASE("reminders: HH:MM and weekday parsing") {
  CHECK(parse_hhmm("08:30") == std::make_pair(8, 30));
  CHECK(parse_hhmm("7:05") == std::make_pair(7, 5));
  CHECK(parse_hhmm("23:59") == std::make_pair(23, 59));
  CHECK_FALSE(parse_hhmm("24:00"));
  CHECK_FALSE(parse_hhmm("12:60"));
  CHECK_FALSE(parse_hhmm("1230"));
  CHECK_FALSE(parse_hhmm("12:3"));
  CHECK_FALSE(parse_hhmm("ab:cd"));
  CHECK(format_hhmm(7, 5) == "07:05");

  auto d = parse_weekdays("Mon, wed friday");
  REQUIRE(d);
  CHECK(*d == std::array<bool, 7>{false, true, false, true, false, true, false});
  CHECK(*parse_weekdays("weekdays") ==
        std::array<bool, 7>{false, true, true, true, true, true, false});
  CHECK(*parse_weekdays("weekends") ==
        std::array<bool, 7>{true, false, false, false, false, false, true});
  CHECK(format_weekdays(*parse_weekdays("sunday, mon, fri")) == "mon,fri,sun");
  CHECK(format_weekdays(*parse_weekdays("daily")) == "daily");
  CHECK(format_weekdays(*parse_weekdays("mon tue wed thu fri")) == "weekdays");
  CHECK(format_weekdays(*parse_weekdays("sat,sun")) == "weekends");
  CHECK(format_weekdays({}) == "");
  for (const char* text : {"mon,fri,sun", "tue", "weekdays", "daily", "wed,sat"})
    CHECK(format_weekdays(*parse_weekdays(text)) == text);
  CHECK_FALSE(parse_weekdays("mon,funday"));
  CHECK_FALSE(parse_weekdays(""));
}

TEST_CASE("reminders: later today, then tomorrow, and weekdays are skipped") {
  TzScope tz("America/New_York");
  auto s = daily(8, 0);
  CHECK(next_utc(s, std::nullopt, "2026-06-10T07:00") == "2026-06-10T12:00:00Z");
  // Fired today already: tomorrow.
  CHECK(next_utc(s, at("2026-06-10T08:00"), "2026-06-10T08:00:30") == "2026-06-11T12:00:00Z");
  // Missed earlier today (Kindly started at 09:15): due now, and reminder_due says so.
  CHECK(next_utc(s, at("2026-06-09T08:00"), "2026-06-10T09:15") == "2026-06-10T12:00:00Z");
  CHECK(reminder_due(s, at("2026-06-09T08:00"), at("2026-06-10T09:15")));
  CHECK_FALSE(reminder_due(s, at("2026-06-10T08:00"), at("2026-06-10T09:15")));
  // Slots missed on earlier days are not replayed.
  CHECK(next_utc(s, at("2026-06-01T08:00"), "2026-06-10T07:00") == "2026-06-10T12:00:00Z");
  // Weekdays: Monday and Thursday only; 2026-06-10 is a Wednesday.
  s.weekdays = *parse_weekdays("mon,thu");
  CHECK(next_utc(s, std::nullopt, "2026-06-10T07:00") == "2026-06-11T12:00:00Z");
  CHECK(next_utc(s, at("2026-06-11T08:00"), "2026-06-11T10:00") == "2026-06-15T12:00:00Z");
  // Disabled / no days.
  s.enabled = false;
  CHECK(next_utc(s, std::nullopt, "2026-06-10T07:00") == "none");
  s.enabled = true;
  s.weekdays.fill(false);
  CHECK(next_utc(s, std::nullopt, "2026-06-10T07:00") == "none");
}

TEST_CASE("reminders: spring forward, New York 2026-03-08") {
  TzScope tz("America/New_York");
  auto s = daily(8, 0);
  // 08:00 EST on the 7th is 13:00Z; 08:00 EDT on the 8th is 12:00Z: still 08:00 on the wall.
  CHECK(next_utc(s, at("2026-03-07T08:00"), "2026-03-07T20:00") == "2026-03-08T12:00:00Z");
  CHECK(next_utc(s, at("2026-03-08T08:00"), "2026-03-08T09:00") == "2026-03-09T12:00:00Z");
  // 02:30 does not exist on the 8th: it fires at 03:30 EDT (07:30Z), once.
  auto g = daily(2, 30);
  CHECK(next_utc(g, at("2026-03-07T02:30"), "2026-03-07T12:00") == "2026-03-08T07:30:00Z");
  CHECK(next_utc(g, at("2026-03-08T03:30"), "2026-03-08T04:00") == "2026-03-09T06:30:00Z");
}

TEST_CASE("reminders: fall back, New York 2026-11-01") {
  TzScope tz("America/New_York");
  auto s = daily(8, 0);
  CHECK(next_utc(s, at("2026-10-31T08:00"), "2026-10-31T20:00") == "2026-11-01T13:00:00Z");
  CHECK(next_utc(s, at("2026-11-01T08:00"), "2026-11-01T09:00") == "2026-11-02T13:00:00Z");
  // 01:30 happens twice on the 1st: it fires at the first one (EDT, 05:30Z) and not again
  // at the second (EST, 06:30Z).
  auto r = daily(1, 30);
  CHECK(next_utc(r, at("2026-10-31T01:30"), "2026-10-31T12:00") == "2026-11-01T05:30:00Z");
  const TimePoint fired = *parse_time("2026-11-01T05:30:00Z");
  CHECK(next_utc(r, fired, "2026-11-01T01:45") == "2026-11-02T06:30:00Z");
  CHECK_FALSE(reminder_due(r, fired, *parse_time("2026-11-01T06:30:00Z")));
}
