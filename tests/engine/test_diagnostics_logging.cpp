// Diagnostic codes and their formatting; where the log goes and what happens when it cannot.
#include <doctest/doctest.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdlib>
#include <set>
#include <string>

#include "kindly/diagnostics.h"
#include "kindly/logging.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace kindly;
using kindly::test::TempDir;

TEST_CASE("diagnostics: every code has its own id K001.. in order and a summary") {
  std::set<std::string> ids;
  int n = 0;
#define KINDLY_X(code, name, summary)                       \
  ++n;                                                      \
  CHECK(std::string(code_id(Code::name)) == #code);         \
  CHECK(std::string(code_summary(Code::name)) == summary);  \
  CHECK(std::string(code_summary(Code::name)).size() > 10); \
  ids.insert(code_id(Code::name));
  KINDLY_DIAGNOSTIC_CODES(KINDLY_X)
#undef KINDLY_X
  CHECK(static_cast<int>(ids.size()) == n);
  char expected[8];
  std::snprintf(expected, sizeof expected, "K%03d", n);
  CHECK(*ids.rbegin() == expected);  // numbered without gaps
}

TEST_CASE("diagnostics: the one-line form drops what it does not know") {
  Diagnostic d{Code::MissingFile, Severity::Error, "", 0, 0, "no course.yaml", ""};
  CHECK(format_diagnostic(d) == "<course>: error[K010]: no course.yaml");
  d.file = "weeks/w1.yaml";
  CHECK(format_diagnostic(d) == "weeks/w1.yaml: error[K010]: no course.yaml");
  d.line = 7;
  CHECK(format_diagnostic(d) == "weeks/w1.yaml:7: error[K010]: no course.yaml");
  d.col = 3;
  d.severity = Severity::Warning;
  d.hint = "check the path";
  CHECK(format_diagnostic(d) ==
        "weeks/w1.yaml:7:3: warning[K010]: no course.yaml (check the path)");
  // A source line with no line number to point at is left out.
  d.line = 0;
  CHECK(format_diagnostic(d, "whatever") ==
        "weeks/w1.yaml: warning[K010]: no course.yaml (check the path)");
}

TEST_CASE("diagnostics: the caret counts characters and keeps tabs") {
  Diagnostic d{Code::UnknownKey, Severity::Warning, "f.yaml", 1, 4, "unknown key", ""};
  CHECK(format_diagnostic(d, "\tx\xC3\xA9y: 1") ==
        "f.yaml:1:4: warning[K004]: unknown key\n  \tx\xC3\xA9y: 1\n  \t  ^");
}

namespace {
// Restores an environment variable when the test ends, so cases can share a process.
struct SavedEnv {
  explicit SavedEnv(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) value_ = v, had_ = true;
  }
  ~SavedEnv() {
    if (had_) {
      ::setenv(name_, value_.c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  SavedEnv(const SavedEnv&) = delete;
  SavedEnv& operator=(const SavedEnv&) = delete;

 private:
  const char* name_;
  std::string value_;
  bool had_ = false;
};
}  // namespace

TEST_CASE("logging: the state folder comes from KINDLY_STATE_DIR, XDG_STATE_HOME, then HOME") {
  SavedEnv a("KINDLY_STATE_DIR"), b("XDG_STATE_HOME"), c("HOME");
  ::setenv("KINDLY_STATE_DIR", "/tmp/k-state", 1);
  CHECK(default_log_dir() == fs::path("/tmp/k-state"));
  ::unsetenv("KINDLY_STATE_DIR");
  ::setenv("XDG_STATE_HOME", "/tmp/xdg", 1);
  CHECK(default_log_dir() == fs::path("/tmp/xdg/kindly"));
  ::setenv("XDG_STATE_HOME", "relative/not/allowed", 1);  // the XDG spec ignores relative paths
  ::setenv("HOME", "/home/someone", 1);
  CHECK(default_log_dir() == fs::path("/home/someone/.local/state/kindly"));
  ::unsetenv("XDG_STATE_HOME");
  ::unsetenv("HOME");
  CHECK(default_log_dir().empty());
}

TEST_CASE("logging: the log file is private, and a folder that cannot be made means no file") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "state";
  const fs::path file = init_logging(dir, false);
  CHECK(file == dir / "kindly.log");
  spdlog::warn("command: status");  // warnings are flushed at once
  CHECK(fs::exists(file));
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(test::read_file(file).find("command: status") != std::string::npos);

  // A plain file where the folder should be: logging goes nowhere, and nothing throws.
  test::write_file(tmp.path() / "blocked", "x");
  CHECK(init_logging(tmp.path() / "blocked", true).empty());
  spdlog::info("still fine");
  CHECK(init_logging({}, false).empty());
  spdlog::info("still fine");
}
