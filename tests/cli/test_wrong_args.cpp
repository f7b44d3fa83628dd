// Every command with wrong arguments, against the real binary: a missing argument, an
// unknown option, a bad number, distress out of range, a bad --now or --at, a week or item
// that does not exist. Usage problems exit 2, refusals exit 1 (docs/cli.md); never a crash;
// the message names the problem. Nothing is written by any of them.
#include <doctest/doctest.h>

#include <algorithm>

#include "run_kindly.h"

using namespace kindly_test;

namespace {

struct Case {
  std::vector<std::string> args;
  int exit_code;
  const char* says;  // a fragment of the message naming the problem
};

const Case kCases[] = {
    // unknown command and options
    {{"frobnicate"}, 2, "frobnicate"},
    {{"status", "--bogus"}, 2, "--bogus"},
    {{"history", "extra"}, 2, "extra"},
    {{"journal", "list", "--bogus"}, 2, "--bogus"},
    {{"journal"}, 2, "subcommand is required"},
    // missing required arguments
    {{"start"}, 2, "WEEK is required"},
    {{"done"}, 2, "ITEM is required"},
    {{"undo"}, 2, "ITEM is required"},
    {{"log", "breathing"}, 2, "--minutes is required"},
    {{"checkin"}, 2, "ID is required"},
    {{"checkin", "w1-checkin"}, 2, "--answers is required"},
    {{"move-on"}, 2, "--reason is required"},
    {{"journal", "add"}, 2, "TEXT is required"},
    {{"journal", "show"}, 2, "ID is required"},
    {{"journal", "edit"}, 2, "ID is required"},
    {{"journal", "edit", "1"}, 2, "TEXT is required"},
    {{"journal", "delete"}, 2, "ID is required"},
    {{"journal", "restore"}, 2, "ID is required"},
    {{"journal", "search"}, 2, "QUERY is required"},
    {{"export"}, 2, "--out is required"},
    {{"import"}, 2, "FILE is required"},
    {{"backup"}, 2, "--out is required"},
    // bad numbers
    {{"log", "breathing", "--minutes", "abc"}, 2, "--minutes"},
    {{"log", "breathing", "--minutes", "0"}, 2, "--minutes"},
    {{"log", "breathing", "--minutes", "601"}, 2, "--minutes"},
    {{"log", "breathing", "--minutes", "99999999999999999999"}, 2, "--minutes"},
    {{"journal", "show", "abc"}, 2, "abc"},
    {{"journal", "add", "x", "--prompt", "0"}, 2, "--prompt: Value 0 not in range 1 to 100"},
    {{"journal", "search", "x", "--limit", "0"}, 2, "--limit"},
    {{"checkin", "w1-checkin", "--answers", "x"}, 2, "--answers takes whole numbers"},
    {{"checkin", "w1-checkin", "--answers", "1,,2"}, 2, "--answers"},
    // distress out of range
    {{"log", "breathing", "--minutes", "5", "--before", "11"}, 2, "--before"},
    {{"log", "breathing", "--minutes", "5", "--after", "-1"}, 2, "--after"},
    {{"log", "breathing", "--minutes", "5", "--after", "seven"}, 2, "--after"},
    // bad times
    {{"log", "breathing", "--minutes", "5", "--at", "garbage"}, 2, "--at"},
    {{"--now", "yesterday", "status"}, 2, "yesterday"},
    {{"--now", "2026-13-45T99:00", "log", "breathing", "--minutes", "5"}, 2, "2026-13-45"},
    // bad weeks
    {{"start", "99"}, 1, "there is no week 99"},
    {{"start", "0"}, 1, "there is no week 0"},
    {{"start", "-1"}, 1, "-1"},
    {{"start", "abc"}, 1, "there is no module 'abc'"},
    {{"log", "breathing", "--minutes", "5", "--week", "99"}, 1, "there is no week 99"},
    {{"journal", "add", "x", "--week", "99"}, 1, "there is no week 99"},
    // unknown ids
    {{"done", "nope"}, 1, "there is no item 'nope'"},
    {{"undo", "nope"}, 1, "there is no item 'nope'"},
    {{"log", "nope", "--minutes", "5"}, 1, "there is no practice 'nope'"},
    {{"checkin", "nope", "--answers", "1,2"}, 1, "there is no item 'nope'"},
    {{"checkin", "w1-checkin", "--answers", "1,2,3"}, 1, "3 answers were given"},
    {{"checkin", "w1-checkin", "--answers", "9,9"}, 1, "outside the scale"},
    {{"journal", "add", "x", "--item", "nope"}, 1, "there is no item 'nope'"},
    {{"journal", "show", "999"}, 1, "there is no journal entry 999"},
    {{"journal", "edit", "999", "text"}, 1, "there is no journal entry 999"},
    {{"journal", "delete", "999"}, 1, "there is no journal entry 999"},
    {{"journal", "restore", "999"}, 1, "there is no journal entry 999"},
    {{"export", "--format", "nope", "--out", "-"}, 2, "--format takes md, html or json"},
    {{"import", "/nonexistent/kindly-export.json"}, 1, "/nonexistent/kindly-export.json"},
    {{"validate", "/nonexistent/course"}, 1, "/nonexistent/course"},
};

}  // namespace

TEST_CASE("wrong arguments: every command says what is wrong, exits 2 or 1, never crashes") {
  Sandbox sb;
  REQUIRE(sb.kindly({"begin"}).exit_code == 0);
  REQUIRE(sb.kindly({"journal", "add", "the one entry"}).exit_code == 0);
  int n = 0;
  for (const Case& c : kCases) {
    std::vector<std::string> args;
    // --now given in the case replaces the sandbox's.
    if (c.args.front() == "--now") {
      args = {"--course", sb.course().string(), "--data-dir", sb.data().string()};
      args.insert(args.end(), c.args.begin(), c.args.end());
    } else {
      args = sb.with(c.args);
    }
    Run r = run_kindly(args, sb.opts());
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    INFO("kindly " << line << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.all().find(c.says) != std::string::npos);
    CHECK(r.seconds < 5.0);
    ++n;
  }
  MESSAGE(n << " wrong-argument cases");
  // None of them wrote anything but the 'seen until' mark: the entry is still the only one.
  Run list = sb.kindly({"journal", "list"});
  CHECK(list.out.find("the one entry") != std::string::npos);
  Run hist = sb.kindly({"history"});
  CHECK(std::count(hist.out.begin(), hist.out.end(), '\n') <= 3);
}
