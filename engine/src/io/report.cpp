// The therapist/teacher report: Markdown, and the same Markdown rendered by md4c-html into one
// self-contained HTML page with inline SVG charts.
//
// Sections: escaping · shared pieces · SVG charts · Markdown (the report in pieces) · HTML
// (md4c-html, charts at their marks) · from a Session.
#include "kindly/report.h"

#include <md4c-html.h>

#include <algorithm>
#include <cstdio>
#include <new>
#include <sstream>

#include "kindly/session.h"

namespace kindly {

// ---- escaping -----------------------------------------------------------------------------

std::string html_escape(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view t) {
  static const std::string_view kSpecial = "\\`*_[]{}()<>#|&~!";
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::optional<std::vector<std::int64_t>> parse_id_list(std::string_view text) {
  std::vector<std::int64_t> ids;
  std::int64_t cur = 0;
  bool in_number = false, any = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (cur > (INT64_MAX - 9) / 10) return std::nullopt;
      cur = cur * 10 + (c - '0');
      in_number = true;
    } else if (c == ',' || c == ' ') {
      if (in_number) {
        if (cur < 1) return std::nullopt;
        ids.push_back(cur);
        any = true;
      } else if (c == ',') {
        return std::nullopt;
      }
      cur = 0;
      in_number = false;
    } else {
      return std::nullopt;
    }
  }
  if (in_number) {
    if (cur < 1) return std::nullopt;
    ids.push_back(cur);
    any = true;
  }
  if (!any) return std::nullopt;
  return ids;
}

// ---- shared pieces --------------------------------------------------------------------------

std::string report_day(TimePoint t) {
  return format_day(t) + " " + std::to_string(local_date(t).year);
}

namespace {

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string subscale_label(const std::string& s) {
  return s.empty() ? "other questions" : s;
}

// Rows worth showing: modules that opened or have practice.
bool shown(const WeekMinutes& m, const Progress& p) {
  if (m.total_sessions() > 0) return true;
  const WeekProgress* w = p.module(m.module);
  return w && w->state != WeekState::Locked;
}

std::string week_name(const WeekMinutes& m) {
  return m.optional ? m.title : "Week " + std::to_string(m.week);
}

std::string prompt_of(const Course& c, const JournalEntry& e) {
  const Item* it = c.item(e.item);
  if (!it || e.prompt < 0 || static_cast<std::size_t>(e.prompt) >= it->prompts.size()) return "";
  return it->prompts[static_cast<std::size_t>(e.prompt)];
}

std::string entry_heading(const Course& c, const JournalEntry& e) {
  std::string h;
  if (const Module* m = c.module(e.module)) {
    h = m->optional ? m->title : "Week " + std::to_string(m->number);
  } else if (e.week > 0) {
    h = "Week " + std::to_string(e.week);
  } else {
    h = "Journal";
  }
  if (const Item* it = c.item(e.item)) h += " · " + it->title;
  return h;
}

struct Totals {
  int minutes = 0, sessions = 0, days = 0;
};

Totals totals(const HeatMap& h) {
  Totals t;
  for (const auto& d : h.days) {
    t.minutes += d.minutes;
    t.sessions += d.sessions;
    if (d.minutes > 0) ++t.days;
  }
  return t;
}

const char* const kSeriesColours[] = {"#7a5c99", "#c0703a", "#3a7ca5",
                                      "#5a8f4e", "#a33f5f", "#6b6b6b"};

}  // namespace

// ---- SVG charts -------------------------------------------------------------------------------

