// After the last week through kindly::cli::run: `plan` refusals as codes and usage errors as
// exit 2, `completion-record` refused before the last week and written to a file after it
// (format from the extension), and status --json's follow_up.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "in_process.h"

namespace fs = std::filesystem;

namespace {

using Run = kindly_test::CliRun;

struct Cli : kindly_test::EightWeeksCli {
  // The refusal code of a --json command that must be refused.
  std::string code_of(const std::string& now, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Run r = (*this)(now, std::move(args));
    CHECK(r.code == 1);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_object() || !j.contains("error")) return "";
    return j["error"]["code"].get<std::string>();
  }
  // Every week done: start, reading, reflection, breathing on three days (Mondays from 5 Oct).
  void walk() {
    REQUIRE((*this)("2026-10-05T08:00:00Z", {"begin"}).code == 0);
    for (int n = 1; n <= 8; ++n) {
      const int day = 5 + 7 * (n - 1);  // October, then on into November
      auto when = [&](int plus, const char* time) {
        const int d = day + plus;
        char buf[32];
        std::snprintf(buf, sizeof buf, "2026-%02d-%02dT%sZ", d > 31 ? 11 : 10, d > 31 ? d - 31 : d,
                      time);
        return std::string(buf);
      };
      const std::string w = std::to_string(n);
      REQUIRE((*this)(when(0, "08:10:00"), {"start", w}).code == 0);
      REQUIRE((*this)(when(0, "08:11:00"), {"done", "w" + w + "-reading"}).code == 0);
      REQUIRE((*this)(when(0, "08:12:00"), {"journal", "add", "--item", "w" + w + "-reflection",
                                            "Week " + w + ": noticed."})
                  .code == 0);
      for (int d = 0; d < 3; ++d)
        REQUIRE((*this)(when(d, "20:00:00"), {"log", "breathing", "--minutes", "12"}).code == 0);
    }
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("cli after: plan refusals are codes, malformed options are usage errors") {
  Cli k;
  const std::string now = "2026-10-05T08:00:00Z";
  CHECK(k.code_of(now, {"plan", "set", "--practices", "nope", "--days", "mon", "--time",
                        "08:00"}) == "R005");
  CHECK(k.code_of(now, {"plan", "set", "--practices", "pause,pause", "--days", "mon", "--time",
                        "08:00"}) == "R056");
  CHECK(k.code_of(now, {"plan", "clear"}) == "R058");
  CHECK(k(now, {"plan", "set", "--practices", "pause", "--days", "someday", "--time", "08:00"})
            .code == 2);
  CHECK(k(now, {"plan", "set", "--practices", "pause", "--days", "mon", "--time", "8 o'clock"})
            .code == 2);
  CHECK(k(now, {"plan", "set", "--practices", "pause,", "--days", "mon", "--time", "08:00"}).code ==
        2);
  // Nothing was written by any of them.
  Run shown = k(now, {"--json", "plan"});
  REQUIRE(shown.code == 0);
  auto j = nlohmann::json::parse(shown.out);
  CHECK(j["plan"].is_null());
  CHECK(j["versions"] == 0);
  CHECK(j["course_practices"].size() == 2);

  Run set = k(now, {"--json", "plan", "set", "--practices", "pause,breathing", "--days", "weekdays",
                    "--time", "7:05"});
  REQUIRE(set.code == 0);
  j = nlohmann::json::parse(set.out);
  CHECK(j["event"]["type"] == "practice_plan_saved");
  CHECK(j["practice_plan"]["plan"]["days"] == "weekdays");
  CHECK(j["practice_plan"]["plan"]["time"] == "07:05");
  CHECK(j["practice_plan"]["plan"]["practices"][0]["id"] == "pause");
  CHECK(j["practice_plan"]["next_reminder"].is_null());  // the course is not complete
}

TEST_CASE("cli after: the completion record waits for the last week, then is written") {
  Cli k;
  CHECK(k.code_of("2026-10-05T07:00:00Z",
                  {"completion-record", "--out", (k.dir / "r.md").string()}) == "R057");
  CHECK_FALSE(fs::exists(k.dir / "r.md"));
  REQUIRE(k("2026-10-05T08:00:00Z", {"begin"}).code == 0);
  CHECK(k.code_of("2026-10-05T08:01:00Z",
                  {"completion-record", "--out", (k.dir / "r.md").string()}) == "R057");
  CHECK_FALSE(fs::exists(k.dir / "r.md"));
  CHECK(
      k("2026-10-05T08:01:00Z", {"completion-record", "--out", (k.dir / "r.txt").string()}).code ==
      2);

  Cli done;
  done.walk();
  Run st = done("2026-11-26T09:00:00Z", {"status", "--json"});
  REQUIRE(st.code == 0);
  CHECK(nlohmann::json::parse(st.out)["follow_up"].is_null());  // this course asks none
  const fs::path html = done.dir / "record.html";
  Run r = done("2026-11-26T09:00:00Z", {"--json", "completion-record", "--out", html.string()});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["format"] == "html");
  CHECK(j["letter"] == false);
  const std::string page = slurp(html);
  CHECK(page.find("Content-Security-Policy") != std::string::npos);
  CHECK(page.find("<h1>Completion record: Eight Test Weeks</h1>") != std::string::npos);
  CHECK(page.find("noticed") == std::string::npos);  // no journal text
  CHECK(done.code_of("2026-11-26T09:01:00Z",
                     {"completion-record", "--out", html.string(), "--include-letter"}) == "R059");
}
