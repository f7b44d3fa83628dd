// The practice player: its timing without ImGui (PracticeTimer, pacer), and the whole flow in
// screenless ImGui frames: begin, stop early, "How are you now?", the log and the engine's
// backdraft panel; plus the progress, resources, check-in and export screens drawing.
#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "app.h"
#include "desktop.h"
#include "harness.h"
#include "kindly/session.h"
#include "kindly/timeline.h"
#include "player.h"
#include "settings.h"
#include "widgets.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::gui;

TEST_CASE("player timer: steps follow the course's pauses") {
  PracticeTimer t({10, 20, 30});
  CHECK(t.total_seconds() == 60);
  CHECK_FALSE(t.started());
  t.start(100);
  CHECK(t.step(100) == 0);
  CHECK(t.step(109.9) == 0);
  CHECK(t.step(110) == 1);
  CHECK(t.step(129.9) == 1);
  CHECK(t.step(130) == 2);
  CHECK(t.running(150));
  CHECK(t.finished(160));
  CHECK_FALSE(t.running(160));
  CHECK(t.step(500) == 2);
  CHECK(t.active_seconds(500) == doctest::Approx(60));  // time after the end is not practice
  CHECK(t.fraction(130) == doctest::Approx(0.5));
}

TEST_CASE("player timer: paused time is excluded") {
  PracticeTimer t({60, 60});
  t.start(0);
  t.pause(30);
  CHECK(t.paused());
  CHECK(t.active_seconds(1000) == doctest::Approx(30));
  CHECK(t.step(1000) == 0);
  t.resume(1000);
  CHECK(t.active_seconds(1040) == doctest::Approx(70));
  CHECK(t.step(1040) == 1);
  t.pause(1050);
  t.resume(1100);
  CHECK(t.active_seconds(1110) == doctest::Approx(90));
}

TEST_CASE("player timer: skip moves the script, not the minutes practised") {
  PracticeTimer t({60, 120, 60});
  t.start(0);
  t.skip_step(10);  // to the start of step 2
  CHECK(t.step(10) == 1);
  CHECK(t.position(10) == doctest::Approx(60));
  CHECK(t.active_seconds(10) == doctest::Approx(10));
  t.skip_step(20);
  CHECK(t.step(20) == 2);
  t.skip_step(30);  // past the last: finished
  CHECK(t.finished(30));
  CHECK(t.active_seconds(30) == doctest::Approx(30));
  CHECK(t.minutes_practised(30) == 1);  // at least one minute
}

TEST_CASE("player timer: stopping early logs the minutes actually practised") {
  PracticeTimer t({600});
  t.start(5);
  t.stop(5 + 4 * 60 + 40);
  CHECK(t.stopped());
  CHECK(t.minutes_practised(10000) == 5);  // 4:40 rounds to 5
  PracticeTimer u({600});
  u.start(0);
  u.stop(10);
  CHECK(u.minutes_practised(20) == 1);
  PracticeTimer v({600});
  v.start(0);
  v.pause(100);
  v.stop(900);  // stopped while paused: the pause does not count
  CHECK(v.active_seconds(900) == doctest::Approx(100));
  CHECK(v.minutes_practised(900) == 2);
}

TEST_CASE("player timer: open practice and interval bells") {
  PracticeTimer open({}, true);
  CHECK(open.open());
  open.start(0);
  CHECK_FALSE(open.finished(1e6));
  CHECK(open.minutes_practised(25 * 60) == 25);
  CHECK(open.interval_bells(25 * 60, 10) == 2);
  PracticeTimer t({20 * 60});
  t.start(0);
  CHECK(t.interval_bells(9 * 60, 5) == 1);
  CHECK(t.interval_bells(20 * 60, 5) == 3);  // not on the end: the end bell rings there
  CHECK(t.interval_bells(20 * 60, 0) == 0);
}

