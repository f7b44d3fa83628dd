// Atomic writes: an interruption after any step leaves the old file or the new one whole.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "kindly/atomic_file.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const AtomicStep kSteps[] = {AtomicStep::Created, AtomicStep::Written, AtomicStep::Synced,
                             AtomicStep::Renamed, AtomicStep::DirSynced};

std::string big_text(char c) {
  return std::string(1 << 20, c);  // 1 MiB, so a partial write would be visible
}

int temp_files_in(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("atomic_file: writes the bytes with mode 0600 and leaves no temp file") {
  test::TempDir dir;
  const fs::path p = dir.path() / "export.json";
  REQUIRE(write_file_atomic(p, "hello\n").ok());
  CHECK(slurp(p) == "hello\n");
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(temp_files_in(dir.path()) == 0);

  AtomicWriteOptions o;
  o.mode = 0644;
  REQUIRE(write_file_atomic(p, "again", o).ok());
  CHECK(slurp(p) == "again");
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("atomic_file: a simulated crash after each step leaves the old or the new file whole") {
  for (AtomicStep step : kSteps) {
    CAPTURE(to_string(step));
    test::TempDir dir;
    const fs::path p = dir.path() / "report.html";
    const std::string old_text = big_text('o');
    const std::string new_text = big_text('n');
    REQUIRE(write_file_atomic(p, old_text).ok());
    AtomicWriteOptions o;
    o.crash_after = [step](AtomicStep s) { return s == step; };
    auto r = write_file_atomic(p, new_text, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("simulated crash") != std::string::npos);
    const std::string now = slurp(p);
    const bool renamed = step == AtomicStep::Renamed || step == AtomicStep::DirSynced;
    CHECK(now == (renamed ? new_text : old_text));
  }
}

TEST_CASE("atomic_file: a crash before the rename never leaves an empty target") {
  for (AtomicStep step : {AtomicStep::Created, AtomicStep::Written, AtomicStep::Synced}) {
    CAPTURE(to_string(step));
    test::TempDir dir;
    const fs::path p = dir.path() / "new.md";
    AtomicWriteOptions o;
    o.crash_after = [step](AtomicStep s) { return s == step; };
    REQUIRE_FALSE(write_file_atomic(p, "text", o).ok());
    CHECK_FALSE(fs::exists(p));
    CHECK(temp_files_in(dir.path()) == 1);  // what a crash leaves behind; never read
  }
}

TEST_CASE("atomic_file: a real process killed after each step leaves the old or the new file") {
  for (AtomicStep step : kSteps) {
    CAPTURE(to_string(step));
    test::TempDir dir;
    const fs::path p = dir.path() / "data.json";
    const std::string old_text = big_text('a');
    const std::string new_text = big_text('b');
    REQUIRE(write_file_atomic(p, old_text).ok());
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      AtomicWriteOptions o;
      o.crash_after = [step](AtomicStep s) {
        if (s == step) ::_exit(42);
        return false;
      };
      (void)write_file_atomic(p, new_text, o);
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 42);
    const std::string now = slurp(p);
    CHECK(now.size() == old_text.size());
    CHECK((now == old_text || now == new_text));
    CHECK(now == (step >= AtomicStep::Renamed ? new_text : old_text));
  }
}

TEST_CASE("atomic_file: an ordinary error leaves the target untouched and no temp file") {
  test::TempDir dir;
  const fs::path p = dir.path() / "missing-folder" / "out.json";
  auto r = write_file_atomic(p, "x");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Data);
  CHECK(r.error().path == p.string());
  CHECK_FALSE(fs::exists(p));

  // Renaming over a folder fails after the temp file was written: it is cleaned up.
  const fs::path folder = dir.path() / "a-folder";
  fs::create_directory(folder);
  fs::create_directory(folder / "inside");
  auto r2 = write_file_atomic(folder, "x");
  REQUIRE_FALSE(r2.ok());
  CHECK(fs::is_directory(folder));
  CHECK(temp_files_in(dir.path()) == 0);
}

TEST_CASE("atomic_file: create_temp_near + commit_temp replace the target") {
  test::TempDir dir;
  const fs::path p = dir.path() / "kindly.db.bak";
  test::write_file(p, "old");
  auto t = create_temp_near(p);
  REQUIRE(t.ok());
  CHECK(t.value().parent_path() == p.parent_path());
  test::write_file(t.value(), "new");
  REQUIRE(commit_temp(t.value(), p).ok());
  CHECK(slurp(p) == "new");
  CHECK_FALSE(fs::exists(t.value()));
}

TEST_CASE("atomic_file: a write that fails half-way leaves the old file and no temp file") {
  test::TempDir dir;
  const fs::path p = dir.path() / "settings.ini";
  test::write_file(p, "old");
  // In a child: a file-size limit makes write() fail with EFBIG part-way through 1 MiB
  // (the disk-full case, without needing a full disk).
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim {
      64 * 1024, 64 * 1024
    };
    ::setrlimit(RLIMIT_FSIZE, &lim);
    auto r = write_file_atomic(p, big_text('n'));
    const bool says_write = !r.ok() && r.error().message.find("write") != std::string::npos &&
                            r.error().message.find("File too large") != std::string::npos;
    ::_exit(says_write ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // the error named the failed write and why
  CHECK(slurp(p) == "old");
  CHECK(temp_files_in(dir.path()) == 0);
}

TEST_CASE("atomic_file: committing a temp file that has gone is an error, not a crash") {
  test::TempDir dir;
  const fs::path p = dir.path() / "kindly.db.bak";
  test::write_file(p, "old");
  auto t = create_temp_near(p);
  REQUIRE(t.ok());
  fs::remove(t.value());
  auto r = commit_temp(t.value(), p);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("reopening the temporary file") != std::string::npos);
  CHECK(slurp(p) == "old");

  // And a temp file cannot be made where there is no folder.
  auto none = create_temp_near(dir.path() / "no-such-folder" / "x");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("creating a temporary file") != std::string::npos);
}
