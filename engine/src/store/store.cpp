// The store: opening (folder, permissions, pragmas, checks), the schema and its migrations,
// the event log, and write transactions.
//
// Sections: schema v2 (+ v3) · migrations · opening · events · transactions.
#include "kindly/store.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

#include "fts_snippet.h"
#include "sealer.h"
#include "wal_check.h"

namespace kindly {

namespace fs = std::filesystem;

// ---- schema v2 ----------------------------------------------------------------------------

namespace {

// Times are Unix seconds (UTC). Text columns default to '' so that reads need no NULL checks;
// the optional distress values are NULL when not given.
const char* const kSchemaV2 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE events(
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  type            TEXT    NOT NULL,
  at              INTEGER NOT NULL,
  recorded_at     INTEGER NOT NULL,
  course_id       TEXT    NOT NULL DEFAULT '',
  course_version  TEXT    NOT NULL DEFAULT '',
  module          TEXT    NOT NULL DEFAULT '',
  week            INTEGER NOT NULL DEFAULT 0,
  item            TEXT    NOT NULL DEFAULT '',
  practice        TEXT    NOT NULL DEFAULT '',
  minutes         INTEGER NOT NULL DEFAULT 0,
  note            TEXT    NOT NULL DEFAULT '',
  distress_before INTEGER CHECK (distress_before BETWEEN 0 AND 10),
  distress_after  INTEGER CHECK (distress_after BETWEEN 0 AND 10),
  answers         TEXT    NOT NULL DEFAULT '[]',
  entry_id        INTEGER NOT NULL DEFAULT 0,
  reason          TEXT    NOT NULL DEFAULT ''
);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE journal_entries(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  module     TEXT    NOT NULL DEFAULT '',
  week       INTEGER NOT NULL DEFAULT 0,
  item       TEXT    NOT NULL DEFAULT '',
  prompt     INTEGER NOT NULL DEFAULT 0,
  text       TEXT    NOT NULL
);
CREATE INDEX journal_entries_item ON journal_entries(item);
CREATE TABLE journal_revisions(
  entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
  rev      INTEGER NOT NULL,
  text     TEXT    NOT NULL,
  saved_at INTEGER NOT NULL,
  PRIMARY KEY(entry_id, rev)
);
CREATE VIRTUAL TABLE journal_fts USING fts5(
  text, content='journal_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER journal_fts_insert AFTER INSERT ON journal_entries BEGIN
  INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER journal_fts_delete AFTER DELETE ON journal_entries BEGIN
  INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER journal_fts_update AFTER UPDATE OF text ON journal_entries BEGIN
  INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text);
END;
)sql";

// ---- migrations ---------------------------------------------------------------------------

// v1 (Kindly 0.0): events(seq, type, at, payload JSON) and journal(id, created_at, item, body),
// no revisions, no trash, no search. v2 spreads the payload into columns, adds recorded_at,
// journal revisions, the trash and FTS5, and turns v1's journal answers to reflections into
// `reflected` events. tests/data/db/v1.sql is a v1 database as text (v1.db is built from it).
const char* const kMigrate1To2 = R"sql(
ALTER TABLE events RENAME TO events_v1;
ALTER TABLE journal RENAME TO journal_v1;
)sql";

const char* const kMigrate1To2Copy = R"sql(
INSERT INTO events(seq, type, at, recorded_at, course_id, course_version, module, week, item,
                   practice, minutes, note, distress_before, distress_after, answers, entry_id,
                   reason)
SELECT seq, type, at, at,
       coalesce(json_extract(payload, '$.course_id'), ''),
       coalesce(json_extract(payload, '$.course_version'), ''),
       coalesce(json_extract(payload, '$.module'), ''),
       coalesce(json_extract(payload, '$.week'), 0),
       coalesce(json_extract(payload, '$.item'), ''),
       coalesce(json_extract(payload, '$.practice'), ''),
       coalesce(json_extract(payload, '$.minutes'), 0),
       coalesce(json_extract(payload, '$.note'), ''),
       json_extract(payload, '$.before'),
       json_extract(payload, '$.after'),
       coalesce(json_extract(payload, '$.answers'), '[]'),
       coalesce(json_extract(payload, '$.entry_id'), 0),
       coalesce(json_extract(payload, '$.reason'), '')
FROM events_v1 ORDER BY seq;
UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(seq), 0) FROM events) WHERE name = 'events';
INSERT INTO journal_entries(id, created_at, updated_at, module, item, text)
SELECT id, created_at, created_at, '', coalesce(item, ''), body FROM journal_v1 ORDER BY id;
INSERT INTO journal_revisions(entry_id, rev, text, saved_at)
SELECT id, 1, text, created_at FROM journal_entries;
-- v1 derived "a reflection is answered" from the journal; v2 keeps it in the log.
INSERT INTO events(type, at, recorded_at, item, entry_id)
SELECT 'reflected', created_at, created_at, item, id FROM journal_entries
WHERE item <> '' ORDER BY id;
DROP TABLE events_v1;
DROP TABLE journal_v1;
)sql";

