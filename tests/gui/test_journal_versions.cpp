// Issue 14, parts 2 and 7, in the app: an edit saved by another Kindly is never overwritten
// unseen (the editor opens on the newest text; a save over it keeps both and says where, even on
// close), an entry's versions are shown and restored, the search has a clear button, and a link
// in a reading asks before it opens the browser.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app.h"
#include "harness.h"
#include "kindly/session.h"
#include "markdown.h"
#include "widgets.h"

namespace fs = std::filesystem;

namespace kindly::gui {
namespace {

using test::Harness;

// Another Kindly on the same data folder (the CLI, a second app).
std::unique_ptr<Session> other(const fs::path& data, const std::string& when) {
  std::string why;
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  auto s = Session::open(loaded.course, data, clock_from_option(when, &why));
  REQUIRE(s.ok());
  return std::move(s.value());
}

// A begun course with one free entry; its id.
std::int64_t begun_with_entry(const fs::path& data, const std::string& text) {
  auto s = other(data, "2026-11-02T09:00");
  REQUIRE(s->apply(cmd::Begin{}).ok());
  auto r = s->apply(cmd::WriteEntry{text, {}, 0, {}});
  REQUIRE(r.ok());
  return r->entry->id;
}

std::vector<std::string> versions(Session& s, std::int64_t id) {
  auto d = s.journal_show(id);
  REQUIRE(d.ok());
  std::vector<std::string> out;
  for (const auto& r : d->revisions) out.push_back(r.text);
  return out;
}

bool told(const Model& m, const std::string& words) {
  for (const Notice& n : m.notices) {
    if (n.text.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("journal: Edit opens the newest text, though the list was read before another saved") {
  const fs::path data = test::fresh_dir("data");
  const std::int64_t id = begun_with_entry(data, "First words.");
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
  h.frames(2);
  REQUIRE(h.app->model().journal.size() == 1);  // the list as the app read it
  REQUIRE(other(data, "2026-11-02T10:01")->apply(cmd::EditEntry{id, "Terminal words.", {}}).ok());
  REQUIRE(h.click("Edit"));
  CHECK(h.app->state().draft.entry == id);
  CHECK(h.app->state().draft.text == "Terminal words.");  // not the list's older text
  CHECK(h.app->state().draft.revision == 2);
  // Typing on is an ordinary new version: nothing about another Kindly to tell.
  REQUIRE(h.click("##edit"));
  h.type(" Mine.");
  h.frames(3, 0.4f);
  auto cli = other(data, "2026-11-02T10:05");
  CHECK(versions(*cli, id) ==
        std::vector<std::string>{"First words.", "Terminal words.", "Terminal words. Mine."});
  CHECK(!told(h.app->model(), "Both versions are kept"));
}

TEST_CASE("journal: Edit works on a search result") {
  const fs::path data = test::fresh_dir("data");
  const std::int64_t id = begun_with_entry(data, "A heron by the river.");
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
  REQUIRE(h.click("##search"));
  h.type("heron");
  h.frames(2);
  REQUIRE(h.app->model().search_hits.size() == 1);
  REQUIRE(h.click("Edit"));
  CHECK(h.app->state().draft.active);
  CHECK(h.app->state().draft.entry == id);
}

TEST_CASE("journal: the search has a clear button that brings the whole list back") {
  const fs::path data = test::fresh_dir("data");
  begun_with_entry(data, "A heron by the river.");
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
  CHECK(!widget_rect("Clear search"));  // nothing to clear
  REQUIRE(h.click("##search"));
  h.type("nothing-like-this");
  h.frames(2);
  CHECK(h.app->model().journal.empty());
  REQUIRE(h.click("Clear search"));
  h.frames(2);
  CHECK(h.app->state().journal_search.empty());
  CHECK(h.app->model().journal.size() == 1);
  CHECK(!widget_rect("Clear search"));
}

TEST_CASE("journal: an entry's earlier versions are shown and one is restored as a new version") {
  const fs::path data = test::fresh_dir("data");
  const std::int64_t id = begun_with_entry(data, "one");
  {
    auto s = other(data, "2026-11-02T09:10");
    REQUIRE(s->apply(cmd::EditEntry{id, "two", {}}).ok());
    REQUIRE(s->apply(cmd::EditEntry{id, "three", {}}).ok());
  }
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
  REQUIRE(h.click("Versions (3)"));
  REQUIRE(h.app->model().versions.size() == 3);
  CHECK(!widget_rect("Restore version 3\xE2\x80\xA6"));  // the text now
  REQUIRE(h.click("Restore version 1\xE2\x80\xA6"));
  // One line asks first; keeping it as it is changes nothing.
  REQUIRE(h.click("Keep as it is"));
  CHECK(versions(*h.app->session(), id).size() == 3);
  REQUIRE(h.click("Restore version 1\xE2\x80\xA6"));
  REQUIRE(h.click("Restore version 1"));
  auto cli = other(data, "2026-11-02T10:05");
  CHECK(versions(*cli, id) == std::vector<std::string>{"one", "two", "three", "one"});
  CHECK(cli->journal_show(id)->entry.text == "one");
  CHECK(h.app->model().versions.size() == 4);  // the panel shows the new version
  CHECK(told(h.app->model(), "Version 1 is the text again"));
}

TEST_CASE("journal: saved on close over another Kindly's edit: both kept, told at the next start") {
  const fs::path data = test::fresh_dir("data");
  const std::int64_t id = begun_with_entry(data, "Mine.");
  {
    Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
    REQUIRE(h.click("Edit"));
    REQUIRE(h.click("##edit"));
    REQUIRE(other(data, "2026-11-02T10:01")
                ->apply(cmd::EditEntry{id, "Written in the terminal.", {}})
                .ok());
    h.type(" Still mine.");
    h.app->shutdown();                   // closed at once: no frame shows a notice any more
    h.data = test::fresh_dir("unused");  // keep `data` for the next start
  }
  auto cli = other(data, "2026-11-02T10:05");
  CHECK(versions(*cli, id) ==
        std::vector<std::string>{"Mine.", "Written in the terminal.", "Mine. Still mine."});
  Harness next("2026-11-02T11:00", data, KINDLY_BUNDLED_COURSE, "journal");
  CHECK(told(next.app->model(), "Both versions are kept: theirs is version 2, yours is version 3"));
  // Told once.
  Harness third("2026-11-02T12:00", data, KINDLY_BUNDLED_COURSE, "journal");
  CHECK(!told(third.app->model(), "Both versions are kept"));
}

TEST_CASE("journal: typing over another Kindly's edit keeps both and says where they are") {
  const fs::path data = test::fresh_dir("data");
  const std::int64_t id = begun_with_entry(data, "Mine.");
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "journal");
  REQUIRE(h.click("Edit"));
  REQUIRE(h.click("##edit"));
  REQUIRE(other(data, "2026-11-02T10:01")
              ->apply(cmd::EditEntry{id, "Written in the terminal.", {}})
              .ok());
  h.type(" Still mine.");
  h.frames(3, 0.4f);  // a pause: autosaved
  auto cli = other(data, "2026-11-02T10:05");
  CHECK(versions(*cli, id) ==
        std::vector<std::string>{"Mine.", "Written in the terminal.", "Mine. Still mine."});
  CHECK(told(h.app->model(), "theirs is version 2, yours is version 3"));
  CHECK(told(h.app->model(), "choose Versions"));
}

namespace {
std::vector<std::string> g_opened;
std::string fake_open(const std::string& address) {
  g_opened.push_back(address);
  return "opened";
}

// One frame of a window that shows `text` as a reading.
void reading_frame(Harness& h, const std::string& text) {
  ImGui::NewFrame();
  clear_widget_rects();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(900, 900));
  ImGui::Begin("reading");
  draw_markdown(text, *h.app->model().fonts, 700, Prose::Reading);
  ImGui::End();
  ImGui::Render();
}

void click(Harness& h, const std::string& text, const std::string& key) {
  auto r = widget_rect(key);
  REQUIRE_MESSAGE(r, key);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = r->center();
  reading_frame(h, text);
  io.MouseDown[0] = true;
  reading_frame(h, text);
  io.MouseDown[0] = false;
  reading_frame(h, text);
  reading_frame(h, text);
}
}  // namespace

TEST_CASE("links in readings: a click asks in one line, and only Open opens the browser") {
  Harness h("2026-11-02T10:00");
  set_link_opener(&fake_open);
  g_opened.clear();
  const std::string text =
      "Read [the guide](https://example.org/guide?a=1&b=2) slowly. Or [this](file:///etc/passwd).";
  reading_frame(h, text);
  reading_frame(h, text);
  CHECK(!widget_rect("Open in browser"));
  click(h, text, "link:https://example.org/guide?a=1&b=2");
  CHECK(link_asked() == "https://example.org/guide?a=1&b=2");
  REQUIRE(widget_rect("Cancel"));
  click(h, text, "Cancel");
  CHECK(g_opened.empty());
  CHECK(link_asked().empty());
  click(h, text, "link:https://example.org/guide?a=1&b=2");
  click(h, text, "Open in browser");
  CHECK(g_opened == std::vector<std::string>{"https://example.org/guide?a=1&b=2"});
  CHECK(link_asked().empty());
  // A link that is not a web or mail address is never opened.
  click(h, text, "link:file:///etc/passwd");
  CHECK(!widget_rect("Open in browser"));
  click(h, text, "Close");
  CHECK(g_opened.size() == 1);
  set_link_opener(nullptr);
}

}  // namespace kindly::gui
