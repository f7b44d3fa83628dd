// Practice player: intro and caution, "how are you right now?" (optional), how it will be
// guided, then the guided script on a screen of its own (the ring, the step, a control row
// that never moves; spoken, chimed or shown as text; Space, Escape, the close question);
// afterwards "How are you now?" and the log; a calm panel when the engine says the practice
// was difficult. Contents: flow set-up and resume · helpers (distress scale, ring, pacer) ·
// stages (intro with guidance and "Save as a sound file...", running, after, done) · the
// resume offer on Today · draw_practice.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "keys.h"
#include "kindly/recordings.h"
#include "kindly/timeline.h"
#include "markdown.h"
#include "player.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

// practice/ID/begin waits this long after start (ImGui time, seconds).
constexpr double kBeginAfterSettling = 1.5;

namespace {

const Practice* flow_practice(const Model& m, const PracticeFlow& f) {
  return m.course && !f.practice.empty() ? m.course->practice(f.practice) : nullptr;
}

std::string clock_text(double seconds) {
  const int s = std::max(0, static_cast<int>(seconds));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
  return buf;
}

// The interrupted practice in the resume file is the route's practice.
bool resume_matches(const Model& m) {
  return m.resume && m.resume->route_item == m.route.item && m.resume->module == m.route.module;
}

// Carries on where the resume file says the practice was.
void resume_from_file(const Model& m, PracticeFlow& f) {
  f.stage = PracticeFlow::Stage::Running;
  f.timer.restore(m.time, m.resume->position, m.resume->active);
  f.before = m.resume->before;
  f.resumed = true;
}

// Resets the flow for the route's practice (or item) when it changes. True when the route
// asks for the practice to begin at once.
bool setup_flow(const Model& m, ScreenState& s) {
  const std::string key = m.route.module + ":" + m.route.item + "/" +
                          std::to_string(m.route.seconds) + "/" + std::to_string(m.route.prompt);
  PracticeFlow& f = s.practice;
  if (f.key == key) return false;
  bool begin_now = false;
  f = PracticeFlow{};
  f.key = key;
  f.route_item = m.route.item;
  f.route_module = m.route.module;
  const Course& c = *m.course;
  std::vector<double> lengths, speech;
  if (m.route.item == "open") {
    // An untimed practice: the user picks what they practise.
    f.practice = s.manual_practice;
    f.timer = PracticeTimer({}, true);
  } else {
    const Module* in = nullptr;
    if (const Item* it = c.item(m.route.item, &in)) {
      f.item = it->id;
      f.practice = it->practice;
      if (in) f.module = in->id;
    } else {
      f.practice = m.route.item;
      f.module = m.route.module;  // e.g. a week's home practice
    }
    if (const Practice* p = c.practice(f.practice)) {
      // The engine's timeline: each step is its words spoken, then its pause.
      for (const TimelineStep& st : make_timeline(c, *p).steps) {
        lengths.push_back(st.speech_s + st.pause_s);
        speech.push_back(st.speech_s);
      }
      if (lengths.empty()) lengths.push_back(std::max(1, p->minutes) * 60.0);
      for (std::size_t k = 0; k < p->script.size(); ++k) {
        auto own = find_recording(m.data_dir, p->id, static_cast<int>(k) + 1);
        if (!own && !p->script[k].audio.empty()) own = p->script[k].audio;
        f.step_audio.push_back(own ? own->string() : std::string());
      }
    }
    f.timer = PracticeTimer(lengths, false, speech);
  }
  f.guidance = m.guidance;
  // practice/ID/begin (scripts, the real-sound test) begins once the app has settled, as a
  // person would after reading the intro: its sound is then ready (App warms it on the intro).
  if (m.route.begin && f.stage == PracticeFlow::Stage::Intro) f.begin_pending = true;
  if (m.route.seconds > 0) {  // screenshots: already some way in
    f.stage = PracticeFlow::Stage::Running;
    f.timer.start(m.time - m.route.seconds);
  }
  if (m.route.prompt > 0) {  // screenshots of the later stages ("after", "difficult")
    f.timer.stop(m.time);
    f.stage = PracticeFlow::Stage::After;
    f.before = 3;
    if (m.route.prompt == 2) {
      f.after = 8;
      f.stage = PracticeFlow::Stage::Done;
      f.logged_minutes = f.timer.minutes_practised(m.time);
      Outcome sample;
      sample.credited = true;
      sample.pacing = PacingAdvice{true, c.pacing.grounding_practice, true};
      f.result = sample;
    }
  }
  return begin_now;
}

// 0..10, each a small toggle; clicking the chosen one again clears it (it is optional).
void distress_scale(const Model& m, const char* id, int& value) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  ImGui::PushID(id);
  const float w = std::round(f.ui->FontSize * 2.1f);
  for (int v = 0; v <= 10; ++v) {
    if (v > 0) ImGui::SameLine(0, std::round(f.ui->FontSize * 0.25f));
    const bool on = value == v;
    ImGui::PushStyleColor(ImGuiCol_Button, on ? p.accent : p.card);
    ImGui::PushStyleColor(ImGuiCol_Text, on ? p.accent_text : p.text);
    const std::string label = std::to_string(v);
    if (ImGui::Button(label.c_str(), ImVec2(w, 0))) value = on ? -1 : v;
    ImGui::PopStyleColor(2);
    remember_widget(std::string(id) + "/" + label);
  }
  const float row = w * 11 + std::round(f.ui->FontSize * 0.25f) * 10;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(f.small, f.small->FontSize, at, u32(p.muted), "calm");
  const char* hi = "very distressed";
  const float hw = f.small->CalcTextSizeA(f.small->FontSize, FLT_MAX, 0, hi).x;
  ImGui::GetWindowDrawList()->AddText(f.small, f.small->FontSize, ImVec2(at.x + row - hw, at.y),
                                      u32(p.muted), hi);
  ImGui::Dummy(ImVec2(row, f.small->FontSize * 1.3f));
  ImGui::PopID();
}

