// Reminders: the next local fire time, day by day through DST changes.
#include "kindly/reminders.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kindly {

std::optional<std::pair<int, int>> parse_hhmm(std::string_view t) {
  auto colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || t.size() != colon + 3)
    return std::nullopt;
  int h = 0, m = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
    h = h * 10 + (t[i] - '0');
  }
  for (std::size_t i = colon + 1; i < t.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
    m = m * 10 + (t[i] - '0');
  }
  if (h > 23 || m > 59) return std::nullopt;
  return std::make_pair(h, m);
}

std::string format_hhmm(int hour, int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", std::clamp(hour, 0, 99), std::clamp(minute, 0, 99));
  return buf;
}

std::optional<std::array<bool, 7>> parse_weekdays(std::string_view text) {
  static const char* const kNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::array<bool, 7> days{};
  std::string word;
  auto flush = [&]() -> bool {
    if (word.empty()) return true;
    bool ok = false;
    if (word == "daily" || word == "everyday") {
      days.fill(true);
      ok = true;
    } else if (word == "weekdays") {
      for (int d = 1; d <= 5; ++d) days[d] = true;
      ok = true;
    } else if (word == "weekends") {
      days[0] = days[6] = true;
      ok = true;
    } else {
      for (int d = 0; d < 7; ++d) {
        // "mon", "monday"
        if (word.rfind(kNames[d], 0) == 0 && word.size() >= 3) {
          static const char* const kFull[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                               "thursday", "friday", "saturday"};
          if (word.size() == 3 || word == kFull[d]) {
            days[d] = true;
            ok = true;
          }
        }
      }
    }
    word.clear();
    return ok;
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!flush()) return std::nullopt;
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!flush()) return std::nullopt;
  if (std::none_of(days.begin(), days.end(), [](bool b) { return b; })) return std::nullopt;
  return days;
}

std::string format_weekdays(const std::array<bool, 7>& d) {
  static const char* const kNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  const int n = static_cast<int>(std::count(d.begin(), d.end(), true));
  if (n == 7) return "daily";
  if (n == 5 && !d[0] && !d[6]) return "weekdays";
  if (n == 2 && d[0] && d[6]) return "weekends";
  std::string out;
  for (int i = 1; i <= 7; ++i) {
    const int day = i % 7;  // Monday first, Sunday last
    if (!d[static_cast<std::size_t>(day)]) continue;
    if (!out.empty()) out += ',';
    out += kNames[day];
  }
  return out;
}

namespace {

// The slot on local day `d`: "YYYY-MM-DDTHH:MM" read as local time by parse_time(), which
// moves a time in a DST gap forward and takes the first reading of a repeated one.
std::optional<TimePoint> slot(LocalDate d, int hour, int minute) {
  return parse_time(format_date(d) + "T" + format_hhmm(hour, minute));
}

}  // namespace

std::optional<TimePoint> next_reminder(const ReminderSchedule& s,
                                       std::optional<TimePoint> last_fired, TimePoint now) {
  if (!s.enabled || s.hour < 0 || s.hour > 23 || s.minute < 0 || s.minute > 59) return std::nullopt;
  if (std::none_of(s.weekdays.begin(), s.weekdays.end(), [](bool b) { return b; }))
    return std::nullopt;
  const LocalDate today = local_date(now);
  TimePoint lower = local_midnight(today);  // nothing from an earlier day is replayed
  if (last_fired && *last_fired >= lower) lower = *last_fired + std::chrono::seconds{1};
  LocalDate d = std::max(today, local_date(lower));
  // At most 8 days ahead: every weekday comes round within a week.
  for (int i = 0; i < 9; ++i, d = add_days(d, 1)) {
    if (!s.weekdays[static_cast<std::size_t>(weekday(d))]) continue;
    auto t = slot(d, s.hour, s.minute);
    if (t && *t >= lower) return t;
  }
  return std::nullopt;
}

bool reminder_due(const ReminderSchedule& s, std::optional<TimePoint> last_fired, TimePoint now) {
  auto next = next_reminder(s, last_fired, now);
  return next && *next <= now;
}

}  // namespace kindly
