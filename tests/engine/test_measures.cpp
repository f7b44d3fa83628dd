// Measures (issue 16 parts 1-3): PHQ-9 and GAD-7 scored by their published rules with worked
// examples, reverse scoring and subscales, the Jacobson-Truax reliable change words, which
// measures are due when, and the AnswerMeasure / SkipMeasure commands with their refusals.
#include <doctest/doctest.h>

#include "kindly/loader.h"
#include "kindly/measures.h"
#include "kindly/report.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

std::shared_ptr<const Course> bundled() {
  auto r = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE_MESSAGE(r.course, "the bundled course has errors");
  return r.course;
}

std::shared_ptr<const Course> tiny() {
  auto r = load_course(std::string(KINDLY_TEST_DATA) + "/good/tiny");
  REQUIRE(r.course);
  return r.course;
}

// Answers by item id from values in the measure's item order.
std::map<std::string, int> answers(const Measure& m, const std::vector<int>& values) {
  REQUIRE(values.size() == m.items.size());
  std::map<std::string, int> out;
  for (std::size_t i = 0; i < values.size(); ++i) out[m.items[i].id] = values[i];
  return out;
}

}  // namespace

TEST_CASE("measures: PHQ-9 worked examples: total 0-27 and the published bands") {
  auto c = bundled();
  const Measure* m = c->measure("phq-9");
  REQUIRE(m);
  REQUIRE(m->items.size() == 9);
  struct Case {
    std::vector<int> values;
    double total;
    const char* band;
  };
  const Case cases[] = {
      {{0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, "minimal"},
      {{1, 1, 1, 1, 0, 0, 0, 0, 0}, 4, "minimal"},
      {{1, 1, 1, 1, 1, 0, 0, 0, 0}, 5, "mild"},
      {{2, 2, 1, 1, 1, 1, 1, 0, 0}, 9, "mild"},
      {{2, 2, 2, 1, 1, 1, 1, 0, 0}, 10, "moderate"},
      {{2, 2, 2, 2, 2, 2, 2, 0, 0}, 14, "moderate"},
      {{3, 2, 2, 2, 2, 2, 2, 0, 0}, 15, "moderately severe"},
      {{3, 3, 3, 2, 2, 2, 2, 1, 1}, 19, "moderately severe"},
      {{3, 3, 3, 3, 2, 2, 2, 1, 1}, 20, "severe"},
      {{3, 3, 3, 3, 3, 3, 3, 3, 3}, 27, "severe"},
  };
  for (const auto& k : cases) {
    const MeasureScore s = score_measure(*m, answers(*m, k.values));
    CHECK(s.total == k.total);
    CHECK(s.band == k.band);
  }
}

TEST_CASE("measures: GAD-7 worked examples: total 0-21 and the published bands") {
  auto c = bundled();
  const Measure* m = c->measure("gad-7");
  REQUIRE(m);
  REQUIRE(m->items.size() == 7);
  const std::pair<std::vector<int>, const char*> cases[] = {
      {{0, 0, 0, 0, 0, 0, 0}, "minimal"},  {{1, 1, 1, 1, 0, 0, 0}, "minimal"},
      {{1, 1, 1, 1, 1, 0, 0}, "mild"},     {{2, 2, 2, 1, 1, 1, 0}, "mild"},
      {{2, 2, 2, 1, 1, 1, 1}, "moderate"}, {{2, 2, 2, 2, 2, 2, 2}, "moderate"},
      {{3, 2, 2, 2, 2, 2, 2}, "severe"},   {{3, 3, 3, 3, 3, 3, 3}, "severe"},
  };
  const double totals[] = {0, 4, 5, 9, 10, 14, 15, 21};
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const MeasureScore s = score_measure(*m, answers(*m, cases[i].first));
    CHECK(s.total == totals[i]);
    CHECK(s.band == cases[i].second);
  }
}

TEST_CASE("measures: PHQ-9 item 9 at 1 or above fires the safety rule, at 0 it does not") {
  auto c = bundled();
  const Measure* m = c->measure("phq-9");
  REQUIRE(m);
  for (int v = 0; v <= 3; ++v) {
    const MeasureScore s = score_measure(*m, answers(*m, {0, 0, 0, 0, 0, 0, 0, 0, v}));
    CHECK(s.safety_rules.size() == (v >= 1 ? 1u : 0u));
    if (v >= 1) CHECK(s.safety_rules[0] == "phq9-item9-help");
  }
  // GAD-7 has no safety rule.
  CHECK(c->measure("gad-7")->safety.empty());
}

