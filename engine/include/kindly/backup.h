// Backup: a consistent copy of the live database with the SQLite online backup API.
//
// The copy is made into a temp file next to `out` (mode 0600: it holds the journal), then
// fsynced and renamed over `out` (atomic_file.h), so `out` is either the previous file or a
// complete backup. The live database may be in use (the GUI open) while this runs; the backup
// API copies a consistent snapshot.
#pragma once

#include <cstdint>
#include <filesystem>

#include "kindly/result.h"

namespace kindly {

struct BackupInfo {
  std::filesystem::path path;   // the backup written
  std::int64_t bytes = 0;       // its size
  std::int64_t events = 0;      // rows copied, for the message
  std::int64_t entries = 0;     // journal entries (trash included)
  std::int64_t recordings = 0;  // data_ops::backup_to: recordings copied into <path>.recordings
};

// Backs up the database file `db` (e.g. Store::path()) to `out`. Refused when `out` is the
// database itself (or one of its -wal/-shm files) or a folder; Data errors for I/O and SQLite
// failures (the temp file is removed). A kindly.db is read through a read-only Store (its
// log checked and read). The next backup to `out` removes the temp files of one that was
// killed. The copy gets an instance id of its own (store.h).
Result<BackupInfo> backup_database(const std::filesystem::path& db,
                                   const std::filesystem::path& out);

// The database of an open store -> out, read the way the store reads it (so it works from a
// read-only folder, with the newest writing still in the log).
class Store;
Result<BackupInfo> backup_store(const Store& store, const std::filesystem::path& out);

// <data_dir>/kindly.db -> out. Data error when there is no database there.
Result<BackupInfo> backup_data_dir(const std::filesystem::path& data_dir,
                                   const std::filesystem::path& out);

}  // namespace kindly
