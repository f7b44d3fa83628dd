// Full data export and import: canonical JSON, validation with paths, one-transaction import,
// and a byte-identical round trip (revisions, trash, non-ASCII text, distress values).
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "kindly/data_export.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kNonAscii = "Björk said «be gentle» — 心 🌱\n\"quoted\" \\ tab\there";

// A data folder with a bit of everything: practices with and without distress, a check-in,
// a reflection, an edited entry, a trashed one, and one removed for good (an id gap).
struct Filled {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;

  Filled() {
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE(r.ok());
    s = std::move(r.value());
    REQUIRE(s->apply(cmd::Begin{}).ok());
    tick();
    REQUIRE(s->apply(cmd::Start{"1"}).ok());
    tick();
    cmd::LogPractice a;
    a.practice = "breathing";
    a.minutes = 12;
    a.distress_before = 3;
    a.distress_after = 8;
    a.note = kNonAscii;
    REQUIRE(s->apply(a).ok());
    tick();
    cmd::LogPractice b;
    b.practice = "pause";
    b.minutes = 1;
    b.at = at("2026-11-30T09:05");  // back-dated: at differs from recorded_at
    b.distress_after = 0;
    auto logged = s->apply(b);
    REQUIRE_MESSAGE(logged.ok(), (logged.ok() ? "" : logged.error().message));
    tick();
    REQUIRE(s->apply(cmd::AnswerCheckin{"w1-checkin", {2, 4, 5}}).ok());
    tick();
    cmd::WriteEntry d;
    d.item = "w1-reflection";
    d.prompt = 1;
    d.text = "first words";
    auto e1 = s->apply(d);
    REQUIRE(e1.ok());
    tick();
    REQUIRE(s->apply(cmd::EditEntry{e1->entry->id, "second words", std::nullopt}).ok());
    tick();
    REQUIRE(s->apply(cmd::EditEntry{e1->entry->id, kNonAscii, std::nullopt}).ok());
    tick();
    cmd::WriteEntry gone;
    gone.text = "to be removed for good";
    auto e2 = s->apply(gone);
    REQUIRE(e2.ok());
    REQUIRE(s->apply(cmd::TrashEntry{e2->entry->id}).ok());
    REQUIRE(s->apply(cmd::EmptyTrash{true}).ok());
    tick();
    cmd::WriteEntry trashed;
    trashed.text = "in the trash, kept";
    auto e3 = s->apply(trashed);
    REQUIRE(e3.ok());
    tick();
    REQUIRE(s->apply(cmd::TrashEntry{e3->entry->id}).ok());
    tick();
    cmd::WriteEntry last;
    last.text = "a free entry";
    REQUIRE(s->apply(last).ok());
  }
  void tick() { clock->advance(std::chrono::minutes(7)); }
  std::string export_text() {
    return export_json(read_export(s->store(), course->id, course->version));
  }
};

std::string export_of(const fs::path& data_dir, const std::string& id, const std::string& ver) {
  auto store = Store::open(data_dir);
  REQUIRE(store.ok());
  return export_json(read_export(*store.value(), id, ver));
}

std::string error_of(const std::string& text) {
  auto r = parse_export(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Refused);
  return r.error().message;
}

}  // namespace

TEST_CASE("export: every event and journal entry, with revisions, trash and counters") {
  Filled f;
  const auto j = nlohmann::json::parse(f.export_text());
  CHECK(j["format"] == "kindly-export");
  CHECK(j["schema_version"] == 1);
  CHECK(j["course"]["id"] == "eight-weeks");
  CHECK(j["course"]["version"] == "1.0.0");
  REQUIRE(j["events"].size() == 6);  // begun, week started (+ item?) ... see below
  const auto& ev = j["events"];
  CHECK(ev[0]["type"] == "begun");
  CHECK(ev[0]["seq"] == 1);
  CHECK(ev[0]["at"] == "2026-11-30T09:00:00Z");
  const auto& practice = ev[2];
  CHECK(practice["type"] == "practice_logged");
  CHECK(practice["distress_before"] == 3);
  CHECK(practice["distress_after"] == 8);
  CHECK(practice["note"] == kNonAscii);
  CHECK(ev[3]["distress_before"].is_null());
  CHECK(ev[3]["distress_after"] == 0);
  CHECK(ev[3]["at"] == "2026-11-30T09:05:00Z");
  CHECK(ev[3]["recorded_at"] == "2026-11-30T09:21:00Z");
  CHECK(ev[4]["answers"] == nlohmann::json::array({2, 4, 5}));

  const auto& journal = j["journal"];
  REQUIRE(journal.size() == 3);  // entry 2 was removed for good
  CHECK(journal[0]["id"] == 1);
  CHECK(journal[0]["item"] == "w1-reflection");
  CHECK(journal[0]["prompt"] == 1);
  CHECK(journal[0]["text"] == kNonAscii);
  REQUIRE(journal[0]["revisions"].size() == 3);
  CHECK(journal[0]["revisions"][0]["text"] == "first words");
  CHECK(journal[0]["revisions"][1]["rev"] == 2);
  CHECK(journal[0]["deleted_at"].is_null());
  CHECK(journal[1]["id"] == 3);
  CHECK(journal[1]["deleted_at"].is_string());
  CHECK(journal[2]["id"] == 4);
  CHECK(j["sequences"]["journal_entries"] == 4);
  CHECK(j["sequences"]["events"] == 6);
}

