// The lock (kindly/crypto.h, Store::lock_*): sealing round trips byte for byte, a sealed
// value moved or damaged does not open, the recovery key's words, and crash tests that kill
// `lock set` (the migration) and `lock change` at each step: afterwards the old or the new
// passphrase opens everything, and nothing is lost.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "file_bytes.h"
#include "kindly/crypto.h"
#include "kindly/data_ops.h"
#include "kindly/journal.h"
#include "kindly/recordings.h"
#include "kindly/refusal.h"
#include "kindly/store.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

namespace {

// Every user text a test plants: emoji, a lone invalid UTF-8 byte, a NUL-free control byte.
const std::string kOdd = "d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80 \xFF\xFE tab\there";

struct Answer {
  std::string secret;
  bool recovery = false;
};

// Opens `dir` with the unlock source answering `a` (or nothing).
Result<std::unique_ptr<Store>> open_with(const fs::path& dir, const std::optional<Answer>& a,
                                         StoreOptions o = {}) {
  forget_unlocked_keys();
  set_unlock_source([a](const fs::path&, int attempt) -> std::optional<UnlockAnswer> {
    if (!a || attempt > 0) return std::nullopt;
    return UnlockAnswer{a->secret, a->recovery};
  });
  auto r = Store::open(dir, o);
  set_unlock_source(nullptr);
  return r;
}

using kindly::test::all_bytes;

// A recording's bytes (the engine never decodes them): a WAV header, a marker, every byte value.
const std::string kVoice = [] {
  std::string b = "RIFF....WAVEfmt MARKVOICE ";
  for (int i = 0; i < 256; ++i) b.push_back(static_cast<char>(i));
  return b;
}();

// Plants texts (one journal entry with two versions, one event note and reason) and a
// recording of step 1 of "breathing".
void plant(Store& s) {
  REQUIRE(save_recording(s.path().parent_path(), "breathing", 1, kVoice).ok());
  Journal j(s);
  NewJournalEntry n;
  n.text = "MARKONE " + kOdd;
  auto e = j.add(n, from_unix(1000));
  REQUIRE(j.edit(e.id, "MARKTWO " + kOdd, from_unix(1001)));
  Event ev;
  ev.type = EventType::PracticeLogged;
  ev.at = ev.recorded_at = from_unix(1002);
  ev.practice = "breathing";
  ev.minutes = 5;
  ev.note = "MARKTHREE " + kOdd;
  s.append(ev);
  Event m;
  m.type = EventType::MovedOn;
  m.at = m.recorded_at = from_unix(1003);
  m.reason = "MARKFOUR";
  m.answers = {4, 1, 5};
  s.append(m);
}

// Everything planted reads back exactly.
void check_planted(Store& s) {
  Journal j(s);
  auto e = j.get(1);
  REQUIRE(e);
  CHECK(e->text == "MARKTWO " + kOdd);
  auto revs = j.revisions(1);
  REQUIRE(revs.size() == 2);
  CHECK(revs[0].text == "MARKONE " + kOdd);
  auto evs = s.events();
  REQUIRE(evs.size() == 2);
  CHECK(evs[0].note == "MARKTHREE " + kOdd);
  CHECK(evs[1].reason == "MARKFOUR");
  CHECK(evs[1].answers == std::vector<int>{4, 1, 5});
  auto hits = j.search("marktwo");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].entry.id == 1);
  // The recording: sealed exactly when the data is locked, and its bytes back either way.
  auto rec = find_recording(s.path().parent_path(), "breathing", 1);
  REQUIRE(rec);
  CHECK(is_sealed_recording(*rec) == s.lock_status().locked);
  auto voice = read_recording(*rec, s.data_key().get());
  REQUIRE(voice.ok());
  CHECK(voice.value() == kVoice);
}

}  // namespace

