// MapReader and friends: typed access to YAML maps with diagnostics.
#include "schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace kindly::detail {

namespace {

Diagnostic at_node(Code code, Severity sev, const std::string& file, const YNode* at,
                   std::string message, std::string hint) {
  return Diagnostic{
      code, sev, file, at ? at->line : 0, at ? at->col : 0, std::move(message), std::move(hint)};
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

void Diagnostics::error(Code code, const std::string& file, const YNode* at, std::string message,
                        std::string hint) {
  list_.push_back(at_node(code, Severity::Error, file, at, std::move(message), std::move(hint)));
}

void Diagnostics::warning(Code code, const std::string& file, const YNode* at, std::string message,
                          std::string hint) {
  list_.push_back(at_node(code, Severity::Warning, file, at, std::move(message), std::move(hint)));
}

bool Diagnostics::has_errors() const {
  return std::any_of(list_.begin(), list_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return {};
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    if (c.size() > 200) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string hint_for(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = did_you_mean(word, candidates);
  return best.empty() ? std::string() : "did you mean " + quote(best) + "?";
}

bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool is_valid_language_tag(const std::string& tag) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto all = [](const std::string& s, auto pred) { return std::all_of(s.begin(), s.end(), pred); };
  std::vector<std::string> subtags;
  for (std::size_t start = 0;;) {
    const std::size_t dash = tag.find('-', start);
    subtags.push_back(tag.substr(start, dash == std::string::npos ? dash : dash - start));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  std::size_t i = 0;
  const auto& lang = subtags[i];
  if (lang.size() < 2 || lang.size() > 3 || !all(lang, alpha)) return false;
  ++i;
  if (i < subtags.size() && subtags[i].size() == 4 && all(subtags[i], alpha)) ++i;  // script
  if (i < subtags.size() && ((subtags[i].size() == 2 && all(subtags[i], alpha)) ||
                             (subtags[i].size() == 3 && all(subtags[i], digit))))
    ++i;                             // region
  for (; i < subtags.size(); ++i) {  // variants
    const std::string& v = subtags[i];
    auto alnum = [&](char c) { return alpha(c) || digit(c); };
    const bool ok =
        ((v.size() >= 5 && v.size() <= 8) || (v.size() == 4 && digit(v[0]))) && all(v, alnum);
    if (!ok) return false;
  }
  return true;
}

std::optional<long long> as_integer(const YNode& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  const std::string& s = n.value;
  const char* first = s.data();
  if (!s.empty() && s[0] == '+') ++first;
  long long v = 0;
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || first == s.data() + s.size())
    return std::nullopt;
  return v;
}

std::optional<double> as_number(const YNode& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  const std::string& s = n.value;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<bool> as_bool(const YNode& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  static const char* const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On"};
  static const char* const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off"};
  for (const char* y : yes)
    if (n.value == y) return true;
  for (const char* f : no)
    if (n.value == f) return false;
  return std::nullopt;
}

MapReader::MapReader(Diagnostics& diags, std::string file, const YNode& node, std::string what)
    : diags_(diags), file_(std::move(file)), node_(node), what_(std::move(what)) {
  ok_ = node_.is_map();
  if (!ok_)
    diags_.error(Code::WrongType, file_, &node_,
                 what_ + " should be a map of keys, but is " + node_.kind_name());
}

const YNode* MapReader::find(const std::string& key) {
  known_.insert(key);
  if (!ok_) return nullptr;
  for (const auto& [k, v] : node_.entries)
    if (k->is_scalar() && k->value == key) return v.get();
  return nullptr;
}

const YNode* MapReader::require(const std::string& key) {
  const YNode* v = find(key);
  if (!v && ok_)
    diags_.error(Code::MissingKey, file_, &node_, what_ + ": missing key " + quote(key));
  return v;
}

std::optional<std::string> MapReader::text(const std::string& key, bool required) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return std::nullopt;
  if (v->is_null()) {
    if (required) diags_.error(Code::EmptyValue, file_, v, what_ + ": " + quote(key) + " is empty");
    return required ? std::nullopt : std::optional<std::string>(std::string());
  }
  if (!v->is_scalar()) {
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be text, but is " + v->kind_name());
    return std::nullopt;
  }
  if (required && v->value.find_first_not_of(" \t\n") == std::string::npos) {
    diags_.error(Code::EmptyValue, file_, v, what_ + ": " + quote(key) + " is empty");
    return std::nullopt;
  }
  return v->value;
}

std::optional<std::string> MapReader::id(const std::string& key, bool required) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return std::nullopt;
  auto s = text(key, true);
  if (!s) return std::nullopt;
  if (!is_valid_id(*s)) {
    diags_.error(Code::BadId, file_, v,
                 what_ + ": id " + quote(*s) + " may only use a-z, 0-9, '-' and '_' (at most 64)");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> MapReader::integer(const std::string& key, bool required, long long lo,
                                            long long hi, Code range_code) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return std::nullopt;
  auto n = as_integer(*v);
  if (!n) {
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be a whole number, but is " +
                     (v->is_scalar() ? quote(v->value) : std::string(v->kind_name())));
    return std::nullopt;
  }
  if (*n < lo || *n > hi) {
    diags_.error(range_code, file_, v,
                 what_ + ": " + quote(key) + " is " + std::to_string(*n) + ", expected " +
                     std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

std::optional<double> MapReader::number(const std::string& key, bool required, double lo, double hi,
                                        Code range_code) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return std::nullopt;
  auto n = as_number(*v);
  if (!n) {
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be a number, but is " +
                     (v->is_scalar() ? quote(v->value) : std::string(v->kind_name())));
    return std::nullopt;
  }
  if (*n < lo || *n > hi) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " is %g, expected %g to %g", *n, lo, hi);
    diags_.error(range_code, file_, v, what_ + ": " + quote(key) + buf);
    return std::nullopt;
  }
  return n;
}

std::optional<bool> MapReader::boolean(const std::string& key, bool required) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return std::nullopt;
  auto b = as_bool(*v);
  if (!b)
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be true or false, but is " +
                     (v->is_scalar() ? quote(v->value) : std::string(v->kind_name())));
  return b;
}

const YNode* MapReader::seq(const std::string& key, bool required) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return nullptr;
  if (!v->is_seq()) {
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be a list, but is " + v->kind_name());
    return nullptr;
  }
  return v;
}

const YNode* MapReader::map(const std::string& key, bool required) {
  const YNode* v = required ? require(key) : find(key);
  if (!v) return nullptr;
  if (!v->is_map()) {
    diags_.error(Code::WrongType, file_, v,
                 what_ + ": " + quote(key) + " should be a map, but is " + v->kind_name());
    return nullptr;
  }
  return v;
}

void MapReader::finish() {
  if (!ok_) return;
  std::vector<std::string> known(known_.begin(), known_.end());
  std::set<std::string> seen;
  for (const auto& [k, v] : node_.entries) {
    if (!k->is_scalar()) {
      diags_.error(Code::WrongType, file_, k.get(), what_ + ": a key should be plain text");
      continue;
    }
    if (!seen.insert(k->value).second)
      diags_.error(Code::DuplicateId, file_, k.get(),
                   what_ + ": key " + quote(k->value) + " appears more than once");
    if (!known_.count(k->value))
      diags_.warning(Code::UnknownKey, file_, k.get(), what_ + ": unknown key " + quote(k->value),
                     hint_for(k->value, known));
  }
}

}  // namespace kindly::detail
