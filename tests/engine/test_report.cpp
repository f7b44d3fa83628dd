// The report: numbers per week, check-ins, only the chosen reflections, everything escaped,
// and a self-contained HTML file (no scripts, no external resources).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "kindly/report.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

const std::string kHostile = "<script>alert('x')</script> & *bold* [link](http://evil)";

struct Shared {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;
  std::int64_t shared_id = 0, private_id = 0, trashed_id = 0;

  Shared() {
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE(r.ok());
    s = std::move(r.value());
    REQUIRE(s->apply(cmd::Begin{}).ok());
    clock->set(at("2026-11-30T13:00"));
    log("breathing", 12, "2026-11-30T09:30");
    log("pause", 2, "2026-11-30T12:00");
    clock->set(at("2026-12-01T20:00"));
    log("breathing", 15, "2026-12-01T19:00");
    REQUIRE(s->apply(cmd::AnswerCheckin{"w1-checkin", {4, 2, 1}}).ok());
    cmd::WriteEntry a;
    a.item = "w1-reflection";
    a.prompt = 1;
    a.text = "Line one\n" + kHostile;
    shared_id = s->apply(a)->entry->id;
    cmd::WriteEntry b;
    b.item = "w1-reflection";
    b.text = "A PRIVATE THOUGHT";
    private_id = s->apply(b)->entry->id;
    cmd::WriteEntry c;
    c.text = "in the trash";
    trashed_id = s->apply(c)->entry->id;
    REQUIRE(s->apply(cmd::TrashEntry{trashed_id}).ok());
  }
  void log(const char* practice, int minutes, const char* when) {
    cmd::LogPractice l;
    l.practice = practice;
    l.minutes = minutes;
    l.at = at(when);
    l.note = "NOTE NEVER SHARED";
    l.distress_after = 9;
    auto r = s->apply(l);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  }
};

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// "" when every element of `html` is closed in order (void elements and "/>" excepted) and
// the page is one <html> with one <head> and one <body>; otherwise what is wrong and where.
std::string structure_problem(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "hr", "img", "input", "col"};
  std::vector<std::string> open;
  std::size_t at = 0;
  int roots = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    const std::size_t end = html.find('>', at);
    if (end == std::string::npos) return "unclosed '<' at " + std::to_string(at);
    const std::string tag = html.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.rfind("!DOCTYPE", 0) == 0) {
      if (end + 1 != std::string("<!DOCTYPE html>").size()) return "DOCTYPE not first";
      continue;
    }
    const bool closing = !tag.empty() && tag[0] == '/';
    const std::string name =
        tag.substr(closing ? 1 : 0, tag.find_first_of(" \n/", closing ? 1 : 0) - (closing ? 1 : 0));
    if (name.empty()) return "empty tag at " + std::to_string(end);
    if (closing) {
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">") +
               " at " + std::to_string(end);
      open.pop_back();
    } else if (tag.back() != '/' && std::find(kVoid.begin(), kVoid.end(), name) == kVoid.end()) {
      if (open.empty() && ++roots > 1) return "a second root <" + name + ">";
      open.push_back(name);
    }
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  if (count(html, "<html") != 1 || count(html, "<head>") != 1 || count(html, "<body>") != 1)
    return "not exactly one html, head and body";
  return "";
}

}  // namespace