// v3: each event keeps the recording zone's UTC offset (Event::utc_offset), so that a week's
// local start day does not depend on the zone of a later run. NULL for the rows before.
const char* const kMigrate2To3 = R"sql(
ALTER TABLE events ADD COLUMN utc_offset INTEGER CHECK (utc_offset BETWEEN -86400 AND 86400);
)sql";

// v4: the journal's search index moves to memory (Store::ensure_search_index), so that no
// plain text is indexed on disk once the data has a passphrase (docs/privacy.md).
const char* const kMigrate3To4 = R"sql(
DROP TRIGGER IF EXISTS journal_fts_insert;
DROP TRIGGER IF EXISTS journal_fts_delete;
DROP TRIGGER IF EXISTS journal_fts_update;
DROP TABLE IF EXISTS journal_fts;
)sql";

using Hook = std::function<void(const char*)>;

void migrate_1_to_2(SQLite::Database& db, const Hook& hook) {
  db.exec(kMigrate1To2);
  if (hook) hook("renamed");
  db.exec(kSchemaV2);
  if (hook) hook("schema");
  db.exec(kMigrate1To2Copy);
  if (hook) hook("copied");
}

void migrate_2_to_3(SQLite::Database& db, const Hook&) {
  db.exec(kMigrate2To3);
}

void migrate_3_to_4(SQLite::Database& db, const Hook&) {
  db.exec(kMigrate3To4);
}

using MigrationStep = void (*)(SQLite::Database&, const Hook&);
// kSteps[i] migrates version i+1 to i+2.
const MigrationStep kSteps[] = {migrate_1_to_2, migrate_2_to_3, migrate_3_to_4};
static_assert(std::size(kSteps) == Store::kSchemaVersion - 1);

// ---- opening ------------------------------------------------------------------------------

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

// Creates `dir` (and parents) if missing; the folders created get mode 0700.
void ensure_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (!dir.parent_path().empty() && dir.parent_path() != dir) ensure_dir(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw DataError("cannot create the data folder " + dir.string() + ": " + errno_text(errno),
                    dir.string());
  }
  if (!fs::is_directory(dir, ec)) {
    throw DataError("the data folder " + dir.string() + " is not a folder", dir.string());
  }
}

// Creates an empty file with mode 0600 (SQLite then gives its -wal and -shm files the same
// mode). Fails if it exists.
void create_private_file(const fs::path& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw DataError("cannot create " + p.string() + ": " + errno_text(errno), p.string());
  }
  ::close(fd);
}

// The data folder must be 0700 and Kindly's files in it 0600: group and other access is
// removed from anything that has it (owner bits are kept, so a file the user made
// read-only stays read-only), and said so once (a warning for the host and a line in the
// log). Only Kindly's own files are touched (kindly.db*, gui-settings.ini*, the app's
// kindly.lock, the recordings folders), and the folder only when it holds nothing else: a
// --data-dir pointed at a shared folder is not changed behind the user's back, only reported.
bool is_kindly_file(const std::string& name) {
  return name.rfind("kindly.db", 0) == 0 || name.rfind("gui-settings.ini", 0) == 0 ||
         name == "kindly.lock" || name == ".recording-take.wav";
}

// The user's recordings (recordings.h): "recordings" and the copies a restore moved aside
// ("recordings.before-restore-..."). Their own files are kept 0600 by recordings.cpp.
bool is_kindly_folder(const std::string& name) {
  return name == "recordings" || name.rfind("recordings.before-restore-", 0) == 0;
}

void make_private(const fs::path& dir, std::vector<std::string>& warnings) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  int fixed = 0, failed = 0, left = 0;
  std::string modes;
  auto note = [&](const fs::path& p, mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    if (!modes.empty()) modes += ", ";
    modes += p.filename().string() + " " + buf;
  };
  auto fix = [&](const fs::path& p, mode_t mode) {
    note(p, mode);
    if (::chmod(p.c_str(), mode & 07700) == 0)
      ++fixed;
    else
      ++failed;
  };
  bool only_kindly = true;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    struct stat fst {};
    if (is_kindly_folder(name) && ::lstat(entry.path().c_str(), &fst) == 0 &&
        S_ISDIR(fst.st_mode)) {
      if ((fst.st_mode & 077) != 0) fix(entry.path(), fst.st_mode);
      continue;
    }
    if (!is_kindly_file(name) || ::lstat(entry.path().c_str(), &fst) != 0 ||
        !S_ISREG(fst.st_mode)) {
      only_kindly = false;
      continue;
    }
    if ((fst.st_mode & 077) != 0) fix(entry.path(), fst.st_mode);
  }
  if ((st.st_mode & 077) != 0) {
    if (only_kindly) {
      fix(dir, st.st_mode);
    } else {
      note(dir, st.st_mode);
      ++left;
    }
  }
  if (fixed + failed + left == 0) return;
  std::string w =
      "the data folder " + dir.string() + " could be read by other users (" + modes + "); ";
  if (failed > 0) {
    w += "Kindly could not make all of it private: run chmod go-rwx on them";
  } else if (left > 0) {
    w += "it holds files that are not Kindly's, so Kindly left the folder's mode: run chmod 700 " +
         dir.string() + " if only you should see it";
  } else {
    w += "Kindly made it private (folder 0700, files 0600)";
  }
  spdlog::warn("{}", w);
  warnings.push_back(std::move(w));
}