TEST_CASE("export -> import into an empty folder -> export gives the same bytes") {
  Filled f;
  const std::string first = f.export_text();
  test::TempDir other;
  const fs::path fresh = other.path() / "new-data";
  auto parsed = parse_export(first);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  auto imported = import_data(fresh, parsed.value());
  REQUIRE_MESSAGE(imported.ok(), (imported.ok() ? "" : imported.error().message));
  CHECK(imported->events == 6);
  CHECK(imported->entries == 3);
  CHECK(imported->revisions == 5);
  CHECK(imported->trashed == 1);

  const std::string second = export_of(fresh, f.course->id, f.course->version);
  CHECK(second == first);

  // The imported folder is a working one: same progress, search works, and new ids never
  // reuse the id of the entry removed for good.
  auto again = Session::open(f.course, fresh, f.clock);
  REQUIRE(again.ok());
  REQUIRE(f.s->refresh().ok());
  CHECK(again.value()->progress() == f.s->progress());
  auto hits = again.value()->journal_search("gentle");
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK(hits->at(0).entry.id == 1);
  cmd::WriteEntry d;
  d.text = "after the import";
  auto added = again.value()->apply(d);
  REQUIRE(added.ok());
  CHECK(added->entry->id == 5);
  auto begun = again.value()->apply(cmd::Start{"1"});
  CHECK(begun.ok());
  auto history = again.value()->history();
  REQUIRE(history.ok());
  CHECK(history->size() == 6);
}

TEST_CASE("import: refuses a folder that already holds Kindly data, and writes nothing") {
  Filled f;
  const std::string text = f.export_text();
  auto r = import_data(f.dir.path() / "data", parse_export(text).value());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Refused);
  CHECK(r.error().message.find("already holds Kindly data") != std::string::npos);
  CHECK(f.export_text() == text);
  CHECK_FALSE(data_dir_is_empty(f.dir.path() / "data"));
}

TEST_CASE("import: an empty database and unrelated files count as empty") {
  TzScope tz("Europe/London");
  test::TempDir dir;
  CHECK(data_dir_is_empty(dir.path() / "nothing-here"));
  { REQUIRE(Store::open(dir.path()).ok()); }
  test::write_file(dir.path() / "settings.ini", "theme=dark\n");
  CHECK(data_dir_is_empty(dir.path()));
  DataExport d;
  d.kindly_version = KINDLY_VERSION;
  Event e;
  e.seq = 1;
  e.type = EventType::Begun;
  e.at = e.recorded_at = at("2026-11-30T09:00");
  e.course_id = "eight-weeks";
  d.events.push_back(e);
  d.events_sequence = 1;
  REQUIRE(import_data(dir.path(), d).ok());
  CHECK_FALSE(data_dir_is_empty(dir.path()));
}

TEST_CASE("import: a failure half-way leaves nothing behind") {
  TzScope tz("Europe/London");
  test::TempDir dir;
  DataExport d;
  for (int i = 1; i <= 3; ++i) {
    Event e;
    e.seq = i;
    e.type = EventType::PracticeLogged;
    e.at = e.recorded_at = at("2026-11-30T09:00");
    e.module = "week-1";
    e.practice = "breathing";
    e.minutes = 10;
    e.distress_after = i == 3 ? 11 : 5;  // the database's CHECK refuses the third
    d.events.push_back(e);
  }
  d.events_sequence = 3;
  const fs::path fresh = dir.path() / "fresh";
  auto r = import_data(fresh, d);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Data);
  CHECK(r.error().message.find("nothing was imported") != std::string::npos);
  CHECK_FALSE(fs::exists(fresh / "kindly.db"));  // created by the import, so removed again

  // Into an existing, empty database: it stays empty.
  const fs::path existing = dir.path() / "existing";
  { REQUIRE(Store::open(existing).ok()); }
  REQUIRE_FALSE(import_data(existing, d).ok());
  REQUIRE(fs::exists(existing / "kindly.db"));
  CHECK(data_dir_is_empty(existing));
}