std::string svg_heat_map(const HeatMap& h) {
  // Columns are the course's weeks counted from its first day; rows its seven days.
  const int cell = 14, gap = 3, left = 34, top = 18;
  const int n = static_cast<int>(h.days.size());
  const int cols = std::max(1, (n + 6) / 7);
  const int width = std::max(left + cols * (cell + gap) + 10, 400);
  const int height = top + 7 * (cell + gap) + 24;
  std::ostringstream s;
  s << "<svg class=\"chart\" role=\"img\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << ' ' << height
    << "\"><title>Minutes practised per day</title>";
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  for (int r = 0; r < 7 && r < n; ++r) {
    s << "<text x=\"0\" y=\"" << top + r * (cell + gap) + cell - 3 << "\" class=\"axis\">"
      << kDays[weekday(add_days(h.first_day, r))] << "</text>";
  }
  for (int c = 0; c < cols; ++c) {
    s << "<text x=\"" << left + c * (cell + gap) << "\" y=\"12\" class=\"axis\">" << c + 1
      << "</text>";
  }
  for (int i = 0; i < n; ++i) {
    const DayMinutes& d = h.days[static_cast<std::size_t>(i)];
    const char* fill = "#ece9e4";
    if (d.minutes > 0 && h.max_minutes > 0) {
      const double f = static_cast<double>(d.minutes) / h.max_minutes;
      fill = f > 0.75 ? "#2f6b4f" : f > 0.5 ? "#4c8c6a" : f > 0.25 ? "#7fb394" : "#b9d8c4";
    }
    s << "<rect x=\"" << left + (i / 7) * (cell + gap) << "\" y=\"" << top + (i % 7) * (cell + gap)
      << "\" width=\"" << cell << "\" height=\"" << cell << "\" rx=\"3\" fill=\"" << fill
      << "\"><title>" << format_date(d.day) << ": " << d.minutes << " min</title></rect>";
  }
  s << "<text x=\"0\" y=\"" << height - 6
    << "\" class=\"axis\">Columns are course weeks; darker is more minutes (most in a day: "
    << h.max_minutes << ").</text></svg>";
  return s.str();
}

std::string svg_week_bars(const std::vector<WeekMinutes>& weeks) {
  const int left = 44, top = 10, plot_h = 160, bar = 26, gap = 14;
  const int n = static_cast<int>(weeks.size());
  const int width = std::max(left + std::max(1, n) * (bar + gap) + 10, 300);
  const int height = top + plot_h + 56;
  int max_total = 0;
  for (const auto& w : weeks) max_total = std::max(max_total, w.total_minutes());
  // A round top for the axis: 10, 20, 50, 100, 200, ...
  int axis = 10;
  for (int step : {10, 20, 30, 60, 90, 120, 180, 240, 300, 600, 900, 1200, 1800, 2400, 3600})
    if ((axis = step) >= max_total) break;
  axis = std::max(axis, max_total);
  std::ostringstream s;
  s << "<svg class=\"chart\" role=\"img\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << ' ' << height
    << "\"><title>Formal and informal minutes per week</title>";
  for (int k = 0; k <= 2; ++k) {
    const int y = top + plot_h - plot_h * k / 2;
    s << "<line x1=\"" << left - 4 << "\" y1=\"" << y << "\" x2=\"" << width - 6 << "\" y2=\"" << y
      << "\" class=\"grid\"/><text x=\"0\" y=\"" << y + 4 << "\" class=\"axis\">" << axis * k / 2
      << "</text>";
  }
  for (int i = 0; i < n; ++i) {
    const WeekMinutes& w = weeks[static_cast<std::size_t>(i)];
    const int x = left + i * (bar + gap);
    const int fh = plot_h * w.formal_minutes / axis;
    const int ih = plot_h * (w.informal_minutes + w.other_minutes) / axis;
    const int base = top + plot_h;
    s << "<rect x=\"" << x << "\" y=\"" << base - fh << "\" width=\"" << bar << "\" height=\"" << fh
      << "\" fill=\"#4c6e91\"><title>" << html_escape(week_name(w)) << ": " << w.formal_minutes
      << " min formal</title></rect>";
    s << "<rect x=\"" << x << "\" y=\"" << base - fh - ih << "\" width=\"" << bar << "\" height=\""
      << ih << "\" fill=\"#a9c4de\"><title>" << html_escape(week_name(w)) << ": "
      << w.informal_minutes + w.other_minutes << " min informal</title></rect>";
    std::string label = w.label.size() > 4 ? w.label.substr(0, 3) + "…" : w.label;
    s << "<text x=\"" << x + 4 << "\" y=\"" << base + 16 << "\" class=\"axis\">"
      << html_escape(label) << "</text>";
  }
  s << "<rect x=\"" << left << "\" y=\"" << height - 18
    << "\" width=\"10\" height=\"10\" fill=\"#4c6e91\"/><text x=\"" << left + 14 << "\" y=\""
    << height - 9 << "\" class=\"axis\">formal (meditation)</text><rect x=\"" << left + 150
    << "\" y=\"" << height - 18 << "\" width=\"10\" height=\"10\" fill=\"#a9c4de\"/><text x=\""
    << left + 164 << "\" y=\"" << height - 9 << "\" class=\"axis\">informal</text></svg>";
  return s.str();
}

