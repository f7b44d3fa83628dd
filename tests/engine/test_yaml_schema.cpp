// The interpreter's two lowest layers, tested directly: reading a file safely and building the
// YAML tree (yaml_tree.h), and reading a map against its keys (schema.h). The loader tests go
// through them too, but only along the paths a course file happens to take; here each rule
// has its own case.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "schema.h"
#include "test_support.h"
#include "yaml_tree.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::detail;
using kindly::test::TempDir;

namespace {

std::size_t bad_at(const std::string& s) {
  std::size_t at = 12345;
  CHECK_FALSE(valid_utf8(s, &at));
  return at;
}

std::unique_ptr<YNode> parse(const std::string& text, std::vector<Diagnostic>* out,
                             const LoadLimits& limits = {}) {
  return parse_yaml(text, "f.yaml", limits, out);
}

// Parses `text` (which must be valid) for the schema cases.
std::unique_ptr<YNode> tree(const std::string& text) {
  std::vector<Diagnostic> d;
  auto t = parse(text, &d);
  REQUIRE_MESSAGE(t, "test YAML does not parse");
  return t;
}

const Diagnostic& only(Diagnostics& d) {
  REQUIRE(d.list().size() == 1);
  return d.list().front();
}

}  // namespace

TEST_CASE("utf-8: good text passes, and each kind of bad sequence is found at its first byte") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain"));
  CHECK(valid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8C\xBF"));
  CHECK(bad_at("ab\x80") == 2);                // a continuation byte alone
  CHECK(bad_at("\xF8\x88\x80\x80\x80") == 0);  // a five-byte form
  CHECK(bad_at("x\xE2\x80") == 1);             // cut short at the end
  CHECK(bad_at("\xC3\x28") == 0);              // not followed by a continuation byte
  CHECK(bad_at("\xC0\xAF") == 0);              // overlong '/'
  CHECK(bad_at("\xE0\x80\xAF") == 0);          // overlong, three bytes
  CHECK(bad_at("\xF0\x80\x80\xAF") == 0);      // overlong, four bytes
  CHECK(bad_at("\xED\xA0\x80") == 0);          // a UTF-16 surrogate
  CHECK(bad_at("\xF4\x90\x80\x80") == 0);      // beyond U+10FFFF
  CHECK_FALSE(valid_utf8("\xFF"));             // and without asking where
}

