// The recordings folder (recordings.h): names, atomic saves, modes, traversal refused, listing,
// removal.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "kindly/atomic_file.h"
#include "kindly/recordings.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

namespace {

int mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return int(st.st_mode & 0777);
}

int files_in(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

std::string binary_bytes() {
  std::string s;
  for (int i = 0; i < 4096; ++i) s.push_back(char(i * 7 % 256));  // every byte value, NULs too
  return s;
}

}  // namespace

TEST_CASE("recordings: names are canonical both ways") {
  CHECK(recording_file_name(1, "wav") == "step-01.wav");
  CHECK(recording_file_name(12, "ogg") == "step-12.ogg");
  CHECK(recording_file_name(100, "flac") == "step-100.flac");
  CHECK(recording_file_name(0, "wav").empty());
  CHECK(recording_file_name(1000, "wav").empty());
  CHECK(recording_file_name(1, "mp3").empty());
  CHECK(parse_recording_file_name("step-07.wav") == std::make_pair(7, std::string("wav")));
  CHECK_FALSE(parse_recording_file_name("step-7.wav"));
  CHECK_FALSE(parse_recording_file_name("step-007.wav"));
  CHECK_FALSE(parse_recording_file_name("step-07.WAV"));
  CHECK_FALSE(parse_recording_file_name(".step-07.wav.tmp-abcdef"));
  CHECK_FALSE(parse_recording_file_name("step-00.wav"));
}

TEST_CASE("recordings: save is atomic, 0600 in 0700 folders, found and listed") {
  test::TempDir data;
  const std::string bytes = binary_bytes();
  auto saved = save_recording(data.path(), "self-compassion-break", 2, bytes);
  REQUIRE(saved.ok());
  const fs::path expect = data.path() / "recordings" / "self-compassion-break" / "step-02.wav";
  CHECK(saved->path == expect);
  CHECK(saved->bytes == std::int64_t(bytes.size()));
  CHECK(test::read_file(expect) == bytes);
  CHECK(mode_of(expect) == 0600);
  CHECK(mode_of(data.path() / "recordings") == 0700);
  CHECK(mode_of(expect.parent_path()) == 0700);
  CHECK(files_in(expect.parent_path()) == 1);  // no temp file left

  CHECK(find_recording(data.path(), "self-compassion-break", 2) == expect);
  CHECK_FALSE(find_recording(data.path(), "self-compassion-break", 1));
  CHECK_FALSE(find_recording(data.path(), "other", 2));

  REQUIRE(save_recording(data.path(), "affectionate-breathing", 1, "x", "ogg").ok());
  auto all = list_recordings(data.path());
  REQUIRE(all.size() == 2);
  CHECK(all[0].practice_id == "affectionate-breathing");
  CHECK(all[0].extension == "ogg");
  CHECK(all[1].practice_id == "self-compassion-break");
  CHECK(all[1].step == 2);
  CHECK(list_recordings(data.path(), "affectionate-breathing").size() == 1);
}

TEST_CASE("recordings: a save that dies leaves the previous recording whole") {
  // The atomic write underneath is tested step by step in test_atomic_file.cpp; here: a second
  // save replaces the first, and one with another extension removes the old one.
  test::TempDir data;
  REQUIRE(save_recording(data.path(), "p", 1, "first").ok());
  REQUIRE(save_recording(data.path(), "p", 1, "second").ok());
  CHECK(test::read_file(*find_recording(data.path(), "p", 1)) == "second");
  REQUIRE(save_recording(data.path(), "p", 1, "third", "flac").ok());
  CHECK(find_recording(data.path(), "p", 1)->filename() == "step-01.flac");
  CHECK(list_recordings(data.path(), "p").size() == 1);
}

TEST_CASE("recordings: ids and steps that could leave the folder are refused, nothing written") {
  test::TempDir data;
  for (const char* id : {"../x", "..", ".", "a/b", "", "A", "p\\q", "p q", "p\n", "/etc",
                         "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde"}) {
    CAPTURE(id);
    auto r = save_recording(data.path(), id, 1, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == RefusalCode::NoSuchPractice);
    CHECK_FALSE(find_recording(data.path(), id, 1));
    CHECK_FALSE(remove_recording(data.path(), id, 1).ok());
    CHECK_FALSE(remove_all_recordings(data.path(), id).ok());
  }
  for (int step : {0, -1, 1000}) {
    auto r = save_recording(data.path(), "p", step, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == RefusalCode::NoSuchPractice);
  }
  for (const char* ext : {"mp3", "../wav", "WAV", ""}) {
    auto r = save_recording(data.path(), "p", 1, "x", ext);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == RefusalCode::NoSuchPractice);
  }
  CHECK_FALSE(fs::exists(data.path() / "recordings"));
}

TEST_CASE("recordings: symbolic links are never followed or listed") {
  test::TempDir data, elsewhere;
  test::write_file(elsewhere.path() / "secret.wav", "secret");
  fs::create_directories(data.path() / "recordings" / "p");
  fs::create_symlink(elsewhere.path() / "secret.wav", data.path() / "recordings/p/step-01.wav");
  fs::create_directory_symlink(elsewhere.path(), data.path() / "recordings" / "q");
  CHECK_FALSE(find_recording(data.path(), "p", 1));
  CHECK(list_recordings(data.path()).empty());
  auto r = save_recording(data.path(), "p", 1, "mine");
  CHECK_FALSE(r.ok());
  auto q = save_recording(data.path(), "q", 1, "mine");
  CHECK_FALSE(q.ok());
  CHECK(test::read_file(elsewhere.path() / "secret.wav") == "secret");
  CHECK(files_in(elsewhere.path()) == 1);
}

TEST_CASE("recordings: too large is refused; save from a file copies its bytes") {
  test::TempDir data, src;
  const fs::path big = src.path() / "big.wav";
  {
    std::FILE* f = std::fopen(big.c_str(), "wb");
    REQUIRE(f);
    std::fseek(f, long(kMaxRecordingBytes), SEEK_SET);  // one byte over the limit, sparse
    std::fputc(0, f);
    std::fclose(f);
  }
  auto r = save_recording_file(data.path(), "p", 1, big);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == RefusalCode::TooLarge);
  auto missing = save_recording_file(data.path(), "p", 1, src.path() / "none.wav");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == RefusalCode::NoSuchFile);
  CHECK_FALSE(find_recording(data.path(), "p", 1));

  const fs::path take = src.path() / "take.wav";
  test::write_file(take, binary_bytes());
  auto ok = save_recording_file(data.path(), "p", 3, take);
  REQUIRE(ok.ok());
  CHECK(test::read_file(ok->path) == binary_bytes());
  CHECK(fs::exists(take));  // the caller's to remove
}

TEST_CASE("recordings: delete removes the file from disk; remove_all the folder") {
  test::TempDir data;
  auto a = save_recording(data.path(), "p", 1, "a");
  auto b = save_recording(data.path(), "p", 2, "b", "ogg");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto gone = remove_recording(data.path(), "p", 1);
  REQUIRE(gone.ok());
  CHECK(gone.value());
  CHECK_FALSE(fs::exists(a->path));
  auto again = remove_recording(data.path(), "p", 1);
  REQUIRE(again.ok());
  CHECK_FALSE(again.value());
  auto all = remove_all_recordings(data.path(), "p");
  REQUIRE(all.ok());
  CHECK(all.value() == 1);
  CHECK_FALSE(fs::exists(b->path));
  CHECK_FALSE(fs::exists(data.path() / "recordings" / "p"));
  CHECK(list_recordings(data.path()).empty());
}