TEST_CASE("player timer: words that run long hold the script; the whole pause follows them") {
  // Two steps: 4 s of words (estimated) then 6 s of pause; 2 s then 8 s.
  PracticeTimer t({10, 10}, false, {4, 2});
  t.start(0);
  t.speech_started(0);
  CHECK(t.step(3) == 0);
  CHECK(t.position(3) == doctest::Approx(3));
  CHECK(t.holding(5));  // the voice is slower than the estimate: the script waits at 4 s
  CHECK(t.position(5) == doctest::Approx(4));
  CHECK(t.position(7) == doctest::Approx(4));
  CHECK(t.active_seconds(7) == doctest::Approx(7));  // waiting for the words is practice
  t.speech_ended(7);                                 // 3 s late
  CHECK_FALSE(t.holding(7));
  CHECK(t.position(7) == doctest::Approx(4));
  CHECK(t.step(12.9) == 0);  // the whole 6 s pause after the words
  CHECK(t.step(13) == 1);    // the step ended 3 s later than the timeline, never earlier
  t.speech_started(13);
  t.speech_ended(14);  // words shorter than the estimate: the pause is longer
  CHECK(t.step(22.9) == 1);
  CHECK_FALSE(t.finished(22.9));
  CHECK(t.finished(23));
  CHECK(t.active_seconds(30) == doctest::Approx(23));
}

TEST_CASE("player timer: pause, skip and stop while the words are spoken") {
  PracticeTimer t({10, 10, 10}, false, {4, 4, 4});
  t.start(0);
  t.speech_started(0);
  t.pause(2);
  CHECK(t.position(50) == doctest::Approx(2));  // paused: nothing moves, nothing is held
  t.resume(50);
  CHECK(t.position(55) == doctest::Approx(4));  // 7 s of words: held at 4
  t.skip_step(55);                              // skipping ends the hold and the step
  CHECK_FALSE(t.speaking());
  CHECK(t.step(55) == 1);
  CHECK(t.position(55) == doctest::Approx(10));
  CHECK(t.active_seconds(55) == doctest::Approx(7));
  t.speech_started(55);
  t.stop(70);
  CHECK_FALSE(t.speaking());
  CHECK(t.active_seconds(100) == doctest::Approx(22));
  // A step of no words and no pause still passes, even while something is being spoken.
  PracticeTimer z({0, 5}, false, {0, 2});
  z.start(0);
  z.speech_started(0);
  CHECK(z.step(0) == 1);
}

TEST_CASE("player timer: a voice that never says it is done holds the script for a while only") {
  PracticeTimer t({10, 10}, false, {4, 2});
  t.start(0);
  t.speech_started(0);
  CHECK(t.position(20) == doctest::Approx(4));  // held
  // At most 3 x 4 s + 10 s = 22 s held: the script moves on by itself after that.
  CHECK(t.position(27) == doctest::Approx(5));
  CHECK(t.step(33) == 1);
  CHECK(t.finished(42));
}

TEST_CASE("player timer: an interrupted practice carries on where it was") {
  PracticeTimer t({60, 60, 60});
  t.restore(100, 130, 70);  // 130 s into the script, 70 s practised (60 s skipped)
  CHECK(t.running(100));
  CHECK(t.step(100) == 2);
  CHECK(t.position(110) == doctest::Approx(140));
  CHECK(t.active_seconds(110) == doctest::Approx(80));
  PracticeTimer held({60, 60}, false, {10, 10});
  held.restore(0, 50, 55);  // words had run long: 5 s were held
  CHECK(held.position(0) == doctest::Approx(50));
  CHECK(held.active_seconds(0) == doctest::Approx(55));
  PracticeTimer past({60});
  past.restore(0, 500, 500);  // more than the script: at its end
  CHECK(past.finished(0));
}

TEST_CASE("pacer: grows with the in-breath, settles with the out-breath") {
  Pacer p;
  p.inhale_s = 4;
  p.hold_in_s = 1;
  p.exhale_s = 5;
  p.hold_out_s = 0;
  CHECK(pacer_at(p, 0).size == doctest::Approx(0));
  CHECK(pacer_at(p, 2).size == doctest::Approx(0.5));
  CHECK(std::string(pacer_at(p, 2).phase) == "Breathe in");
  CHECK(pacer_at(p, 4.5).size == doctest::Approx(1));
  CHECK(std::string(pacer_at(p, 4.5).phase) == "Hold");
  CHECK(pacer_at(p, 7.5).size == doctest::Approx(0.5));
  CHECK(std::string(pacer_at(p, 7.5).phase) == "Breathe out");
  CHECK(pacer_at(p, 10).size == doctest::Approx(0));  // the next cycle
}

