// Issue 16 parts 6 and 7 in the app: "Is now a good time?" between the welcome and Begin
// (advice and choices, never a gate), and after the last week the letter of learning (one
// journal entry, every byte kept), Today as a practice companion, the keep-practising plan,
// week 1 beside week 8 and the completion record.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <map>

#include "demo_walk.h"
#include "harness.h"
#include "kindly/completion.h"
#include "kindly/session.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::gui;
using kindly::gui::test::Harness;

namespace {

// The bundled course walked to its end as kindly_gui_demo walks it: begun Monday 2 Nov 2026,
// every week's core done, week 8 complete by Sunday 27 Dec.
void finished(const fs::path& data) {
  auto lr = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(lr.course);
  auto start = parse_time("2026-11-02T08:30");
  REQUIRE(start);
  auto clock = std::make_shared<FixedClock>(*start);
  auto s = Session::open(lr.course, data, clock);
  REQUIRE(s.ok());
  REQUIRE(s.value()->apply(cmd::Begin{}).ok());
  int failed = 0;
  demo::walk_weeks(*s.value(), *clock, *lr.course, *start, lr.course->week_count(),
                   [&](const auto& r, const std::string&) { failed += r.ok() ? 0 : 1; });
  CHECK(failed == 0);
  REQUIRE(s.value()->progress().weeks.back().state == WeekState::Completed);
}

// Begun on Monday 2 Nov 2026, week 1 started.
void begun(const fs::path& data) {
  std::string why;
  auto lr = load_course(KINDLY_BUNDLED_COURSE);
  auto s = Session::open(lr.course, data, clock_from_option("2026-11-02T09:00", &why));
  REQUIRE(s.ok());
  REQUIRE(s.value()->apply(cmd::Begin{}).ok());
  REQUIRE(s.value()->apply(cmd::Start{"1"}).ok());
}

constexpr const char* kAfter = "2026-12-30T10:00";

std::vector<JournalEntry> letters(Harness& h) {
  JournalFilter f;
  f.item = std::string(kLetterOfLearningItem);
  auto list = h.app->session()->journal_list(f);
  REQUIRE(list.ok());
  return list.value();
}

}  // namespace

// ---- is now a good time? ---------------------------------------------------------------------

TEST_CASE("good time: the welcome's Begin opens the page; Begin now begins, week 1 one more") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.click("Begin the course"));
  CHECK(h.route().screen == Screen::GoodTime);
  CHECK_FALSE(h.progress().begun);  // the page comes before Begin
  h.frames(2);
  // Advice, not a gate: help one click away, Begin now right there.
  REQUIRE(widget_rect("good-time/help").has_value());
  REQUIRE(widget_rect("Make my safety plan first").has_value());
  REQUIRE(h.click("Begin now"));
  CHECK(h.progress().begun);
  CHECK(h.route().screen == Screen::Home);
  REQUIRE(h.click("Start week 1"));
  CHECK(h.route().module == "week-1");
}

TEST_CASE("good time: Not yet leaves the course un-begun and says how to come back") {
  Harness h("2026-11-02T09:00", test::fresh_dir("data"), KINDLY_BUNDLED_COURSE, "good-time");
  h.frames(2);
  CHECK_FALSE(widget_rect("good-time/come-back").has_value());
  REQUIRE(h.click("Not yet"));
  h.frames(2);
  CHECK(widget_rect("good-time/come-back").has_value());
  CHECK_FALSE(h.progress().begun);
  CHECK(h.app->session()->history()->empty());  // nothing written
}

TEST_CASE("good time: the safety plan can come first, before the course is begun") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.click("Begin the course"));
  REQUIRE(h.click("Make my safety plan first"));
  CHECK(h.route().screen == Screen::SafetyPlan);
  h.frames(3);
  // The plan's screen is shown (not sent back to the welcome) and keeps what is typed.
  REQUIRE(h.click("##safety-people_places"));
  h.type("Sam, 07700 900123");
  h.app->run(go_to(Route{Screen::GoodTime}));
  h.frames(2);
  auto plan = h.app->session()->safety_plan();
  REQUIRE(plan.ok());
  REQUIRE(plan->has_value());
  CHECK((*plan)->plan.people_places == "Sam, 07700 900123");
  CHECK_FALSE(h.progress().begun);
  REQUIRE(h.click("Begin now"));
  CHECK(h.progress().begun);
}