bool writable(const fs::path& p) {
  return ::access(p.c_str(), W_OK) == 0;
}

// file: URI for sqlite3_open_v2 with SQLITE_OPEN_URI (path characters percent-encoded).
std::string file_uri(const fs::path& p, const char* query) {
  std::string out = "file:";
  for (unsigned char c : p.string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out + "?" + query;
}

std::string read_only_message(const fs::path& path) {
  return path.string() +
         " is read-only: Kindly can show your progress and journal but cannot save anything. "
         "Make the file and its folder writable (chmod u+w) to save";
}

int read_user_version(SQLite::Database& db) {
  SQLite::Statement q(db, "PRAGMA user_version");
  q.executeStep();
  return q.getColumn(0).getInt();
}

bool has_tables(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_master");
  q.executeStep();
  return q.getColumn(0).getInt64() > 0;
}

std::string check_text(SQLite::Database& db, const char* pragma) {
  SQLite::Statement q(db, pragma);
  std::string all;
  while (q.executeStep()) {
    if (!all.empty()) all += "; ";
    all += q.getColumn(0).getString();
  }
  return all;
}

// The tables a Kindly database of `version` has (v1: events with a JSON payload and journal;
// v2 and v3: schema v2 above, v3 adds a column). Another program's SQLite file that happens to
// carry user_version 1 or 2 is told apart by these, before anything is written to it.
bool kindly_shape(SQLite::Database& db, int version) {
  auto has = [&](const char* table) {
    SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, table);
    return q.executeStep();
  };
  if (version == 1) {
    if (!has("events") || !has("journal")) return false;
    SQLite::Statement q(db, "SELECT 1 FROM pragma_table_info('events') WHERE name = 'payload'");
    return q.executeStep();
  }
  return has("meta") && has("events") && has("journal_entries") && has("journal_revisions") &&
         (version >= 4 || has("journal_fts"));
}

// The database's instance id (the 32 hex digits before the ':' of meta 'instance'); empty
// when there is none (no meta table, or a database from before instance ids).
std::string instance_id(SQLite::Database& db) {
  SQLite::Statement t(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!t.executeStep()) return "";
  SQLite::Statement q(db, "SELECT substr(value, 1, 32) FROM meta WHERE key = 'instance'");
  return q.executeStep() ? q.getColumn(0).getString() : "";
}

std::string wal_refusal(const fs::path& path, const std::string& why) {
  return path.string() + "-wal beside " + path.string() + " is not this database's write-ahead " +
         "log (" + why + "); neither file was touched. If " + path.filename().string() +
         " was replaced by a copy, the log is the old database's: move " +
         path.filename().string() + "-wal and " + path.filename().string() +
         "-shm out of the folder, or put a backup in place with `kindly restore BACKUP`, "
         "which does that for you";
}