TEST_CASE("read_text_file: missing, not regular, too large, binary and bad UTF-8 are refused") {
  TempDir tmp;
  std::string text;
  std::vector<Diagnostic> out;
  const LoadLimits limits;

  CHECK_FALSE(read_text_file(tmp.path() / "none.yaml", "none.yaml", limits, &text, &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::MissingFile);
  CHECK(out[0].file == "none.yaml");

  out.clear();
  fs::create_directories(tmp.path() / "dir.yaml");
  CHECK_FALSE(read_text_file(tmp.path() / "dir.yaml", "dir.yaml", limits, &text, &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].message.find("not a regular file") != std::string::npos);

  out.clear();
  test::write_file(tmp.path() / "big.yaml", "0123456789");
  LoadLimits small;
  small.max_file_bytes = 4;
  CHECK_FALSE(read_text_file(tmp.path() / "big.yaml", "big.yaml", small, &text, &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::FileTooLarge);
  CHECK(out[0].message.find("10 bytes") != std::string::npos);

  out.clear();
  test::write_file(tmp.path() / "nul.yaml", std::string("a: 1\n\0", 6));
  CHECK_FALSE(read_text_file(tmp.path() / "nul.yaml", "nul.yaml", limits, &text, &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::NotUtf8);
  CHECK(out[0].message.find("NUL") != std::string::npos);

  out.clear();
  test::write_file(tmp.path() / "bad.yaml", "ab\nc\xC3\xA9\xFF");
  CHECK_FALSE(read_text_file(tmp.path() / "bad.yaml", "bad.yaml", limits, &text, &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::NotUtf8);
  CHECK(out[0].line == 2);
  CHECK(out[0].col == 3);  // counted in characters: 'c', 'é', then the bad byte
}

TEST_CASE("read_text_file: a BOM is dropped and CRLF or a lone CR become LF") {
  TempDir tmp;
  test::write_file(tmp.path() / "w.yaml", "\xEF\xBB\xBFone\r\ntwo\rthree\n");
  std::string text;
  std::vector<Diagnostic> out;
  REQUIRE(read_text_file(tmp.path() / "w.yaml", "w.yaml", {}, &text, &out));
  CHECK(out.empty());
  CHECK(text == "one\ntwo\nthree\n");
}

TEST_CASE("parse_yaml: the tree keeps kinds, order, positions and quoting") {
  auto t = tree("b: plain\na: 'quoted'\nlist: [1, two]\nnothing:\nmap: {k: v}\n");
  REQUIRE(t->is_map());
  REQUIRE(t->entries.size() == 5);
  CHECK(t->entries[0].first->value == "b");  // file order, not sorted
  CHECK(t->entries[0].second->value == "plain");
  CHECK_FALSE(t->entries[0].second->quoted);
  CHECK(t->entries[1].second->quoted);
  CHECK(t->entries[1].second->line == 2);
  CHECK(t->entries[1].second->col == 4);
  CHECK(t->entries[2].second->is_seq());
  CHECK(t->entries[2].second->items.size() == 2);
  CHECK(t->entries[3].second->is_null());
  CHECK(t->entries[4].second->is_map());
  CHECK(std::string(t->entries[0].second->kind_name()) == "a text or number");
  CHECK(std::string(t->entries[2].second->kind_name()) == "a list");
  CHECK(std::string(t->entries[3].second->kind_name()) == "nothing");
  CHECK(std::string(t->kind_name()) == "a map");
}

TEST_CASE("parse_yaml: empty files, two documents, anchors, aliases and limits are refused") {
  std::vector<Diagnostic> out;
  CHECK_FALSE(parse("", &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "file is empty");

  out.clear();
  CHECK_FALSE(parse("# only a comment\n", &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "file is empty");

  out.clear();
  CHECK_FALSE(parse("a: 1\n---\nb: 2\n", &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::YamlSyntax);
  CHECK(out[0].message.find("more than one YAML document") != std::string::npos);

  out.clear();
  CHECK_FALSE(parse("a: 1\nb: &x 2\n", &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::AliasRejected);
  CHECK(out[0].line == 2);

  out.clear();
  CHECK_FALSE(parse("a: [1, *x]\n", &out));  // an alias with no anchor: yaml-cpp's own error
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::YamlSyntax);

  out.clear();
  LoadLimits shallow;
  shallow.max_depth = 2;
  CHECK_FALSE(parse("a: {b: {c: 1}}\n", &out, shallow));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::TooDeep);
  CHECK(out[0].message.find("deeper than 2") != std::string::npos);

  out.clear();
  LoadLimits few;
  few.max_nodes = 3;
  CHECK_FALSE(parse("a: 1\nb: 2\n", &out, few));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::TooManyNodes);

  out.clear();
  CHECK_FALSE(parse("a: [1, 2\n", &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == Code::YamlSyntax);
  CHECK(out[0].line >= 1);
  CHECK(out[0].message.rfind("YAML: ", 0) == 0);
}

TEST_CASE("schema: scalars convert only when they are plainly what is asked for") {
  auto t = tree(
      "- +5\n- -3\n- '7'\n- 5x\n- 99999999999999999999\n- 1.5\n- .inf\n- nan\n- yes\n- Off\n"
      "- maybe\n- [1]\n- +\n");
  const auto& v = t->items;
  CHECK(as_integer(*v[0]) == 5);
  CHECK(as_integer(*v[1]) == -3);
  CHECK_FALSE(as_integer(*v[2]));   // quoted: text, not a number
  CHECK_FALSE(as_integer(*v[3]));   // trailing junk
  CHECK_FALSE(as_integer(*v[4]));   // out of range
  CHECK_FALSE(as_integer(*v[5]));   // not whole
  CHECK_FALSE(as_integer(*v[11]));  // a list
  CHECK_FALSE(as_integer(*v[12]));  // a sign alone
  CHECK(as_number(*v[5]) == doctest::Approx(1.5));
  CHECK(as_number(*v[1]) == doctest::Approx(-3));
  CHECK_FALSE(as_number(*v[6]));  // infinity is not a duration
  CHECK_FALSE(as_number(*v[7]));
  CHECK_FALSE(as_number(*v[2]));
  CHECK_FALSE(as_number(*v[11]));
  CHECK(as_bool(*v[8]) == true);
  CHECK(as_bool(*v[9]) == false);
  CHECK_FALSE(as_bool(*v[10]));
  CHECK_FALSE(as_bool(*v[2]));
  CHECK_FALSE(as_bool(*v[11]));
}

TEST_CASE("schema: ids and did-you-mean") {
  CHECK(is_valid_id("w1-intro_2"));
  CHECK_FALSE(is_valid_id(""));
  CHECK_FALSE(is_valid_id("Week1"));
  CHECK_FALSE(is_valid_id("a b"));
  CHECK(is_valid_id(std::string(64, 'a')));
  CHECK_FALSE(is_valid_id(std::string(65, 'a')));
  const std::vector<std::string> keys{"minutes", "title", "summary"};
  CHECK(did_you_mean("minuts", keys) == "minutes");
  CHECK(did_you_mean("zzzzzz", keys).empty());
  CHECK(did_you_mean(std::string(201, 'm'), keys).empty());  // no quadratic work on junk
  CHECK(did_you_mean("titel", {std::string(300, 'x'), "title"}) == "title");
  CHECK(hint_for("titel", keys) == "did you mean 'title'?");
  CHECK(hint_for("zzzzzz", keys).empty());
}

TEST_CASE("schema: MapReader reports each wrong value at the value, missing keys at the map") {
  auto t = tree(
      "name: [x]\nblank: '  '\nnone:\nid: Not-An-Id\ncount: 500\nwhole: 2.5\nratio: 9\n"
      "ratio_text: abc\nflag: maybe\nlist: 3\nmap: [1]\n");
  Diagnostics d;
  MapReader r(d, "f.yaml", *t, "thing");
  REQUIRE(r.ok());

  CHECK_FALSE(r.text("name", true));
  CHECK(only(d).code == Code::WrongType);
  CHECK(only(d).line == 1);
  CHECK(only(d).message == "thing: 'name' should be text, but is a list");

  d.list().clear();
  CHECK_FALSE(r.text("blank", true));
  CHECK(only(d).code == Code::EmptyValue);
  d.list().clear();
  CHECK_FALSE(r.text("none", true));
  CHECK(only(d).code == Code::EmptyValue);
  d.list().clear();
  CHECK(r.text("none", false) == std::string());  // optional and empty: fine
  CHECK(d.list().empty());

  CHECK_FALSE(r.text("absent", true));
  CHECK(only(d).code == Code::MissingKey);
  CHECK(only(d).line == 1);  // the map's own position
  CHECK(only(d).message == "thing: missing key 'absent'");
  d.list().clear();
  CHECK_FALSE(r.text("absent", false));
  CHECK(d.list().empty());

  CHECK_FALSE(r.id("id", true));
  CHECK(only(d).code == Code::BadId);
  CHECK(only(d).line == 4);
  d.list().clear();

  CHECK_FALSE(r.integer("count", true, 1, 180, Code::BadDuration));
  CHECK(only(d).code == Code::BadDuration);
  CHECK(only(d).message == "thing: 'count' is 500, expected 1 to 180");
  d.list().clear();
  CHECK_FALSE(r.integer("whole", true, 0, 10));
  CHECK(only(d).code == Code::WrongType);
  CHECK(only(d).message == "thing: 'whole' should be a whole number, but is '2.5'");
  d.list().clear();
  CHECK(r.integer("list", true, 0, 10) == 3);
  CHECK(d.list().empty());
  CHECK_FALSE(r.integer("map", true, 0, 10));
  CHECK(only(d).message == "thing: 'map' should be a whole number, but is a list");
  d.list().clear();

  CHECK_FALSE(r.number("ratio", true, 0.5, 2.0));
  CHECK(only(d).code == Code::BadValue);
  CHECK(only(d).message == "thing: 'ratio' is 9, expected 0.5 to 2");
  d.list().clear();
  CHECK_FALSE(r.number("ratio_text", true, 0, 1));
  CHECK(only(d).message == "thing: 'ratio_text' should be a number, but is 'abc'");
  d.list().clear();
  CHECK_FALSE(r.number("map", true, 0, 1));
  CHECK(only(d).message == "thing: 'map' should be a number, but is a list");
  d.list().clear();
  CHECK(r.number("whole", true, 0, 10) == doctest::Approx(2.5));

  CHECK_FALSE(r.boolean("flag"));
  CHECK(only(d).message == "thing: 'flag' should be true or false, but is 'maybe'");
  d.list().clear();
  CHECK_FALSE(r.boolean("map"));
  CHECK(only(d).message == "thing: 'map' should be true or false, but is a list");
  d.list().clear();

  CHECK_FALSE(r.seq("list", true));
  CHECK(only(d).message == "thing: 'list' should be a list, but is a text or number");
  d.list().clear();
  CHECK_FALSE(r.map("map", true));
  CHECK(only(d).message == "thing: 'map' should be a map, but is a list");
  d.list().clear();
  CHECK(r.seq("map", true) != nullptr);
  CHECK_FALSE(r.seq("absent", false));
  CHECK_FALSE(r.map("absent", false));
  CHECK(d.list().empty());
}

TEST_CASE("schema: finish reports unknown keys with a hint, duplicates, and keys that are maps") {
  auto t = tree("title: a\ntitel: b\ntitle: c\n? [k]\n: v\n");
  Diagnostics d;
  MapReader r(d, "f.yaml", *t, "thing");
  (void)r.text("title", true);
  r.finish();
  bool unknown = false, duplicate = false, odd_key = false;
  for (const auto& x : d.list()) {
    if (x.code == Code::UnknownKey) {
      unknown = true;
      CHECK(x.severity == Severity::Warning);
      CHECK(x.line == 2);
      CHECK(x.hint == "did you mean 'title'?");
    }
    if (x.code == Code::DuplicateId) {
      duplicate = true;
      CHECK(x.line == 3);
    }
    if (x.code == Code::WrongType) {
      odd_key = true;
      CHECK(x.message == "thing: a key should be plain text");
    }
  }
  CHECK(unknown);
  CHECK(duplicate);
  CHECK(odd_key);
  CHECK(d.has_errors());
}

TEST_CASE("schema: a MapReader over something that is not a map says so once and reads nothing") {
  auto t = tree("- a\n- b\n");
  Diagnostics d;
  MapReader r(d, "f.yaml", *t, "course.yaml");
  CHECK_FALSE(r.ok());
  CHECK(only(d).message == "course.yaml should be a map of keys, but is a list");
  CHECK_FALSE(r.text("title", true));
  CHECK_FALSE(r.has("title"));
  r.finish();
  CHECK(d.list().size() == 1);  // no missing-key or unknown-key echoes
}

TEST_CASE(
    "schema: a language is a well-formed BCP 47 tag: language[-script][-region][-variant]...") {
  for (const char* ok : {"en", "de", "ast", "pt-BR", "EN-gb", "sr-Latn", "sr-Latn-RS", "es-419",
                         "de-CH-1996", "ca-ES-valencia", "sl-rozaj-biske"})
    CHECK_MESSAGE(is_valid_language_tag(ok), ok);
  for (const char* bad : {"", "e", "english", "en_GB", "en-", "-en", "en--GB", "en-G", "en-GBR1",
                          "pt-BR-x", "en-u-ca", "12", "en-Latn-Latn", "e\xC3\xA9"})
    CHECK_FALSE_MESSAGE(is_valid_language_tag(bad), bad);
}
