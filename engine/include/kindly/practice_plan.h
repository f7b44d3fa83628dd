// The keep-practising plan (issue 16, part 7): after the last week, the practices that helped,
// on which days and at what time of day. Saved through Session::apply (cmd::SavePracticePlan)
// as a `practice_plan_saved` event whose `note` holds the plan as JSON, like the safety plan
// (safety_plan.h): every version stays in the append-only log, in backups and in the export,
// and base_seq keeps a second process from overwriting a newer save unseen. A plan with no
// practices is no plan: saving one clears it (`kindly plan clear`).
//
// A plan may be saved at any time; it matters once the last week is complete: from then on the
// reminder follows it (next_plan_reminder, below) instead of the course's weeks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/progress.h"

namespace kindly {

struct PracticePlan {
  std::vector<std::string> practices;  // practice ids from the course, in the user's order
  // weekdays[0] = Sunday .. weekdays[6] = Saturday (as reminders.h). Default: none.
  std::array<bool, 7> weekdays{};
  int hour = 8;    // 0..23, local
  int minute = 0;  // 0..59

  bool operator==(const PracticePlan&) const = default;
  bool empty() const { return practices.empty(); }  // no plan (cleared)
};

// The plan as a JSON object ({"practices": [...], "days": "mon,wed", "time": "08:00"}) and
// back. from_json gives nullopt for text that is not such an object.
std::string practice_plan_to_json(const PracticePlan& p);
std::optional<PracticePlan> practice_plan_from_json(std::string_view text);

// The latest saved plan.
struct SavedPracticePlan {
  PracticePlan plan;  // empty() when the latest save cleared it
  TimePoint saved_at{};
  std::int64_t seq = 0;  // the event that saved it: pass as base_seq when saving over it
  int versions = 0;      // how many saves (clears included) the log holds
};

// The latest PracticePlanSaved event in `events` that holds a plan; nullopt when none.
std::optional<SavedPracticePlan> latest_practice_plan(const std::vector<Event>& events);

// The minutes logged per practice over the whole log, most practised first (ties by id), for
// choosing what helped. Logs without a practice are left out.
std::vector<std::pair<std::string, int>> minutes_by_practice(const std::vector<Event>& events);

// When the last week of the course was completed (every required item done), or nullopt while
// it is not. Moving on from the last week does not complete it.
std::optional<TimePoint> course_completed_at(const Course& course, const Progress& progress);

// The reminder after the course: the next slot of the plan and the practice due in it.
struct PlanReminder {
  TimePoint at{};        // the slot (may be earlier today: a missed slot is still due)
  std::string practice;  // the plan's practice practised least recently (never first; ties in
                         // the plan's order)
};

// The next reminder of `plan` (kindly/reminders.h's next_reminder over its days and time),
// counting only slots after the last week was completed and after `last_fired`. nullopt
// before the last week is complete, while the course is paused, and for an empty plan or one
// without days. The GUI notifies when `at` <= now and then stores now as last_fired.
std::optional<PlanReminder> next_plan_reminder(const Course& course, const Progress& progress,
                                               const std::vector<Event>& events,
                                               const PracticePlan& plan,
                                               std::optional<TimePoint> last_fired, TimePoint now);

}  // namespace kindly
