// Measures: scoring a questionnaire, judging change between two answers, and which measures
// are due now. Pure functions of (course, events, progress, now); nothing here is stored.
//
// Scoring follows the measure's own rules (course.h Measure): reverse-scored items count as
// lowest + highest - answer; the total and each subscale are the sum (or mean) of their items.
// Change between two answered administrations is judged with the Jacobson-Truax reliable
// change index when the measure declares reliable_change figures: a change is reliable only
// when its size reaches 1.96 * SEdiff (ReliableChange::threshold()).
//
// When a measure is due: each of its times to ask (Measure::ask) falls due at a moment: the
// course begun; week N completed (or, when the user moved on from it, the next week opened);
// N days after the last week was completed. The measure is due from the latest moment that has
// passed until it is answered or skipped at or after that moment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/progress.h"

namespace kindly {

// The scores of one set of answers.
struct MeasureScore {
  double total = 0;
  std::map<std::string, double> subscales;  // by subscale id
  std::string band;                         // the total's band label; "" when none
  std::vector<std::string> safety_rules;    // ids of the safety rules the answers met
  bool operator==(const MeasureScore&) const = default;
};

// `answers` by item id; every item of the measure must be present (callers check).
MeasureScore score_measure(const Measure& m, const std::map<std::string, int>& answers);

enum class Change {
  NotJudged,            // the measure declares no reliable_change figures
  ReliableImprovement,  // the score fell (higher is worse) by at least the threshold
  ReliableWorsening,    // the score rose by at least the threshold
  WithinUsual,          // a smaller change: within the usual ups and downs
};
// "a reliable improvement", "a reliable worsening", "within the usual ups and downs", "".
const char* change_words(Change c);
// "reliable_improvement", "reliable_worsening", "within_usual", "not_judged" (JSON).
const char* to_string(Change c);
Change judge_change(const Measure& m, double before, double after);

// One time a measure was answered or skipped, from the event log.
struct MeasureRecord {
  std::string measure;
  std::string occasion;  // MeasureOccasion::key(); "" when answered at no set time
  TimePoint at{};
  bool skipped = false;
  std::map<std::string, int> answers;  // by item id (answered only)
  MeasureScore score;                  // answered only, scored by the current course
  // Answered only: compared with the measure's previous answered record (if any).
  std::optional<double> previous_total;
  Change change = Change::NotJudged;
};

// Every MeasureAnswered / MeasureSkipped event for a measure the course still has, oldest
// first. Answers to items the course no longer has are dropped; a record missing an item the
// course now has is not scored (its score stays zero and change NotJudged).
std::vector<MeasureRecord> measure_records(const Course& course, const std::vector<Event>& events);

struct DueMeasure {
  const Measure* measure = nullptr;
  MeasureOccasion occasion;
  TimePoint since{};  // the moment it fell due
};

// The measures due at `now`, in course order.
std::vector<DueMeasure> measures_due(const Course& course, const Progress& progress,
                                     const std::vector<Event>& events, TimePoint now);

// The follow-ups (occasions "N days after the last week") as reminders: the earliest moment,
// after `last_fired` (nullopt: never fired), at which one or more follow-ups fall due, counting
// only those still to come and those due now (measures_due) and not yet answered or skipped.
// The app notifies when `at` <= now (on that day) and stores now as last_fired. nullopt before
// the last week is complete, while the course is paused (reminders stop), and when none is left.
struct FollowUp {
  TimePoint at{};
  int days = 0;                          // days after the last week
  std::vector<const Measure*> measures;  // those falling due at `at`, in course order
  bool due_now = false;                  // at <= now
};
std::optional<FollowUp> next_follow_up(const Course& course, const Progress& progress,
                                       const std::vector<Event>& events,
                                       std::optional<TimePoint> last_fired, TimePoint now);

// The occasion a measure is due for at `now` (the latest moment passed, answered or not),
// or nullopt when none has come.
std::optional<DueMeasure> latest_occasion(const Measure& m, const Course& course,
                                          const Progress& progress, TimePoint now);

}  // namespace kindly