// The progress ring with the clock in its middle and, for practices with a rhythm, the
// breathing pacer inside it.
void ring_and_pacer(const Model& m, const PracticeFlow& fl, const Practice* pr, float size) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float x0 = at.x + std::floor((m.content_width - size) * 0.5f);
  const ImVec2 c(x0 + size * 0.5f, at.y + size * 0.5f);
  const float r = size * 0.5f - 6;
  const float thick = std::max(4.0f, size * 0.03f);
  const double now = m.time;
  dl->AddCircle(c, r, u32(p.track), 96, thick);
  const double frac = fl.timer.open() ? std::fmod(fl.timer.active_seconds(now) / 60.0, 1.0)
                                      : fl.timer.fraction(now);
  if (frac > 0.001) {
    const float a0 = -static_cast<float>(M_PI) * 0.5f;
    dl->PathArcTo(c, r, a0, a0 + static_cast<float>(frac) * 2 * static_cast<float>(M_PI), 96);
    dl->PathStroke(u32(p.accent), 0, thick);
  }
  // Pacer: a soft disc that grows with the in-breath and settles with the out-breath.
  std::string phase;
  if (pr && pr->pacer) {
    const PacerPoint pt = pacer_at(*pr->pacer, fl.timer.active_seconds(now));
    const float rmin = r * 0.34f, rmax = r * 0.84f;
    const float rr = rmin + (rmax - rmin) * static_cast<float>(pt.size);
    dl->AddCircleFilled(c, rr, u32(p.accent_soft), 96);
    dl->AddCircle(c, rr, u32(p.accent, 0.5f), 96, 1.5f);
    dl->AddCircle(c, rmax, u32(p.accent, 0.18f), 96, 1.0f);
    phase = pt.phase;
  }
  // The clock.
  const std::string t =
      clock_text(fl.timer.active_seconds(now)) +
      (fl.timer.open() ? std::string() : " / " + clock_text(fl.timer.total_seconds()));
  const ImVec2 ts = f.h2->CalcTextSizeA(f.h2->FontSize, FLT_MAX, 0, t.c_str());
  dl->AddText(f.h2, f.h2->FontSize,
              ImVec2(std::round(c.x - ts.x * 0.5f), std::round(c.y - ts.y * 0.5f)), u32(p.text),
              t.c_str());
  std::string sub = fl.timer.paused() ? "Paused" : phase;
  if (!sub.empty()) {
    const ImVec2 ss = f.ui->CalcTextSizeA(f.ui->FontSize, FLT_MAX, 0, sub.c_str());
    dl->AddText(f.ui, f.ui->FontSize,
                ImVec2(std::round(c.x - ss.x * 0.5f), std::round(c.y + ts.y * 0.6f)), u32(p.muted),
                sub.c_str());
  }
  ImGui::Dummy(ImVec2(m.content_width, size));
}

// ---- stages ------------------------------------------------------------------------------------

void begin_practice(const Model& m, PracticeFlow& fl, const Practice* pr, Actions& out) {
  fl.stage = PracticeFlow::Stage::Running;
  fl.timer.start(m.time);
  if (!pr) return;
  if (pr->bells.start) {
    out.push_back(ui::PlayBell{false});
    fl.cues.push_back({-1, "bell", 0, 0});
  }
  if (!pr->audio.empty()) {
    out.push_back(ui::PlayAudio{pr->audio.string()});
    fl.audio_started = true;
  }
}

