// Privacy, against the real binary (docs/privacy.md): a data folder others could read is made
// private at start and said so; emptied trash leaves no trace of the text in kindly.db, its
// WAL or its shared-memory file; the CLI never opens a network socket; the log never holds
// what the user wrote.
#include <doctest/doctest.h>

#include <algorithm>

#include "run_kindly.h"

using namespace kindly_test;

namespace {

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Every byte Kindly keeps in the data folder (database, WAL, SHM, backups).
std::string all_bytes(const fs::path& dir) {
  std::string all;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) all += slurp(e.path());
  }
  return all;
}

const char* const kWords[] = {"quokkaflute", "marzipanharbour", "zephyrlantern", "obsidianwhistle"};
const std::string kPhrase = "my quokkaflute sings beside the marzipanharbour";
const std::string kEdited = "the zephyrlantern and the obsidianwhistle, and quokkaflute again";

}  // namespace

TEST_CASE("privacy: a data folder others can read is made private at start, with a warning") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  REQUIRE(::chmod(sb.data().c_str(), 0755) == 0);
  REQUIRE(::chmod(sb.db().c_str(), 0644) == 0);
  Run r = sb.kindly({"status"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find("warning") != std::string::npos);
  CHECK(r.err.find(sb.data().string()) != std::string::npos);
  CHECK(r.err.find("could be read by other users") != std::string::npos);
  CHECK(mode_of(sb.data()) == 0700u);
  CHECK(mode_of(sb.db()) == 0600u);
  CHECK(slurp(sb.state() / "kindly.log").find("could be read by other users") != std::string::npos);
  // Private already: nothing to say.
  Run again = sb.kindly({"status"});
  CHECK(again.err.empty());
  // A folder that also holds other files is reported, not changed; those files are not touched.
  std::ofstream(sb.data() / "my-notes.txt") << "not Kindly's";
  REQUIRE(::chmod((sb.data() / "my-notes.txt").c_str(), 0644) == 0);
  REQUIRE(::chmod(sb.data().c_str(), 0755) == 0);
  Run shared = sb.kindly({"status"});
  CHECK(shared.exit_code == 0);
  CHECK(shared.err.find("not Kindly's") != std::string::npos);
  CHECK(mode_of(sb.data()) == 0755u);
  CHECK(mode_of(sb.data() / "my-notes.txt") == 0644u);
  // A fresh folder is private from the start.
  Sandbox fresh;
  REQUIRE(fresh.kindly({"begin"}).exit_code == 0);
  CHECK(mode_of(fresh.data()) == 0700u);
  CHECK(mode_of(fresh.db()) == 0600u);
}

TEST_CASE("privacy: an entry edited, trashed and purged leaves no trace in the database files") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", "an entry that stays"}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", kPhrase}).exit_code == 0);  // #2
  REQUIRE(sb.kindly({"journal", "edit", "2", kEdited}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", "another entry that stays"}).exit_code == 0);
  // Before purging, the words are there (so the search below can find them).
  {
    const std::string bytes = all_bytes(sb.data());
    for (const char* w : kWords) CHECK(bytes.find(w) != std::string::npos);
  }
  REQUIRE(sb.kindly({"journal", "delete", "2"}).exit_code == 0);
  Run purge = sb.kindly({"journal", "empty-trash", "--yes"});
  REQUIRE(purge.exit_code == 0);

  const std::string bytes = all_bytes(sb.data());
  CHECK(bytes.find("an entry that stays") != std::string::npos);
  CHECK(bytes.find(kPhrase) == std::string::npos);
  CHECK(bytes.find(kEdited) == std::string::npos);
  for (const char* w : kWords) {
    CAPTURE(w);
    CHECK(bytes.find(w) == std::string::npos);
  }
  // The WAL was cut to nothing when the trash was emptied (and is gone once closed).
  if (fs::exists(sb.data() / "kindly.db-wal"))
    CHECK(fs::file_size(sb.data() / "kindly.db-wal") == 0);
  // Search no longer finds it; the kept entries still work.
  Run s = sb.kindly({"journal", "search", "quokkaflute"});
  CHECK(s.exit_code == 0);
  CHECK(s.out.find("#2") == std::string::npos);
  Run kept = sb.kindly({"journal", "search", "stays"});
  CHECK(kept.out.find("#1") != std::string::npos);
}

TEST_CASE("privacy: no command opens a network socket (strace)") {
  if (std::system("strace -V > /dev/null 2>&1") != 0) {
    FAIL("strace is not installed: run scripts/install-deps");
  }
  Sandbox sb;
  const fs::path trace = sb.root() / "trace";
  const std::vector<std::vector<std::string>> commands = {
      {"begin"},
      {"status"},
      {"start", "1"},
      {"log", "breathing", "--minutes", "5", "--note", "n"},
      {"done", "w1-feet"},
      {"journal", "add", "words"},
      {"journal", "list"},
      {"journal", "search", "words"},
      {"journal", "show", "1"},
      {"history"},
      {"export", "--out", (sb.root() / "e.json").string()},
      {"export", "--format", "html", "--out", (sb.root() / "r.html").string()},
      {"backup", "--out", (sb.root() / "b.db").string()},
      {"validate", sb.course().string()},
      {"course"},
  };
  int traced = 0;
  for (const auto& c : commands) {
    RunOptions o = sb.opts();
    // LeakSanitizer cannot run under ptrace: in a sanitizer build, leave leaks to the other
    // tests.
    const char* asan = std::getenv("ASAN_OPTIONS");
    o.env.emplace_back("ASAN_OPTIONS",
                       std::string(asan != nullptr ? asan : "") + ":detect_leaks=0");
    o.wrapper = {"strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", trace.string()};
    Run r = run_kindly(sb.with(c), o);
    std::string line;
    for (const auto& a : c) line += a + " ";
    INFO("kindly " << line << "\n" << r.err);
    CHECK(r.exit_code == 0);
    const std::string t = slurp(trace);
    INFO("trace: " << t);
    CHECK(t.find("AF_INET") == std::string::npos);  // also catches AF_INET6
    CHECK(t.find("AF_NETLINK") == std::string::npos);
    CHECK(t.find("AF_PACKET") == std::string::npos);
    ++traced;
  }
  MESSAGE(traced << " commands traced, no network socket");
  // The check can fail: a command that does open one is seen.
  RunOptions o;
  o.wrapper = {"strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", trace.string()};
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execlp("strace", "strace", "-f", "-qq", "-e", "trace=socket", "-o", trace.c_str(), "python3",
           "-c", "import socket; socket.socket(socket.AF_INET6)", nullptr);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    CHECK(slurp(trace).find("AF_INET6") != std::string::npos);
  }
}

TEST_CASE("privacy: the log never holds what the user wrote") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", kPhrase}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "edit", "1", kEdited}).exit_code == 0);
  REQUIRE(
      sb.kindly({"log", "breathing", "--minutes", "5", "--note", "zephyrlantern note"}).exit_code ==
      0);
  REQUIRE(sb.kindly({"journal", "search", "quokkaflute"}).exit_code == 0);
  // A failing command with the text in its arguments is not logged with them either.
  CHECK(sb.kindly({"journal", "add", "obsidianwhistle", "--item", "nope"}).exit_code == 1);
  const fs::path log = sb.state() / "kindly.log";
  REQUIRE(fs::exists(log));
  const std::string text = slurp(log);
  CHECK(text.find("journal") != std::string::npos);  // it does log what ran
  for (const char* w : kWords) {
    CAPTURE(w);
    CHECK(text.find(w) == std::string::npos);
  }
}