TEST_CASE("report: escaping and id lists") {
  CHECK(html_escape("<a href=\"x\">O'Neil & co</a>") ==
        "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
  CHECK(markdown_escape("*hi* <b> [x](y) #1 a|b") == "\\*hi\\* \\<b\\> \\[x\\]\\(y\\) \\#1 a\\|b");
  CHECK(parse_id_list("3,7, 12") == std::vector<std::int64_t>{3, 7, 12});
  CHECK(parse_id_list("5") == std::vector<std::int64_t>{5});
  CHECK_FALSE(parse_id_list(""));
  CHECK_FALSE(parse_id_list("3,,7"));
  CHECK_FALSE(parse_id_list("0"));
  CHECK_FALSE(parse_id_list("3;7"));
  CHECK_FALSE(parse_id_list("-1"));
}

TEST_CASE("report (Markdown): practice per week, check-ins, and no reflections by default") {
  Shared f;
  auto md = make_report(*f.s, ReportFormat::Markdown);
  REQUIRE(md.ok());
  const std::string& t = md.value();
  CHECK(t.rfind("# Practice summary: Eight Test Weeks\n", 0) == 0);
  CHECK(has(t, "Prepared with Kindly on Tuesday 1 Dec 2026"));
  CHECK(has(t, "- Course begun: Monday 30 Nov 2026\n"));
  CHECK(has(t, "- Current week: 1 of 8\n"));
  CHECK(has(t, "- Practice: 29 minutes in 3 sessions, on 2 days\n"));
  CHECK(has(t, "| 1 | Week 1 | 27 | 2 | 3 | "));
  CHECK_FALSE(has(t, "| 2 | Week 2 |"));  // locked and empty: not listed
  // kind=4, harsh=2 (reversed 4), alone=1 (reversed 5).
  CHECK(has(t, "| Week | kindness | humanity |\n|---|---:|---:|\n| 1 | 4.0 | 5.0 |\n"));
  CHECK_FALSE(has(t, "Reflections shared"));
  CHECK_FALSE(has(t, "PRIVATE"));
  CHECK_FALSE(has(t, "NOTE NEVER SHARED"));
  CHECK_FALSE(has(t, "Line one"));
}

TEST_CASE("report (Markdown): only the chosen reflections, escaped, with their prompt") {
  Shared f;
  auto md = make_report(*f.s, ReportFormat::Markdown, {f.shared_id});
  REQUIRE(md.ok());
  const std::string& t = md.value();
  CHECK(
      has(t, "## Reflections shared\n\n### Week 1 · Reflection 1\n\nWritten Tuesday 1 Dec 2026."));
  CHECK(has(t, "*What would a friend say?*\n\n> Line one\n> "));
  CHECK(has(
      t, "> \\<script\\>alert\\('x'\\)\\</script\\> \\& \\*bold\\* \\[link\\]\\(http://evil\\)"));
  CHECK_FALSE(has(t, "<script>"));
  CHECK_FALSE(has(t, "PRIVATE"));
}

TEST_CASE("report: a trashed or unknown entry is refused with a reason") {
  Shared f;
  auto trashed = make_report(*f.s, ReportFormat::Html, {f.trashed_id});
  REQUIRE_FALSE(trashed.ok());
  CHECK(trashed.error().message == "journal entry " + std::to_string(f.trashed_id) +
                                       " is in the trash; restore it first to include it");
  auto unknown = make_report(*f.s, ReportFormat::Html, {999});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "there is no journal entry 999");
}

