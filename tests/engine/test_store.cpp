// The store: folder and file modes, pragmas, the append-only log, transactions, refusing
// newer and damaged databases without touching them, and migrating the stored v1 fixture.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "kindly/journal.h"
#include "kindly/progress.h"
#include "kindly/store.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;
using kindly::test::at;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

std::unique_ptr<Store> open_ok(const fs::path& dir) {
  auto r = Store::open(dir);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(r.value());
}

Event sample(int i) {
  Event e;
  e.type = EventType::PracticeLogged;
  e.at = e.recorded_at = at("2026-11-30T09:00:00Z") + std::chrono::minutes{i};
  e.module = "week-1";
  e.week = 1;
  e.practice = "breathing";
  e.minutes = 1 + i % 30;
  e.note = "note " + std::to_string(i);
  if (i % 2) e.distress_before = i % 11;
  if (i % 3) e.distress_after = (i * 7) % 11;
  return e;
}

}  // namespace

TEST_CASE(
    "store: the app's lock file is Kindly's own, so a folder holding it is still made private") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "kindly";
  { auto s = open_ok(dir); }
  // The app takes its one-instance lock on kindly.lock (app/gui/shell/instance.h).
  { std::ofstream(dir / "kindly.lock") << ""; }
  REQUIRE(::chmod((dir / "kindly.lock").c_str(), 0644) == 0);
  REQUIRE(::chmod(dir.c_str(), 0755) == 0);
  auto s = open_ok(dir);
  CHECK(mode_of(dir) == 0700u);
  CHECK(mode_of(dir / "kindly.lock") == 0600u);
}

TEST_CASE("store: a new data folder is 0700 and the database 0600, with the pragmas set") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "a" / "kindly";
  auto s = open_ok(dir);
  CHECK(mode_of(dir) == 0700u);
  CHECK(mode_of(tmp.path() / "a") == 0700u);
  CHECK(mode_of(dir / "kindly.db") == 0600u);
  CHECK(s->info().schema_version == Store::kSchemaVersion);
  CHECK(s->info().migrated_from == 0);
  s->append(sample(1));
  CHECK(mode_of(dir / "kindly.db-wal") == 0600u);
  // Per-connection pragmas are checked through a second connection opened the same way.
  auto again = open_ok(dir);
  SQLite::Database db((dir / "kindly.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement jm(db, "PRAGMA journal_mode");
  REQUIRE(jm.executeStep());
  CHECK(jm.getColumn(0).getString() == "wal");
  SQLite::Statement uv(db, "PRAGMA user_version");
  REQUIRE(uv.executeStep());
  CHECK(uv.getColumn(0).getInt() == Store::kSchemaVersion);
}

TEST_CASE("store: the connection runs with WAL, synchronous=FULL, foreign keys, secure_delete") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  CHECK(s->pragma("journal_mode") == "wal");
  CHECK(s->pragma("synchronous") == "2");  // FULL
  CHECK(s->pragma("foreign_keys") == "1");
  CHECK(s->pragma("secure_delete") == "1");
  CHECK(s->pragma("busy_timeout") == "1000");
  CHECK(s->pragma("user_version") == std::to_string(Store::kSchemaVersion));
  CHECK_THROWS_AS(s->pragma("x; DROP TABLE events"), DataError);
}

TEST_CASE("store: the event log is append-only for anyone writing to the file") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  s->append(sample(1));
  SQLite::Database db((tmp.path() / "kindly.db").string(), SQLite::OPEN_READWRITE);
  CHECK_THROWS_WITH_AS(db.exec("UPDATE events SET minutes = 5"), doctest::Contains("append-only"),
                       SQLite::Exception);
  CHECK_THROWS_WITH_AS(db.exec("DELETE FROM events"), doctest::Contains("append-only"),
                       SQLite::Exception);
  CHECK(s->events().size() == 1);
}

TEST_CASE("store: events round-trip every field, in order") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  std::vector<Event> batch;
  for (int i = 0; i < 20; ++i) batch.push_back(sample(i));
  Event c;
  c.type = EventType::CheckinAnswered;
  c.at = c.recorded_at = at("2026-12-01T10:00:00Z");
  c.module = "week-1";
  c.item = "w1-checkin";
  c.answers = {4, 2, 1};
  batch.push_back(c);
  Event m;
  m.type = EventType::MovedOn;
  m.at = c.at;
  m.recorded_at = c.at + std::chrono::seconds{5};
  m.reason = "ünïcode \"quotes\" and\nnewlines";
  batch.push_back(m);
  s->append(batch);
  CHECK(batch.front().seq == 1);
  CHECK(batch.back().seq == 22);
  auto back = s->events();
  REQUIRE(back.size() == batch.size());
  for (std::size_t i = 0; i < back.size(); ++i) CHECK(back[i] == batch[i]);
  CHECK(s->last_seq() == 22);
  CHECK(s->events_since(20).size() == 2);
  CHECK(s->integrity_ok());
}

