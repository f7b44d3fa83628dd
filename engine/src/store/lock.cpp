// The lock: the passphrase record, unlocking at open, sealing and opening every text, and the
// in-memory search index. docs/privacy.md describes the design.
//
// Sections: the keyring · the lock record · unlocking · set, change, remove · search index.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>

#include <spdlog/spdlog.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "kindly/recordings.h"
#include "kindly/refusal.h"
#include "kindly/store.h"
#include "sealer.h"

namespace kindly {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---- the keyring ----------------------------------------------------------------------------

namespace {

std::mutex g_mutex;
UnlockSource g_source;
// Data keys this process unwrapped, by the lock record they came from.
std::map<std::string, std::shared_ptr<const crypto::Key>> g_keys;

std::shared_ptr<const crypto::Key> cached_key(const std::string& record) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = g_keys.find(record);
  return it == g_keys.end() ? nullptr : it->second;
}

void cache_key(const std::string& record, std::shared_ptr<const crypto::Key> key) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_keys[record] = std::move(key);
}

}  // namespace

void set_unlock_source(UnlockSource source) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_source = std::move(source);
}

void forget_unlocked_keys() {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_keys.clear();  // each Key wipes itself when its last holder lets go
}

Result<> check_new_passphrase(const std::string& passphrase, const std::string* again) {
  if (again && *again != passphrase) {
    return Error::refused(RefusalCode::PassphrasesDiffer,
                          "the two passphrases typed are not the same; nothing was changed");
  }
  if (passphrase.size() < 8) {
    return Error::refused(RefusalCode::PassphraseTooShort,
                          "a passphrase needs at least 8 characters; nothing was changed",
                          "a few words you will remember make a good one");
  }
  return {};
}

// ---- the lock record ------------------------------------------------------------------------
// meta 'lock' holds JSON: {"v":1, "kdf":"argon2id13", "ops", "mem", "salt", "passphrase",
// "recovery_salt", "recovery"} (hex). "passphrase" and "recovery" are the data key sealed by
// the key from each; the associated data names which, so one cannot stand in for the other.