TEST_CASE("lock: a sealed value opens only with its key and its column, byte for byte") {
  auto k = crypto::Key::random();
  auto other = crypto::Key::random();
  const std::string sealed = crypto::seal(*k, kOdd, "kindly-v1:journal_entries.text");
  CHECK(sealed.find("tab") == std::string::npos);
  CHECK(static_cast<unsigned char>(sealed[0]) == crypto::kSealVersion);
  CHECK(crypto::open(*k, sealed, "kindly-v1:journal_entries.text") == kOdd);
  CHECK_FALSE(crypto::open(*k, sealed, "kindly-v1:events.note"));  // moved to another column
  CHECK_FALSE(crypto::open(*other, sealed, "kindly-v1:journal_entries.text"));
  std::string flipped = sealed;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 1);
  CHECK_FALSE(crypto::open(*k, flipped, "kindly-v1:journal_entries.text"));
  CHECK_FALSE(
      crypto::open(*k, sealed.substr(0, sealed.size() - 1), "kindly-v1:journal_entries.text"));
  // Two seals of the same text differ (a random nonce each).
  CHECK(crypto::seal(*k, "same", "a") != crypto::seal(*k, "same", "a"));
}

TEST_CASE("lock: the recovery key reads back however it is typed") {
  std::string raw;
  const std::string key = crypto::new_recovery_key(&raw);
  CHECK(key.size() == 39);  // 32 characters in 8 groups of 4
  CHECK(crypto::recovery_key_bytes(key) == raw);
  std::string typed;
  for (char c : key)
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(crypto::recovery_key_bytes(" " + typed + "\n") == raw);
  CHECK_FALSE(crypto::recovery_key_bytes(key.substr(0, 20)));
  CHECK_FALSE(crypto::recovery_key_bytes(key + "U"));
}

TEST_CASE("lock: set, unlock, wrong secrets, recovery key, change and remove (engine)") {
  test::TempDir tmp;
  std::string recovery;
  {
    auto s = open_with(tmp.path(), std::nullopt);
    REQUIRE(s.ok());
    plant(*s.value());
    // A copy made before an upgrade holds the plain text: lock set removes it.
    std::ofstream(tmp.path() / "kindly.db.backup-v3-1") << "MARKONE in an old copy";
    auto r = s.value()->lock_set("first passphrase", crypto::kTestKdf);
    REQUIRE(r.ok());
    recovery = r.value();
    REQUIRE(s.value()->removed_plain_copies().size() == 1);
    CHECK(s.value()->removed_plain_copies()[0].filename() == "kindly.db.backup-v3-1");
    CHECK_FALSE(fs::exists(tmp.path() / "kindly.db.backup-v3-1"));
    // A second lock set is refused, nothing changed.
    auto again = s.value()->lock_set("other passphrase", crypto::kTestKdf);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == RefusalCode::AlreadyLocked);
    check_planted(*s.value());  // the same store goes on working
  }
  const std::string bytes = all_bytes(tmp.path());
  for (const char* m : {"MARKONE", "MARKTWO", "MARKTHREE", "MARKFOUR", "[4,1,5]", "MARKVOICE"}) {
    CAPTURE(m);
    CHECK(bytes.find(m) == std::string::npos);
  }
  auto none = open_with(tmp.path(), std::nullopt);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == RefusalCode::PassphraseNeeded);
  auto wrong = open_with(tmp.path(), Answer{"second passphrase"});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == RefusalCode::WrongPassphrase);
  std::string bad_key = recovery;
  bad_key[0] = bad_key[0] == 'A' ? 'B' : 'A';
  auto wrong_key = open_with(tmp.path(), Answer{bad_key, true});
  REQUIRE_FALSE(wrong_key.ok());
  CHECK(wrong_key.error().code == RefusalCode::WrongRecoveryKey);
  {
    auto s = open_with(tmp.path(), Answer{recovery, true});
    REQUIRE(s.ok());
    check_planted(*s.value());
    REQUIRE(s.value()->lock_change("second passphrase", crypto::kTestKdf).ok());
  }
  auto old = open_with(tmp.path(), Answer{"first passphrase"});
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().code == RefusalCode::WrongPassphrase);
  {
    auto s = open_with(tmp.path(), Answer{"second passphrase"});
    REQUIRE(s.ok());
    check_planted(*s.value());
    REQUIRE(s.value()->lock_remove().ok());
    CHECK_FALSE(s.value()->lock_status().locked);
  }
  {
    auto s = open_with(tmp.path(), std::nullopt);
    REQUIRE(s.ok());
    check_planted(*s.value());
    auto not_locked = s.value()->lock_change("x passphrase", crypto::kTestKdf);
    REQUIRE_FALSE(not_locked.ok());
    CHECK(not_locked.error().code == RefusalCode::NotLocked);
  }
  CHECK(all_bytes(tmp.path()).find("MARKTWO") != std::string::npos);  // plain again
  CHECK(all_bytes(tmp.path()).find("MARKVOICE") != std::string::npos);
}

