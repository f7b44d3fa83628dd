// Placeholder until the GUI lands: it says so and points at the CLI.
#include "gui_main.h"

#include <ostream>

namespace kindly::gui {
int run(const kindly::cli::Context& ctx) {
  ctx.io.err << "kindly: the desktop app is not built yet; try 'kindly --help'\n";
  return kindly::cli::kRefused;
}
}  // namespace kindly::gui
