// Backup with the SQLite online backup API into a temp file, then an atomic rename.
//
// Sections: helpers · stale temp files · backing up.
#include "kindly/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "kindly/atomic_file.h"
#include "kindly/store.h"

namespace kindly {

namespace fs = std::filesystem;

// ---- helpers --------------------------------------------------------------------------------

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

// ---- stale temp files ---------------------------------------------------------------------

// A backup in progress holds an flock() on its temp file ".<name>.tmp-XXXXXX" (SQLite's own
// locks are fcntl() locks, which do not interfere). One whose lock can be taken belongs to a
// backup that died (killed, power cut): it and the files SQLite made beside it (-journal,
// -wal, -shm) are removed. Sidecars whose temp file is gone are removed too.
const char* const kSidecars[] = {"-journal", "-wal", "-shm"};

bool is_temp_name(const std::string& name, const std::string& prefix) {
  return name.size() == prefix.size() + 6 && name.compare(0, prefix.size(), prefix) == 0;
}

// Removes what killed backups to `out` left behind; returns how many files.
int remove_stale_temps(const fs::path& out) {
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const std::string prefix = "." + out.filename().string() + ".tmp-";
  std::error_code ec;
  std::vector<fs::path> temps, sidecars;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    if (is_temp_name(name, prefix)) {
      temps.push_back(entry.path());
      continue;
    }
    for (const char* suffix : kSidecars) {
      const std::string s = suffix;
      if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0 &&
          is_temp_name(name.substr(0, name.size() - s.size()), prefix))
        sidecars.push_back(entry.path());
    }
  }
  int removed = 0;
  for (const auto& t : temps) {
    const int fd = ::open(t.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    const bool dead = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (dead && fs::remove(t, ec)) ++removed;
    ::close(fd);
  }
  for (const auto& s : sidecars) {
    std::string main = s.string();
    for (const char* suffix : kSidecars) {
      const std::string x = suffix;
      if (main.size() > x.size() && main.compare(main.size() - x.size(), x.size(), x) == 0) {
        main.resize(main.size() - x.size());
        break;
      }
    }
    if (!fs::exists(main, ec) && fs::remove(s, ec)) ++removed;
  }
  return removed;
}

// The flock() that marks a temp file as in use; released when the backup ends.
struct TempLock {
  int fd = -1;
  explicit TempLock(const fs::path& p) {
    fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) ::flock(fd, LOCK_EX | LOCK_NB);
  }
  ~TempLock() {
    if (fd >= 0) ::close(fd);
  }
  TempLock(const TempLock&) = delete;
  TempLock& operator=(const TempLock&) = delete;
};

void remove_temp(const fs::path& temp) {
  std::error_code ec;
  fs::remove(temp, ec);
  for (const char* suffix : kSidecars) {
    fs::path p = temp;
    p += suffix;
    fs::remove(p, ec);
  }
}

}  // namespace

// ---- backing up -----------------------------------------------------------------------------

namespace {

Result<> check_out(const fs::path& db, const fs::path& out) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path live = db;
    live += suffix;
    if (same_file(live, out) || fs::absolute(live, ec) == fs::absolute(out, ec))
      return Error::refused(RefusalCode::OverLiveDatabase,
                            "the backup cannot be written over the live database " + live.string(),
                            "choose another file name for --out");
  }
  if (fs::is_directory(out, ec))
    return Error::refused(RefusalCode::IsAFolder, out.string() + " is a folder",
                          "give a file name, e.g. kindly-backup.db");
  return {};
}

// Copies `src` (a connection reading the database `db`) into a temp file beside `out`, then
// renames it over `out`.
Result<BackupInfo> copy_database(SQLite::Database& src, const fs::path& db, const fs::path& out) {
  remove_stale_temps(out);
  auto temp = create_temp_near(out);
  if (!temp) return temp.error();
  TempLock lock(temp.value());
  BackupInfo info;
  info.path = out;
  try {
    SQLite::Database dest(temp.value().string(), SQLite::OPEN_READWRITE, 5000);
    SQLite::Backup backup(dest, src);
    backup.executeStep(-1);  // all pages in one step: a consistent snapshot
    // The copy keeps the live file's WAL mode; switch it back so the backup is one
    // self-contained file with no -wal beside it.
    dest.exec("PRAGMA journal_mode=DELETE");
    // A copy is a database of its own: a log left by the live one is never replayed into it
    // once it is restored (store.h).
    assign_new_instance(dest);
    info.events = count_if_table(dest, "events");
    info.entries = count_if_table(dest, "journal_entries") + count_if_table(dest, "journal");
  } catch (const SQLite::Exception& e) {
    remove_temp(temp.value());
    return Error::data("cannot back up " + db.string() + ": " + e.what(), db.string());
  }
  auto committed = commit_temp(temp.value(), out);
  if (!committed) return committed.error();
  std::error_code ec;
  info.bytes = static_cast<std::int64_t>(fs::file_size(out, ec));
  return info;
}

}  // namespace

Result<BackupInfo> backup_store(const Store& store, const fs::path& out) {
  if (auto ok = check_out(store.path(), out); !ok) return ok.error();
  try {
    // Read the way the store reads: with its log, also in a read-only folder.
    auto src = store.open_reader();
    return copy_database(*src, store.path(), out);
  } catch (const SQLite::Exception& e) {
    return Error::data("cannot back up " + store.path().string() + ": " + e.what(),
                       store.path().string());
  }
}

Result<BackupInfo> backup_database(const fs::path& db, const fs::path& out) {
  std::error_code ec;
  if (!fs::is_regular_file(db, ec))
    return Error::data("there is no Kindly database at " + db.string(), db.string());
  if (auto ok = check_out(db, out); !ok) return ok.error();
  if (db.filename() == Store::kFileName) {
    // Through a read-only store: only once kindly.db-wal is known to be this database's log,
    // and with that log read (store.h).
    StoreOptions ro;
    ro.read_only = true;
    auto store = Store::open(db.parent_path(), ro);
    if (!store) return store.error();
    return backup_store(*store.value(), out);
  }
  try {
    SQLite::Database src(db.string(), SQLite::OPEN_READONLY, 5000);
    return copy_database(src, db, out);
  } catch (const SQLite::Exception& e) {
    return Error::data("cannot back up " + db.string() + ": " + e.what(), db.string());
  }
}

Result<BackupInfo> backup_data_dir(const fs::path& data_dir, const fs::path& out) {
  return backup_database(data_dir / Store::kFileName, out);
}

}  // namespace kindly
