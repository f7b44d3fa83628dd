// The journal: entries, revisions, trash and FTS5 search over the store's database.
#include "kindly/journal.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "kindly/result.h"
#include "kindly/store.h"

namespace kindly {

const char* journal_entry_columns() {
  return "e.id, e.created_at, e.updated_at, e.deleted_at, e.module, e.week, e.item, e.prompt, "
         "e.text, (SELECT count(*) FROM journal_revisions r WHERE r.entry_id = e.id)";
}

JournalEntry read_journal_entry(SQLite::Statement& q) {
  JournalEntry e;
  e.id = q.getColumn(0).getInt64();
  e.created_at = from_unix(q.getColumn(1).getInt64());
  e.updated_at = from_unix(q.getColumn(2).getInt64());
  if (!q.getColumn(3).isNull()) e.deleted_at = from_unix(q.getColumn(3).getInt64());
  e.module = q.getColumn(4).getString();
  e.week = q.getColumn(5).getInt();
  e.item = q.getColumn(6).getString();
  e.prompt = q.getColumn(7).getInt();
  e.text = q.getColumn(8).getString();
  e.revisions = q.getColumn(9).getInt();
  return e;
}

namespace {

// Turns user words into an FTS5 query that cannot be a syntax error: every word is quoted
// (double quotes doubled); a trailing '*' on a word keeps prefix search.
std::string fts_query(const std::string& text) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    bool prefix = false;
    while (!word.empty() && word.back() == '*') {
      word.pop_back();
      prefix = true;
    }
    if (!word.empty()) {
      std::string quoted = "\"";
      for (char c : word) {
        quoted += c;
        if (c == '"') quoted += '"';
      }
      quoted += '"';
      if (prefix) quoted += '*';
      if (!out.empty()) out += ' ';
      out += quoted;
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

template <class F>
auto guarded(const Store& store, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    throw store.failure("save the journal in", e.getErrorCode(), e.what());
  }
}

}  // namespace

JournalEntry Journal::add(const NewJournalEntry& n, TimePoint now) {
  JournalEntry out;
  store_.write([&] {
    guarded(store_, [&] {
      auto& db = store_.db();
      SQLite::Statement q(db,
                          "INSERT INTO journal_entries(created_at, updated_at, module, week, "
                          "item, prompt, text) VALUES (?,?,?,?,?,?,?)");
      q.bind(1, static_cast<std::int64_t>(to_unix(now)));
      q.bind(2, static_cast<std::int64_t>(to_unix(now)));
      q.bind(3, n.module);
      q.bind(4, n.week);
      q.bind(5, n.item);
      q.bind(6, n.prompt);
      q.bind(7, n.text);
      q.exec();
      const std::int64_t id = db.getLastInsertRowid();
      SQLite::Statement r(db,
                          "INSERT INTO journal_revisions(entry_id, rev, text, saved_at) "
                          "VALUES (?, 1, ?, ?)");
      r.bind(1, static_cast<std::int64_t>(id));
      r.bind(2, n.text);
      r.bind(3, static_cast<std::int64_t>(to_unix(now)));
      r.exec();
      out = *get(id);
    });
  });
  return out;
}

std::optional<JournalEntry> Journal::edit(std::int64_t id, const std::string& text, TimePoint now) {
  std::optional<JournalEntry> out;
  store_.write([&] {
    guarded(store_, [&] {
      auto cur = get(id);
      if (!cur || cur->deleted_at) return;
      auto& db = store_.db();
      SQLite::Statement r(db,
                          "INSERT INTO journal_revisions(entry_id, rev, text, saved_at) "
                          "SELECT ?, coalesce(max(rev), 0) + 1, ?, ? FROM journal_revisions "
                          "WHERE entry_id = ?");
      r.bind(1, static_cast<std::int64_t>(id));
      r.bind(2, text);
      r.bind(3, static_cast<std::int64_t>(to_unix(now)));
      r.bind(4, static_cast<std::int64_t>(id));
      r.exec();
      SQLite::Statement u(db, "UPDATE journal_entries SET text = ?, updated_at = ? WHERE id = ?");
      u.bind(1, text);
      u.bind(2, static_cast<std::int64_t>(to_unix(now)));
      u.bind(3, static_cast<std::int64_t>(id));
      u.exec();
      out = get(id);
    });
  });
  return out;
}

bool Journal::trash(std::int64_t id, TimePoint now) {
  bool changed = false;
  store_.write([&] {
    guarded(store_, [&] {
      SQLite::Statement u(store_.db(),
                          "UPDATE journal_entries SET deleted_at = ? WHERE id = ? AND deleted_at "
                          "IS NULL");
      u.bind(1, static_cast<std::int64_t>(to_unix(now)));
      u.bind(2, static_cast<std::int64_t>(id));
      changed = u.exec() > 0;
    });
  });
  return changed;
}

bool Journal::restore(std::int64_t id) {
  bool changed = false;
  store_.write([&] {
    guarded(store_, [&] {
      SQLite::Statement u(store_.db(),
                          "UPDATE journal_entries SET deleted_at = NULL WHERE id = ? AND "
                          "deleted_at IS NOT NULL");
      u.bind(1, static_cast<std::int64_t>(id));
      changed = u.exec() > 0;
    });
  });
  return changed;
}

int Journal::empty_trash() {
  int removed = 0;
  store_.write([&] {
    guarded(store_, [&] {
      auto& db = store_.db();
      removed = db.exec("DELETE FROM journal_entries WHERE deleted_at IS NOT NULL");
      // Rewrite the index so that no segment keeps the removed words.
      if (removed > 0) db.exec("INSERT INTO journal_fts(journal_fts) VALUES ('optimize')");
    });
  });
  // secure_delete zeroed the freed pages in the database; the write-ahead log still holds
  // copies of them: fold it in and cut it to zero bytes (docs/privacy.md).
  if (removed > 0) store_.checkpoint_truncate();
  return removed;
}

std::optional<JournalEntry> Journal::get(std::int64_t id) const {
  return guarded(store_, [&]() -> std::optional<JournalEntry> {
    SQLite::Statement q(store_.db(), std::string("SELECT ") + journal_entry_columns() +
                                         " FROM journal_entries e WHERE e.id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.executeStep()) return std::nullopt;
    return read_journal_entry(q);
  });
}

std::vector<JournalRevision> Journal::revisions(std::int64_t id) const {
  return guarded(store_, [&] {
    SQLite::Statement q(store_.db(),
                        "SELECT rev, text, saved_at FROM journal_revisions WHERE entry_id = ? "
                        "ORDER BY rev");
    q.bind(1, static_cast<std::int64_t>(id));
    std::vector<JournalRevision> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt(), q.getColumn(1).getString(),
                     from_unix(q.getColumn(2).getInt64())});
    }
    return out;
  });
}

