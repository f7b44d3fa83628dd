// The journal: revisions, trash and restore, emptying the trash (with confirmation), FTS5
// search (ranking, prefixes, diacritics, hostile queries), and reflections through Session.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "../../engine/src/store/fts_snippet.h"
#include "kindly/gates.h"
#include "kindly/journal.h"
#include "kindly/session.h"
#include "kindly/store.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;
using kindly::test::at;

namespace {

struct J {
  test::TempDir tmp;
  std::unique_ptr<Store> store;
  std::unique_ptr<Journal> j;
  J() {
    auto r = Store::open(tmp.path());
    REQUIRE(r.ok());
    store = std::move(r.value());
    j = std::make_unique<Journal>(*store);
  }
  JournalEntry add(const std::string& text, const std::string& item = {},
                   const char* when = "2026-12-01T09:00:00Z") {
    NewJournalEntry n;
    n.text = text;
    n.item = item;
    return j->add(n, at(when));
  }
};

}  // namespace

TEST_CASE("journal: an edit keeps every earlier text as a revision") {
  J f;
  auto e = f.add("first thoughts", "w1-reflection");
  CHECK(e.id == 1);
  CHECK(e.revisions == 1);
  CHECK(e.created_at == e.updated_at);
  auto e2 = f.j->edit(e.id, "second thoughts", at("2026-12-02T09:00:00Z"));
  REQUIRE(e2.has_value());
  CHECK(e2->text == "second thoughts");
  CHECK(e2->revisions == 2);
  CHECK(e2->created_at == at("2026-12-01T09:00:00Z"));
  CHECK(e2->updated_at == at("2026-12-02T09:00:00Z"));
  f.j->edit(e.id, "third", at("2026-12-03T09:00:00Z"));
  auto revs = f.j->revisions(e.id);
  REQUIRE(revs.size() == 3);
  CHECK(revs[0].text == "first thoughts");
  CHECK(revs[0].rev == 1);
  CHECK(revs[1].text == "second thoughts");
  CHECK(revs[2].text == "third");
  CHECK_FALSE(f.j->edit(99, "x", at("2026-12-03T09:00:00Z")).has_value());
  // Search sees the current text only.
  CHECK(f.j->search("third").size() == 1);
  CHECK(f.j->search("first").empty());
}

