// `kindly export`, `kindly import`, `kindly backup` through the CLI's entry point: files,
// exit codes and messages.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "in_process.h"
#include "kindly/loader.h"
#include "kindly/session.h"

namespace fs = std::filesystem;
using namespace kindly;

namespace {

using Run = kindly_test::CliRun;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kCourse = std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks";
const char* const kNow = "2026-12-02T20:00:00Z";

class Tmp {
 public:
  Tmp() {
    std::string t = (fs::temp_directory_path() / "kindly-cli-data-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~Tmp() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

// A data folder with practice, a check-in and two journal entries (ids 1 and 2).
struct Data {
  Tmp tmp;
  fs::path dir = tmp.path / "data";
  Data() {
    auto loaded = load_course(kCourse);
    REQUIRE(loaded.course);
    auto clock = std::make_shared<FixedClock>(*parse_time("2026-11-30T09:00:00Z"));
    auto s = Session::open(loaded.course, dir, clock);
    REQUIRE(s.ok());
    Session& se = *s.value();
    REQUIRE(se.apply(cmd::Begin{}).ok());
    clock->set(*parse_time("2026-11-30T10:00:00Z"));
    cmd::LogPractice log;
    log.practice = "breathing";
    log.minutes = 14;
    log.distress_before = 6;
    log.distress_after = 2;
    REQUIRE(se.apply(log).ok());
    REQUIRE(se.apply(cmd::AnswerCheckin{"w1-checkin", {3, 3, 3}}).ok());
    cmd::WriteEntry a;
    a.item = "w1-reflection";
    a.text = "Shared words — «ça»";
    REQUIRE(se.apply(a).ok());
    cmd::WriteEntry b;
    b.text = "Private words";
    REQUIRE(se.apply(b).ok());
  }
  std::vector<std::string> base() const {
    return {"--course", kCourse, "--data-dir", dir.string(), "--now", kNow};
  }
  Run run(std::vector<std::string> args) const {
    auto a = base();
    a.insert(a.end(), args.begin(), args.end());
    return kindly_test::run_in_process(a);
  }
};

}  // namespace

TEST_CASE("cli export json -> import -> export gives the same file") {
  Data d;
  const fs::path first = d.tmp.path / "export.json";
  Run e = d.run({"export", "--format", "json", "--out", first.string()});
  INFO(e.err);
  REQUIRE(e.code == 0);
  CHECK(e.out ==
        "Wrote the full export (4 events, 2 journal entries) to " + first.string() + ".\n");
  const auto j = nlohmann::json::parse(slurp(first));
  CHECK(j["events"].size() == 4);
  CHECK(j["journal"][0]["text"] == "Shared words — «ça»");
  CHECK((fs::status(first).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));

  const fs::path fresh = d.tmp.path / "fresh";
  Run i = kindly_test::run_in_process(
      {"--course", kCourse, "--data-dir", fresh.string(), "import", first.string()});
  INFO(i.err);
  REQUIRE(i.code == 0);
  CHECK(i.out == "Imported 4 events and 2 journal entries (2 revisions, 0 in the trash) into " +
                     fresh.string() + ".\n");
  // Into a folder used with another course: imported, with a note.
  Run other = kindly_test::run_in_process({"--course", std::string(KINDLY_TEST_DATA) + "/good/tiny",
                                           "--data-dir", (d.tmp.path / "other").string(), "import",
                                           first.string()});
  CHECK(other.code == 0);
  CHECK(other.out.find("Note: the export was made with the course 'eight-weeks'") !=
        std::string::npos);
  const fs::path second = d.tmp.path / "again.json";
  Run e2 = kindly_test::run_in_process({"--course", kCourse, "--data-dir", fresh.string(), "--now",
                                        kNow, "export", "--out",
                                        second.string()});  // format from the extension
  REQUIRE(e2.code == 0);
  CHECK(slurp(second) == slurp(first));
}

TEST_CASE("cli import refuses a folder with data, and a broken file, with exit 1") {
  Data d;
  const fs::path file = d.tmp.path / "export.json";
  REQUIRE(d.run({"export", "--out", file.string()}).code == 0);
  Run again = d.run({"import", file.string()});
  CHECK(again.code == 1);
  CHECK(again.err.find("already holds Kindly data; import only into an empty data folder") !=
        std::string::npos);

  const fs::path broken = d.tmp.path / "broken.json";
  { std::ofstream(broken) << "{\"format\": \"kindly-export\", \"schema_version\": 1,,}"; }
  const fs::path fresh = d.tmp.path / "fresh";
  Run b = kindly_test::run_in_process({"--data-dir", fresh.string(), "import", broken.string()});
  CHECK(b.code == 1);
  CHECK(b.err.find(broken.string() + ": not valid JSON at byte 49") != std::string::npos);
  CHECK(b.err.find("nothing was imported") != std::string::npos);
  CHECK_FALSE(fs::exists(fresh / "kindly.db"));

  Run json = kindly_test::run_in_process(
      {"--json", "--data-dir", fresh.string(), "import", broken.string()});
  CHECK(json.code == 1);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["ok"] == false);
  CHECK(j["error"]["kind"] == "refused");
}

TEST_CASE("cli export md/html: only the entries asked for") {
  Data d;
  const fs::path md = d.tmp.path / "report.md";
  Run r = d.run({"export", "--format", "md", "--out", md.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out == "Wrote the Markdown report (no reflections included) to " + md.string() + ".\n");
  std::string text = slurp(md);
  CHECK(text.rfind("# Practice summary: Eight Test Weeks", 0) == 0);
  CHECK(text.find("| 1 | Week 1 | 14 | 0 | 1 | ") != std::string::npos);
  CHECK(text.find("Shared words") == std::string::npos);

  const fs::path html = d.tmp.path / "report.html";
  Run h = d.run({"export", "--format", "html", "--out", html.string(), "--include-entries", "1"});
  REQUIRE(h.code == 0);
  CHECK(h.out == "Wrote the HTML report (with 1 reflection) to " + html.string() + ".\n");
  text = slurp(html);
  CHECK(text.find("Shared words — «ça»") != std::string::npos);
  CHECK(text.find("Private words") == std::string::npos);

  Run out = d.run({"export", "--format", "md", "--out", "-", "--include-entries", "2"});
  REQUIRE(out.code == 0);
  CHECK(out.out.find("> Private words") != std::string::npos);

  Run missing = d.run({"export", "--format", "md", "--out", "-", "--include-entries", "9"});
  CHECK(missing.code == 1);
  CHECK(missing.err == "kindly: there is no journal entry 9\n");
}

TEST_CASE("cli export: usage problems exit 2") {
  Data d;
  CHECK(d.run({"export", "--out", (d.tmp.path / "x.txt").string()}).code == 2);
  CHECK(d.run({"export", "--format", "pdf", "--out", "-"}).code == 2);
  CHECK(d.run({"export", "--format", "json", "--out", "-", "--include-entries", "1"}).code == 2);
  CHECK(d.run({"export", "--format", "md", "--out", "-", "--include-entries", "a,b"}).code == 2);
  CHECK(d.run({"export", "--format", "md"}).code == 2);  // --out is required
  CHECK(d.run({"import"}).code == 2);
}

TEST_CASE("cli export into a folder that does not exist is refused, exit 1") {
  Data d;
  const fs::path out = d.tmp.path / "no-such-folder" / "report.md";
  Run r = d.run({"export", "--out", out.string()});
  CHECK(r.code == 1);
  CHECK(r.err.find("cannot write " + out.string()) != std::string::npos);
  CHECK(r.err.find("nothing was written") != std::string::npos);
}

TEST_CASE("cli export with no data folder says so") {
  Tmp t;
  Run r =
      kindly_test::run_in_process({"--course", kCourse, "--data-dir", (t.path / "none").string(),
                                   "export", "--format", "json", "--out", "-"});
  CHECK(r.code == 1);
  CHECK(r.err.find("there is no Kindly data in") != std::string::npos);
  CHECK_FALSE(fs::exists(t.path / "none"));
}

TEST_CASE("cli backup writes a database with the same data") {
  Data d;
  const fs::path out = d.tmp.path / "kindly-backup.db";
  Run r = d.run({"backup", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("(4 events, 2 journal entries)") != std::string::npos);
  // Restore it into a folder and export both: same bytes.
  const fs::path restored = d.tmp.path / "restored";
  fs::create_directories(restored);
  fs::copy_file(out, restored / "kindly.db");
  Run a = d.run({"export", "--format", "json", "--out", "-"});
  Run b = kindly_test::run_in_process({"--course", kCourse, "--data-dir", restored.string(),
                                       "export", "--format", "json", "--out", "-"});
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  CHECK(a.out == b.out);

  Run over = d.run({"backup", "--out", (d.dir / "kindly.db").string()});
  CHECK(over.code == 1);
  Run none = kindly_test::run_in_process({"--data-dir", (d.tmp.path / "none").string(), "backup",
                                          "--out", (d.tmp.path / "b.db").string()});
  CHECK(none.code == 3);
}

TEST_CASE("cli restore puts a backup in place and keeps the database it replaces") {
  Data d;
  const fs::path backup = d.tmp.path / "kindly-backup.db";
  REQUIRE(d.run({"backup", "--out", backup.string()}).code == 0);
  REQUIRE(d.run({"journal", "add", "written after the backup"}).code == 0);

  // Refused, exit 1, nothing changed: a file that is not a Kindly database, a missing file,
  // the live database itself.
  const fs::path junk = d.tmp.path / "junk.db";
  std::ofstream(junk) << "not a database";
  const std::string before = slurp(d.dir / "kindly.db");
  CHECK(d.run({"restore", junk.string()}).code == 1);
  CHECK(d.run({"restore", (d.tmp.path / "missing.db").string()}).code == 1);
  CHECK(d.run({"restore", (d.dir / "kindly.db").string()}).code == 1);
  CHECK(slurp(d.dir / "kindly.db") == before);
  CHECK(d.run({"restore"}).code == 2);  // BACKUP is required

  Run r = d.run({"--json", "restore", backup.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["journal_entries"] == 2);
  REQUIRE(j["moved_aside"].size() >= 1);
  const fs::path aside = j["moved_aside"][0].get<std::string>();
  CHECK(slurp(aside) == before);  // the replaced database, byte for byte
  Run list = d.run({"journal", "list"});
  CHECK(list.code == 0);
  CHECK(list.out.find("written after the backup") == std::string::npos);
  CHECK(list.out.find("Private words") != std::string::npos);
}