// Spoken guidance without a voice: text with chimes, said on the intro and the player.
constexpr const char* kNoVoice =
    "No voice is available on this computer, so the guidance is shown as text, with a soft "
    "chime at each step.";

const char* guidance_text(Guidance g) {
  switch (g) {
    case Guidance::Spoken:
      return "Each step will be read aloud, then its pause runs, so you can close your eyes.";
    case Guidance::Chime:
      return "Each step will be shown as text, with a soft chime when the next one begins.";
    case Guidance::Text:
      return "Each step will be shown as text, with no sound between steps (eyes open).";
  }
  return "";
}

// Which guidance this practice will use, and a switch for this time only (the setting stays).
void guidance_choice(const Model& m, PracticeFlow& fl, Actions& out) {
  const Fonts& f = *m.fonts;
  // Spoken: ask the speech service now whether there is a voice, so this line tells the truth.
  if (fl.guidance == Guidance::Spoken && m.voice_state == Model::Voice::Untried) {
    out.push_back(ui::ProbeSpeech{});  // answered at once: Ready or None
  }
  const bool no_voice = fl.guidance == Guidance::Spoken && m.voice_state == Model::Voice::None;
  muted(no_voice ? kNoVoice : guidance_text(fl.guidance), m.content_width, f.small);
  const struct {
    Guidance g;
    const char* label;
  } other[] = {{Guidance::Spoken, "Read aloud"},
               {Guidance::Chime, "Text with chimes"},
               {Guidance::Text, "Text only"}};
  ImGui::PushFont(f.small);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Just this time:");
  for (const auto& o : other) {
    if (o.g == fl.guidance) continue;
    ImGui::SameLine();
    if (link_button(o.label)) {
      fl.guidance = o.g;
      fl.guidance_chosen = true;
    }
  }
  ImGui::PopFont();
  vspace(6);
}

// "Save as a sound file...": the practice's voice, pauses and bells in one file to take on a
// walk, made in the background; one calm line says how it is going and where it went.
void take_it_with_you(const Model& m, ScreenState& s, const Practice* pr, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  vspace(10);
  if (!m.render_busy.empty()) {
    muted("Making a sound file of " + m.render_busy +
              ". This takes a little while; you can carry on meanwhile.",
          width, f.small);
    remember_widget("rendering");
    return;
  }
  if (!m.render_status.empty()) {
    muted(m.render_status, width, f.small);
    remember_widget("render status");
  }
  if (!s.render_open) {
    if (link_button("Save as a sound file...")) {
      s.render_open = true;
      s.render_path = m.render_default_path + "/" + pr->id + ".ogg";
    }
    remember_widget("Save as a sound file");
    return;
  }
  muted("Where to save it (.ogg, .flac or .wav):", width, f.small);
  ImGui::SetNextItemWidth(std::max(100.0f, width - f.ui->FontSize * 11));
  ImGui::InputText("##render-path", &s.render_path);
  remember_widget("##render-path");
  ImGui::SameLine();
  if (soft_button("Save the file")) {
    out.push_back(ui::RenderPractice{pr->id, s.render_path});
    s.render_open = false;
  }
  ImGui::SameLine();
  if (link_button("Cancel##render")) s.render_open = false;
}

