// A migration killed midway: a child process migrates the v1 fixture (tests/data/db/v1.db)
// and SIGKILLs itself at one step (after the backup, after renaming the old tables, after
// creating the new schema, after copying, just before the commit), through the test-only
// StoreOptions::migration_hook. Afterwards the database is the old schema whole (or the new
// one), passes integrity_check, the backup is a complete v1 database, and the next open
// migrates to v2 with every record.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "kindly/store.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

namespace {

int one_int(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getInt();
}

std::string one_text(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getString();
}

}  // namespace

TEST_CASE("crash: a migration killed at any step leaves v1 whole (or v2 whole) and the backup") {
  const char* const steps[] = {"backup", "renamed", "schema", "copied", "commit"};
  for (const char* step : steps) {
    CAPTURE(step);
    test::TempDir tmp;
    fs::copy_file(std::string(KINDLY_TEST_DATA) + "/db/v1.db", tmp.path() / "kindly.db");

    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      StoreOptions o;
      o.migration_hook = [step](const char* at) {
        if (std::strcmp(at, step) == 0) raise(SIGKILL);
      };
      auto r = Store::open(tmp.path(), o);
      _exit(r.ok() ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    fs::path backup;
    for (const auto& e : fs::directory_iterator(tmp.path())) {
      if (e.path().filename().string().rfind("kindly.db.backup-v1-", 0) == 0) backup = e.path();
    }
    REQUIRE_FALSE(backup.empty());
    {  // the backup: a complete v1 database
      SQLite::Database b(backup.string(), SQLite::OPEN_READONLY);
      CHECK(one_text(b, "PRAGMA integrity_check") == "ok");
      CHECK(one_int(b, "PRAGMA user_version") == 1);
      CHECK(one_int(b, "SELECT count(*) FROM events") == 7);
    }
    {  // the database itself: v1 whole, as if the migration never started
      SQLite::Database d((tmp.path() / "kindly.db").string(), SQLite::OPEN_READWRITE);
      CHECK(one_text(d, "PRAGMA integrity_check") == "ok");
      const int version = one_int(d, "PRAGMA user_version");
      CHECK(version == 1);
      if (version == 1) {
        CHECK(one_int(d, "SELECT count(*) FROM events") == 7);
        CHECK(one_int(d, "SELECT count(*) FROM sqlite_master WHERE name = 'events_v1'") == 0);
        CHECK(one_int(d, "SELECT count(*) FROM sqlite_master WHERE name = 'journal_entries'") == 0);
      }
    }
    // Running again completes the migration with every record.
    auto s = Store::open(tmp.path());
    REQUIRE(s.ok());
    CHECK(s.value()->info().schema_version == Store::kSchemaVersion);
    CHECK(s.value()->info().migrated_from == 1);
    CHECK(s.value()->events().size() == 8);
    CHECK(s.value()->integrity_ok());
    // A second backup, next to the first (never over it).
    CHECK(fs::exists(backup));
    CHECK(s.value()->info().backup != backup);
  }
}