TEST_CASE("journal: delete moves to the trash, restore brings back, empty-trash removes") {
  J f;
  auto a = f.add("a private worry about work");
  auto b = f.add("a happy moment in the park");
  CHECK(f.j->trash(a.id, at("2026-12-02T00:00:00Z")));
  CHECK_FALSE(f.j->trash(a.id, at("2026-12-02T00:00:00Z")));  // already there
  CHECK(f.j->list().size() == 1);
  CHECK(f.j->list({JournalFilter::Trash::Only, {}, {}}).at(0).id == a.id);
  CHECK(f.j->list({JournalFilter::Trash::Include, {}, {}}).size() == 2);
  CHECK(f.j->search("worry").empty());  // trashed entries are not found
  CHECK(f.j->get(a.id)->deleted_at == at("2026-12-02T00:00:00Z"));
  CHECK(f.j->restore(a.id));
  CHECK_FALSE(f.j->restore(a.id));
  CHECK(f.j->search("worry").size() == 1);
  f.j->trash(a.id, at("2026-12-03T00:00:00Z"));
  f.j->edit(b.id, "a happy moment in the park, edited", at("2026-12-03T00:00:00Z"));
  CHECK(f.j->empty_trash() == 1);
  CHECK_FALSE(f.j->get(a.id).has_value());
  CHECK(f.j->revisions(a.id).empty());  // revisions went with it (foreign key cascade)
  CHECK(f.j->get(b.id)->revisions == 2);
  CHECK(f.j->empty_trash() == 0);
  // The removed words are gone from the full-text index too (in memory since data version 4:
  // there is none in the file).
  f.j->restore(a.id);
  CHECK(f.j->search("worry").empty());
  SQLite::Database db(f.store->path().string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'journal_fts%'");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getInt() == 0);
}

TEST_CASE("journal search: ranking, prefixes, diacritics and hostile input") {
  J f;
  f.add("Kindness to myself felt strange at first.");
  f.add("I was kind to a stranger and then kind to myself, kind kind kind.");
  f.add("Café with an old friend; we talked about resilience.");
  f.add("Nothing to do with it.");
  auto hits = f.j->search("kind");
  REQUIRE(hits.size() == 1);  // whole words: "kindness" is another word
  CHECK(hits[0].entry.id == 2);
  CHECK(hits[0].snippet.find("[kind]") != std::string::npos);
  CHECK(f.j->search("kind*").size() == 2);
  CHECK(f.j->search("cafe").size() == 1);  // diacritics folded
  CHECK(f.j->search("CAFÉ").size() == 1);
  CHECK(f.j->search("friend resilience").size() == 1);  // all words
  CHECK(f.j->search("friend stranger").empty());
  for (const char* hostile : {"\"", "AND", "OR NOT", "(", "kind\"", "NEAR(", "*", "col:x", "'"}) {
    CAPTURE(hostile);
    CHECK_NOTHROW(f.j->search(hostile));
  }
  CHECK(f.j->search("   ").empty());
}

TEST_CASE("journal through the session: reflections, weeks, refusals, confirmation") {
  kindly::test::TzScope tz("UTC");
  test::TempDir tmp;
  auto clock = std::make_shared<FixedClock>(at("2026-11-30T09:00:00Z"));
  auto r = Session::open(test::fixture_course(), tmp.path(), clock);
  REQUIRE(r.ok());
  Session& s = *r.value();
  REQUIRE(s.apply(cmd::Begin{}).ok());
  cmd::WriteEntry d;
  d.item = "w1-reflection";
  d.prompt = 1;
  d.text = "A friend would say: that was hard, and you did your best.";
  auto e = s.apply(d);
  REQUIRE(e.ok());
  CHECK(e->entry->module == "week-1");
  CHECK(e->entry->week == 1);
  CHECK(e->entry->prompt == 1);
  CHECK(s.progress().item("w1-reflection")->done);
  CHECK(s.progress().weeks[0].state == WeekState::InProgress);
  CHECK(s.history()->back().type == EventType::Reflected);
  CHECK(s.history()->back().entry_id == e->entry->id);

  cmd::WriteEntry free;
  free.text = "Just a note.";
  auto n = s.apply(free);
  REQUIRE(n.ok());
  CHECK(n->entry->item.empty());
  CHECK(n->entry->week == 1);       // the current week
  CHECK(s.history()->size() == 2);  // begun + reflected: a free note is not an event

  d.prompt = 2;
  CHECK(s.apply(d).error().code == RefusalCode::NoSuchPrompt);
  CHECK(s.apply(d).error().message == "Reflection 1 has 2 prompts; prompt 3 does not exist");
  d.prompt = 0;
  d.item = "w2-reflection";
  CHECK(s.apply(d).error().code == RefusalCode::Locked);
  CHECK(why_locked(s.course(), s.progress(), "week-2").missing_items ==
        std::vector<std::string>{"w1-reading", "w1-breathing", "w1-homework"});
  CHECK(s.apply(d).error().message ==
        "Week 2 opens on Monday 7 Dec: week 1 was started on Monday 30 Nov, and Reading 1, "
        "Breathing and Breathing on 3 days, 10 minutes are still to do");
  d.item.clear();
  d.text = "  \n";
  CHECK(s.apply(d).error().message == "the entry is empty");

  CHECK(s.apply(cmd::EditEntry{n->entry->id, "", std::nullopt}).error().kind == ErrorKind::Refused);
  REQUIRE(s.apply(cmd::TrashEntry{n->entry->id}).ok());
  CHECK(s.apply(cmd::EditEntry{n->entry->id, "x", std::nullopt}).error().message ==
        "journal entry 2 is in the trash; restore it first");
  CHECK(s.apply(cmd::TrashEntry{n->entry->id}).error().message ==
        "journal entry 2 is already in the trash");
  auto refuse = s.apply(cmd::EmptyTrash{false});
  REQUIRE_FALSE(refuse.ok());
  CHECK(refuse.error().message ==
        "emptying the trash removes 1 entries for good and needs your explicit confirmation");
  CHECK(s.journal_list({JournalFilter::Trash::Only, {}, {}})->size() == 1);
  CHECK(s.apply(cmd::EmptyTrash{true})->removed == 1);
  CHECK(s.journal_show(n->entry->id).error().message == "there is no journal entry 2");
  // Deleting the entry that answered a reflection keeps the reflection done: the log keeps
  // what happened.
  REQUIRE(s.apply(cmd::TrashEntry{e->entry->id}).ok());
  REQUIRE(s.apply(cmd::EmptyTrash{true}).ok());
  CHECK(s.progress().item("w1-reflection")->done);
}

namespace {

// Ordinary prose: "the" is about one word in twelve.
std::string prose(std::size_t bytes) {
  static const char* const words[] = {"the",  "kind", "voice",   "was", "quiet",  "and",
                                      "then", "I",    "noticed", "my",  "breath", "again"};
  std::string s;
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    s += words[(i * 7) % 12];
    s += (i % 17 == 16) ? ". " : " ";
  }
  return s;
}

double median_search_seconds(Journal& j, const char* query) {
  std::vector<double> t;
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto hits = j.search(query);
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    REQUIRE(hits.size() == 1);
  }
  std::sort(t.begin(), t.end());
  return t[1];
}

}  // namespace

