// Settings: theme, font size, where the data folder, settings and logs are.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

void path_row(const Fonts& f, const char* label, const std::string& path, float width) {
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(label);
  ImGui::PopFont();
  ImGui::PushID(label);
  std::string copy = path.empty() ? "(not set)" : path;
  ImGui::SetNextItemWidth(width);
  ImGui::InputText("##path", copy.data(), copy.size() + 1, ImGuiInputTextFlags_ReadOnly);
  ImGui::PopID();
  vspace(4);
}

// Settings > Guidance: how the practice player guides.
// Long because it is one section: the three modes, then (spoken) the voice, its rate and
// volume, and a sample to hear.
void guidance_settings(const Model& m, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  section(f, "Guidance");
  const struct {
    Guidance g;
    const char* label;
    const char* note;
  } modes[] = {
      {Guidance::Spoken, "Spoken", "each step is read aloud, then its pause runs"},
      {Guidance::Chime, "Text with a soft chime at each step", "for those who prefer silence"},
      {Guidance::Text, "Text only (eyes open)", "the steps on the screen, no sound between"},
  };
  for (const auto& g : modes) {
    const bool on = m.guidance == g.g;
    if (choice(g.label, on) && !on) out.push_back(ui::SetGuidance{g.g});
    remember_widget(g.label);
    ImGui::SameLine();
    muted(std::string("\xE2\x80\x94 ") + g.note, 0, f.small);
  }
  if (m.guidance != Guidance::Spoken) return;
  if (m.voice_state == Model::Voice::Untried) {
    out.push_back(ui::ProbeSpeech{});  // which voices there are (once: the answer is kept)
    return;
  }
  if (m.voice_state == Model::Voice::None) {
    muted(
        "No voice is available on this computer, so practices show their steps as text with "
        "a soft chime at each step. " +
            sentence(m.voice_reason),
        width, f.small);
    remember_widget("no voice");
    return;
  }
  ui::SetVoice v{m.voice, m.speech_rate, m.speech_volume};
  bool changed = false;
  std::string current = "The default voice for the course's language";
  for (const auto& c : m.voices) {
    if (c.id == m.voice) current = c.name + " (" + c.language + ")";
  }
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 22));
  if (begin_select("Voice##voice", current.c_str())) {
    if (select_item("The default voice for the course's language", m.voice.empty())) {
      v.voice.clear();
      changed = true;
    }
    for (const auto& c : m.voices) {
      const std::string label = c.name + " (" + c.language + ")##" + c.id;
      if (select_item(label.c_str(), c.id == m.voice)) {
        v.voice = c.id;
        changed = true;
      }
    }
    end_select();
  }
  remember_widget("Voice");
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
  if (slider_int("Speaking rate##rate", &v.rate, -100, 100,
                 v.rate == 0 ? "normal" : (v.rate < 0 ? "slower" : "faster"))) {
    changed = true;
  }
  remember_widget("Speaking rate");
  int vol = static_cast<int>(std::lround(v.volume * 100));
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
  if (slider_int("Voice volume##speech-volume", &vol, 0, 100, "%d%%")) {
    v.volume = vol / 100.0;
    changed = true;
  }
  remember_widget("Voice volume");
  if (changed) out.push_back(v);
  if (soft_button("Hear the voice")) {
    out.push_back(ui::Speak{"Let yourself settle, and take this time for yourself."});
  }
  muted("Speaking through " + m.voice_backend + ".", width, f.small);
}

// What the sound can do now, said calmly beside "Test the bell": muted, no device (and why),
// working, or still trying (the first sound connects to the sound server on another thread,
// so the status is asked for again shortly).
void sound_status(const Model& m, const ScreenState& s, float width) {
  const Fonts& f = *m.fonts;
  const bool tested = s.bell_tested_at >= 0;
  std::string line;
  if (m.sound_muted) {
    line = "Muted: practices run silently, their words on screen.";
  } else if (m.audio_status == "unavailable") {
    line =
        "No sound device was found, so practices run silently; their words are always on "
        "screen.";
    if (!m.audio_error.empty()) line += " (" + m.audio_error + ")";
  } else if (m.audio_status == "ready" && tested) {
    line = "The bell reached your sound system.";
  } else if (tested && m.time - s.bell_tested_at < 10) {
    line = "Trying the sound device\xE2\x80\xA6";
    wake_me_in(0.25);
  } else if (tested) {
    line = "The sound device has not answered, so the bell may not have played.";
  }
  if (line.empty()) return;
  muted(line, width, f.small);
  remember_widget("sound-status");
}