std::string svg_checkin_lines(const CheckinChart& c) {
  const int left = 34, top = 12, plot_w = std::max(1, c.weeks - 1) * 52, plot_h = 150;
  const int width = left + plot_w + 30;
  const int height = top + plot_h + 40 + 18 * static_cast<int>(c.series.size());
  const double span = std::max(1, c.scale_max - c.scale_min);
  auto x_of = [&](int week_index) {
    return left + (c.weeks > 1 ? plot_w * week_index / (c.weeks - 1) : 0);
  };
  auto y_of = [&](double v) { return top + plot_h - plot_h * (v - c.scale_min) / span; };
  std::ostringstream s;
  s << "<svg class=\"chart\" role=\"img\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << ' ' << height
    << "\"><title>Check-in scores across weeks</title>";
  for (int v = c.scale_min; v <= c.scale_max; ++v) {
    const double y = y_of(v);
    s << "<line x1=\"" << left - 4 << "\" y1=\"" << num(y) << "\" x2=\"" << left + plot_w
      << "\" y2=\"" << num(y) << "\" class=\"grid\"/><text x=\"0\" y=\"" << num(y + 4)
      << "\" class=\"axis\">" << v << "</text>";
  }
  for (int w = 0; w < c.weeks; ++w) {
    s << "<text x=\"" << x_of(w) - 3 << "\" y=\"" << top + plot_h + 18 << "\" class=\"axis\">"
      << w + 1 << "</text>";
  }
  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const auto& ser = c.series[k];
    const char* colour = kSeriesColours[k % std::size(kSeriesColours)];
    // Series a few pixels apart (and dashed differently) so equal scores stay visible.
    const int shift = static_cast<int>(k) * 4 - static_cast<int>(c.series.size() - 1) * 2;
    static const char* const kDash[] = {"", "7 4", "2 3", "9 3 2 3"};
    const char* dash = kDash[k % std::size(kDash)];
    std::string points;
    for (std::size_t w = 0; w < ser.per_week.size(); ++w) {
      if (!ser.per_week[w]) continue;
      const int x = x_of(static_cast<int>(w)) + shift;
      const double y = y_of(*ser.per_week[w]);
      if (!points.empty()) points += ' ';
      points += std::to_string(x) + "," + num(y);
      s << "<circle cx=\"" << x << "\" cy=\"" << num(y) << "\" r=\"3.5\" fill=\"" << colour
        << "\"><title>" << html_escape(subscale_label(ser.subscale)) << ", week " << w + 1 << ": "
        << fmt1(*ser.per_week[w]) << "</title></circle>";
    }
    if (points.find(' ') != std::string::npos) {
      s << "<polyline points=\"" << points << "\" fill=\"none\" stroke=\"" << colour
        << "\" stroke-width=\"2\"";
      if (*dash) s << " stroke-dasharray=\"" << dash << "\"";
      s << "/>";
    }
    const int ly = top + plot_h + 36 + 18 * static_cast<int>(k);
    s << "<line x1=\"" << left << "\" y1=\"" << ly - 4 << "\" x2=\"" << left + 24 << "\" y2=\""
      << ly - 4 << "\" stroke=\"" << colour << "\" stroke-width=\"2\"";
    if (*dash) s << " stroke-dasharray=\"" << dash << "\"";
    s << "/><text x=\"" << left + 30 << "\" y=\"" << ly << "\" class=\"axis\">"
      << html_escape(subscale_label(ser.subscale)) << "</text>";
  }
  s << "</svg>";
  return s.str();
}

// ---- Markdown ---------------------------------------------------------------------------------
//
// The report is built once, as Markdown in pieces: text, and between the texts a mark where a
// chart goes. report_markdown() joins the texts; report_html() renders each text with md4c-html
// and puts the chart's SVG at its mark. The charts are placed by position, never found by
// searching the text, so nothing a user writes can move or fake one.

