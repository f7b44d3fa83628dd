// The curriculum interpreter: the happy path, every diagnostic code through a fixture, the
// bundled course, and the hostile-input limits.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "kindly/loader.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace kindly;
using kindly::test::TempDir;

namespace {

const fs::path kData = KINDLY_TEST_DATA;

struct Expect {
  std::string code, file;
  int line = 0, col = 0;
};

struct Fixture {
  std::string name;
  std::vector<Expect> expects;
  std::string body;  // everything after the header
};

Fixture read_fixture(const fs::path& p) {
  std::ifstream in(p);
  Fixture f;
  f.name = p.stem().string();
  std::string line;
  bool header = true;
  std::ostringstream body;
  while (std::getline(in, line)) {
    if (header && line.rfind("expect:", 0) == 0) {
      std::istringstream s(line.substr(7));
      Expect e;
      std::string where;
      s >> e.code >> where;
      auto c1 = where.find(':'), c2 = where.find(':', c1 + 1);
      e.file = where.substr(0, c1);
      e.line = std::stoi(where.substr(c1 + 1, c2 - c1 - 1));
      e.col = std::stoi(where.substr(c2 + 1));
      f.expects.push_back(e);
      continue;
    }
    if (header && (line.empty() || line[0] == '#')) continue;
    header = false;
    body << line << "\n";
  }
  f.body = body.str();
  return f;
}

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// Applies a fixture's body onto `dir` (a copy of the good tiny course):
//   === PATH            the following lines become PATH's content
//   @remove PATH        delete PATH
//   @symlink PATH TARGET
//   @bytes PATH HEX     PATH's content is these bytes
//   @repeat PATH N TEXT PATH's content is TEXT repeated N times
//   @deep PATH N        PATH is 'items: ' followed by N nested flow lists
void apply_fixture(const Fixture& f, const fs::path& dir) {
  std::istringstream in(f.body);
  std::string line, current;
  std::ostringstream content;
  auto flush = [&] {
    if (!current.empty()) test::write_file(dir / current, content.str());
    current.clear();
    content.str("");
  };
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      flush();
      current = line.substr(4);
      continue;
    }
    if (line.rfind("@", 0) == 0 && current.empty()) {
      std::istringstream s(line);
      std::string op, path;
      s >> op >> path;
      fs::path p = dir / path;
      fs::create_directories(p.parent_path());
      if (op == "@remove") {
        fs::remove(p);
      } else if (op == "@symlink") {
        std::string target;
        s >> target;
        fs::remove(p);
        fs::create_symlink(target, p);
      } else if (op == "@bytes") {
        std::string hex;
        s >> hex;
        test::write_file(p, unhex(hex));
      } else if (op == "@repeat") {
        std::size_t n = 0;
        std::string text;
        s >> n;
        std::getline(s, text);
        text = text.substr(1) + "\n";
        std::string all;
        all.reserve(n * text.size());
        for (std::size_t i = 0; i < n; ++i) all += text;
        test::write_file(p, all);
      } else if (op == "@deep") {
        int n = 0;
        s >> n;
        test::write_file(p, "items: " + std::string(n, '[') + std::string(n, ']') + "\n");
      }
      continue;
    }
    if (current.empty()) {
      if (line.empty()) continue;
      FAIL("fixture " << f.name << ": stray line outside a file block: " << line);
    }
    content << line << "\n";
  }
  flush();
}

std::string describe(const LoadResult& r) {
  std::string s;
  for (const auto& d : r.diagnostics) s += format_diagnostic(d) + "\n";
  return s;
}

void check_fixture(const fs::path& file) {
  Fixture f = read_fixture(file);
  INFO("fixture: " << f.name);
  REQUIRE_MESSAGE(!f.expects.empty(), "fixture has no 'expect:' line");
  TempDir tmp;
  fs::path course = tmp.path() / "course";
  test::copy_tree(kData / "good/tiny", course);
  apply_fixture(f, course);
  LoadResult r = load_course(course);
  INFO("diagnostics:\n" << describe(r));
  std::set<std::string> expected_codes;
  for (const auto& e : f.expects) {
    expected_codes.insert(e.code);
    bool found = std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
      return code_id(d.code) == e.code && d.file == e.file && d.line == e.line && d.col == e.col;
    });
    CHECK_MESSAGE(found,
                  "expected " << e.code << " at " << e.file << ":" << e.line << ":" << e.col);
  }
  // No error of a code the fixture did not ask for: each fixture breaks one thing.
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error)
      CHECK_MESSAGE(expected_codes.count(code_id(d.code)), "unexpected " << format_diagnostic(d));
  // A course is built exactly when there are no errors.
  CHECK((r.course != nullptr) == !r.has_errors());
}