// Choose a practice, then its "Your own voice" screen (screen_record.cpp).
void your_own_voice(const Model& m, ScreenState& s, Actions& out) {
  const float width = m.content_width;
  muted(
      "Record the guidance of a practice in your own voice; it then plays in place of the "
      "spoken guidance.",
      width, m.fonts->small);
  if (!m.course) return;
  const Practice* cur = m.course->practice(s.record_practice);
  ImGui::SetNextItemWidth(std::min(width * 0.6f, m.fonts->ui->FontSize * 20));
  if (begin_select("##record-practice", cur ? cur->title.c_str() : "Choose a practice")) {
    for (const auto& [id, p] : m.course->practices)
      if (select_item(p.title.c_str(), id == s.record_practice)) s.record_practice = id;
    end_select();
  }
  remember_widget("##record-practice");
  ImGui::SameLine();
  ImGui::BeginDisabled(!cur);
  if (soft_button("Record...")) out.push_back(go_to(Route{Screen::Record, {}, s.record_practice}));
  remember_widget("Record...");
  ImGui::EndDisabled();
}

}  // namespace

void restore_controls(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  ImGui::SetNextItemWidth(std::max(100.0f, width - f.ui->FontSize * 13));
  if (s.restore_path.empty()) s.restore_path = "~/kindly-backup.db";
  ImGui::InputText("##restore-path", &s.restore_path);
  remember_widget("##restore-path");
  ImGui::SameLine();
  if (!s.confirm_restore) {
    if (soft_button("Restore from a backup...")) s.confirm_restore = true;
    remember_widget("Restore from a backup");
    return;
  }
  ImGui::NewLine();
  text_wrapped(
      "Put this backup in place of your data now? Kindly checks it first. The database it "
      "replaces is not deleted: it is kept beside it, named kindly.db.before-restore and the "
      "time.",
      width);
  const bool yes = primary_button("Yes, restore");
  remember_widget("Yes, restore");
  if (yes) {
    out.push_back(ui::Restore{s.restore_path});
    s.confirm_restore = false;
  }
  ImGui::SameLine();
  if (soft_button("Cancel##restore")) s.confirm_restore = false;
}

