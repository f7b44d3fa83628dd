// The practice screen of its own (issue 14.3) and its guidance modes (issue 13): the window to
// itself while a practice runs, controls that never move, Space and Escape, closing
// mid-practice, an interrupted practice resumed; chimes and text-only. Screenless frames over
// tests/data/courses/player (one practice of three steps of a few seconds).
#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "app.h"
#include "harness.h"
#include "kindly/recordings.h"
#include "kindly/speech_fake.h"
#include "player.h"
#include "settings.h"
#include "widgets.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::gui;

namespace {

const std::string kCourse = std::string(KINDLY_TEST_DATA) + "/courses/player";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The player course begun, on `screen`, with a window of `w` x `h` and the guidance `g`.
struct Player : test::Harness {
  explicit Player(const std::string& screen = "practice/three-steps", Guidance g = Guidance::Text,
                  ImVec2 size = ImVec2(1180, 780))
      : Harness("2026-11-02T09:00", test::fresh_dir("player"), kCourse) {
    GuiSettings s;
    s.guidance = g;
    REQUIRE(save_settings(settings_path(data), s));
    restart(screen, size);
    REQUIRE(app->session());
    (void)app->session()->apply(cmd::Begin{});
    (void)app->session()->apply(cmd::Start{"1"});
    frames(2);
  }
  // A new App on the same data folder, as after the app was killed (no shutdown()).
  void restart(const std::string& screen, ImVec2 size = ImVec2(1180, 780)) {
    app.reset();
    AppConfig cfg;
    cfg.course_dir = kCourse;
    cfg.data_dir = data.string();
    cfg.now = "2026-11-02T09:00";
    cfg.screen = screen;
    app = std::make_unique<App>(cfg);
    app->setup_fonts_and_style(1.0f);
    ImGui::GetIO().DisplaySize = size;
    frames(2);
  }
  const PracticeFlow& flow() { return app->state().practice; }
  fs::path resume_file() const { return data / "practice-resume.ini"; }
  // A key pressed and released (ImGui 1.86: through io.KeyMap / io.KeysDown).
  void key(ImGuiKey_ k) {
    ImGuiIO& io = ImGui::GetIO();
    const int index = 300 + static_cast<int>(k);
    io.KeyMap[k] = index;
    io.KeysDown[index] = true;
    frame();
    io.KeysDown[index] = false;
    frame();
  }
};

bool same(const Rect& a, const Rect& b) {
  return a.min.x == b.min.x && a.min.y == b.min.y && a.max.x == b.max.x && a.max.y == b.max.y;
}

}  // namespace

TEST_CASE("player: a running practice has the window to itself; the intro keeps the navigator") {
  Player h;
  CHECK(widget_rect("Progress"));  // the navigator beside the intro
  REQUIRE(h.click("Begin practice"));
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  CHECK_FALSE(widget_rect("Progress"));
  CHECK(widget_rect("support link"));  // help stays one click away
  REQUIRE(h.click("Stop"));            // the button stops at once (Escape asks first)
  CHECK(h.flow().stage == PracticeFlow::Stage::After);
  CHECK_FALSE(widget_rect("Progress"));  // "How are you now?" too
  REQUIRE(h.click("Discard without logging"));
  h.frame();
  CHECK(widget_rect("Progress"));
}

TEST_CASE("player: the controls never move, whatever the length of the step's text") {
  for (ImVec2 size : {ImVec2(1180, 780), ImVec2(800, 600), ImVec2(1920, 1080)}) {
    CAPTURE(size.x);
    Player h("practice/three-steps", Guidance::Text, size);
    REQUIRE(h.click("Begin practice"));
    REQUIRE(widget_rect("step/0"));  // "Settle."
    const Rect pause = *widget_rect("Pause"), skip = *widget_rect("Skip step"),
               stop = *widget_rect("Stop");
    REQUIRE(h.click("Skip step"));
    REQUIRE(widget_rect("step/1"));  // four lines and more
    CHECK(same(*widget_rect("Pause"), pause));
    CHECK(same(*widget_rect("Skip step"), skip));
    CHECK(same(*widget_rect("Stop"), stop));
    REQUIRE(h.click("Pause"));
    CHECK(same(*widget_rect("Resume"), pause));  // the other label, the same place and size
    REQUIRE(h.click("Resume"));
    REQUIRE(h.click("Skip step"));
    REQUIRE(widget_rect("step/2"));
    CHECK(same(*widget_rect("Skip step"), skip));
    CHECK(same(*widget_rect("Stop"), stop));
    CHECK(pause.max.y <= size.y);  // on screen
  }
}

