// Reading a YNode map against the keys a course file may hold, collecting diagnostics.
//
// A MapReader remembers every key it was asked for; finish() reports the rest as unknown
// keys (K004) with a did-you-mean hint. Missing required keys are reported at the map's
// own position, wrong types and bad values at the value's.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kindly/diagnostics.h"
#include "yaml_tree.h"

namespace kindly::detail {

class Diagnostics {
 public:
  void error(Code code, const std::string& file, const YNode* at, std::string message,
             std::string hint = {});
  void warning(Code code, const std::string& file, const YNode* at, std::string message,
               std::string hint = {});
  void add(Diagnostic d) { list_.push_back(std::move(d)); }
  std::vector<Diagnostic>& list() { return list_; }
  bool has_errors() const;

 private:
  std::vector<Diagnostic> list_;
};

// The closest candidate within a small edit distance, or empty.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
std::string hint_for(const std::string& word, const std::vector<std::string>& candidates);

bool is_valid_id(const std::string& id);

// A well-formed BCP 47 language tag of the shape docs/curriculum-format.md gives:
// language (2-3 letters) [-script (4 letters)] [-region (2 letters or 3 digits)]
// [-variant (5-8 letters or digits, or a digit and 3 letters or digits)]... Any case.
bool is_valid_language_tag(const std::string& tag);

class MapReader {
 public:
  // `what` names the map in messages ("course.yaml", "item 'w1-intro'").
  MapReader(Diagnostics& diags, std::string file, const YNode& node, std::string what);

  bool ok() const { return ok_; }
  const YNode& node() const { return node_; }
  const std::string& file() const { return file_; }

  const YNode* find(const std::string& key);
  bool has(const std::string& key) { return find(key) != nullptr; }
  const YNode* require(const std::string& key);

  std::optional<std::string> text(const std::string& key, bool required);
  std::optional<std::string> id(const std::string& key, bool required);
  std::optional<long long> integer(const std::string& key, bool required, long long lo,
                                   long long hi, Code range_code = Code::BadValue);
  std::optional<double> number(const std::string& key, bool required, double lo, double hi,
                               Code range_code = Code::BadValue);
  std::optional<bool> boolean(const std::string& key, bool required = false);
  const YNode* seq(const std::string& key, bool required);
  const YNode* map(const std::string& key, bool required);

  // Reports keys never asked for (K004) and duplicate keys (K005).
  void finish();

 private:
  Diagnostics& diags_;
  std::string file_;
  const YNode& node_;
  std::string what_;
  bool ok_ = false;
  std::set<std::string> known_;
};

// Scalar conversions used by MapReader and by list readers.
std::optional<long long> as_integer(const YNode& n);
std::optional<double> as_number(const YNode& n);
std::optional<bool> as_bool(const YNode& n);

}  // namespace kindly::detail
