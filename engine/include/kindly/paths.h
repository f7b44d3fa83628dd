// Where Kindly's files live, decided in one place.
//
// The process environment is read once, in main, into an `Environment` value
// (Environment::from_process()). Everything after that is a pure function of that value and
// the command-line flags: resolve_paths() gives the course, data, state (log) and config
// (autostart) folders. Precedence, as docs/cli.md says: flag > KINDLY_* variable > XDG Base
// Directory variable > a folder under $HOME. As the XDG Base Directory spec says, an XDG_*
// value that is not an absolute path is ignored.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace kindly {

// The variables Kindly reads. An unset variable and an empty one are the same: "" (but see
// the developer switches).
struct Environment {
  std::string home;              // HOME
  std::string xdg_data_home;     // XDG_DATA_HOME
  std::string xdg_state_home;    // XDG_STATE_HOME
  std::string xdg_config_home;   // XDG_CONFIG_HOME
  std::string xdg_cache_home;    // XDG_CACHE_HOME
  std::string kindly_course;     // KINDLY_COURSE: the course folder (as --course)
  std::string kindly_data_dir;   // KINDLY_DATA_DIR: the data folder (as --data-dir)
  std::string kindly_state_dir;  // KINDLY_STATE_DIR: the log folder
  std::string kindly_now;        // KINDLY_NOW: the clock (as --now)
  std::string display;           // DISPLAY
  std::string wayland_display;   // WAYLAND_DISPLAY
  // Developer switches of the desktop app (docs/gui.md, docs/performance.md): these count
  // as on when set at all, even to "".
  std::optional<std::string> frame_timing;     // KINDLY_FRAME_TIMING: start-up and frame times
  std::optional<std::string> bench_poll_loop;  // KINDLY_BENCH_POLL_LOOP: draw every frame
  // KINDLY_DAMAGE: "off" draws every frame whole; "check" draws each partial frame whole
  // as well and counts the pixels that differ (docs/performance.md, "Drawing what changed")
  std::string damage;
  std::string snapshot;  // KINDLY_SNAPSHOT: SIGUSR1 writes the window to this PNG
  // Not a variable: the course installed with this binary, found once by
  // installed_course_dir() (empty values in a hand-made Environment mean "none").
  std::filesystem::path bundled_course;

  // Reads every field above from the running process.
  static Environment from_process();
};

// What the command line said; empty means "not given".
struct PathOverrides {
  std::string course_dir;  // --course
  std::string data_dir;    // --data-dir
};

struct Paths {
  // --course, else $KINDLY_COURSE, else env.bundled_course.
  std::filesystem::path course_dir;
  // --data-dir, else $KINDLY_DATA_DIR, else $XDG_DATA_HOME/kindly, else
  // $HOME/.local/share/kindly, else .kindly (in the working folder).
  std::filesystem::path data_dir;
  // The log's folder: $KINDLY_STATE_DIR, else $XDG_STATE_HOME/kindly, else
  // $HOME/.local/state/kindly, else empty (no log file).
  std::filesystem::path state_dir;
  // $XDG_CONFIG_HOME, else $HOME/.config, else empty (no autostart entry can be written).
  std::filesystem::path config_dir;
  // What can be made again (the desktop app's font atlas): $XDG_CACHE_HOME/kindly, else
  // $HOME/.cache/kindly, else empty (nothing is cached).
  std::filesystem::path cache_dir;
};

// Pure: the same environment and flags always give the same paths; nothing is touched.
Paths resolve_paths(const Environment& env, const PathOverrides& flags = {});

// The course that came with Kindly: <prefix>/share/kindly/courses/kindly-msc next to the
// installed binary (/proc/self/exe is <prefix>/bin/kindly) when it holds a course.yaml, else
// the source tree's curriculum/kindly-msc.
std::filesystem::path installed_course_dir();

}  // namespace kindly