namespace {

enum class ChartMark { Heat, Weeks, Checkins };

struct Piece {
  std::optional<ChartMark> chart;  // set: a chart goes here; unset: Markdown text
  std::string text;
};

// A piece ends on a blank line, so every piece is whole Markdown blocks and rendering the
// pieces one by one gives what rendering them joined would.
class Pieces {
 public:
  std::ostringstream& md() { return out_; }
  void chart(ChartMark m) {
    flush();
    list_.push_back({m, {}});
  }
  std::vector<Piece> take() {
    flush();
    return std::move(list_);
  }

 private:
  void flush() {
    if (!out_.str().empty()) list_.push_back({std::nullopt, out_.str()});
    out_.str({});
  }
  std::ostringstream out_;
  std::vector<Piece> list_;
};

// One line of the user's text as a line of a Markdown block quote that shows it literally:
// markdown_escape() for the inline syntax, and what would start a block at the start of a
// line made inert too (a list marker "-", "+", "1." or "1)", a setext underline "=", and
// leading spaces or tabs, which Markdown would drop or read as code: written as character
// references, which render as the same characters).
std::string quote_line(std::string_view line) {
  std::string out = "> ";
  std::size_t i = 0;
  for (; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i)
    out += line[i] == ' ' ? "&#32;" : "&#9;";
  std::size_t digits = i;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  std::string rest = markdown_escape(line.substr(i));
  if (i < line.size() && (line[i] == '-' || line[i] == '+' || line[i] == '=')) {
    rest.insert(0, "\\");
  } else if (digits > i && digits < line.size() && line[digits] == '.') {
    rest.insert(digits - i, "\\");  // digits are never escaped, so the offset holds
  }
  out += rest;
  return out;
}

// The user's text split into lines at "\n", "\r\n" or a lone "\r" (Markdown ends a line at
// each of them, so each must get its own "> " and line-start escaping).
std::vector<std::string_view> text_lines(std::string_view t) {
  std::vector<std::string_view> lines;
  std::size_t from = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\n' && t[i] != '\r') continue;
    lines.push_back(t.substr(from, i - from));
    if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
    from = i + 1;
  }
  if (from < t.size()) lines.push_back(t.substr(from));
  return lines;
}

void checkins_markdown(std::ostringstream& s, const CheckinChart& c) {
  s << "| Week |";
  for (const auto& ser : c.series)
    s << ' ' << markdown_escape(subscale_label(ser.subscale)) << " |";
  s << "\n|---|";
  for (std::size_t k = 0; k < c.series.size(); ++k) s << "---:|";
  s << "\n";
  for (int w = 0; w < c.weeks; ++w) {
    bool any = false;
    for (const auto& ser : c.series)
      if (ser.per_week[static_cast<std::size_t>(w)]) any = true;
    if (!any) continue;
    s << "| " << w + 1 << " |";
    for (const auto& ser : c.series) {
      const auto& v = ser.per_week[static_cast<std::size_t>(w)];
      s << ' ' << (v ? fmt1(*v) : "–") << " |";
    }
    s << "\n";
  }
  s << "\n";
}

// "at the start", "after week 4", "30 days after the last week", "" (no set time).
std::string occasion_words(const std::string& key) {
  if (key == "begin") return "at the start";
  if (key.rfind("after-week-", 0) == 0) return "after week " + key.substr(11);
  if (key.rfind("days-after-last-week-", 0) == 0)
    return key.substr(21) + " days after the last week";
  return "";
}

// The questionnaires the user chose to include: every answer, with the change in honest
// words (reliable only past the Jacobson-Truax threshold the course declares).
void measures_markdown(std::ostringstream& s, const ReportInput& in) {
  s << "## Questionnaires\n\n";
  const auto records = measure_records(in.course, in.events);
  if (records.empty()) {
    s << "No questionnaires answered yet.\n\n";
    return;
  }
  for (const Measure& m : in.course.measures) {
    s << "### " << markdown_escape(m.title) << "\n\n";
    if (m.reliable_change) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "A change counts as reliable at %.2f points or more (Jacobson-Truax: 1.96 "
                    "× SD %.2f × √2 × √(1 − r %.2f)); a smaller one is within the usual ups "
                    "and downs. Not a diagnosis.\n\n",
                    m.reliable_change->threshold(), m.reliable_change->sd,
                    m.reliable_change->reliability);
      s << buf;
    }
    s << "| Date | When asked | Score | Band | Change |\n|---|---|---:|---|---|\n";
    for (const auto& r : records) {
      if (r.measure != m.id) continue;
      s << "| " << report_day(r.at) << " | " << markdown_escape(occasion_words(r.occasion))
        << " | ";
      if (r.skipped) {
        s << "not now | | |\n";
        continue;
      }
      s << fmt1(r.score.total) << " | " << markdown_escape(r.score.band) << " | "
        << (r.previous_total ? change_words(r.change) : "") << " |\n";
    }
    s << "\n";
  }
}

}  // namespace

