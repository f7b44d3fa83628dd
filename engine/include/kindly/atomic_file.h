// Atomic file writes: a reader (or a crash) sees the old file or the new one, whole.
//
// The steps (write_file_atomic):
//   1. Created    a temp file ".<name>.tmp-XXXXXX" is created in the target's folder with
//                 `mode` (0600 by default: anything Kindly writes holds user data);
//   2. Written    every byte is written;
//   3. Synced     fsync(temp): the bytes are on disk before the name points at them;
//   4. Renamed    rename(temp, target): atomic on POSIX file systems;
//   5. DirSynced  fsync(folder): the rename itself is on disk.
// On an ordinary error (disk full, no permission) the temp file is removed and the target is
// untouched. The test hook `crash_after` simulates the process dying right after a step: the
// function returns at once, leaving things exactly as a crash would (a stray temp file
// included; Kindly never reads those).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "kindly/result.h"

namespace kindly {

enum class AtomicStep { Created, Written, Synced, Renamed, DirSynced };
const char* to_string(AtomicStep s);  // "created", "written", ...

struct AtomicWriteOptions {
  mode_t mode = 0600;  // permissions of the new file (subject to nothing: fchmod is used)
  // Test hook: called after each step; returning true stops there as if the process had
  // died (the result is then an Error saying so).
  std::function<bool(AtomicStep)> crash_after;
};

// Writes `data` to `target` atomically. Errors are of kind Data, with `path` = target.
Result<> write_file_atomic(const std::filesystem::path& target, std::string_view data,
                           const AtomicWriteOptions& options = {});

// For writers that need a file name rather than bytes (e.g. the SQLite backup API): creates
// an empty temp file (mode 0600) next to `target` and returns its path.
Result<std::filesystem::path> create_temp_near(const std::filesystem::path& target,
                                               mode_t mode = 0600);
// Steps 3-5 for a temp file that has been written and closed: fsync it, rename it over
// `target`, fsync the folder. Removes the temp file on failure.
Result<> commit_temp(const std::filesystem::path& temp, const std::filesystem::path& target,
                     const AtomicWriteOptions& options = {});

// fsync of a folder (after a rename or unlink in it). Returns false on failure.
bool sync_dir(const std::filesystem::path& dir);

}  // namespace kindly