// Before SQLite opens kindly.db (and would replay whatever log lies beside it, then
// checkpoint it into the file on close): if kindly.db-wal holds committed transactions, they
// are replayed in a private copy and must give a Kindly database with kindly.db's own
// instance id (docs/reliability.md, "Whose WAL is it"). Returns the copy (replayed, log
// folded in) when `keep` and there was a log to replay; an empty one otherwise. A refusal
// is a DataError naming both files.
detail::WalCopy check_wal(const fs::path& path, bool keep) {
  fs::path wal = path;
  wal += "-wal";
  const detail::WalScan scan = detail::scan_wal(wal);
  // No log, or none SQLite would replay (a torn header, no committed frame): nothing to
  // check; SQLite ignores it and starts a new one.
  if (!scan.exists || !scan.valid_header || scan.frames == 0) return {};
  const std::uint32_t page = detail::db_page_size(path);
  if (page != 0 && page != scan.page_size) {
    throw DataError(wal_refusal(path, "its page size is " + std::to_string(scan.page_size) +
                                          ", the database's " + std::to_string(page)),
                    path.string());
  }
  std::string failure;
  // Twice: a copy taken while the app checkpoints can be torn; a second one is not.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      detail::WalCopy copy = detail::WalCopy::of_database(path);
      std::error_code ec;
      // A file with no tables yet (a new database whose schema is still in the log) has
      // nothing a foreign log could spoil; any other must match the log's instance id.
      bool db_empty = fs::file_size(copy.db(), ec) == 0;
      std::string own;
      if (!db_empty) {
        SQLite::Database d(copy.db().string(), SQLite::OPEN_READONLY);
        db_empty = !has_tables(d);
        own = instance_id(d);
      }
      copy.add_wal(wal);
      std::string logged;
      {
        SQLite::Database d(copy.db().string(), SQLite::OPEN_READWRITE);  // replays the log
        // Nothing to fold in on close: the copy is read with its log (also when kept).
        sqlite3_db_config(d.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        const int version = read_user_version(d);
        if (version < 1 || version > Store::kSchemaVersion || !kindly_shape(d, version)) {
          throw DataError(wal_refusal(path, "with it the file is not a Kindly database"),
                          path.string());
        }
        logged = instance_id(d);
      }
      if (!db_empty && own != logged) {
        throw DataError(
            wal_refusal(path, own.empty() || logged.empty()
                                  ? "one of them has no Kindly instance id"
                                  : "it was written for Kindly database " + logged.substr(0, 8) +
                                        "..., the file is " + own.substr(0, 8) + "..."),
            path.string());
      }
      if (keep) return copy;
      return {};
    } catch (const DataError&) {
      throw;
    } catch (const SQLite::Exception& e) {
      failure = e.what();
    } catch (const std::runtime_error& e) {
      failure = e.what();
    }
  }
  throw DataError(wal_refusal(path, "it cannot be read with it: " + failure), path.string());
}

// Writes a backup to `dest`, or to dest.2, dest.3, ... if a backup of that name exists (a
// migration that was interrupted and run again within the same second).
fs::path backup_to(SQLite::Database& src, fs::path dest) {
  const fs::path base = dest;
  for (int n = 2; fs::exists(dest); ++n) {
    dest = base;
    dest += "." + std::to_string(n);
  }
  create_private_file(dest);
  SQLite::Database out(dest.string(), SQLite::OPEN_READWRITE);
  SQLite::Backup backup(out, src);
  backup.executeStep(-1);
  assign_new_instance(out);
  return dest;
}

// A fresh instance id: 32 random hex digits, then ':' and a count of write transactions.
const char* const kNewId = "lower(hex(randomblob(16))) || ':0'";
const char* const kNewInstance =
    "INSERT OR REPLACE INTO meta(key, value) VALUES ('instance', lower(hex(randomblob(16))) || "
    "':0')";

const char* const kEventColumns =
    "seq, type, at, recorded_at, course_id, course_version, module, week, item, practice, "
    "minutes, kindly_open('events.note', seq, note), distress_before, distress_after, "
    "kindly_open('events.answers', seq, answers), entry_id, "
    "kindly_open('events.reason', seq, reason), utc_offset";

}  // namespace

void assign_new_instance(SQLite::Database& db) {
  SQLite::Statement t(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (t.executeStep()) db.exec(kNewInstance);
}

Result<DatabaseSummary> check_kindly_file(const fs::path& file, const fs::path& install_copy) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    return Error::refused(RefusalCode::NoSuchFile,
                          file.string() + ": no such file (or not a regular file)");
  const std::string not_kindly = file.string() + " is not a whole Kindly database";
  try {
    detail::WalCopy copy = detail::WalCopy::of_database(file);
    DatabaseSummary sum;
    {
      SQLite::Database d(copy.db().string(), SQLite::OPEN_READWRITE);
      int version = 0;
      try {
        version = read_user_version(d);
      } catch (const SQLite::Exception& e) {
        return Error::refused(RefusalCode::NotAKindlyDatabase, not_kindly + " (" + e.what() + ")");
      }
      if (version < 1 || version > Store::kSchemaVersion || !kindly_shape(d, version)) {
        return Error::refused(
            RefusalCode::NotAKindlyDatabase,
            not_kindly + " (" +
                (version > Store::kSchemaVersion
                     ? "written by a newer Kindly, data version " + std::to_string(version)
                     : std::string("no Kindly tables")) +
                ")");
      }
      const std::string check = check_text(d, "PRAGMA integrity_check");
      if (check != "ok")
        return Error::refused(RefusalCode::NotAKindlyDatabase,
                              not_kindly + " (damaged: " + check.substr(0, 200) + ")");
      sum.schema_version = version;
      auto count = [&](const char* sql) {
        SQLite::Statement q(d, sql);
        return q.executeStep() ? q.getColumn(0).getInt64() : 0;
      };
      sum.events = count("SELECT count(*) FROM events");
      sum.entries = count(version == 1 ? "SELECT count(*) FROM journal"
                                       : "SELECT count(*) FROM journal_entries");
      if (!install_copy.empty()) {
        d.exec("PRAGMA journal_mode=DELETE");
        assign_new_instance(d);
      }
    }
    if (!install_copy.empty())
      fs::copy_file(copy.db(), install_copy, fs::copy_options::overwrite_existing);
    return sum;
  } catch (const SQLite::Exception& e) {
    return Error::refused(RefusalCode::NotAKindlyDatabase, not_kindly + " (" + e.what() + ")");
  } catch (const std::exception& e) {
    return Error::data(std::string("cannot check ") + file.string() + ": " + e.what(),
                       file.string());
  }
}

