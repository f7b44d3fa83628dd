// The journal: reflection answers and free entries, with revisions, a trash, and full-text
// search (SQLite FTS5). Lives in the same database as the event log (store.h).
//
// An edit keeps every earlier text as a revision; a delete moves the entry to the trash
// (restore brings it back); only empty_trash() removes text, and the Session asks for an
// explicit confirmation first. With secure_delete on, removed text is overwritten on disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"

namespace SQLite {
class Statement;
}

namespace kindly {

class Store;

struct JournalRevision {
  int rev = 0;  // 1 = the first text; the entry's current text is the highest rev
  std::string text;
  TimePoint saved_at{};
};

struct JournalEntry {
  std::int64_t id = 0;
  TimePoint created_at{};
  TimePoint updated_at{};               // == created_at until edited
  std::optional<TimePoint> deleted_at;  // set while in the trash
  std::string module;                   // module id it was written in; may be empty (free entry)
  int week = 0;                         // that module's week number when written; 0 if none
  std::string item;                     // reflection item it answers; may be empty
  int prompt = 0;                       // which of the item's prompts (0-based); 0 if none
  std::string text;                     // the current text
  int revisions = 1;                    // number of texts kept (1 = never edited)
};

struct JournalFilter {
  enum class Trash { Exclude, Include, Only };
  Trash trash = Trash::Exclude;
  std::string module;  // only entries of this module; empty = all
  std::string item;    // only entries for this item; empty = all
};

struct SearchHit {
  JournalEntry entry;
  std::string snippet;  // the matching text with matches wrapped in [ and ]
  double rank = 0;      // FTS5 bm25 rank; lower is better
};

struct NewJournalEntry {
  std::string module;
  int week = 0;
  std::string item;
  int prompt = 0;
  std::string text;
};

// Journal operations on an open Store. Each call is one transaction (or joins the caller's,
// see Store::write()). Throws DataError on database failures. Ids that do not exist give
// nullopt / false.
// The columns of a journal entry for a query over `journal_entries e` (with its revision
// count), and the reader for a row of them. The one place an entry row is read.
const char* journal_entry_columns();
JournalEntry read_journal_entry(SQLite::Statement& q);

class Journal {
 public:
  explicit Journal(Store& store) : store_(store) {}

  JournalEntry add(const NewJournalEntry& e, TimePoint now);
  // Saves a new revision and updates the text. nullopt if no such entry or it is in the trash.
  std::optional<JournalEntry> edit(std::int64_t id, const std::string& text, TimePoint now);
  bool trash(std::int64_t id, TimePoint now);  // false if no such entry or already in trash
  bool restore(std::int64_t id);               // false if no such entry or not in trash
  int empty_trash();                           // entries removed for good
  std::optional<JournalEntry> get(std::int64_t id) const;
  std::vector<JournalRevision> revisions(std::int64_t id) const;      // oldest first
  std::vector<JournalEntry> list(const JournalFilter& f = {}) const;  // newest first
  // FTS5 query over entries not in the trash; best match first. The query is taken as
  // words (each quoted; a trailing * keeps prefix search), so user text cannot break the
  // FTS syntax.
  std::vector<SearchHit> search(const std::string& query, int limit = 50) const;
  std::int64_t count(const JournalFilter& f = {}) const;

 private:
  Store& store_;
};

}  // namespace kindly
