// data_ops.h, the one entry point for the data folder as files: an export import would
// refuse is not written (issue 12 item 6), and restore_from puts a backup in place without
// deleting anything (issue 12 item 1).
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "kindly/data_ops.h"
#include "kindly/journal.h"
#include "kindly/store.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<Store> open_store(const fs::path& dir) {
  auto r = Store::open(dir);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r.value());
}

std::string query(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql, -1, &q, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  std::string out = t != nullptr ? t : "";
  sqlite3_finalize(q);
  sqlite3_close(h);
  return out;
}

std::int64_t entries_in(const fs::path& db) {
  return std::stoll(query(db, "SELECT count(*) FROM journal_entries"));
}

std::string instance_of(const fs::path& db) {
  return query(db, "SELECT substr(value, 1, 32) FROM meta WHERE key = 'instance'");
}

}  // namespace

// A 17 MB entry edited three times exported 4 x 17 MB, which import refused as over 64 MiB,
// with no warning at export time.
TEST_CASE("data_ops: an export larger than import reads is refused and nothing is written") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  {
    auto store = open_store(dir);
    Journal j(*store);
    NewJournalEntry n;
    n.text = std::string(17u << 20, 'a');
    auto e = j.add(n, at("2026-12-01T09:00:00Z"));
    for (char c : {'b', 'c', 'd'})
      REQUIRE(j.edit(e.id, std::string(17u << 20, c), at("2026-12-01T10:00:00Z")));
  }
  const fs::path out = tmp.path() / "export.json";
  auto r = data_ops::export_full(dir, out);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Refused);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(data_ops::export_full_text(dir).ok());
  // The backup keeps it all.
  auto b = data_ops::backup_to(dir, tmp.path() / "backup.db");
  REQUIRE(b.ok());
  CHECK(b.value().entries == 1);
}

TEST_CASE("data_ops: export, import and backup round trip through the entry point") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  {
    auto store = open_store(dir);
    Journal j(*store);
    NewJournalEntry n;
    n.text = "a small entry";
    j.add(n, at("2026-12-01T09:00:00Z"));
    auto e = data_ops::export_full(*store, tmp.path() / "a.json", {"course", "1"});
    REQUIRE(e.ok());
    CHECK(e.value().entries == 1);
  }
  auto imported = data_ops::import_full(tmp.path() / "copy", tmp.path() / "a.json");
  REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
  CHECK(imported.value().entries == 1);
  auto again = data_ops::import_full(tmp.path() / "copy", tmp.path() / "a.json");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::Refused);  // not an empty folder
  auto saved = data_ops::save_file(tmp.path() / "no-such-folder" / "r.md", "text");
  REQUIRE_FALSE(saved.ok());
  CHECK(saved.error().kind == ErrorKind::Refused);
}

TEST_CASE("data_ops: restore_from installs a checked backup and moves the old database aside") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  const fs::path backup = tmp.path() / "backup.db";
  {
    auto store = open_store(dir);
    Journal j(*store);
    NewJournalEntry n;
    n.text = "in the backup";
    j.add(n, at("2026-12-01T09:00:00Z"));
    REQUIRE(data_ops::backup_to(*store, backup).ok());
    n.text = "written after the backup";
    j.add(n, at("2026-12-01T10:00:00Z"));
  }
  const auto backup_bytes = test::read_file(backup);

  // Not a Kindly database: refused, nothing changed.
  const fs::path junk = tmp.path() / "junk.db";
  test::write_file(junk, "not a database");
  auto bad = data_ops::restore_from(dir, junk);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::Refused);
  CHECK(entries_in(dir / "kindly.db") == 2);

  // Refused while another Kindly (another process: POSIX locks are per process) has it open.
  {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      auto other = Store::open(dir);
      if (!other.ok() || ::write(ready[1], "x", 1) != 1) _exit(1);
      for (;;) ::pause();
    }
    ::close(ready[1]);
    char c = 0;
    REQUIRE(::read(ready[0], &c, 1) == 1);
    ::close(ready[0]);
    auto busy = data_ops::restore_from(dir, backup);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().kind == ErrorKind::Data);
    CHECK(entries_in(dir / "kindly.db") == 2);
  }

  auto r = data_ops::restore_from(dir, backup);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r.value().installed.entries == 1);
  REQUIRE_FALSE(r.value().moved_aside.empty());
  CHECK(entries_in(r.value().moved_aside.front()) == 2);  // the old one, kept whole
  CHECK(entries_in(dir / "kindly.db") == 1);
  CHECK(test::read_file(backup) == backup_bytes);  // the backup file itself is not changed
  auto reopened = open_store(dir);
  CHECK(reopened->integrity_ok());
  // Each copy is an instance of its own (store.h): the live database, its backup, and the
  // restored copy of the backup, so that no log of one is replayed into another.
  CHECK(instance_of(backup) != instance_of(r.value().moved_aside.front()));
  CHECK(instance_of(dir / "kindly.db") != instance_of(backup));
  CHECK(instance_of(dir / "kindly.db").size() == 32);
}
