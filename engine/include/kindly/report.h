// The progress report for a therapist or teacher: Markdown, or one self-contained HTML file
// (inline CSS, charts as inline SVG; no scripts, no external resources, a Content-Security-
// Policy that forbids both).
//
// What it holds: an overview (begun, current week, totals), practice per week (formal and
// informal minutes, sessions, required items done), check-in scores over the weeks, and only
// the reflections the user chose (none unless asked for). Never practice notes, distress
// ratings or anything else from the journal. Everything that comes from the user or the
// course is escaped in the Markdown (backslashes; in a quoted reflection also what would start
// a list, heading or code block at the start of a line), so it shows literally.
//
// The HTML is the Markdown itself rendered by md4c-html (tables on, raw HTML off:
// MD_FLAG_NOHTML), inside the page skeleton and CSS, with the three SVG charts put where the
// Markdown leaves a place for them (after the overview, above the weekly table, above the
// check-in table).
//
// The GUI shows make_report()'s text for review before saving it with write_file_atomic();
// `kindly export --format md|html --out FILE [--include-entries 3,7]` writes it directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/charts.h"
#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/progress.h"
#include "kindly/result.h"

namespace kindly {

class Session;

enum class ReportFormat { Markdown, Html };

struct ReportInput {
  const Course& course;
  const Progress& progress;
  const std::vector<Event>& events;
  std::vector<JournalEntry> entries;  // the chosen reflections, shown in this order
  TimePoint generated_at{};
  // The user ticked "include questionnaires": a table per measure of every answer (date, time
  // asked, score, band, change in the reliable-change words, measures.h). Off by default.
  bool include_measures = false;
};

std::string report_markdown(const ReportInput& in);
std::string report_html(const ReportInput& in);  // throws std::bad_alloc if md4c runs out of memory

// The chosen entries by id, in the order given. Refused for an id that does not exist or is
// in the trash ("journal entry 7 is in the trash; restore it first to include it").
Result<std::vector<JournalEntry>> chosen_entries(const Journal& journal,
                                                 const std::vector<std::int64_t>& ids);

// Everything at once from a Session (its course, progress at the clock's now, history and
// journal): the report text.
Result<std::string> make_report(Session& session, ReportFormat format,
                                const std::vector<std::int64_t>& entry_ids = {},
                                bool include_measures = false);

// "3,7, 12" -> {3, 7, 12}. nullopt on anything that is not a positive id list.
std::optional<std::vector<std::int64_t>> parse_id_list(std::string_view text);

// ---- building blocks (exposed for tests and the GUI's preview) ---------------------------

// Markdown -> HTML with md4c-html (tables on, raw HTML off: anything like a tag shows as
// text); ' becomes &#39;. Throws std::bad_alloc if md4c runs out of memory.
std::string markdown_to_html(const std::string& md);
// The start of a self-contained page up to and including <body>: charset, the
// Content-Security-Policy (no scripts, no external resources), the reports' CSS. The caller
// ends it with "</body>\n</html>\n".
std::string html_page_head(std::string_view title, std::string_view language);
// The user's text as a Markdown block quote that shows it literally, every line kept (its
// inline syntax escaped, and what would start a list, heading or code block made inert).
std::string markdown_quote(std::string_view text);

// "Monday 8 Dec 2026": a day as the reports write it.
std::string report_day(TimePoint t);

std::string html_escape(std::string_view text);      // & < > " ' -> entities
std::string markdown_escape(std::string_view text);  // backslash before Markdown punctuation
std::string svg_heat_map(const HeatMap& h);
std::string svg_week_bars(const std::vector<WeekMinutes>& weeks);
std::string svg_checkin_lines(const CheckinChart& c);

}  // namespace kindly