std::string markdown_quote(std::string_view text) {
  std::string out;
  for (std::string_view line : text_lines(text)) out += quote_line(line) + "\n";
  return out;
}

namespace {

void reflections_markdown(std::ostringstream& s, const ReportInput& in) {
  s << "## Reflections shared\n\n";
  for (const auto& e : in.entries) {
    s << "### " << markdown_escape(entry_heading(in.course, e)) << "\n\n";
    s << "Written " << report_day(e.created_at);
    if (e.updated_at != e.created_at) s << ", last edited " << report_day(e.updated_at);
    s << ".\n\n";
    const std::string prompt = prompt_of(in.course, e);
    if (!prompt.empty()) s << "*" << markdown_escape(prompt) << "*\n\n";
    s << markdown_quote(e.text) << "\n";
  }
}

std::vector<Piece> report_pieces(const ReportInput& in, const ChartData& charts) {
  const Progress& p = in.progress;
  const Totals t = totals(charts.heat);
  Pieces out;
  std::ostringstream& s = out.md();
  s << "# Practice summary: " << markdown_escape(in.course.title) << "\n\n";
  s << "Prepared with Kindly on " << report_day(in.generated_at)
    << ", at the request of the person following the course. Kindly is a self-guided course; "
       "it does not diagnose or assess.\n\n";
  s << "## Overview\n\n";
  if (p.begun_at)
    s << "- Course begun: " << report_day(*p.begun_at) << "\n";
  else
    s << "- Course not begun yet\n";
  if (p.current_week > 0)
    s << "- Current week: " << p.current_week << " of " << in.course.week_count() << "\n";
  s << "- Practice: " << t.minutes << " minutes in " << t.sessions << " sessions, on " << t.days
    << (t.days == 1 ? " day" : " days") << "\n\n";
  out.chart(ChartMark::Heat);

  s << "## Practice per week\n\n";
  out.chart(ChartMark::Weeks);
  s << "| Week | Title | Formal min | Informal min | Sessions | Required done |\n";
  s << "|---|---|---:|---:|---:|---:|\n";
  for (std::size_t i = 0; i < charts.minutes.size(); ++i) {
    const auto& m = charts.minutes[i];
    if (!shown(m, p)) continue;
    const auto& c = charts.completion[i];
    s << "| " << markdown_escape(m.optional ? m.title : std::to_string(m.week)) << " | "
      << markdown_escape(m.title) << " | " << m.formal_minutes << " | "
      << m.informal_minutes + m.other_minutes << " | " << m.total_sessions() << " | "
      << c.required_done << "/" << c.required_total << " |\n";
  }
  s << "\n## Check-ins\n\n";
  if (charts.checkins.empty()) {
    s << "No check-ins answered yet.\n\n";
  } else {
    s << "Mean scores on the check-in's " << charts.checkins.scale_min << "–"
      << charts.checkins.scale_max
      << " scale, per subscale; questions worded the other way round are reversed before "
         "averaging.\n\n";
    out.chart(ChartMark::Checkins);
    checkins_markdown(s, charts.checkins);
  }
  if (in.include_measures) measures_markdown(s, in);
  if (!in.entries.empty()) reflections_markdown(s, in);
  return out.take();
}

}  // namespace

std::string report_markdown(const ReportInput& in) {
  std::string md;
  for (const Piece& piece : report_pieces(in, chart_data(in.course, in.events, in.progress)))
    md += piece.text;
  return md;
}

// ---- HTML -----------------------------------------------------------------------------------