void count_write(SQLite::Database& db) {
  db.exec(
      "UPDATE meta SET value = substr(value, 1, 32) || ':' || "
      "(CAST(substr(value, 34) AS INTEGER) + 1) WHERE key = 'instance'");
}

// One function, longer than most, because its order is the point: look at everything
// (folder, file, whose log, version, tables, quick_check) before anything is written, then
// switch to WAL, create or migrate, and only then allow a checkpoint on close. Steps:
// folder and permissions · the log (check_wal) · opening (or the read-only fallbacks) ·
// version, tables and quick_check · pragmas · schema or migrations · the instance id.
Result<std::unique_ptr<Store>> Store::open(const fs::path& data_dir, const StoreOptions& options) {
  const fs::path path = data_dir / kFileName;
  std::unique_ptr<Store> store(new Store());
  store->info_.path = path;
  try {
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (options.read_only) {
      if (!exists) return Error::data("there is no Kindly database at " + path.string(), path);
    } else {
      ensure_dir(data_dir);
    }
    make_private(data_dir, store->info_.warnings);
    if (exists && !fs::is_regular_file(path, ec)) {
      return Error::data(path.string() + " is not a file", path);
    }
    if (!options.read_only) {
      if (exists && (!writable(path) || !writable(data_dir))) {
        return Error::data(read_only_message(path), path);
      }
      if (!exists) create_private_file(path);
    }
    store->info_.read_only = options.read_only;
    store->busy_ms_ = options.busy_timeout_ms;
    // Whose log is kindly.db-wal? Checked before SQLite sees the file. A read-only open in a
    // folder it cannot write keeps the private copy, log replayed, to read from: SQLite
    // cannot read a log there (it needs kindly.db-shm), and immutable=1 ignores it.
    const bool cannot_write = exists && (!writable(path) || !writable(data_dir));
    if (exists) {
      detail::WalCopy copy = check_wal(path, options.read_only && cannot_write);
      if (!copy.empty()) {
        store->copy_ = std::make_unique<detail::WalCopy>(std::move(copy));
        store->read_path_ = store->copy_->db();
      }
    }
    if (store->read_path_.empty()) store->read_path_ = path;
    const int flags = options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    store->db_ = std::make_unique<SQLite::Database>(store->read_path_.string(), flags,
                                                    options.busy_timeout_ms);
    // Until every check below has passed, closing must not fold the log into the file.
    sqlite3_db_config(store->db_->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    if (options.read_only && !store->copy_ && cannot_write) {
      // A WAL database in a folder we cannot write, with no log to replay: SQLite cannot
      // create the -shm file and refuses to read (CANTOPEN or READONLY_CANTINIT). Then read
      // the file as it is (immutable: nobody can change it).
      try {
        read_user_version(*store->db_);
      } catch (const SQLite::Exception&) {
        store->db_.reset();
        store->db_ = std::make_unique<SQLite::Database>(file_uri(path, "immutable=1"),
                                                        SQLite::OPEN_READONLY | SQLite::OPEN_URI,
                                                        options.busy_timeout_ms);
        store->immutable_ = true;
      }
    }
    SQLite::Database& db = *store->db_;
    store->attach_sealer(options);

    // Look before touching anything: a newer or damaged database is left exactly as it is.
    int version = 0;
    try {
      version = read_user_version(db);
      if (version > kSchemaVersion) {
        return Error::data(path.string() + " was written by a newer Kindly (data version " +
                               std::to_string(version) + ", this Kindly reads up to " +
                               std::to_string(kSchemaVersion) +
                               "); it was left untouched. Please update Kindly",
                           path);
      }
      if ((version == 0 && has_tables(db)) || (version > 0 && !kindly_shape(db, version))) {
        return Error::data(
            path.string() + " is an SQLite database but not Kindly's; it was left untouched", path);
      }
      if (version > 0) {
        std::string check = check_text(db, "PRAGMA quick_check");
        if (check != "ok") {
          return Error::data(path.string() + " is damaged (" + check.substr(0, 200) +
                                 "); it was left untouched. Restore a backup (kindly backup, "
                                 "or kindly.db.backup-*) or move it away to start afresh",
                             path);
        }
      }
    } catch (const SQLite::Exception& e) {
      const int code = e.getErrorCode() & 0xff;
      const int sys = sqlite3_system_errno(db.getHandle());
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_FULL || sys == ENOSPC ||
          sys == EDQUOT) {
        return Error::data(store->failure("open", code, e.what()).what(), path);
      }
      return Error::data(path.string() + " is not a Kindly database or is damaged (" + e.what() +
                             "); it was left untouched. Restore a backup (kindly.db.backup-*) "
                             "or move it away to start afresh",
                         path);
    }
    if (!options.read_only) {
      db.exec("PRAGMA journal_mode=WAL");
      db.exec("PRAGMA synchronous=FULL");
    }
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA secure_delete=ON");
    db.exec("PRAGMA temp_store=MEMORY");  // the search index and any sort: never a temp file
    detail::register_snippet_function(db.getHandle());  // for Journal::search

    store->info_.schema_version = version;
    if (options.read_only) {
      if (version != kSchemaVersion) {
        return Error::data(path.string() + " needs an upgrade (data version " +
                               std::to_string(version) + ") and was opened read-only",
                           path);
      }
      if (auto u = store->unlock(options.skip_unlock); !u) return u.error();
      return store;
    }
    if (version == 0) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(kSchemaV2);
      db.exec(kMigrate2To3);
      db.exec(kMigrate3To4);
      db.exec(kNewInstance);
      db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
      tx.commit();
    } else if (version < kSchemaVersion) {
      store->info_.migrated_from = version;
      if (options.backup_before_migration) {
        fs::path backup = path;
        backup += ".backup-v" + std::to_string(version) + "-" +
                  std::to_string(static_cast<long long>(::time(nullptr)));
        store->info_.backup = backup_to(db, backup);
        spdlog::info("backup before migrating from data version {}: {}", version,
                     store->info_.backup.string());
      }
      const Hook& hook = options.migration_hook;
      if (hook) hook("backup");
      for (int v = version; v < kSchemaVersion; ++v) {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        kSteps[v - 1](db, hook);
        db.exec("PRAGMA user_version=" + std::to_string(v + 1));
        if (hook) hook("commit");
        tx.commit();
      }
    }
    if (auto u = store->unlock(options.skip_unlock); !u) return u.error();
    // A database from before instance ids gets one (docs/reliability.md). Not worth failing
    // a command that only reads for: when another process holds the write lock, a later
    // open assigns it.
    if (instance_id(db).empty()) {
      try {
        db.exec("INSERT OR IGNORE INTO meta(key, value) VALUES ('instance', " +
                std::string(kNewId) + ")");
      } catch (const SQLite::Exception& e) {
        spdlog::info("instance id not assigned yet: {}", e.what());
      }
    }
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    store->info_.schema_version = kSchemaVersion;
    store->finish_vacuum_if_due();
    store->seal_recordings();
    return store;
  } catch (const DataError& e) {
    return Error::data(e.what(), e.path().empty() ? path.string() : e.path());
  } catch (const SQLite::Exception& e) {
    if (store->db_) {
      return Error::data(store->failure("open", e.getErrorCode(), e.what()).what(), path);
    }
    return Error::data("cannot use " + path.string() + ": " + e.what(), path);
  } catch (const fs::filesystem_error& e) {
    return Error::data(e.what(), path);
  }
}

