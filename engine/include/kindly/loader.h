// The curriculum interpreter: course folder -> (Course | diagnostics).
//
// Three stages: parse every file (yaml-cpp, with source marks; aliases, depth, size and
// node count are checked before anything walks a tree) -> check (collect every problem,
// never stop at the first) -> build the immutable Course. A course is returned whenever
// there are no errors; warnings ride along.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kindly/course.h"
#include "kindly/diagnostics.h"

namespace kindly {

struct LoadLimits {
  std::size_t max_file_bytes = 1u << 20;  // 1 MiB per file
  std::size_t max_nodes = 200000;         // YAML nodes per file
  int max_depth = 64;                     // nesting depth per file
  std::size_t max_files = 2000;           // files in practices/ and modules
};

struct LoadResult {
  std::shared_ptr<const Course> course;  // null when there are errors
  std::vector<Diagnostic> diagnostics;   // sorted by file, line, col

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
};

LoadResult load_course(const std::filesystem::path& dir, const LoadLimits& limits = {});

// The text of line `line` (1-based) of `file` under `root`, for printing under a diagnostic.
// Empty when unavailable.
std::string source_line(const std::filesystem::path& root, const std::string& file, int line);

}  // namespace kindly