TEST_CASE("player: Space pauses and resumes; Escape asks before stopping") {
  Player h;
  REQUIRE(h.click("Begin practice"));
  h.key(ImGuiKey_Space);
  CHECK(h.flow().timer.paused());
  h.key(ImGuiKey_Space);
  CHECK_FALSE(h.flow().timer.paused());
  h.key(ImGuiKey_Escape);
  CHECK(h.flow().confirm_stop);
  CHECK(h.flow().timer.paused());  // nothing runs on while it asks
  CHECK(widget_rect("confirm stop"));
  h.key(ImGuiKey_Escape);  // Escape again: no, keep practising
  CHECK_FALSE(h.flow().confirm_stop);
  CHECK_FALSE(h.flow().timer.paused());
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  h.key(ImGuiKey_Escape);
  REQUIRE(h.click("Stop here"));
  CHECK(h.flow().stage == PracticeFlow::Stage::After);
}

TEST_CASE("player: closing the window mid-practice asks, then logs the minutes done") {
  Player h;
  CHECK(h.app->confirm_close());  // nothing running: close at once
  REQUIRE(h.click("Begin practice"));
  h.frames(4, 1.0f);
  CHECK_FALSE(h.app->confirm_close());
  h.frame();
  CHECK(h.flow().confirm_close);
  CHECK(h.flow().timer.paused());
  CHECK(widget_rect("confirm close"));
  REQUIRE(h.click("Keep practising (close)"));
  CHECK_FALSE(h.flow().timer.paused());
  CHECK_FALSE(h.app->close_requested());
  // Asked again from another screen: the player comes back to ask.
  h.app->go(Route{Screen::Progress});
  h.frame();
  CHECK_FALSE(h.app->confirm_close());
  h.frame();
  CHECK(h.app->model().route.screen == Screen::Practice);
  REQUIRE(h.click("Log and close"));
  CHECK(h.app->close_requested());
  CHECK(h.app->confirm_close());
  REQUIRE(h.flow().result.has_value());
  CHECK(h.flow().result->events.front().minutes == 1);
  CHECK(h.progress().stats.total_minutes >= 1);
  CHECK_FALSE(fs::exists(h.resume_file()));  // logged: nothing left to resume
}

TEST_CASE("player: an interrupted practice is kept and resumed from Today, then removed") {
  Player h;
  REQUIRE(h.click("before/4"));
  REQUIRE(h.click("Begin practice"));
  REQUIRE(h.click("Skip step"));
  h.frames(3, 0.5f);      // 1.5 s into step 2
  h.key(ImGuiKey_Space);  // a pause writes the file at once
  REQUIRE(fs::exists(h.resume_file()));
  const auto kept = parse_resume(slurp(h.resume_file()));
  REQUIRE(kept.has_value());
  CHECK(kept->route_item == "three-steps");
  CHECK(kept->before == 4);
  CHECK(kept->position > kept->active);  // a step was skipped
  CHECK(fs::status(h.resume_file()).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write));
  h.restart("home");  // killed: no shutdown, no log
  CHECK(h.progress().stats.total_minutes == 0);
  REQUIRE(h.app->model().resume.has_value());
  REQUIRE(h.click("Resume practice"));
  CHECK(h.app->model().route.screen == Screen::Practice);
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  CHECK(h.flow().resumed);
  CHECK(h.flow().before == 4);
  CHECK(h.flow().timer.position(h.app->model().time) ==
        doctest::Approx(kept->position).epsilon(0.05));
  REQUIRE(widget_rect("step/1"));
  h.key(ImGuiKey_Escape);
  REQUIRE(h.click("Stop here"));
  REQUIRE(h.click("Save practice"));
  REQUIRE(h.flow().result.has_value());
  CHECK(h.flow().result->events.front().distress_before == 4);
  h.frame();
  CHECK_FALSE(fs::exists(h.resume_file()));
  CHECK_FALSE(h.app->model().resume.has_value());
}

