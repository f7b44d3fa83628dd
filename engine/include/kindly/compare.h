// Week 1 beside the last week (issue 16, part 7): the course's own self-compassion check-in
// and the questionnaires, first and last, with the questionnaires' change judged by
// judge_change (measures.h: reliable only past the Jacobson-Truax threshold). Pure: a function
// of (course, progress, events); nothing here is stored.
//
// The check-in of a week is its first item of kind checkin (week 1) and its last (the last
// week), with the latest answers given (ItemProgress). A questionnaire's "week 1" answer is the
// earliest one given at the start or after week 1; its "last week" answer the latest one given
// after the last week. Answers at other times are neither; a side not answered stays empty.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/measures.h"
#include "kindly/progress.h"

namespace kindly {

// One check-in question, first and last (the raw answers on the check-in's scale).
struct CheckinAnswerPair {
  std::string question;  // question id
  std::string text;      // as the last week's check-in words it (else the first's)
  std::optional<int> first, last;
};

// One subscale's mean score (reverse-scored questions counted as min + max - answer).
struct CheckinScorePair {
  std::string subscale;  // "" = questions without a subscale
  std::optional<double> first, last;
};

struct CheckinComparison {
  std::string first_item, last_item;           // check-in item ids; "" when the week has none
  std::optional<TimePoint> first_at, last_at;  // when answered; nullopt: not answered
  int scale_min = 1, scale_max = 5;            // the last week's check-in scale (else the first's)
  std::string min_label, max_label;
  std::vector<CheckinAnswerPair> answers;  // the first check-in's questions, then the last's new
  std::vector<CheckinScorePair> scores;    // subscales in the same order
};

struct MeasureComparison {
  const Measure* measure = nullptr;
  std::optional<MeasureRecord> first, last;  // answered records only
  Change change = Change::NotJudged;         // from first to last, when both are there
};

struct FirstLastComparison {
  int first_week = 1;
  int last_week = 0;                // the course's number of weeks
  bool last_week_complete = false;  // course_completed_at (practice_plan.h) is set
  CheckinComparison checkin;
  std::vector<MeasureComparison> measures;  // every measure of the course, in course order
};

FirstLastComparison compare_first_last(const Course& course, const Progress& progress,
                                       const std::vector<Event>& events);

}  // namespace kindly
