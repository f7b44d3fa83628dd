// Full data export (canonical JSON) and import (validate everything, then one transaction).
//
// Sections: writing JSON · reading and validating · reading a store · importing.
#include "kindly/data_export.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "kindly/recordings.h"
#include "kindly/store.h"
#include "sealer.h"

namespace kindly {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// ---- writing JSON -----------------------------------------------------------------------------

namespace {

ojson time_json(TimePoint t) {
  return format_time_utc(t);
}

ojson optional_int(const std::optional<int>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

ojson event_json(const Event& e) {
  ojson j;
  j["seq"] = e.seq;
  j["type"] = to_string(e.type);
  j["at"] = time_json(e.at);
  j["recorded_at"] = time_json(e.recorded_at);
  j["course_id"] = e.course_id;
  j["course_version"] = e.course_version;
  j["module"] = e.module;
  j["week"] = e.week;
  j["item"] = e.item;
  j["practice"] = e.practice;
  j["minutes"] = e.minutes;
  j["note"] = e.note;
  j["distress_before"] = optional_int(e.distress_before);
  j["distress_after"] = optional_int(e.distress_after);
  j["answers"] = e.answers;
  j["entry_id"] = e.entry_id;
  j["reason"] = e.reason;
  return j;
}

ojson entry_json(const ExportedEntry& x) {
  const JournalEntry& e = x.entry;
  ojson j;
  j["id"] = e.id;
  j["created_at"] = time_json(e.created_at);
  j["updated_at"] = time_json(e.updated_at);
  j["deleted_at"] = e.deleted_at ? time_json(*e.deleted_at) : ojson(nullptr);
  j["module"] = e.module;
  j["week"] = e.week;
  j["item"] = e.item;
  j["prompt"] = e.prompt;
  j["text"] = e.text;
  ojson revs = ojson::array();
  for (const auto& r : x.revisions) {
    ojson jr;
    jr["rev"] = r.rev;
    jr["saved_at"] = time_json(r.saved_at);
    jr["text"] = r.text;
    revs.push_back(std::move(jr));
  }
  j["revisions"] = std::move(revs);
  return j;
}

}  // namespace

std::string export_json(const DataExport& d) {
  ojson j;
  j["format"] = kExportFormat;
  j["schema_version"] = d.schema_version;
  j["kindly_version"] = d.kindly_version;
  j["course"] = ojson{{"id", d.course_id}, {"version", d.course_version}};
  j["sequences"] = ojson{{"events", d.events_sequence}, {"journal_entries", d.journal_sequence}};
  ojson events = ojson::array();
  for (const auto& e : d.events) events.push_back(event_json(e));
  j["events"] = std::move(events);
  ojson journal = ojson::array();
  for (const auto& x : d.journal) journal.push_back(entry_json(x));
  j["journal"] = std::move(journal);
  if (!d.recordings.empty()) {
    j["schema_version"] = 2;
    ojson recs = ojson::array();
    for (const auto& r : d.recordings)
      recs.push_back(
          ojson{{"practice", r.practice}, {"step", r.step}, {"file", r.file}, {"bytes", r.bytes}});
    j["recordings"] = std::move(recs);
  }
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

// ---- reading and validating -----------------------------------------------------------------

namespace {

struct Invalid {
  std::string path;
  std::string message;
};

const char* type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

// A JSON value with its path, for messages like "$.events[3].type: missing field".
class Node {
 public:
  Node(const json& v, std::string path) : v_(v), path_(std::move(path)) {}
  const json& value() const { return v_; }
  const std::string& path() const { return path_; }

  [[noreturn]] void fail(const std::string& msg) const { throw Invalid{path_, msg}; }

  Node field(const char* key) const {
    if (!v_.is_object()) fail(std::string("expected an object, found ") + type_name(v_));
    auto it = v_.find(key);
    if (it == v_.end()) throw Invalid{path_ + "." + key, "missing field"};
    return Node(*it, path_ + "." + key);
  }
  std::vector<Node> elements() const {
    if (!v_.is_array()) fail(std::string("expected an array, found ") + type_name(v_));
    std::vector<Node> out;
    out.reserve(v_.size());
    for (std::size_t i = 0; i < v_.size(); ++i)
      out.emplace_back(v_[i], path_ + "[" + std::to_string(i) + "]");
    return out;
  }
  std::string str() const {
    if (!v_.is_string()) fail(std::string("expected a string, found ") + type_name(v_));
    return v_.get<std::string>();
  }
  std::int64_t int64() const {
    if (!v_.is_number_integer()) fail(std::string("expected an integer, found ") + type_name(v_));
    if (v_.is_number_unsigned() && v_.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      fail("integer out of range");
    return v_.get<std::int64_t>();
  }
  // An id or a counter of ids: 0 .. kMaxImportId (SQLite's 2^63-1 would make every later
  // write fail as if the disk were full).
  std::int64_t id() const {
    const std::int64_t v = int64();
    if (v < 0 || v > kMaxImportId)
      fail("id out of range (0.." + std::to_string(kMaxImportId) + "), found " + std::to_string(v));
    return v;
  }
  int int32() const {
    const std::int64_t v = int64();
    if (v < INT_MIN || v > INT_MAX) fail("integer out of range");
    return static_cast<int>(v);
  }
  TimePoint time() const {
    const std::string s = str();
    // A zone is required (Z or an offset) so that the time does not depend on the reader's TZ.
    const bool zoned =
        !s.empty() &&
        (s.back() == 'Z' || (s.size() > 16 && s.find_first_of("+-", 16) != std::string::npos));
    auto t = zoned ? parse_time(s) : std::nullopt;
    if (!t)
      fail("expected a UTC time like 2026-12-01T09:30:00Z, found \"" + s.substr(0, 40) + "\"");
    return *t;
  }
  std::optional<TimePoint> optional_time() const {
    if (v_.is_null()) return std::nullopt;
    return time();
  }
  std::optional<int> distress() const {
    if (v_.is_null()) return std::nullopt;
    const int v = int32();
    if (v < 0 || v > 10) fail("distress must be 0..10 or null, found " + std::to_string(v));
    return v;
  }

 private:
  const json& v_;
  std::string path_;
};

Event parse_event(const Node& n) {
  Event e;
  e.seq = n.field("seq").id();
  const Node type = n.field("type");
  auto t = event_type_from_string(type.str());
  if (!t) type.fail("unknown event type \"" + type.str().substr(0, 40) + "\"");
  e.type = *t;
  e.at = n.field("at").time();
  e.recorded_at = n.field("recorded_at").time();
  e.course_id = n.field("course_id").str();
  e.course_version = n.field("course_version").str();
  e.module = n.field("module").str();
  e.week = n.field("week").int32();
  e.item = n.field("item").str();
  e.practice = n.field("practice").str();
  e.minutes = n.field("minutes").int32();
  e.note = n.field("note").str();
  e.distress_before = n.field("distress_before").distress();
  e.distress_after = n.field("distress_after").distress();
  for (const auto& a : n.field("answers").elements()) e.answers.push_back(a.int32());
  e.entry_id = n.field("entry_id").id();
  e.reason = n.field("reason").str();
  return e;
}

ExportedEntry parse_entry(const Node& n) {
  ExportedEntry x;
  JournalEntry& e = x.entry;
  e.id = n.field("id").id();
  if (e.id < 1) n.field("id").fail("ids start at 1");
  e.created_at = n.field("created_at").time();
  e.updated_at = n.field("updated_at").time();
  e.deleted_at = n.field("deleted_at").optional_time();
  e.module = n.field("module").str();
  e.week = n.field("week").int32();
  e.item = n.field("item").str();
  e.prompt = n.field("prompt").int32();
  e.text = n.field("text").str();
  const Node revs = n.field("revisions");
  int last = 0;
  for (const auto& r : revs.elements()) {
    JournalRevision rev;
    const Node rn = r.field("rev");
    rev.rev = rn.int32();
    if (rev.rev <= last) rn.fail("revisions must be numbered 1, 2, ... in order");
    last = rev.rev;
    rev.saved_at = r.field("saved_at").time();
    rev.text = r.field("text").str();
    x.revisions.push_back(std::move(rev));
  }
  if (x.revisions.empty()) revs.fail("an entry has at least one revision");
  e.revisions = static_cast<int>(x.revisions.size());
  return x;
}

// Events and journal entries are taken out of the document while it is parsed, one element
// at a time (parse_export's callback), so that the parsed tree never holds more than one of
// them: memory stays a small multiple of the file however the file is made up.
struct Streamed {
  std::string root_key;  // the root field being parsed
  bool events_seen = false, journal_seen = false;
  std::size_t recordings = 0;  // elements of $.recordings seen (bounded like plain values)
  std::vector<Event> events;
  std::vector<ExportedEntry> journal;

  bool streams() const { return root_key == "events" || root_key == "journal"; }
  std::string element_path() const {
    const std::size_t i = root_key == "events" ? events.size() : journal.size();
    return "$." + root_key + "[" + std::to_string(i) + "]";
  }
  // A whole element of $.events or $.journal, as parsed.
  void take(const json& element) {
    const Node n(element, element_path());
    if (root_key == "events") {
      Event e = parse_event(n);
      if (!events.empty() && e.seq <= events.back().seq)
        n.field("seq").fail("seq must increase from event to event (from 1)");
      events.push_back(std::move(e));
    } else {
      ExportedEntry x = parse_entry(n);
      if (!journal.empty() && x.entry.id <= journal.back().entry.id)
        n.field("id").fail("ids must increase from entry to entry");
      journal.push_back(std::move(x));
    }
  }
};

// $.recordings: each name is rebuilt from the validated practice id and step and must equal
// `file` exactly, so no name in the file can point anywhere else.
std::vector<ExportedRecording> parse_recordings(const Node& list) {
  std::vector<ExportedRecording> out;
  std::set<std::pair<std::string, int>> seen;
  for (const Node& n : list.elements()) {
    ExportedRecording r;
    const Node practice = n.field("practice");
    r.practice = practice.str();
    if (!valid_recording_id(r.practice))
      practice.fail("not a practice id (1-64 of a-z, 0-9, '-', '_')");
    const Node step = n.field("step");
    r.step = step.int32();
    if (!valid_recording_step(r.step))
      step.fail("a step is 1.." + std::to_string(kMaxRecordingStep));
    const Node file = n.field("file");
    r.file = file.str();
    const std::size_t dot = r.file.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : r.file.substr(dot + 1);
    if (!valid_recording_extension(ext) ||
        r.file != r.practice + "/" + recording_file_name(r.step, ext))
      file.fail("expected \"" + r.practice + "/" + recording_file_name(r.step, "wav") +
                "\" (or .flac, .ogg)");
    const Node bytes = n.field("bytes");
    r.bytes = bytes.int64();
    if (r.bytes < 0 || r.bytes > kMaxRecordingBytes)
      bytes.fail("a recording is 0.." + std::to_string(kMaxRecordingBytes) + " bytes");
    if (!seen.emplace(r.practice, r.step).second) n.fail("a second recording of the same step");
    out.push_back(std::move(r));
  }
  return out;
}

DataExport parse_document(const json& doc, Streamed& st) {
  const Node root(doc, "$");
  if (!doc.is_object()) root.fail(std::string("expected an object, found ") + type_name(doc));
  DataExport d;
  const Node format = root.field("format");
  if (format.str() != kExportFormat)
    format.fail("not a Kindly export (expected \"" + std::string(kExportFormat) + "\")");
  const Node version = root.field("schema_version");
  d.schema_version = version.int32();
  if (d.schema_version > kExportSchemaVersion)
    version.fail("written by a newer Kindly (schema " + std::to_string(d.schema_version) +
                 "); this Kindly reads up to " + std::to_string(kExportSchemaVersion));
  if (d.schema_version < 1) version.fail("unknown schema version");
  d.kindly_version = root.field("kindly_version").str();
  const Node course = root.field("course");
  d.course_id = course.field("id").str();
  d.course_version = course.field("version").str();
  const Node seqs = root.field("sequences");
  d.events_sequence = seqs.field("events").id();
  d.journal_sequence = seqs.field("journal_entries").id();

  // Both must be arrays; their elements were taken out while parsing (Streamed).
  root.field("events").elements();
  root.field("journal").elements();
  d.events = std::move(st.events);
  d.journal = std::move(st.journal);
  if (doc.contains("recordings")) d.recordings = parse_recordings(root.field("recordings"));
  const std::int64_t last_seq = d.events.empty() ? 0 : d.events.back().seq;
  const std::int64_t last_id = d.journal.empty() ? 0 : d.journal.back().entry.id;
  if (d.events_sequence < last_seq)
    seqs.field("events").fail("is lower than the largest seq (" + std::to_string(last_seq) + ")");
  if (d.journal_sequence < last_id)
    seqs.field("journal_entries")
        .fail("is lower than the largest journal id (" + std::to_string(last_id) + ")");
  return d;
}

}  // namespace

namespace {

// Thrown by the parser callback to stop at once (nlohmann lets exceptions through).
struct TooDeep {
  std::size_t byte = 0;
  std::string message;
};

// The fields parse_document() reads; anything else is dropped while parsing, so an unknown
// field costs no memory, however large.
bool known_key(const std::string& k) {
  static const char* const keys[] = {"format",
                                     "schema_version",
                                     "kindly_version",
                                     "course",
                                     "id",
                                     "version",
                                     "sequences",
                                     "events",
                                     "journal_entries",
                                     "journal",
                                     "seq",
                                     "type",
                                     "at",
                                     "recorded_at",
                                     "course_id",
                                     "course_version",
                                     "module",
                                     "week",
                                     "item",
                                     "practice",
                                     "minutes",
                                     "note",
                                     "distress_before",
                                     "distress_after",
                                     "answers",
                                     "entry_id",
                                     "reason",
                                     "created_at",
                                     "updated_at",
                                     "deleted_at",
                                     "prompt",
                                     "text",
                                     "revisions",
                                     "rev",
                                     "saved_at",
                                     "recordings",
                                     "step",
                                     "file",
                                     "bytes"};
  for (const char* key : keys)
    if (k == key) return true;
  return false;
}

}  // namespace

// Over 80 lines because the parser callback (bounds, dropped fields, elements taken out of
// the tree) and the error mapping belong together: each exception the callback throws is
// turned into a refusal right below it.
Result<DataExport> parse_export(std::string_view text) {
  // nlohmann's lexer takes a NUL byte for the end of the input, so "export\0garbage" would
  // parse; JSON text never holds a raw NUL.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    return Error::refused(RefusalCode::NotAnExport,
                          "not valid JSON at byte " + std::to_string(nul + 1) +
                              ": a NUL byte (the file is not a Kindly export, or has bytes "
                              "after its end)");
  json doc;
  // Bounds on the parsed tree, checked as it is built: nesting (an export is 4 deep), and
  // the length of an array of plain values (a check-in's answers).
  std::vector<std::size_t> scalars;  // per open container: plain values seen (arrays only)
  std::vector<bool> is_array;
  Streamed st;
  // Inside $.events or $.journal (an array): depth 2 is one of their elements.
  auto in_stream = [&] { return is_array.size() == 2 && is_array[1] && st.streams(); };
  auto limit = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
    using E = json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        if (depth >= kMaxImportDepth)
          throw TooDeep{0, "nested more than " + std::to_string(kMaxImportDepth) +
                               " levels deep; a Kindly export is 4"};
        if (event == E::array_start && depth == 2 && in_stream())
          throw Invalid{st.element_path(), "expected an object, found an array"};
        is_array.push_back(event == E::array_start);
        scalars.push_back(0);
        return true;
      case E::object_end:
      case E::array_end:
        if (!is_array.empty()) {
          is_array.pop_back();
          scalars.pop_back();
        }
        // (The element's own entry is popped already: [root, $.recordings] remain.)
        if (event == E::object_end && depth == 2 && is_array.size() == 2 && is_array[1] &&
            st.root_key == "recordings" && ++st.recordings > kMaxImportArray)
          throw TooDeep{0, "more than " + std::to_string(kMaxImportArray) +
                               " recordings; Kindly keeps at most one per step"};
        if (event == E::object_end && depth == 2 && in_stream()) {
          st.take(parsed);
          return false;  // taken: not kept in the tree
        }
        return true;
      case E::key: {
        const std::string& key = parsed.get_ref<const std::string&>();
        if (depth == 1) {
          st.root_key = key;
          bool& seen = key == "events" ? st.events_seen : st.journal_seen;
          if (st.streams() && seen) throw Invalid{"$." + key, "the field appears twice"};
          if (st.streams()) seen = true;
        }
        return known_key(key);
      }
      case E::value:
        if (depth == 2 && in_stream())
          throw Invalid{st.element_path(),
                        std::string("expected an object, found ") + type_name(parsed)};
        if (!is_array.empty() && is_array.back() && ++scalars.back() > kMaxImportArray)
          throw TooDeep{0, "an array of more than " + std::to_string(kMaxImportArray) +
                               " values; no list in a Kindly export is that long"};
        return true;
    }
    return true;
  };
  try {
    doc = json::parse(text.begin(), text.end(), limit);
  } catch (const TooDeep& e) {
    return Error::refused(RefusalCode::NotAnExport, "not a Kindly export: " + e.message);
  } catch (const Invalid& bad) {
    return Error::refused(RefusalCode::NotAnExport, bad.path + ": " + bad.message);
  } catch (const json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return Error::refused(RefusalCode::NotAnExport,
                          "not valid JSON at byte " + std::to_string(e.byte) + ": " + what);
  } catch (const json::exception& e) {
    // e.g. out_of_range.406 "number overflow parsing '1e999'" (found by fuzz_import).
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return Error::refused(RefusalCode::NotAnExport, "not valid JSON: " + what);
  }
  try {
    return parse_document(doc, st);
  } catch (const Invalid& bad) {
    return Error::refused(RefusalCode::NotAnExport, bad.path + ": " + bad.message);
  }
}

// ---- reading a store ------------------------------------------------------------------------

namespace {

Event read_event_row(SQLite::Statement& q) {
  Event e;
  e.seq = q.getColumn(0).getInt64();
  const std::string type = q.getColumn(1).getString();
  auto t = event_type_from_string(type);
  if (!t) {
    throw DataError("the event log has an event of unknown type '" + type + "' (seq " +
                        std::to_string(e.seq) + ")",
                    "");
  }
  e.type = *t;
  e.at = from_unix(q.getColumn(2).getInt64());
  e.recorded_at = from_unix(q.getColumn(3).getInt64());
  e.course_id = q.getColumn(4).getString();
  e.course_version = q.getColumn(5).getString();
  e.module = q.getColumn(6).getString();
  e.week = q.getColumn(7).getInt();
  e.item = q.getColumn(8).getString();
  e.practice = q.getColumn(9).getString();
  e.minutes = q.getColumn(10).getInt();
  e.note = q.getColumn(11).getString();
  if (!q.getColumn(12).isNull()) e.distress_before = q.getColumn(12).getInt();
  if (!q.getColumn(13).isNull()) e.distress_after = q.getColumn(13).getInt();
  // Stored as a JSON array; read exactly as Store::events() reads it.
  const auto answers = json::parse(q.getColumn(14).getString(), nullptr, false);
  if (answers.is_array()) {
    for (const auto& v : answers)
      if (v.is_number_integer()) e.answers.push_back(v.get<int>());
  }
  e.entry_id = q.getColumn(15).getInt64();
  e.reason = q.getColumn(16).getString();
  return e;
}

}  // namespace

DataExport read_export(Store& store, const std::string& course_id,
                       const std::string& course_version) {
  DataExport d;
  d.kindly_version = KINDLY_VERSION;
  d.course_id = course_id;
  d.course_version = course_version;
  try {
    // One read transaction on a connection of our own: every SELECT below sees the same
    // snapshot, whatever the app or a script commits meanwhile.
    auto reader = store.open_reader();
    SQLite::Database& db = *reader;
    db.exec("BEGIN");
    SQLite::Statement seqs(db, "SELECT name, seq FROM sqlite_sequence");
    while (seqs.executeStep()) {
      const std::string name = seqs.getColumn(0).getString();
      if (name == "events") d.events_sequence = seqs.getColumn(1).getInt64();
      if (name == "journal_entries") d.journal_sequence = seqs.getColumn(1).getInt64();
    }
    SQLite::Statement ev(db,
                         "SELECT seq, type, at, recorded_at, course_id, course_version, module, "
                         "week, item, practice, minutes, kindly_open('events.note', seq, note), "
                         "distress_before, distress_after, "
                         "kindly_open('events.answers', seq, answers), entry_id, "
                         "kindly_open('events.reason', seq, reason) FROM events ORDER BY seq");
    while (ev.executeStep()) d.events.push_back(read_event_row(ev));
    SQLite::Statement je(db, std::string("SELECT ") + journal_entry_columns() +
                                 " FROM journal_entries e ORDER BY e.id");
    while (je.executeStep()) {
      ExportedEntry x;
      x.entry = read_journal_entry(je);
      d.journal.push_back(std::move(x));
    }
    SQLite::Statement rv(db,
                         "SELECT entry_id, rev, "
                         "kindly_open('journal_revisions.text', entry_id || '/' || rev, text), "
                         "saved_at FROM journal_revisions "
                         "ORDER BY entry_id, rev");
    std::size_t at = 0;
    while (rv.executeStep()) {
      const std::int64_t id = rv.getColumn(0).getInt64();
      while (at < d.journal.size() && d.journal[at].entry.id < id) ++at;
      if (at == d.journal.size() || d.journal[at].entry.id != id) continue;  // no such entry
      d.journal[at].revisions.push_back({rv.getColumn(1).getInt(), rv.getColumn(2).getString(),
                                         from_unix(rv.getColumn(3).getInt64())});
    }
    db.exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    throw DataError(std::string("cannot read ") + store.path().string() + ": " + e.what(),
                    store.path().string());
  } catch (const DataError& e) {
    throw DataError(e.what(), store.path().string());
  }
  for (auto& x : d.journal) x.entry.revisions = static_cast<int>(x.revisions.size());
  if (!d.events.empty()) d.events_sequence = std::max(d.events_sequence, d.events.back().seq);
  if (!d.journal.empty())
    d.journal_sequence = std::max(d.journal_sequence, d.journal.back().entry.id);
  return d;
}

// ---- importing ------------------------------------------------------------------------------

namespace {

bool has_table(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

std::int64_t count_rows(SQLite::Database& db, const char* table) {
  if (!has_table(db, table)) return 0;
  SQLite::Statement q(db, std::string("SELECT count(*) FROM ") + table);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// Events and journal entries (either schema) in an open database.
std::int64_t kindly_rows(SQLite::Database& db) {
  return count_rows(db, "events") + count_rows(db, "journal_entries") + count_rows(db, "journal");
}

void insert_event(SQLite::Database& db, const Event& e) {
  insert_event_row(db, e, true);
}

void insert_entry(SQLite::Database& db, const ExportedEntry& x) {
  const JournalEntry& e = x.entry;
  SQLite::Statement q(db,
                      "INSERT INTO journal_entries(id, created_at, updated_at, deleted_at, module, "
                      "week, item, prompt, text) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,"
                      "kindly_seal('journal_entries.text', ?1, ?9))");
  q.bind(1, static_cast<std::int64_t>(e.id));
  q.bind(2, static_cast<std::int64_t>(to_unix(e.created_at)));
  q.bind(3, static_cast<std::int64_t>(to_unix(e.updated_at)));
  if (e.deleted_at)
    q.bind(4, static_cast<std::int64_t>(to_unix(*e.deleted_at)));
  else
    q.bind(4);
  q.bind(5, e.module);
  q.bind(6, e.week);
  q.bind(7, e.item);
  q.bind(8, e.prompt);
  q.bind(9, e.text);
  q.exec();
  for (const auto& r : x.revisions) {
    SQLite::Statement rq(db,
                         "INSERT INTO journal_revisions(entry_id, rev, text, saved_at) "
                         "VALUES (?1, ?2, kindly_seal('journal_revisions.text', ?1 || '/' || "
                         "?2, ?3), ?4)");
    rq.bind(1, static_cast<std::int64_t>(e.id));
    rq.bind(2, r.rev);
    rq.bind(3, r.text);
    rq.bind(4, static_cast<std::int64_t>(to_unix(r.saved_at)));
    rq.exec();
  }
}

void set_sequence(SQLite::Database& db, const char* table, std::int64_t value) {
  if (value <= 0) return;
  SQLite::Statement ins(db,
                        "INSERT INTO sqlite_sequence(name, seq) SELECT ?1, ?2 WHERE NOT EXISTS "
                        "(SELECT 1 FROM sqlite_sequence WHERE name = ?1)");
  ins.bind(1, table);
  ins.bind(2, static_cast<std::int64_t>(value));
  ins.exec();
  SQLite::Statement up(db, "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2");
  up.bind(1, table);
  up.bind(2, static_cast<std::int64_t>(value));
  up.exec();
}

void remove_database(const fs::path& db) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path p = db;
    p += suffix;
    fs::remove(p, ec);
  }
}

}  // namespace

bool data_dir_is_empty(const fs::path& data_dir) {
  const fs::path path = data_dir / Store::kFileName;
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0) return true;
  try {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY, 5000);
    return kindly_rows(db) == 0;
  } catch (const SQLite::Exception& e) {
    throw DataError("cannot read " + path.string() + ": " + e.what(), path.string());
  }
}

