// kindly: the CLI when given a subcommand, the desktop app otherwise.
#include <iostream>

#include "cli.h"
#include "kindly/logging.h"
#include "kindly/paths.h"
#ifdef KINDLY_HAVE_GUI
#include "shell/loop.h"
#endif

int main(int argc, char** argv) {
  // The only place the environment is read (kindly/paths.h).
  const kindly::Environment env = kindly::Environment::from_process();
  kindly::init_logging(kindly::resolve_paths(env).state_dir);
  kindly::cli::GuiEntry gui;
#ifdef KINDLY_HAVE_GUI
  gui = [](const kindly::cli::Context& ctx) { return kindly::gui::run(ctx); };
#endif
  return kindly::cli::run(argc, argv, env, {std::cout, std::cerr}, gui);
}
