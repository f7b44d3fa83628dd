// Backup with the SQLite online backup API into a temp file, then an atomic rename.
#include "kindly/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "kindly/atomic_file.h"
#include "kindly/store.h"

namespace kindly {

namespace fs = std::filesystem;

namespace {

std::int64_t count_if_table(SQLite::Database& db, const char* table) {
  SQLite::Statement t(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  t.bind(1, table);
  if (!t.executeStep()) return 0;
  SQLite::Statement q(db, std::string("SELECT count(*) FROM ") + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

Result<BackupInfo> backup_database(const fs::path& db, const fs::path& out) {
  std::error_code ec;
  if (!fs::is_regular_file(db, ec))
    return Error::data("there is no Kindly database at " + db.string(), db.string());
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path live = db;
    live += suffix;
    if (same_file(live, out) || fs::absolute(live, ec) == fs::absolute(out, ec))
      return Error::refused("the backup cannot be written over the live database " + live.string(),
                            "choose another file name for --out");
  }
  if (fs::is_directory(out, ec))
    return Error::refused(out.string() + " is a folder", "give a file name, e.g. kindly-backup.db");
  auto temp = create_temp_near(out);
  if (!temp) return temp.error();
  BackupInfo info;
  info.path = out;
  try {
    SQLite::Database src(db.string(), SQLite::OPEN_READONLY, 5000);
    {
      SQLite::Database dest(temp.value().string(), SQLite::OPEN_READWRITE, 5000);
      SQLite::Backup backup(dest, src);
      backup.executeStep(-1);  // all pages in one step: a consistent snapshot
      // The copy keeps the live file's WAL mode; switch it back so the backup is one
      // self-contained file with no -wal beside it.
      dest.exec("PRAGMA journal_mode=DELETE");
      info.events = count_if_table(dest, "events");
      info.entries = count_if_table(dest, "journal_entries") + count_if_table(dest, "journal");
    }
  } catch (const SQLite::Exception& e) {
    fs::remove(temp.value(), ec);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      fs::path p = temp.value();
      p += suffix;
      fs::remove(p, ec);
    }
    return Error::data("cannot back up " + db.string() + ": " + e.what(), db.string());
  }
  auto committed = commit_temp(temp.value(), out);
  if (!committed) return committed.error();
  info.bytes = static_cast<std::int64_t>(fs::file_size(out, ec));
  return info;
}

Result<BackupInfo> backup_data_dir(const fs::path& data_dir, const fs::path& out) {
  return backup_database(data_dir / Store::kFileName, out);
}

}  // namespace kindly
