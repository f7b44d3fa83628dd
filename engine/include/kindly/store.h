// The store: one SQLite file (kindly.db) in the data folder, holding the event log and the
// journal.
//
// Opening:
//   - the data folder is created with mode 0700 if missing; the database is created 0600;
//   - WAL journal, synchronous=FULL (set explicitly), foreign_keys=ON, busy_timeout, and
//     secure_delete=ON;
//   - the schema version is PRAGMA user_version. An older database is migrated one step at a
//     time (N -> N+1, each step one transaction) after a backup copy is written with the
//     SQLite backup API to kindly.db.backup-v<N>-<unix time>;
//   - a database from a newer Kindly (user_version > kSchemaVersion) is refused and not
//     modified; a file that is not a readable SQLite database (or fails quick_check) is
//     reported with its path and never overwritten or replaced.
//   - before SQLite sees kindly.db, a kindly.db-wal beside it must be this database's log:
//     replayed in a private copy it must give a Kindly database with kindly.db's instance id
//     (meta 'instance', random, new in every backup copy). Otherwise the open is refused and
//     neither file is touched (no checkpoint on close until every check has passed);
//   - another program's SQLite file (no Kindly tables, whatever its user_version) is refused
//     untouched: never switched to WAL, never migrated or backed up;
//   - read-only, in a folder Kindly cannot write, with a log holding transactions: the store
//     reads a private copy (0700 temp folder, removed on close) with the log replayed, so the
//     newest writing is there.
// Writing: append() and the journal each commit one transaction; write() groups several
// into one (a command that adds a journal entry and an event commits both or neither).
// The events table is append-only (UPDATE and DELETE are refused by triggers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kindly/crypto.h"
#include "kindly/events.h"
#include "kindly/result.h"

namespace SQLite {
class Database;
}

