// A sweep over every setting of a small course: each value written on its own line is
// replaced in turn by a list and by a map, and the course loaded again. Whatever the key, a
// value of the wrong shape must be reported at that very line of that very file — never
// accepted silently, never reported somewhere the author would not look, never a crash.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "kindly/loader.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace kindly;
using kindly::test::TempDir;

namespace {

const fs::path kData = KINDLY_TEST_DATA;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("loader sweep: a list or a map in place of any one-line value is reported at its line") {
  TempDir tmp;
  const fs::path course = tmp.path() / "c";
  test::copy_tree(kData / "good/tiny", course);
  // `key: value` on one line, optionally as the first key of a list item; block scalars and
  // flow collections are left alone (their values span lines or hold several keys).
  const std::regex one_line(R"(^(\s*(?:- )?)([a-z_]+): ([^|>\[{&*#\s].*)$)");
  int mutations = 0;
  for (const auto& entry : fs::recursive_directory_iterator(course)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string rel = fs::relative(entry.path(), course).generic_string();
    const std::string original = test::read_file(entry.path());
    const auto lines = lines_of(original);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::smatch m;
      if (!std::regex_match(lines[i], m, one_line)) continue;
      const std::string key = m[2];
      if (key == "format_version") continue;  // a version mismatch stops reading (K019)
      for (const char* wrong : {"[1, 2]", "{zz: 1}"}) {
        auto mutated = lines;
        mutated[i] = m[1].str() + key + ": " + wrong;
        test::write_file(entry.path(), join(mutated));
        const LoadResult r = load_course(course);
        ++mutations;
        const int line = static_cast<int>(i) + 1;
        const bool located =
            std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                        [&](const Diagnostic& d) { return d.file == rel && d.line == line; });
        std::string seen;
        for (const auto& d : r.diagnostics) seen += "\n  " + format_diagnostic(d);
        CHECK_MESSAGE(located, rel << ":" << line << " '" << key << ": " << wrong
                                   << "' was not reported there; diagnostics:" << seen);
      }
      test::write_file(entry.path(), original);
    }
  }
  // The tiny course has some forty one-line settings; the sweep must have found them.
  CHECK(mutations >= 60);
  const LoadResult restored = load_course(course);
  CHECK(restored.diagnostics.empty());
}