TEST_CASE("import: problems are reported with what and where") {
  Filled f;
  const std::string good = f.export_text();

  // JSON syntax: the byte offset.
  std::string broken = good;
  const auto comma = broken.find(",\n  \"schema_version\"");
  REQUIRE(comma != std::string::npos);
  broken.erase(comma, 1);
  const std::string syntax = error_of(broken);
  INFO(syntax);
  // The byte offset is that of the last byte read: the end of the unexpected token.
  const std::size_t token_end = comma + std::string("\n  \"schema_version\"").size();
  CHECK(syntax.rfind(
            "not valid JSON at byte " + std::to_string(token_end) + ": parse error at line 3", 0) ==
        0);
  CHECK(error_of("").rfind("not valid JSON at byte 1", 0) == 0);
  // A number too large for a double is an error, not an exception (found by fuzz_import).
  CHECK(error_of("{\"on\": 1e999}") == "not valid JSON: number overflow parsing '1e999'");

  auto edit = [&](auto fn) {
    auto j = nlohmann::ordered_json::parse(good);
    fn(j);
    return error_of(j.dump());
  };
  CHECK(edit([](auto& j) { j["events"][3].erase("type"); }) == "$.events[3].type: missing field");
  CHECK(edit([](auto& j) { j["events"][2]["minutes"] = "12"; }) ==
        "$.events[2].minutes: expected an integer, found a string");
  CHECK(edit([](auto& j) { j["events"][1]["type"] = "teleported"; }) ==
        "$.events[1].type: unknown event type \"teleported\"");
  CHECK(edit([](auto& j) { j["events"][2]["distress_after"] = 12; }) ==
        "$.events[2].distress_after: distress must be 0..10 or null, found 12");
  CHECK(edit([](auto& j) { j["events"][2]["seq"] = 1; }) ==
        "$.events[2].seq: seq must increase from event to event (from 1)");
  CHECK(edit([](auto& j) { j["events"][0]["at"] = "2026-11-30T09:00"; }) ==
        "$.events[0].at: expected a UTC time like 2026-12-01T09:30:00Z, found "
        "\"2026-11-30T09:00\"");
  CHECK(edit([](auto& j) { j["journal"][0]["revisions"][1].erase("saved_at"); }) ==
        "$.journal[0].revisions[1].saved_at: missing field");
  CHECK(edit([](auto& j) { j["journal"][0]["revisions"] = nlohmann::json::array(); }) ==
        "$.journal[0].revisions: an entry has at least one revision");
  CHECK(edit([](auto& j) { j["journal"][2]["id"] = 3; }) ==
        "$.journal[2].id: ids must increase from entry to entry");
  // Schema 2 (an export with recordings) is read now; the next one is not.
  CHECK(edit([](auto& j) { j["schema_version"] = 3; }) ==
        "$.schema_version: written by a newer Kindly (schema 3); this Kindly reads up to 2");
  CHECK(edit([](auto& j) { j["format"] = "something-else"; }) ==
        "$.format: not a Kindly export (expected \"kindly-export\")");
  CHECK(edit([](auto& j) { j["sequences"]["events"] = 2; }) ==
        "$.sequences.events: is lower than the largest seq (6)");
  CHECK(edit([](auto& j) { j["events"] = nlohmann::json::object(); }) ==
        "$.events: expected an array, found an object");
  CHECK(error_of("[1, 2]") == "$: expected an object, found an array");
}

TEST_CASE("import_file: the file name leads the message; nothing is written on failure") {
  TzScope tz("Europe/London");
  test::TempDir dir;
  const fs::path file = dir.path() / "export.json";
  test::write_file(file, "{\"format\": \"kindly-export\"}");
  auto r = import_file(dir.path() / "data", file);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == file.string() + ": $.schema_version: missing field");
  CHECK_FALSE(fs::exists(dir.path() / "data"));
  auto missing = import_file(dir.path() / "data", dir.path() / "nope.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("no such file") != std::string::npos);
}

TEST_CASE("export fixture: tests/data/export/sample.json imports and exports back byte for byte") {
  TzScope tz("Pacific/Auckland");  // the fixture's times are UTC: the zone must not matter
  const std::string text = slurp(std::string(KINDLY_TEST_DATA) + "/export/sample.json");
  auto parsed = parse_export(text);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  test::TempDir dir;
  REQUIRE(import_data(dir.path(), parsed.value()).ok());
  auto store = Store::open(dir.path());
  REQUIRE(store.ok());
  DataExport back = read_export(*store.value(), parsed->course_id, parsed->course_version);
  back.kindly_version = parsed->kindly_version;
  CHECK(export_json(back) == text);
}

