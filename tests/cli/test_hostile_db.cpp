// Hostile databases against the real `kindly` binary: truncated, zero-filled, from a newer
// Kindly, read-only, locked by another process, and on a full disk. Each gets one clear line
// on stderr naming the file and what to do, exit 3 (a data problem, docs/cli.md), in under
// 2 s and 100 MB, and the database file is byte-for-byte what it was. A read-only database
// still serves the commands that only read. The measured figures are printed (run
// `kindly_cli_tests -tc='hostile database*' -s`) and recorded in docs/reliability.md.
#include <doctest/doctest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

#include "run_kindly.h"

using namespace kindly_test;

namespace {

// A data folder holding a begun course and one journal entry, closed cleanly (no -wal).
void make_db(const Sandbox& sb) {
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", "an ordinary entry"}).exit_code == 0);
  REQUIRE(fs::exists(sb.db()));
  REQUIRE_FALSE(fs::exists(sb.data() / "kindly.db-wal"));
}

void sql(const fs::path& db, const std::string& statement) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err);
  INFO(statement << ": " << (err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(h);
  REQUIRE(rc == SQLITE_OK);
}

void report_figures(const std::string& what, const Run& r) {
  std::printf("hostile database: %-40s exit %d  %.3f s  %ld KiB\n", what.c_str(), r.exit_code,
              r.seconds, r.max_rss_kb);
}

// stderr without the lines a gcov-instrumented build adds when it cannot write its counters
// (the read-only cases run as `nobody`): what the user would see.
std::string user_lines(const std::string& err) {
  std::string out, line;
  std::istringstream in(err);
  while (std::getline(in, line))
    if (line.rfind("profiling:", 0) != 0) out += line + "\n";
  return out;
}

// One line on stderr, naming the database and containing `needle`; exit 3; fast and small.
void expect_data_problem(const std::string& what, const Run& r, const fs::path& db,
                         const std::string& needle) {
  report_figures(what, r);
  INFO(what << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(db.string()) != std::string::npos);
  CHECK(r.err.find(needle) != std::string::npos);
  const std::string err = user_lines(r.err);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK(r.seconds < 2.0);
  CHECK(r.max_rss_kb < 100 * 1024);
}

void expect_ok(const std::string& what, const Run& r) {
  report_figures(what, r);
  INFO(what << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.seconds < 2.0);
  CHECK(r.max_rss_kb < 100 * 1024);
}

// A damaged file is refused by reading and writing commands alike and never touched.
void check_damaged(const std::string& what, const Sandbox& sb) {
  const std::string before = file_hash(sb.db());
  expect_data_problem(what + " / status", sb.kindly({"status"}), sb.db(), "damaged");
  expect_data_problem(what + " / journal add", sb.kindly({"journal", "add", "new words"}), sb.db(),
                      "damaged");
  expect_data_problem(what + " / log", sb.kindly({"log", "breathing", "--minutes", "5"}), sb.db(),
                      "damaged");
  CHECK(file_hash(sb.db()) == before);
}

}  // namespace

TEST_CASE("hostile database: truncated to half its size") {
  Sandbox sb;
  make_db(sb);
  fs::resize_file(sb.db(), fs::file_size(sb.db()) / 2);
  check_damaged("truncated to half", sb);
}

TEST_CASE("hostile database: truncated to 100 bytes") {
  Sandbox sb;
  make_db(sb);
  fs::resize_file(sb.db(), 100);
  check_damaged("truncated to 100 bytes", sb);
}

TEST_CASE("hostile database: zero-filled") {
  Sandbox sb;
  make_db(sb);
  const auto size = fs::file_size(sb.db());
  std::ofstream(sb.db(), std::ios::binary | std::ios::trunc) << std::string(size, '\0');
  check_damaged("zero-filled", sb);
}

TEST_CASE("hostile database: from a newer Kindly") {
  Sandbox sb;
  make_db(sb);
  sql(sb.db(), "PRAGMA user_version=99");
  const std::string before = file_hash(sb.db());
  expect_data_problem("newer schema / status", sb.kindly({"status"}), sb.db(), "newer Kindly");
  expect_data_problem("newer schema / journal add", sb.kindly({"journal", "add", "x"}), sb.db(),
                      "update Kindly");
  CHECK(file_hash(sb.db()) == before);
}

