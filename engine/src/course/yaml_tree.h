// Safe reading of one course file into a small syntax tree with source marks.
//
// yaml-cpp's event parser feeds our own tree builder, so that:
//  - anchors and aliases are rejected and never expanded (no alias bombs, no cycles);
//  - depth and node count are capped before yaml-cpp's own recursion limit (500) is reached;
//  - every key and value keeps its 1-based line and column;
//  - maps keep their order and duplicate keys can be reported.
// Nothing here knows about courses.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kindly/diagnostics.h"
#include "kindly/loader.h"

namespace kindly::detail {

struct YNode {
  enum class Kind { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  int line = 0;  // 1-based
  int col = 0;   // 1-based
  bool quoted = false;
  std::string value;                                                               // Scalar
  std::vector<std::unique_ptr<YNode>> items;                                       // Sequence
  std::vector<std::pair<std::unique_ptr<YNode>, std::unique_ptr<YNode>>> entries;  // Map

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Sequence; }
  bool is_null() const { return kind == Kind::Null; }
  const char* kind_name() const;
};

// Reads bytes of a file under the limits: regular file, size cap, UTF-8, BOM stripped,
// CRLF folded to LF. On failure returns false and appends a diagnostic for `rel`.
bool read_text_file(const std::filesystem::path& abs, const std::string& rel,
                    const LoadLimits& limits, std::string* text, std::vector<Diagnostic>* out);

// Parses YAML text (one document) into a tree. On a problem that makes the file unusable
// (syntax, alias, depth, node count) returns null and appends diagnostics for `rel`.
std::unique_ptr<YNode> parse_yaml(const std::string& text, const std::string& rel,
                                  const LoadLimits& limits, std::vector<Diagnostic>* out);

bool valid_utf8(const std::string& s, std::size_t* bad_offset = nullptr);

}  // namespace kindly::detail
