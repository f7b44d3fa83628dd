// Outcome: what one command did, worked out once, in the engine (Session::apply). Front ends
// word it; none of them compares Progress before and after.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/measures.h"
#include "kindly/practice_plan.h"
#include "kindly/safety_plan.h"

namespace kindly {

// Pacing advice after a practice log (course `pacing`, see is_difficult in gates.h).
struct PacingAdvice {
  bool difficult = false;          // distress after was high or rose sharply
  std::string grounding_practice;  // course pacing.grounding_practice; may be empty
  bool suggest_slower = false;     // the week has had pacing.repeats_in_week difficult practices
};

// AnswerMeasure / SkipMeasure: what was recorded and, for answers, the scores.
struct MeasureOutcome {
  std::string measure;
  std::string occasion;  // MeasureOccasion::key(); "" when answered at no set time
  bool skipped = false;
  MeasureScore score;
  std::optional<double> previous_total;  // the last answered total, if any
  Change change = Change::NotJudged;     // from previous_total to this total
};

struct Outcome {
  std::vector<Event> events;  // appended by this command, in log order; empty when nothing
                              // needed recording (e.g. starting a started week)

  // What changed, by module and item id, in course order.
  std::vector<std::string> weeks_opened;     // became available (a time or work gate opened)
  std::vector<std::string> weeks_started;    // became in progress
  std::vector<std::string> weeks_completed;  // every core practice now done
  std::vector<std::string> items_done;       // became done
  std::vector<std::string> items_undone;     // were done and are not any more

  // LogPractice: the advice, and whether the log counted toward its week's items (a log
  // shorter than the course's practice_credit share of the practice is kept, but does not tick
  // the practice; see docs/curriculum-format.md, gating.practice_credit).
  std::optional<PacingAdvice> pacing;
  bool credited = false;
  int credit_minutes = 0;  // the minutes a log of this practice needs to count

  // AnswerCheckin: the scores per subscale ("" = questions without one), as ItemProgress.
  std::map<std::string, double> scores;

  // AnswerMeasure / SkipMeasure. safety_help: a safety rule fired (the ids are in
  // measure->score.safety_rules): front ends show the course's crisis lines at once, every time
  // (and, later, the user's safety plan).
  std::optional<MeasureOutcome> measure;
  bool safety_help = false;

  // Journal commands: the entry as it is now. EmptyTrash: how many entries were removed.
  std::optional<JournalEntry> entry;
  int removed = 0;
  // EditEntry with keep_both: another Kindly had saved this version since the edit's base
  // revision; it is kept, and the edit is the version after it (entry->revisions).
  std::optional<int> other_revision;
  // RestoreVersion: the version whose text the entry has again (as version entry->revisions).
  int restored_from = 0;

  // SaveSafetyPlan: the plan as saved.
  std::optional<SavedSafetyPlan> safety_plan;
  // SavePracticePlan: the keep-practising plan as saved (plan.empty() when cleared).
  std::optional<SavedPracticePlan> practice_plan;
};

}  // namespace kindly