TEST_CASE("measures: reverse-scored items and subscales") {
  auto c = tiny();
  const Measure* m = c->measure("mood");
  REQUIRE(m);
  // low 2, calm 3 (reverse: 0 + 3 - 3 = 0), harm 0.
  MeasureScore s = score_measure(*m, answers(*m, {2, 3, 0}));
  CHECK(s.total == 2);
  CHECK(s.subscales.at("feeling") == 2);
  CHECK(s.band == "low");
  // calm 0 counts as 3.
  s = score_measure(*m, answers(*m, {2, 0, 1}));
  CHECK(s.total == 6);
  CHECK(s.subscales.at("feeling") == 5);
  CHECK(s.band == "high");
  CHECK(s.safety_rules == std::vector<std::string>{"mood-harm-help"});
}

TEST_CASE("measures: reliable change: the thresholds from the declared figures") {
  auto c = bundled();
  const Measure* phq = c->measure("phq-9");
  const Measure* gad = c->measure("gad-7");
  REQUIRE(phq->reliable_change);
  REQUIRE(gad->reliable_change);
  // PHQ-9: 1.96 * 6.5 * sqrt(2) * sqrt(1 - 0.89) = 5.976
  CHECK(phq->reliable_change->threshold() == doctest::Approx(5.9756).epsilon(0.0001));
  // GAD-7: 1.96 * 5.5 * sqrt(2) * sqrt(1 - 0.92) = 4.312
  CHECK(gad->reliable_change->threshold() == doctest::Approx(4.312).epsilon(0.0001));
  // A 6-point PHQ-9 change is reliable, 5 is not; a 5-point GAD-7 change is, 4 is not.
  CHECK(judge_change(*phq, 16, 10) == Change::ReliableImprovement);
  CHECK(judge_change(*phq, 16, 11) == Change::WithinUsual);
  CHECK(judge_change(*phq, 4, 10) == Change::ReliableWorsening);
  CHECK(judge_change(*phq, 4, 9) == Change::WithinUsual);
  CHECK(judge_change(*gad, 12, 7) == Change::ReliableImprovement);
  CHECK(judge_change(*gad, 12, 8) == Change::WithinUsual);
  CHECK(judge_change(*gad, 3, 8) == Change::ReliableWorsening);
  CHECK(std::string(change_words(Change::ReliableImprovement)) == "a reliable improvement");
  CHECK(std::string(change_words(Change::ReliableWorsening)) == "a reliable worsening");
  CHECK(std::string(change_words(Change::WithinUsual)) == "within the usual ups and downs");
}

TEST_CASE("measures: due at begin, after week N, N days after the last week; one at a time") {
  auto c = bundled();
  Progress p;
  CHECK(measures_due(*c, p, {}, at("2026-12-01T09:00")).empty());  // not begun
  p.begun = true;
  p.begun_at = at("2026-12-01T09:00");
  for (int n = 1; n <= 8; ++n) {
    WeekProgress w;
    w.number = n;
    w.id = "week-" + std::to_string(n);
    p.weeks.push_back(w);
  }
  auto due = measures_due(*c, p, {}, at("2026-12-01T09:05"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].measure->id == "phq-9");
  CHECK(due[1].measure->id == "gad-7");
  CHECK(due[0].occasion.key() == "begin");

  // Answered at begin: not due again until week 4 is completed.
  std::vector<Event> log;
  auto record = [&](EventType t, const char* measure, const char* when) {
    Event e;
    e.type = t;
    e.item = measure;
    e.at = e.recorded_at = at(when);
    log.push_back(e);
  };
  record(EventType::MeasureAnswered, "phq-9", "2026-12-01T09:10");
  record(EventType::MeasureSkipped, "gad-7", "2026-12-01T09:11");
  CHECK(measures_due(*c, p, log, at("2026-12-20T09:00")).empty());
  p.weeks[3].completed_at = at("2026-12-28T20:00");
  due = measures_due(*c, p, log, at("2026-12-28T20:01"));
  REQUIRE(due.size() == 2);  // the skipped one comes back at its next time
  CHECK(due[0].occasion.key() == "after-week-4");
  CHECK(due[0].since == at("2026-12-28T20:00"));

  // Week 8 completed; skipped after week 8: due again 30 days later, not before.
  record(EventType::MeasureAnswered, "phq-9", "2026-12-28T20:05");
  record(EventType::MeasureAnswered, "gad-7", "2026-12-28T20:06");
  p.weeks[7].completed_at = at("2027-01-25T20:00");
  due = measures_due(*c, p, log, at("2027-01-25T21:00"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].occasion.key() == "after-week-8");
  record(EventType::MeasureSkipped, "phq-9", "2027-01-25T21:00");
  record(EventType::MeasureSkipped, "gad-7", "2027-01-25T21:00");
  CHECK(measures_due(*c, p, log, at("2027-02-24T19:59")).empty());
  due = measures_due(*c, p, log, at("2027-02-24T20:00"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].occasion.key() == "days-after-last-week-30");
  // Not answered at 30 days and 90 have passed: only the latest time is due (once).
  due = measures_due(*c, p, log, at("2027-04-26T09:00"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].occasion.key() == "days-after-last-week-90");
  due = measures_due(*c, p, log, at("2027-07-25T09:00"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].occasion.key() == "days-after-last-week-180");
}