TEST_CASE("good time: the crisis lines open from the page before Begin") {
  Harness h("2026-11-02T09:00", test::fresh_dir("data"), KINDLY_BUNDLED_COURSE, "good-time");
  h.frames(2);
  REQUIRE(h.click("good-time/help"));
  CHECK(h.route().screen == Screen::Resources);
  h.frames(2);
  CHECK(h.app->model().route.screen == Screen::Resources);
  CHECK_FALSE(widget_rect("Begin the course").has_value());  // not sent back to the welcome
}

// ---- the letter of learning ------------------------------------------------------------------

TEST_CASE("letter: waits for the last week, then keeps every byte as one journal entry") {
  {
    const fs::path early = test::fresh_dir("data");
    begun(early);
    Harness h("2026-11-03T09:00", early, KINDLY_BUNDLED_COURSE, "letter");
    h.frames(2);
    CHECK(widget_rect("letter/not-yet").has_value());
    CHECK_FALSE(widget_rect("##letter").has_value());
  }
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(2);
  h.app->run(go_to(Route{Screen::Letter}));
  h.frames(3);
  CHECK_FALSE(widget_rect("letter/not-yet").has_value());
  REQUIRE(h.click("##letter"));
  const std::string words =
      "Dear me,\n  two spaces kept \xE2\x80\x94 caf\xC3\xA9 \xE4\xBD\xA0\xE5\xA5\xBD";
  h.type(words);
  REQUIRE(h.click("Done for now"));
  CHECK(h.route().screen == Screen::Home);
  auto saved = letters(h);
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].text == words);
  CHECK(saved[0].module == kAfterModule);

  // Coming back continues the same letter: a new version of the one entry.
  h.app->run(go_to(Route{Screen::Letter}));
  h.frames(3);
  REQUIRE(h.click("##letter"));
  h.type("\nMore.");
  h.app->run(go_to(Route{Screen::Home}));
  h.frames(2);
  saved = letters(h);
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].revisions == 2);
  CHECK(saved[0].text == words + "\nMore.");  // the click below the text writes at its end
}

// ---- Today after the course, the plan, the comparison, the record --------------------------

namespace {

// The practice the user logged most minutes for (as Today lists them), from the engine's log.
std::string most_practised(Harness& h) {
  std::map<std::string, int> by;
  auto history = h.app->session()->history();
  REQUIRE(history.ok());
  for (const Event& e : history.value()) {
    if (e.type == EventType::PracticeLogged) by[e.practice] += e.minutes;
  }
  std::string best;
  for (const auto& [id, minutes] : by) {
    if (best.empty() || minutes > by[best]) best = id;
  }
  return best;
}

void save_plan(const fs::path& data, const char* now, const std::string& practice, int weekday,
               int hour) {
  std::string why;
  auto lr = load_course(KINDLY_BUNDLED_COURSE);
  auto s = Session::open(lr.course, data, clock_from_option(now, &why));
  REQUIRE(s.ok());
  PracticePlan plan;
  plan.practices = {practice};
  plan.weekdays[static_cast<std::size_t>(weekday)] = true;
  plan.hour = hour;
  REQUIRE(s.value()->apply(cmd::SavePracticePlan{plan, std::nullopt}).ok());
}

}  // namespace

TEST_CASE("after the course: Today invites a plan and offers the practices logged most") {
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(3);
  REQUIRE(widget_rect("companion").has_value());
  CHECK_FALSE(widget_rect("Continue week 8").has_value());  // not an empty course
  const std::string top = most_practised(h);
  REQUIRE_FALSE(top.empty());
  REQUIRE(h.click("companion/practice/" + top));  // one click into the player
  CHECK(h.route().screen == Screen::Practice);
  CHECK(h.route().item == top);
  h.app->run(go_to(Route{Screen::Home}));
  h.frames(2);
  REQUIRE(h.click("Make a keep-practising plan"));
  CHECK(h.route().screen == Screen::Plan);
}

TEST_CASE("plan: practices, days and time saved through the engine; Today shows today's") {
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "plan");  // Wednesday 30 Dec, 10:00
  h.frames(3);
  const std::string top = most_practised(h);
  REQUIRE(h.click("plan/" + top));
  REQUIRE(h.click("Wed"));
  REQUIRE(h.click("plan-hour-"));  // 08:00 -> 07:00, earlier today: still today's practice
  REQUIRE(h.click("Save the plan"));
  CHECK(h.route().screen == Screen::Home);
  auto saved = h.app->session()->practice_plan();
  REQUIRE(saved.has_value());
  CHECK(saved->plan.practices == std::vector<std::string>{top});
  CHECK(saved->plan.weekdays[3]);
  CHECK_FALSE(saved->plan.weekdays[1]);
  CHECK(saved->plan.hour == 7);
  h.frames(3);
  REQUIRE(h.click("companion/practise"));
  CHECK(h.route().screen == Screen::Practice);
  CHECK(h.route().item == top);

  // The plan screen opens on the saved plan; clearing it brings the invitation back.
  h.app->run(go_to(Route{Screen::Plan}));
  h.frames(3);
  REQUIRE(h.click("Clear the plan"));
  auto cleared = h.app->session()->practice_plan();
  REQUIRE(cleared.has_value());
  CHECK(cleared->plan.empty());
  h.frames(3);
  CHECK(widget_rect("Make a keep-practising plan").has_value());
}

