// Time: system/fixed clocks, ISO-8601 parsing and printing, local calendar days.
// Local-time questions go through localtime_r/mktime with the process TZ.
#include "kindly/clock.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace kindly {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

sys_days to_sys_days(LocalDate d) {
  return sys_days{year_month_day{std::chrono::year{d.year},
                                 std::chrono::month{static_cast<unsigned>(d.month)},
                                 std::chrono::day{static_cast<unsigned>(d.day)}}};
}

LocalDate from_sys_days(sys_days sd) {
  year_month_day ymd{sd};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool valid_date(int y, int m, int d) {
  return year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                        std::chrono::day{static_cast<unsigned>(d)}}
      .ok();
}

std::tm local_tm(TimePoint t) {
  std::time_t tt = static_cast<std::time_t>(to_unix(t));
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm;
}

long offset_at(std::int64_t unix_seconds) {
  return local_tm(from_unix(unix_seconds)).tm_gmtoff;
}

// Local wall time -> instant, by the offsets in force around it (not mktime: glibc moves a
// time in a gap that is not a DST change, such as Apia's skipped 30 Dec 2011, back by the
// gap). A wall time w is read at offset o when w - o really has offset o. Candidates: the
// offsets a day either side and at w itself (the true instant lies within 14 h of w).
//   - one reading: that one;
//   - two (the repeated hour): the earlier instant, i.e. the first (daylight) reading;
//   - none (a gap): the offset before the gap (the smallest), which moves w forward by the
//     gap, as the header promises.
TimePoint from_local(int y, int mo, int d, int h, int mi, int s) {
  const std::int64_t wall =
      static_cast<std::int64_t>(to_sys_days({y, mo, d}).time_since_epoch().count()) * 86400 +
      h * 3600 + mi * 60 + s;
  const long candidates[] = {offset_at(wall - 86400), offset_at(wall), offset_at(wall + 86400)};
  std::optional<std::int64_t> best;
  long smallest = candidates[0];
  for (long o : candidates) {
    smallest = std::min(smallest, o);
    const std::int64_t t = wall - o;
    if (offset_at(t) == o && (!best || t < *best)) best = t;
  }
  return from_unix(best ? *best : wall - smallest);
}

// Reads exactly n digits at s[i..] into *out.
bool digits(std::string_view s, std::size_t& i, int n, int* out) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[i + static_cast<std::size_t>(k)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  i += static_cast<std::size_t>(n);
  *out = v;
  return true;
}

const char* const kTimeFormatHelp =
    "expected YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM], e.g. 2026-12-01T09:30 or "
    "2026-12-01T09:30:00+01:00";

}  // namespace

TimePoint SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::shared_ptr<Clock> clock_from_option(const std::string& option, std::string* error) {
  std::string text = option;
  if (text.empty()) {
    const char* env = std::getenv("KINDLY_NOW");
    if (env != nullptr) text = env;
  }
  if (text.empty()) return std::make_shared<SystemClock>();
  std::string why;
  auto t = parse_time(text, &why);
  if (!t) {
    if (error != nullptr) *error = "cannot read the time '" + text + "': " + why;
    return nullptr;
  }
  return std::make_shared<FixedClock>(*t);
}

std::optional<TimePoint> parse_time(std::string_view s, std::string* error) {
  auto fail = [&]() -> std::optional<TimePoint> {
    if (error != nullptr) *error = kTimeFormatHelp;
    return std::nullopt;
  };
  std::size_t i = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !digits(s, i, 2, &mo) ||
      i >= s.size() || s[i++] != '-' || !digits(s, i, 2, &d)) {
    return fail();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || !valid_date(y, mo, d)) return fail();
  if (i == s.size()) return local_midnight({y, mo, d});
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return fail();
  ++i;
  if (!digits(s, i, 2, &h) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, &mi)) {
    return fail();
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, &sec)) return fail();
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return fail();
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return fail();
  if (sec == 60) sec = 59;  // a leap second: the last second of the minute
  if (i == s.size()) return from_local(y, mo, d, h, mi, sec);
  std::int64_t offset = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh = 0, om = 0;
    if (!digits(s, i, 2, &oh)) return fail();
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(s, i, 2, &om)) return fail();
    } else if (i < s.size()) {
      if (!digits(s, i, 2, &om)) return fail();
    }
    if (oh > 18 || om > 59) return fail();
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return fail();
  }
  if (i != s.size()) return fail();
  auto day = to_sys_days({y, mo, d});
  auto t = std::chrono::time_point_cast<std::chrono::seconds>(day) + std::chrono::hours{h} +
           std::chrono::minutes{mi} + std::chrono::seconds{sec} - std::chrono::seconds{offset};
  return TimePoint{t};
}

std::string format_time(TimePoint t) {
  std::tm tm = local_tm(t);
  long off = tm.tm_gmtoff;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
                (off % 3600) / 60);
  return buf;
}

std::string format_time_utc(TimePoint t) {
  auto sd = std::chrono::floor<days>(t);
  LocalDate d = from_sys_days(sd);
  auto rest = (t - sd).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", d.year, d.month, d.day,
                static_cast<long long>(rest / 3600), static_cast<long long>((rest % 3600) / 60),
                static_cast<long long>(rest % 60));
  return buf;
}

LocalDate local_date(TimePoint t) {
  std::tm tm = local_tm(t);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

TimePoint local_midnight(LocalDate d) {
  // mktime moves a skipped midnight forward to the first instant that exists.
  return from_local(d.year, d.month, d.day, 0, 0, 0);
}

int utc_offset_seconds(TimePoint t) {
  return static_cast<int>(local_tm(t).tm_gmtoff);
}

LocalDate date_at_offset(TimePoint t, int offset_seconds) {
  return from_sys_days(std::chrono::floor<days>(t + std::chrono::seconds{offset_seconds}));
}

TimePoint midnight_at_offset(LocalDate d, int offset_seconds) {
  return TimePoint{std::chrono::time_point_cast<std::chrono::seconds>(to_sys_days(d)) -
                   std::chrono::seconds{offset_seconds}};
}

LocalDate add_days(LocalDate d, int n) {
  return from_sys_days(to_sys_days(d) + days{n});
}

int days_between(LocalDate from, LocalDate to) {
  return static_cast<int>((to_sys_days(to) - to_sys_days(from)).count());
}

int weekday(LocalDate d) {
  return static_cast<int>(std::chrono::weekday{to_sys_days(d)}.c_encoding());
}

std::string format_date(LocalDate d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<LocalDate> parse_date(std::string_view s) {
  std::size_t i = 0;
  int y = 0, m = 0, d = 0;
  if (!digits(s, i, 4, &y) || i >= s.size() || s[i++] != '-' || !digits(s, i, 2, &m) ||
      i >= s.size() || s[i++] != '-' || !digits(s, i, 2, &d) || i != s.size()) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || !valid_date(y, m, d)) return std::nullopt;
  return LocalDate{y, m, d};
}

std::string format_day(LocalDate d) {
  static const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::string(kDays[weekday(d)]) + " " + std::to_string(d.day) + " " + kMonths[d.month - 1];
}

std::string format_day(TimePoint t) {
  return format_day(local_date(t));
}

}  // namespace kindly
