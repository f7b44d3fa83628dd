// The desktop around Kindly: notifications (libnotify) for the daily reminder, and the XDG
// autostart entry that opens Kindly at login so the reminder can fire.
#pragma once

#include <filesystem>
#include <string>

namespace kindly::gui {

// Shows a desktop notification. False (with *error) when there is no notification service,
// libnotify.so.4 is not installed (it is loaded on the first call), or Kindly was built
// without the libnotify headers.
bool notify(const std::string& title, const std::string& body, std::string* error = nullptr);

// $XDG_CONFIG_HOME/autostart/kindly.desktop (default ~/.config/autostart/kindly.desktop):
// the config_dir of kindly/paths.h, so a relative XDG_CONFIG_HOME is ignored. Empty when there
// is no config folder (then set_autostart(true) fails with a message).
std::filesystem::path autostart_file();
bool autostart_enabled();
// Writes (atomically) or removes the entry. `exe` is the program to start (this one).
bool set_autostart(bool on, const std::string& exe, std::string* error = nullptr);
// The running program's path (/proc/self/exe), or "kindly".
std::string self_exe();

}  // namespace kindly::gui
