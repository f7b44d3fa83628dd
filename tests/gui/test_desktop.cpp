// notify(): libnotify is loaded on the first notification, not at start, and a desktop without
// a notification service gives false with a reason instead of a crash.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>
#include <string>

#include "desktop.h"

namespace {

bool mapped(const std::string& soname) {
  std::ifstream in("/proc/self/maps");
  const std::string maps((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return maps.find("/" + soname) != std::string::npos;
}

// Before main, so before any test case could have loaded it.
const bool g_libnotify_at_start = mapped("libnotify.so.4");

}  // namespace

TEST_CASE("notify: libnotify loads on the first notification, and without a bus it says why") {
  CHECK_FALSE(g_libnotify_at_start);  // not linked: nothing maps it before main
  // No session bus (and no autolaunch): the notification cannot be shown.
  setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kindly-test/bus", 1);
  std::string error;
  const bool shown = kindly::gui::notify("Kindly test", "Nothing to see", &error);
#if KINDLY_TEST_HAVE_LIBNOTIFY
  CHECK(mapped("libnotify.so.4"));
#endif
  CHECK_FALSE(shown);
  CHECK_FALSE(error.empty());
  MESSAGE("notify: " << error);
  // Again: the library stays loaded and the answer is the same kind.
  std::string again;
  CHECK_FALSE(kindly::gui::notify("Kindly test", "Nothing to see", &again));
  CHECK_FALSE(again.empty());
}

namespace {
// Sets or unsets a variable for one test case and puts it back after.
struct ScopedEnv {
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* v = getenv(name)) old_ = v, had_ = true;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (had_) {
      setenv(name_, old_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};
}  // namespace

TEST_CASE("autostart: a relative XDG_CONFIG_HOME is ignored, as the XDG spec says") {
  ScopedEnv xdg("XDG_CONFIG_HOME", "relative/config");
  ScopedEnv home("HOME", "/home/someone");
  CHECK(kindly::gui::autostart_file() == "/home/someone/.config/autostart/kindly.desktop");
}

TEST_CASE("autostart: with no config folder nothing is written, and it says why") {
  ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
  ScopedEnv home("HOME", nullptr);
  CHECK(kindly::gui::autostart_file().empty());
  CHECK_FALSE(kindly::gui::autostart_enabled());
  std::string error;
  CHECK_FALSE(kindly::gui::set_autostart(true, "/usr/bin/kindly", &error));
  CHECK_FALSE(error.empty());
  CHECK(kindly::gui::set_autostart(false, "", &error));  // nothing to remove is not a failure
}
