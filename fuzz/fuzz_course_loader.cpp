// Fuzzes the curriculum interpreter: the input becomes one file of a small course (which
// file is chosen by the first byte), and the whole folder is loaded. Any crash, hang,
// leak or undefined behaviour is a finding; diagnostics are the expected outcome.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "kindly/loader.h"

namespace fs = std::filesystem;

namespace {

const char* const kCourse =
    "format_version: 1\nid: f\ntitle: F\nversion: \"1\"\nlanguage: en\ndescription: d\n"
    "resources: resources.yaml\nmodules:\n  - weeks/one.yaml\n";
const char* const kWeek =
    "id: week-1\nnumber: 1\ntitle: One\nreading: r\nitems:\n  - id: a\n    kind: meditation\n"
    "    practice: p\n  - id: h\n    kind: homework\n    title: H\n"
    "    target: {practice: p, days: 3}\n";
const char* const kPractice =
    "id: p\nkind: meditation\ntitle: P\nminutes: 1\nscript:\n  - {text: t, pause: 60}\n";
const char* const kResources =
    "title: R\ntext: t\ncrisis_lines:\n  - {country: X, code: XX, name: N, phone: \"1\"}\n";

fs::path g_dir;

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl = (fs::temp_directory_path() / "kindly-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  g_dir = tmpl;
  fs::create_directories(g_dir / "weeks");
  fs::create_directories(g_dir / "practices");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  write(g_dir / "course.yaml", kCourse);
  write(g_dir / "weeks/one.yaml", kWeek);
  write(g_dir / "practices/p.yaml", kPractice);
  write(g_dir / "resources.yaml", kResources);
  switch (data[0] % 4) {
    case 0:
      write(g_dir / "course.yaml", input);
      break;
    case 1:
      write(g_dir / "weeks/one.yaml", input);
      break;
    case 2:
      write(g_dir / "practices/p.yaml", input);
      break;
    default:
      write(g_dir / "resources.yaml", input);
      break;
  }
  kindly::LoadResult r = kindly::load_course(g_dir);
  // Every diagnostic must be printable with its source line.
  for (const auto& d : r.diagnostics)
    (void)kindly::format_diagnostic(d, kindly::source_line(g_dir, d.file, d.line));
  return 0;
}
