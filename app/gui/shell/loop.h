// Entry point of the desktop app, and its event-driven loop.
//
// run() checks the options, starts up on two threads (the window here, the course, data and
// fonts on another), then either takes a screenshot (screenshot.h) or runs the loop: draw
// while the window's frames-to-draw count (window.h) is above 0, else sleep in
// wait_events() until input or until App::wake_in() says a timed frame is due.
#pragma once

#include "cli.h"

namespace kindly::gui {
// Opens the window (or writes a screenshot when ctx.gui.screenshot is set). Paths come from
// cli::paths_of(ctx.global) (kindly/paths.h). Returns an exit code.
int run(const kindly::cli::Context& ctx);
}  // namespace kindly::gui
