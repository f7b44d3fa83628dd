// GUI settings file: parse, format, atomic save.
#include "settings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "kindly/atomic_file.h"

namespace kindly::gui {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool to_int(const std::string& v, int* out) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used != v.size()) return false;
    *out = n;
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

const char* guidance_name(Guidance g) {
  switch (g) {
    case Guidance::Spoken:
      return "spoken";
    case Guidance::Chime:
      return "chime";
    case Guidance::Text:
      return "text";
  }
  return "spoken";
}

std::optional<Guidance> guidance_from_name(const std::string& s) {
  for (Guidance g : {Guidance::Spoken, Guidance::Chime, Guidance::Text}) {
    if (s == guidance_name(g)) return g;
  }
  return std::nullopt;
}

std::filesystem::path settings_path(const std::filesystem::path& data_dir) {
  return data_dir / "gui-settings.ini";
}

GuiSettings load_settings(const std::filesystem::path& file) {
  GuiSettings s;
  std::ifstream in(file);
  if (!in) return s;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq));
    const std::string val = trim(line.substr(eq + 1));
    if (key == "theme") {
      if (auto t = theme_from_name(val)) s.theme = *t;
    } else if (key == "font_px") {
      if (to_int(val, &n)) s.font_px = std::clamp(static_cast<float>(n), kMinFontPx, kMaxFontPx);
    } else if (key == "window_x") {
      if (to_int(val, &n)) s.x = n, s.has_position = true;
    } else if (key == "window_y") {
      if (to_int(val, &n)) s.y = n;
    } else if (key == "window_width") {
      if (to_int(val, &n) && n >= 480 && n <= 16384) s.width = n;
    } else if (key == "window_height") {
      if (to_int(val, &n) && n >= 360 && n <= 16384) s.height = n;
    } else if (key == "maximized") {
      s.maximized = val == "true" || val == "1";
    } else if (key == "volume") {
      if (to_int(val, &n)) s.volume = std::clamp(n, 0, 100) / 100.0;
    } else if (key == "muted") {
      s.muted = val == "true" || val == "1";
    } else if (key == "guidance") {
      if (auto g = guidance_from_name(val)) s.guidance = *g;
    } else if (key == "voice") {
      s.voice = val;
    } else if (key == "speech_rate") {
      if (to_int(val, &n)) s.speech_rate = std::clamp(n, -100, 100);
    } else if (key == "speech_volume") {
      if (to_int(val, &n)) s.speech_volume = std::clamp(n, 0, 100) / 100.0;
    } else if (key == "reminder") {
      s.reminder_enabled = val == "true" || val == "1";
    } else if (key == "reminder_time") {
      const auto c = val.find(':');
      int h = 0, mi = 0;
      if (c != std::string::npos && to_int(val.substr(0, c), &h) &&
          to_int(val.substr(c + 1), &mi) && h >= 0 && h < 24 && mi >= 0 && mi < 60) {
        s.reminder_hour = h;
        s.reminder_minute = mi;
      }
    } else if (key == "reminder_days") {
      s.reminder_days = val;
    } else if (key == "reminder_last_fired") {
      s.reminder_last_fired = val;
    } else if (key == "plan_reminder_last_fired") {
      s.plan_reminder_last_fired = val;
    } else if (key == "follow_up_last_fired") {
      s.follow_up_last_fired = val;
    } else if (key == "pending_notice") {
      s.pending_notice = val;
    } else if (key == "idle_lock") {
      if (val == "never") s.idle_lock_minutes = 0;
      if (to_int(val, &n) && n > 0 && n <= 24 * 60) s.idle_lock_minutes = n;
    }
  }
  return s;
}

bool save_settings(const std::filesystem::path& file, const GuiSettings& s) {
  std::ostringstream o;
  o << "# Kindly window settings (the app rewrites this file; progress lives in kindly.db)\n"
    << "theme = " << theme_name(s.theme) << "\n"
    << "font_px = " << static_cast<int>(s.font_px) << "\n";
  if (s.has_position) o << "window_x = " << s.x << "\nwindow_y = " << s.y << "\n";
  o << "window_width = " << s.width << "\nwindow_height = " << s.height << "\n"
    << "maximized = " << (s.maximized ? "true" : "false") << "\n"
    << "volume = " << static_cast<int>(std::lround(s.volume * 100)) << "\n"
    << "muted = " << (s.muted ? "true" : "false") << "\n"
    << "guidance = " << guidance_name(s.guidance) << "\n"
    << "voice = " << s.voice << "\n"
    << "speech_rate = " << s.speech_rate << "\n"
    << "speech_volume = " << static_cast<int>(std::lround(s.speech_volume * 100)) << "\n"
    << "reminder = " << (s.reminder_enabled ? "true" : "false") << "\n";
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", s.reminder_hour, s.reminder_minute);
  o << "reminder_time = " << hm << "\n"
    << "reminder_days = " << s.reminder_days << "\n";
  if (!s.reminder_last_fired.empty())
    o << "reminder_last_fired = " << s.reminder_last_fired << "\n";
  if (!s.plan_reminder_last_fired.empty())
    o << "plan_reminder_last_fired = " << s.plan_reminder_last_fired << "\n";
  if (!s.follow_up_last_fired.empty())
    o << "follow_up_last_fired = " << s.follow_up_last_fired << "\n";
  if (!s.pending_notice.empty() && s.pending_notice.find('\n') == std::string::npos)
    o << "pending_notice = " << s.pending_notice << "\n";
  if (s.idle_lock_minutes == 0) o << "idle_lock = never\n";
  if (s.idle_lock_minutes > 0) o << "idle_lock = " << s.idle_lock_minutes << "\n";

  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  // 0600 from the moment the file exists (whatever the umask), like everything Kindly
  // writes into its data folder; a failed write leaves the old file as it was.
  return write_file_atomic(file, o.str()).ok();
}

}  // namespace kindly::gui
