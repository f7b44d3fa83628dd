// Spawning the real `kindly` binary from the hardening tests (hostile databases, wrong
// arguments, crashes, privacy): stdout and stderr captured apart, wall time and peak resident
// memory measured, optional environment, and optionally run as another user (setuid in the
// child after fork) or under a wrapper such as strace.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace kindly_test {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;  // 128 + signal when killed
  std::string out, err;
  double seconds = 0;
  long max_rss_kb = 0;
  std::string all() const { return out + err; }
};

struct RunOptions {
  std::vector<std::pair<std::string, std::string>> env;  // added to the environment
  uid_t uid = 0;                                         // run as this user when non-zero
  gid_t gid = 0;
  std::vector<std::string> wrapper;  // e.g. {"strace", "-f", ...}: run kindly under it
  double timeout_s = 30;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs kindly with `args`; a run past the timeout is killed and fails the test (a hang).
inline Run run_kindly(const std::vector<std::string>& args, const RunOptions& o = {}) {
  static int counter = 0;
  const fs::path base = fs::temp_directory_path() / ("kindly-run-" + std::to_string(getpid()) +
                                                     "-" + std::to_string(counter++));
  const fs::path out_file = base.string() + ".out", err_file = base.string() + ".err";
  std::vector<std::string> all = o.wrapper;
  all.push_back(KINDLY_BIN);
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(120);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const auto& [k, v] : o.env) setenv(k.c_str(), v.c_str(), 1);
    if (o.uid != 0) {
      if (setgroups(0, nullptr) != 0 || setgid(o.gid) != 0 || setuid(o.uid) != 0) _exit(121);
    }
    execvp(argv[0], argv.data());
    _exit(127);
  }
  Run r;
  int status = 0;
  struct rusage ru {};
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &ru);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::duration<double>(o.timeout_s)) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &ru);
      FAIL("kindly did not finish within the timeout: it hangs");
    }
    usleep(2000);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_file);
  r.err = slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return r;
}

// A temporary folder with a copy of the tiny test course (readable by everyone so that a run
// as `nobody` can load it) and a data folder path; removed at the end.
class Sandbox {
 public:
  Sandbox() {
    std::string tmpl = (fs::temp_directory_path() / "kindly-harden-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()));
    root_ = tmpl;
    ::chmod(root_.c_str(), 0755);
    fs::copy(fs::path(KINDLY_TEST_DATA) / "good/tiny", course(), fs::copy_options::recursive);
  }
  ~Sandbox() {
    std::error_code ec;
    // Undo modes a test set (read-only folders) so that the folder can be removed.
    for (auto it = fs::recursive_directory_iterator(root_, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      ::chmod(it->path().c_str(), 0700);
    }
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  fs::path course() const { return root_ / "course"; }
  fs::path data() const { return root_ / "data"; }
  fs::path db() const { return data() / "kindly.db"; }
  fs::path state() const { return root_ / "state"; }
  // The arguments every command takes here.
  std::vector<std::string> with(std::vector<std::string> args,
                                const std::string& now = "2026-12-01T10:00:00Z") const {
    std::vector<std::string> all{"--course",      course().string(), "--data-dir",
                                 data().string(), "--now",           now};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }
  RunOptions opts() const {
    RunOptions o;
    o.env = {{"KINDLY_STATE_DIR", state().string()}};
    return o;
  }
  Run kindly(const std::vector<std::string>& args) const { return run_kindly(with(args), opts()); }

 private:
  fs::path root_;
};

// FNV-1a of a file's bytes: enough to see that not one byte changed.
inline std::string file_hash(const fs::path& p) {
  const std::string s = slurp(p);
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return std::to_string(s.size()) + ":" + std::to_string(h);
}

}  // namespace kindly_test
