// Global options, environment, subcommand dispatch and exit codes for `kindly`.
#include "cli.h"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <exception>
#include <ostream>

namespace kindly::cli {

namespace {

std::string version_text() {
  std::string v = "kindly " KINDLY_VERSION " (built " __DATE__;
#if defined(__clang__)
  v += ", clang " __clang_version__;
#elif defined(__GNUC__)
  v += ", g++ " __VERSION__;
#endif
  v += ", C++20)";
  return v;
}

}  // namespace

kindly::Paths paths_of(const GlobalOptions& g) {
  return kindly::resolve_paths(g.env, {.course_dir = g.course_dir, .data_dir = g.data_dir});
}

std::string resolve_course_dir(const GlobalOptions& g) {
  return paths_of(g).course_dir.string();
}

std::string resolve_data_dir(const GlobalOptions& g) {
  return paths_of(g).data_dir.string();
}

int run(int argc, const char* const* argv, Io io, const GuiEntry& gui) {
  return run(argc, argv, kindly::Environment::from_process(), io, gui);
}

int run(int argc, const char* const* argv, const kindly::Environment& env, Io io,
        const GuiEntry& gui) {
  Context ctx{GlobalOptions{}, GuiOptions{}, io};
  ctx.global.env = env;
  // The variables are applied here and in paths_of(), not by CLI11's envname(), so the
  // environment is read once; --now, when given, replaces this.
  ctx.global.now = env.kindly_now;
  int exit_code = kOk;

  CLI::App app{
      "Kindly: an eight-week self-compassion course to follow on your own.\n"
      "With no command, opens the desktop app; with a command, works from the shell.",
      "kindly"};
  app.set_version_flag("--version", version_text());
  app.option_defaults()->always_capture_default(false);

  app.add_option("--course", ctx.global.course_dir,
                 "Course folder (default: $KINDLY_COURSE, else the bundled course)")
      ->type_name("DIR");
  app.add_option("--data-dir", ctx.global.data_dir,
                 "Data folder (default: $KINDLY_DATA_DIR, else $XDG_DATA_HOME/kindly)")
      ->type_name("DIR");
  app.add_option("--now", ctx.global.now,
                 "The clock, as ISO-8601 (default: $KINDLY_NOW; for tests and demos)")
      ->type_name("TIME");
  app.add_flag("--json", ctx.global.json, "Machine-readable output");
  app.add_option("--passphrase-fd", ctx.global.passphrase_fd,
                 "Read the passphrase of a locked data folder from this file descriptor")
      ->type_name("N");
  app.add_option("--recovery-key-fd", ctx.global.recovery_key_fd,
                 "Read its recovery key from this file descriptor instead")
      ->type_name("N");

  auto* gui_group = app.add_option_group("Desktop app");
  gui_group->add_option("--screenshot", ctx.gui.screenshot, "Draw a screen into a PNG and exit")
      ->type_name("FILE");
  gui_group->add_option("--screen", ctx.gui.screen, "Screen for --screenshot (home, week/N, ...)")
      ->type_name("NAME");
  gui_group->add_option("--size", ctx.gui.size, "Window size for --screenshot")->type_name("WxH");
  gui_group->add_option("--theme", ctx.gui.theme, "light, dark or high-contrast")
      ->type_name("NAME");

  app.require_subcommand(0, 1);
  add_course_commands(app, ctx, &exit_code);
  add_progress_commands(app, ctx, &exit_code);
  add_data_commands(app, ctx, &exit_code);
  add_render_commands(app, ctx, &exit_code);
  add_lock_commands(app, ctx, &exit_code);
  for (auto* sub : app.get_subcommands({})) sub->fallthrough();

  // Log which command ran, never its arguments (they may hold journal text).
  for (auto* sub : app.get_subcommands({}))
    sub->parse_complete_callback(
        [sub] { spdlog::info("kindly {} command: {}", KINDLY_VERSION, sub->get_name()); });
  // The unlock source reads ctx's fds when a locked store is opened, i.e. after parsing.
  install_unlock_source(ctx);
  struct Remove {
    ~Remove() { remove_unlock_source(); }
  } remove;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, io.out, io.err);
    return code == 0 ? kOk : kUsage;
  } catch (const std::exception& e) {
    io.err << "kindly: " << e.what() << "\n";
    return kDataProblem;
  }

  if (app.get_subcommands().empty()) {
    spdlog::info("kindly {} start: app", KINDLY_VERSION);
    if (gui) return gui(ctx);
    io.out << app.help();
    return kUsage;
  }
  return exit_code;
}

}  // namespace kindly::cli
