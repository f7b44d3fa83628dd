// The `kindly` command line: global options, subcommand dispatch, exit codes.
//
// Exit codes (docs/cli.md): 0 ok; 1 refused or invalid (e.g. a locked week, a course with
// errors); 2 usage; 3 data problem (unreadable or newer database, unwritable data folder).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace kindly::cli {

enum Exit : int { kOk = 0, kRefused = 1, kUsage = 2, kDataProblem = 3 };

// Options every subcommand shares. Empty strings mean "not given"; resolve_* apply the
// environment (KINDLY_COURSE, KINDLY_DATA_DIR, KINDLY_NOW) and the defaults.
struct GlobalOptions {
  std::string course_dir;
  std::string data_dir;
  std::string now;  // ISO-8601
  bool json = false;
};

// Options only the GUI reads (kindly with no subcommand).
struct GuiOptions {
  std::string screenshot;  // write a PNG of `screen` and exit
  std::string screen = "home";
  std::string size = "1280x800";
  std::string theme;
};

struct Io {
  std::ostream& out;
  std::ostream& err;
};

// Everything a subcommand needs. Filled in by run() before any callback runs.
struct Context {
  GlobalOptions global;
  GuiOptions gui;
  Io io;
};

using GuiEntry = std::function<int(const Context&)>;

// Parses argv and runs the chosen subcommand; with no subcommand it calls `gui` (or, when
// `gui` is empty, prints help and returns kUsage).
int run(int argc, const char* const* argv, Io io, const GuiEntry& gui);

// Resolved settings (after flags, environment and defaults).
std::string resolve_course_dir(const GlobalOptions& g);
std::string resolve_data_dir(const GlobalOptions& g);

// Subcommand groups, one file each. Each adds its subcommands to `app`; the callbacks they
// install read `ctx` (filled in before they run) and set `*exit_code`.
void add_course_commands(CLI::App& app, Context& ctx, int* exit_code);    // cmd_course.cpp
void add_progress_commands(CLI::App& app, Context& ctx, int* exit_code);  // cmd_progress.cpp
void add_data_commands(CLI::App& app, Context& ctx, int* exit_code);      // cmd_data.cpp

}  // namespace kindly::cli