TEST_CASE("journal search: the snippet shows the first match in a window of twelve words") {
  J f;
  f.add(
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
      "fifteen sixteen seventeen eighteen kind nineteen");
  auto hits = f.j->search("eight");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet ==
        "...five six seven [eight] nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen...");
  hits = f.j->search("two kind");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet == "one [two] three four five six seven eight nine ten eleven twelve...");
  f.add("Café, then kindness.");
  hits = f.j->search("cafe");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet == "[Café], then kindness.");  // the text as written, punctuation kept
}

// Issue 12 item 7: FTS5's snippet() was quadratic in the matches of one entry (400 KB took
// a minute). The snippet now reads only the tokens up to its window, and a search's cost
// grows with the entry's size at most linearly: ten times the text may cost at most
// thirty times as long (quadratic was a hundred times), measured in the same run.
TEST_CASE("journal search: cost is linear in one entry's size (issue 12 item 7)") {
  J small, large;
  small.add(prose(100 * 1024));
  large.add(prose(1024 * 1024));
  const double t_small = median_search_seconds(*small.j, "the");
  CHECK(kindly::detail::last_snippet_tokens() <= kindly::detail::kSnippetTokens + 1);
  const double t_large = median_search_seconds(*large.j, "the");
  CHECK(kindly::detail::last_snippet_tokens() <= kindly::detail::kSnippetTokens + 1);
  MESSAGE("search 'the': 100 KiB entry " << t_small * 1000 << " ms, 1 MiB entry " << t_large * 1000
                                         << " ms");
  CHECK(t_large < 30 * t_small + 0.005);
}

TEST_CASE("journal search: a short entry's snippet is the whole text") {
  J f;
  f.add("Kindness felt awkward at first, then warm.");
  auto hits = f.j->search("warm");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet == "Kindness felt awkward at first, then [warm].");
}

namespace {

// The app and the CLI: two sessions on one data folder.
struct TwoKindlies {
  kindly::test::TzScope tz{"UTC"};
  test::TempDir tmp;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00:00Z"));
  std::unique_ptr<Session> app, cli;
  TwoKindlies() {
    auto a = Session::open(test::fixture_course(), tmp.path(), clock);
    REQUIRE(a.ok());
    app = std::move(a.value());
    auto c = Session::open(test::fixture_course(), tmp.path(), clock);
    REQUIRE(c.ok());
    cli = std::move(c.value());
    REQUIRE(app->apply(cmd::Begin{}).ok());
  }
  std::int64_t write(const std::string& text) {
    auto r = app->apply(cmd::WriteEntry{text, {}, 0, {}});
    REQUIRE(r.ok());
    return r->entry->id;
  }
  std::vector<std::string> versions(std::int64_t id) {
    auto d = cli->journal_show(id);
    REQUIRE(d.ok());
    std::vector<std::string> out;
    for (const auto& r : d->revisions) out.push_back(r.text);
    return out;
  }
};

}  // namespace