namespace {

// md4c-html's tables align cells with align="right"; the note under a heading is its first
// paragraph.
const char* const kCss = R"css(
body{font-family:"Inter","Noto Sans",system-ui,sans-serif;color:#2b2a28;background:#fbfaf7;
max-width:52rem;margin:2rem auto;padding:0 1.2rem;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd8cf}
h3{font-size:1rem;margin-bottom:.2rem}h1+p,h2+p,h3+p{color:#6b675f;font-size:.9rem}
table{border-collapse:collapse;margin:.6rem 0}th,td{padding:.25rem .7rem;border-bottom:1px solid #e6e1d8}
.chart{display:block;margin:.8rem 0;max-width:100%;height:auto}
.axis{font-size:10px;fill:#6b675f}.grid{stroke:#e6e1d8;stroke-width:1}
blockquote{margin:.4rem 0 1.2rem;padding:.5rem 1rem;background:#f1eee8;border-left:3px solid #b9a98f}
blockquote p{white-space:pre-wrap;margin:.3rem 0}
@media print{body{background:#fff}}
)css";

void append_output(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

}  // namespace

// Markdown -> HTML with md4c-html: tables on, and no raw HTML at all (MD_FLAG_NOHTML), so
// anything that looks like a tag is shown as text. md4c-html writes ' as is; it becomes
// &#39; like everywhere else in the page (md4c's own tags never contain one).
std::string markdown_to_html(const std::string& md) {
  std::string html;
  if (md_html(md.data(), static_cast<MD_SIZE>(md.size()), append_output, &html,
              MD_FLAG_TABLES | MD_FLAG_NOHTML, 0) != 0)
    throw std::bad_alloc();  // md4c fails only when it runs out of memory
  std::string out;
  out.reserve(html.size());
  for (char c : html) {
    if (c == '\'')
      out += "&#39;";
    else
      out += c;
  }
  return out;
}

std::string html_page_head(std::string_view title, std::string_view language) {
  std::ostringstream s;
  s << "<!DOCTYPE html>\n<html lang=\"" << html_escape(language.empty() ? "en" : language)
    << "\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; img-src data:\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>" << html_escape(title) << "</title>\n<style>" << kCss
    << "</style>\n</head>\n<body>\n";
  return s.str();
}

std::string report_html(const ReportInput& in) {
  const ChartData charts = chart_data(in.course, in.events, in.progress);
  std::ostringstream s;
  s << html_page_head("Practice summary: " + in.course.title, in.course.language);
  std::vector<WeekMinutes> shown_weeks;
  for (const auto& m : charts.minutes)
    if (shown(m, in.progress)) shown_weeks.push_back(m);
  for (const Piece& piece : report_pieces(in, charts)) {
    if (!piece.chart) {
      s << markdown_to_html(piece.text);
      continue;
    }
    switch (*piece.chart) {
      case ChartMark::Heat:
        s << svg_heat_map(charts.heat) << "\n";
        break;
      case ChartMark::Weeks:
        s << svg_week_bars(shown_weeks) << "\n";
        break;
      case ChartMark::Checkins:
        s << svg_checkin_lines(charts.checkins) << "\n";
        break;
    }
  }
  s << "</body>\n</html>\n";
  return s.str();
}

// ---- from a Session -------------------------------------------------------------------------

Result<std::vector<JournalEntry>> chosen_entries(const Journal& journal,
                                                 const std::vector<std::int64_t>& ids) {
  std::vector<JournalEntry> out;
  try {
    for (std::int64_t id : ids) {
      auto e = journal.get(id);
      if (!e)
        return Error::refused(RefusalCode::NoSuchEntry,
                              "there is no journal entry " + std::to_string(id));
      if (e->deleted_at)
        return Error::refused(RefusalCode::InTrash,
                              "journal entry " + std::to_string(id) +
                                  " is in the trash; restore it first to include it");
      if (std::none_of(out.begin(), out.end(), [&](const JournalEntry& x) { return x.id == id; }))
        out.push_back(std::move(*e));
    }
  } catch (const DataError& e) {
    return Error::data(e.what(), e.path());
  }
  return out;
}

Result<std::string> make_report(Session& session, ReportFormat format,
                                const std::vector<std::int64_t>& entry_ids, bool include_measures) {
  auto refreshed = session.refresh();
  if (!refreshed) return refreshed.error();
  auto history = session.history();
  if (!history) return history.error();
  auto entries = chosen_entries(session.journal(), entry_ids);
  if (!entries) return entries.error();
  ReportInput in{session.course(),           session.progress(),    history.value(),
                 std::move(entries.value()), session.clock().now(), include_measures};
  return format == ReportFormat::Html ? report_html(in) : report_markdown(in);
}

}  // namespace kindly