TEST_CASE(
    "player: the intro offers to resume its own interrupted practice; discarding removes it") {
  Player h;
  REQUIRE(h.click("Begin practice"));
  h.frames(2, 1.0f);
  h.key(ImGuiKey_Space);
  h.restart("practice/three-steps");
  REQUIRE(h.click("Resume practice"));
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
  CHECK(h.flow().timer.active_seconds(h.app->model().time) >= 1.9);
  h.key(ImGuiKey_Escape);
  REQUIRE(h.click("Stop here"));
  REQUIRE(h.click("Discard without logging"));
  h.frame();
  CHECK_FALSE(fs::exists(h.resume_file()));
  h.restart("home");
  CHECK_FALSE(widget_rect("Resume practice"));
}

TEST_CASE("player: a resume file that Kindly did not write is not offered") {
  CHECK_FALSE(parse_resume(""));
  CHECK_FALSE(parse_resume("item = x\nposition = 10\n"));               // no active time
  CHECK_FALSE(parse_resume("item = x\nposition = ten\nactive = 1\n"));  // not a number
  CHECK_FALSE(parse_resume("item = x\nposition = 1\nactive = -4\n"));
  CHECK_FALSE(parse_resume("item = x\nposition = 1\nactive = 1\nbefore = 11\n"));
  CHECK_FALSE(parse_resume("garbage\n"));
  ResumeState r{"w1-breathing", "week-1", "breathing", 250.5, 200.25, 3};
  auto back = parse_resume(format_resume(r));
  REQUIRE(back.has_value());
  CHECK(back->route_item == r.route_item);
  CHECK(back->module == r.module);
  CHECK(back->position == doctest::Approx(250.5));
  CHECK(back->active == doctest::Approx(200.2).epsilon(0.01));
  CHECK(back->before == 3);
  Player h("home");
  std::ofstream(h.resume_file()) << "item = three-steps\nposition = lots\n";
  h.restart("home");
  CHECK_FALSE(h.app->model().resume.has_value());
  CHECK_FALSE(widget_rect("Resume practice"));
}

TEST_CASE("player: the chime mode rings a soft chime at each step change; text only is silent") {
  Player chime("practice/three-steps", Guidance::Chime);
  REQUIRE(chime.click("Begin practice"));
  CHECK(chime.flow().guidance == Guidance::Chime);
  CHECK(chime.flow().chimes == 1);  // the first step (this practice has no start bell)
  chime.frames(5, 1.0f);            // into step 2 (its timeline: 0.5 s of words, 3 s pause)
  CHECK(chime.flow().chimes == 2);
  REQUIRE(chime.click("Skip step"));
  CHECK(chime.flow().chimes == 3);
  Player text("practice/three-steps", Guidance::Text);
  REQUIRE(text.click("Begin practice"));
  REQUIRE(text.click("Skip step"));
  REQUIRE(text.click("Skip step"));
  CHECK(text.flow().chimes == 0);
}