void draw_intro(const Model& m, ScreenState& s, Actions& out, const Practice* pr) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  PracticeFlow& fl = s.practice;
  if (fl.timer.open()) {
    title(f, "Practise on your own", "An open timer: stop whenever you are ready.", width);
    muted("What are you practising?", width);
    const Practice* cur = m.course->practice(s.manual_practice);
    ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 22));
    if (begin_select("##open-practice", cur ? cur->title.c_str() : "Choose a practice")) {
      for (const auto& [id, p] : m.course->practices) {
        if (select_item(p.title.c_str(), id == s.manual_practice)) {
          s.manual_practice = id;
          fl.practice = id;
        }
      }
      end_select();
    }
    remember_widget("##open-practice");
    pr = m.course->practice(fl.practice);
  } else {
    if (!pr) {
      title(f, "This practice is not in the course", "It may have been renamed.", width);
      return;
    }
    muted(std::string(pr->kind == ItemKind::Meditation ? "Meditation" : "Informal practice") +
              (pr->minutes > 0 ? " \xC2\xB7 about " + std::to_string(pr->minutes) + " min" : ""),
          width, f.small);
    title(f, pr->title, pr->summary, width);
    if (!pr->intro.empty()) {
      draw_markdown(pr->intro, f, width, Prose::Reading);
      vspace(6);
    }
    if (!pr->caution.empty()) {
      begin_card(width);
      draw_markdown(pr->caution, f, width - 40, Prose::Interface);
      const ImVec4 bg = palette().warm_soft;
      end_card(&bg);
      vspace(8);
    }
  }
  section(f, "How are you right now?");
  muted("If you like, rate how distressed you feel, from 0 (calm) to 10. You can skip this.", width,
        f.small);
  distress_scale(m, "before", fl.before);
  vspace(10);
  if (pr && !pr->script.empty() && !fl.timer.open()) guidance_choice(m, fl, out);
  ImGui::BeginDisabled(fl.timer.open() && !pr);
  // The keyboard starts on Begin (Enter begins), the page's one primary action; Shift+Tab
  // reaches the rating above it.
  if (keys::opening()) keys::focus_next_control();
  const bool go = primary_button("Begin");
  remember_widget("Begin practice");
  ImGui::EndDisabled();
  if (go) begin_practice(m, fl, pr, out);
  ImGui::SameLine();
  if (resume_matches(m)) {
    const std::string label = "Resume from " + clock_text(m.resume->position);
    // A course recording is not restarted part-way (it cannot seek): the script carries on.
    if (soft_button(label.c_str())) resume_from_file(m, fl);
    remember_widget("Resume practice");
    ImGui::SameLine();
  }
  if (soft_button("Not now")) {
    const Route back = fl.module.empty() ? Route{Screen::Home} : Route{Screen::Week, fl.module};
    out.push_back(go_to(back));
  }
  if (pr && link_button("Your own voice")) out.push_back(go_to(Route{Screen::Record, {}, pr->id}));
  if (pr && !pr->script.empty() && !fl.timer.open()) take_it_with_you(m, s, pr, out);
}

void finish(const Model& m, PracticeFlow& fl, const Practice* pr, Actions& out, bool early) {
  if (fl.guidance == Guidance::Spoken) out.push_back(ui::StopSpeech{});
  if (!fl.timer.stopped()) fl.timer.stop(m.time);
  if (fl.audio_started || early) out.push_back(ui::StopSound{});
  if (!early && pr && pr->bells.end && !fl.end_bell_rung) {
    out.push_back(ui::PlayBell{false});
    fl.end_bell_rung = true;
    fl.cues.push_back(
        {fl.timer.step_count(), "bell", fl.timer.active_seconds(m.time), fl.timer.total_seconds()});
  }
  fl.stage = PracticeFlow::Stage::After;
}

// ---- the running screen ------------------------------------------------------------------

// `text` wrapped to `width` and centred line by line, at `size` px of `font`.
void centred_text(const std::string& text, ImFont* font, float size, float width, ImU32 col) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float line_h = std::round(size * 1.45f);
  float y = at.y;
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    const char* brk = font->CalcWordWrapPositionA(size / font->FontSize, p, end, width);
    if (brk == p) brk = p + 1;  // a word wider than the line: at least one byte per line
    const char* line_end = brk;
    while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\n')) --line_end;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, p, line_end);
    dl->AddText(font, size, ImVec2(std::round(at.x + (width - ts.x) * 0.5f), y), col, p, line_end);
    y += line_h;
    p = brk;
    while (p < end && (*p == ' ' || *p == '\n')) ++p;
  }
  ImGui::Dummy(ImVec2(width, std::max(line_h, y - at.y)));
}

// The labels the control row can show: its buttons are all as wide as the widest, so none
// moves or changes size when a label changes (Pause / Resume) or a step's text does.
constexpr const char* kControlLabels[] = {"Pause",
                                          "Resume",
                                          "Skip step",
                                          "Stop",
                                          "Finish",
                                          "Stop here",
                                          "Keep practising",
                                          "Log and close",
                                          "Close without logging"};

float control_width(const Fonts& f) {
  float w = 0;
  for (const char* l : kControlLabels) {
    w = std::max(w, f.ui->CalcTextSizeA(f.ui->FontSize, FLT_MAX, 0, l).x);
  }
  return std::round(w + ImGui::GetStyle().FramePadding.x * 4);
}

// One button of the control row in slot `i` of `n`, at the row's fixed place: `row.x` is the
// window's centre (not the column's, which moves while a scrollbar comes and goes).
bool control(const Model& m, const ImVec2& row, int i, int n, const char* label, bool primary,
             const char* key = nullptr) {
  const Fonts& f = *m.fonts;
  const float bw = control_width(f), gap = std::round(f.ui->FontSize * 0.8f);
  const float total = bw * static_cast<float>(n) + gap * static_cast<float>(n - 1);
  ImGui::SetCursorScreenPos(
      ImVec2(std::round(row.x - total * 0.5f) + (bw + gap) * static_cast<float>(i), row.y));
  const ImVec2 size(bw, std::round(f.ui->FontSize * 2.2f));
  const bool r = primary ? primary_button(label, size) : soft_button(label, size);
  if (key) remember_widget(key);
  return r;
}

