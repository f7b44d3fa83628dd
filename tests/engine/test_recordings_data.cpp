// The user's recordings in the backup and the full export (data_ops.h): round trips byte for
// byte, restore moves the old recordings aside, and hostile exports (wrong ids, traversal
// names, huge sizes, missing files) are refused with nothing written.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "kindly/data_ops.h"
#include "kindly/journal.h"
#include "kindly/recordings.h"
#include "kindly/store.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;
namespace fs = std::filesystem;

namespace {

std::string voice(char seed, std::size_t n = 50000) {
  std::string s;
  s.reserve(n);
  for (std::size_t i = 0; i < n; ++i) s.push_back(char((i * 31 + std::size_t(seed)) % 256));
  return s;
}

// A data folder with one journal entry and two recordings.
void make_data(const fs::path& dir) {
  auto store = Store::open(dir);
  REQUIRE(store.ok());
  Journal j(*store.value());
  NewJournalEntry n;
  n.text = "an entry";
  j.add(n, at("2026-12-01T09:00:00Z"));
  REQUIRE(save_recording(dir, "affectionate-breathing", 1, voice('a')).ok());
  REQUIRE(save_recording(dir, "self-compassion-break", 3, voice('b'), "ogg").ok());
}

void check_same_recordings(const fs::path& a, const fs::path& b) {
  const auto ra = list_recordings(a), rb = list_recordings(b);
  REQUIRE(ra.size() == rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CHECK(ra[i].practice_id == rb[i].practice_id);
    CHECK(ra[i].step == rb[i].step);
    CHECK(ra[i].extension == rb[i].extension);
    CHECK(test::read_file(ra[i].path) == test::read_file(rb[i].path));
    struct stat st {};
    REQUIRE(::stat(rb[i].path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

}  // namespace

TEST_CASE("recordings data: backup and restore keep the recordings byte for byte") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  make_data(dir);
  const fs::path backup = tmp.path() / "backup.db";
  auto b = data_ops::backup_to(dir, backup);
  REQUIRE_MESSAGE(b.ok(), (b.ok() ? "" : b.error().message));
  CHECK(b.value().recordings == 2);
  CHECK(fs::is_directory(recordings_beside(backup)));

  // Restored into a new folder: the database and the recordings.
  const fs::path fresh = tmp.path() / "fresh";
  auto r = data_ops::restore_from(fresh, backup);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r.value().recordings == 2);
  CHECK(r.value().recordings_moved_aside.empty());
  check_same_recordings(dir, fresh);

  // Restored over a folder with other recordings: those are moved aside, not deleted.
  REQUIRE(save_recording(dir, "affectionate-breathing", 1, "a newer take").ok());
  REQUIRE(save_recording(dir, "soften-soothe-allow", 2, "another").ok());
  auto again = data_ops::restore_from(dir, backup);
  REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
  CHECK(again.value().recordings == 2);
  const fs::path aside = again.value().recordings_moved_aside;
  REQUIRE_FALSE(aside.empty());
  CHECK(test::read_file(aside / "affectionate-breathing" / "step-01.wav") == "a newer take");
  CHECK(test::read_file(aside / "soften-soothe-allow" / "step-02.wav") == "another");
  check_same_recordings(fresh, dir);
  CHECK_FALSE(find_recording(dir, "soften-soothe-allow", 2));

  // A later backup with no recordings leaves no stale copy beside it.
  const fs::path empty_dir = tmp.path() / "empty";
  { REQUIRE(Store::open(empty_dir).ok()); }
  REQUIRE(data_ops::backup_to(empty_dir, backup).ok());
  CHECK_FALSE(fs::exists(recordings_beside(backup)));
}

TEST_CASE("recordings data: export and import keep the recordings byte for byte") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  make_data(dir);
  const fs::path out = tmp.path() / "export.json";
  auto e = data_ops::export_full(dir, out);
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
  CHECK(e.value().recordings == 2);
  CHECK(e.value().recordings_folder == recordings_beside(out));
  const std::string json = test::read_file(out);
  CHECK(json.find("\"schema_version\": 2") != std::string::npos);
  CHECK(json.find("\"file\": \"self-compassion-break/step-03.ogg\"") != std::string::npos);

  const fs::path copy = tmp.path() / "copy";
  auto i = data_ops::import_full(copy, out);
  REQUIRE_MESSAGE(i.ok(), (i.ok() ? "" : i.error().message));
  CHECK(i.value().recordings == 2);
  CHECK(i.value().entries == 1);
  check_same_recordings(dir, copy);

  // Export of the copy: the same bytes.
  const fs::path out2 = tmp.path() / "export2.json";
  REQUIRE(data_ops::export_full(copy, out2).ok());
  CHECK(test::read_file(out2) == json);

  // No recordings: schema 1, no field, no folder (the same bytes as before recordings).
  const fs::path plain = tmp.path() / "plain";
  { REQUIRE(Store::open(plain).ok()); }
  const fs::path out3 = tmp.path() / "plain.json";
  REQUIRE(data_ops::export_full(plain, out3).ok());
  CHECK(test::read_file(out3).find("recordings") == std::string::npos);
  CHECK(test::read_file(out3).find("\"schema_version\": 1") != std::string::npos);
  CHECK_FALSE(fs::exists(recordings_beside(out3)));
}

namespace {

// An export of an empty log whose recordings field is `recs`, and its folder holding `files`.
fs::path hostile(const fs::path& tmp, const std::string& recs) {
  const fs::path p = tmp / "hostile.json";
  test::write_file(p, R"({"format": "kindly-export", "schema_version": 2, "kindly_version": "0",
"course": {"id": "", "version": ""}, "sequences": {"events": 0, "journal_entries": 0},
"events": [], "journal": [], "recordings": )" +
                          recs + "}\n");
  return p;
}

std::string rec(const std::string& practice, const std::string& step, const std::string& file,
                const std::string& bytes) {
  return R"({"practice": ")" + practice + R"(", "step": )" + step + R"(, "file": ")" + file +
         R"(", "bytes": )" + bytes + "}";
}

}  // namespace

