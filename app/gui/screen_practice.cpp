// Practice player: intro and caution, "how are you right now?" (optional), then the guided
// script step by step with a timer, a progress ring and a breathing pacer; bells through the
// app's audio player; afterwards "How are you now?" and the log; a calm panel when the engine
// says the practice was difficult. Contents: helpers (distress scale, ring, pacer) · stages
// (intro, running, after, done) · draw_practice.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "kindly/timeline.h"
#include "markdown.h"
#include "player.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
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

// Resets the flow for the route's practice (or item) when it changes.
void setup_flow(const Model& m, ScreenState& s) {
  const std::string key = m.route.module + ":" + m.route.item + "/" +
                          std::to_string(m.route.seconds) + "/" + std::to_string(m.route.prompt);
  PracticeFlow& f = s.practice;
  if (f.key == key) return;
  f = PracticeFlow{};
  f.key = key;
  const Course& c = *m.course;
  std::vector<double> lengths;
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
      }
      if (lengths.empty()) lengths.push_back(std::max(1, p->minutes) * 60.0);
    }
    f.timer = PracticeTimer(lengths);
  }
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
  if (pr->bells.start) out.push_back(ui::PlayBell{false});
  if (!pr->audio.empty()) {
    out.push_back(ui::PlayAudio{pr->audio.string()});
    fl.audio_started = true;
  }
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
  ImGui::BeginDisabled(fl.timer.open() && !pr);
  const bool go = primary_button("Begin");
  remember_widget("Begin practice");
  ImGui::EndDisabled();
  if (go) begin_practice(m, fl, pr, out);
  ImGui::SameLine();
  if (soft_button("Not now")) {
    const Route back = fl.module.empty() ? Route{Screen::Home} : Route{Screen::Week, fl.module};
    out.push_back(go_to(back));
  }
  if (pr && link_button("Your own voice")) out.push_back(go_to(Route{Screen::Record, {}, pr->id}));
}

void finish(const Model& m, PracticeFlow& fl, const Practice* pr, Actions& out, bool early) {
  if (!fl.timer.stopped()) fl.timer.stop(m.time);
  if (fl.audio_started || early) out.push_back(ui::StopSound{});
  if (!early && pr && pr->bells.end && !fl.end_bell_rung) {
    out.push_back(ui::PlayBell{false});
    fl.end_bell_rung = true;
  }
  fl.stage = PracticeFlow::Stage::After;
}

void draw_running(const Model& m, ScreenState& s, Actions& out, const Practice* pr) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  PracticeFlow& fl = s.practice;
  const double now = m.time;
  if (fl.timer.finished(now)) {
    finish(m, fl, pr, out, false);
    return;
  }
  if (pr && pr->bells.interval_minutes > 0) {
    const int n = fl.timer.interval_bells(now, pr->bells.interval_minutes);
    if (n > fl.bells_rung) {
      fl.bells_rung = n;
      out.push_back(ui::PlayBell{true});
    }
  }
  muted(pr ? pr->title : std::string("Practice"), width, f.small);
  const float size = std::round(std::min(width * 0.55f, f.ui->FontSize * 17));
  ring_and_pacer(m, fl, pr, size);
  vspace(10);

  if (pr && !pr->script.empty() && !fl.timer.open()) {
    const int i = std::clamp(fl.timer.step(now), 0, static_cast<int>(pr->script.size()) - 1);
    muted("Step " + std::to_string(i + 1) + " of " + std::to_string(pr->script.size()), width,
          f.small);
    ImGui::PushFont(f.serif);
    text_wrapped(pr->script[static_cast<std::size_t>(i)].text, width);
    ImGui::PopFont();
    remember_widget("step/" + std::to_string(i));
  } else {
    muted("Take the time you need. Stop when you are ready.", width);
  }
  vspace(12);
  if (fl.timer.paused()) {
    if (primary_button("Resume")) fl.timer.resume(now);
    remember_widget("Resume");
  } else {
    if (soft_button("Pause")) {
      fl.timer.pause(now);
      // The audio player cannot pause a recording: it stops, and the script carries on alone.
      if (fl.audio_started) {
        out.push_back(ui::StopSound{});
        fl.audio_started = false;
      }
    }
    remember_widget("Pause");
  }
  ImGui::SameLine();
  if (!fl.timer.open()) {
    if (soft_button("Skip step")) fl.timer.skip_step(now);
    remember_widget("Skip step");
    ImGui::SameLine();
  }
  const bool stop = soft_button(fl.timer.open() ? "Finish" : "Stop");
  remember_widget("Stop");
  if (stop) finish(m, fl, pr, out, true);
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
  ImGui::InputTextMultiline("##note", &fl.note, ImVec2(width, f.ui->FontSize * 4));
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
  vspace(4);
  text_wrapped(
      "It is also fine to pause the course and take a few days. Nothing is lost and nothing "
      "locks; the course will be here when you come back.",
      width - 40);
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

void draw_practice(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts) return;
  setup_flow(m, s);
  PracticeFlow& fl = s.practice;
  const Practice* pr = flow_practice(m, fl);
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
  // After logging, the app has stored the engine's answer: show it.
  if (fl.stage == PracticeFlow::Stage::After && fl.result) fl.stage = PracticeFlow::Stage::Done;
  vspace(20);
  support_link(m, out);
}

}  // namespace kindly::gui
