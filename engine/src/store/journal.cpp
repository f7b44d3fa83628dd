// The journal: entries, revisions, trash and FTS5 search over the store's database.
//
// Sections: entry rows · the snippet function · queries · writes · reads and search.
#include "kindly/journal.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "fts_snippet.h"
#include "kindly/result.h"
#include "kindly/store.h"

namespace kindly {

const char* journal_entry_columns() {
  return "e.id, e.created_at, e.updated_at, e.deleted_at, e.module, e.week, e.item, e.prompt, "
         "kindly_open('journal_entries.text', e.id, e.text), (SELECT count(*) FROM "
         "journal_revisions r WHERE r.entry_id = e.id)";
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

// ---- the snippet function ---------------------------------------------------------------

namespace detail {

namespace {

thread_local std::int64_t g_tokens_seen = 0;

struct Token {
  int start = 0;  // byte offsets in the column text
  int end = 0;
};

// Collects the byte ranges of tokens [first, last) and stops the tokenizer after `last`.
struct TokenWindow {
  int first = 0;
  int last = 0;
  int position = 0;   // token number of the next token
  bool more = false;  // a token exists after the window
  std::vector<Token> tokens;
};

int collect_token(void* ctx, int flags, const char*, int, int start, int end) {
  auto* w = static_cast<TokenWindow*>(ctx);
  if ((flags & FTS5_TOKEN_COLOCATED) != 0) return SQLITE_OK;  // same position as the last
  ++g_tokens_seen;
  if (w->position >= w->last) {
    w->more = true;
    return SQLITE_DONE;  // stops the tokenizer: nothing after the window is read
  }
  if (w->position >= w->first) w->tokens.push_back({start, end});
  ++w->position;
  return SQLITE_OK;
}

// kindly_snippet(journal_fts): the text around the first match, matches in [ and ].
void snippet_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int,
                      sqlite3_value**) {
  g_tokens_seen = 0;
  const char* text = nullptr;
  int size = 0;
  if (api->xColumnText(fts, 0, &text, &size) != SQLITE_OK || text == nullptr) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  // The first match of any phrase (column 0 is the only column).
  const int phrases = api->xPhraseCount(fts);
  int anchor = INT_MAX;
  for (int p = 0; p < phrases; ++p) {
    Fts5PhraseIter it;
    int col = 0, off = 0;
    if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK) continue;
    if (col >= 0) anchor = std::min(anchor, off);
  }
  if (anchor == INT_MAX) anchor = 0;
  // Start a few tokens before it, or earlier when the text ends within the window (its
  // token count is stored: no need to read the text for it).
  int total = 0;
  if (api->xColumnSize(fts, 0, &total) != SQLITE_OK) total = 0;
  TokenWindow w;
  w.first = std::max(0, std::min(anchor - kSnippetLead, total - kSnippetTokens));
  w.last = w.first + kSnippetTokens;
  const int rc = api->xTokenize(fts, text, size, &w, collect_token);
  if ((rc != SQLITE_OK && rc != SQLITE_DONE) || w.tokens.empty()) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  // Which tokens of the window are (part of) a match: each phrase's hits up to the window's
  // end, no further.
  std::vector<bool> hit(w.tokens.size(), false);
  for (int p = 0; p < phrases; ++p) {
    const int length = std::max(1, api->xPhraseSize(fts, p));
    Fts5PhraseIter it;
    int col = 0, off = 0;
    if (api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK) continue;
    for (; col >= 0 && off < w.last; api->xPhraseNext(fts, &it, &col, &off)) {
      for (int t = std::max(off, w.first); t < std::min(off + length, w.last); ++t) {
        if (t - w.first < static_cast<int>(hit.size()))
          hit[static_cast<std::size_t>(t - w.first)] = true;
      }
    }
  }
  std::string out;
  if (w.first > 0) out += "...";
  int at = w.tokens.front().start;
  for (std::size_t i = 0; i < w.tokens.size(); ++i) {
    const Token& t = w.tokens[i];
    out.append(text + at, static_cast<std::size_t>(t.start - at));
    if (hit[i]) out += '[';
    out.append(text + t.start, static_cast<std::size_t>(t.end - t.start));
    if (hit[i]) out += ']';
    at = t.end;
  }
  if (w.more) {
    out += "...";
  } else {
    // The window reaches the end: keep what follows the last token (a full stop), up to a
    // line's worth, cut at a character boundary.
    std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(size - at), 80);
    while (n > 0 && at + static_cast<int>(n) < size &&
           (static_cast<unsigned char>(text[at + static_cast<int>(n)]) & 0xC0) == 0x80)
      --n;
    out.append(text + at, n);
  }
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

bool register_snippet_function(sqlite3* db) {
  // The FTS5 API pointer is handed out through a bound pointer by `SELECT fts5(?)`.
  fts5_api* api = nullptr;
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_pointer(q, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(q);
  sqlite3_finalize(q);
  if (api == nullptr || api->iVersion < 2) return false;
  return api->xCreateFunction(api, "kindly_snippet", nullptr, snippet_function, nullptr) ==
         SQLITE_OK;
}

std::int64_t last_snippet_tokens() {
  return g_tokens_seen;
}

}  // namespace detail

// ---- queries ------------------------------------------------------------------------------

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
                          "INSERT INTO journal_entries(id, created_at, updated_at, module, week, "
                          "item, prompt, text) VALUES (?8,?1,?2,?3,?4,?5,?6,"
                          "kindly_seal('journal_entries.text', ?8, ?7))");
      q.bind(1, static_cast<std::int64_t>(to_unix(now)));
      q.bind(2, static_cast<std::int64_t>(to_unix(now)));
      q.bind(3, n.module);
      q.bind(4, n.week);
      q.bind(5, n.item);
      q.bind(6, n.prompt);
      q.bind(7, n.text);
      // The id is chosen before the insert (as AUTOINCREMENT would): the sealed text is bound
      // to its row (sealer.h).
      const std::int64_t id = next_id(db, "journal_entries", "id");
      q.bind(8, static_cast<std::int64_t>(id));
      q.exec();
      SQLite::Statement r(db,
                          "INSERT INTO journal_revisions(entry_id, rev, text, saved_at) "
                          "VALUES (?1, 1, kindly_seal('journal_revisions.text', ?1 || '/1', ?2), "
                          "?3)");
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
                          "SELECT ?1, coalesce(max(rev), 0) + 1, "
                          "kindly_seal('journal_revisions.text', ?1 || '/' || "
                          "(coalesce(max(rev), 0) + 1), ?2), ?3 FROM journal_revisions "
                          "WHERE entry_id = ?");
      r.bind(1, static_cast<std::int64_t>(id));
      r.bind(2, text);
      r.bind(3, static_cast<std::int64_t>(to_unix(now)));
      r.bind(4, static_cast<std::int64_t>(id));
      r.exec();
      SQLite::Statement u(
          db,
          "UPDATE journal_entries SET text = "
          "kindly_seal('journal_entries.text', id, ?), updated_at = ? WHERE id = ?");
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
      // The search index lives in memory (Store::ensure_search_index); its TEMP trigger
      // removed the rows with them.
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
    SQLite::Statement q(
        store_.db(),
        "SELECT rev, kindly_open('journal_revisions.text', entry_id || '/' || rev, text), "
        "saved_at FROM journal_revisions WHERE entry_id = ? "
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
  store_.ensure_search_index();
  return guarded(store_, [&] {
    SQLite::Statement q(store_.db(),
                        std::string("SELECT ") + journal_entry_columns() +
                            ", kindly_snippet(journal_fts), journal_fts.rank "
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
