// Backup: the copy opens as a Kindly database with the same events and journal.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "kindly/backup.h"
#include "kindly/data_export.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;
namespace fs = std::filesystem;

namespace {

struct Live {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;
  Live() {
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE(r.ok());
    s = std::move(r.value());
    REQUIRE(s->apply(cmd::Begin{}).ok());
    cmd::LogPractice log;
    log.practice = "breathing";
    log.minutes = 11;
    log.distress_before = 2;
    log.distress_after = 4;
    REQUIRE(s->apply(log).ok());
    cmd::WriteEntry d;
    d.text = "noticing — gently";
    auto e = s->apply(d);
    REQUIRE(e.ok());
    REQUIRE(s->apply(cmd::EditEntry{e->entry->id, "noticing, gently", std::nullopt}).ok());
  }
  std::string dump() { return export_json(read_export(s->store(), course->id, course->version)); }
};

}  // namespace

TEST_CASE("backup: the copy has the same events and journal, while the live store is open") {
  Live live;
  const fs::path out = live.dir.path() / "backups" / "kindly-backup.db";
  fs::create_directories(out.parent_path());
  auto r = backup_database(live.s->store().path(), out);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r->events == 2);
  CHECK(r->entries == 1);
  CHECK(r->bytes > 0);
  struct stat st {};
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // One self-contained file: no -wal next to it, no temp files left.
  int files = 0;
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);

  // Open the copy as a data folder: same export, byte for byte.
  const fs::path copy_dir = live.dir.path() / "restored";
  fs::create_directories(copy_dir);
  fs::copy_file(out, copy_dir / "kindly.db");
  auto store = Store::open(copy_dir);
  REQUIRE(store.ok());
  CHECK(store.value()->integrity_ok());
  CHECK(export_json(read_export(*store.value(), live.course->id, live.course->version)) ==
        live.dump());
  CHECK(store.value()->events() == live.s->store().events());

  // A second backup replaces the first atomically.
  cmd::WriteEntry d;
  d.text = "one more";
  REQUIRE(live.s->apply(d).ok());
  auto again = backup_data_dir(live.dir.path() / "data", out);
  REQUIRE(again.ok());
  CHECK(again->entries == 2);
}

TEST_CASE("backup: refuses to write over the live database, and reports a missing one") {
  Live live;
  const fs::path db = live.s->store().path();
  auto r = backup_database(db, db);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Refused);
  fs::path wal = db;
  wal += "-wal";
  CHECK_FALSE(backup_database(db, wal).ok());
  CHECK_FALSE(backup_database(db, live.dir.path()).ok());
  auto missing = backup_data_dir(live.dir.path() / "nowhere", live.dir.path() / "b.db");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::Data);
  CHECK_FALSE(fs::exists(live.dir.path() / "b.db"));
  // The live store still works.
  cmd::WriteEntry d;
  d.text = "still here";
  CHECK(live.s->apply(d).ok());
}

// Issue 12 item 8: a killed backup left ".<name>.tmp-XXXXXX" (and its -journal, up to a whole
// copy of the journal) beside --out for ever. The next backup to the same file removes them,
// but not the temp file of a backup still running (it holds an flock on it).
TEST_CASE("backup: removes the temp files a killed backup left, not a running one's") {
  Live live;
  const fs::path out = live.dir.path() / "kindly-backup.db";
  const fs::path dead = live.dir.path() / ".kindly-backup.db.tmp-Ab12Cd";
  const fs::path dead_journal = live.dir.path() / ".kindly-backup.db.tmp-Ab12Cd-journal";
  const fs::path orphan_journal = live.dir.path() / ".kindly-backup.db.tmp-Zz99Yy-journal";
  const fs::path running = live.dir.path() / ".kindly-backup.db.tmp-Run123";
  const fs::path other = live.dir.path() / ".other.db.tmp-Ab12Cd";  // another file's
  for (const auto& p : {dead, dead_journal, orphan_journal, running, other})
    std::ofstream(p) << "journal text";
  const int held = ::open(running.c_str(), O_RDONLY);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX | LOCK_NB) == 0);
  auto r = backup_database(live.s->store().path(), out);
  REQUIRE(r.ok());
  CHECK_FALSE(fs::exists(dead));
  CHECK_FALSE(fs::exists(dead_journal));
  CHECK_FALSE(fs::exists(orphan_journal));
  CHECK(fs::exists(running));
  CHECK(fs::exists(other));
  ::close(held);
  // Nothing of this backup's own is left either.
  int temps = 0;
  for (const auto& e : fs::directory_iterator(live.dir.path()))
    if (e.path().filename().string().rfind(".kindly-backup.db.tmp-", 0) == 0) ++temps;
  CHECK(temps == 1);  // the running one
}