namespace {

constexpr const char* kPassAd = "kindly-lock-v1:passphrase";
constexpr const char* kRecoveryAd = "kindly-lock-v1:recovery";

std::string read_meta(SQLite::Database& db, const char* key) {
  SQLite::Statement q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void write_meta(SQLite::Database& db, const char* key, const std::string& value) {
  SQLite::Statement q(db,
                      "INSERT INTO meta(key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

std::string hex_field(const json& j, const char* name) {
  auto v = j.find(name);
  if (v == j.end() || !v->is_string()) return {};
  return crypto::from_hex(v->get<std::string>()).value_or(std::string());
}

crypto::KdfParams kdf_of(const json& j) {
  return {j.value("ops", std::uint64_t{0}), j.value("mem", std::size_t{0})};
}

Error damaged_record(const fs::path& path) {
  return Error::refused(RefusalCode::DamagedLock,
                        "the lock record in " + path.string() +
                            " is damaged, so the data key cannot be unwrapped; nothing was changed",
                        "put back a backup made before it was damaged (kindly restore FILE)");
}

// The data key, from what the user gave; nullptr when it does not open the record.
std::unique_ptr<crypto::Key> try_unlock(const json& rec, const UnlockAnswer& a) {
  if (a.recovery_key) {
    auto raw = crypto::recovery_key_bytes(a.secret);
    if (!raw) return nullptr;
    auto kek = crypto::derive_from_recovery(*raw, hex_field(rec, "recovery_salt"));
    return crypto::unwrap(*kek, hex_field(rec, "recovery"), kRecoveryAd);
  }
  auto kek = crypto::derive_from_passphrase(a.secret, hex_field(rec, "salt"), kdf_of(rec));
  return crypto::unwrap(*kek, hex_field(rec, "passphrase"), kPassAd);
}

}  // namespace

std::string Store::lock_record() const {
  SQLite::Statement t(*db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!t.executeStep()) return {};
  return read_meta(*db_, "lock");
}

LockStatus Store::lock_status() const {
  LockStatus s;
  const std::string rec = lock_record();
  if (rec.empty()) return s;
  s.locked = true;
  s.unlocked = sealer_->key != nullptr;
  auto j = json::parse(rec, nullptr, false);
  if (j.is_object()) s.kdf = kdf_of(j);
  return s;
}

std::shared_ptr<const crypto::Key> Store::data_key() const {
  return sealer_ && sealer_->locked ? sealer_->key : nullptr;
}

// ---- unlocking ------------------------------------------------------------------------------

void Store::attach_sealer(const StoreOptions& options) {
  sealer_ = std::make_shared<detail::Sealer>();
  sealer_->path = info_.path;
  hook_ = options.migration_hook;
  detail::register_seal_functions(db_->getHandle(), sealer_);
}

Result<> Store::unlock(bool skip) {
  const std::string rec = lock_record();
  sealer_->locked = !rec.empty();
  if (rec.empty() || skip) return {};
  // Refused below, every check of Store::open has passed and nothing was written: closing may
  // then tidy the (empty) log away, so that a wrong passphrase leaves no file behind.
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  if (auto k = cached_key(rec)) {
    sealer_->key = k;
    return {};
  }
  const json j = json::parse(rec, nullptr, false);
  const crypto::KdfParams kdf = j.is_object() ? kdf_of(j) : crypto::KdfParams{};
  if (!j.is_object() || kdf.ops == 0 || kdf.mem == 0 || hex_field(j, "salt").size() != 16)
    return damaged_record(info_.path);
  UnlockSource source;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    source = g_source;
  }
  std::optional<UnlockAnswer> last;
  // The passphrase or recovery key as given: wiped from this copy however unlock() ends.
  struct Wipe {
    std::optional<UnlockAnswer>& a;
    ~Wipe() {
      if (a) sodium_memzero(a->secret.data(), a->secret.size());
    }
  } wipe{last};
  for (int attempt = 0; source && attempt < 3; ++attempt) {
    auto a = source(info_.path, attempt);
    if (!a) break;
    if (last) sodium_memzero(last->secret.data(), last->secret.size());
    last = *a;  // a copy, then the source wiped (a move can leave short strings' bytes behind)
    sodium_memzero(a->secret.data(), a->secret.size());
    std::unique_ptr<crypto::Key> key;
    try {
      key = try_unlock(j, *last);
    } catch (const std::exception& e) {
      return Error::data(std::string("cannot unlock ") + info_.path.string() + ": " + e.what(),
                         info_.path.string());
    }
    if (key) {
      sealer_->key = std::shared_ptr<const crypto::Key>(std::move(key));
      cache_key(rec, sealer_->key);
      return {};
    }
  }
  const std::string p = info_.path.string();
  if (!last) {
    return Error::refused(RefusalCode::PassphraseNeeded,
                          p + " is locked with a passphrase; nothing was read or changed",
                          "type it when asked (on a terminal), or give --passphrase-fd N or "
                          "--recovery-key-fd N");
  }
  if (last->recovery_key) {
    return Error::refused(RefusalCode::WrongRecoveryKey,
                          "that recovery key does not open " + p + "; nothing was changed",
                          "check it against the one you wrote down (dashes and case do not "
                          "matter)");
  }
  return Error::refused(RefusalCode::WrongPassphrase,
                        "that passphrase does not open " + p + "; nothing was changed",
                        "try again, or use your recovery key (--recovery-key-fd N)");
}

// ---- set, change, remove ----------------------------------------------------------------------

namespace {

// The event log is append-only for everything Kindly records; sealing (or opening) its texts
// in place is the one rewrite, done with the trigger off inside the same transaction, so no
// other writer can ever see the log without it.
constexpr const char* kAppendOnlyUpdate =
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;";

std::string seal_sql(bool seal, const char* column, const char* row, const char* value) {
  return std::string(seal ? "kindly_seal('" : "kindly_open('") + column + "', " + row + ", " +
         value + ")";
}

}  // namespace

void Store::reseal_all(bool seal) {
  SQLite::Database& db = *db_;
  const char* only = seal ? "'text'" : "'blob'";
  db.exec("DROP TRIGGER events_append_only_update");
  db.exec("UPDATE events SET note = " + seal_sql(seal, "events.note", "seq", "note") +
          ", answers = " + seal_sql(seal, "events.answers", "seq", "answers") + ", reason = " +
          seal_sql(seal, "events.reason", "seq", "reason") + " WHERE typeof(note) = " + only);
  db.exec(kAppendOnlyUpdate);
  db.exec("UPDATE journal_entries SET text = " +
          seal_sql(seal, "journal_entries.text", "id", "text") + " WHERE typeof(text) = " + only);
  db.exec("UPDATE journal_revisions SET text = " +
          seal_sql(seal, "journal_revisions.text", "entry_id || '/' || rev", "text") +
          " WHERE typeof(text) = " + only);
}

// After the texts changed form: rebuild the file so that no page keeps the old bytes, and
// fold the log in and cut it to zero. Marked by meta 'lock_vacuum' (written in the lock's own
// transaction), so that an open after a crash finishes it.
// A lock set or removed by a process that stopped before its VACUUM: finished at the next open.
void Store::finish_vacuum_if_due() {
  bool due = false;
  {
    SQLite::Statement q(*db_, "SELECT 1 FROM meta WHERE key = 'lock_vacuum'");
    due = q.executeStep();
  }  // finished: VACUUM needs no statement in progress
  if (due) finish_vacuum();
}

// Seals the recordings still plain in a locked data folder (lock_set's last step; at open, what
// a lock_set that stopped midway left). A failure is logged: the texts are sealed already, and
// the next open tries again.
void Store::seal_recordings() {
  if (info_.read_only || !data_key()) return;
  auto sealed = reseal_recordings(info_.path.parent_path(), *sealer_->key, true);
  if (!sealed) {
    spdlog::warn("could not seal the recordings in {} yet: {}", info_.path.parent_path().string(),
                 sealed.error().message);
  } else if (sealed.value() > 0) {
    spdlog::info("sealed {} recording(s) in {}", sealed.value(), info_.path.parent_path().string());
  }
}

void Store::finish_vacuum() {
  try {
    checkpoint_truncate();
    db_->exec("VACUUM");
    if (hook_) hook_("lock-vacuumed");
    write([&] { db_->exec("DELETE FROM meta WHERE key = 'lock_vacuum'"); });
    checkpoint_truncate();
  } catch (const std::exception& e) {
    // Another reader holds the file: the next open tries again.
    spdlog::warn("could not compact {} yet: {}", info_.path.string(), e.what());
  }
}

Result<std::string> Store::lock_set(const std::string& passphrase, const crypto::KdfParams& kdf) {
  if (!lock_record().empty()) {
    return Error::refused(RefusalCode::AlreadyLocked,
                          info_.path.string() + " has a passphrase already; nothing was changed",
                          "use `kindly lock change` to choose another");
  }
  auto data_key = std::shared_ptr<const crypto::Key>(crypto::Key::random());
  const std::string salt = crypto::random_bytes(crypto::kSaltBytes);
  const std::string rsalt = crypto::random_bytes(crypto::kSaltBytes);
  std::string raw;
  const std::string recovery = crypto::new_recovery_key(&raw);
  auto kek = crypto::derive_from_passphrase(passphrase, salt, kdf);
  auto rkek = crypto::derive_from_recovery(raw, rsalt);
  json rec{{"v", 1},
           {"kdf", "argon2id13"},
           {"ops", kdf.ops},
           {"mem", kdf.mem},
           {"salt", crypto::to_hex(salt)},
           {"passphrase", crypto::to_hex(crypto::wrap(*kek, *data_key, kPassAd))},
           {"recovery_salt", crypto::to_hex(rsalt)},
           {"recovery", crypto::to_hex(crypto::wrap(*rkek, *data_key, kRecoveryAd))}};
  checkpoint_truncate();  // earlier plain pages out of the log before the rewrite
  sealer_->locked = true;
  sealer_->key = data_key;
  changing_lock_ = true;
  try {
    write([&] {
      if (hook_) hook_("lock-begin");
      write_meta(*db_, "lock", rec.dump());
      write_meta(*db_, "lock_vacuum", "1");
      reseal_all(true);
      if (hook_) hook_("lock-sealed");
    });
  } catch (...) {
    changing_lock_ = false;
    sealer_->locked = false;
    sealer_->key = nullptr;
    throw;
  }
  changing_lock_ = false;
  if (hook_) hook_("lock-committed");
  cache_key(rec.dump(), data_key);
  finish_vacuum();
  seal_recordings();
  // The copies made before upgrades hold the plain text; the live data holds all of it.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(info_.path.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(std::string(kFileName) + ".backup-", 0) == 0 && entry.is_regular_file(ec)) {
      if (fs::remove(entry.path(), ec)) removed_.push_back(entry.path());
    }
  }
  if (hook_) hook_("lock-done");
  return recovery;
}