std::vector<fs::path> all_fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kData / "bad"))
    if (e.path().extension() == ".fixture") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("loader: the tiny course loads with every field in place") {
  LoadResult r = load_course(kData / "good/tiny");
  INFO(describe(r));
  REQUIRE(r.course);
  CHECK(r.diagnostics.empty());
  const Course& c = *r.course;
  CHECK(c.id == "tiny");
  CHECK(c.version == "0.1");
  CHECK(c.week_count() == 2);
  REQUIRE(c.modules.size() == 3);
  CHECK(c.modules[2].optional);
  CHECK(c.modules[2].after_week == 1);
  CHECK(c.gating.min_days == 7);
  CHECK(c.pacing.grounding_practice == "feet");
  CHECK(c.resources.crisis_lines.size() == 1);
  CHECK(c.resources.crisis_lines[0].phone == "116 123");

  const Module* w1 = c.week(1);
  REQUIRE(w1);
  CHECK(w1->reading.find("**first**") != std::string::npos);
  REQUIRE(w1->items.size() == 5);
  const Item& med = w1->items[0];
  CHECK(med.kind == ItemKind::Meditation);
  CHECK(med.practice == "breathing");
  CHECK(med.title == "Kind Breathing");  // taken from the practice
  CHECK(med.minutes == 10);
  CHECK(med.required);
  CHECK(w1->items[2].prompts.size() == 2);
  REQUIRE(w1->items[3].target);
  CHECK(w1->items[3].target->type == HomeworkTarget::Type::PracticeDays);
  CHECK(w1->items[3].target->days == 3);
  CHECK(w1->items[3].target->minutes_per_day == 10);
  REQUIRE(w1->items[4].checkin);
  CHECK(w1->items[4].checkin->questions.size() == 2);
  CHECK(w1->items[4].checkin->questions[1].reverse);

  const Practice* b = c.practice("breathing");
  REQUIRE(b);
  CHECK(b->script.size() == 3);
  CHECK(b->script_seconds() == 600);
  REQUIRE(b->pacer);
  CHECK(b->pacer->inhale_s == doctest::Approx(4.5));
  CHECK(c.practice("feet")->grounding);

  const Module* w2 = c.week(2);
  REQUIRE(w2);
  CHECK(w2->reading.find("from a Markdown file") != std::string::npos);
  CHECK(c.practice("w2-pause"));  // inline practice registered under the item's id
  CHECK(w2->items[2].target->type == HomeworkTarget::Type::Task);
  const Module* in = nullptr;
  CHECK(c.item("w2-task", &in));
  CHECK(in == w2);
}

TEST_CASE("loader: every bad fixture gives its diagnostic at the right place") {
  if (!kindly_test_fixture.empty()) {
    check_fixture(kindly_test_fixture);
    return;
  }
  auto fixtures = all_fixtures();
  CHECK(fixtures.size() >= 24);
  for (const auto& f : fixtures) check_fixture(f);
}