TEST_CASE("practice flow: what gets logged") {
  PracticeFlow f;
  f.practice = "soothing-rhythm-breathing";
  f.item = "w1-soothing-rhythm-breathing";
  f.timer = PracticeTimer({300});
  f.timer.start(0);
  f.timer.stop(130);
  f.before = 3;
  f.note = "ok";
  const cmd::LogPractice l = f.log(200);
  CHECK(l.practice == "w1-soothing-rhythm-breathing");
  CHECK(l.minutes == 2);
  CHECK(l.distress_before == 3);
  CHECK_FALSE(l.distress_after.has_value());
  CHECK(l.note == "ok");
  // Frames: every frame while a pacer moves, on the second otherwise, none when stopped.
  PracticeFlow g;
  g.stage = PracticeFlow::Stage::Running;
  g.timer = PracticeTimer({300});
  g.timer.start(0);
  Practice with_pacer;
  with_pacer.pacer = Pacer{};
  CHECK(g.wake_in(10.25, &with_pacer) == doctest::Approx(1.0 / 60));
  CHECK(g.wake_in(10.25, nullptr) == doctest::Approx(0.75));
  g.timer.pause(11);
  CHECK(g.wake_in(12, &with_pacer) < 0);
  // A step that starts between two seconds (its words are estimated) wakes at its start.
  PracticeFlow h;
  h.stage = PracticeFlow::Stage::Running;
  h.timer = PracticeTimer({3.46, 10});
  h.timer.start(0);
  CHECK(h.wake_in(3.2, nullptr) == doctest::Approx(0.26));
  CHECK(h.wake_in(3.5, nullptr) == doctest::Approx(0.5));
}

// ---- the flow in screenless frames ---------------------------------------------------------

namespace {

// A course begun and in week 1, opened on `screen` (or the home screen).
struct Frames : test::Harness {
  explicit Frames(const std::string& screen = "")
      : Harness("2026-11-02T09:00", test::fresh_dir("data"), KINDLY_BUNDLED_COURSE, screen) {
    REQUIRE(app->session());
    (void)app->session()->apply(cmd::Begin{});
    (void)app->session()->apply(cmd::Start{"1"});
    if (!screen.empty()) app->go(*parse_route(screen, app->model().course));
    frames(2);
  }
  const PracticeFlow& flow() { return app->state().practice; }
};

}  // namespace

TEST_CASE("practice: begin, stop early, a hard moment is met by the backdraft panel") {
  Frames h("practice/w1-soothing-rhythm-breathing");
  CHECK(h.app->model().route.screen == Screen::Practice);
  CHECK(h.flow().stage == PracticeFlow::Stage::Intro);
  REQUIRE(h.click("before/2"));
  CHECK(h.flow().before == 2);
  REQUIRE(h.click("Begin practice"));
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  CHECK(h.app->wake_in() == doctest::Approx(1.0 / 60));  // the pacer wants smooth frames
  h.frames(4, 30.0f);                                    // two minutes pass
  // The step showing is the one the engine's timeline (speech, then pause) has at 2:00.
  const Course& c = *h.app->model().course;
  const Timeline tl = make_timeline(c, *c.practice("soothing-rhythm-breathing"));
  std::size_t at_two = 0;
  while (at_two + 1 < tl.steps.size() && tl.steps[at_two].end_s <= 120.0) ++at_two;
  CHECK(at_two >= 2);
  CHECK(widget_rect("step/" + std::to_string(at_two)));
  REQUIRE(h.click("Pause"));
  h.frames(4, 30.0f);  // paused: does not count
  REQUIRE(h.click("Resume"));
  REQUIRE(h.click("Stop"));
  CHECK(h.flow().stage == PracticeFlow::Stage::After);
  CHECK(h.app->wake_in() < 0);  // nothing moves: the app can sleep
  REQUIRE(h.click("after/9"));
  REQUIRE(h.click("Save practice"));
  REQUIRE(h.flow().result.has_value());
  CHECK(h.flow().stage == PracticeFlow::Stage::Done);
  CHECK(h.flow().logged_minutes == 2);
  CHECK(h.flow().result->pacing->difficult);  // the engine decided; the screen shows
  h.frame();
  CHECK(widget_rect("grounding"));
  CHECK(widget_rect("Where to find help"));
  const Event& e = h.flow().result->events.front();
  CHECK(e.minutes == 2);
  CHECK(e.distress_before == 2);
  CHECK(e.distress_after == 9);
  REQUIRE(h.click("grounding"));
  CHECK(h.app->model().route.screen == Screen::Practice);
  CHECK(h.app->model().route.item == h.app->model().course->pacing.grounding_practice);
  REQUIRE(h.click("Where to find help") == false);  // a new flow: the intro, not the panel
  REQUIRE(h.click("Need support?"));
  CHECK(h.app->model().route.screen == Screen::Resources);
}

