// After the last week (issue 16, part 7): week 1 beside week 8 (check-ins and questionnaires
// with the reliable-change words), the letter of learning as a journal entry, and the
// completion record: refused before the last week, no journal text or questionnaires unless
// asked, the HTML built like the report (CSP, no raw HTML from the user).
#include <doctest/doctest.h>

#include "after_test_util.h"
#include "kindly/compare.h"
#include "kindly/completion.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

std::map<std::string, int> answers(const Measure& m, const std::vector<int>& values) {
  REQUIRE(values.size() == m.items.size());
  std::map<std::string, int> out;
  for (std::size_t i = 0; i < values.size(); ++i) out[m.items[i].id] = values[i];
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Walks the course with measures: PHQ-9 at the start (14) and after week 8 (2), GAD-7 only
// at the start; the check-ins of weeks 1 and 8 answered.
void walk_with_answers(test::AfterRun& run, Session& s) {
  run.clock->set(at("2026-10-05T08:00"));
  run.ok(s, cmd::Begin{});
  const Measure* phq = run.course->measure("phq-9");
  const Measure* gad = run.course->measure("gad-7");
  run.ok(s, cmd::AnswerMeasure{"phq-9", answers(*phq, {2, 2, 2, 2, 2, 2, 2, 0, 0})});
  run.ok(s, cmd::AnswerMeasure{"gad-7", answers(*gad, {1, 1, 1, 1, 1, 1, 1})});
  for (int n = 1; n <= 8; ++n) {
    run.do_week(s, n);
    if (n == 1) run.ok(s, cmd::AnswerCheckin{"w1-checkin", {2, 4, 5}});
    if (n == 8) run.ok(s, cmd::AnswerCheckin{"w8-checkin", {4, 2, 3}});
  }
  run.ok(s, cmd::AnswerMeasure{"phq-9", answers(*phq, {1, 0, 0, 1, 0, 0, 0, 0, 0})});
}

}  // namespace

TEST_CASE("compare: week 1 beside week 8, check-in answers and questionnaire change") {
  TzScope tz("Europe/London");
  test::AfterRun run(/*with_measures=*/true);
  auto s = run.open();
  walk_with_answers(run, *s);
  const FirstLastComparison c = s->compare_first_last();
  CHECK(c.first_week == 1);
  CHECK(c.last_week == 8);
  CHECK(c.last_week_complete);
  CHECK(c.checkin.first_item == "w1-checkin");
  CHECK(c.checkin.last_item == "w8-checkin");
  REQUIRE(c.checkin.answers.size() == 3);
  CHECK(c.checkin.answers[0].question == "kind");
  CHECK(c.checkin.answers[0].first == 2);
  CHECK(c.checkin.answers[0].last == 4);
  CHECK(c.checkin.answers[2].first == 5);
  CHECK(c.checkin.answers[2].last == 3);
  // kindness: kind + reversed harsh (1 + 5 - harsh), mean: week 1 (2 + 2) / 2, week 8 (4 + 4) / 2.
  REQUIRE(c.checkin.scores.size() == 2);
  CHECK(c.checkin.scores[0].subscale == "kindness");
  CHECK(*c.checkin.scores[0].first == doctest::Approx(2.0));
  CHECK(*c.checkin.scores[0].last == doctest::Approx(4.0));
  CHECK(*c.checkin.scores[1].first == doctest::Approx(1.0));  // alone 5, reversed
  CHECK(*c.checkin.scores[1].last == doctest::Approx(3.0));

  REQUIRE(c.measures.size() == 2);
  CHECK(c.measures[0].measure->id == "phq-9");
  REQUIRE(c.measures[0].first.has_value());
  REQUIRE(c.measures[0].last.has_value());
  CHECK(c.measures[0].first->score.total == 14);
  CHECK(c.measures[0].last->score.total == 2);
  CHECK(c.measures[0].last->occasion == "after-week-8");
  CHECK(c.measures[0].change ==
        judge_change(*c.measures[0].measure, 14, 2));  // the measures' own judgement
  CHECK(c.measures[0].change == Change::ReliableImprovement);
  // GAD-7 was not answered after week 8: no change is claimed.
  CHECK(c.measures[1].first.has_value());
  CHECK_FALSE(c.measures[1].last.has_value());
  CHECK(c.measures[1].change == Change::NotJudged);
}