TEST_CASE("recordings data: hostile exports are refused and nothing is written") {
  test::TempDir tmp;
  const fs::path tree = tmp.path() / "hostile.json.recordings";
  fs::create_directories(tree / "p");
  test::write_file(tree / "p" / "step-01.wav", "12345");
  test::write_file(tmp.path() / "outside.wav", "12345");
  const std::string too_big = std::to_string(kMaxRecordingBytes + 1);
  std::string many = "[";
  for (std::size_t n = 0; n <= kMaxImportArray; ++n)
    many += (n ? ", " : "") +
            rec("p" + std::to_string(n), "1", "p" + std::to_string(n) + "/step-01.wav", "5");
  many += "]";
  // Over the count: refused while parsing, before any file is looked for.
  {
    auto r = data_ops::import_full(tmp.path() / "data", hostile(tmp.path(), many));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == RefusalCode::NotAnExport);
  }
  const std::string cases[] = {
      "[" + rec("../p", "1", "../p/step-01.wav", "5") + "]",  // traversal id
      "[" + rec("P", "1", "P/step-01.wav", "5") + "]",        // not an id
      "[" + rec("p", "1", "../outside.wav", "5") + "]",       // traversal name
      "[" + rec("p", "1", "p/../../outside.wav", "5") + "]",  // traversal inside
      "[" + rec("p", "1", "/etc/passwd", "5") + "]",          // absolute
      "[" + rec("p", "1", "p/step-01.mp3", "5") + "]",        // not a format
      "[" + rec("p", "0", "p/step-00.wav", "5") + "]",        // no step 0
      "[" + rec("p", "1", "p/step-01.wav", too_big) + "]",    // huge
      "[" + rec("p", "1", "p/step-01.wav", "-1") + "]",       // negative
      "[" + rec("p", "1", "p/step-01.wav", "6") + "]",        // size differs
      "[" + rec("p", "2", "p/step-02.wav", "5") + "]",        // file missing
      "[" + rec("p", "1", "p/step-01.wav", "5") + ", " + rec("p", "1", "p/step-01.wav", "5") +
          "]",  // twice
      many,     // more than any course has steps
      "{}",     // not an array
  };
  for (const auto& c : cases) {
    CAPTURE(c.substr(0, 120));
    const fs::path file = hostile(tmp.path(), c);
    const fs::path data = tmp.path() / "data";
    auto r = data_ops::import_full(data, file);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Refused);
    CHECK(
        (r.error().code == RefusalCode::NotAnExport || r.error().code == RefusalCode::NoSuchFile));
    CHECK_FALSE(fs::exists(data / "kindly.db"));
    CHECK(list_recordings(data).empty());
    CHECK(test::read_file(tmp.path() / "outside.wav") == "12345");
  }
  // A symbolic link where a recording should be is not followed.
  fs::remove(tree / "p" / "step-01.wav");
  fs::create_symlink(tmp.path() / "outside.wav", tree / "p" / "step-01.wav");
  auto linked = data_ops::import_full(
      tmp.path() / "data", hostile(tmp.path(), "[" + rec("p", "1", "p/step-01.wav", "5") + "]"));
  REQUIRE_FALSE(linked.ok());
  CHECK(linked.error().code == RefusalCode::NoSuchFile);

  // The good one imports; into a folder that has recordings already, it is refused.
  fs::remove(tree / "p" / "step-01.wav");
  test::write_file(tree / "p" / "step-01.wav", "12345");
  const fs::path good = hostile(tmp.path(), "[" + rec("p", "1", "p/step-01.wav", "5") + "]");
  const fs::path busy = tmp.path() / "busy";
  REQUIRE(save_recording(busy, "q", 1, "mine").ok() == false);  // no data folder yet
  fs::create_directories(busy);
  REQUIRE(save_recording(busy, "q", 1, "mine").ok());
  auto refused = data_ops::import_full(busy, good);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == RefusalCode::DataFolderNotEmpty);
  CHECK_FALSE(fs::exists(busy / "kindly.db"));
  auto ok = data_ops::import_full(tmp.path() / "data", good);
  REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error().message));
  CHECK(test::read_file(*find_recording(tmp.path() / "data", "p", 1)) == "12345");
}

// The data folder's permission check (store.cpp) made a folder private only when it held
// nothing but Kindly's files; the recordings folder made it "shared", so a data folder left
// 0755 with the user's voice in it stayed readable by others.
TEST_CASE("recordings data: a data folder others can read is made private, recordings and all") {
  test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  make_data(dir);
  ::chmod(dir.c_str(), 0755);
  ::chmod(recordings_dir(dir).c_str(), 0755);
  { REQUIRE(Store::open(dir).ok()); }
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat(recordings_dir(dir).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}