Result<> Store::lock_change(const std::string& new_passphrase, const crypto::KdfParams& kdf) {
  const std::string old = lock_record();
  if (old.empty()) {
    return Error::refused(RefusalCode::NotLocked,
                          info_.path.string() + " has no passphrase, so there is none to change",
                          "use `kindly lock set` to set one");
  }
  json rec = json::parse(old, nullptr, false);
  if (!rec.is_object() || !sealer_->key) return damaged_record(info_.path);
  const std::string salt = crypto::random_bytes(crypto::kSaltBytes);
  auto kek = crypto::derive_from_passphrase(new_passphrase, salt, kdf);
  rec["ops"] = kdf.ops;
  rec["mem"] = kdf.mem;
  rec["salt"] = crypto::to_hex(salt);
  rec["passphrase"] = crypto::to_hex(crypto::wrap(*kek, *sealer_->key, kPassAd));
  // One row in one transaction: after a crash either the old record or the new one is there.
  write([&] {
    if (hook_) hook_("lock-begin");
    write_meta(*db_, "lock", rec.dump());
    if (hook_) hook_("lock-sealed");
  });
  if (hook_) hook_("lock-committed");
  cache_key(rec.dump(), sealer_->key);
  checkpoint_truncate();
  if (hook_) hook_("lock-done");
  return {};
}

