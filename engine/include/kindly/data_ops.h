// Data operations: the one entry point front ends use for the data folder as files (full
// export, import, backup, restore, and saving a report). The CLI (app/cli/cmd_data.cpp) and
// the app call only these; the SQL, the backup API and the atomic writes stay in engine/.
//
// Every function returns a Result whose value is a summary for the host's message, or an
// Error that says what was and was not touched:
//   - Refused: the request cannot be done as asked (an export over the size import reads, an
//     --out that cannot be written, a file that is not a Kindly export or database, a data
//     folder that already holds data); nothing was written;
//   - Data: the data folder itself is the problem (damaged, in use, a foreign write-ahead
//     log, read-only where writing is needed).
// Functions over a data folder open the store themselves (read-only where they only read,
// so they work on a read-only disk); the Store& overloads use a store the host has open.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/backup.h"
#include "kindly/data_export.h"
#include "kindly/result.h"
#include "kindly/store.h"

namespace kindly {

namespace data_ops {

// The course to name in an export. Empty id: the course the event log was begun with.
struct CourseTag {
  std::string id;
  std::string version;
};

struct ExportText {
  std::string text;  // the canonical JSON (data_export.h)
  std::int64_t events = 0;
  std::int64_t entries = 0;
};

struct ExportSummary {
  std::filesystem::path path;
  std::int64_t bytes = 0;
  std::int64_t events = 0;
  std::int64_t entries = 0;
  std::int64_t recordings = 0;                // copied into `recordings_folder`
  std::filesystem::path recordings_folder{};  // <path>.recordings; empty when there are none
};

struct SavedFile {
  std::filesystem::path path;
  std::int64_t bytes = 0;
};

struct RestoreSummary {
  std::filesystem::path database;  // <data_dir>/kindly.db, now the backup's contents
  DatabaseSummary installed;       // what the backup holds
  // Where the database it replaced went, with its -wal/-shm/-journal: kindly.db.before-
  // restore-<UTC time>[-wal|-shm|-journal]. Empty when there was none. Nothing is deleted.
  std::vector<std::filesystem::path> moved_aside;
  // The recordings, when the backup has a <backup>.recordings folder beside it; the folder
  // they replaced was moved aside (never deleted). Without that folder the data folder's
  // recordings are left as they are.
  int recordings = 0;
  std::filesystem::path recordings_moved_aside{};
};

// The full export as text. Refused when it would be larger than kMaxImportBytes (import
// could not read it back); the message says to make a backup instead.
Result<ExportText> export_full_text(Store& store, const CourseTag& course = {});
Result<ExportText> export_full_text(const std::filesystem::path& data_dir,
                                    const CourseTag& course = {});

// The same, written atomically to `out` (0600). The user's recordings (recordings.h) are
// copied into the folder <out>.recordings beside it (replacing an older copy there) and
// listed in the JSON (docs/export-format.md); with none, that folder is not made (and an old
// one is removed). export_full_text alone never includes recordings. export_full refuses
// (PlainExportNeedsFlag) when the data is locked; export_full_text does not (its caller asks
// the user first: the CLI's --plain).
Result<ExportSummary> export_full(Store& store, const std::filesystem::path& out,
                                  const CourseTag& course = {});
Result<ExportSummary> export_full(const std::filesystem::path& data_dir,
                                  const std::filesystem::path& out, const CourseTag& course = {});

// Imports a full export into an empty data folder (data_export.h: import_file).
Result<ImportSummary> import_full(const std::filesystem::path& data_dir,
                                  const std::filesystem::path& file);

// A consistent copy of the database to `out` (backup.h). Works from a read-only folder.
// The recordings are copied into <out>.recordings beside it (BackupInfo::recordings), as
// export_full does.
Result<BackupInfo> backup_to(const std::filesystem::path& data_dir,
                             const std::filesystem::path& out);
Result<BackupInfo> backup_to(const Store& store, const std::filesystem::path& out);

// Puts a backup in place of <data_dir>/kindly.db: checks that `backup` is a whole Kindly
// database (check_kindly_file), refuses while another Kindly has the database open, moves the
// current database and its -wal/-shm aside to a dated name (never deleting them), and
// installs a checked copy of the backup atomically. The backup file itself is not changed.
// A <backup>.recordings folder beside it is restored too (restore_recordings_from).
Result<RestoreSummary> restore_from(const std::filesystem::path& data_dir,
                                    const std::filesystem::path& backup);

// Writes a report (or any text a host saves into a file the user chose) atomically, 0600.
// Refused when `out` cannot be written.
Result<SavedFile> save_file(const std::filesystem::path& out, std::string_view text);

}  // namespace data_ops
}  // namespace kindly
