// The look on real screens: "Test the bell" always says what the sound did.
#include <doctest/doctest.h>

#include "harness.h"

using namespace kindly::gui;
using namespace kindly::gui::test;

TEST_CASE("look: Test the bell shows the sound's status beside it, and the loop comes back") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.click("Settings"));
  CHECK_FALSE(widget_rect("sound-status"));  // nothing to say before the bell is tried
  REQUIRE(h.click("Test the bell"));
  // Played, muted, no device (and why), or still trying: some line is there at once, and
  // while the sound server has not answered the loop is asked to draw again shortly.
  CHECK(widget_rect("sound-status"));
  if (h.app->model().audio_status != "ready" && h.app->model().audio_status != "unavailable") {
    CHECK(h.app->wake_in() >= 0);
  }
}
