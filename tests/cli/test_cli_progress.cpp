// The progress commands through kindly::cli::run: exit codes 0/1/2/3, --json shapes
// (status --json has every field the issue lists), and data problems.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "in_process.h"

namespace fs = std::filesystem;

namespace {

using Run = kindly_test::CliRun;

using Cli = kindly_test::EightWeeksCli;

}  // namespace

TEST_CASE("cli progress: status --json has the fields scripts rely on") {
  Cli k;
  REQUIRE(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  REQUIRE(k("2026-11-30T09:01:00Z", {"start", "1"}).code == 0);
  REQUIRE(k("2026-11-30T09:02:00Z", {"log", "breathing", "--minutes", "12"}).code == 0);
  Run r = k("2026-12-01T10:00:00Z", {"status", "--json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["course"]["id"] == "eight-weeks");
  CHECK(j["course"]["title"] == "Eight Test Weeks");
  CHECK(j["course"]["version"] == "1.0.0");
  CHECK(j["begun_at"] == "2026-11-30T09:00:00+00:00");
  CHECK(j["now"] == "2026-12-01T10:00:00+00:00");
  CHECK(j["current_week"] == 1);
  REQUIRE(j["weeks"].size() == 8);
  const auto& w1 = j["weeks"][0];
  CHECK(w1["number"] == 1);
  CHECK(w1["id"] == "week-1");
  CHECK(w1["title"] == "Week 1");
  CHECK(w1["state"] == "in_progress");
  CHECK(w1["started_at"] == "2026-11-30T09:01:00+00:00");
  CHECK(w1["unlocks_at"].is_null());
  CHECK(w1["locked_reason"].is_null());
  const auto& hw = w1["items"][2];
  CHECK(hw["id"] == "w1-homework");
  CHECK(hw["kind"] == "homework");
  CHECK(hw["required"] == true);
  CHECK(hw["done"] == false);
  CHECK(hw["progress"]["have"] == 1);
  CHECK(hw["progress"]["need"] == 3);
  const auto& w2 = j["weeks"][1];
  CHECK(w2["state"] == "locked");
  CHECK(w2["unlocks_at"] == "2026-12-07T00:00:00+00:00");
  CHECK(w2["locked_reason"] ==
        "Week 2 opens on Monday 7 Dec: week 1 was started on Monday 30 Nov, and Reading 1, "
        "Breathing on 3 days, 10 minutes and Reflection 1 are still to do");
  CHECK(w2["lock"]["gate"] == "time_gate");
  CHECK(w2["lock"]["waits_for"] == "week-1");
  CHECK(w2["lock"]["until"] == "2026-12-07T00:00:00+00:00");
  CHECK(w2["lock"]["missing_items"] ==
        nlohmann::json::array({"w1-reading", "w1-homework", "w1-reflection"}));
  CHECK(w2["lock_reason"] == "time_gate");
  CHECK(j["modules"][0]["id"] == "retreat");
  CHECK(j["stats"]["days_practised_last_7"] == 1);
  CHECK(j["orphans"].is_array());
}

TEST_CASE("cli progress: exit codes: 0 ok, 1 refused, 2 usage, 3 data problem") {
  Cli k;
  CHECK(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  Run refused = k("2026-11-30T09:00:00Z", {"start", "2"});
  CHECK(refused.code == 1);
  CHECK(refused.err == "kindly: Week 2 opens a while after you start week 1\n");
  CHECK(k("2026-11-30T09:00:00Z", {"start"}).code == 2);             // missing WEEK
  CHECK(k("2026-11-30T09:00:00Z", {"log", "breathing"}).code == 2);  // no --minutes
  CHECK(k("2026-11-30T09:00:00Z", {"log", "breathing", "--minutes", "5", "--before", "-1"}).code ==
        2);
  Run bad_at = k("2026-11-30T09:00:00Z", {"log", "breathing", "--minutes", "5", "--at", "noon"});
  CHECK(bad_at.code == 2);
  CHECK(bad_at.err.find("--at: expected YYYY-MM-DD") != std::string::npos);
  Run bad_now = k("tomorrow", {"status"});
  CHECK(bad_now.code == 2);
  CHECK(bad_now.err.find("cannot read the time 'tomorrow'") != std::string::npos);
  CHECK(k("2026-11-30T09:00:00Z", {"checkin", "w1-checkin", "--answers", "3,x"}).code == 2);
  CHECK(k("2026-11-30T09:00:00Z", {"frobnicate"}).code == 2);
  // A database from a newer Kindly: exit 3, and the file is not touched.
  {
    SQLite::Database db((k.dir / "data" / "kindly.db").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 7");
  }
  Run data = k("2026-11-30T09:00:00Z", {"status"});
  CHECK(data.code == 3);
  CHECK(data.err.find("newer Kindly (data version 7") != std::string::npos);
  Run data_json = k("2026-11-30T09:00:00Z", {"status", "--json"});
  CHECK(data_json.code == 3);
  auto j = nlohmann::json::parse(data_json.out);
  CHECK(j["ok"] == false);
  CHECK(j["error"]["kind"] == "data");
  CHECK(j["error"]["path"] == (k.dir / "data" / "kindly.db").string());
}

TEST_CASE("cli progress: a course with errors is refused with exit 1") {
  Cli k;
  std::vector<std::string> args{
      "kindly", "--course", "/nonexistent/course", "--data-dir", (k.dir / "d").string(), "status"};
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CHECK(kindly::cli::run(static_cast<int>(argv.size()), argv.data(), {out, err}, {}) == 1);
  CHECK(err.str().find("has 1 error(s)") != std::string::npos);
  CHECK_FALSE(fs::exists(k.dir / "d"));
}

TEST_CASE("cli progress: --json on commands: events, refusals, journal") {
  Cli k;
  Run b = k("2026-11-30T09:00:00Z", {"begin", "--json"});
  auto jb = nlohmann::json::parse(b.out);
  CHECK(jb["ok"] == true);
  CHECK(jb["event"]["type"] == "begun");
  CHECK(jb["event"]["seq"] == 1);
  Run r = k("2026-11-30T09:00:00Z", {"--json", "done", "w2-reading"});
  CHECK(r.code == 1);
  auto jr = nlohmann::json::parse(r.out);
  CHECK(jr["ok"] == false);
  CHECK(jr["error"]["kind"] == "refused");
  CHECK(jr["error"]["code"] == "R007");
  CHECK(jr["error"]["message"] == "Week 2 opens a while after you start week 1");
  Run l = k("2026-11-30T10:00:00Z", {"log", "breathing", "--minutes", "11", "--before", "2",
                                     "--after", "7", "--note", "hm", "--json"});
  auto jl = nlohmann::json::parse(l.out);
  CHECK(jl["event"]["minutes"] == 11);
  CHECK(jl["event"]["distress_after"] == 7);
  CHECK(jl["event"]["note"] == "hm");
  CHECK(jl["items_now_done"] == nlohmann::json::array({"w1-breathing"}));
  CHECK(jl["difficult"] == true);
  CHECK(jl["grounding_practice"] == "pause");
  Run a = k("2026-11-30T11:00:00Z",
            {"journal", "add", "--item", "w1-reflection", "--json", "two", "words"});
  auto ja = nlohmann::json::parse(a.out);
  CHECK(ja["entry"]["id"] == 1);
  CHECK(ja["entry"]["text"] == "two words");
  CHECK(ja["entry"]["item"] == "w1-reflection");
  CHECK(ja["entry"]["prompt"] == 1);
  Run e = k("2026-11-30T12:00:00Z", {"journal", "edit", "1", "three", "words", "now"});
  CHECK(e.code == 0);
  Run s = k("2026-11-30T12:00:00Z", {"journal", "show", "1", "--json"});
  auto js = nlohmann::json::parse(s.out);
  REQUIRE(js["revisions"].size() == 2);
  CHECK(js["revisions"][0]["text"] == "two words");
  CHECK(js["entry"]["text"] == "three words now");
  Run f = k("2026-11-30T12:00:00Z", {"journal", "search", "three", "--json"});
  CHECK(nlohmann::json::parse(f.out)["results"].size() == 1);
  Run h = k("2026-11-30T12:00:00Z", {"history", "--json"});
  auto jh = nlohmann::json::parse(h.out);
  REQUIRE(jh["events"].size() == 3);
  CHECK(jh["events"][2]["type"] == "reflected");
  CHECK(jh["events"][2]["entry_id"] == 1);
  Run c = k("2026-11-30T12:00:00Z", {"checkin", "w1-checkin", "--answers", "5,1,1", "--json"});
  auto jc = nlohmann::json::parse(c.out);
  CHECK(jc["scores"]["kindness"] == 5.0);
  CHECK(jc["event"]["answers"] == nlohmann::json::array({5, 1, 1}));
}

TEST_CASE("cli progress: a clock that ran ahead is said on stderr by the next run, once") {
  Cli k;
  CHECK(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  CHECK(k("2100-01-01T09:00:00Z", {"status"}).code == 0);  // a clock far ahead
  const Run back = k("2026-11-30T10:00:00Z", {"status", "--json"});
  CHECK(back.code == 0);
  CHECK(back.err.find("the clock was ahead") != std::string::npos);
  auto j = nlohmann::json::parse(back.out);
  CHECK(j["now"].get<std::string>().rfind("2026-11-30", 0) == 0);  // the real time again
  const Run next = k("2026-11-30T11:00:00Z", {"status"});
  CHECK(next.err.find("the clock was ahead") == std::string::npos);
}

TEST_CASE("cli journal: versions lists every version; restore-version adds one, removes none") {
  Cli k;
  REQUIRE(k("2026-11-30T09:00:00Z", {"begin"}).code == 0);
  REQUIRE(k("2026-11-30T09:00:00Z", {"journal", "add", "one"}).code == 0);
  REQUIRE(k("2026-11-30T10:00:00Z", {"journal", "edit", "1", "two"}).code == 0);
  Run v = k("2026-11-30T11:00:00Z", {"journal", "versions", "1", "--json"});
  REQUIRE(v.code == 0);
  auto jv = nlohmann::json::parse(v.out);
  REQUIRE(jv["versions"].size() == 2);
  CHECK(jv["versions"][0]["rev"] == 1);
  CHECK(jv["versions"][0]["text"] == "one");
  CHECK(jv["versions"][0]["current"] == false);
  CHECK(jv["versions"][1]["current"] == true);
  CHECK(jv["entry"]["id"] == 1);
  Run t = k("2026-11-30T11:00:00Z", {"journal", "versions", "1"});
  CHECK(t.out.find("(the text now)") != std::string::npos);
  Run r = k("2026-11-30T11:00:00Z", {"journal", "restore-version", "1", "1", "--json"});
  REQUIRE(r.code == 0);
  auto jr = nlohmann::json::parse(r.out);
  CHECK(jr["restored_from"] == 1);
  CHECK(jr["entry"]["text"] == "one");
  CHECK(jr["entry"]["revisions"] == 3);
  auto after =
      nlohmann::json::parse(k("2026-11-30T11:00:00Z", {"journal", "versions", "1", "--json"}).out);
  REQUIRE(after["versions"].size() == 3);
  CHECK(after["versions"][1]["text"] == "two");  // nothing removed
  // Refusals by code, exit 1, nothing written.
  auto code_of = [&](std::vector<std::string> args) {
    args.push_back("--json");
    Run x = k("2026-11-30T11:00:00Z", args);
    CHECK(x.code == 1);
    return nlohmann::json::parse(x.out)["error"]["code"].get<std::string>();
  };
  CHECK(code_of({"journal", "restore-version", "1", "3"}) == "R046");
  CHECK(code_of({"journal", "restore-version", "1", "9"}) == "R045");
  CHECK(code_of({"journal", "restore-version", "7", "1"}) == "R006");
  CHECK(code_of({"journal", "versions", "7"}) == "R006");
  REQUIRE(k("2026-11-30T11:00:00Z", {"journal", "delete", "1"}).code == 0);
  CHECK(code_of({"journal", "restore-version", "1", "2"}) == "R028");
  CHECK(nlohmann::json::parse(
            k("2026-11-30T11:00:00Z", {"journal", "versions", "1", "--json"}).out)["versions"]
            .size() == 3);
}

TEST_CASE("cli progress: pause and resume, with --json, status and the refusals' codes") {
  Cli k;
  REQUIRE(k("2026-01-05T10:00:00Z", {"begin"}).code == 0);
  REQUIRE(k("2026-01-05T10:01:00Z", {"start", "1"}).code == 0);
  REQUIRE(k("2026-01-05T10:02:00Z", {"move-on", "--reason", "busy"}).code == 0);
  Run p = k("2026-01-09T10:00:00Z", {"pause", "--reason", "resting for a while", "--json"});
  REQUIRE(p.code == 0);
  auto pj = nlohmann::json::parse(p.out);
  CHECK(pj["events"][0]["type"] == "course_paused");
  CHECK(pj["events"][0]["reason"] == "resting for a while");

  Run again = k("2026-01-10T10:00:00Z", {"pause", "--json"});
  CHECK(again.code == 1);
  CHECK(nlohmann::json::parse(again.out)["error"]["code"] == "R047");

  Run st = k("2026-01-14T10:00:00Z", {"status", "--json"});
  REQUIRE(st.code == 0);
  auto sj = nlohmann::json::parse(st.out);
  CHECK(sj["paused"] == true);
  CHECK(sj["paused_reason"] == "resting for a while");
  CHECK(sj["weeks"][1]["state"] == "locked");
  CHECK(sj["weeks"][1]["lock"]["gate"] == "paused");
  CHECK(sj["weeks"][1]["lock"]["wait_days_left"] == 3);
  Run text = k("2026-01-14T10:00:00Z", {"status"});
  CHECK(text.out.find("resting") != std::string::npos);

  REQUIRE(k("2026-01-16T10:00:00Z", {"resume"}).code == 0);
  Run after = k("2026-01-16T10:01:00Z", {"status", "--json"});
  auto aj = nlohmann::json::parse(after.out);
  CHECK(aj["paused"] == false);
  CHECK(aj["weeks"][1]["unlocks_at"] == "2026-01-19T00:00:00+00:00");
  Run not_paused = k("2026-01-16T10:02:00Z", {"resume", "--json"});
  CHECK(not_paused.code == 1);
  CHECK(nlohmann::json::parse(not_paused.out)["error"]["code"] == "R048");
}

TEST_CASE("cli progress: safety-plan shows the sections and crisis lines, set keeps the rest") {
  Cli k;
  Run empty = k("2026-03-02T21:00:00Z", {"safety-plan", "--json"});
  REQUIRE(empty.code == 0);
  auto ej = nlohmann::json::parse(empty.out);
  CHECK(ej["versions"] == 0);
  CHECK(ej["sections"].size() == 5);
  CHECK(ej["crisis_lines"].is_array());
  REQUIRE(
      k("2026-03-02T21:01:00Z", {"safety-plan", "set", "what_helps", "a walk; cold water"}).code ==
      0);
  REQUIRE(k("2026-03-02T21:02:00Z", {"safety-plan", "set", "warning_signs", "no sleep"}).code == 0);
  Run shown = k("2026-03-02T21:03:00Z", {"safety-plan", "--json"});
  auto sj = nlohmann::json::parse(shown.out);
  CHECK(sj["versions"] == 2);
  CHECK(sj["sections"][0]["text"] == "no sleep");
  CHECK(sj["sections"][1]["text"] == "a walk; cold water");
  Run text = k("2026-03-02T21:03:00Z", {"safety-plan"});
  CHECK(text.out.find("a walk; cold water") != std::string::npos);
  Run bad = k("2026-03-02T21:04:00Z", {"safety-plan", "set", "nope", "x"});
  CHECK(bad.code == 2);
  // The plan's words never appear in the history's text.
  Run hist = k("2026-03-02T21:05:00Z", {"history"});
  CHECK(hist.out.find("cold water") == std::string::npos);
  CHECK(hist.out.find("safety_plan_saved") != std::string::npos);
}
