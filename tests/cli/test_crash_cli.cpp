// Crash safety of the real CLI: 200 `kindly log` and `kindly journal add` processes, each
// killed with SIGKILL at a random moment after it starts (spread over its whole run, so
// some die before, some during and some after their write). After every kill the database
// passes integrity_check, and at the end every entry whose command had printed its success
// (acknowledged) is there.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "run_kindly.h"

using namespace kindly_test;

namespace {

std::string query_text(sqlite3* h, const char* sql) {
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql, -1, &q, nullptr) == SQLITE_OK);
  std::string all;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    if (!all.empty()) all += "\n";
    all += t != nullptr ? t : "";
  }
  sqlite3_finalize(q);
  return all;
}

// Starts kindly with its stdout on a pipe; returns the pid and the pipe's read end.
pid_t spawn(const std::vector<std::string>& args, const Sandbox& sb, int* out_fd) {
  int p[2];
  REQUIRE(pipe(p) == 0);
  std::vector<std::string> all{KINDLY_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string state = sb.state().string();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(p[1], 1);
    int null = ::open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 2);
    close(p[0]);
    setenv("KINDLY_STATE_DIR", state.c_str(), 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(p[1]);
  *out_fd = p[0];
  return pid;
}

}  // namespace

TEST_CASE("crash: the CLI killed with SIGKILL mid-write 200 times loses nothing acknowledged") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);

  // How long one write takes here, to spread the kills over it.
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(sb.kindly({"--json", "journal", "add", "timing run"}).exit_code == 0);
  const double typical_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();

  std::mt19937 rng(20261125);
  std::uniform_real_distribution<double> delay(0.0, 1.3 * typical_us);
  std::set<std::string> acknowledged;
  int killed_before_ack = 0, finished = 0, integrity_failures = 0;
  const int kRounds = 200;
  for (int i = 0; i < kRounds; ++i) {
    const std::string tag = "crashtag" + std::to_string(i);
    const bool journal = i % 2 == 0;
    auto args = journal ? sb.with({"--json", "journal", "add", "entry " + tag})
                        : sb.with({"--json", "log", "breathing", "--minutes", "5", "--note", tag});
    int fd = -1;
    pid_t pid = spawn(args, sb, &fd);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(delay(rng))));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    close(fd);
    if (out.find("\"ok\": true") != std::string::npos) {
      acknowledged.insert(tag);
    } else {
      ++killed_before_ack;
    }
    if (WIFEXITED(status)) ++finished;

    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(sb.db().c_str(), &h) == SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    const std::string check = query_text(h, "PRAGMA integrity_check");
    sqlite3_close(h);
    if (check != "ok") {
      ++integrity_failures;
      FAIL_CHECK("integrity_check after kill " << i << ": " << check);
    }
  }

  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(sb.db().c_str(), &h) == SQLITE_OK);
  const std::string texts = query_text(h, "SELECT text FROM journal_entries") + "\n" +
                            query_text(h, "SELECT note FROM events");
  sqlite3_close(h);
  int missing = 0;
  for (const auto& tag : acknowledged) {
    // Tags are distinct up to a word boundary: "crashtag1" must not match "crashtag12".
    const bool there = texts.find("entry " + tag + "\n") != std::string::npos ||
                       texts.find(tag + "\n") != std::string::npos ||
                       (texts.size() >= tag.size() &&
                        texts.compare(texts.size() - tag.size(), tag.size(), tag) == 0);
    if (!there) {
      ++missing;
      FAIL_CHECK("acknowledged but missing: " << tag);
    }
  }
  std::printf(
      "crash (CLI): %d kills, %zu acknowledged, %d killed before acknowledging, %d ran to the "
      "end, %d integrity failures, %d acknowledged entries missing (one write ~%.0f ms)\n",
      kRounds, acknowledged.size(), killed_before_ack, finished, integrity_failures, missing,
      typical_us / 1000);
  CHECK(integrity_failures == 0);
  CHECK(missing == 0);
  // The kills really landed both before and after the commit.
  CHECK(acknowledged.size() > 10);
  CHECK(killed_before_ack > 10);
}

namespace {

int temp_files(const fs::path& dir, const std::string& name) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("." + name + ".tmp-", 0) == 0) ++n;
  return n;
}

}  // namespace

// Issue 12 item 8: a backup killed mid-way left its hidden temp file (and -journal) beside
// --out for ever. Here backups are killed the moment their temp file appears; the next
// backup to the same file leaves no temp file behind and writes a whole copy.
TEST_CASE("crash: a backup killed with SIGKILL leaves nothing behind after the next backup") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  const std::string big(100 * 1024, 'k');
  for (int i = 0; i < 20; ++i) REQUIRE(sb.kindly({"journal", "add", big}).exit_code == 0);
  const fs::path dir = sb.root() / "backups";
  fs::create_directories(dir);
  const fs::path out = dir / "kindly-backup.db";
  int left_behind = 0;
  for (int i = 0; i < 20 && left_behind < 3; ++i) {
    int fd = -1;
    pid_t pid = spawn(sb.with({"backup", "--out", out.string()}), sb, &fd);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (temp_files(dir, "kindly-backup.db") == 0 && std::chrono::steady_clock::now() < until) {
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(fd);
    if (temp_files(dir, "kindly-backup.db") > 0) ++left_behind;
  }
  std::printf("crash (backup): %d killed backups left a temp file\n", left_behind);
  REQUIRE(left_behind > 0);  // else this test could not fail
  Run r = sb.kindly({"backup", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(temp_files(dir, "kindly-backup.db") == 0);
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(out.c_str(), &h) == SQLITE_OK);
  CHECK(query_text(h, "PRAGMA integrity_check") == "ok");
  CHECK(query_text(h, "SELECT count(*) FROM journal_entries") == "20");
  sqlite3_close(h);
}
