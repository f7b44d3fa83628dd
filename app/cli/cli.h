// The `kindly` command line: global options, subcommand dispatch, exit codes.
//
// Exit codes (docs/cli.md): 0 ok; 1 refused or invalid (e.g. a locked week, a course with
// errors); 2 usage; 3 data problem (unreadable or newer database, unwritable data folder).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "kindly/paths.h"

namespace CLI {
class App;
}

namespace kindly::cli {

enum Exit : int { kOk = 0, kRefused = 1, kUsage = 2, kDataProblem = 3 };

// Options every subcommand shares, and the environment they fall back on. Empty strings mean
// "not given"; paths_of() and resolve_* apply the environment (KINDLY_COURSE, KINDLY_DATA_DIR,
// XDG_*, HOME) and the defaults through kindly::resolve_paths (kindly/paths.h).
struct GlobalOptions {
  std::string course_dir;  // --course
  std::string data_dir;    // --data-dir
  std::string now;         // ISO-8601: --now, else $KINDLY_NOW (run() starts it as env.kindly_now)
  bool json = false;
  int passphrase_fd = -1;    // --passphrase-fd: the passphrase of a locked data folder
  int recovery_key_fd = -1;  // --recovery-key-fd: its recovery key instead
  kindly::Environment env;   // read once, in main
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
// `gui` is empty, prints help and returns kUsage). `env` is the process's environment, read
// once by main (Environment::from_process()).
int run(int argc, const char* const* argv, const kindly::Environment& env, Io io,
        const GuiEntry& gui);
// The same with the environment read now: for the in-process tests, which set variables
// between runs.
int run(int argc, const char* const* argv, Io io, const GuiEntry& gui);

// Every folder, after flags, environment and defaults (precedence: docs/cli.md).
kindly::Paths paths_of(const GlobalOptions& g);
// paths_of(g).course_dir and .data_dir as strings, for the commands.
std::string resolve_course_dir(const GlobalOptions& g);
std::string resolve_data_dir(const GlobalOptions& g);

// Subcommand groups, one file each. Each adds its subcommands to `app`; the callbacks they
// install read `ctx` (filled in before they run) and set `*exit_code`.
void add_course_commands(CLI::App& app, Context& ctx, int* exit_code);    // cmd_course.cpp
void add_progress_commands(CLI::App& app, Context& ctx, int* exit_code);  // cmd_progress.cpp
void add_data_commands(CLI::App& app, Context& ctx, int* exit_code);      // cmd_data.cpp
void add_render_commands(CLI::App& app, Context& ctx, int* exit_code);    // cmd_render.cpp
void add_lock_commands(CLI::App& app, Context& ctx, int* exit_code);      // cmd_lock.cpp
// How a locked data folder is opened during one run (cmd_lock.cpp): from the fds given, else
// asked on the terminal. Installed after parsing; removed (keys wiped) when the run ends.
void install_unlock_source(const Context& ctx);
void remove_unlock_source();

}  // namespace kindly::cli
