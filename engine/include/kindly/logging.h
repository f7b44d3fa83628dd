// Logging: one rotating file in $XDG_STATE_HOME/kindly/ (default ~/.local/state/kindly/).
//
// What is logged: start-up, versions, paths, counts, errors, timings. Never what the user
// wrote (journal text, notes, move-on reasons) and never check-in answers: call sites log ids
// and sizes only.
#pragma once

#include <filesystem>
#include <string>

namespace kindly {

// $KINDLY_STATE_DIR, else $XDG_STATE_HOME/kindly, else $HOME/.local/state/kindly: the
// state_dir of resolve_paths() (kindly/paths.h) for the process's environment as it is now.
// Kept for callers that have no Environment at hand (the app core shows the log's path;
// its tests set the variables and call this).
std::filesystem::path default_log_dir();

// Sets spdlog's default logger to a rotating file (kindly.log, 1 MiB x 3 files) in `dir`,
// created 0700. When the folder cannot be used, logging goes nowhere (never to the user's
// terminal unless `also_stderr`). Returns the log file's path, or empty when disabled.
std::filesystem::path init_logging(const std::filesystem::path& dir, bool also_stderr = false);

}  // namespace kindly