namespace kindly {

namespace detail {
class WalCopy;
struct Sealer;
}  // namespace detail

// ---- the lock (docs/privacy.md) -----------------------------------------------------------
// With a passphrase set ("locked" data), every text the user wrote is sealed in the database
// (journal entries and their versions, the notes, reasons and answers in the event log). A
// Store opened on locked data asks the process's unlock source for the passphrase or the
// recovery key, once per process: the data key it unwraps is kept (in locked memory) until
// forget_unlocked_keys().
struct UnlockAnswer {
  std::string secret;         // what the user typed, exactly
  bool recovery_key = false;  // the recovery key, not the passphrase
};
// Asked with the database's path and the attempt (0, 1, 2); nullopt = nothing (more) to try.
using UnlockSource =
    std::function<std::optional<UnlockAnswer>(const std::filesystem::path& db, int attempt)>;
void set_unlock_source(UnlockSource source);  // process-wide: the CLI's flags, the app's screen
void forget_unlocked_keys();                  // wipes every data key this process holds
// Whether `passphrase` may be set (lock set, lock change; the CLI and the app ask the same):
// at least 8 characters (R066) and, when it was asked twice, the same both times (`again`;
// R065). Nothing is changed either way.
Result<> check_new_passphrase(const std::string& passphrase, const std::string* again = nullptr);

struct LockStatus {
  bool locked = false;    // a passphrase is set
  bool unlocked = false;  // this store holds the data key
  crypto::KdfParams kdf;  // Argon2id cost when locked
};

struct StoreOptions {
  bool read_only = false;  // open without writing (no create, no migration; status, export)
  // How long a write waits for another process (the app, a script) to finish its own. Short
  // on purpose: Kindly's transactions take milliseconds, and a command should not hang.
  int busy_timeout_ms = 1000;
  bool backup_before_migration = true;
  // Tests only: called at each step of a migration ("backup", "renamed", "schema", "copied",
  // "commit") so that a test can kill the process midway. Empty in the app.
  std::function<void(const char* step)> migration_hook;
  // `kindly lock status` only: open locked data without its key (sealed texts then cannot be
  // read or written; the open is not refused).
  bool skip_unlock = false;
};

struct StoreInfo {
  std::filesystem::path path;    // the database file
  int schema_version = 0;        // after migration
  int migrated_from = 0;         // 0 when no migration ran, else the version found
  std::filesystem::path backup;  // the backup written before migrating; empty if none
  bool read_only = false;        // opened read-only (asked for, or the file is not writable)
  // Problems found and fixed at opening, one sentence each (e.g. a data folder that other
  // users could read, now made private). Also logged. Hosts show them as warnings.
  std::vector<std::string> warnings;
};

// Writes one row of the events table: every field of `e`; its seq too when `keep_seq` (an
// import), else SQLite's next. Returns the row's seq. The one place the columns are listed.
std::int64_t insert_event_row(SQLite::Database& db, const Event& e, bool keep_seq);
// The id AUTOINCREMENT would give the next row of `table` (its integer key `column`): one
// more than the largest ever used. Only inside a write transaction.
std::int64_t next_id(SQLite::Database& db, const char* table, const char* column);

// A Kindly database's instance id (meta 'instance': 32 random hex digits, ':', a count of
// write transactions). assign_new_instance() gives a copy (a backup) an id of its own; it
// does nothing to a database without a meta table. count_write() is run in every write
// transaction, so that every transaction in kindly.db-wal carries the id (store.cpp).
void assign_new_instance(SQLite::Database& db);
void count_write(SQLite::Database& db);

// What check_kindly_file() found in a file that is a whole Kindly database.
struct DatabaseSummary {
  int schema_version = 0;
  std::int64_t events = 0;
  std::int64_t entries = 0;  // journal entries, trash included
};

// Is `file` a whole Kindly database (an SQLite file with Kindly's tables, data version
// 1..Store::kSchemaVersion, integrity_check "ok")? Read from a private copy: `file` is not
// opened by SQLite, so nothing beside it is replayed or created. Refused (kind Refused) with
// what is wrong. If `install_copy` is given, the checked copy (with a new instance id, in
// rollback-journal mode) is left there for the caller to install.
Result<DatabaseSummary> check_kindly_file(const std::filesystem::path& file,
                                          const std::filesystem::path& install_copy = {});

class Store {
 public:
  static constexpr int kSchemaVersion = 4;
  static constexpr const char* kFileName = "kindly.db";

  // Opens (creating if needed) <data_dir>/kindly.db. Errors are of kind Data.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& data_dir,
                                             const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreInfo& info() const { return info_; }
  const std::filesystem::path& path() const { return info_.path; }

  // Appends events in one transaction (or the caller's write()); sets their seq, and their
  // utc_offset from the process TZ when it is unset. Throws DataError.
  void append(std::vector<Event>& events);
  std::int64_t append(Event e);  // returns the new seq

  std::vector<Event> events() const;  // the whole log in seq order
  std::vector<Event> events_since(std::int64_t after_seq) const;
  std::int64_t last_seq() const;  // 0 when empty

  // Runs `fn` in one IMMEDIATE transaction; nested calls join the outer one. Commits when
  // `fn` returns, rolls back if it throws (and rethrows).
  void write(const std::function<void()>& fn);

  // What Kindly has shown progress for, kept outside the event log (table meta): the latest
  // clock time (seen_until) and the latest week seen open (seen_open, a module id). A run
  // folds at max(clock now, seen_until) when the clock moved back by up to a day, and keeps
  // every week up to seen_open open whatever the clock says (see kindly/seen.h).
  std::optional<TimePoint> seen_until() const;  // nullopt when never recorded
  void record_seen(TimePoint t);                // keeps the later of t and the stored value
  void reset_seen(TimePoint t);                 // stores t even if earlier: a clock that ran ahead
  std::string seen_open() const;                // "" when never recorded
  void record_seen_open(const std::string& module_id);