TEST_CASE("measures: a week moved on from counts as over when the next week opened") {
  auto c = bundled();
  Progress p;
  p.begun = true;
  p.begun_at = at("2026-12-01T09:00");
  for (int n = 1; n <= 8; ++n) {
    WeekProgress w;
    w.number = n;
    p.weeks.push_back(w);
  }
  p.weeks[3].moved_on = true;
  p.weeks[4].unlocked_at = at("2026-12-29T00:00");
  std::vector<Event> log(1);
  log[0].type = EventType::MeasureAnswered;
  log[0].item = "phq-9";
  log[0].at = at("2026-12-01T09:10");
  auto due = measures_due(*c, p, log, at("2026-12-29T10:00"));
  REQUIRE(!due.empty());
  CHECK(due[0].measure->id == "phq-9");
  CHECK(due[0].occasion.key() == "after-week-4");
}

TEST_CASE("measures: AnswerMeasure records every answer; the outcome has scores and safety") {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  auto clock = std::make_shared<FixedClock>(at("2026-12-01T09:00"));
  auto c = bundled();
  auto opened = Session::open(c, dir.path() / "data", clock);
  REQUIRE(opened.ok());
  Session& s = *opened.value();
  const Measure& phq = *c->measure("phq-9");

  // Refusals first: nothing is written.
  CHECK(s.apply(cmd::AnswerMeasure{"phq-9", answers(phq, {0, 0, 0, 0, 0, 0, 0, 0, 0})})
            .error()
            .code == RefusalCode::NotBegun);
  REQUIRE(s.apply(cmd::Begin{}).ok());
  CHECK(s.measures_due().size() == 2);
  CHECK(s.apply(cmd::AnswerMeasure{"phq-10", {}}).error().code == RefusalCode::NoSuchMeasure);
  auto missing = answers(phq, {1, 1, 1, 1, 1, 1, 1, 1, 0});
  missing.erase("phq9-4");
  CHECK(s.apply(cmd::AnswerMeasure{"phq-9", missing}).error().code ==
        RefusalCode::MissingMeasureAnswer);
  auto extra = answers(phq, {1, 1, 1, 1, 1, 1, 1, 1, 0});
  extra["gad7-1"] = 1;
  CHECK(s.apply(cmd::AnswerMeasure{"phq-9", extra}).error().code == RefusalCode::NoSuchMeasureItem);
  for (int bad : {-1, 4}) {
    auto off = answers(phq, {1, 1, 1, 1, 1, 1, 1, 1, 0});
    off["phq9-2"] = bad;
    CHECK(s.apply(cmd::AnswerMeasure{"phq-9", off}).error().code == RefusalCode::AnswerNotOnScale);
  }
  CHECK(s.measure_records().empty());

  auto r = s.apply(cmd::AnswerMeasure{"phq-9", answers(phq, {2, 2, 2, 2, 2, 1, 1, 1, 1})});
  REQUIRE(r.ok());
  REQUIRE(r.value().events.size() == 1);
  const Event& e = r.value().events[0];
  CHECK(e.type == EventType::MeasureAnswered);
  CHECK(e.item == "phq-9");
  CHECK(e.practice == "begin");
  CHECK(e.answers == std::vector<int>{2, 2, 2, 2, 2, 1, 1, 1, 1});
  REQUIRE(r.value().measure);
  CHECK(r.value().measure->occasion == "begin");
  CHECK(r.value().measure->score.total == 14);
  CHECK(r.value().measure->score.band == "moderate");
  CHECK(r.value().safety_help);
  CHECK(r.value().measure->score.safety_rules == std::vector<std::string>{"phq9-item9-help"});
  CHECK(!r.value().measure->previous_total);
  REQUIRE(s.measures_due().size() == 1);
  CHECK(s.measures_due()[0].measure->id == "gad-7");

  // Skipping: recorded, not asked again now; skipping what is not due is refused.
  auto sk = s.apply(cmd::SkipMeasure{"gad-7"});
  REQUIRE(sk.ok());
  CHECK(sk.value().events[0].type == EventType::MeasureSkipped);
  CHECK(sk.value().measure->skipped);
  CHECK(s.measures_due().empty());
  CHECK(s.apply(cmd::SkipMeasure{"gad-7"}).error().code == RefusalCode::MeasureNotDue);

  // Answered again (at no set time): the change since the first one, in honest words.
  clock->set(at("2026-12-10T09:00"));
  r = s.apply(cmd::AnswerMeasure{"phq-9", answers(phq, {1, 1, 1, 1, 1, 1, 1, 1, 0})});
  REQUIRE(r.ok());
  CHECK(r.value().measure->occasion == "");
  CHECK(r.value().measure->score.total == 8);
  CHECK(!r.value().safety_help);
  REQUIRE(r.value().measure->previous_total);
  CHECK(*r.value().measure->previous_total == 14);
  CHECK(r.value().measure->change == Change::ReliableImprovement);

  const auto records = s.measure_records();
  REQUIRE(records.size() == 3);
  CHECK(records[1].skipped);
  CHECK(records[2].answers.at("phq9-9") == 0);
  // The events survive a reopen (they are in the log, not in memory).
  opened.value().reset();
  auto again = Session::open(c, dir.path() / "data", clock);
  REQUIRE(again.ok());
  CHECK(again.value()->measure_records().size() == 3);
}