void pause_practice(const Model& m, PracticeFlow& fl, Actions& out) {
  if (fl.recording_playing) {
    // A recording cannot be held: it stops, and its step's pause runs on from here.
    out.push_back(ui::StopSound{});
    fl.recording_playing = false;
    if (fl.timer.speaking()) fl.timer.speech_ended(m.time);
  }
  fl.timer.pause(m.time);
  // The audio player cannot pause a recording: it stops, and the script carries on alone.
  if (fl.audio_started) {
    out.push_back(ui::StopSound{});
    fl.audio_started = false;
  }
  if (fl.timer.speaking()) out.push_back(ui::PauseSpeech{});
  fl.resume_saved_at = -1e9;  // written at once: a pause is a likely moment to be closed
}

void resume_practice(const Model& m, PracticeFlow& fl, Actions& out) {
  if (!fl.timer.paused()) return;
  fl.timer.resume(m.time);
  if (fl.timer.speaking()) out.push_back(ui::ResumeSpeech{});
}

// The words (spoken mode) or a soft chime (chime mode) at each step change; in the spoken mode
// the words' natural end starts the step's pause (PracticeTimer::speech_ended).
void cue_step(const Model& m, PracticeFlow& fl, const Practice* pr, Actions& out) {
  if (!pr || pr->script.empty() || fl.timer.open()) return;
  const double now = m.time;
  if (fl.guidance == Guidance::Spoken && m.voice_state == Model::Voice::None) {
    fl.guidance = Guidance::Chime;  // the voice failed: chimes from here on
    fl.no_voice = true;
    fl.timer.speech_ended(now);
  }
  if (fl.timer.speaking() && (m.speech_done == fl.utterance)) fl.timer.speech_ended(now);
  // A step's recording ended by itself: its pause starts (a moment's grace for the player to
  // report it playing).
  if (fl.recording_playing && !m.audio_playing && now - fl.recording_started > 0.5) {
    fl.recording_playing = false;
    if (fl.timer.speaking()) fl.timer.speech_ended(now);
  }
  if (fl.timer.paused()) return;
  const int i = std::clamp(fl.timer.step(now), 0, static_cast<int>(pr->script.size()) - 1);
  if (i == fl.cued_step) return;
  const bool first = fl.cued_step < 0;
  // The start bell sounds on its own for a moment before the first words.
  if (fl.guidance == Guidance::Spoken && first && pr->bells.start &&
      fl.timer.active_seconds(now) < kFirstWordsAfterBell) {
    return;
  }
  fl.cued_step = i;
  const char* kind = "text";
  const std::string own =
      static_cast<std::size_t>(i) < fl.step_audio.size() ? fl.step_audio[i] : std::string();
  if (m.guidance == Guidance::Spoken && !own.empty() && !m.sound_muted) {
    // The user's own voice (or the course's recording) in place of the synthetic one.
    if (fl.timer.speaking()) out.push_back(ui::StopSpeech{});
    out.push_back(ui::PlayAudio{own});
    fl.recording_playing = true;
    fl.recording_started = now;
    fl.timer.speech_started(now);
    kind = "recording";
  } else if (fl.guidance == Guidance::Spoken) {
    if (fl.recording_playing) out.push_back(ui::StopSound{});
    fl.recording_playing = false;
    out.push_back(ui::Speak{pr->script[static_cast<std::size_t>(i)].text});
    fl.utterance = m.speech_said + 1;  // the number App gives this one
    fl.timer.speech_started(now);
    kind = "speech";
  } else if (fl.guidance == Guidance::Chime && !(first && pr->bells.start)) {
    out.push_back(ui::PlayBell{true, true});
    ++fl.chimes;
    kind = "chime";
  }
  fl.cues.push_back({i, kind, fl.timer.active_seconds(now), fl.timer.step_start(i)});
}

