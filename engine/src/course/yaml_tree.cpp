// Safe file reading and YAML events -> YNode tree. See yaml_tree.h for why.
#include "yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <utf8.h>

#include <fstream>
#include <sstream>
#include <system_error>

namespace kindly::detail {

namespace fs = std::filesystem;

const char* YNode::kind_name() const {
  switch (kind) {
    case Kind::Null:
      return "nothing";
    case Kind::Scalar:
      return "a text or number";
    case Kind::Sequence:
      return "a list";
    case Kind::Map:
      return "a map";
  }
  return "?";
}

namespace {

Diagnostic make(Code code, const std::string& rel, int line, int col, std::string message,
                std::string hint = {}) {
  return Diagnostic{code, Severity::Error, rel, line, col, std::move(message), std::move(hint)};
}

// Thrown from the handler to stop yaml-cpp early; carries the diagnostic.
struct Stop {
  Diagnostic diag;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& rel, const LoadLimits& limits) : rel_(rel), limits_(limits) {}

  std::unique_ptr<YNode> take() { return std::move(root_); }
  const YAML::Mark& start() const { return start_; }

  void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    add(node(YNode::Kind::Null, mark));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw Stop{make(Code::AliasRejected, rel_, mark.line + 1, mark.column + 1,
                    "YAML aliases ('*name') are not allowed in course files",
                    "write the text out, or share a practice through practices/")};
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    auto n = node(YNode::Kind::Scalar, mark);
    n->value = value;
    n->quoted = (tag == "!");
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check_anchor(mark, anchor);
    open(node(YNode::Kind::Sequence, mark), mark);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    check_anchor(mark, anchor);
    open(node(YNode::Kind::Map, mark), mark);
  }
  void OnMapEnd() override { close(); }

 private:
  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor)
      throw Stop{make(Code::AliasRejected, rel_, mark.line + 1, mark.column + 1,
                      "YAML anchors ('&name') are not allowed in course files",
                      "write the text out, or share a practice through practices/")};
  }

  std::unique_ptr<YNode> node(YNode::Kind kind, const YAML::Mark& mark) {
    if (++nodes_ > limits_.max_nodes)
      throw Stop{make(Code::TooManyNodes, rel_, mark.line + 1, mark.column + 1,
                      "file has more than " + std::to_string(limits_.max_nodes) + " YAML nodes")};
    auto n = std::make_unique<YNode>();
    n->kind = kind;
    n->line = mark.line + 1;
    n->col = mark.column + 1;
    return n;
  }

  // Attaches a finished node to the open container (or makes it the root).
  void add(std::unique_ptr<YNode> n) {
    if (stack_.empty()) {
      if (!root_) root_ = std::move(n);
      return;
    }
    YNode* top = stack_.back();
    if (top->kind == YNode::Kind::Sequence) {
      top->items.push_back(std::move(n));
      return;
    }
    auto& key = pending_key_.back();  // maps alternate key, value, key, value ...
    if (!key) {
      key = std::move(n);
    } else {
      top->entries.emplace_back(std::move(key), std::move(n));
    }
  }

  void open(std::unique_ptr<YNode> n, const YAML::Mark& mark) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      throw Stop{make(Code::TooDeep, rel_, mark.line + 1, mark.column + 1,
                      "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels")};
    YNode* raw = n.get();
    owned_.push_back(std::move(n));
    stack_.push_back(raw);
    pending_key_.emplace_back();
  }

  void close() {
    // Containers close in the reverse order they opened, so the last owned one is done.
    std::unique_ptr<YNode> done = std::move(owned_.back());
    owned_.pop_back();
    stack_.pop_back();
    pending_key_.pop_back();
    add(std::move(done));
  }

  std::string rel_;
  LoadLimits limits_;
  std::size_t nodes_ = 0;
  YAML::Mark start_;  // where the document starts
  std::unique_ptr<YNode> root_;
  std::vector<YNode*> stack_;                        // open containers
  std::vector<std::unique_ptr<YNode>> owned_;        // open containers' storage
  std::vector<std::unique_ptr<YNode>> pending_key_;  // per open map: key awaiting a value
};

// The 1-based line and column (in characters) of byte `offset` of `data`. The bytes before
// `offset` must be valid UTF-8. A line ends at LF, CRLF or a lone CR, as after folding.
std::pair<int, int> position_of(const std::string& data, std::size_t offset) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    const bool lone_cr = data[i] == '\r' && (i + 1 >= data.size() || data[i + 1] != '\n');
    if (data[i] == '\n' || lone_cr) {
      ++line;
      line_start = i + 1;
    }
  }
  const auto chars =
      utf8::unchecked::distance(data.begin() + static_cast<std::ptrdiff_t>(line_start),
                                data.begin() + static_cast<std::ptrdiff_t>(offset));
  return {line, static_cast<int>(chars) + 1};
}

}  // namespace

