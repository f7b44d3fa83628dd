// Purging while the app still has the database open (the GUI case): after Journal's
// empty_trash, an entry's words (current text, revisions, search index) are in none of the
// data folder's files, even though a second connection keeps the WAL from being removed.
// The CLI-level test (tests/cli/test_privacy.cpp) covers the case where the last process
// closes; this one needs the WAL checkpoint (TRUNCATE) that empty_trash now runs.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>

#include "kindly/journal.h"
#include "kindly/store.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

namespace {

std::string all_bytes(const fs::path& dir) {
  std::string all;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), {});
  }
  return all;
}

}  // namespace

TEST_CASE(
    "privacy: empty_trash leaves no word of the entry in kindly.db or its WAL, with the app open") {
  test::TempDir tmp;
  auto r = Store::open(tmp.path());
  REQUIRE(r.ok());
  Store& store = *r.value();
  // Another reader (the app's second window, a script) keeps the WAL alive.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((tmp.path() / "kindly.db").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "SELECT count(*) FROM events", nullptr, nullptr, nullptr) ==
          SQLITE_OK);

  Journal j(store);
  const TimePoint now = from_unix(1796029200);
  j.add({"", 0, "", 0, "a kept entry about tea"}, now);
  auto e = j.add({"", 0, "", 0, "the gloxinia whispered to the periwinkleboat"}, now);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(j.edit(e.id, "draft " + std::to_string(i) + " of the thundermoss ballad", now));
  }
  CHECK(all_bytes(tmp.path()).find("thundermoss") != std::string::npos);
  REQUIRE(j.trash(e.id, now));
  CHECK(j.empty_trash() == 1);

  const std::string bytes = all_bytes(tmp.path());
  for (const char* w : {"gloxinia", "periwinkleboat", "thundermoss", "ballad"}) {
    CAPTURE(w);
    CHECK(bytes.find(w) == std::string::npos);
  }
  CHECK(j.revisions(e.id).empty());
  CHECK(j.search("thundermoss").empty());
  CHECK(j.search("tea").size() == 1);
  CHECK(fs::file_size(tmp.path() / "kindly.db-wal") == 0);
  sqlite3_close(other);
}
