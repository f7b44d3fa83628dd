// Reminders: when the optional daily reminder fires next. Pure (the GUI shows it with
// libnotify and keeps `last_fired` in its settings).
//
// A reminder has a local time of day and a set of weekdays. A slot is that time on an
// enabled day, in the process time zone (TZ), read like parse_time() reads local times: a
// time that falls in a spring-forward gap moves forward by the gap (02:30 -> 03:30), and a
// time that happens twice at fall-back fires once, at its first (daylight) reading.
//
// next_reminder() gives the first slot that is after `last_fired` and not before the start
// of today: a slot missed earlier today (Kindly was started after it, e.g. at login) is
// still due, so the caller fires it at once; slots from earlier days are never replayed.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "kindly/clock.h"

namespace kindly {

struct ReminderSchedule {
  bool enabled = false;
  int hour = 20;   // 0..23, local
  int minute = 0;  // 0..59
  // weekdays[0] = Sunday .. weekdays[6] = Saturday (as weekday() in clock.h). Default: every day.
  std::array<bool, 7> weekdays{true, true, true, true, true, true, true};
};

// "HH:MM" (24-hour, "7:05" accepted) -> hour, minute. nullopt when malformed.
std::optional<std::pair<int, int>> parse_hhmm(std::string_view text);
std::string format_hhmm(int hour, int minute);  // "07:05"

// "mon,wed,fri" / "Mon Tue" / "daily" / "weekdays" / "weekends" -> weekdays. nullopt on an
// unknown word or an empty set.
std::optional<std::array<bool, 7>> parse_weekdays(std::string_view text);
// The inverse, for settings files: "daily", "weekdays", "weekends", or "mon,wed,fri" (Monday
// first). An empty set gives "".
std::string format_weekdays(const std::array<bool, 7>& days);

// The next fire time (see above). nullopt when disabled, no weekday is enabled, or the time
// is out of range.
std::optional<TimePoint> next_reminder(const ReminderSchedule& s,
                                       std::optional<TimePoint> last_fired, TimePoint now);

// True when next_reminder() is at or before `now`: the caller should notify and then store
// `now` as last_fired.
bool reminder_due(const ReminderSchedule& s, std::optional<TimePoint> last_fired, TimePoint now);

}  // namespace kindly