TEST_CASE("lock: a recording is sealed in place; moved, damaged or without the key it is refused") {
  test::TempDir tmp;
  auto s = open_with(tmp.path(), std::nullopt);
  REQUIRE(s.ok());
  plant(*s.value());
  REQUIRE(s.value()->lock_set("voice passphrase", crypto::kTestKdf).ok());
  const auto key = s.value()->data_key();
  REQUIRE(key);
  const fs::path one = *find_recording(tmp.path(), "breathing", 1);
  CHECK(kindly::test::file_bytes(one).find("MARKVOICE") == std::string::npos);
  CHECK(fs::file_size(one) == kVoice.size() + kSealedAudioMagic.size() + 1 + 24 + 16);
  CHECK((fs::status(one).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  // Without the key: refused, not a wrong sound.
  auto no_key = read_recording(one, nullptr);
  REQUIRE_FALSE(no_key.ok());
  CHECK(no_key.error().code == RefusalCode::PassphraseNeeded);
  // Copied to another step: it does not open there.
  const fs::path two = one.parent_path() / "step-02.wav";
  fs::copy_file(one, two);
  auto moved = read_recording(two, key.get());
  REQUIRE_FALSE(moved.ok());
  CHECK(moved.error().code == RefusalCode::UnreadableFile);
  // One byte changed, or cut short: refused, and the file is left as it is.
  std::string damaged = kindly::test::file_bytes(one);
  damaged[damaged.size() / 2] ^= 1;
  { std::ofstream(two, std::ios::binary | std::ios::trunc) << damaged; }
  fs::rename(two, one.parent_path() / "step-01.ogg");  // the same step, another extension
  const fs::path odd = one.parent_path() / "step-01.ogg";
  auto bad = read_recording(odd, key.get());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == RefusalCode::UnreadableFile);
  CHECK(kindly::test::file_bytes(odd) == damaged);
  fs::remove(odd);
  fs::resize_file(one, fs::file_size(one) - 5);
  CHECK_FALSE(read_recording(one, key.get()).ok());
  // A new take saved while locked is sealed from the start, and reads back exactly.
  REQUIRE(save_recording(tmp.path(), "breathing", 3, kVoice, "wav", key.get()).ok());
  const fs::path three = *find_recording(tmp.path(), "breathing", 3);
  CHECK(is_sealed_recording(three));
  CHECK(read_recording(three, key.get()).value() == kVoice);
  // lock remove opens the whole ones; a damaged one stops it, with nothing changed.
  auto refused = s.value()->lock_remove();
  REQUIRE_FALSE(refused.ok());
  CHECK(s.value()->lock_status().locked);
  REQUIRE(save_recording(tmp.path(), "breathing", 1, kVoice, "wav", key.get()).ok());
  REQUIRE(s.value()->lock_remove().ok());
  CHECK_FALSE(is_sealed_recording(three));
  CHECK(kindly::test::file_bytes(three) == kVoice);
}

namespace {

// Runs `fn` in a child that SIGKILLs itself at hook step `step`; true if it died there.
template <class F>
bool killed_at(const char* step, F&& fn) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    fn([step](const char* at) {
      if (std::strcmp(at, step) == 0) raise(SIGKILL);
    });
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

const char* const kLockSteps[] = {"lock-begin", "lock-sealed", "lock-committed", "lock-vacuumed",
                                  "lock-done"};

}  // namespace

TEST_CASE("crash: lock set killed at each step leaves plain data or locked data, all of it") {
  for (const char* step : kLockSteps) {
    CAPTURE(step);
    test::TempDir tmp;
    {
      auto s = open_with(tmp.path(), std::nullopt);
      REQUIRE(s.ok());
      plant(*s.value());
    }
    CHECK(killed_at(step, [&](std::function<void(const char*)> hook) {
      StoreOptions o;
      o.migration_hook = std::move(hook);
      auto s = open_with(tmp.path(), std::nullopt, o);
      if (s.ok()) (void)s.value()->lock_set("crash passphrase", crypto::kTestKdf);
    }));
    const bool before_commit =
        std::strcmp(step, "lock-begin") == 0 || std::strcmp(step, "lock-sealed") == 0;
    auto s =
        open_with(tmp.path(),
                  before_commit ? std::nullopt : std::optional<Answer>(Answer{"crash passphrase"}));
    REQUIRE(s.ok());
    CHECK(s.value()->lock_status().locked == !before_commit);
    CHECK(s.value()->integrity_ok());
    check_planted(*s.value());
    if (!before_commit) {
      s.value().reset();
      // The open after the crash finished the VACUUM: no plain text in any file.
      const std::string bytes = all_bytes(tmp.path());
      CHECK(bytes.find("MARKONE") == std::string::npos);
      CHECK(bytes.find("MARKTHREE") == std::string::npos);
      CHECK(bytes.find("MARKVOICE") == std::string::npos);  // the recording sealed at open
      SQLite::Database db((tmp.path() / "kindly.db").string(), SQLite::OPEN_READONLY);
      SQLite::Statement q(db, "SELECT count(*) FROM meta WHERE key = 'lock_vacuum'");
      REQUIRE(q.executeStep());
      CHECK(q.getColumn(0).getInt() == 0);  // the VACUUM that was due has run
    }
  }
}

TEST_CASE("crash: lock change killed at each step: the old or the new passphrase opens all") {
  for (const char* step : {"lock-begin", "lock-sealed", "lock-committed", "lock-done"}) {
    CAPTURE(step);
    test::TempDir tmp;
    {
      auto s = open_with(tmp.path(), std::nullopt);
      REQUIRE(s.ok());
      plant(*s.value());
      REQUIRE(s.value()->lock_set("old passphrase", crypto::kTestKdf).ok());
    }
    CHECK(killed_at(step, [&](std::function<void(const char*)> hook) {
      StoreOptions o;
      o.migration_hook = std::move(hook);
      auto s = open_with(tmp.path(), Answer{"old passphrase"}, o);
      if (s.ok()) (void)s.value()->lock_change("new passphrase", crypto::kTestKdf);
    }));
    auto old_one = open_with(tmp.path(), Answer{"old passphrase"});
    auto new_one = open_with(tmp.path(), Answer{"new passphrase"});
    const bool before_commit =
        std::strcmp(step, "lock-begin") == 0 || std::strcmp(step, "lock-sealed") == 0;
    CHECK(old_one.ok() == before_commit);
    CHECK(new_one.ok() == !before_commit);
    auto& s = before_commit ? old_one : new_one;
    REQUIRE(s.ok());
    CHECK(s.value()->integrity_ok());
    check_planted(*s.value());
  }
}

TEST_CASE("lock: a locked store opened without its key reads no text and writes none") {
  test::TempDir tmp;
  {
    auto s = open_with(tmp.path(), std::nullopt);
    REQUIRE(s.ok());
    plant(*s.value());
    REQUIRE(s.value()->lock_set("the passphrase", crypto::kTestKdf).ok());
  }
  StoreOptions o;
  o.skip_unlock = true;
  auto s = open_with(tmp.path(), std::nullopt, o);
  REQUIRE(s.ok());
  CHECK(s.value()->lock_status().locked);
  CHECK_FALSE(s.value()->lock_status().unlocked);
  CHECK(s.value()->lock_status().kdf.ops == crypto::kTestKdf.ops);
  CHECK_THROWS_AS(s.value()->events(), DataError);
  Event e;
  e.type = EventType::PracticeLogged;
  e.at = e.recorded_at = from_unix(2000);
  e.note = "MARKPLAIN";
  CHECK_THROWS_AS(s.value()->append(e), DataError);  // never written as plain text
  s.value().reset();
  CHECK(all_bytes(tmp.path()).find("MARKPLAIN") == std::string::npos);
}

TEST_CASE("lock: a sealed text copied to another row or column does not open there") {
  test::TempDir tmp;
  {
    auto s = open_with(tmp.path(), std::nullopt);
    REQUIRE(s.ok());
    plant(*s.value());
    NewJournalEntry n;
    n.text = "a second entry";
    Journal(*s.value()).add(n, from_unix(1004));
    REQUIRE(s.value()->lock_set("the passphrase", crypto::kTestKdf).ok());
  }
  {
    SQLite::Database db((tmp.path() / "kindly.db").string(), SQLite::OPEN_READWRITE);
    db.exec(
        "UPDATE journal_entries SET text = (SELECT text FROM journal_entries WHERE id = 1) "
        "WHERE id = 2");
    db.exec("DROP TRIGGER events_append_only_update");
    db.exec("UPDATE events SET reason = (SELECT note FROM events WHERE seq = 1) WHERE seq = 2");
  }
  auto s = open_with(tmp.path(), Answer{"the passphrase"});
  REQUIRE(s.ok());
  Journal j(*s.value());
  CHECK(j.get(1)->text == "MARKTWO " + kOdd);  // its own row still opens
  try {
    (void)j.get(2);
    FAIL("a text moved to another row opened");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("journal entry 2") != std::string::npos);
  }
  try {
    (void)s.value()->events();
    FAIL("a note moved to another event's reason opened");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("the reason of log event 2") != std::string::npos);
  }
}

