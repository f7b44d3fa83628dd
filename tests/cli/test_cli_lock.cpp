// `kindly lock` through the CLI: every kind of user text is ciphertext in every byte of the
// data folder (and the log) once locked, and comes back through the normal commands when
// unlocked; a wrong passphrase, a wrong recovery key, a damaged ciphertext and a truncated file
// are refused with nothing changed; recovery key, change, remove; backup and export.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "file_bytes.h"
#include "in_process.h"
#include "kindly/recordings.h"
#include "run_kindly.h"

namespace fs = std::filesystem;
using Cli = kindly_test::EightWeeksCli;
using Run = kindly_test::CliRun;

namespace {

const char* const kPass = "river stones and moss";
const char* const kNow = "2026-11-30T10:00:00Z";

// A pipe's read end holding `secret` (closed by Fd's destructor).
struct Fd {
  int fd = -1;
  explicit Fd(const std::string& secret) {
    int p[2];
    REQUIRE(::pipe(p) == 0);
    REQUIRE(::write(p[1], secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()));
    ::close(p[1]);
    fd = p[0];
  }
  ~Fd() { ::close(fd); }
  std::string str() const { return std::to_string(fd); }
};

using kindly::test::all_bytes;
std::string slurp(const fs::path& p) {
  return kindly::test::file_bytes(p);
}

// A hash of every file's bytes, by name.
using Hashes = std::map<std::string, std::size_t>;
Hashes hashes(const fs::path& dir) {
  Hashes out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[e.path().filename().string()] = std::hash<std::string>{}(slurp(e.path()));
  return out;
}

// Nothing changed: every file there before is there with the same bytes (SQLite may leave an
// empty -wal and its -shm index beside a file it refused).
void check_unchanged(const fs::path& dir, const Hashes& before) {
  const Hashes after = hashes(dir);
  for (const auto& [name, h] : before) {
    CAPTURE(name);
    REQUIRE(after.count(name) == 1);
    CHECK(after.at(name) == h);
  }
  for (const auto& [name, h] : after) {
    CAPTURE(name);
    if (before.count(name) == 0)
      CHECK((name.ends_with("-shm") || (name.ends_with("-wal") && fs::file_size(dir / name) == 0)));
  }
}

// With the passphrase on a fresh pipe.
Run with_pass(Cli& k, std::vector<std::string> args, const std::string& pass = kPass) {
  Fd fd(pass);
  args.insert(args.begin(), {"--passphrase-fd", fd.str()});
  return k(kNow, args);
}

// Every kind of user text, each with its own marker word.
// MKVOICEEIGHT is in a voice recording (the app saves takes through kindly/recordings.h).
const char* const kMarkers[] = {"MKENTRYONE",   "MKREVISIONTWO", "MKNOTETHREE",
                                "MKREASONFOUR", "MKPAUSEFIVE",   "MKSAFETYSIX",
                                "MKFREESEVEN",  "[4,1,5]",       "MKVOICEEIGHT"};

void plant(Cli& k) {
  REQUIRE(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  REQUIRE(k("2026-11-30T09:01:00Z", {"start", "1"}).code == 0);
  REQUIRE(k("2026-11-30T09:01:30Z", {"move-on", "--reason", "MKREASONFOUR busy"}).code == 0);
  REQUIRE(k("2026-11-30T09:02:00Z",
            {"journal", "add", "--item", "w1-reflection", "MKENTRYONE \xF0\x9F\x98\x80 first"})
              .code == 0);
  REQUIRE(k("2026-11-30T09:03:00Z", {"journal", "edit", "1", "MKREVISIONTWO \xC3\xA9 now"}).code ==
          0);
  REQUIRE(k("2026-11-30T09:04:00Z", {"journal", "add", "MKFREESEVEN by the river"}).code == 0);
  REQUIRE(k("2026-11-30T09:05:00Z",
            {"log", "breathing", "--minutes", "10", "--note", "MKNOTETHREE quiet"})
              .code == 0);
  REQUIRE(k("2026-11-30T09:06:00Z", {"checkin", "w1-checkin", "--answers", "4,1,5"}).code == 0);
  REQUIRE(k("2026-11-30T09:08:00Z", {"pause", "--reason", "MKPAUSEFIVE tired"}).code == 0);
  REQUIRE(k("2026-11-30T09:09:00Z",
            {"safety-plan", "set", "warning_signs", "MKSAFETYSIX when I stop eating"})
              .code == 0);
  REQUIRE(kindly::save_recording(k.dir / "data", "breathing", 1, "RIFF....WAVE MKVOICEEIGHT").ok());
}

std::string lock_set(Cli& k) {
  Fd fd(std::string(kPass) + "\n");  // one final newline is dropped
  Run r = k(kNow, {"--passphrase-fd", fd.str(), "lock", "set", "--json"});
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out)["recovery_key"].get<std::string>();
}

}  // namespace

