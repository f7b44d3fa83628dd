// The completion record (issue 16, part 7): what the user did in the course, to keep or to
// share, as Markdown or one self-contained HTML page made with the report's machinery
// (report.h: md4c-html with raw HTML off, the Content-Security-Policy, the SVG week chart).
//
// What it holds: the weeks with their dates and minutes, the minutes practised in all, the
// practices that helped (the keep-practising plan), and week 1 beside the last week's check-in
// (compare.h). The questionnaires only when the user asks (include_measures, as the report),
// and never journal text, except the letter of learning when asked (include_letter).
//
// The letter of learning is a journal entry written for the item kLetterOfLearningItem (no
// course has such an item: the Session accepts it as the one entry written after the weeks, in
// the module kAfterModule); the newest such entry not in the trash is the letter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/practice_plan.h"
#include "kindly/progress.h"
#include "kindly/report.h"
#include "kindly/result.h"

namespace kindly {

class Session;

inline constexpr std::string_view kLetterOfLearningItem = "letter-of-learning";
inline constexpr std::string_view kAfterModule = "after";

struct CompletionInput {
  const Course& course;
  const Progress& progress;
  const std::vector<Event>& events;
  std::optional<PracticePlan> plan;    // the practices that helped; nullopt or empty: none
  std::optional<JournalEntry> letter;  // shown only when set (the user asked for it)
  bool include_measures = false;
  TimePoint generated_at{};
};

std::string completion_record_markdown(const CompletionInput& in);
std::string completion_record_html(const CompletionInput& in);  // throws std::bad_alloc as
                                                                // report_html does

// The letter of learning: the newest entry for kLetterOfLearningItem not in the trash.
Result<std::optional<JournalEntry>> letter_of_learning(Session& session);

// Everything from a Session: refused with CourseNotComplete before the last week is complete,
// and with NoLetterOfLearning when include_letter is set and there is none.
Result<std::string> make_completion_record(Session& session, ReportFormat format,
                                           bool include_measures, bool include_letter);

}  // namespace kindly
