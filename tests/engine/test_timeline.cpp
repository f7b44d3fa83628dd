// A practice's timeline (kindly/timeline.h): word counting, the speech estimate, the
// arithmetic of starts and ends, measured speech, the course's declared speaking rate, and
// the loader's K022 check built on it.
#include "kindly/timeline.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "kindly/loader.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace kindly;
using kindly::test::TempDir;

namespace {

const fs::path kData = KINDLY_TEST_DATA;

Practice practice_of(std::vector<ScriptStep> steps, int minutes = 1) {
  Practice p;
  p.id = "p";
  p.minutes = minutes;
  p.script = std::move(steps);
  return p;
}

// `n` words of plain text.
std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += i ? " word" : "word";
  return s;
}

// The tiny course with practices/feet.yaml stated at 10 minutes and paced by one step,
// `text` (one word by default) then `pause` seconds; `course_extra` is added to course.yaml.
LoadResult load_feet(const TempDir& tmp, int pause, const std::string& course_extra = {},
                     const std::string& text = "Rest.") {
  const fs::path course = tmp.path() / "c";
  fs::remove_all(course);
  test::copy_tree(kData / "good/tiny", course);
  test::write_file(course / "practices/feet.yaml",
                   "id: feet\nkind: informal\ntitle: Feet\nminutes: 10\nscript:\n"
                   "  - text: " +
                       text + "\n    pause: " + std::to_string(pause) + "\n");
  if (!course_extra.empty())
    test::write_file(course / "course.yaml",
                     test::read_file(course / "course.yaml") + course_extra);
  return load_course(course);
}

bool has_k022_at_minutes(const LoadResult& r) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& d) {
    return d.code == Code::ScriptLength && d.severity == Severity::Warning &&
           d.file == "practices/feet.yaml" && d.line == 4 && d.col == 10;
  });
}

}  // namespace

TEST_CASE("timeline: a word is a run of non-space characters with a letter or digit") {
  CHECK(count_words("") == 0);
  CHECK(count_words("   \n\t  ") == 0);
  CHECK(count_words("Feel the soles of your feet.") == 6);
  CHECK(count_words("Breathe \xE2\x80\x94 in, and out ... !") == 4);  // a dash alone is no word
  CHECK(count_words("Count to 10, then 3.5 more.") == 6);             // numbers are words
  CHECK(count_words("Sp\xC3\xBCre den Atem") == 3);                   // Spüre den Atem
  CHECK(count_words("\xD0\x94\xD1\x8B\xD1\x88\xD0\xB8 \xD1\x81\xD0\xBF\xD0\xBE\xD0\xBA") == 2);
  CHECK(count_words("caf\xC3\xA9\xE2\x80\x94na\xC3\xAFve") == 1);  // no space: one run
  CHECK(count_words("a\xC2\xA0"
                    "b\xE3\x80\x80"
                    "c") == 3);                         // no-break and ideographic space
  CHECK(count_words("\xF0\x9F\x8C\xBF breathe") == 1);  // an emoji alone is no word
  CHECK(count_words("\xFF\xFE") == 0);                  // bad bytes are no letters
  CHECK(count_words("(1)") == 1);
}

TEST_CASE("timeline: speech is words / words_per_minute * 60") {
  CHECK(estimate_speech_seconds(words(130), 130) == doctest::Approx(60));
  CHECK(estimate_speech_seconds(words(65), 130) == doctest::Approx(30));
  CHECK(estimate_speech_seconds(words(100), 200) == doctest::Approx(30));
  CHECK(estimate_speech_seconds("", 130) == 0);
  CHECK(estimate_speech_seconds(words(10), 0) == 0);
}

