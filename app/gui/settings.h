// The app's own settings (not progress): theme, font size, window placement.
//
// Stored as `key = value` lines in <data dir>/gui-settings.ini, written with
// write_file_atomic() (kindly/atomic_file.h: a temporary file in the same folder, created
// 0600, synced, then renamed over the old one). Unknown keys and bad values are ignored, so an
// old or hand-edited file never stops the app from opening.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "fonts.h"
#include "theme.h"

namespace kindly::gui {

// How the practice player guides (Settings > Guidance): each step spoken, then its pause;
// the text with a soft chime at each step; or the text only, eyes open.
enum class Guidance { Spoken, Chime, Text };
const char* guidance_name(Guidance g);  // "spoken", "chime", "text" (the settings file)
std::optional<Guidance> guidance_from_name(const std::string& s);

struct GuiSettings {
  Theme theme = Theme::Light;
  float font_px = kDefaultFontPx;
  // Window placement in screen coordinates; has_position false until first saved.
  bool has_position = false;
  int x = 0, y = 0;
  int width = 1180, height = 780;
  bool maximized = false;
  // Sound: the bell and course audio (the practice player).
  double volume = 0.8;  // 0..1
  bool muted = false;
  // Spoken guidance (kindly/speech.h): used when a voice is available, else chimes.
  Guidance guidance = Guidance::Spoken;
  std::string voice;         // speech::Voice::id; empty = the default voice for the language
  int speech_rate = 0;       // -100 .. 100; 0 = the voice's normal rate
  double speech_volume = 1;  // 0..1
  // The daily reminder (kindly/reminders.h decides when; shown while Kindly runs).
  bool reminder_enabled = false;
  int reminder_hour = 20;
  int reminder_minute = 0;
  std::string reminder_days = "daily";  // format_weekdays() spelling
  std::string reminder_last_fired;      // format_time(); empty = never
  // After the course: the keep-practising plan's reminder and the follow-up questionnaires'.
  std::string plan_reminder_last_fired;  // format_time(); empty = never
  std::string follow_up_last_fired;      // format_time(); empty = never
  // A notice the app could not show because it was closing (e.g. an entry changed by another
  // Kindly was saved on close, both versions kept): shown once at the next start. One line.
  std::string pending_notice;
  // The lock: minutes without a key or a click before the app locks a journal that has a
  // passphrase (0 = never; -1 = not chosen yet: 15). Saved as `idle_lock = 15` or `never`.
  int idle_lock_minutes = -1;

  bool operator==(const GuiSettings&) const = default;
};

std::filesystem::path settings_path(const std::filesystem::path& data_dir);
GuiSettings load_settings(const std::filesystem::path& file);
// Returns false (and leaves the old file untouched) when the file cannot be written. The
// file is created mode 0600 whatever the umask.
bool save_settings(const std::filesystem::path& file, const GuiSettings& s);

}  // namespace kindly::gui
