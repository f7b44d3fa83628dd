// Settings: theme, font size, where the data folder, settings and logs are.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

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
    if (ImGui::RadioButton(g.label, on) && !on) out.push_back(ui::SetGuidance{g.g});
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
  if (ImGui::BeginCombo("Voice##voice", current.c_str())) {
    if (ImGui::Selectable("The default voice for the course's language", m.voice.empty())) {
      v.voice.clear();
      changed = true;
    }
    for (const auto& c : m.voices) {
      const std::string label = c.name + " (" + c.language + ")##" + c.id;
      if (ImGui::Selectable(label.c_str(), c.id == m.voice)) {
        v.voice = c.id;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  remember_widget("Voice");
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
  if (ImGui::SliderInt("Speaking rate##rate", &v.rate, -100, 100,
                       v.rate == 0 ? "normal" : (v.rate < 0 ? "slower" : "faster"))) {
    changed = true;
  }
  remember_widget("Speaking rate");
  int vol = static_cast<int>(std::lround(v.volume * 100));
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
  if (ImGui::SliderInt("Voice volume##speech-volume", &vol, 0, 100, "%d%%")) {
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

}  // namespace

// Long because Settings is a list of sections (theme, text size, sound, reminder, data,
// where things are), each a few widgets in the order the user sees them.
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

void draw_settings(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, "Settings", "Kindly remembers these in your data folder.", width);

  section(f, "Theme");
  const struct {
    Theme t;
    const char* label;
    const char* note;
  } themes[] = {
      {Theme::Light, "Warm light", "Soft paper tones"},
      {Theme::Dark, "Dark", "Easy on the eyes at night"},
      {Theme::Contrast, "High contrast", "The clearest text"},
  };
  for (const auto& t : themes) {
    const bool on = current_theme() == t.t;
    if (ImGui::RadioButton(t.label, on) && !on) {
      out.push_back(ui::SetTheme{t.t});
    }
    remember_widget(t.label);
    ImGui::SameLine();
    muted(std::string("\xE2\x80\x94 ") + t.note, 0, f.small);
  }

  section(f, "Text size");
  const int px = static_cast<int>(s.font_px);
  if (soft_button("A\xE2\x88\x92") && px > kMinFontPx) {
    out.push_back(ui::SetFontPx{px - 1});
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%d px", px);
  ImGui::SameLine();
  if (soft_button("A+") && px < kMaxFontPx) {
    out.push_back(ui::SetFontPx{px + 1});
  }
  ImGui::SameLine();
  if (link_button("Reset")) {
    out.push_back(ui::SetFontPx{static_cast<int>(kDefaultFontPx)});
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
    if (ImGui::Checkbox("Mute the bell and recordings", &muted_now)) {
      out.push_back(ui::SetMuted{muted_now});
    }
    remember_widget("Mute");
    int vol = static_cast<int>(std::lround(m.volume * 100));
    ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 16));
    ImGui::BeginDisabled(m.sound_muted);
    if (ImGui::SliderInt("Volume##volume", &vol, 0, 100, "%d%%")) {
      out.push_back(ui::SetVolume{vol / 100.0});
    }
    remember_widget("Volume");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (soft_button("Test the bell")) out.push_back(ui::PlayBell{false});
    if (m.audio_status == std::string("unavailable")) {
      muted("No sound device was found, so practices run silently.", width, f.small);
    }
  }

  guidance_settings(m, out);

  section(f, "A daily reminder");
  {
    // Shown as a desktop notification while Kindly is open (kindly/reminders.h says when).
    bool on = m.reminder_enabled;
    std::array<bool, 7> days = m.reminder_days;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", m.reminder_hour, m.reminder_minute);
    std::string time = hm;
    bool changed = ImGui::Checkbox("Remind me to practise at", &on);
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
      if (ImGui::Checkbox(names[i], &v)) {
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
    if (ImGui::Checkbox("Open Kindly when I log in (so the reminder can come)", &at_login)) {
      out.push_back(ui::SetAutostart{at_login});
    }
    remember_widget("Open at login");
  }

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
  save_to("##export-path", s.export_path, "~/kindly-export.json", "Export all data (JSON)",
          [](const std::string& p) { return ui::ExportJson{p}; });
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