TEST_CASE("hostile database: read-only file in a read-only folder") {
  Sandbox sb;
  make_db(sb);
  RunOptions as = sb.opts();
  if (geteuid() == 0) {
    // Root writes through any mode: run kindly as `nobody`, who owns the data read-only.
    const passwd* pw = getpwnam("nobody");
    if (pw == nullptr) {
      MESSAGE("SKIPPED: running as root and there is no user 'nobody' to drop to");
      return;
    }
    as.uid = pw->pw_uid;
    as.gid = pw->pw_gid;
    REQUIRE(::chown(sb.data().c_str(), pw->pw_uid, pw->pw_gid) == 0);
    REQUIRE(::chown(sb.db().c_str(), pw->pw_uid, pw->pw_gid) == 0);
    fs::create_directories(sb.state());
    REQUIRE(::chown(sb.state().c_str(), pw->pw_uid, pw->pw_gid) == 0);
  }
  REQUIRE(::chmod(sb.db().c_str(), 0400) == 0);
  REQUIRE(::chmod(sb.data().c_str(), 0500) == 0);
  const std::string before = file_hash(sb.db());
  auto run = [&](std::vector<std::string> args) { return run_kindly(sb.with(args), as); };

  // Reading works.
  Run status = run({"status"});
  expect_ok("read-only / status", status);
  CHECK(status.out.find("Week 1") != std::string::npos);
  Run list = run({"journal", "list"});
  expect_ok("read-only / journal list", list);
  CHECK(list.out.find("an ordinary entry") != std::string::npos);
  expect_ok("read-only / journal show 1", run({"journal", "show", "1"}));
  Run search = run({"journal", "search", "ordinary"});
  expect_ok("read-only / journal search", search);
  CHECK(search.out.find("#1") != std::string::npos);
  expect_ok("read-only / history", run({"history"}));
  Run report = run({"export", "--format", "md", "--include-entries", "1", "--out", "-"});
  expect_ok("read-only / export --format md", report);
  CHECK(report.out.find("an ordinary entry") != std::string::npos);
  // The JSON export reads through a connection of its own (Store::open_reader), which falls
  // back to an immutable read when SQLite cannot create kindly.db-shm.
  Run exported = run({"export", "--format", "json", "--out", "-"});
  expect_ok("read-only / export --format json", exported);
  CHECK(exported.out.find("an ordinary entry") != std::string::npos);

  // Writing is refused, saying why.
  expect_data_problem("read-only / journal add", run({"journal", "add", "more"}), sb.db(),
                      "is read-only");
  expect_data_problem("read-only / log", run({"log", "breathing", "--minutes", "5"}), sb.db(),
                      "is read-only");
  expect_data_problem("read-only / done", run({"done", "w1-breathing"}), sb.db(), "is read-only");
  CHECK(file_hash(sb.db()) == before);
  CHECK_FALSE(fs::exists(sb.data() / "kindly.db-wal"));
}

TEST_CASE("hostile database: locked by another process") {
  Sandbox sb;
  make_db(sb);
  const std::string before = file_hash(sb.db());
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  pid_t holder = fork();
  REQUIRE(holder >= 0);
  if (holder == 0) {
    // The other process: holds the write lock until killed.
    sqlite3* h = nullptr;
    if (sqlite3_open(sb.db().c_str(), &h) != SQLITE_OK) _exit(1);
    if (sqlite3_exec(h, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) _exit(2);
    if (::write(ready[1], "x", 1) != 1) _exit(3);
    for (;;) pause();
  }
  close(ready[1]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  close(ready[0]);

  expect_data_problem("locked / journal add", sb.kindly({"journal", "add", "while locked"}),
                      sb.db(), "in use by another Kindly");
  expect_data_problem("locked / log", sb.kindly({"log", "breathing", "--minutes", "5"}), sb.db(),
                      "in use by another Kindly");
  // Reading still works while another process writes (WAL).
  expect_ok("locked / status", sb.kindly({"status"}));

  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  CHECK(file_hash(sb.db()) == before);
  // Nothing half-written: the entry attempted while locked is not there.
  Run list = sb.kindly({"journal", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("while locked") == std::string::npos);
}

TEST_CASE("hostile database: on a full disk (ENOSPC)") {
  Sandbox sb;
  const fs::path disk = sb.root() / "disk";
  fs::create_directories(disk);
  if (::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=1m,mode=0755") != 0) {
    MESSAGE("SKIPPED: cannot mount a 1 MiB tmpfs here (needs root/CAP_SYS_ADMIN): "
            << std::strerror(errno));
    return;
  }
  struct Unmount {
    fs::path p;
    ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
  } unmount{disk};
  const fs::path data = disk / "data", db = data / "kindly.db";
  auto run = [&](std::vector<std::string> args) {
    std::vector<std::string> all{"--course", sb.course().string(),  "--data-dir", data.string(),
                                 "--now",    "2026-12-01T10:00:00Z"};
    all.insert(all.end(), args.begin(), args.end());
    return run_kindly(all, sb.opts());
  };
  REQUIRE(run({"begin"}).exit_code == 0);
  REQUIRE(run({"journal", "add", "written before the disk filled"}).exit_code == 0);
  // Fill the disk to the last byte.
  {
    std::ofstream filler(disk / "filler", std::ios::binary);
    const std::string block(4096, 'f');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  {
    std::ofstream filler(disk / "filler2", std::ios::binary);
    while (filler.put('f')) {
    }
  }
  const std::string before = file_hash(db);
  const std::string big(100 * 1024, 'w');  // one argument may hold at most 128 KiB
  expect_data_problem("full disk / journal add", run({"journal", "add", big}), db, "is full");
  expect_data_problem("full disk / log", run({"log", "breathing", "--minutes", "5"}), db,
                      "is full");
  CHECK(file_hash(db) == before);
  // Once there is room again, everything written before is there.
  fs::remove(disk / "filler");
  Run list = run({"journal", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("written before the disk filled") != std::string::npos);
}
