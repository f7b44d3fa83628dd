// The safety plan's sections and its JSON form (kindly/safety_plan.h).
#include "kindly/safety_plan.h"

#include <nlohmann/json.hpp>

namespace kindly {

bool SafetyPlan::empty() const {
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    if (!(this->*s.field).empty()) return false;
  }
  return true;
}

const std::array<SafetyPlanSection, 5>& safety_plan_sections() {
  static const std::array<SafetyPlanSection, 5> kSections{{
      {"warning_signs", "My warning signs",
       "What tells me a hard time is starting: thoughts, feelings, what I do or stop doing.",
       &SafetyPlan::warning_signs},
      {"what_helps", "What helps me",
       "Things I can do by myself to get through a bad hour: a place, a practice, something "
       "to hold.",
       &SafetyPlan::what_helps},
      {"people_places", "People and places",
       "Who I can be with or call, and places where I feel a little safer.",
       &SafetyPlan::people_places},
      {"professionals", "Professionals I can contact",
       "My doctor, therapist or a service, with their numbers and when they answer.",
       &SafetyPlan::professionals},
      {"crisis_lines", "Crisis lines for where I live",
       "The numbers I would call or text in a crisis, and the emergency number.",
       &SafetyPlan::crisis_lines},
  }};
  return kSections;
}

const SafetyPlanSection* find_safety_plan_section(std::string_view id) {
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string safety_plan_to_json(const SafetyPlan& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const SafetyPlanSection& s : safety_plan_sections()) j[std::string(s.id)] = p.*s.field;
  return j.dump();
}

std::optional<SafetyPlan> safety_plan_from_json(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  SafetyPlan p;
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    auto it = j.find(std::string(s.id));
    if (it == j.end()) continue;
    if (!it->is_string()) return std::nullopt;
    p.*s.field = it->get<std::string>();
  }
  return p;
}

}  // namespace kindly
