// Test runner for the engine tests. Accepts `--fixture=PATH` (one bad-course fixture, so CTest
// can list each fixture as its own test) on top of doctest's own options.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_support.h"

std::string kindly_test_fixture;  // empty: the fixture test runs every fixture

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--fixture=", 0) == 0)
      kindly_test_fixture = a.substr(10);
    else
      rest.push_back(argv[i]);
  }
  doctest::Context ctx;
  ctx.applyCommandLine(static_cast<int>(rest.size()), rest.data());
  return ctx.run();
}