namespace {

// The player course with spoken guidance through a FakeSpeaker (kindly/speech_fake.h).
struct Spoken : Player {
  speech::FakeSpeaker* voice = nullptr;
  explicit Spoken(speech::Backend b = speech::Backend::EspeakNg) : Player("home") {
    auto fake = std::make_unique<speech::FakeSpeaker>();
    voice = fake.get();
    if (b == speech::Backend::None) voice->set_backend(b, "No speech service answered.");
    app->use_speaker(std::move(fake));  // before anything asks for a voice
    app->run(ui::SetGuidance{Guidance::Spoken});
    app->go(*parse_route("practice/three-steps", app->model().course));
    frames(2);
  }
  int count(speech::FakeSpeaker::Call c) const {
    int n = 0;
    for (const auto& r : voice->calls()) n += r.call == c;
    return n;
  }
  double now() const { return app->model().time; }
};

}  // namespace

TEST_CASE("player: spoken guidance says each step, then its pause runs from the words' end") {
  Spoken h;
  CHECK(h.app->model().voice_state == Model::Voice::Ready);  // the intro asked
  // ... and got the voice ready, once, in the course's language, before Begin.
  CHECK(h.voice->prepared() == 1);
  CHECK(h.voice->prepared_language() == "en");
  REQUIRE(h.click("Begin practice"));
  REQUIRE(h.count(speech::FakeSpeaker::Call::Speak) == 1);
  CHECK(h.voice->current_text() == "Settle.");
  CHECK(h.voice->calls().back().options.language == "en");
  CHECK(h.app->wake_in() <= 0.1 + 1e-9);  // looking for the words' end
  h.frames(3, 1.0f);  // the words take longer than the timeline's 0.46 s: the step waits
  CHECK(h.flow().timer.holding(h.now()));
  CHECK(h.flow().timer.step(h.now()) == 0);
  REQUIRE(h.voice->finish());
  h.frame();
  CHECK_FALSE(h.flow().timer.speaking());
  h.frames(2, 1.0f);
  CHECK(h.flow().timer.step(h.now()) == 0);  // the whole 3 s pause after the words
  h.frames(2, 1.0f);
  CHECK(h.flow().timer.step(h.now()) == 1);
  CHECK(h.count(speech::FakeSpeaker::Call::Speak) == 2);
  CHECK(h.voice->current_text().rfind("Let your attention rest", 0) == 0);
  // Pause and resume act on the words too.
  REQUIRE(h.click("Pause"));
  CHECK(h.voice->paused());
  REQUIRE(h.click("Resume"));
  CHECK_FALSE(h.voice->paused());
  // Skip stops them and says the next step.
  REQUIRE(h.click("Skip step"));
  CHECK(h.count(speech::FakeSpeaker::Call::Stop) == 1);
  CHECK(h.voice->current_text() == "Rest.");
  h.key(ImGuiKey_Space);
  CHECK(h.voice->paused());
  h.key(ImGuiKey_Escape);  // asks; the words stay held
  REQUIRE(h.click("Stop here"));
  CHECK_FALSE(h.voice->speaking());
  CHECK(h.flow().stage == PracticeFlow::Stage::After);
}

TEST_CASE("player: with no voice, one calm notice, then the text with chimes") {
  Spoken h(speech::Backend::None);
  CHECK(h.app->model().voice_state == Model::Voice::None);
  CHECK(widget_rect("Begin practice"));
  REQUIRE(h.click("Begin practice"));
  h.frame();
  CHECK(h.flow().no_voice);
  CHECK(h.flow().guidance == Guidance::Chime);
  CHECK(widget_rect("no voice"));
  CHECK(h.flow().chimes == 1);
  CHECK(h.count(speech::FakeSpeaker::Call::Speak) == 0);
  REQUIRE(h.click("Skip step"));
  CHECK(h.flow().chimes == 2);
  CHECK(h.app->settings().guidance == Guidance::Spoken);  // the setting is kept for later
}

TEST_CASE("player: with text guidance chosen, the intro leaves the voice alone") {
  Player h("home");
  auto fake = std::make_unique<speech::FakeSpeaker>();
  speech::FakeSpeaker* voice = fake.get();
  h.app->use_speaker(std::move(fake));
  h.app->run(ui::SetGuidance{Guidance::Text});
  h.app->go(*parse_route("practice/three-steps", h.app->model().course));
  h.frames(2);
  CHECK(voice->prepared() == 0);
  REQUIRE(h.click("Begin practice"));
  CHECK(voice->calls().empty());
}