TEST_CASE("cli lock: no marker of any kind of text in any byte once locked, all back unlocked") {
  Cli k;
  plant(k);
  const fs::path data = k.dir / "data";
  for (const char* m : kMarkers) CHECK(all_bytes(data).find(m) != std::string::npos);  // plain
  lock_set(k);
  // The real binary once more (a read and a write), with its log in the folder searched too.
  const fs::path state = k.dir / "state";
  Fd fd(kPass);
  kindly_test::RunOptions o;
  o.env = {{"KINDLY_STATE_DIR", state.string()}, {"TZ", "UTC"}};
  auto r = kindly_test::run_kindly(
      {"--course", std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks", "--data-dir",
       data.string(), "--now", kNow, "--passphrase-fd", fd.str(), "journal", "search", "river"},
      o);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("MKFREESEVEN") != std::string::npos);
  const std::string bytes = all_bytes(k.dir);
  for (const char* m : kMarkers) {
    CAPTURE(m);
    CHECK(bytes.find(m) == std::string::npos);
  }
  CHECK(bytes.find("first") == std::string::npos);
  // Unlocked, the normal commands show every one.
  Run show = with_pass(k, {"journal", "show", "1"});
  CHECK(show.code == 0);
  CHECK(show.out.find("MKREVISIONTWO \xC3\xA9 now") != std::string::npos);
  CHECK(show.out.find("MKENTRYONE \xF0\x9F\x98\x80 first") != std::string::npos);
  Run hist = with_pass(k, {"history", "--json"});
  CHECK(hist.code == 0);
  for (const char* m : {"MKNOTETHREE", "MKREASONFOUR", "MKPAUSEFIVE", "MKSAFETYSIX"})
    CHECK(hist.out.find(m) != std::string::npos);
  CHECK(nlohmann::json::parse(hist.out).dump().find("[4,1,5]") != std::string::npos);
  Run plan = with_pass(k, {"safety-plan"});
  CHECK(plan.out.find("MKSAFETYSIX when I stop eating") != std::string::npos);
  Run search = with_pass(k, {"journal", "search", "mkrevisiontwo"});
  CHECK(search.code == 0);
  CHECK(search.out.find("[MKREVISIONTWO]") != std::string::npos);
  // Without the passphrase: refused, not shown.
  Run none = k(kNow, {"journal", "show", "1", "--json"});
  CHECK(none.code == 1);
  CHECK(nlohmann::json::parse(none.out)["error"]["code"] == "R060");
  CHECK(k(kNow, {"lock", "status", "--json"}).out.find("\"locked\": true") != std::string::npos);
}

