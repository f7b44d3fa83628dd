// Event type names: the spelling in the database, JSON and `kindly history`.
#include "kindly/events.h"

#include <array>
#include <utility>

namespace kindly {

namespace {
constexpr std::array<std::pair<EventType, const char*>, 14> kNames{{
    {EventType::Begun, "begun"},
    {EventType::WeekStarted, "week_started"},
    {EventType::ItemDone, "item_done"},
    {EventType::ItemUndone, "item_undone"},
    {EventType::PracticeLogged, "practice_logged"},
    {EventType::CheckinAnswered, "checkin_answered"},
    {EventType::Reflected, "reflected"},
    {EventType::MovedOn, "moved_on"},
    {EventType::CoursePaused, "course_paused"},
    {EventType::CourseResumed, "course_resumed"},
    {EventType::SafetyPlanSaved, "safety_plan_saved"},
    {EventType::MeasureAnswered, "measure_answered"},
    {EventType::MeasureSkipped, "measure_skipped"},
    {EventType::PracticePlanSaved, "practice_plan_saved"},
}};
}  // namespace

const char* to_string(EventType t) {
  for (const auto& [type, name] : kNames) {
    if (type == t) return name;
  }
  return "unknown";
}

std::optional<EventType> event_type_from_string(const std::string& s) {
  for (const auto& [type, name] : kNames) {
    if (s == name) return type;
  }
  return std::nullopt;
}

}  // namespace kindly