TEST_CASE("player: the intro says which guidance it will use and switches for this time only") {
  Spoken h;
  CHECK(h.flow().guidance == Guidance::Spoken);
  REQUIRE(h.click("Text only"));
  CHECK(h.flow().guidance == Guidance::Text);
  REQUIRE(h.click("Begin practice"));
  REQUIRE(h.click("Skip step"));
  CHECK(h.count(speech::FakeSpeaker::Call::Speak) == 0);
  CHECK(h.flow().chimes == 0);
  CHECK(h.app->settings().guidance == Guidance::Spoken);
}

TEST_CASE("settings: guidance, voice, rate and volume are remembered") {
  Spoken h;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 9000);  // the whole Settings screen at once
  h.app->go(Route{Screen::Settings});
  h.frames(2);
  REQUIRE(h.click("Text with a soft chime at each step"));
  CHECK(h.app->settings().guidance == Guidance::Chime);
  h.app->run(ui::SetGuidance{Guidance::Spoken});
  h.app->run(ui::SetVoice{"en-gb", -20, 0.5});
  h.frames(2);
  CHECK(widget_rect("Voice"));
  CHECK(widget_rect("Speaking rate"));
  const GuiSettings back = load_settings(settings_path(h.data));
  CHECK(back.guidance == Guidance::Spoken);
  CHECK(back.voice == "en-gb");
  CHECK(back.speech_rate == -20);
  CHECK(back.speech_volume == doctest::Approx(0.5));
  REQUIRE(h.click("Hear the voice"));
  CHECK(h.voice->calls().back().options.voice == "en-gb");
  CHECK(h.voice->calls().back().options.rate == -20);
}

TEST_CASE("player: with no sound device at all, every mode runs to its end and logs") {
  // No sound server and no speech service anywhere; the real Speaker and audio Player.
  ::setenv("PULSE_SERVER", "unix:/nonexistent/kindly-test/native", 1);
  ::setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  ::setenv("SPEECHD_ADDRESS", "unix_socket:/nonexistent/kindly-test/speechd", 1);
  const char* was = std::getenv("KINDLY_SPEECH");
  const std::string before = was ? was : "";
  // espeak-ng in-process, playing into no device: its words may never report their end.
  ::setenv("KINDLY_SPEECH", "espeak-ng", 1);
  for (Guidance g : {Guidance::Spoken, Guidance::Chime, Guidance::Text}) {
    CAPTURE(guidance_name(g));
    Player h("practice/three-steps", g);
    REQUIRE(h.click("Begin practice"));
    for (int i = 0; i < 200 && h.flow().stage == PracticeFlow::Stage::Running; ++i) {
      h.frame(0.5f);
    }
    // Words that never say they are done hold each step for a while only (player.h).
    REQUIRE(h.flow().stage == PracticeFlow::Stage::After);
    h.frame();
    REQUIRE(h.click("Save practice"));
    REQUIRE(h.flow().result.has_value());
    CHECK(h.flow().result->events.front().minutes >= 1);
    CHECK(h.app->model().notices.empty());  // nothing went wrong on the way
  }
  ::unsetenv("PULSE_SERVER");
  ::unsetenv("PULSE_NO_AUTOSPAWN");
  ::unsetenv("SPEECHD_ADDRESS");
  if (was) {
    ::setenv("KINDLY_SPEECH", before.c_str(), 1);
  } else {
    ::unsetenv("KINDLY_SPEECH");
  }
}