// Long because Settings is a list of sections (theme, text size, sound, reminder, data,
// where things are), each a few widgets in the order the user sees them.
void draw_settings(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  if (!m.recovery_key.empty()) return draw_recovery_key(m, out);  // shown once, alone
  title(f, "Settings", "Kindly remembers these in your data folder.", width);

  section(f, "Theme");
  {
    const Theme themes[] = {Theme::Light, Theme::Dark, Theme::Contrast};
    const char* labels[] = {"Warm light", "Dark", "High contrast"};
    const char* notes[] = {"Soft paper tones.", "Easy on the eyes at night.",
                           "The clearest text, with thicker outlines."};
    int chosen = static_cast<int>(std::find(std::begin(themes), std::end(themes), current_theme()) -
                                  std::begin(themes));
    if (segmented("##theme", &chosen, labels, 3)) out.push_back(ui::SetTheme{themes[chosen]});
    if (chosen >= 0 && chosen < 3) muted(notes[chosen], width, f.small);
  }

  section(f, "Text size");
  {
    int px = static_cast<int>(s.font_px);
    ImGui::AlignTextToFramePadding();
    if (stepper("##font-px", &px, 1, 2, kMinFontPx, kMaxFontPx)) out.push_back(ui::SetFontPx{px});
    remember_widget("A+");  // the stepper's + (the key tests and docs use)
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("px");
    ImGui::SameLine();
    if (link_button("Reset")) out.push_back(ui::SetFontPx{static_cast<int>(kDefaultFontPx)});
  }
  muted("Shortcuts: Ctrl + and Ctrl \xE2\x88\x92 change the size, Ctrl 0 resets it.", width,
        f.small);
  if (f.ui_file.empty()) {
    muted(
        "No system font was found, so Kindly uses its built-in font. Installing "
        "fonts-inter and fonts-noto-core gives a nicer look.",
        width, f.small);
  }

  section(f, "Sound");
  {
    // The bell and course recordings in the practice player (kept in the settings file).
    bool muted_now = m.sound_muted;
    if (toggle("Mute the bell and recordings", &muted_now)) out.push_back(ui::SetMuted{muted_now});
    remember_widget("Mute");
    int vol = static_cast<int>(std::lround(m.volume * 100));
    ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
    ImGui::BeginDisabled(m.sound_muted);
    if (slider_int("Volume##volume", &vol, 0, 100, "%d%%")) {
      out.push_back(ui::SetVolume{vol / 100.0});
    }
    remember_widget("Volume");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (soft_button("Test the bell")) {
      out.push_back(ui::PlayBell{false});
      s.bell_tested_at = m.time;
    }
    remember_widget("Test the bell");
    sound_status(m, s, width);
  }

  guidance_settings(m, out);

  section(f, "Your own voice");
  your_own_voice(m, s, out);

  if (m.progress != nullptr && m.progress->begun) {
    section(f, "Resting");
    if (m.progress->paused) {
      muted("The course has been resting since " + format_day(*m.progress->paused_at) +
                ": reminders are off and the weeks wait for you.",
            width);
      if (soft_button("Resume the course")) out.push_back(ask(cmd::Resume{}));
      remember_widget("resume course");
    } else {
      muted(
          "Let the course rest for a while: reminders stop and no week's wait runs out until "
          "you resume. Practising and writing still work; nothing is lost.",
          width);
      if (soft_button("Let the course rest")) out.push_back(ask(cmd::Pause{}));
      remember_widget("pause course");
    }
  }

  section(f, "A daily reminder");
  {
    // Shown as a desktop notification while Kindly is open (kindly/reminders.h says when).
    bool on = m.reminder_enabled;
    std::array<bool, 7> days = m.reminder_days;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", m.reminder_hour, m.reminder_minute);
    std::string time = hm;
    bool changed = toggle("Remind me to practise at", &on);
    remember_widget("Remind me");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(f.ui->FontSize * 4.5f);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s", time.c_str());
    if (ImGui::InputText(
            "##reminder-time", buf, sizeof buf,
            ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll) ||
        ImGui::IsItemDeactivatedAfterEdit()) {
      time = buf;
      changed = true;
    }
    // Monday first on screen; the schedule is Sunday first.
    const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (int i = 0; i < 7; ++i) {
      const std::size_t d = static_cast<std::size_t>((i + 1) % 7);
      if (i > 0) ImGui::SameLine();
      bool v = days[d];
      if (chip(names[i], &v)) {
        days[d] = v;
        changed = true;
      }
    }
    if (changed) {
      out.push_back(ui::SetReminder{on, time, days});
    }
    if (m.reminder_enabled && !m.reminder_next.empty()) {
      muted("Next: " + m.reminder_next + ". It shows while Kindly is open.", width, f.small);
    }
    bool at_login = m.autostart;
    if (toggle("Open Kindly when I log in (so the reminder can come)", &at_login)) {
      out.push_back(ui::SetAutostart{at_login});
    }
    remember_widget("Open at login");
  }

  if (m.progress != nullptr) privacy_settings(m, s, out);  // screen_unlock.cpp

  section(f, "Your data");
  muted("Files are written whole or not at all; nothing leaves this computer unless you send it.",
        width, f.small);
  if (soft_button("Review and save a report...")) {
    out.push_back(go_to(Route{Screen::Export}));
  }
  remember_widget("Review and save a report");
  // A path to write to (with a default) and the button that writes there.
  auto save_to = [&](const char* id, std::string& path, const char* default_path, const char* label,
                     auto make) {
    ImGui::SetNextItemWidth(std::max(100.0f, width - f.ui->FontSize * 13));
    if (path.empty()) path = default_path;
    ImGui::InputText(id, &path);
    ImGui::SameLine();
    if (soft_button(label)) out.push_back(make(path));
    remember_widget(label);
  };
  if (m.has_passphrase) {
    // The full export is plain text: of a locked journal the app does not write it (the
    // engine refuses, R067). `kindly export --plain` does, for someone who means it.
    muted(
        "Your journal is locked, so Kindly does not write the full export here: it is plain "
        "text that anyone who gets the file could read. A backup (below) is an encrypted copy. "
        "To export plain text on purpose, use 'kindly export --plain' in a terminal.",
        width, f.small);
    remember_widget("export refused");
  } else {
    save_to("##export-path", s.export_path, "~/kindly-export.json", "Export all data (JSON)",
            [](const std::string& p) { return ui::ExportJson{p}; });
  }
  save_to("##backup-path", s.backup_path, "~/kindly-backup.db", "Back up database",
          [](const std::string& p) { return ui::Backup{p}; });
  restore_controls(m, s, out);

  section(f, "Where things are");
  path_row(f, "Your data (progress and journal)", m.data_dir, width);
  path_row(f, "Course", m.course_dir, width);
  path_row(f, "Window settings", m.settings_file, width);
  path_row(f, "Log", m.log_file, width);
  muted(
      "Your journal stays on this computer. Back it up by copying the data folder; "
      "'kindly export' writes everything as JSON.",
      width, f.small);

  section(f, "Keys");
  muted(
      "Tab and the arrow keys move between controls; Enter or Space activates. Ctrl + / "
      "\xE2\x88\x92 "
      "change the text size.",
      width, f.small);
}

}  // namespace kindly::gui
