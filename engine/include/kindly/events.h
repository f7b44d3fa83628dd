// Events: what the user did, as an append-only log.
//
// Progress is never stored; it is fold(course, events, now) (progress.h). An event names the
// course's ids (module, item, practice), never positions, so that a changed course keeps the
// progress on ids that survive. Events for ids that vanished stay in the log and are
// reported (Progress::orphans).
//
// One flat struct for every type keeps storage and the GUI simple; the comment on each field
// says which types use it. Unused fields keep their defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"

namespace kindly {

enum class EventType {
  Begun,              // the user began the course               course_id, course_version
  WeekStarted,        // the user opened a week                  module, week
  ItemDone,           // the user ticked an item                 module, week, item
  ItemUndone,         // the user removed their tick             module, week, item
  PracticeLogged,     // a practice was done                     module, week, practice, item?,
                      //                                         minutes, note, before, after
  CheckinAnswered,    // a check-in was answered                 module, week, item, answers
  Reflected,          // a journal entry answered a reflection   module, week, item, entry_id
  MovedOn,            // moved on without the required items     module, week, reason
  CoursePaused,       // the user paused the course (resting)    reason (optional, their words)
  CourseResumed,      // the user resumed a paused course
  SafetyPlanSaved,    // the user saved their safety plan         note (the plan as JSON,
                      //                                          kindly/safety_plan.h)
  MeasureAnswered,    // a questionnaire was answered             item = measure id,
                      //   practice = occasion key ("after-week-4"; "" at no set time),
                      //   note = the item ids answered, comma-separated, answers = their values
  MeasureSkipped,     // the user chose "not now"                 item = measure id,
                      //   practice = occasion key
  PracticePlanSaved,  // the user saved their keep-practising plan  note (the plan as JSON,
                      //                                            kindly/practice_plan.h)
};

// "begun", "week_started", "item_done", "item_undone", "practice_logged", "checkin_answered",
// "reflected", "moved_on", "course_paused", "course_resumed", "safety_plan_saved",
// "measure_answered", "measure_skipped", "practice_plan_saved" (the spelling in the database, JSON
// and `kindly history`).
const char* to_string(EventType t);
std::optional<EventType> event_type_from_string(const std::string& s);

struct Event {
  std::int64_t seq = 0;  // position in the log (1, 2, ...); 0 until appended. Log order.
  EventType type = EventType::Begun;
  TimePoint at{};           // when it happened. For PracticeLogged the practice's time
                            // (`--at`, may be in the past); otherwise equal to recorded_at.
  TimePoint recorded_at{};  // the clock's now when the command ran
  // The recording zone's offset from UTC at recorded_at, in seconds east: filled by
  // Store::append from the process TZ, so that a week's local start day (and so its time
  // gate) is the one the user saw, whatever zone a later run is in. nullopt for events
  // recorded before data version 3 and for imported ones: they use the zone of the run.
  std::optional<int> utc_offset;

  // Begun
  std::string course_id;
  std::string course_version;

  // The module (week or optional module) the event belongs to. Every type but Begun.
  std::string module;  // module id, e.g. "week-2"
  int week = 0;        // its week number when written (0 for optional modules); informative,
                       // the fold goes by `module`

  std::string item;      // ItemDone/ItemUndone/CheckinAnswered/Reflected; PracticeLogged: the
                         // item it was logged for, may be empty
  std::string practice;  // PracticeLogged: practice id
  int minutes = 0;       // PracticeLogged: minutes practised (>= 1)
  std::string note;      // PracticeLogged: optional note
  std::optional<int> distress_before;  // PracticeLogged: 0..10, optional
  std::optional<int> distress_after;   // PracticeLogged: 0..10, optional
  std::vector<int> answers;            // CheckinAnswered: one per question, in course order
  std::int64_t entry_id = 0;           // Reflected: the journal entry
  std::string reason;                  // MovedOn, CoursePaused: the user's words

  bool operator==(const Event&) const = default;
};

}  // namespace kindly