// The control row: Pause/Resume, Skip step, Stop; or a confirmation in the same places.
void draw_controls(const Model& m, PracticeFlow& fl, const Practice* pr, Actions& out,
                   const ImVec2& row) {
  const double now = m.time;
  if (fl.confirm_close) {
    if (control(m, row, 0, 3, "Log and close", true)) {
      out.push_back(ask(fl.log(now), std::nullopt, Reply::Practice));
      out.push_back(ui::Close{});
    }
    if (control(m, row, 1, 3, "Keep practising", false, "Keep practising (close)")) {
      fl.confirm_close = false;
      resume_practice(m, fl, out);
    }
    if (control(m, row, 2, 3, "Close without logging", false)) {
      out.push_back(ui::KeepResume{fl.resume_state(now)});
      out.push_back(ui::Close{});
    }
    return;
  }
  if (fl.confirm_stop) {
    if (control(m, row, 0, 2, "Stop here", true)) {
      fl.confirm_stop = false;
      finish(m, fl, pr, out, true);
    }
    if (control(m, row, 1, 2, "Keep practising", false)) {
      fl.confirm_stop = false;
      resume_practice(m, fl, out);
    }
    return;
  }
  const int n = fl.timer.open() ? 2 : 3;
  if (fl.timer.paused()) {
    if (control(m, row, 0, n, "Resume", true)) resume_practice(m, fl, out);
  } else if (control(m, row, 0, n, "Pause", false)) {
    pause_practice(m, fl, out);
  }
  if (!fl.timer.open() && control(m, row, 1, n, "Skip step", false)) {
    if (fl.timer.speaking()) out.push_back(ui::StopSpeech{});
    if (fl.recording_playing) out.push_back(ui::StopSound{});
    fl.recording_playing = false;
    fl.timer.skip_step(now);
  }
  if (control(m, row, n - 1, n, fl.timer.open() ? "Finish" : "Stop", false, "Stop")) {
    finish(m, fl, pr, out, true);
  }
}

// Space pauses and resumes; Escape asks before stopping (and, asked, keeps practising).
void practice_keys(const Model& m, PracticeFlow& fl, Actions& out) {
  if (ImGui::GetIO().WantTextInput) return;
  const bool space = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false);
  const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (escape) {
    if (fl.confirm_stop || fl.confirm_close) {
      fl.confirm_stop = fl.confirm_close = false;
      resume_practice(m, fl, out);
    } else {
      fl.confirm_stop = true;
      pause_practice(m, fl, out);
    }
    return;
  }
  if (space && !fl.confirm_stop && !fl.confirm_close) {
    if (fl.timer.paused()) {
      resume_practice(m, fl, out);
    } else {
      pause_practice(m, fl, out);
    }
  }
}

// Long because the running screen is laid out in one pass from the window's height: the
// title, the ring, the step (in a box of fixed height), and the control row anchored to the
// window's bottom, so nothing there depends on the length of the step's text.
void draw_running(const Model& m, ScreenState& s, Actions& out, const Practice* pr) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  PracticeFlow& fl = s.practice;
  const double now = m.time;
  if (fl.timer.finished(now)) {
    finish(m, fl, pr, out, false);
    return;
  }
  practice_keys(m, fl, out);
  if (pr && pr->bells.interval_minutes > 0) {
    const int n = fl.timer.interval_bells(now, pr->bells.interval_minutes);
    if (n > fl.bells_rung) {
      fl.bells_rung = n;
      out.push_back(ui::PlayBell{true});
    }
  }
  cue_step(m, fl, pr, out);
  // The interrupted-practice file: every few seconds, and at once after a pause.
  if (now - fl.resume_saved_at >= 5.0) {
    fl.resume_saved_at = now;
    out.push_back(ui::KeepResume{fl.resume_state(now)});
  }

  // Where the control row goes: the window's bottom, less the room the frame keeps below a
  // screen (so the screen never scrolls), and never above the ring and three lines of text.
  const float x0 = ImGui::GetCursorScreenPos().x;
  const float top = ImGui::GetCursorScreenPos().y;
  const float win_bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight();
  const float button_h = std::round(f.ui->FontSize * 2.2f);
  // Below the row: the support link, then the room the frame leaves after every screen and
  // the window's padding (both scale with the content scale, at most size / kMinFontPx).
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float reserve = std::round(f.ui->FontSize * 2.4f + 4 * spacing +
                                   80.0f * std::max(1.0f, f.ui->FontSize / kMinFontPx));
  const float room = win_bottom - top - reserve - button_h;
  const float size =
      std::round(std::clamp(std::min(width * 0.5f, room * 0.45f), 120.0f, f.ui->FontSize * 17));

  const std::string heading = pr ? pr->title : std::string("Practice");
  centred_text(heading, f.ui, f.ui->FontSize, width, u32(p.muted));
  if (fl.no_voice) {
    centred_text(kNoVoice, f.small, f.small->FontSize, width, u32(p.muted));
    remember_widget("no voice");
  }
  ring_and_pacer(m, fl, pr, size);
  vspace(std::round(f.ui->FontSize * 0.8f));
  const float step_font = std::round(f.serif->FontSize * 1.3f);
  const float text_top = ImGui::GetCursorScreenPos().y;
  const float min_text = std::round(step_font * 1.45f * 3 + f.small->FontSize * 2);
  const float row_y = std::round(std::max(win_bottom - reserve - button_h, text_top + min_text));

  // The step, in a box that ends above the control row (it scrolls on its own if a step is
  // longer than the box).
  ImGui::BeginChild("##step", ImVec2(width, row_y - text_top - f.ui->FontSize), false,
                    ImGuiWindowFlags_NoBackground);
  if (fl.confirm_stop || fl.confirm_close) {
    const int minutes = fl.timer.minutes_practised(now);
    centred_text(fl.confirm_close
                     ? "Close Kindly now? The " + count_of(minutes, "minute", "minutes") +
                           " you practised will be logged."
                     : std::string("Stop here? The minutes you practised are kept."),
                 f.serif, step_font, width, u32(p.text));
    remember_widget(fl.confirm_close ? "confirm close" : "confirm stop");
  } else if (pr && !pr->script.empty() && !fl.timer.open()) {
    const int i = std::clamp(fl.timer.step(now), 0, static_cast<int>(pr->script.size()) - 1);
    centred_text("Step " + std::to_string(i + 1) + " of " + std::to_string(pr->script.size()),
                 f.small, f.small->FontSize, width, u32(p.muted));
    centred_text(pr->script[static_cast<std::size_t>(i)].text, f.serif, step_font, width,
                 u32(p.text));
    remember_widget("step/" + std::to_string(i));
  } else {
    centred_text("Take the time you need. Stop when you are ready.", f.serif, step_font, width,
                 u32(p.text));
  }
  ImGui::EndChild();

  draw_controls(m, fl, pr, out,
                ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowWidth() * 0.5f, row_y));
  ImGui::SetCursorScreenPos(ImVec2(x0, row_y + button_h + std::round(f.ui->FontSize * 0.6f)));
  support_link(m, out);
}

