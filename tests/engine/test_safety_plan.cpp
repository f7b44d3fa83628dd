// The safety plan (issue 16, part 4): saved whole through Session::apply, every version kept in
// the log, the text byte for byte, allowed before the course begins and while it rests, and a
// save from another process never overwritten unseen.
#include <doctest/doctest.h>

#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;

namespace {

struct Run {
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-03-02T21:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> open() {
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r.value());
  }
};

}  // namespace

TEST_CASE("safety plan: saved before the course begins, byte for byte, and read by a new run") {
  Run r;
  auto s = r.open();
  auto none = s->safety_plan();
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  SafetyPlan p;
  p.warning_signs = "I stop answering messages.\r\n  I sleep all day\t(again).";
  p.what_helps = "Cold water on my face; the soles-of-the-feet practice; \xF0\x9F\x8C\xB1";
  p.crisis_lines = "Samaritans 116 123";
  auto saved = s->apply(cmd::SaveSafetyPlan{p, 0});
  REQUIRE(saved.ok());
  REQUIRE(saved->safety_plan.has_value());
  CHECK(saved->safety_plan->plan == p);
  CHECK(saved->safety_plan->versions == 1);
  CHECK_FALSE(s->progress().begun);  // saving a plan does not begin the course

  s.reset();
  auto again = r.open();
  auto read = again->safety_plan();
  REQUIRE(read.ok());
  REQUIRE(read->has_value());
  CHECK((*read)->plan == p);
  CHECK((*read)->plan.what_helps.size() == p.what_helps.size());
}

TEST_CASE(
    "safety plan: every version stays in the log; a stale save is refused and writes nothing") {
  Run r;
  auto a = r.open();
  auto b = r.open();  // a second Kindly on the same data
  SafetyPlan first;
  first.people_places = "My sister, the park bench by the river";
  auto one = a->apply(cmd::SaveSafetyPlan{first, 0});
  REQUIRE(one.ok());
  const std::int64_t base = one->safety_plan->seq;

  // b read the plan before a saved: its save would overwrite a's words unseen.
  SafetyPlan from_b;
  from_b.professionals = "Dr Rao, weekdays 9-5";
  auto stale = b->apply(cmd::SaveSafetyPlan{from_b, 0});
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == RefusalCode::ChangedElsewhere);
  auto still = b->safety_plan();
  REQUIRE(still.ok());
  CHECK((*still)->plan == first);

  SafetyPlan second = first;
  second.professionals = "Dr Rao, weekdays 9-5";
  auto two = b->apply(cmd::SaveSafetyPlan{second, base});
  REQUIRE(two.ok());
  CHECK(two->safety_plan->versions == 2);
  auto history = a->history();
  REQUIRE(history.ok());
  int saves = 0;
  for (const Event& e : *history) saves += e.type == EventType::SafetyPlanSaved;
  CHECK(saves == 2);
  // No base: an explicit overwrite (e.g. an import tool) is allowed.
  CHECK(a->apply(cmd::SaveSafetyPlan{SafetyPlan{}, std::nullopt}).ok());
}

TEST_CASE("safety plan: the JSON form keeps every section and refuses what is not a plan") {
  SafetyPlan p;
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    p.*s.field = std::string(s.id) + " \"quoted\" \\ and\nnew line";
  }
  auto back = safety_plan_from_json(safety_plan_to_json(p));
  REQUIRE(back.has_value());
  CHECK(*back == p);
  CHECK_FALSE(safety_plan_from_json("[1,2]").has_value());
  CHECK_FALSE(safety_plan_from_json("{\"what_helps\": 3}").has_value());
  CHECK_FALSE(safety_plan_from_json("not json").has_value());
  CHECK(find_safety_plan_section("what_helps") != nullptr);
  CHECK(find_safety_plan_section("nope") == nullptr);
  CHECK(SafetyPlan{}.empty());
  CHECK_FALSE(p.empty());
}