Result<ImportSummary> import_data(const fs::path& data_dir, const DataExport& data) {
  const fs::path path = data_dir / Store::kFileName;
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  const std::string not_empty = "the data folder " + data_dir.string() +
                                " already holds Kindly data; import only into an empty data folder";
  const std::string hint = "choose a new folder with --data-dir, or move the old one aside";
  try {
    if (!data_dir_is_empty(data_dir))
      return Error::refused(RefusalCode::DataFolderNotEmpty, not_empty, hint);
  } catch (const DataError& e) {
    return Error::data(e.what(), e.path());
  }
  {
    // Creates the folder (0700) and the database (0600) with the current schema, or checks
    // an existing empty one (migrating it if old).
    auto store = Store::open(data_dir);
    if (!store) return store.error();
  }
  ImportSummary sum;
  try {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE, 5000);
    // A new folder has no passphrase: kindly_seal keeps the texts as they are.
    detail::register_seal_functions(db.getHandle(), std::make_shared<detail::Sealer>());
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA secure_delete=ON");
    db.exec("PRAGMA synchronous=FULL");
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (kindly_rows(db) != 0)
      return Error::refused(RefusalCode::DataFolderNotEmpty, not_empty, hint);  // written meanwhile
    {  // an empty folder with a passphrase already: import first, then lock it
      SQLite::Statement q(db, "SELECT 1 FROM meta WHERE key = 'lock'");
      if (q.executeStep())
        return Error::refused(RefusalCode::AlreadyLocked,
                              "the data folder " + data_dir.string() +
                                  " has a passphrase already; nothing was imported",
                              "import into a folder without one, then run `kindly lock set`");
    }
    for (const auto& e : data.events) insert_event(db, e);
    for (const auto& x : data.journal) {
      insert_entry(db, x);
      sum.revisions += static_cast<std::int64_t>(x.revisions.size());
      if (x.entry.deleted_at) ++sum.trashed;
    }
    set_sequence(db, "events", data.events_sequence);
    set_sequence(db, "journal_entries", data.journal_sequence);
    count_write(db);  // like every write (store.h)
    tx.commit();
  } catch (const SQLite::Exception& e) {
    if (!existed) remove_database(path);
    return Error::data(
        "cannot import into " + path.string() + ": " + e.what() + "; nothing was imported",
        path.string());
  }
  sum.course_id = data.course_id;
  sum.course_version = data.course_version;
  sum.events = static_cast<std::int64_t>(data.events.size());
  sum.entries = static_cast<std::int64_t>(data.journal.size());
  return sum;
}