void draw_after(const Model& m, ScreenState& s, Actions& out, const Practice* pr) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  PracticeFlow& fl = s.practice;
  const int minutes = fl.timer.minutes_practised(m.time);
  title(f, "How are you now?",
        "You practised " + std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes") +
            (pr ? " of " + pr->title : std::string()) + ". Partial practice counts.",
        width);
  muted("If you like, rate how distressed you feel now, from 0 (calm) to 10.", width, f.small);
  distress_scale(m, "after", fl.after);
  vspace(8);
  muted("A note for yourself (optional; it stays in your data and is never in a report)", width,
        f.small);
  // The wrapped editor keeps every character typed (emoji included; editor.h).
  wrapped_editor("##note", &fl.note, &s.note_editor, ImVec2(width, f.ui->FontSize * 4));
  remember_widget("##note");
  vspace(8);
  if (!fl.error.empty()) muted(sentence(fl.error), width);
  const bool save = primary_button("Save");
  remember_widget("Save practice");
  if (save) {
    out.push_back(ask(fl.log(m.time), std::nullopt, Reply::Practice));
  }
  ImGui::SameLine();
  if (link_button("Discard without logging")) {
    fl.stage = PracticeFlow::Stage::Done;
    fl.logged_minutes = 0;
  }
}

}  // namespace

// The calm panel after a difficult practice (also used after a manual entry).
void draw_difficult_panel(const Model& m, const Outcome& r, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const Palette& p = palette();
  begin_card(width);
  ImGui::PushFont(f.ui_bold);
  text_wrapped("That sounded hard. Thank you for staying with yourself.", width - 40);
  ImGui::PopFont();
  text_wrapped(
      "When we turn kindness inwards, old pain can rise to meet it, the way air rushes in when "
      "a door opens onto a fire. This is called backdraft. It is common, it is not a sign that "
      "you are doing it wrong, and it usually settles. You do not have to go looking for it.",
      width - 40);
  vspace(4);
  text_wrapped(
      "You could come back to the ground now: feel your feet on the floor, and let your "
      "attention rest there for a while.",
      width - 40);
  const Practice* g =
      m.course && r.pacing ? m.course->practice(r.pacing->grounding_practice) : nullptr;
  if (g) {
    const std::string label = "Begin " + g->title;
    if (primary_button(label.c_str())) {
      out.push_back(go_to(Route{.screen = Screen::Practice, .item = g->id}));
    }
    remember_widget("grounding");
    ImGui::SameLine();
  }
  if (soft_button("Where to find help")) {
    out.push_back(go_to(Route{Screen::Resources}));
  }
  remember_widget("Where to find help");
  ImGui::SameLine();
  if (soft_button("My safety plan")) out.push_back(go_to(Route{Screen::SafetyPlan}));
  remember_widget("safety plan");
  vspace(4);
  const bool resting = m.progress != nullptr && m.progress->paused;
  text_wrapped(resting ? "The course is resting: its weeks wait for you, and nothing is lost."
                       : "It is also fine to pause the course and take a few days. Nothing is "
                         "lost and nothing locks; the weeks wait for you while it rests.",
               width - 40);
  if (!resting && m.progress != nullptr && m.progress->begun) {
    if (soft_button("Let the course rest for now")) out.push_back(ask(cmd::Pause{}));
    remember_widget("pause course");
  }
  if (r.pacing && r.pacing->suggest_slower) {
    vspace(4);
    ImGui::PushFont(f.ui_bold);
    text_wrapped("This has happened a few times this week.", width - 40);
    ImGui::PopFont();
    text_wrapped(
        "You might stay longer in this week, and choose lighter practices for a while: short "
        "ones, with your eyes open, or informal ones during the day. Going slowly is the "
        "practice too.",
        width - 40);
    remember_widget("suggest slower");
  }
  const ImVec4 bg = p.warm_soft;
  end_card(&bg);
}

