// After the last week (issue 16, part 7): the keep-practising plan (saved at any time, every
// version in the log, coded refusals), the reminder that follows it once the course is
// complete, and the follow-up questionnaires as reminders.
#include <doctest/doctest.h>

#include "after_test_util.h"
#include "kindly/practice_plan.h"
#include "kindly/reminders.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

PracticePlan plan_of(std::vector<std::string> practices, const char* days, int hour, int minute) {
  PracticePlan p;
  p.practices = std::move(practices);
  p.weekdays = *parse_weekdays(days);
  p.hour = hour;
  p.minute = minute;
  return p;
}

RefusalCode code_of(const Result<Outcome>& r) {
  REQUIRE_FALSE(r.ok());
  return r.error().code;
}

}  // namespace

TEST_CASE("practice plan: saved before the course begins, every version kept, cleared") {
  TzScope tz("Europe/London");
  test::AfterRun run;
  auto s = run.open();
  CHECK_FALSE(s->practice_plan().has_value());
  const PracticePlan p = plan_of({"breathing", "pause"}, "mon,wed", 8, 0);
  auto saved = s->apply(cmd::SavePracticePlan{p, 0});
  REQUIRE(saved.ok());
  REQUIRE(saved->practice_plan.has_value());
  CHECK(saved->practice_plan->plan == p);
  CHECK(saved->practice_plan->versions == 1);
  REQUIRE(saved->events.size() == 1);
  CHECK(saved->events[0].type == EventType::PracticePlanSaved);
  CHECK(std::string(to_string(EventType::PracticePlanSaved)) == "practice_plan_saved");

  // A new run reads it back from the log.
  s.reset();
  auto again = run.open();
  REQUIRE(again->practice_plan().has_value());
  CHECK(again->practice_plan()->plan == p);

  // A second version, then a clear: three saves in the log, the latest is empty.
  const std::int64_t base = again->practice_plan()->seq;
  const PracticePlan p2 = plan_of({"pause"}, "daily", 19, 30);
  REQUIRE(again->apply(cmd::SavePracticePlan{p2, base}).ok());
  REQUIRE(again->apply(cmd::SavePracticePlan{PracticePlan{}, std::nullopt}).ok());
  REQUIRE(again->practice_plan().has_value());
  CHECK(again->practice_plan()->plan.empty());
  CHECK(again->practice_plan()->versions == 3);
  auto history = again->history();
  REQUIRE(history.ok());
  int saves = 0;
  for (const Event& e : *history) saves += e.type == EventType::PracticePlanSaved;
  CHECK(saves == 3);
  // Nothing left to clear.
  CHECK(code_of(again->apply(cmd::SavePracticePlan{PracticePlan{}, std::nullopt})) ==
        RefusalCode::NoPracticePlan);
}

TEST_CASE("practice plan: refusals are coded and write nothing") {
  TzScope tz("Europe/London");
  test::AfterRun run;
  auto s = run.open();
  CHECK(code_of(s->apply(cmd::SavePracticePlan{plan_of({"nope"}, "mon", 8, 0), {}})) ==
        RefusalCode::NoSuchPractice);
  CHECK(code_of(s->apply(cmd::SavePracticePlan{
            plan_of({"breathing", "pause", "breathing"}, "mon", 8, 0), {}})) ==
        RefusalCode::PlanRepeatsPractice);
  PracticePlan no_days = plan_of({"breathing"}, "mon", 8, 0);
  no_days.weekdays = {};
  CHECK(code_of(s->apply(cmd::SavePracticePlan{no_days, {}})) == RefusalCode::PlanNeedsDays);
  CHECK(code_of(s->apply(cmd::SavePracticePlan{plan_of({"breathing"}, "mon", 24, 0), {}})) ==
        RefusalCode::PlanTimeOutOfRange);
  CHECK(code_of(s->apply(cmd::SavePracticePlan{plan_of({"breathing"}, "mon", 7, 60), {}})) ==
        RefusalCode::PlanTimeOutOfRange);
  // Saved elsewhere since it was read.
  REQUIRE(s->apply(cmd::SavePracticePlan{plan_of({"breathing"}, "mon", 8, 0), 0}).ok());
  CHECK(code_of(s->apply(cmd::SavePracticePlan{plan_of({"pause"}, "mon", 8, 0), 0})) ==
        RefusalCode::ChangedElsewhere);
  CHECK(s->practice_plan()->versions == 1);
  CHECK(s->practice_plan()->plan.practices == std::vector<std::string>{"breathing"});
}