Store::~Store() = default;

// ---- events -------------------------------------------------------------------------------

std::int64_t insert_event_row(SQLite::Database& db, const Event& e, bool keep_seq) {
  // One statement for both: with keep_seq the row keeps the event's own seq (an import);
  // without, SQLite assigns the next one (an append).
  static const std::string columns =
      "type, at, recorded_at, course_id, course_version, module, week, item, practice, "
      "minutes, note, distress_before, distress_after, answers, entry_id, reason, utc_offset";
  // The user's words (note, answers, reason) are sealed when the data has a passphrase.
  static const std::string values =
      "?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,kindly_seal('events.note', ?1, ?12),?13,?14,"
      "kindly_seal('events.answers', ?1, ?15),?16,kindly_seal('events.reason', ?1, ?17),?18)";
  // The seq is chosen before the insert (as AUTOINCREMENT would, for an append), so that the
  // sealed texts are bound to their row (sealer.h).
  const std::int64_t seq = keep_seq ? e.seq : next_id(db, "events", "seq");
  SQLite::Statement q(db, "INSERT INTO events(seq, " + columns + ") VALUES (?1," + values);
  int i = 1;
  q.bind(i++, static_cast<std::int64_t>(seq));
  q.bind(i++, to_string(e.type));
  q.bind(i++, static_cast<std::int64_t>(to_unix(e.at)));
  q.bind(i++, static_cast<std::int64_t>(to_unix(e.recorded_at)));
  q.bind(i++, e.course_id);
  q.bind(i++, e.course_version);
  q.bind(i++, e.module);
  q.bind(i++, e.week);
  q.bind(i++, e.item);
  q.bind(i++, e.practice);
  q.bind(i++, e.minutes);
  q.bind(i++, e.note);
  if (e.distress_before)
    q.bind(i++, *e.distress_before);
  else
    q.bind(i++);
  if (e.distress_after)
    q.bind(i++, *e.distress_after);
  else
    q.bind(i++);
  q.bind(i++, nlohmann::json(e.answers).dump());
  q.bind(i++, static_cast<std::int64_t>(e.entry_id));
  q.bind(i++, e.reason);
  if (e.utc_offset)
    q.bind(i++, *e.utc_offset);
  else
    q.bind(i++);
  q.exec();
  return seq;
}

