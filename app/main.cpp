// kindly: the CLI when given a subcommand, the desktop app otherwise.
#include <iostream>

#include "cli.h"
#include "kindly/logging.h"
#ifdef KINDLY_HAVE_GUI
#include "gui_main.h"
#endif

int main(int argc, char** argv) {
  kindly::init_logging(kindly::default_log_dir());
  kindly::cli::GuiEntry gui;
#ifdef KINDLY_HAVE_GUI
  gui = [](const kindly::cli::Context& ctx) { return kindly::gui::run(ctx); };
#endif
  return kindly::cli::run(argc, argv, {std::cout, std::cerr}, gui);
}