Result<> Store::lock_remove() {
  if (lock_record().empty()) {
    return Error::refused(RefusalCode::NotLocked,
                          info_.path.string() + " has no passphrase, so there is none to remove");
  }
  if (!sealer_->key) return damaged_record(info_.path);
  // The recordings first, while the key is here: after a crash the data is still locked and
  // the next open with the key seals them again.
  if (auto opened = reseal_recordings(info_.path.parent_path(), *sealer_->key, false); !opened)
    return opened.error();
  write([&] {
    if (hook_) hook_("lock-begin");
    reseal_all(false);
    db_->exec("DELETE FROM meta WHERE key = 'lock'");
    write_meta(*db_, "lock_vacuum", "1");
    if (hook_) hook_("lock-sealed");
  });
  if (hook_) hook_("lock-committed");
  sealer_->locked = false;
  sealer_->key = nullptr;
  finish_vacuum();
  if (hook_) hook_("lock-done");
  return {};
}

// ---- search index ---------------------------------------------------------------------------

// (Inside a trigger a table name cannot be qualified: journal_fts there is the TEMP one, the
// only one since data version 4.)
void Store::ensure_search_index() {
  if (search_ready_) return;
  try {
    SQLite::Database& db = *db_;
    db.exec(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.journal_fts USING fts5(text, "
        "tokenize='unicode61 remove_diacritics 2')");
    db.exec("DELETE FROM temp.journal_fts");
    db.exec(
        "INSERT INTO temp.journal_fts(rowid, text) SELECT id, "
        "kindly_open('journal_entries.text', id, text) FROM main.journal_entries");
    db.exec(
        "CREATE TEMP TRIGGER IF NOT EXISTS journal_fts_insert AFTER INSERT ON "
        "main.journal_entries BEGIN INSERT INTO journal_fts(rowid, text) VALUES (new.id, "
        "kindly_open('journal_entries.text', new.id, new.text)); END");
    db.exec(
        "CREATE TEMP TRIGGER IF NOT EXISTS journal_fts_delete AFTER DELETE ON "
        "main.journal_entries BEGIN DELETE FROM journal_fts WHERE rowid = old.id; END");
    db.exec(
        "CREATE TEMP TRIGGER IF NOT EXISTS journal_fts_update AFTER UPDATE OF text ON "
        "main.journal_entries BEGIN UPDATE journal_fts SET text = "
        "kindly_open('journal_entries.text', new.id, new.text) WHERE rowid = new.id; END");
    search_ready_ = true;
  } catch (const SQLite::Exception& e) {
    throw failure("search the journal in", e.getErrorCode(), e.what());
  }
}

}  // namespace kindly