TEST_CASE("measures: the report holds the questionnaires only when the user ticks them") {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  auto clock = std::make_shared<FixedClock>(at("2026-12-01T09:00"));
  auto c = bundled();
  auto opened = Session::open(c, dir.path() / "data", clock);
  REQUIRE(opened.ok());
  Session& s = *opened.value();
  REQUIRE(s.apply(cmd::Begin{}).ok());
  const Measure& phq = *c->measure("phq-9");
  REQUIRE(s.apply(cmd::AnswerMeasure{"phq-9", answers(phq, {2, 2, 2, 2, 2, 2, 1, 1, 0})}).ok());
  REQUIRE(s.apply(cmd::SkipMeasure{"gad-7"}).ok());
  clock->set(at("2026-12-20T09:00"));
  REQUIRE(s.apply(cmd::AnswerMeasure{"phq-9", answers(phq, {1, 1, 1, 1, 1, 1, 0, 0, 0})}).ok());

  auto without = make_report(s, ReportFormat::Markdown);
  REQUIRE(without.ok());
  CHECK(without.value().find("Questionnaires") == std::string::npos);
  CHECK(without.value().find("PHQ-9") == std::string::npos);
  for (auto format : {ReportFormat::Markdown, ReportFormat::Html}) {
    auto with = make_report(s, format, {}, /*include_measures=*/true);
    REQUIRE(with.ok());
    const std::string& t = with.value();
    CHECK(t.find("Questionnaires") != std::string::npos);
    CHECK(t.find("PHQ-9") != std::string::npos);
    CHECK(t.find("GAD-7") != std::string::npos);
    CHECK(t.find("moderate") != std::string::npos);                // 14 at the start
    CHECK(t.find("a reliable improvement") != std::string::npos);  // 14 -> 6
    CHECK(t.find("not now") != std::string::npos);
    CHECK(t.find("5.98") != std::string::npos);  // the threshold, shown
  }
}
