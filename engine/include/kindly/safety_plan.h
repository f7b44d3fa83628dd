// The user's safety plan (issue 16, part 4): what they will do on a bad night, in their own
// words. Five sections, each free text kept byte for byte. Saved through Session::apply
// (cmd::SaveSafetyPlan) as a `safety_plan_saved` event whose `note` holds the plan as JSON, so
// every earlier version stays in the append-only log, goes into backups and the full export,
// and a second process can never overwrite a newer save unseen (base_seq).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kindly/clock.h"

namespace kindly {

struct SafetyPlan {
  std::string warning_signs;  // how I know a hard time is coming
  std::string what_helps;     // things I can do on my own to get through it
  std::string people_places;  // people and places that help, and who I can ask
  std::string professionals;  // my doctor, therapist, a service I can call
  std::string crisis_lines;   // the numbers for my country, written down by me

  bool operator==(const SafetyPlan&) const = default;
  bool empty() const;
};

struct SafetyPlanSection {
  std::string_view id;      // "warning_signs", ... (JSON key, CLI --section)
  std::string_view title;   // shown as the section's heading
  std::string_view prompt;  // a gentle question under it
  std::string SafetyPlan::*field;
};
// In the order they are shown.
const std::array<SafetyPlanSection, 5>& safety_plan_sections();
const SafetyPlanSection* find_safety_plan_section(std::string_view id);

// The plan as a JSON object, and back. from_json gives nullopt for text that is not an object of
// strings (unknown keys are kept out, missing ones are empty).
std::string safety_plan_to_json(const SafetyPlan& p);
std::optional<SafetyPlan> safety_plan_from_json(std::string_view text);

// The latest saved plan.
struct SavedSafetyPlan {
  SafetyPlan plan;
  TimePoint saved_at{};
  std::int64_t seq = 0;  // the event that saved it: pass as base_seq when saving over it
  int versions = 0;      // how many saves the log holds
};

}  // namespace kindly
