// "Your own voice": record each step of a practice in your own voice, listen back, re-record,
// delete (asking first). Reached from the practice's intro and from Settings. Recording is
// offered only when a capture device was found; the recordings already made can always be
// played and deleted. The take itself runs in App (app_voice.cpp, voice.h).
//
// Sections: helpers · one step · the screen.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "theme.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

// ---- helpers --------------------------------------------------------------------------------

std::string clock_text(double s) {
  const int t = static_cast<int>(std::max(0.0, s) + 0.5);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

ui::Recording op(ui::Recording::Op o, const std::string& practice, int step = 0) {
  return ui::Recording{o, practice, step};
}

// The level meter: the RMS scaled so ordinary speech (about -30..-10 dBFS) fills most of it.
void level_meter(double rms, float width, float height) {
  const double db = rms > 0 ? 20.0 * std::log10(rms) : -90.0;
  const float frac = static_cast<float>(std::clamp((db + 60.0) / 60.0, 0.0, 1.0));
  progress_bar(frac, width, height, palette().accent);
}

// ---- one step -------------------------------------------------------------------------------

void draw_step(const Model& m, ScreenState& s, Actions& out, const Practice& p, int n,
               bool can_record) {
  const Fonts& f = *m.fonts;
  const RecordingView& v = m.recording;
  const float width = m.content_width;
  const ScriptStep& step = p.script[static_cast<std::size_t>(n - 1)];
  const auto take = v.takes.find(n);
  const bool has = take != v.takes.end();
  const bool this_one = v.recording_step == n;
  const bool any = v.recording_step > 0 || v.busy_elsewhere;

  begin_card(width);
  ImGui::PushID(n);
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(("Step " + std::to_string(n)).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  if (this_one)
    muted("Recording " + clock_text(v.seconds) + " (up to " + clock_text(v.max_seconds) + ")");
  else if (has)
    muted(take->second.seconds >= 0 ? "Your recording, " + clock_text(take->second.seconds)
                                    : "Your recording");
  else
    muted("Not recorded");
  text_wrapped(step.text, width - 32);
  vspace(6);

  if (this_one) {
    level_meter(v.level, std::min(width - 32, 360.0f), 10);
    remember_widget("##level");
    vspace(6);
    if (primary_button("Stop")) out.push_back(op(ui::Recording::Op::Stop, p.id));
    remember_widget("Stop " + std::to_string(n));
  } else if (s.record_confirm_delete == n) {
    text_wrapped(
        "Delete your recording of this step? The file is removed from your data "
        "folder.",
        width - 32);
    if (primary_button("Yes, delete")) {
      out.push_back(op(ui::Recording::Op::Delete, p.id, n));
      s.record_confirm_delete = 0;
    }
    remember_widget("Yes, delete " + std::to_string(n));
    ImGui::SameLine();
    if (soft_button("Keep it")) s.record_confirm_delete = 0;
  } else {
    if (can_record && !any) {
      const bool go = has ? soft_button("Re-record") : primary_button("Record");
      remember_widget((has ? "Re-record " : "Record ") + std::to_string(n));
      if (go) out.push_back(op(ui::Recording::Op::Start, p.id, n));
      if (has) ImGui::SameLine();
    }
    if (has) {
      if (soft_button("Listen")) out.push_back(ui::PlayAudio{take->second.path});
      remember_widget("Listen " + std::to_string(n));
      ImGui::SameLine();
      if (soft_button("Delete")) s.record_confirm_delete = n;
      remember_widget("Delete " + std::to_string(n));
    }
  }
  ImGui::PopID();
  end_card();
  vspace(8);
}

}  // namespace

// ---- the screen -----------------------------------------------------------------------------

void draw_record(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const RecordingView& v = m.recording;
  const Practice* p = m.course ? m.course->practice(m.route.item) : nullptr;
  if (!p) {
    title(f, "Your own voice", {}, width);
    muted("This practice is not in the course.", width);
    return;
  }
  title(f, "Your own voice", p->title, width);
  text_wrapped(
      "Record each step in your own voice, at your own pace. When a step has your recording, the "
      "practice plays it in place of the spoken guidance. Your recordings stay in your data "
      "folder, only for you.",
      width);
  vspace(8);

  const bool can_record = v.checked && v.unavailable.empty();
  if (!v.checked) {
    muted("Looking for a microphone...", width);
  } else if (!v.unavailable.empty()) {
    text_wrapped(
        "Kindly cannot hear a microphone just now, so recording is not offered. "
        "Anything you recorded before can still be played and deleted here.",
        width);
    muted("(" + v.unavailable + ")", width);
    if (link_button("Look again")) out.push_back(op(ui::Recording::Op::Probe, p->id));
    remember_widget("Look again");
  }
  if (v.busy_elsewhere)
    muted("A recording of another practice is running; stop it there first.", width);
  vspace(8);

  for (int n = 1; n <= static_cast<int>(p->script.size()); ++n)
    draw_step(m, s, out, *p, n, can_record);

  if (!v.takes.empty() && v.recording_step == 0) {
    if (s.record_confirm_delete == -1) {
      text_wrapped(
          "Delete every recording of this practice? The files are removed from your "
          "data folder.",
          width);
      if (primary_button("Yes, delete them all")) {
        out.push_back(op(ui::Recording::Op::DeleteAll, p->id));
        s.record_confirm_delete = 0;
      }
      remember_widget("Yes, delete them all");
      ImGui::SameLine();
      if (soft_button("Keep them")) s.record_confirm_delete = 0;
    } else if (link_button("Delete all recordings of this practice")) {
      s.record_confirm_delete = -1;
    }
    vspace(8);
  }
  if (link_button("Back to the practice")) {
    if (v.recording_step > 0) out.push_back(op(ui::Recording::Op::Stop, p->id));
    out.push_back(go_to(Route{Screen::Practice, {}, p->id}));
  }
}

}  // namespace kindly::gui