std::int64_t next_id(SQLite::Database& db, const char* table, const char* column) {
  SQLite::Statement q(db, std::string("SELECT max(coalesce((SELECT seq FROM sqlite_sequence "
                                      "WHERE name = ?), 0), coalesce((SELECT max(") +
                              column + ") FROM " + table + "), 0)) + 1");
  q.bind(1, table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

namespace {
void insert_event(SQLite::Database& db, Event& e) {
  // The zone it is recorded in (an append is always "now", in the process TZ).
  if (!e.utc_offset) e.utc_offset = utc_offset_seconds(e.recorded_at);
  e.seq = insert_event_row(db, e, false);
}
}  // namespace

void Store::append(std::vector<Event>& events) {
  write([&] {
    for (auto& e : events) insert_event(*db_, e);
  });
}

std::int64_t Store::append(Event e) {
  write([&] { insert_event(*db_, e); });
  return e.seq;
}

std::vector<Event> Store::events() const {
  return events_since(0);
}

// The whole log is read at every start, so this loop uses SQLite's C API directly (through
// the connection SQLiteCpp owns): SQLiteCpp's per-column objects cost more than the query.
std::vector<Event> Store::events_since(std::int64_t after_seq) const {
  sqlite3* h = db_->getHandle();
  const std::string sql =
      std::string("SELECT ") + kEventColumns + " FROM events WHERE seq > ? ORDER BY seq";
  sqlite3_stmt* raw = nullptr;
  auto fail = [&](const char* what) {
    return DataError(std::string("cannot read the event log (") + what + "): " + sqlite3_errmsg(h),
                     info_.path.string());
  };
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) throw fail("prepare");
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> q(raw, sqlite3_finalize);
  sqlite3_bind_int64(raw, 1, after_seq);
  auto text = [&](int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(raw, col));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(raw, col)))
                        : std::string();
  };
  std::vector<Event> out;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    Event e;
    e.seq = sqlite3_column_int64(raw, 0);
    const std::string type = text(1);
    auto t = event_type_from_string(type);
    if (!t) {
      throw DataError("the event log has an event of unknown type '" + type + "' (seq " +
                          std::to_string(e.seq) + ")",
                      info_.path.string());
    }
    e.type = *t;
    e.at = from_unix(sqlite3_column_int64(raw, 2));
    e.recorded_at = from_unix(sqlite3_column_int64(raw, 3));
    e.course_id = text(4);
    e.course_version = text(5);
    e.module = text(6);
    e.week = sqlite3_column_int(raw, 7);
    e.item = text(8);
    e.practice = text(9);
    e.minutes = sqlite3_column_int(raw, 10);
    e.note = text(11);
    if (sqlite3_column_type(raw, 12) != SQLITE_NULL)
      e.distress_before = sqlite3_column_int(raw, 12);
    if (sqlite3_column_type(raw, 13) != SQLITE_NULL) e.distress_after = sqlite3_column_int(raw, 13);
    const std::string answers = text(14);
    if (!answers.empty() && answers != "[]") {
      auto j = nlohmann::json::parse(answers, nullptr, false);
      if (j.is_array()) {
        for (const auto& v : j) {
          if (v.is_number_integer()) e.answers.push_back(v.get<int>());
        }
      }
    }
    e.entry_id = sqlite3_column_int64(raw, 15);
    e.reason = text(16);
    if (sqlite3_column_type(raw, 17) != SQLITE_NULL) e.utc_offset = sqlite3_column_int(raw, 17);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) throw fail("step");
  return out;
}

std::int64_t Store::last_seq() const {
  SQLite::Statement q(*db_, "SELECT coalesce(max(seq), 0) FROM events");
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// ---- transactions ---------------------------------------------------------------------------

void Store::write(const std::function<void()>& fn) {
  if (write_depth_ > 0) {
    ++write_depth_;
    try {
      fn();
    } catch (...) {
      --write_depth_;
      throw;
    }
    --write_depth_;
    return;
  }
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    write_depth_ = 1;
    try {
      check_lock_unchanged();
      fn();
    } catch (...) {
      write_depth_ = 0;
      throw;  // tx rolls back in its destructor
    }
    write_depth_ = 0;
    count_write(*db_);  // every transaction in the log carries the instance id
    tx.commit();
  } catch (const SQLite::Exception& e) {
    write_depth_ = 0;
    throw failure("write to", e.getErrorCode(), e.what());
  }
}

