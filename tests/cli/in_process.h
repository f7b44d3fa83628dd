// The CLI through its own entry point (kindly::cli::run) inside the test process: exit code,
// stdout and stderr. For the command tests; the hardening tests spawn the real binary
// (run_kindly.h).
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>
#include <time.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace kindly_test {

struct CliRun {
  int code;
  std::string out, err;
};

// `args` without the program name.
inline CliRun run_in_process(std::vector<std::string> args) {
  args.insert(args.begin(), "kindly");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = kindly::cli::run(static_cast<int>(argv.size()), argv.data(), {out, err}, {});
  return {code, out.str(), err.str()};
}

// A temporary data folder over tests/data/courses/eight-weeks, in TZ=UTC, run in process:
// k("2026-11-30T09:00:00Z", {"begin"}) (an empty time leaves --now out). Removed at the end.
struct EightWeeksCli {
  std::filesystem::path dir;
  EightWeeksCli() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kindly-cli-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    ::unsetenv("KINDLY_NOW");
  }
  ~EightWeeksCli() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  EightWeeksCli(const EightWeeksCli&) = delete;
  EightWeeksCli& operator=(const EightWeeksCli&) = delete;
  CliRun operator()(const std::string& now, std::vector<std::string> args) {
    std::vector<std::string> full{"--course",
                                  std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks",
                                  "--data-dir", (dir / "data").string()};
    if (!now.empty()) {
      full.push_back("--now");
      full.push_back(now);
    }
    full.insert(full.end(), args.begin(), args.end());
    return run_in_process(std::move(full));
  }
};

}  // namespace kindly_test