bool valid_utf8(const std::string& s, std::size_t* bad_offset) {
  const std::size_t bad = utf8::find_invalid(s);
  if (bad == std::string::npos) return true;
  if (bad_offset) *bad_offset = bad;
  return false;
}

bool read_text_file(const fs::path& abs, const std::string& rel, const LoadLimits& limits,
                    std::string* text, std::vector<Diagnostic>* out) {
  std::error_code ec;
  auto status = fs::status(abs, ec);
  if (ec || !fs::exists(status)) {
    out->push_back(make(Code::MissingFile, rel, 0, 0, "file not found or unreadable: " + rel));
    return false;
  }
  if (!fs::is_regular_file(status)) {
    out->push_back(make(Code::MissingFile, rel, 0, 0, "not a regular file: " + rel));
    return false;
  }
  auto size = fs::file_size(abs, ec);
  if (ec || size > limits.max_file_bytes) {
    out->push_back(make(Code::FileTooLarge, rel, 1, 1,  // the whole file
                        "file is " + std::to_string(size) + " bytes, over the limit of " +
                            std::to_string(limits.max_file_bytes),
                        "split long texts into files under 1 MiB"));
    return false;
  }
  std::ifstream in(abs, std::ios::binary);
  if (!in) {
    out->push_back(make(Code::MissingFile, rel, 0, 0, "cannot open " + rel));
    return false;
  }
  std::string data;
  data.resize(size);
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<std::size_t>(in.gcount()));
  if (in.peek() != std::char_traits<char>::eof()) {  // grew while we read it
    out->push_back(make(Code::FileTooLarge, rel, 1, 1, "file changed size while being read"));
    return false;
  }
  if (data.size() >= 3 && data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
  // K011 points at the first byte that is not UTF-8 or is NUL, whichever comes first.
  std::size_t bad = 0;
  const bool valid = valid_utf8(data, &bad);
  const std::size_t nul = data.find('\0');
  if (!valid || nul != std::string::npos) {
    const bool is_nul = nul != std::string::npos && (valid || nul < bad);
    const std::size_t at = is_nul ? nul : bad;
    const auto [line, col] = position_of(data, at);
    out->push_back(is_nul ? make(Code::NotUtf8, rel, line, col,
                                 "file contains a NUL byte (byte offset " + std::to_string(at) +
                                     "); is it a binary file?")
                          : make(Code::NotUtf8, rel, line, col,
                                 "file is not valid UTF-8 (byte offset " + std::to_string(at) + ")",
                                 "save the file as UTF-8"));
    return false;
  }
  // Fold CRLF (and lone CR) to LF so marks and block scalars behave the same everywhere.
  std::string clean;
  clean.reserve(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      clean += '\n';
      if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
    } else {
      clean += data[i];
    }
  }
  *text = std::move(clean);
  return true;
}

std::unique_ptr<YNode> parse_yaml(const std::string& text, const std::string& rel,
                                  const LoadLimits& limits, std::vector<Diagnostic>* out) {
  std::istringstream in(text);
  TreeBuilder builder(rel, limits);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      out->push_back(make(Code::MissingKey, rel, 1, 1, "file is empty"));
      return nullptr;
    }
    TreeBuilder rest(rel, limits);
    if (parser.HandleNextDocument(rest)) {
      out->push_back(make(Code::YamlSyntax, rel, rest.start().line + 1, rest.start().column + 1,
                          "file holds more than one YAML document ('---')",
                          "keep one document per file"));
      return nullptr;
    }
  } catch (const Stop& stop) {
    out->push_back(stop.diag);
    return nullptr;
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg.empty() ? std::string("invalid YAML") : e.msg;
    if (msg == YAML::ErrorMsg::BAD_FILE) msg = "nesting is too deep for the YAML parser";
    Code code = msg.find("too deep") != std::string::npos ? Code::TooDeep : Code::YamlSyntax;
    out->push_back(make(code, rel, e.mark.line + 1, e.mark.column + 1, "YAML: " + msg));
    return nullptr;
  }
  auto root = builder.take();
  if (!root) {
    out->push_back(make(Code::MissingKey, rel, 1, 1, "file is empty"));
    return nullptr;
  }
  return root;
}

}  // namespace kindly::detail
