// `kindly validate` and `kindly course` through the CLI's own entry point: exit codes,
// text and JSON.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "in_process.h"

namespace {

using Run = kindly_test::CliRun;

const std::string kTiny = std::string(KINDLY_TEST_DATA) + "/good/tiny";

}  // namespace

TEST_CASE("cli validate: a good course exits 0 and says ok") {
  Run r = kindly_test::run_in_process({"validate", kTiny});
  CHECK(r.code == 0);
  CHECK(r.out.rfind("ok: A Tiny Course (2 weeks, 1 optional, 9 items, 3 practices)", 0) == 0);
}

TEST_CASE("cli validate: the bundled course passes --strict") {
  Run r = kindly_test::run_in_process({"validate", "--strict", KINDLY_BUNDLED_COURSE});
  INFO(r.err);
  CHECK(r.code == 0);
}

TEST_CASE("cli validate: a missing folder exits 1 with K019") {
  Run r = kindly_test::run_in_process({"validate", "/nonexistent/course"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error[K019]") != std::string::npos);
}

TEST_CASE("cli validate --json lists diagnostics with code, file, line and col") {
  Run r = kindly_test::run_in_process(
      {"validate", "--json", std::string(KINDLY_TEST_DATA) + "/bad-course"});
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["ok"] == false);
  REQUIRE(j["diagnostics"].size() >= 1);
  bool found = false;
  for (const auto& d : j["diagnostics"])
    if (d["code"] == "K004" && d["file"] == "practices/feet.yaml" && d["line"] == 4 &&
        d["col"] == 1 && d["hint"] == "did you mean 'minutes'?")
      found = true;
  CHECK(found);
}

TEST_CASE("cli validate --strict fails on warnings alone") {
  std::string dir = std::string(KINDLY_TEST_DATA) + "/warn-course";
  CHECK(kindly_test::run_in_process({"validate", dir}).code == 0);
  Run strict = kindly_test::run_in_process({"validate", "--strict", dir});
  CHECK(strict.code == 1);
  CHECK(strict.err.find("warning[K024]") != std::string::npos);
}

TEST_CASE("cli: usage errors exit 2") {
  CHECK(kindly_test::run_in_process({"frobnicate"}).code == 2);
  CHECK(kindly_test::run_in_process({"validate", "a", "b"}).code == 2);
  CHECK(kindly_test::run_in_process({"--no-such-flag"}).code == 2);
}

TEST_CASE("cli: --help and --version exit 0") {
  Run h = kindly_test::run_in_process({"--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("validate") != std::string::npos);
  Run v = kindly_test::run_in_process({"--version"});
  CHECK(v.code == 0);
  CHECK(v.out.find("kindly " KINDLY_VERSION) != std::string::npos);
}

TEST_CASE("cli course: prints the outline, and --json has modules and items") {
  Run r = kindly_test::run_in_process({"--course", kTiny, "course"});
  CHECK(r.code == 0);
  CHECK(r.out.find("Week 1: Beginning") != std::string::npos);
  CHECK(r.out.find("* w1-breathing  [meditation]  Kind Breathing  (10 min)") != std::string::npos);
  Run j = kindly_test::run_in_process({"--course", kTiny, "course", "--json"});
  CHECK(j.code == 0);
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["modules"].size() == 3);
  CHECK(doc["modules"][0]["items"][0]["id"] == "w1-breathing");
  CHECK(doc["modules"][2]["optional"] == true);
}

TEST_CASE("cli course: a broken course exits 1 and says so") {
  Run r = kindly_test::run_in_process(
      {"--course", std::string(KINDLY_TEST_DATA) + "/bad-course", "course"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error(s)") != std::string::npos);
}
