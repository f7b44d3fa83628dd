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
