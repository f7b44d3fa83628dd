// Progress commands (begin, status, start, done, undo, log, journal, ...). Filled in by the
// progress engine.
#include "cli.h"

namespace kindly::cli {
void add_progress_commands(CLI::App&, Context&, int*) {}
}  // namespace kindly::cli
