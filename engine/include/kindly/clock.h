// Time: the injected clock, ISO-8601 parsing and printing, and local calendar days.
//
// Every instant is a TimePoint (whole seconds since the Unix epoch, UTC). Calendar questions
// ("which day was this?", "when is local midnight?") use the process time zone (TZ), through
// localtime_r/mktime: libstdc++ 12 has no chrono time-zone database. Tests switch zones with
// setenv("TZ", ...) + tzset().
//
// The clock is injected: the engine never asks the system for the time. `--now` / KINDLY_NOW
// fix it for tests and demos (see clock_from_option()).
#pragma once

#include <chrono>
#include <compare>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kindly {

using TimePoint = std::chrono::sys_seconds;  // UTC, whole seconds

inline std::int64_t to_unix(TimePoint t) {
  return t.time_since_epoch().count();
}
inline TimePoint from_unix(std::int64_t s) {
  return TimePoint{std::chrono::seconds{s}};
}

// ---- the clock --------------------------------------------------------------------------

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// The system clock, truncated to seconds.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that says what it is told. Not thread-safe; for tests and `--now`.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint t) : t_(t) {}
  TimePoint now() const override { return t_; }
  void set(TimePoint t) { t_ = t; }
  void advance(std::chrono::seconds d) { t_ += d; }

 private:
  TimePoint t_;
};

// The clock for a run: `option` (the --now value) if non-empty, else $KINDLY_NOW if set and
// non-empty, else the system clock. Returns nullptr and sets *error when the text does not
// parse (see parse_time()).
std::shared_ptr<Clock> clock_from_option(const std::string& option, std::string* error = nullptr);

// ---- ISO-8601 ---------------------------------------------------------------------------

// Parses an instant. Accepted forms (T or a space between date and time):
//   2026-12-01                      local midnight of that day
//   2026-12-01T09:30                local time (process TZ)
//   2026-12-01T09:30:15             local time
//   2026-12-01T09:30:15.250         fractions are accepted and dropped
//   2026-12-01T09:30:15Z            UTC
//   2026-12-01T09:30:15+01:00       with an offset (also +0100 and +01)
// A local time that falls in a gap (a daylight-saving change, or a zone that changed its
// offset, such as Pacific/Apia skipping 30 Dec 2011) is moved forward by the gap; an ambiguous
// one (the repeated hour) takes the first (daylight) reading.
// Returns nullopt and sets *error ("expected YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]") on failure.
std::optional<TimePoint> parse_time(std::string_view text, std::string* error = nullptr);

// "2026-12-01T09:30:15+01:00" in the process time zone (what the CLI and JSON print).
std::string format_time(TimePoint t);
// "2026-12-01T08:30:15Z".
std::string format_time_utc(TimePoint t);

// ---- local calendar days ----------------------------------------------------------------

// A calendar day in the proleptic Gregorian calendar (no time zone attached).
struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const LocalDate&) const = default;
};

// The local calendar day `t` falls on (process TZ).
LocalDate local_date(TimePoint t);
// The first instant of local day `d` (local midnight; if midnight is skipped by a DST change,
// the first instant that exists that day; for a day skipped whole, the start of the next).
TimePoint local_midnight(LocalDate d);
// The process time zone's offset from UTC at `t`, in seconds east (+32400 in Asia/Tokyo).
int utc_offset_seconds(TimePoint t);
// The same questions at a fixed offset (a zone recorded with an event, not the process TZ):
// the calendar day `t` falls on at `offset_seconds`, and the instant that day starts there.
LocalDate date_at_offset(TimePoint t, int offset_seconds);
TimePoint midnight_at_offset(LocalDate d, int offset_seconds);
LocalDate add_days(LocalDate d, int n);
int days_between(LocalDate from, LocalDate to);              // to - from, in calendar days
int weekday(LocalDate d);                                    // 0 = Sunday .. 6 = Saturday
std::string format_date(LocalDate d);                        // "2026-12-01"
std::optional<LocalDate> parse_date(std::string_view text);  // "2026-12-01"
// "Monday 8 Dec" (the form used in refusal messages and the GUI).
std::string format_day(LocalDate d);
std::string format_day(TimePoint t);  // format_day(local_date(t))

}  // namespace kindly
