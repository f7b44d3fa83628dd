// Global options, environment, subcommand dispatch and exit codes for `kindly`.
#include "cli.h"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <ostream>

#include "kindly/loader.h"

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

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return (v && *v) ? std::string(v) : fallback;
}

}  // namespace

std::string resolve_course_dir(const GlobalOptions& g) {
  if (!g.course_dir.empty()) return g.course_dir;
  return kindly::default_course_dir().string();
}

std::string resolve_data_dir(const GlobalOptions& g) {
  if (!g.data_dir.empty()) return g.data_dir;
  std::string env = env_or("KINDLY_DATA_DIR", "");
  if (!env.empty()) return env;
  std::string xdg = env_or("XDG_DATA_HOME", "");
  if (!xdg.empty() && xdg.front() == '/') return xdg + "/kindly";
  std::string home = env_or("HOME", "");
  if (!home.empty()) return home + "/.local/share/kindly";
  return ".kindly";
}

int run(int argc, const char* const* argv, Io io, const GuiEntry& gui) {
  Context ctx{GlobalOptions{}, GuiOptions{}, io};
  int exit_code = kOk;

  CLI::App app{
      "Kindly: an eight-week self-compassion course to follow on your own.\n"
      "With no command, opens the desktop app; with a command, works from the shell.",
      "kindly"};
  app.set_version_flag("--version", version_text());
  app.option_defaults()->always_capture_default(false);

  auto* course_opt = app.add_option("--course", ctx.global.course_dir,
                                    "Course folder (default: the bundled course)");
  course_opt->envname("KINDLY_COURSE")->type_name("DIR");
  app.add_option("--data-dir", ctx.global.data_dir, "Data folder (default: $XDG_DATA_HOME/kindly)")
      ->envname("KINDLY_DATA_DIR")
      ->type_name("DIR");
  app.add_option("--now", ctx.global.now, "The clock, as ISO-8601 (for tests and demos)")
      ->envname("KINDLY_NOW")
      ->type_name("TIME");
  app.add_flag("--json", ctx.global.json, "Machine-readable output");

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
  for (auto* sub : app.get_subcommands({})) sub->fallthrough();

  // Log which command ran, never its arguments (they may hold journal text).
  for (auto* sub : app.get_subcommands({}))
    sub->parse_complete_callback(
        [sub] { spdlog::info("kindly {} command: {}", KINDLY_VERSION, sub->get_name()); });
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