TEST_CASE("timeline: each step is its speech then its pause, one after another") {
  const Practice p = practice_of({{words(13), 10}, {words(26), 0}, {"", 5}});
  const Timeline t = make_timeline(p, 130);
  REQUIRE(t.steps.size() == 3);
  CHECK(t.steps[0].start_s == doctest::Approx(0));
  CHECK(t.steps[0].speech_s == doctest::Approx(6));
  CHECK(t.steps[0].pause_s == doctest::Approx(10));
  CHECK(t.steps[0].end_s == doctest::Approx(16));
  CHECK(t.steps[1].start_s == doctest::Approx(16));
  CHECK(t.steps[1].speech_s == doctest::Approx(12));
  CHECK(t.steps[1].end_s == doctest::Approx(28));
  CHECK(t.steps[2].start_s == doctest::Approx(28));
  CHECK(t.steps[2].speech_s == doctest::Approx(0));  // an empty step only pauses
  CHECK(t.steps[2].end_s == doctest::Approx(33));
  CHECK(t.speech_s == doctest::Approx(18));
  CHECK(t.pause_s == doctest::Approx(15));
  CHECK(t.total_s == doctest::Approx(33));
  CHECK_FALSE(t.steps[0].measured);

  const Timeline none = make_timeline(practice_of({}), 130);
  CHECK(none.steps.empty());
  CHECK(none.total_s == 0);
}

TEST_CASE("timeline: a measured length replaces the estimate where it is given and sane") {
  const Practice p =
      practice_of({{words(13), 10}, {words(13), 10}, {words(13), 10}, {words(13), 0}});
  const Timeline t = make_timeline(p, 130, [](std::size_t step) -> std::optional<double> {
    if (step == 0) return 2.5;
    if (step == 1) return -1.0;                                      // ignored
    if (step == 2) return std::numeric_limits<double>::quiet_NaN();  // ignored
    return std::nullopt;
  });
  REQUIRE(t.steps.size() == 4);
  CHECK(t.steps[0].measured);
  CHECK(t.steps[0].speech_s == doctest::Approx(2.5));
  for (std::size_t i = 1; i < 4; ++i) {
    CHECK_FALSE(t.steps[i].measured);
    CHECK(t.steps[i].speech_s == doctest::Approx(6));
  }
  CHECK(t.steps[1].start_s == doctest::Approx(12.5));
  CHECK(t.total_s == doctest::Approx(2.5 + 18 + 30));
}

TEST_CASE("timeline: the course's declared speaking rate, 130 words a minute by default") {
  TempDir tmp;
  LoadResult plain = load_feet(tmp, 600);
  REQUIRE(plain.course);
  CHECK(plain.course->speech.words_per_minute == 130);

  LoadResult slow = load_feet(tmp, 600, "speech:\n  words_per_minute: 80\n");
  REQUIRE(slow.course);
  CHECK(slow.course->speech.words_per_minute == 80);
  const Practice* feet = slow.course->practice("feet");
  REQUIRE(feet);
  CHECK(make_timeline(*slow.course, *feet).speech_s == doctest::Approx(60.0 / 80));

  for (const char* bad : {"79", "221"}) {
    LoadResult r = load_feet(tmp, 600, std::string("speech:\n  words_per_minute: ") + bad + "\n");
    CHECK(r.has_errors());
    CHECK(std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& d) {
      return d.code == Code::BadValue && d.file == "course.yaml" && d.col == 21;
    }));
  }
}

TEST_CASE("timeline: K022 fires at 11% long or short of the stated minutes, not at 9%") {
  // One step: 'Rest.' (1 word, 60/130 s of speech) then the pause; stated 600 s.
  TempDir tmp;
  CHECK(has_k022_at_minutes(load_feet(tmp, 666)));        // 666.5 s: 11% long
  CHECK(has_k022_at_minutes(load_feet(tmp, 534)));        // 534.5 s: 11% short
  CHECK_FALSE(has_k022_at_minutes(load_feet(tmp, 654)));  // 654.5 s: 9% long
  CHECK_FALSE(has_k022_at_minutes(load_feet(tmp, 546)));  // 546.5 s: 9% short
  CHECK_FALSE(has_k022_at_minutes(load_feet(tmp, 600)));
  // Speech counts: 26 words are 12 s at 130 words a minute (657 s, 9.5% long) and 19.5 s
  // at a declared 80 (664.5 s, 10.75% long).
  CHECK_FALSE(has_k022_at_minutes(load_feet(tmp, 645, {}, words(26))));
  CHECK(has_k022_at_minutes(load_feet(tmp, 645, "speech: {words_per_minute: 80}\n", words(26))));
}