TEST_CASE("letter of learning: a journal entry for no course item, in the module after") {
  TzScope tz("Europe/London");
  test::AfterRun run;
  auto s = run.open();
  run.walk(*s);
  const std::string text = "Dear me,\n- what I learnt: <b>be kind</b>\n  and slow";
  auto w = s->apply(cmd::WriteEntry{text, std::string(kLetterOfLearningItem), 0, ""});
  REQUIRE(w.ok());
  REQUIRE(w->entry.has_value());
  CHECK(w->entry->item == kLetterOfLearningItem);
  CHECK(w->entry->module == kAfterModule);
  CHECK(w->entry->text == text);
  CHECK(w->events.empty());  // no course item is ticked by it
  auto wrong = s->apply(cmd::WriteEntry{"x", std::string(kLetterOfLearningItem), 0, "week-2"});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == RefusalCode::WrongWeek);
  auto letter = letter_of_learning(*s);
  REQUIRE(letter.ok());
  REQUIRE(letter->has_value());
  CHECK((*letter)->id == w->entry->id);
  // Other items not in the course are still refused.
  auto other = s->apply(cmd::WriteEntry{"x", "not-an-item", 0, ""});
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == RefusalCode::NoSuchItem);
}

TEST_CASE("completion record: refused before the last week, then no journal text unless asked") {
  TzScope tz("Europe/London");
  test::AfterRun run(/*with_measures=*/true);
  auto s = run.open();
  run.clock->set(at("2026-10-05T08:00"));
  run.ok(*s, cmd::Begin{});
  auto early = make_completion_record(*s, ReportFormat::Markdown, false, false);
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == RefusalCode::CourseNotComplete);
  for (int n = 1; n <= 7; ++n) run.do_week(*s, n);
  early = make_completion_record(*s, ReportFormat::Html, false, false);
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == RefusalCode::CourseNotComplete);
  run.do_week(*s, 8);
  run.ok(*s, cmd::SavePracticePlan{
                 PracticePlan{{"pause", "breathing"}, {false, true, false, true}, 7, 30}, 0});

  auto md = make_completion_record(*s, ReportFormat::Markdown, false, false);
  REQUIRE(md.ok());
  CHECK(has(*md, "# Completion record: Eight Test Weeks"));
  CHECK(has(*md, "| 8 | Week 8 | Monday 23 Nov 2026 | Wednesday 25 Nov 2026 | 36 |"));
  CHECK(has(*md, "288 minutes practised in 24 sessions, on 24 days."));
  CHECK(has(*md, "- Pause\n- Breathing\n"));
  CHECK(has(*md, "Planned on Monday and Wednesday at 07:30."));
  CHECK(has(*md, "## Week 1 beside week 8"));
  CHECK_FALSE(has(*md, "Questionnaires"));
  CHECK_FALSE(has(*md, "noticed"));  // the reflections stay out

  // No letter yet: asking for it is refused; written, it is in only when asked.
  auto no_letter = make_completion_record(*s, ReportFormat::Markdown, false, true);
  REQUIRE_FALSE(no_letter.ok());
  CHECK(no_letter.error().code == RefusalCode::NoLetterOfLearning);
  run.ok(*s, cmd::WriteEntry{"I learnt <script>alert(1)</script> to pause.",
                             std::string(kLetterOfLearningItem), 0, ""});
  md = make_completion_record(*s, ReportFormat::Markdown, false, false);
  REQUIRE(md.ok());
  CHECK_FALSE(has(*md, "to pause"));
  auto with = make_completion_record(*s, ReportFormat::Html, true, true);
  REQUIRE(with.ok());
  CHECK(has(*with, "Content-Security-Policy"));
  CHECK(has(*with, "<svg"));
  CHECK(has(*with, "My letter of learning"));
  CHECK(has(*with, "to pause"));
  CHECK_FALSE(has(*with, "<script>"));  // shown as text, never as HTML
  CHECK(has(*with, "&lt;script&gt;"));
  CHECK(has(*with, "<h3>Questionnaires</h3>"));
  CHECK(has(*with, "PHQ-9"));
}