TEST_CASE("practice: a calm practice runs to its end and logs without the panel") {
  Frames h("practice/w1-soothing-rhythm-breathing");
  REQUIRE(h.click("Begin practice"));
  h.frames(25, 30.0f);  // past the script's ten minutes
  CHECK(h.flow().stage == PracticeFlow::Stage::After);
  REQUIRE(h.click("after/1"));
  REQUIRE(h.click("Save practice"));
  REQUIRE(h.flow().result.has_value());
  CHECK_FALSE(h.flow().result->pacing->difficult);
  CHECK(h.flow().logged_minutes == 10);
  h.frame();
  CHECK_FALSE(widget_rect("grounding"));
}

TEST_CASE("the new screens draw and parse") {
  for (const char* s : {"progress", "resources", "checkin/w1-checkin", "export",
                        "practice/w1-soothing-rhythm-breathing/after",
                        "practice/w1-soothing-rhythm-breathing/difficult", "practice/open",
                        "practice/soles-of-the-feet/30"}) {
    CAPTURE(s);
    Frames h(s);
    h.frames(3);
    CHECK(h.app->model().notices.empty());  // nothing went wrong drawing
  }
  CHECK_FALSE(parse_route("practice/nope", nullptr));
  Frames h;
  const Course* c = h.app->model().course;
  CHECK_FALSE(parse_route("practice/nope", c));
  CHECK_FALSE(parse_route("checkin/w1-soothing-rhythm-breathing", c));
  CHECK(parse_route("practice/w1-soothing-rhythm-breathing/90", c)->seconds == 90);
}

TEST_CASE("reminder: a slot due today fires once and is remembered in the settings file") {
  const fs::path data = test::fresh_dir("reminder");
  GuiSettings g;
  g.reminder_enabled = true;
  g.reminder_hour = 8;
  g.reminder_minute = 30;
  REQUIRE(save_settings(settings_path(data), g));
  const GuiSettings back = load_settings(settings_path(data));
  CHECK(back.reminder_enabled);
  CHECK(back.reminder_hour == 8);
  CHECK(back.reminder_minute == 30);
  CHECK(back.reminder_days == "daily");

  ImGuiContext* ctx = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 3000);
  {
    AppConfig cfg;
    cfg.course_dir = KINDLY_BUNDLED_COURSE;
    cfg.data_dir = data.string();
    cfg.now = "2026-11-02T09:00";  // after 08:30: still due today
    cfg.screen = "settings";
    App app(cfg);
    app.setup_fonts_and_style(1.0f);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    CHECK(app.settings().reminder_last_fired.empty());
    CHECK(app.wake_in() == doctest::Approx(5.0));  // due now: wake soon
    for (int i = 0; i < 2; ++i) {
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
    }
    CHECK_FALSE(app.settings().reminder_last_fired.empty());
    CHECK(app.model().reminder_next.find("Tuesday 3 Nov") != std::string::npos);
    CHECK(load_settings(settings_path(data)).reminder_last_fired ==
          app.settings().reminder_last_fired);
    CHECK(app.wake_in() > 60);  // tomorrow's slot is far away
  }
  ImGui::DestroyContext(ctx);
  std::error_code ec;
  fs::remove_all(data, ec);
}

TEST_CASE("open at login writes and removes the XDG autostart entry") {
  const fs::path cfg = test::fresh_dir("xdg");
  ::setenv("XDG_CONFIG_HOME", cfg.c_str(), 1);
  CHECK_FALSE(autostart_enabled());
  REQUIRE(set_autostart(true, "/opt/kindly dir/kindly"));
  CHECK(autostart_enabled());
  CHECK(autostart_file() == cfg / "autostart" / "kindly.desktop");
  std::ifstream in(autostart_file());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("Exec=\"/opt/kindly dir/kindly\"\n") != std::string::npos);
  CHECK(text.find("Type=Application") != std::string::npos);
  REQUIRE(set_autostart(false, ""));
  CHECK_FALSE(autostart_enabled());
  ::unsetenv("XDG_CONFIG_HOME");
  std::error_code ec;
  fs::remove_all(cfg, ec);
}