TEST_CASE("journal: the app's save over a stale base keeps both versions, in one step") {
  TwoKindlies k;
  const std::int64_t id = k.write("Mine.");
  REQUIRE(k.cli->apply(cmd::EditEntry{id, "Written in the terminal.", std::nullopt}).ok());
  // The app's autosave: written over version 1, which is no longer the newest.
  cmd::EditEntry save{id, "Mine. Still mine.", 1};
  CHECK(k.app->apply(save).error().code == RefusalCode::ChangedElsewhere);  // the default
  CHECK(k.versions(id) == std::vector<std::string>{"Mine.", "Written in the terminal."});
  save.keep_both = true;
  auto r = k.app->apply(save);
  REQUIRE(r.ok());
  REQUIRE(r->other_revision.has_value());
  CHECK(*r->other_revision == 2);   // theirs
  CHECK(r->entry->revisions == 3);  // ours, the text now
  CHECK(r->entry->text == "Mine. Still mine.");
  CHECK(k.versions(id) ==
        std::vector<std::string>{"Mine.", "Written in the terminal.", "Mine. Still mine."});
  // A save over the newest version says nothing about another Kindly.
  cmd::EditEntry next{id, "Mine. Still mine. More.", 3};
  next.keep_both = true;
  auto n = k.app->apply(next);
  REQUIRE(n.ok());
  CHECK(!n->other_revision.has_value());
  // In the trash or gone: still refused, nothing written.
  REQUIRE(k.cli->apply(cmd::TrashEntry{id}).ok());
  cmd::EditEntry trashed{id, "Lost?", 4};
  trashed.keep_both = true;
  CHECK(k.app->apply(trashed).error().code == RefusalCode::InTrash);
  CHECK(k.versions(id).size() == 4);
}

TEST_CASE("journal: an earlier version is restored as a new version; history is never removed") {
  TwoKindlies k;
  const std::int64_t id = k.write("one");
  REQUIRE(k.app->apply(cmd::EditEntry{id, "two", std::nullopt}).ok());
  REQUIRE(k.app->apply(cmd::EditEntry{id, "three", std::nullopt}).ok());
  auto r = k.app->apply(cmd::RestoreVersion{id, 1});
  REQUIRE(r.ok());
  CHECK(r->restored_from == 1);
  CHECK(r->entry->text == "one");
  CHECK(r->entry->revisions == 4);
  CHECK(k.versions(id) == std::vector<std::string>{"one", "two", "three", "one"});
  // Refusals, each with nothing written.
  CHECK(k.app->apply(cmd::RestoreVersion{id, 4}).error().code == RefusalCode::VersionIsCurrent);
  CHECK(k.app->apply(cmd::RestoreVersion{id, 1}).error().code == RefusalCode::VersionIsCurrent);
  CHECK(k.app->apply(cmd::RestoreVersion{id, 9}).error().code == RefusalCode::NoSuchVersion);
  CHECK(k.app->apply(cmd::RestoreVersion{id, 0}).error().code == RefusalCode::NoSuchVersion);
  CHECK(k.app->apply(cmd::RestoreVersion{id + 7, 1}).error().code == RefusalCode::NoSuchEntry);
  REQUIRE(k.app->apply(cmd::TrashEntry{id}).ok());
  CHECK(k.app->apply(cmd::RestoreVersion{id, 2}).error().code == RefusalCode::InTrash);
  CHECK(k.versions(id).size() == 4);
  // Another Kindly sees the restored text at once.
  REQUIRE(k.cli->apply(cmd::RestoreEntry{id}).ok());
  REQUIRE(k.cli->apply(cmd::RestoreVersion{id, 2}).ok());
  CHECK(k.app->journal_show(id)->entry.text == "two");
}