namespace {
std::string where(const JournalFilter& f) {
  std::string w = " WHERE 1";
  if (f.trash == JournalFilter::Trash::Exclude) w += " AND e.deleted_at IS NULL";
  if (f.trash == JournalFilter::Trash::Only) w += " AND e.deleted_at IS NOT NULL";
  if (!f.module.empty()) w += " AND e.module = :module";
  if (!f.item.empty()) w += " AND e.item = :item";
  return w;
}
void bind_filter(SQLite::Statement& q, const JournalFilter& f) {
  if (!f.module.empty()) q.bind(":module", f.module);
  if (!f.item.empty()) q.bind(":item", f.item);
}
}  // namespace

std::vector<JournalEntry> Journal::list(const JournalFilter& f) const {
  return guarded(store_, [&] {
    SQLite::Statement q(store_.db(), std::string("SELECT ") + journal_entry_columns() +
                                         " FROM journal_entries e" + where(f) +
                                         " ORDER BY e.created_at DESC, e.id DESC");
    bind_filter(q, f);
    std::vector<JournalEntry> out;
    while (q.executeStep()) out.push_back(read_journal_entry(q));
    return out;
  });
}

std::int64_t Journal::count(const JournalFilter& f) const {
  return guarded(store_, [&] {
    SQLite::Statement q(store_.db(), "SELECT count(*) FROM journal_entries e" + where(f));
    bind_filter(q, f);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

std::vector<SearchHit> Journal::search(const std::string& query, int limit) const {
  const std::string match = fts_query(query);
  if (match.empty()) return {};
  return guarded(store_, [&] {
    SQLite::Statement q(store_.db(),
                        std::string("SELECT ") + journal_entry_columns() +
                            ", snippet(journal_fts, 0, '[', ']', '...', 12), journal_fts.rank "
                            "FROM journal_fts JOIN journal_entries e ON e.id = journal_fts.rowid "
                            "WHERE journal_fts MATCH ? AND e.deleted_at IS NULL "
                            "ORDER BY journal_fts.rank LIMIT ?");
    q.bind(1, match);
    q.bind(2, limit);
    std::vector<SearchHit> out;
    while (q.executeStep()) {
      SearchHit h;
      h.entry = read_journal_entry(q);
      h.snippet = q.getColumn(10).getString();
      h.rank = q.getColumn(11).getDouble();
      out.push_back(std::move(h));
    }
    return out;
  });
}

}  // namespace kindly