TEST_CASE("export: one consistent snapshot while another connection writes") {
  TzScope tz("Europe/London");
  test::TempDir dir;
  auto course = test::fixture_course();
  auto clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  auto writer = Session::open(course, dir.path(), clock);
  REQUIRE(writer.ok());
  REQUIRE(writer.value()->apply(cmd::Begin{}).ok());
  auto reader = Store::open(dir.path());  // the exporting side: its own connection
  REQUIRE(reader.ok());
  // Each reflection adds a journal entry and its `reflected` event in one transaction, so in
  // any consistent snapshot the two counts are equal.
  std::atomic<bool> done{false};
  std::thread t([&] {
    for (int i = 0; i < 60; ++i) {
      cmd::WriteEntry d;
      d.item = "w1-reflection";
      d.text = "entry " + std::to_string(i);
      if (!writer.value()->apply(d).ok()) break;
    }
    done = true;
  });
  int exports = 0, mismatches = 0;
  while (!done || exports == 0) {
    const DataExport d = read_export(*reader.value(), course->id, course->version);
    const auto reflected = std::count_if(d.events.begin(), d.events.end(), [](const Event& e) {
      return e.type == EventType::Reflected;
    });
    if (reflected != static_cast<std::ptrdiff_t>(d.journal.size())) ++mismatches;
    ++exports;
  }
  t.join();
  CHECK(mismatches == 0);
  CHECK(exports > 0);
  const DataExport last = read_export(*reader.value(), course->id, course->version);
  CHECK(last.journal.size() == 60);
}

// ---- issue 12 item 6: whatever Kindly exports it can import; hostile files stay cheap ---------

namespace {

bool refused(const std::string& text) {
  auto r = parse_export(text);
  return !r.ok() && r.error().kind == ErrorKind::Refused;
}

}  // namespace

TEST_CASE("import: a NUL byte or anything after the JSON value is refused") {
  Filled f;
  const std::string good = f.export_text();
  REQUIRE(parse_export(good).ok());
  // nlohmann's lexer takes NUL for the end of input: this imported with exit 0.
  CHECK(refused(good + std::string("\0garbage", 8)));
  CHECK(refused(good + std::string(1, '\0')));
  CHECK(refused(good + "garbage"));
  CHECK(refused(good + "{}"));
  CHECK(parse_export(good + "\n  \n").ok());  // trailing white space is JSON
}

TEST_CASE("import: ids beyond a sane maximum are refused") {
  Filled f;
  const std::string good = f.export_text();
  auto with = [&](auto fn) {
    auto j = nlohmann::ordered_json::parse(good);
    fn(j);
    return j.dump();
  };
  const std::int64_t huge = INT64_MAX;  // every later write then failed as "disk full"
  CHECK(refused(with([&](auto& j) { j["sequences"]["events"] = huge; })));
  CHECK(refused(with([&](auto& j) { j["sequences"]["journal_entries"] = huge; })));
  CHECK(refused(with([&](auto& j) {
    j["events"].back()["seq"] = huge;
    j["sequences"]["events"] = huge;
  })));
  CHECK(refused(with([&](auto& j) { j["events"][0]["entry_id"] = huge; })));
  CHECK(refused(with([&](auto& j) {
    j["journal"].back()["id"] = kMaxImportId + 1;
    j["sequences"]["journal_entries"] = kMaxImportId + 1;
  })));
  CHECK(parse_export(with([&](auto& j) { j["sequences"]["events"] = kMaxImportId; })).ok());
}

TEST_CASE("import: deep nesting and long arrays are refused early, unknown fields dropped") {
  Filled f;
  const std::string good = f.export_text();
  auto j = nlohmann::ordered_json::parse(good);
  // 10^6 levels of nesting in a field import ignores (3*10^7 took 8 s and 2.3 GB).
  std::string deep = good;
  const auto brace = deep.find('{');
  deep.insert(brace + 1,
              "\"ignored\": " + std::string(1000000, '[') + std::string(1000000, ']') + ",");
  CHECK(refused(deep));
  std::string answers = good;
  const auto at = answers.find("\"answers\": [");
  REQUIRE(at != std::string::npos);
  std::string many;
  for (std::size_t i = 0; i <= kMaxImportArray; ++i) many += "1,";
  answers.insert(at + std::string("\"answers\": [").size(), many);
  CHECK(refused(answers));
  // An unknown field, even a large one, is no problem: it is not kept.
  j["notes_from_another_tool"] = nlohmann::ordered_json::array({1, 2, 3});
  j["events"][0]["extra"] = std::string(1000, 'x');
  CHECK(parse_export(j.dump()).ok());
}