  // The value of `PRAGMA <name>` on the store's own connection (for diagnostics and tests:
  // "journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout", ...).
  // `name` must be a plain identifier.
  std::string pragma(const std::string& name) const;

  // The lock. lock_set() seals every text in one transaction, then VACUUMs and truncates the
  // log so that no plaintext is left in any file, and removes the automatic copies made before
  // upgrades (kindly.db.backup-*: they hold the plain text); it returns the recovery key (shown
  // once, never stored). lock_change() rewraps the data key only: one transaction.
  // lock_remove() opens every text again (one transaction). lock_set() seals the recordings
  // after its transaction and lock_remove() opens them before its own; an open of locked data
  // with its key seals any recording still plain (a lock_set that stopped midway). The steps
  // call the
  // migration_hook ("lock-begin", "lock-sealed", "lock-committed", "lock-vacuumed",
  // "lock-done") for the crash tests.
  LockStatus lock_status() const;
  // The data key while the data has a passphrase and this store holds the key; null otherwise
  // (no passphrase, or opened with skip_unlock). For what is sealed outside the database: the
  // recordings (kindly/recordings.h).
  std::shared_ptr<const crypto::Key> data_key() const;
  Result<std::string> lock_set(const std::string& passphrase,
                               const crypto::KdfParams& kdf = crypto::kDefaultKdf);
  Result<> lock_change(const std::string& new_passphrase,
                       const crypto::KdfParams& kdf = crypto::kDefaultKdf);
  Result<> lock_remove();
  // The old copies lock_set() removed (for its message).
  const std::vector<std::filesystem::path>& removed_plain_copies() const { return removed_; }

  // Full-text search reads a TEMP (in-memory) FTS5 table built from the opened texts on first
  // use, kept current by TEMP triggers; nothing of it reaches the disk.
  void ensure_search_index();

  // PRAGMA integrity_check == "ok".
  bool integrity_ok() const;

  // Copies the write-ahead log into the database and truncates it to zero bytes, so that no
  // removed text stays behind in kindly.db-wal. Best effort (another reader may hold it).
  void checkpoint_truncate();

  // True when <data_dir>/kindly.db exists but this process cannot write it (the file or its
  // folder is read-only). Commands that only read then open with read_only.
  static bool is_read_only(const std::filesystem::path& data_dir);

  // A fresh read-only connection to the same file, for readers that want their own snapshot
  // (the full export, a backup). It reads what the store reads: in a read-only folder the
  // private copy with the log replayed, or the file itself with immutable=1.
  std::unique_ptr<SQLite::Database> open_reader() const;

  // The DataError for a failed SQLite call, in the user's terms: in use by another Kindly,
  // disk full, read-only, damaged, or the raw message.
  DataError failure(const std::string& doing, int code, const char* what) const;

 private:
  friend class Journal;
  Store() = default;
  SQLite::Database& db() const { return *db_; }

  std::unique_ptr<detail::WalCopy> copy_;  // before db_: removed after db_ is closed
  std::filesystem::path read_path_;        // the file db_ reads: path() or copy_'s
  bool immutable_ = false;                 // read with immutable=1 (read-only, no log)
  std::unique_ptr<SQLite::Database> db_;
  std::shared_ptr<detail::Sealer> sealer_;
  std::function<void(const char*)> hook_;
  std::vector<std::filesystem::path> removed_;
  bool search_ready_ = false;
  bool changing_lock_ = false;  // inside lock_set/lock_remove: the lock record is changing
  void check_lock_unchanged();
  StoreInfo info_;
  void attach_sealer(const StoreOptions& options);
  Result<> unlock(bool skip);
  void finish_vacuum();
  void finish_vacuum_if_due();
  void seal_recordings();
  void reseal_all(bool seal);
  std::string lock_record() const;
  int write_depth_ = 0;
  int busy_ms_ = 1000;
};

}  // namespace kindly