// Another Kindly (the app, a command) may have set or removed the passphrase since this store
// was opened: then a write through this connection would seal with the wrong state (plain text
// into locked data). One indexed read per write transaction; lock_set/lock_remove themselves
// are the exception.
void Store::check_lock_unchanged() {
  if (changing_lock_ || !sealer_) return;
  SQLite::Statement q(*db_, "SELECT count(*) FROM meta WHERE key = 'lock'");
  q.executeStep();
  if ((q.getColumn(0).getInt() > 0) != sealer_->locked) {
    throw DataError(
        info_.path.string() +
            (sealer_->locked ? " had its passphrase removed" : " was locked with a passphrase") +
            " by another Kindly since it was opened here; nothing was saved. Open "
            "it again",
        info_.path.string());
  }
}

DataError Store::failure(const std::string& doing, int code, const char* what) const {
  const std::string p = info_.path.string();
  const int sys = db_ ? sqlite3_system_errno(db_->getHandle()) : 0;
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DataError(p + " is in use by another Kindly (the app or a command still running); "
                           "nothing was saved. Close it or wait, then try again",
                       p);
    case SQLITE_FULL:
      return DataError(
          "the disk holding " + p + " is full; nothing was saved. Free some space and try again",
          p);
    case SQLITE_READONLY:
      return DataError(read_only_message(info_.path), p);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataError(
          p + " is damaged (" + what + "). Restore a backup (kindly.db.backup-*) or move it away",
          p);
    default:
      break;
  }
  if (sys == ENOSPC || sys == EDQUOT) {
    return DataError(
        "the disk holding " + p + " is full; nothing was saved. Free some space and try again", p);
  }
  if (sys == EROFS || sys == EACCES || sys == EPERM) {
    return DataError(read_only_message(info_.path), p);
  }
  return DataError("cannot " + doing + " " + p + ": " + what, p);
}

void Store::checkpoint_truncate() {
  if (info_.read_only) return;
  sqlite3_wal_checkpoint_v2(db_->getHandle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                            nullptr);
}

bool Store::is_read_only(const fs::path& data_dir) {
  const fs::path path = data_dir / kFileName;
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  return !writable(path) || !writable(data_dir);
}

std::optional<TimePoint> Store::seen_until() const {
  try {
    SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key = 'seen_until'");
    if (!q.executeStep()) return std::nullopt;
    return from_unix(std::stoll(q.getColumn(0).getString()));
  } catch (const std::exception& e) {
    throw DataError(std::string("cannot read ") + info_.path.string() + ": " + e.what(),
                    info_.path.string());
  }
}

void Store::record_seen(TimePoint t) {
  // Best effort and never worth waiting for: when another process is writing, skip it.
  sqlite3_busy_timeout(db_->getHandle(), 0);
  struct Restore {
    sqlite3* h;
    int ms;
    ~Restore() { sqlite3_busy_timeout(h, ms); }
  } restore{db_->getHandle(), busy_ms_};
  write([&] {
    SQLite::Statement q(*db_,
                        "INSERT INTO meta(key, value) VALUES ('seen_until', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value "
                        "WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER)");
    q.bind(1, std::to_string(to_unix(t)));
    q.exec();
  });
}

void Store::reset_seen(TimePoint t) {
  write([&] {
    SQLite::Statement q(*db_,
                        "INSERT INTO meta(key, value) VALUES ('seen_until', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, std::to_string(to_unix(t)));
    q.exec();
  });
}

std::string Store::seen_open() const {
  try {
    SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key = 'seen_open'");
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  } catch (const std::exception& e) {
    throw DataError(std::string("cannot read ") + info_.path.string() + ": " + e.what(),
                    info_.path.string());
  }
}

void Store::record_seen_open(const std::string& module_id) {
  write([&] {
    SQLite::Statement q(*db_,
                        "INSERT INTO meta(key, value) VALUES ('seen_open', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, module_id);
    q.exec();
  });
}

std::string Store::pragma(const std::string& name) const {
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      throw DataError("not a pragma name: " + name, info_.path.string());
    }
  }
  return check_text(*db_, ("PRAGMA " + name).c_str());
}

std::unique_ptr<SQLite::Database> Store::open_reader() const {
  // The file the store reads: kindly.db (immutable when nobody can write it), or the private
  // copy with its log replayed.
  auto db = immutable_ ? std::make_unique<SQLite::Database>(
                             file_uri(read_path_, "immutable=1"),
                             SQLite::OPEN_READONLY | SQLite::OPEN_URI, busy_ms_)
                       : std::make_unique<SQLite::Database>(read_path_.string(),
                                                            SQLite::OPEN_READONLY, busy_ms_);
  detail::register_snippet_function(db->getHandle());
  detail::register_seal_functions(db->getHandle(), sealer_);
  return db;
}

bool Store::integrity_ok() const {
  return check_text(*db_, "PRAGMA integrity_check") == "ok";
}

}  // namespace kindly