TEST_CASE("lock: a store open elsewhere when the data is locked writes nothing in plain") {
  test::TempDir tmp;
  auto other = open_with(tmp.path(), std::nullopt);  // the app, say, open all along
  REQUIRE(other.ok());
  plant(*other.value());
  {
    auto s = open_with(tmp.path(), std::nullopt);
    REQUIRE(s.ok());
    REQUIRE(s.value()->lock_set("the passphrase", crypto::kTestKdf).ok());
  }
  NewJournalEntry n;
  n.text = "MARKLATE written by the other one";
  CHECK_THROWS_AS(Journal(*other.value()).add(n, from_unix(3000)), DataError);
  CHECK_THROWS_AS((void)Journal(*other.value()).get(1), DataError);  // cannot read sealed text
  other.value().reset();
  CHECK(all_bytes(tmp.path()).find("MARKLATE") == std::string::npos);
}

TEST_CASE("lock: the app's full export of locked data is refused, nothing written") {
  test::TempDir tmp;
  auto s = open_with(tmp.path() / "data", std::nullopt);
  REQUIRE(s.ok());
  plant(*s.value());
  REQUIRE(s.value()->lock_set("the passphrase", crypto::kTestKdf).ok());
  auto r = data_ops::export_full(*s.value(), tmp.path() / "out.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == RefusalCode::PlainExportNeedsFlag);
  CHECK_FALSE(fs::exists(tmp.path() / "out.json"));
}
