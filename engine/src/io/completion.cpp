// The completion record (kindly/completion.h): Markdown in two parts with the week chart
// between them, and the same Markdown rendered by the report's md4c-html machinery.
//
// Sections: pieces of the Markdown · Markdown and HTML · from a Session.
#include "kindly/completion.h"

#include <array>
#include <cstdio>
#include <sstream>

#include "kindly/charts.h"
#include "kindly/compare.h"
#include "kindly/reminders.h"
#include "kindly/session.h"

namespace kindly {

namespace {

// ---- pieces of the Markdown ------------------------------------------------------------------

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string maybe(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "–";
}

std::string maybe(const std::optional<double>& v) {
  return v ? one_decimal(*v) : "–";
}

void weeks_markdown(std::ostringstream& s, const CompletionInput& in) {
  s << "## The weeks\n\n| Week | Title | Started | Completed | Minutes practised |\n"
       "|---|---|---|---|---:|\n";
  for (const WeekProgress& w : in.progress.weeks) {
    s << "| " << w.number << " | " << markdown_escape(w.title) << " | "
      << (w.started_at ? report_day(*w.started_at) : "–") << " | ";
    if (w.state == WeekState::Completed && w.completed_at)
      s << report_day(*w.completed_at);
    else
      s << (w.moved_on ? "moved on" : "–");
    s << " | " << w.practice_minutes << " |\n";
  }
  s << "\n";
}

void practice_markdown(std::ostringstream& s, const CompletionInput& in) {
  const Stats& st = in.progress.stats;
  s << "## Practice\n\n"
    << st.total_minutes << " minutes practised in " << st.total_sessions
    << (st.total_sessions == 1 ? " session" : " sessions") << ", on " << st.total_days
    << (st.total_days == 1 ? " day" : " days") << ".\n\n";
}

// "every day", "on weekdays", "at weekends", "on Monday and Thursday" (Monday first).
std::string days_words(const std::array<bool, 7>& days) {
  const std::string set = format_weekdays(days);
  if (set == "daily") return "every day";
  if (set == "weekdays") return "on weekdays";
  if (set == "weekends") return "at weekends";
  static const char* const kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
  std::vector<std::string> names;
  for (int i = 1; i <= 7; ++i)
    if (days[static_cast<std::size_t>(i % 7)]) names.push_back(kNames[i % 7]);
  std::string out = "on ";
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

void plan_markdown(std::ostringstream& s, const CompletionInput& in) {
  s << "## The practices that helped\n\n";
  if (!in.plan || in.plan->empty()) {
    s << "There is no keep-practising plan now.\n\n";
    return;
  }
  for (const std::string& id : in.plan->practices) {
    const Practice* p = in.course.practice(id);
    s << "- " << markdown_escape(p != nullptr ? p->title : id) << "\n";
  }
  s << "\nPlanned " << days_words(in.plan->weekdays) << " at "
    << format_hhmm(in.plan->hour, in.plan->minute) << ".\n\n";
}

void checkin_markdown(std::ostringstream& s, const FirstLastComparison& c) {
  const CheckinComparison& ck = c.checkin;
  s << "### Check-in\n\n";
  if (!ck.first_at && !ck.last_at) {
    s << "The check-ins of week " << c.first_week << " and week " << c.last_week
      << " were not answered.\n\n";
    return;
  }
  s << "Answers on the check-in's " << ck.scale_min << "–" << ck.scale_max << " scale ("
    << markdown_escape(ck.min_label) << " to " << markdown_escape(ck.max_label)
    << "); the means count questions worded the other way round reversed.\n\n";
  s << "| Question | Week " << c.first_week << " | Week " << c.last_week << " |\n|---|---:|---:|\n";
  for (const CheckinAnswerPair& a : ck.answers)
    s << "| " << markdown_escape(a.text) << " | " << maybe(a.first) << " | " << maybe(a.last)
      << " |\n";
  for (const CheckinScorePair& sc : ck.scores)
    s << "| Mean: " << markdown_escape(sc.subscale.empty() ? "other questions" : sc.subscale)
      << " | " << maybe(sc.first) << " | " << maybe(sc.last) << " |\n";
  s << "\n";
}

std::string measure_cell(const std::optional<MeasureRecord>& r) {
  if (!r) return "not answered";
  std::string t = one_decimal(r->score.total);
  if (!r->score.band.empty()) t += " (" + markdown_escape(r->score.band) + ")";
  return t;
}

void measures_markdown(std::ostringstream& s, const FirstLastComparison& c) {
  s << "### Questionnaires\n\nNot a diagnosis. Week " << c.first_week
    << " is the score given at the start (or after week " << c.first_week << "), week "
    << c.last_week << " the one given after week " << c.last_week
    << ". A change counts as reliable only past the Jacobson-Truax threshold the course gives "
       "for each questionnaire; a smaller one is within the usual ups and downs.\n\n";
  s << "| Questionnaire | Week " << c.first_week << " | Week " << c.last_week
    << " | Change |\n|---|---|---|---|\n";
  for (const MeasureComparison& m : c.measures) {
    s << "| " << markdown_escape(m.measure->title) << " | " << measure_cell(m.first) << " | "
      << measure_cell(m.last) << " | " << change_words(m.change) << " |\n";
  }
  s << "\n";
}

void letter_markdown(std::ostringstream& s, const JournalEntry& letter) {
  s << "## My letter of learning\n\nWritten " << report_day(letter.created_at);
  if (letter.updated_at != letter.created_at)
    s << ", last edited " << report_day(letter.updated_at);
  s << ".\n\n" << markdown_quote(letter.text) << "\n";
}

// The record before the week chart, and after it.
std::pair<std::string, std::string> record_parts(const CompletionInput& in) {
  std::ostringstream a, b;
  a << "# Completion record: " << markdown_escape(in.course.title) << "\n\n";
  const auto done = course_completed_at(in.course, in.progress);
  a << "Begun on " << (in.progress.begun_at ? report_day(*in.progress.begun_at) : "–")
    << "; the last week completed on " << (done ? report_day(*done) : "–")
    << ". Made with Kindly on " << report_day(in.generated_at)
    << ". Kindly is a self-guided course; this record does not diagnose or assess.\n\n";
  weeks_markdown(a, in);
  practice_markdown(a, in);
  plan_markdown(b, in);
  const FirstLastComparison c = compare_first_last(in.course, in.progress, in.events);
  b << "## Week " << c.first_week << " beside week " << c.last_week << "\n\n";
  checkin_markdown(b, c);
  if (in.include_measures) measures_markdown(b, c);
  if (in.letter) letter_markdown(b, *in.letter);
  return {a.str(), b.str()};
}

}  // namespace

// ---- Markdown and HTML -----------------------------------------------------------------------

std::string completion_record_markdown(const CompletionInput& in) {
  auto [a, b] = record_parts(in);
  return a + b;
}

std::string completion_record_html(const CompletionInput& in) {
  auto [a, b] = record_parts(in);
  std::vector<WeekMinutes> weeks;
  for (const WeekMinutes& m : chart_data(in.course, in.events, in.progress).minutes)
    if (!m.optional || m.total_sessions() > 0) weeks.push_back(m);
  return html_page_head("Completion record: " + in.course.title, in.course.language) +
         markdown_to_html(a) + svg_week_bars(weeks) + "\n" + markdown_to_html(b) +
         "</body>\n</html>\n";
}

// ---- from a Session --------------------------------------------------------------------------

Result<std::optional<JournalEntry>> letter_of_learning(Session& session) {
  JournalFilter f;
  f.item = std::string(kLetterOfLearningItem);
  auto list = session.journal_list(f);
  if (!list) return list.error();
  if (list->empty()) return std::optional<JournalEntry>{};
  return std::optional<JournalEntry>{list->front()};
}

Result<std::string> make_completion_record(Session& session, ReportFormat format,
                                           bool include_measures, bool include_letter) {
  auto history = session.history();  // refreshes first
  if (!history) return history.error();
  if (!course_completed_at(session.course(), session.progress()))
    return Error::refused(RefusalCode::CourseNotComplete,
                          "the completion record is for after the last week, and week " +
                              std::to_string(session.course().week_count()) +
                              " is not complete yet");
  std::optional<JournalEntry> letter;
  if (include_letter) {
    auto l = letter_of_learning(session);
    if (!l) return l.error();
    if (!*l)
      return Error::refused(RefusalCode::NoLetterOfLearning,
                            "there is no letter of learning to include",
                            "write it first, or leave out --include-letter");
    letter = **l;
  }
  std::optional<PracticePlan> plan;
  if (auto saved = session.practice_plan()) plan = saved->plan;
  CompletionInput in{session.course(),  session.progress(), history.value(),      plan,
                     std::move(letter), include_measures,   session.clock().now()};
  return format == ReportFormat::Html ? completion_record_html(in) : completion_record_markdown(in);
}

}  // namespace kindly