namespace {

void draw_done(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  PracticeFlow& fl = s.practice;
  if (fl.result) {
    title(f,
          "Logged " + std::to_string(fl.logged_minutes) +
              (fl.logged_minutes == 1 ? " minute" : " minutes"),
          "Thank you for taking this time for yourself.", width);
    if (!fl.result->credited) {
      muted(
          "This counts toward your practice time. To tick the practice in its week, a "
          "session of " +
              std::to_string(fl.result->credit_minutes) + " minutes or more is needed.",
          width, f.small);
    }
    if (fl.result->pacing && fl.result->pacing->difficult) {
      draw_difficult_panel(m, *fl.result, out);
      vspace(8);
    }
  } else {
    title(f, "Not logged", "That is fine. Come back whenever you like.", width);
  }
  if (!fl.module.empty()) {
    if (soft_button("Back to the week")) {
      out.push_back(go_to(Route{Screen::Week, fl.module}));
    }
    ImGui::SameLine();
  }
  if (soft_button("Today")) {
    out.push_back(go_to(Route{Screen::Home}));
  }
  ImGui::SameLine();
  if (soft_button("Practise again")) {
    fl = PracticeFlow{};  // set up again on the next frame
  }
}

}  // namespace

void draw_resume_offer(const Model& m, ScreenState& s, Actions& out) {
  if (!m.resume || !m.course) return;
  const Practice* p = m.course->practice(m.resume->practice);
  if (!p) return;
  const std::string label = "Resume " + p->title + " from " + clock_text(m.resume->position);
  if (soft_button(label.c_str())) {
    s.resume_pending = true;
    out.push_back(go_to(Route{
        .screen = Screen::Practice, .module = m.resume->module, .item = m.resume->route_item}));
  }
  remember_widget("Resume practice");
  muted("It stopped when Kindly closed; the time you had practised is kept.", m.content_width,
        m.fonts->small);
  vspace(8);
}

void draw_practice(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts) return;
  bool begin_now = setup_flow(m, s);
  PracticeFlow& fl = s.practice;
  if (fl.begin_pending) {
    if (m.time < kBeginAfterSettling) {
      wake_me_in(kBeginAfterSettling - m.time);
    } else {
      fl.begin_pending = false;
      begin_now = fl.stage == PracticeFlow::Stage::Intro;
    }
  }
  const Practice* pr = flow_practice(m, fl);
  if (begin_now) begin_practice(m, fl, pr, out);
  if (s.resume_pending) {  // "Resume ... from 4:10" on Today
    s.resume_pending = false;
    if (resume_matches(m) && fl.stage == PracticeFlow::Stage::Intro) resume_from_file(m, fl);
  }
  switch (fl.stage) {
    case PracticeFlow::Stage::Intro:
      draw_intro(m, s, out, pr);
      break;
    case PracticeFlow::Stage::Running:
      draw_running(m, s, out, pr);
      break;
    case PracticeFlow::Stage::After:
      draw_after(m, s, out, pr);
      break;
    case PracticeFlow::Stage::Done:
      draw_done(m, s, out);
      break;
  }
  // After logging, the app has stored the engine's answer: show it. Logged or discarded, the
  // practice is over: no resume offer for it any more.
  if (fl.stage == PracticeFlow::Stage::After && fl.result) fl.stage = PracticeFlow::Stage::Done;
  if (fl.stage == PracticeFlow::Stage::Done && m.resume) out.push_back(ui::ClearResume{});
  if (fl.stage == PracticeFlow::Stage::Running) return;  // its support link is in place
  vspace(20);
  support_link(m, out);
}

}  // namespace kindly::gui