TEST_CASE("practice: leaving the player mid-practice pauses it; coming back resumes there") {
  Frames h("practice/w1-soothing-rhythm-breathing");
  REQUIRE(h.click("Begin practice"));
  h.frames(2, 30.0f);
  // The navigator is out of the way while a practice runs; another screen can still be
  // reached (a notice, a shortcut).
  h.app->go(Route{Screen::Progress});
  h.frame();
  CHECK(h.flow().timer.paused());
  const double at = h.flow().timer.active_seconds(1e9);
  h.frames(4, 30.0f);
  CHECK(h.flow().timer.active_seconds(1e9) == doctest::Approx(at));
  h.app->go(*parse_route("practice/w1-soothing-rhythm-breathing", h.app->model().course));
  h.frame();
  REQUIRE(h.click("Resume"));
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  CHECK_FALSE(h.flow().timer.paused());
}

TEST_CASE("export screen: review, tick a reflection, save the report; export JSON; back up") {
  Frames h("export");
  cmd::WriteEntry d;
  d.text = "A private reflection about my sister.";
  d.item = "";
  REQUIRE(h.app->session()->apply(d).ok());
  h.app->run(ui::BuildReport{});
  h.frames(2);
  REQUIRE(h.app->model().journal.size() == 1);
  const std::int64_t id = h.app->model().journal[0].id;
  CHECK(h.app->model().report.find("<html") != std::string::npos);
  CHECK(h.app->model().report.find("my sister") == std::string::npos);  // none by default
  REQUIRE(h.click("include/" + std::to_string(id)));
  h.frame();
  CHECK(h.app->model().report.find("my sister") != std::string::npos);
  CHECK(h.app->model().report_preview.find("my sister") != std::string::npos);

  const fs::path out = h.data / "out";
  fs::create_directories(out);
  h.app->state().report_path = (out / "report.html").string();
  h.frame();
  REQUIRE(h.click("Save report"));
  std::ifstream in(out / "report.html");
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(html == h.app->model().report);

  h.app->run(ui::ExportJson{(out / "all.json").string()});
  CHECK(fs::file_size(out / "all.json") > 100);
  h.app->run(ui::Backup{(out / "backup.db").string()});
  CHECK(fs::file_size(out / "backup.db") > 1000);
  // A path that cannot be written is a notice, never a crash.
  h.app->run(ui::SaveReport{"/nonexistent/dir/r.html"});
  CHECK_FALSE(h.app->model().notices.empty());
}

TEST_CASE("sound settings are kept in the settings file") {
  Frames h("settings");
  h.app->run(ui::SetVolume{0.35});
  h.app->run(ui::SetMuted{true});
  const GuiSettings g = load_settings(settings_path(h.data));
  CHECK(g.volume == doctest::Approx(0.35));
  CHECK(g.muted);
  h.frame();
  CHECK(h.app->model().sound_muted);
}

TEST_CASE("week screen: Begin on a practice and on home practice opens the player") {
  Frames h("week/1");
  const Course& c = *h.app->model().course;
  const Item* homework = nullptr;
  for (const Item& it : c.week(1)->items) {
    if (it.kind == ItemKind::Homework && it.target &&
        it.target->type == HomeworkTarget::Type::PracticeDays) {
      homework = &it;
    }
  }
  REQUIRE(homework);
  REQUIRE(h.click(homework->id + "/Begin"));
  CHECK(h.app->model().route.screen == Screen::Practice);
  CHECK(h.app->model().route.item == homework->target->practice);
  CHECK(h.flow().module == c.week(1)->id);
  h.app->go(*parse_route("week/1", &c));
  h.frame();
  REQUIRE(h.click("w1-soothing-rhythm-breathing/Begin"));
  CHECK(h.app->model().route.item == "w1-soothing-rhythm-breathing");
  CHECK(h.flow().item == "w1-soothing-rhythm-breathing");
}

TEST_CASE("export screen: the reflections are listed again on a second visit") {
  Frames h("export");
  cmd::WriteEntry d;
  d.text = "Something I wrote.";
  REQUIRE(h.app->session()->apply(d).ok());
  h.app->run(ui::BuildReport{});
  h.frames(2);
  CHECK(h.app->model().journal.size() == 1);
  REQUIRE(h.click("Settings"));
  REQUIRE(h.click("Review and save a report"));
  h.frames(2);
  CHECK(h.app->model().route.screen == Screen::Export);
  CHECK(h.app->model().journal.size() == 1);
}