TEST_CASE("report (HTML): self-contained, charts inline, user text escaped") {
  Shared f;
  auto html = make_report(*f.s, ReportFormat::Html, {f.shared_id});
  REQUIRE(html.ok());
  const std::string& t = html.value();
  CHECK(t.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(has(t, "<meta charset=\"utf-8\">"));
  CHECK(has(t, "default-src 'none'"));
  CHECK(has(t, "<style>"));
  // No scripts and nothing fetched: the only "<script" is the user's, escaped.
  CHECK_FALSE(has(t, "<script"));
  CHECK(has(t, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *bold*"));
  CHECK_FALSE(has(t, "src="));
  CHECK_FALSE(has(t, "<link"));
  CHECK_FALSE(has(t, "url("));
  CHECK_FALSE(has(t, "@import"));
  // Three inline SVG charts: heat map, weekly bars, check-in lines.
  std::size_t svgs = 0;
  for (std::size_t at = t.find("<svg"); at != std::string::npos; at = t.find("<svg", at + 1))
    ++svgs;
  CHECK(svgs == 3);
  CHECK(has(t, "<title>2026-12-01: 15 min</title>"));
  CHECK(has(t, "<title>2026-11-30: 14 min</title>"));
  CHECK(has(t, "<title>Week 1: 27 min formal</title>"));
  CHECK(has(t, "<title>kindness, week 1: 4.0</title>"));
  // The week row, as md4c-html writes a table (one cell a line, numbers right-aligned).
  CHECK(has(t,
            "<tr>\n<td>1</td>\n<td>Week 1</td>\n<td align=\"right\">27</td>\n"
            "<td align=\"right\">2</td>\n"));
  CHECK_FALSE(has(t, "PRIVATE"));
  CHECK_FALSE(has(t, "NOTE NEVER SHARED"));
  CHECK(t.size() < 200000);
}

TEST_CASE("report: before the course is begun it still renders") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  const std::vector<Event> none;
  const Progress p = fold(*course, none, at("2026-11-30T09:00"));
  ReportInput in{*course, p, none, {}, at("2026-11-30T09:00")};
  const std::string md = report_markdown(in);
  CHECK(has(md, "- Course not begun yet\n"));
  CHECK(has(md, "No check-ins answered yet."));
  const std::string html = report_html(in);
  CHECK(has(html, "</html>\n"));
}

TEST_CASE(
    "report (HTML): what the user wrote shows literally, whatever Markdown or HTML it holds") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  const std::vector<Event> none;
  const Progress p = fold(*course, none, at("2026-11-30T09:00"));
  JournalEntry e;
  e.id = 1;
  e.created_at = e.updated_at = at("2026-11-30T09:00");
  e.item = "w1-reflection";
  e.text =
      "<script>alert(1)</script> & &amp; *em* _u_ `code` [l](http://x) ![i](data:x) ~~s~~\n"
      "- not a list\n+ nor this\n* nor this\n1. not numbered\n2) nor this\n# not a heading\n"
      "> not a quote\n===\n---\n    four spaces, not code\n\ta tab\n<div>no block</div>\n"
      "| a | b |\n|---|---|\n~~~\n```\n<!-- no comment -->\n[x]: http://ref\n"
      "http://example.com\nend \\";
  ReportInput in{*course, p, none, {e}, at("2026-11-30T09:00")};
  const std::string html = report_html(in);
  // One paragraph in one block quote holding the text itself (HTML-escaped, lines kept).
  CHECK(has(html, "<blockquote>\n<p>" + html_escape(e.text) + "</p>\n</blockquote>\n"));
  CHECK(count(html, "<blockquote>") == 1);
  CHECK_FALSE(has(html, "<script"));
  // After the section's heading and the entry's, nothing but the note and the quote.
  const std::size_t from = html.find("<h2>Reflections shared</h2>");
  REQUIRE(from != std::string::npos);
  const std::string section = html.substr(from);
  for (const char* tag : {"<div", "<!--", "<a ", "<img", "<code", "<li", "<ul", "<ol", "<pre",
                          "<del", "<table", "<hr", "<h1", "<br"}) {
    CAPTURE(tag);
    CHECK_FALSE(has(section, tag));
  }
  CHECK(count(section, "<h") == 2);    // <h2>Reflections shared, <h3> the entry
  CHECK(count(section, "<em>") == 1);  // the prompt, not the user's *em*
  CHECK(count(section, "<p>") == 3);   // "Written ...", the prompt, the text
  CHECK(structure_problem(html) == "");
  // A carriage return ends a line in Markdown too: each line is quoted and escaped.
  e.text = "one\r- two\r\n3. three";
  ReportInput cr{*course, p, none, {e}, at("2026-11-30T09:00")};
  CHECK(has(report_html(cr), "<blockquote>\n<p>one\n- two\n3. three</p>\n</blockquote>"));
  CHECK(has(report_markdown(cr), "> one\n> \\- two\n> 3\\. three\n"));
}

TEST_CASE("report (HTML): one well-formed page rendered from the Markdown, charts in place") {
  Shared f;
  auto html = make_report(*f.s, ReportFormat::Html, {f.shared_id});
  auto md = make_report(*f.s, ReportFormat::Markdown, {f.shared_id});
  REQUIRE(html.ok());
  REQUIRE(md.ok());
  const std::string& t = html.value();
  CHECK(structure_problem(t) == "");
  CHECK(t.size() > 2000);
  CHECK(has(t,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">"));
  // Every heading of the Markdown is a heading of the page.
  std::istringstream lines(md.value());
  std::string line;
  int headings = 0;
  while (std::getline(lines, line)) {
    const std::size_t level = line.find_first_not_of('#');
    if (level == 0 || level == std::string::npos || line[level] != ' ') continue;
    const std::string h = "h" + std::to_string(level);
    CAPTURE(line);
    CHECK(has(t, "<" + h + ">" + line.substr(level + 1) + "</" + h + ">"));
    ++headings;
  }
  CHECK(headings == 6);  // title, 3 sections, "Reflections shared", one reflection
  // Each chart in its section: the heat map under the overview, the bars above the weekly
  // table, the check-in lines above the check-in table.
  const std::size_t overview = t.find("<h2>Overview</h2>"), weeks = t.find("<h2>Practice per week"),
                    checkins = t.find("<h2>Check-ins</h2>");
  REQUIRE(overview != std::string::npos);
  REQUIRE(weeks != std::string::npos);
  REQUIRE(checkins != std::string::npos);
  const std::size_t heat = t.find("<title>Minutes practised per day</title>"),
                    bars = t.find("<title>Formal and informal minutes per week</title>"),
                    lines_chart = t.find("<title>Check-in scores across weeks</title>");
  CHECK((overview < heat && heat < weeks));
  CHECK((weeks < bars && bars < t.find("<table>", weeks)));
  CHECK((checkins < lines_chart && lines_chart < t.find("<table>", checkins)));
  CHECK(count(t, "<svg") == 3);
  CHECK(count(t, "</svg>\n") == 3);
}
