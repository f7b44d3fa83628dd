// Full data export and import: everything in the data folder as one JSON document
// (docs/export-format.md documents it field by field).
//
// Export writes every event (all fields, with seq, at and recorded_at) and every journal
// entry with all its revisions and its trash state, plus the course id and version and the
// schema version. The JSON is canonical (fixed key order, two-space indent, UTC times), so
// export -> import into an empty folder -> export gives the same bytes.
//
// Import: parse_export() validates the whole document first and reports the first problem
// with where it is (a JSON syntax error with its byte offset; a missing or wrong field with
// its JSON path, e.g. `$.events[3].type`). import_data() refuses a data folder that already
// holds Kindly data, then writes everything in one SQLite transaction with the original ids
// and times: a failed import leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/result.h"

namespace kindly {

class Store;

// The newest schema this Kindly reads. It writes 1 when there are no recordings (the same bytes
// as before recordings existed) and 2 when there are: an older Kindly then refuses the file
// ("written by a newer Kindly") instead of importing it without the user's recordings.
inline constexpr int kExportSchemaVersion = 2;
inline constexpr const char* kExportFormat = "kindly-export";
// Largest file import_file() reads (years of journaling are a few MiB; the parsed tree of a
// hostile file can take tens of times its size in memory).
// The same limit holds for what export writes (data_ops.h refuses a larger export), so that
// whatever Kindly exports it can import.
inline constexpr std::size_t kMaxImportBytes = 64u << 20;
// Bounds checked while parsing, so that a hostile file within kMaxImportBytes cannot take
// many times its size in memory: nesting depth, plain values in one array (a check-in's
// answers), and ids (seq, journal ids and their counters).
inline constexpr int kMaxImportDepth = 16;
inline constexpr std::size_t kMaxImportArray = 1000;
inline constexpr std::int64_t kMaxImportId = 1'000'000'000'000;

struct ExportedEntry {
  JournalEntry entry;                      // entry.revisions is revisions.size()
  std::vector<JournalRevision> revisions;  // oldest first (rev 1, 2, ...)
};

// One of the user's recordings (recordings.h), listed in the export; the file itself is in
// the folder beside the export (recordings_beside), at `file` below it.
struct ExportedRecording {
  std::string practice;    // a practice id (valid_recording_id)
  int step = 0;            // 1-based
  std::string file;        // "<practice>/step-<NN>.<ext>", exactly (nothing else is accepted)
  std::int64_t bytes = 0;  // its size, 0..kMaxRecordingBytes; import checks the file has it
};

struct DataExport {
  int schema_version = 1;      // export_json writes 1, or 2 when `recordings` is not empty
  std::string kindly_version;  // of the Kindly that wrote it (informative)
  std::string course_id;       // the course in use when exported; may be empty
  std::string course_version;
  // The next-id counters (SQLite's sqlite_sequence), so that ids of entries removed for good
  // are never handed out again after an import. At least the largest id present.
  std::int64_t events_sequence = 0;
  std::int64_t journal_sequence = 0;
  std::vector<Event> events;           // seq order
  std::vector<ExportedEntry> journal;  // id order, trashed entries included
  // practice, then step order. Empty: the field is not written (schema 1).
  std::vector<ExportedRecording> recordings{};
};

// Reads everything in the store's database (events, journal entries with their revisions
// and trash state, id counters) in one read transaction on a read-only connection of its
// own, so the export is one consistent snapshot even while the app writes. Throws DataError.
DataExport read_export(Store& store, const std::string& course_id,
                       const std::string& course_version);

// The canonical JSON text (ends with a newline). Text that is not valid UTF-8 is written
// with U+FFFD in place of the bad bytes.
std::string export_json(const DataExport& data);

// Parses and validates. On failure the Error (kind Refused) says what and where, e.g.
// "not valid JSON at byte 120: ..." or "$.journal[2].revisions[0].saved_at: missing field".
// Refused too: a NUL byte anywhere, bytes after the JSON value, nesting deeper than
// kMaxImportDepth, an array of more than kMaxImportArray plain values, an id over
// kMaxImportId. Fields Kindly does not read are dropped while parsing.
Result<DataExport> parse_export(std::string_view json_text);

// True when the data folder holds no Kindly data: no database, or one with no events and no
// journal entries. Other files in the folder do not count. Throws DataError if the database
// cannot be read.
bool data_dir_is_empty(const std::filesystem::path& data_dir);

struct ImportSummary {
  std::int64_t events = 0;
  std::int64_t entries = 0;
  std::int64_t revisions = 0;
  std::int64_t trashed = 0;
  std::int64_t recordings = 0;  // recording files copied into the data folder
  std::string course_id;        // the export's course (to warn when it is not the course in use)
  std::string course_version;
};

// Writes `data` into <data_dir>/kindly.db (created like Store::open creates it) in one
// transaction. Refused (nothing written) when the folder already holds Kindly data; Data
// errors when the database cannot be created or written. If the database did not exist
// before and the import fails, it is removed again.
Result<ImportSummary> import_data(const std::filesystem::path& data_dir, const DataExport& data);

// Reads `file` (at most kMaxImportBytes), parses it (errors are prefixed with the file
// name) and imports it. Recordings it lists are read from recordings_beside(file): every one
// must be there, a regular file of the listed size (else Refused, nothing written), and the
// data folder must hold no recordings yet (DataFolderNotEmpty). They are copied in before the
// database is written, and removed again if that fails.
Result<ImportSummary> import_file(const std::filesystem::path& data_dir,
                                  const std::filesystem::path& file);

}  // namespace kindly
