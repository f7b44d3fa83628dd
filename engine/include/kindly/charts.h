// Chart data for the progress screen and the report: pure functions over (course, events,
// progress). The screen and the report draw; nothing here knows about pixels.
//
//   heat map     minutes practised per local calendar day, every day from the first day of
//                the course to the last (for a calendar heat map; no streaks)
//   week minutes formal (meditation) and informal minutes per module, in course order
//   check-ins    each subscale's score per numbered week (from Progress's scored check-ins)
//   completion   required items done / total per module, and the week's state
//
// Days are local days (process TZ) of each practice's `at`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/progress.h"

namespace kindly {

struct HeatMap {
  // first_day: the local day the course was begun (or the first practice, if earlier; today
  // when there is neither). last_day: the latest of the course's planned end (first_day +
  // 7 x weeks - 1), today, and the last practice day.
  LocalDate first_day;
  LocalDate last_day;
  LocalDate today;               // local day of progress.now
  std::vector<DayMinutes> days;  // one per day, first_day..last_day, in order (zeros kept)
  int max_minutes = 0;           // the largest day, for the colour scale
  int total_minutes = 0;
  int days_practised = 0;  // days with minutes > 0
};

struct WeekMinutes {
  std::string module;  // module id
  int week = 0;        // week number; 0 for optional modules
  bool optional = false;
  std::string title;
  std::string label;       // short axis label: "1".."8", or the module title for optional ones
  int formal_minutes = 0;  // practices of kind meditation
  int informal_minutes = 0;
  int other_minutes = 0;  // practices the course no longer has
  int formal_sessions = 0;
  int informal_sessions = 0;
  int other_sessions = 0;
  int total_minutes() const { return formal_minutes + informal_minutes + other_minutes; }
  int total_sessions() const { return formal_sessions + informal_sessions + other_sessions; }
};

struct CheckinSeries {
  std::string subscale;  // "" = questions without a subscale
  // One value per numbered week (index 0 = week 1): the mean of the week's answered
  // check-ins' scores for this subscale; nullopt when not answered that week.
  std::vector<std::optional<double>> per_week;
};

struct CheckinChart {
  int scale_min = 1;  // from the course's first check-in (the y axis)
  int scale_max = 5;
  int weeks = 0;                      // numbered weeks (x axis)
  std::vector<CheckinSeries> series;  // subscales in order of first appearance in the course
  bool empty() const;                 // no week answered
};

struct WeekCompletion {
  std::string module;
  int week = 0;
  bool optional = false;
  std::string title;
  std::string label;
  WeekState state = WeekState::Locked;
  int required_done = 0;
  int required_total = 0;
  bool moved_on = false;
};

struct ChartData {
  HeatMap heat;
  std::vector<WeekMinutes> minutes;  // every module, course order
  CheckinChart checkins;
  std::vector<WeekCompletion> completion;  // every module, course order
};

HeatMap heat_map(const Course& course, const std::vector<Event>& events, const Progress& p);
std::vector<WeekMinutes> minutes_per_week(const Course& course, const std::vector<Event>& events);
CheckinChart checkin_chart(const Course& course, const Progress& p);
std::vector<WeekCompletion> completion_per_week(const Course& course, const Progress& p);
ChartData chart_data(const Course& course, const std::vector<Event>& events, const Progress& p);

}  // namespace kindly