TEST_CASE("store: write() is one transaction: all or nothing") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  s->append(sample(0));
  CHECK_THROWS_AS(s->write([&] {
    s->append(sample(1));
    s->append(sample(2));
    throw std::runtime_error("stop");
  }),
                  std::runtime_error);
  CHECK(s->events().size() == 1);
  s->write([&] {
    s->append(sample(3));
    s->append(sample(4));
  });
  CHECK(s->events().size() == 3);
}

TEST_CASE("store: a database from a newer Kindly is refused and left byte for byte") {
  test::TempDir tmp;
  {
    SQLite::Database db((tmp.path() / "kindly.db").string(),
                        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE future(x); INSERT INTO future VALUES (1); PRAGMA user_version = 99");
  }
  const std::string before = slurp(tmp.path() / "kindly.db");
  auto r = Store::open(tmp.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Data);
  CHECK(r.error().path == (tmp.path() / "kindly.db").string());
  CHECK(r.error().message.find("newer Kindly (data version 99") != std::string::npos);
  CHECK(slurp(tmp.path() / "kindly.db") == before);
  CHECK_FALSE(fs::exists(tmp.path() / "kindly.db-wal"));
}

TEST_CASE("store: a damaged database is reported with its path and never overwritten") {
  test::TempDir tmp;
  const fs::path db = tmp.path() / "kindly.db";
  SUBCASE("not a database at all") {
    test::write_file(db, std::string(8192, 'x'));
  }
  SUBCASE("a Kindly database with a trashed page") {
    {
      auto s = open_ok(tmp.path());
      std::vector<Event> many;
      for (int i = 0; i < 2000; ++i) many.push_back(sample(i));
      s->append(many);
    }
    {  // checkpoint the WAL into the main file, then damage a page in the middle
      SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
      d.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE");
    }
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    const std::string junk(64, '\x5a');
    for (int page = 2; page < 12; ++page) {  // b-tree page headers (page 1 is the file header)
      f.seekp(4096 * page);
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
  }
  const std::string before = slurp(db);
  auto r = Store::open(tmp.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Data);
  CHECK(r.error().path == db.string());
  CHECK(r.error().message.find(db.string()) == 0);
  CHECK(r.error().message.find("left untouched") != std::string::npos);
  CHECK(slurp(db) == before);
}

TEST_CASE("store: another program's SQLite file is not taken over") {
  test::TempDir tmp;
  {
    SQLite::Database db((tmp.path() / "kindly.db").string(),
                        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes(x)");
  }
  auto r = Store::open(tmp.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("not Kindly's") != std::string::npos);
}

TEST_CASE("store: an unwritable data folder is a data problem") {
  if (::geteuid() == 0) {
    // root ignores permissions; use a path under a regular file instead.
    test::TempDir tmp;
    test::write_file(tmp.path() / "file", "x");
    auto r = Store::open(tmp.path() / "file" / "kindly");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Data);
    CHECK(r.error().message ==
          "the data folder " + (tmp.path() / "file").string() + " is not a folder");
    return;
  }
  test::TempDir tmp;
  fs::create_directory(tmp.path() / "ro");
  fs::permissions(tmp.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  auto r = Store::open(tmp.path() / "ro" / "kindly");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Data);
  fs::permissions(tmp.path() / "ro", fs::perms::owner_all);
}

TEST_CASE("store: migrating the stored v1 fixture keeps every record and backs up first") {
  test::TempDir tmp;
  fs::copy_file(std::string(KINDLY_TEST_DATA) + "/db/v1.db", tmp.path() / "kindly.db");
  const std::string original = slurp(tmp.path() / "kindly.db");
  auto s = open_ok(tmp.path());
  CHECK(s->info().migrated_from == 1);
  CHECK(s->info().schema_version == Store::kSchemaVersion);
  REQUIRE_FALSE(s->info().backup.empty());
  CHECK(s->info().backup.filename().string().rfind("kindly.db.backup-v1-", 0) == 0);
  CHECK(mode_of(s->info().backup) == 0600u);
  {  // the backup is the v1 database, complete
    SQLite::Database b(s->info().backup.string(), SQLite::OPEN_READONLY);
    SQLite::Statement uv(b, "PRAGMA user_version");
    REQUIRE(uv.executeStep());
    CHECK(uv.getColumn(0).getInt() == 1);
    SQLite::Statement n(b, "SELECT count(*) FROM events");
    REQUIRE(n.executeStep());
    CHECK(n.getColumn(0).getInt() == 7);
  }
  (void)original;
  const auto ev = s->events();
  REQUIRE(ev.size() == 8);  // 7 events + 1 reflected from the journal
  CHECK(ev[0].type == EventType::Begun);
  CHECK(ev[0].course_id == "eight-weeks");
  CHECK(ev[0].course_version == "0.9.0");
  CHECK(format_time_utc(ev[0].at) == "2026-11-30T09:00:00Z");
  CHECK(ev[0].recorded_at == ev[0].at);
  CHECK(ev[1].type == EventType::WeekStarted);
  CHECK(ev[1].module == "week-1");
  CHECK(ev[1].week == 1);
  CHECK(ev[3].type == EventType::PracticeLogged);
  CHECK(ev[3].practice == "breathing");
  CHECK(ev[3].minutes == 12);
  CHECK(ev[3].note == "restless, then calmer");
  CHECK(ev[3].distress_before == 4);
  CHECK(ev[3].distress_after == 2);
  CHECK_FALSE(ev[4].distress_before.has_value());
  CHECK(ev[5].answers == std::vector<int>{4, 2, 1});
  CHECK(ev[6].item == "w1-retired-item");
  CHECK(ev[7].type == EventType::Reflected);
  CHECK(ev[7].item == "w1-reflection");
  CHECK(ev[7].entry_id == 1);
  // New events continue the sequence.
  CHECK(s->append(sample(1)) == 9);
  CHECK(s->integrity_ok());

  // The journal came across with a first revision each, and is searchable.
  Journal j(*s);
  auto entries = j.list();
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].text == "I noticed how often I hurry.");
  CHECK(entries[1].item == "w1-reflection");
  CHECK(entries[1].revisions == 1);
  CHECK(j.search("hurry").size() == 1);
  CHECK(j.search("walk").at(0).entry.id == 2);

  // And the course folds over it: the retired item is reported, not lost.
  const Progress p = fold(*test::fixture_course(), ev, at("2026-12-01T12:00:00Z"));
  CHECK(p.item("w1-reading")->done);
  CHECK(p.item("w1-reflection")->done);
  CHECK(p.item("w1-checkin")->done);
  CHECK(p.item("w1-homework")->have == 2);
  REQUIRE(p.orphans.size() == 1);
  CHECK(p.orphans[0].id == "w1-retired-item");
  CHECK(p.begun_course_version == "0.9.0");

  // Opening again does not migrate or back up again.
  s.reset();
  auto again = open_ok(tmp.path());
  CHECK(again->info().migrated_from == 0);
  CHECK(again->info().backup.empty());
}