TEST_CASE("practice plan: JSON round trip, and text that is not a plan") {
  const PracticePlan p = plan_of({"a", "b"}, "weekends", 7, 5);
  auto back = practice_plan_from_json(practice_plan_to_json(p));
  REQUIRE(back.has_value());
  CHECK(*back == p);
  CHECK_FALSE(practice_plan_from_json("[]").has_value());
  CHECK_FALSE(practice_plan_from_json(R"({"practices": "a"})").has_value());
  CHECK_FALSE(practice_plan_from_json(R"({"practices": ["a"], "time": "25:00"})").has_value());
  CHECK_FALSE(practice_plan_from_json(R"({"practices": ["a"], "days": "someday"})").has_value());
}

TEST_CASE("practice plan: the reminder follows it only once the last week is complete") {
  TzScope tz("Europe/London");
  test::AfterRun run;
  auto s = run.open();
  // Saved early, on the day the course begins: no reminder while the course runs.
  REQUIRE(
      s->apply(cmd::SavePracticePlan{plan_of({"breathing", "pause"}, "mon,thu", 8, 0), 0}).ok());
  CHECK_FALSE(s->plan_reminder(std::nullopt).has_value());
  run.walk(*s);
  // Week 8 was completed at 20:00 on Wednesday 25 Nov: the first slot is Thursday 08:00, and
  // the practice is pause (never practised) before breathing.
  REQUIRE(course_completed_at(*run.course, s->progress()) == at("2026-11-25T20:00"));
  auto r = s->plan_reminder(std::nullopt);
  REQUIRE(r.has_value());
  CHECK(r->at == at("2026-11-26T08:00"));
  CHECK(r->practice == "pause");

  // Fired on Thursday and pause practised then: breathing (last on Wednesday) is now the
  // practice least recently done, for Monday's slot.
  run.clock->set(at("2026-11-26T08:30"));
  cmd::LogPractice log;
  log.practice = "pause";
  log.minutes = 3;
  log.module = "week-8";
  REQUIRE(s->apply(log).ok());
  r = s->plan_reminder(at("2026-11-26T08:00"));
  REQUIRE(r.has_value());
  CHECK(r->at == at("2026-11-30T08:00"));
  CHECK(r->practice == "breathing");

  // A slot missed earlier today is still due at once.
  run.clock->set(at("2026-11-30T12:00"));
  REQUIRE(s->refresh().ok());
  r = s->plan_reminder(at("2026-11-26T08:00"));
  REQUIRE(r.has_value());
  CHECK(r->at == at("2026-11-30T08:00"));
  CHECK(r->at <= s->progress().now);

  // Paused: the reminders stop; resumed: they come back.
  REQUIRE(s->apply(cmd::Pause{""}).ok());
  CHECK_FALSE(s->plan_reminder(std::nullopt).has_value());
  REQUIRE(s->apply(cmd::Resume{}).ok());
  CHECK(s->plan_reminder(at("2026-11-30T12:00"))->at == at("2026-12-03T08:00"));

  // Cleared: nothing.
  REQUIRE(s->apply(cmd::SavePracticePlan{PracticePlan{}, std::nullopt}).ok());
  CHECK_FALSE(s->plan_reminder(std::nullopt).has_value());
}