TEST_CASE("loader: a measure file loads with its scale, items, bands, times and rules") {
  LoadResult r = load_course(kData / "good/tiny");
  INFO(describe(r));
  REQUIRE(r.course);
  REQUIRE(r.course->measures.size() == 1);
  const Measure* m = r.course->measure("mood");
  REQUIRE(m);
  CHECK(m->file == "measures/mood.yaml");
  CHECK(m->scale.size() == 4);
  CHECK(m->lowest() == 0);
  CHECK(m->highest() == 3);
  REQUIRE(m->items.size() == 3);
  CHECK(m->items[1].reverse);
  CHECK(!m->items[0].reverse);
  CHECK(m->scoring == Measure::Scoring::Sum);
  REQUIRE(m->subscales.size() == 1);
  CHECK(m->subscales[0].items == std::vector<std::string>{"mood-low", "mood-calm"});
  REQUIRE(m->bands.size() == 3);
  CHECK(m->band(5)->label == "some");
  CHECK(m->band(6)->label == "high");
  REQUIRE(m->ask.size() == 4);
  CHECK(m->ask[0].key() == "begin");
  CHECK(m->ask[1].key() == "after-week-1");
  CHECK(m->ask[3].key() == "days-after-last-week-30");
  REQUIRE(m->safety.size() == 1);
  CHECK(m->safety[0].item == "mood-harm");
  CHECK(m->safety[0].at_or_above == 1);
  REQUIRE(m->reliable_change);
  // 1.96 * 2 * sqrt(2) * sqrt(1 - 0.8) = 2.479...
  CHECK(m->reliable_change->threshold() == doctest::Approx(2.4792).epsilon(0.001));
}

TEST_CASE("loader: every diagnostic code has at least one fixture") {
  std::set<std::string> covered;
  for (const auto& f : all_fixtures())
    for (const auto& e : read_fixture(f).expects) covered.insert(e.code);
#define KINDLY_X(code, name, summary) CHECK_MESSAGE(covered.count(#code), #code " has no fixture");
  KINDLY_DIAGNOSTIC_CODES(KINDLY_X)
#undef KINDLY_X
}

TEST_CASE("loader: the bundled course validates with no warnings") {
  LoadResult r = load_course(KINDLY_BUNDLED_COURSE);
  INFO(describe(r));
  REQUIRE(r.course);
  CHECK(r.diagnostics.empty());
}

TEST_CASE("loader: a folder that does not exist is K019, not a crash") {
  LoadResult r = load_course("/nonexistent/kindly/course");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == Code::NotACourse);
  CHECK(!r.course);
}

TEST_CASE("loader: diagnostics print GCC-style with the source line and a caret") {
  Diagnostic d{Code::UnknownKey,       Severity::Warning,        "weeks/week-03.yaml", 14, 5,
               "unknown key 'minuts'", "did you mean 'minutes'?"};
  CHECK(format_diagnostic(d) ==
        "weeks/week-03.yaml:14:5: warning[K004]: unknown key 'minuts' (did you mean 'minutes'?)");
  CHECK(format_diagnostic(d, "    minuts: 10") ==
        "weeks/week-03.yaml:14:5: warning[K004]: unknown key 'minuts' (did you mean 'minutes'?)\n"
        "      minuts: 10\n"
        "      ^");
}

TEST_CASE("loader: an alias bomb is refused without expanding it") {
  TempDir tmp;
  fs::path course = tmp.path() / "c";
  test::copy_tree(kData / "good/tiny", course);
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev +
            ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
  }
  test::write_file(course / "weeks/one.yaml", bomb);
  LoadResult r = load_course(course);
  REQUIRE(r.has_errors());
  CHECK(r.diagnostics.front().code == Code::AliasRejected);
  CHECK(r.diagnostics.front().line == 1);
}

TEST_CASE("loader: the course lists every non-ASCII character its files use, for the fonts") {
  TempDir tmp;
  fs::path course = tmp.path() / "c";
  test::copy_tree(kData / "good/tiny", course);
  {
    LoadResult plain = load_course(course);
    REQUIRE(plain.course);
    CHECK(plain.course->characters.empty());  // the tiny course is plain ASCII
  }
  // A two-byte and a three-byte character in YAML, a four-byte one and a Cyrillic letter in
  // the Markdown reading, with repeats.
  const std::string one = test::read_file(course / "weeks/one.yaml");
  test::write_file(course / "weeks/one.yaml", "# caf\xC3\xA9 \xE2\x80\x94 caf\xC3\xA9\n" + one);
  test::write_file(course / "readings/two.md",
                   "# \xD0\x96 week two\n\nA pause \xF0\x9F\x8C\xBF, and \xD0\x96 again.\n");
  LoadResult r = load_course(course);
  INFO(describe(r));
  REQUIRE(r.course);
  CHECK(r.course->characters == std::vector<char32_t>{0xE9, 0x416, 0x2014, 0x1F33F});
}