Result<ImportSummary> import_file(const fs::path& data_dir, const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    return Error::refused(RefusalCode::NoSuchFile,
                          file.string() + ": no such file (or not a regular file)");
  if (fs::file_size(file, ec) > kMaxImportBytes)
    return Error::refused(RefusalCode::TooLarge,
                          file.string() + ": too large for a Kindly export (over " +
                              std::to_string(kMaxImportBytes >> 20) + " MiB)");
  // Read straight into one string of the file's size (a stringstream would hold it twice).
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(fs::file_size(file, ec)), '\0');
  if (ec || !in.read(text.data(), static_cast<std::streamsize>(text.size())))
    return Error::refused(RefusalCode::UnreadableFile, file.string() + ": cannot be read");
  if (in.peek() != std::char_traits<char>::eof())
    return Error::refused(RefusalCode::UnreadableFile,
                          file.string() + ": changed while it was read");
  auto parsed = parse_export(text);
  if (!parsed) {
    Error e = parsed.error();
    e.message = file.string() + ": " + e.message;
    e.hint = "nothing was imported";
    return e;
  }
  const DataExport& d = parsed.value();
  if (d.recordings.empty()) return import_data(data_dir, d);
  // The recordings: all checked before anything is written, copied in first, removed again if
  // the database cannot be written.
  const fs::path tree = recordings_beside(file);
  for (const auto& r : d.recordings) {
    const fs::path p = tree / r.file;
    std::int64_t size = -1;
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode)) size = std::int64_t(st.st_size);
    if (size != r.bytes)
      return Error::refused(RefusalCode::NoSuchFile,
                            file.string() + ": the recording " + p.string() +
                                (size < 0 ? " is missing (or not a regular file)"
                                          : " has " + std::to_string(size) + " bytes, not " +
                                                std::to_string(r.bytes)),
                            "nothing was imported; keep the folder " + tree.filename().string() +
                                " next to the export");
  }
  if (!list_recordings(data_dir).empty())
    return Error::refused(RefusalCode::DataFolderNotEmpty,
                          "the data folder " + data_dir.string() +
                              " already holds recordings; import only into an empty data folder",
                          "choose a new folder with --data-dir, or move the old one aside");
  if (!fs::is_directory(data_dir, ec)) {
    // As Store::open makes it: private.
    fs::create_directories(data_dir, ec);
    ::chmod(data_dir.c_str(), 0700);
  }
  std::int64_t copied = 0;
  auto undo = [&] {
    for (const auto& r : d.recordings) (void)remove_all_recordings(data_dir, r.practice);
  };
  for (const auto& r : d.recordings) {
    auto saved = save_recording_file(data_dir, r.practice, r.step, tree / r.file,
                                     r.file.substr(r.file.rfind('.') + 1));
    if (!saved) {
      undo();
      Error e = saved.error();
      e.message = file.string() + ": " + e.message;
      e.hint = "nothing was imported";
      return e;
    }
    ++copied;
  }
  auto sum = import_data(data_dir, d);
  if (!sum) {
    undo();
    return sum;
  }
  sum.value().recordings = copied;
  return sum;
}

}  // namespace kindly