TEST_CASE("follow-ups: the next moment one falls due, due now until answered or skipped") {
  TzScope tz("Europe/London");
  test::AfterRun run(/*with_measures=*/true);
  auto s = run.open();
  CHECK_FALSE(s->next_follow_up(std::nullopt).has_value());  // not begun
  run.walk(*s);
  // Complete at 20:00 GMT on 25 Nov: 30 days later is 20:00 on 25 Dec, both questionnaires.
  auto f = s->next_follow_up(std::nullopt);
  REQUIRE(f.has_value());
  CHECK(f->at == at("2026-12-25T20:00"));
  CHECK(f->days == 30);
  REQUIRE(f->measures.size() == 2);
  CHECK(f->measures[0]->id == "phq-9");
  CHECK(f->measures[1]->id == "gad-7");
  CHECK_FALSE(f->due_now);

  // On the day: due now, and still the same while unanswered, unless already fired.
  run.clock->set(at("2026-12-25T21:00"));
  REQUIRE(s->refresh().ok());
  f = s->next_follow_up(std::nullopt);
  REQUIRE(f.has_value());
  CHECK(f->due_now);
  CHECK(f->at == at("2026-12-25T20:00"));
  f = s->next_follow_up(at("2026-12-25T20:30"));  // fired already: the next is 90 days
  REQUIRE(f.has_value());
  CHECK(f->days == 90);

  // One answered, one skipped: the next is 90 days on, 20:00 GMT on 23 Feb.
  const Measure* phq = run.course->measure("phq-9");
  std::map<std::string, int> zeros;
  for (const auto& item : phq->items) zeros[item.id] = 0;
  REQUIRE(s->apply(cmd::AnswerMeasure{"phq-9", zeros}).ok());
  f = s->next_follow_up(std::nullopt);
  REQUIRE(f.has_value());
  CHECK(f->due_now);  // gad-7 is still due
  REQUIRE(f->measures.size() == 1);
  CHECK(f->measures[0]->id == "gad-7");
  REQUIRE(s->apply(cmd::SkipMeasure{"gad-7"}).ok());
  f = s->next_follow_up(std::nullopt);
  REQUIRE(f.has_value());
  CHECK_FALSE(f->due_now);
  CHECK(f->at == at("2027-02-23T20:00"));
  CHECK(f->measures.size() == 2);

  // Paused: no reminders.
  REQUIRE(s->apply(cmd::Pause{""}).ok());
  CHECK_FALSE(s->next_follow_up(std::nullopt).has_value());
}

TEST_CASE("practice plan: minutes per practice over the whole log, most practised first") {
  auto ev = [](EventType type, const char* practice, int minutes) {
    Event e;
    e.type = type;
    e.practice = practice;
    e.minutes = minutes;
    return e;
  };
  const std::vector<Event> log = {
      ev(EventType::PracticeLogged, "pause", 5),     ev(EventType::PracticeLogged, "breathing", 12),
      ev(EventType::ItemDone, "breathing", 40),      ev(EventType::PracticeLogged, "", 30),
      ev(EventType::PracticeLogged, "pause", 10),    ev(EventType::PracticeLogged, "body-scan", 15),
      ev(EventType::PracticeLogged, "breathing", 3),
  };
  const auto by = minutes_by_practice(log);
  // pause 15 and breathing 15 tie (in id order), body-scan 15 too; the ItemDone and the log
  // without a practice are not counted.
  REQUIRE(by.size() == 3);
  CHECK(by[0] == std::pair<std::string, int>{"body-scan", 15});
  CHECK(by[1] == std::pair<std::string, int>{"breathing", 15});
  CHECK(by[2] == std::pair<std::string, int>{"pause", 15});
  const auto more = minutes_by_practice(
      {ev(EventType::PracticeLogged, "pause", 1), ev(EventType::PracticeLogged, "breathing", 2)});
  REQUIRE(more.size() == 2);
  CHECK(more[0].first == "breathing");
  CHECK(minutes_by_practice({}).empty());
}