TEST_CASE("cli lock: wrong passphrase, wrong recovery key, damaged text, cut file: refused") {
  Cli k;
  plant(k);
  const std::string recovery = lock_set(k);
  const fs::path data = k.dir / "data";
  const auto before = hashes(data);
  Run wrong = with_pass(k, {"status", "--json"}, "not the passphrase");
  CHECK(wrong.code == 1);
  CHECK(nlohmann::json::parse(wrong.out)["error"]["code"] == "R061");
  check_unchanged(data, before);
  std::string bad = recovery;
  bad[0] = bad[0] == '7' ? '8' : '7';
  Fd rfd(bad);
  Run wrong_key = k(kNow, {"--recovery-key-fd", rfd.str(), "journal", "list", "--json"});
  CHECK(wrong_key.code == 1);
  CHECK(nlohmann::json::parse(wrong_key.out)["error"]["code"] == "R062");
  check_unchanged(data, before);
  Fd good(recovery);
  CHECK(k(kNow, {"--recovery-key-fd", good.str(), "journal", "list"}).code == 0);

  // One flipped byte inside the sealed text of entry 2.
  {
    SQLite::Database db((data / "kindly.db").string(), SQLite::OPEN_READWRITE);
    SQLite::Statement q(db, "SELECT text FROM journal_entries WHERE id = 2");
    REQUIRE(q.executeStep());
    std::string blob(static_cast<const char*>(q.getColumn(0).getBlob()),
                     static_cast<std::size_t>(q.getColumn(0).getBytes()));
    blob[blob.size() / 2] = static_cast<char>(blob[blob.size() / 2] ^ 0x01);
    q.reset();
    SQLite::Statement u(db, "UPDATE journal_entries SET text = ? WHERE id = 2");
    u.bind(1, blob.data(), static_cast<int>(blob.size()));
    u.exec();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const auto damaged = hashes(data);
  Run show = with_pass(k, {"journal", "show", "2"});
  CHECK(show.code == 3);
  CHECK(show.err.find("journal entry 2") != std::string::npos);
  CHECK(show.err.find("damaged") != std::string::npos);
  check_unchanged(data, damaged);
  CHECK(with_pass(k, {"journal", "show", "1"}).code == 0);  // the others still open

  // A database cut short: refused, the file left as it is.
  const fs::path db = data / "kindly.db";
  fs::resize_file(db, fs::file_size(db) / 2);
  const auto cut = hashes(data);
  Run t = with_pass(k, {"status"});
  CHECK(t.code == 3);
  CHECK(t.err.find("kindly.db") != std::string::npos);
  check_unchanged(data, cut);
}

TEST_CASE("cli lock: change, then the old passphrase fails and the new opens, remove, export") {
  Cli k;
  plant(k);
  lock_set(k);
  const fs::path data = k.dir / "data";
  Fd old_fd(kPass), new_fd("a new passphrase \xF0\x9F\x8C\xB3");
  Run c = k(kNow, {"--passphrase-fd", old_fd.str(), "lock", "change", "--new-passphrase-fd",
                   new_fd.str()});
  CHECK(c.code == 0);
  CHECK(with_pass(k, {"status"}).code == 1);
  CHECK(with_pass(k, {"status"}, "a new passphrase \xF0\x9F\x8C\xB3").code == 0);
  const std::string np = "a new passphrase \xF0\x9F\x8C\xB3";

  // Backup: the sealed database.
  const fs::path backup = k.dir / "backup.db";
  CHECK(with_pass(k, {"backup", "--out", backup.string()}, np).code == 0);
  CHECK(slurp(backup).find("MKSAFETYSIX") == std::string::npos);
  CHECK(slurp(backup).find("MKENTRYONE") == std::string::npos);
  // The full export: refused without --plain, plain text with it.
  const fs::path out = k.dir / "export.json";
  Run ex = with_pass(k, {"export", "--out", out.string(), "--json"}, np);
  CHECK(ex.code == 1);
  CHECK(nlohmann::json::parse(ex.out)["error"]["code"] == "R067");
  CHECK_FALSE(fs::exists(out));
  Run plain = with_pass(k, {"export", "--out", out.string(), "--plain"}, np);
  CHECK(plain.code == 0);
  CHECK(plain.err.find("plain text") != std::string::npos);
  CHECK(slurp(out).find("MKSAFETYSIX") != std::string::npos);
  fs::remove(out);

  CHECK(with_pass(k, {"lock", "remove"}, np).code == 1);  // needs --yes
  Run rm = with_pass(k, {"lock", "remove", "--yes"}, np);
  CHECK(rm.code == 0);
  CHECK(rm.err.find("plain text") != std::string::npos);
  CHECK(k(kNow, {"journal", "show", "1"}).out.find("MKREVISIONTWO") != std::string::npos);
  CHECK(slurp(data / "kindly.db").find("MKREVISIONTWO") != std::string::npos);
  CHECK(k(kNow, {"journal", "search", "river"}).out.find("MKFREESEVEN") != std::string::npos);
}

TEST_CASE("cli lock: set names what it leaves plain, and refuses a short or second passphrase") {
  Cli k;
  REQUIRE(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  const fs::path aside = k.dir / "data" / "kindly.db.before-restore-20261130-090000";
  std::ofstream(aside) << "an old database a restore moved aside";
  Fd short_fd("short");
  Run s = k(kNow, {"--passphrase-fd", short_fd.str(), "lock", "set", "--json"});
  CHECK(s.code == 1);
  CHECK(nlohmann::json::parse(s.out)["error"]["code"] == "R066");
  Fd fd(kPass);
  Run r = k(kNow, {"--passphrase-fd", fd.str(), "lock", "set", "--json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["still_plain"].size() == 1);
  CHECK(j["still_plain"][0] == aside.string());
  CHECK(fs::exists(aside));  // kept, as restore promised
  Fd again(kPass);
  Run twice = k(kNow, {"--passphrase-fd", again.str(), "lock", "set", "--json"});
  CHECK(twice.code == 1);
  CHECK(nlohmann::json::parse(twice.out)["error"]["code"] == "R064");
  Run st = k(kNow, {"lock", "status", "--json"});
  CHECK(st.code == 0);
  CHECK(nlohmann::json::parse(st.out)["kdf"]["mem_bytes"] == 128 * 1024 * 1024);
}
