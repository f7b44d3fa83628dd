// A course may ship a recording per script step (`audio:` under a step), as well as one per
// practice; the loader resolves it inside the course folder and checks its format.
#include <doctest/doctest.h>

#include "kindly/loader.h"
#include "test_support.h"

using namespace kindly;
namespace fs = std::filesystem;

TEST_CASE("loader: a script step's audio is resolved to a file in the course folder") {
  test::TempDir tmp;
  const fs::path course = tmp.path() / "course";
  test::copy_tree(fs::path(KINDLY_TEST_DATA) / "good/tiny", course);
  fs::create_directories(course / "audio");
  test::write_file(course / "audio" / "step-2.ogg", "OggS");
  test::write_file(course / "audio" / "whole.WAV", "RIFF");
  test::write_file(course / "practices" / "breathing.yaml", R"(id: breathing
kind: meditation
title: Kind Breathing
summary: Ten minutes with the breath.
minutes: 10
script:
  - text: Settle into a comfortable position.
    pause: 120
  - text: Feel the breath moving in and out.
    pause: 420
    audio: audio/step-2.ogg
  - text: If this is too much, open your eyes and feel your feet on the floor.
    pause: 60
audio: audio/whole.WAV
)");
  LoadResult r = load_course(course);
  REQUIRE_FALSE(r.has_errors());
  REQUIRE(r.course);
  const Practice& p = r.course->practices.at("breathing");
  REQUIRE(p.script.size() == 3);
  CHECK(p.script[0].audio.empty());
  CHECK(p.script[1].audio == fs::canonical(course / "audio" / "step-2.ogg"));
  CHECK(p.script[2].audio.empty());
  CHECK(p.audio == fs::canonical(course / "audio" / "whole.WAV"));
}
