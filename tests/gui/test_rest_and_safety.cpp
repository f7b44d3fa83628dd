// Issue 16 in the app: the course can rest (from Settings and from the difficult-practice
// panel; Today says so and resumes it) and the safety plan is one click from the navigator,
// written in wrapped editors that keep every byte, saved by itself and on leaving.
#include <doctest/doctest.h>

#include "harness.h"
#include "kindly/session.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::gui;
using kindly::gui::test::Harness;

namespace {

void begun(const fs::path& data, const char* now) {
  std::string why;
  auto course = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(course.course);
  auto s = Session::open(course.course, data, clock_from_option(now, &why));
  REQUIRE(s.ok());
  REQUIRE(s.value()->apply(cmd::Begin{}).ok());
  REQUIRE(s.value()->apply(cmd::Start{"1"}).ok());
}

}  // namespace

TEST_CASE("rest: Settings lets the course rest, Today says so, and Resume brings it back") {
  const fs::path data = test::fresh_dir("data");
  begun(data, "2026-11-02T09:00");
  Harness h("2026-11-03T09:00", data, KINDLY_BUNDLED_COURSE, "settings");
  h.frames(2);
  REQUIRE(h.click("pause course"));
  CHECK(h.progress().paused);
  h.app->run(go_to(Route{Screen::Home}));
  h.frames(2);
  REQUIRE(widget_rect("resume course").has_value());
  REQUIRE(h.click("resume course"));
  CHECK_FALSE(h.progress().paused);
  h.frames(2);
  CHECK_FALSE(widget_rect("resume course").has_value());
}

TEST_CASE("safety plan: one click from the navigator, typed words saved byte for byte") {
  const fs::path data = test::fresh_dir("data");
  begun(data, "2026-11-02T09:00");
  Harness h("2026-11-03T21:00", data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(2);
  REQUIRE(h.click("My safety plan"));
  CHECK(h.route().screen == Screen::SafetyPlan);
  h.frames(2);
  REQUIRE(h.click("##safety-what_helps"));
  const std::string words =
      "Cold water, the park bench, \xC3\xA9t\xC3\xA9 \xE4\xBD\xA0\xE5\xA5\xBD";
  h.type(words);
  // Leaving the screen saves what was typed at once.
  h.app->run(go_to(Route{Screen::Home}));
  h.frames(2);
  auto saved = h.app->session()->safety_plan();
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  CHECK((*saved)->plan.what_helps == words);
  CHECK((*saved)->plan.warning_signs.empty());

  // Another Kindly saves meanwhile: the words typed here are still kept, and both versions stay.
  h.app->run(go_to(Route{Screen::SafetyPlan}));
  h.frames(2);
  {
    std::string why;
    auto course = load_course(KINDLY_BUNDLED_COURSE);
    auto other = Session::open(course.course, data, clock_from_option("2026-11-03T21:05", &why));
    REQUIRE(other.ok());
    SafetyPlan theirs;
    theirs.professionals = "Dr Rao";
    REQUIRE(other.value()->apply(cmd::SaveSafetyPlan{theirs, std::nullopt}).ok());
  }
  REQUIRE(h.click("##safety-warning_signs"));
  h.type("no sleep");
  h.frames(90, 1.0f / 30.0f);  // three seconds: the pause after typing saves it
  auto now = h.app->session()->safety_plan();
  REQUIRE(now.ok());
  CHECK((*now)->plan.warning_signs == "no sleep");
  CHECK((*now)->plan.what_helps == words);
  CHECK((*now)->versions == 3);
}

TEST_CASE("rest: the difficult-practice panel offers the safety plan and a rest") {
  const fs::path data = test::fresh_dir("data");
  begun(data, "2026-11-02T09:00");
  Harness h("2026-11-03T09:00", data, KINDLY_BUNDLED_COURSE,
            "practice/w1-soothing-rhythm-breathing/difficult");
  h.frames(3);
  REQUIRE(widget_rect("safety plan").has_value());
  REQUIRE(h.click("pause course"));
  CHECK(h.progress().paused);
}

TEST_CASE("questionnaire: offered on Today when due, answered on one page, help at once") {
  const fs::path data = test::fresh_dir("data");
  begun(data, "2026-11-02T09:00");
  Harness h("2026-11-02T09:30", data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(3);
  REQUIRE(h.click("answer phq-9"));
  CHECK(h.route().screen == Screen::Measure);
  h.frames(2);
  // Saving waits for every answer.
  REQUIRE(h.click("save measure"));
  CHECK(h.route().screen == Screen::Measure);
  for (int i = 1; i <= 8; ++i) REQUIRE(h.click("phq9-" + std::to_string(i) + "/0"));
  REQUIRE(h.click("phq9-9/1"));
  REQUIRE(h.click("save measure"));
  // The safety rule fired: the crisis lines at once.
  CHECK(h.route().screen == Screen::Resources);
  auto hist = h.app->session()->history();
  REQUIRE(hist.ok());
  CHECK(hist->back().type == EventType::MeasureAnswered);
  CHECK(hist->back().item == "phq-9");
  h.app->run(go_to(Route{Screen::Home}));
  h.frames(3);
  CHECK_FALSE(widget_rect("answer phq-9").has_value());  // answered: not offered again now
  REQUIRE(h.click("skip gad-7"));                        // "Not now" is recorded and the card goes
  h.frames(3);
  CHECK_FALSE(widget_rect("skip gad-7").has_value());
}

TEST_CASE("text is kept: an emoji in a move-on reason is stored as its own bytes") {
  const fs::path data = test::fresh_dir("data");
  begun(data, "2026-11-02T09:00");
  Harness h("2026-11-10T09:00", data, KINDLY_BUNDLED_COURSE, "week/1");
  h.frames(2);
  REQUIRE(h.click("Move on to the next week"));
  REQUIRE(h.click("##move-on-reason"));
  h.type("resting ");
  // As the shell does for a character ImGui 1.86 cannot carry (window.cpp, editor.h).
  REQUIRE(editor_takes_char(0x1F331));
  editor_insert_char(0x1F331);
  h.frames(2);
  h.type(" now");
  REQUIRE(h.click("Yes, move on"));
  CHECK(h.progress().weeks[0].moved_on_reason == "resting \xF0\x9F\x8C\xB1 now");
}
