// The keep-practising plan: its JSON form, the latest save, and its reminder
// (kindly/practice_plan.h).
#include "kindly/practice_plan.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "../latest_note.h"
#include "kindly/reminders.h"

namespace kindly {

std::string practice_plan_to_json(const PracticePlan& p) {
  nlohmann::json j = nlohmann::json::object();
  j["practices"] = p.practices;
  j["days"] = format_weekdays(p.weekdays);
  j["time"] = format_hhmm(p.hour, p.minute);
  return j.dump();
}

std::optional<PracticePlan> practice_plan_from_json(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  PracticePlan p;
  if (auto it = j.find("practices"); it != j.end()) {
    if (!it->is_array()) return std::nullopt;
    for (const auto& id : *it) {
      if (!id.is_string()) return std::nullopt;
      p.practices.push_back(id.get<std::string>());
    }
  }
  if (auto it = j.find("days"); it != j.end()) {
    if (!it->is_string()) return std::nullopt;
    const std::string days = it->get<std::string>();
    if (!days.empty()) {
      auto parsed = parse_weekdays(days);
      if (!parsed) return std::nullopt;
      p.weekdays = *parsed;
    }
  }
  if (auto it = j.find("time"); it != j.end()) {
    if (!it->is_string()) return std::nullopt;
    auto hm = parse_hhmm(it->get<std::string>());
    if (!hm) return std::nullopt;
    std::tie(p.hour, p.minute) = *hm;
  }
  return p;
}

std::optional<SavedPracticePlan> latest_practice_plan(const std::vector<Event>& events) {
  return latest_note<SavedPracticePlan>(events, EventType::PracticePlanSaved,
                                        practice_plan_from_json);
}

std::vector<std::pair<std::string, int>> minutes_by_practice(const std::vector<Event>& events) {
  std::map<std::string, int> by;
  for (const Event& e : events) {
    if (e.type == EventType::PracticeLogged && !e.practice.empty()) by[e.practice] += e.minutes;
  }
  std::vector<std::pair<std::string, int>> out(by.begin(), by.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::optional<TimePoint> course_completed_at(const Course& course, const Progress& progress) {
  const WeekProgress* last = progress.week(course.week_count());
  if (last == nullptr || last->state != WeekState::Completed) return std::nullopt;
  return last->completed_at;
}

std::optional<PlanReminder> next_plan_reminder(const Course& course, const Progress& progress,
                                               const std::vector<Event>& events,
                                               const PracticePlan& plan,
                                               std::optional<TimePoint> last_fired, TimePoint now) {
  if (plan.empty() || progress.paused) return std::nullopt;
  const auto done = course_completed_at(course, progress);
  if (!done) return std::nullopt;
  ReminderSchedule s;
  s.enabled = true;
  s.hour = plan.hour;
  s.minute = plan.minute;
  s.weekdays = plan.weekdays;
  // Slots before the course was complete are not the plan's to fire.
  const TimePoint floor = *done - std::chrono::seconds{1};
  auto at = next_reminder(s, last_fired && *last_fired > floor ? *last_fired : floor, now);
  if (!at) return std::nullopt;

  std::map<std::string, TimePoint> last_practised;
  for (const Event& e : events)
    if (e.type == EventType::PracticeLogged)
      last_practised[e.practice] = std::max(last_practised[e.practice], e.at);
  PlanReminder r{*at, plan.practices.front()};
  std::optional<TimePoint> oldest;
  for (const std::string& id : plan.practices) {
    auto it = last_practised.find(id);
    if (it == last_practised.end()) {  // never practised: due first
      r.practice = id;
      break;
    }
    if (!oldest || it->second < *oldest) {
      oldest = it->second;
      r.practice = id;
    }
  }
  return r;
}

}  // namespace kindly
