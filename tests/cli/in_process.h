// The CLI through its own entry point (kindly::cli::run) inside the test process: exit code,
// stdout and stderr. For the command tests; the hardening tests spawn the real binary
// (run_kindly.h).
#pragma once

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

}  // namespace kindly_test