TEST_CASE("plan: a plan without days is refused by the engine and nothing is saved") {
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "plan");
  h.frames(3);
  REQUIRE(h.click("plan/" + most_practised(h)));
  REQUIRE(h.click("Save the plan"));
  CHECK(h.route().screen == Screen::Plan);  // stays, with the engine's reason as a notice
  CHECK_FALSE(h.app->session()->practice_plan().has_value());
  REQUIRE_FALSE(h.app->model().notices.empty());
  CHECK(h.app->model().notices.back().kind == Notice::Kind::Refused);
}

TEST_CASE("reminder: after the course it follows the plan, and a follow-up's day brings one") {
  {
    const fs::path data = test::fresh_dir("data");
    finished(data);
    save_plan(data, kAfter, "soles-of-the-feet", 3, 9);      // Wednesdays at 09:00
    Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "home");  // Wednesday 10:00: due
    h.frames(2);
    CHECK_FALSE(h.app->settings().plan_reminder_last_fired.empty());
    CHECK(h.app->settings().follow_up_last_fired.empty());  // a month is not over yet
  }
  // Thirty days after the last week: the one-month questionnaires fall due.
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h("2027-01-28T10:00", data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(2);
  CHECK_FALSE(h.app->settings().follow_up_last_fired.empty());
  CHECK(widget_rect("answer phq-9").has_value());  // and Today offers it
}

TEST_CASE("reminder: none after the course while it rests") {
  const fs::path data = test::fresh_dir("data");
  finished(data);
  save_plan(data, kAfter, "soles-of-the-feet", 3, 9);
  {
    std::string why;
    auto lr = load_course(KINDLY_BUNDLED_COURSE);
    auto s = Session::open(lr.course, data, clock_from_option("2026-12-30T08:00", &why));
    REQUIRE(s.ok());
    REQUIRE(s.value()->apply(cmd::Pause{}).ok());
  }
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(2);
  CHECK(h.app->settings().plan_reminder_last_fired.empty());
}

TEST_CASE("compare: week 1 beside week 8, and the completion record saved as HTML") {
  {
    const fs::path early_data = test::fresh_dir("data");
    begun(early_data);
    Harness early("2026-11-03T09:00", early_data, KINDLY_BUNDLED_COURSE, "compare");
    early.frames(3);
    CHECK(widget_rect("compare/not-done").has_value());
  }
  const fs::path data = test::fresh_dir("data");
  finished(data);
  Harness h(kAfter, data, KINDLY_BUNDLED_COURSE, "home");
  h.frames(3);
  // PHQ-9 answered after the last week: its row shows that score (and no change: no start).
  cmd::AnswerMeasure phq{"phq-9", {}};
  for (int i = 1; i <= 9; ++i) phq.answers["phq9-" + std::to_string(i)] = 0;
  REQUIRE(h.app->session()->apply(phq).ok());
  REQUIRE(h.click("companion/compare"));
  CHECK(h.route().screen == Screen::Compare);
  h.frames(3);
  CHECK_FALSE(widget_rect("compare/not-done").has_value());
  CHECK(widget_rect("compare/checkin").has_value());
  CHECK(widget_rect("compare/measure/phq-9").has_value());
  const fs::path out = data / "record.html";
  h.app->state().record_path = out.string();
  REQUIRE(h.click("record/save"));
  REQUIRE(fs::exists(out));
  std::ifstream in(out);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  // Markdown, with the letter asked for: the letter's words are in the record.
  h.app->run(go_to(Route{Screen::Letter}));
  h.frames(3);
  REQUIRE(h.click("##letter"));
  h.type("What I learned: go gently.");
  h.app->run(go_to(Route{Screen::Compare}));
  h.frames(3);
  REQUIRE(h.click("Markdown"));
  REQUIRE(h.click("##record-letter"));
  const fs::path md = data / "record.md";
  h.app->state().record_path = md.string();
  REQUIRE(h.click("record/save"));
  std::ifstream in2(md);
  const std::string text((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  CHECK(text.find("What I learned: go gently.") != std::string::npos);
}