TEST_CASE("player: Save as a sound file renders the practice in the background and says where") {
  Player h;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 9000);
  h.frames(2);
  REQUIRE(h.click("Save as a sound file"));
  CHECK(h.app->state().render_path.find("three-steps.ogg") != std::string::npos);
  // A name Kindly cannot write as sound: said, and nothing is made.
  h.app->state().render_path = (h.data / "take-away.mp3").string();
  REQUIRE(h.click("Save the file"));
  CHECK(h.app->model().render_status.find(".wav, .flac or .ogg") != std::string::npos);
  CHECK_FALSE(fs::exists(h.data / "take-away.mp3"));
  REQUIRE(h.click("Save as a sound file"));
  const fs::path out = h.data / "walks" / "take-away.wav";  // a folder made as needed
  h.app->state().render_path = out.string();
  REQUIRE(h.click("Save the file"));
  if (!h.app->model().render_busy.empty()) CHECK(widget_rect("rendering"));
  for (int i = 0; i < 1200 && !h.app->model().render_busy.empty(); ++i) {
    usleep(50000);
    h.frame();
  }
  REQUIRE(h.app->model().render_busy.empty());
  const std::string status = h.app->model().render_status;
  CAPTURE(status);
  if (status.find("not saved") != std::string::npos && status.find("espeak") != std::string::npos) {
    MESSAGE("no espeak-ng on this machine: the render's failure is said, as it should be");
    return;
  }
  CHECK(status.rfind("Saved Three Short Steps", 0) == 0);
  CHECK(status.find(out.string()) != std::string::npos);
  REQUIRE(fs::exists(out));
  CHECK(fs::file_size(out) > 44 + 16000);  // a WAV header and more than a moment of sound
}

TEST_CASE("player: a step the user recorded plays their voice in place of the synthetic one") {
  Player h("home");
  auto fake = std::make_unique<speech::FakeSpeaker>();
  speech::FakeSpeaker* voice = fake.get();
  h.app->use_speaker(std::move(fake));
  h.app->run(ui::SetGuidance{Guidance::Spoken});
  // The user's own recording of step 1 (a quarter second of quiet: what matters is what plays).
  std::string wav = "RIFF";
  auto u32 = [&](std::uint32_t v) {
    for (int b = 0; b < 4; ++b) wav.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
  };
  auto u16 = [&](std::uint16_t v) {
    wav.push_back(static_cast<char>(v & 0xff));
    wav.push_back(static_cast<char>(v >> 8));
  };
  const std::uint32_t bytes = 12000 * 2;
  u32(36 + bytes);
  wav += "WAVEfmt ";
  u32(16);
  u16(1);  // PCM
  u16(1);  // mono
  u32(48000);
  u32(48000 * 2);
  u16(2);
  u16(16);
  wav += "data";
  u32(bytes);
  wav.append(bytes, '\0');
  REQUIRE(save_recording(h.data, "three-steps", 1, wav).ok());
  h.app->go(*parse_route("practice/three-steps", h.app->model().course));
  h.frames(2);
  REQUIRE(h.click("Begin practice"));
  h.frames(150, 1.0f / 60.0f);  // past the start bell's moment
  REQUIRE_FALSE(h.flow().cues.empty());
  CHECK(std::string(h.flow().cues.front().kind) == "recording");
  int spoken = 0;
  for (const auto& c : voice->calls()) spoken += c.call == speech::FakeSpeaker::Call::Speak;
  CHECK(spoken == 0);  // step 1 was not synthesized
  // The recording's end starts the step's pause; step 2, not recorded, is spoken.
  h.frames(8, 1.0f);
  bool step2_spoken = false;
  for (const auto& c : h.flow().cues)
    step2_spoken |= c.step == 1 && std::string(c.kind) == "speech";
  CHECK(step2_spoken);
}

TEST_CASE("player: practice/ID/begin begins once the app has settled, and wakes for it") {
  Player h("practice/three-steps/begin");
  CHECK(h.flow().stage == PracticeFlow::Stage::Intro);
  CHECK(h.app->wake_in() >= 0);
  CHECK(h.app->wake_in() <= 1.5);
  h.frames(2, 1.0f);
  CHECK(h.flow().stage == PracticeFlow::Stage::Running);
}