TEST_CASE("store: read-only opening never creates or migrates") {
  test::TempDir tmp;
  StoreOptions ro;
  ro.read_only = true;
  auto none = Store::open(tmp.path() / "nothing", ro);
  REQUIRE_FALSE(none.ok());
  CHECK_FALSE(fs::exists(tmp.path() / "nothing"));
  fs::copy_file(std::string(KINDLY_TEST_DATA) + "/db/v1.db", tmp.path() / "kindly.db");
  const std::string before = slurp(tmp.path() / "kindly.db");
  auto old = Store::open(tmp.path(), ro);
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().message.find("needs an upgrade") != std::string::npos);
  CHECK(slurp(tmp.path() / "kindly.db") == before);
}

TEST_CASE("store: an append keeps the zone's UTC offset, and an event given one keeps its own") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  {
    test::TzScope tz("Asia/Tokyo");
    s->append(sample(1));
  }
  Event given = sample(2);
  given.utc_offset = -8 * 3600;
  s->append(given);
  const auto events = s->events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].utc_offset == 9 * 3600);
  CHECK(events[1].utc_offset == -8 * 3600);
}

TEST_CASE("store: a v2 database gains the offset column, and its events keep none") {
  test::TempDir tmp;
  {
    auto s = open_ok(tmp.path());
    s->append(sample(1));
  }
  {  // make it what Kindly wrote before data version 3
    SQLite::Database db((tmp.path() / "kindly.db").string(), SQLite::OPEN_READWRITE);
    db.exec("ALTER TABLE events DROP COLUMN utc_offset; PRAGMA user_version=2");
    // ... which had its search index in the file (dropped again by data version 4)
    db.exec("CREATE VIRTUAL TABLE journal_fts USING fts5(text, content='journal_entries', "
            "content_rowid='id')");
  }
  auto s = open_ok(tmp.path());
  CHECK(s->info().migrated_from == 2);
  CHECK(s->info().schema_version == Store::kSchemaVersion);
  CHECK(s->info().backup.filename().string().rfind("kindly.db.backup-v2-", 0) == 0);
  const auto events = s->events();
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].utc_offset.has_value());
  s->append(sample(2));
  CHECK(s->events().back().utc_offset.has_value());
}

TEST_CASE("store: seen_open and a seen_until set back after a clock that ran ahead") {
  test::TempDir tmp;
  auto s = open_ok(tmp.path());
  CHECK(s->seen_open().empty());
  s->record_seen_open("week-2");
  CHECK(s->seen_open() == "week-2");
  s->record_seen(at("2100-01-01T00:00:00Z"));
  s->record_seen(at("2026-12-01T00:00:00Z"));  // keeps the later
  CHECK(s->seen_until() == at("2100-01-01T00:00:00Z"));
  s->reset_seen(at("2026-12-01T00:00:00Z"));
  CHECK(s->seen_until() == at("2026-12-01T00:00:00Z"));
}
