// Entry point of the desktop app.
#pragma once

#include "cli.h"

namespace kindly::gui {
// Opens the window (or writes a screenshot when ctx.gui.screenshot is set). Returns an exit code.
int run(const kindly::cli::Context& ctx);
}  // namespace kindly::gui
