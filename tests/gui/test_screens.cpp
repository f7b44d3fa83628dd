// Screen logic without a screen (tests/gui/harness.h): the welcome, home, week, reflection,
// journal, settings and problems screens driven by clicks and typing.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <imgui.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "app.h"
#include "editor.h"
#include "harness.h"
#include "kindly/session.h"
#include "markdown.h"
#include "settings.h"
#include "widgets.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace kindly::gui;

namespace {

using test::fresh_dir;
using test::Harness;

const Item* first_item(const Course& c, int week, ItemKind kind) {
  for (const Item& it : c.week(week)->items) {
    if (it.kind == kind) return &it;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("begin the course") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.app->model().course != nullptr);
  REQUIRE(h.app->model().progress != nullptr);
  CHECK_FALSE(h.progress().begun);
  CHECK(h.route().screen == Screen::Welcome);

  REQUIRE(h.begin());
  CHECK(h.progress().begun);
  CHECK(h.route().screen == Screen::Home);
  REQUIRE(h.progress().week(1) != nullptr);
  CHECK(h.progress().week(1)->state != WeekState::Locked);
  CHECK(h.progress().week(2)->state == WeekState::Locked);

  // The navigator opens week 1; the week can be started from its screen.
  REQUIRE(h.click("Week 1"));
  CHECK(h.route().screen == Screen::Week);
  CHECK(h.route().module == "week-1");
  if (h.progress().week(1)->state == WeekState::Available) {
    REQUIRE(h.click("Start week 1"));
  }
  CHECK(h.progress().current_week == 1);
  CHECK(h.progress().week(1)->started_at.has_value());
}

TEST_CASE("open an earlier week") {
  const fs::path data = fresh_dir("earlier");
  {
    // Two weeks in: begin, start week 1, move on after a week, start week 2.
    auto lr = load_course(KINDLY_BUNDLED_COURSE);
    REQUIRE(lr.course);
    auto clock = std::make_shared<FixedClock>(*parse_time("2026-11-02T09:00"));
    auto s = Session::open(lr.course, data, clock);
    REQUIRE(s.ok());
    REQUIRE(s.value()->apply(cmd::Begin{}).ok());
    REQUIRE(s.value()->apply(cmd::Start{"1"}).ok());
    clock->set(*parse_time("2026-11-09T10:00"));
    REQUIRE(s.value()->refresh().ok());
    REQUIRE(s.value()->apply(cmd::MoveOn{{}, "testing the app"}).ok());
    REQUIRE(s.value()->refresh().ok());
    REQUIRE(s.value()->apply(cmd::Start{"2"}).ok());
  }
  Harness h("2026-11-10T10:00", data);
  CHECK(h.route().screen == Screen::Home);
  CHECK(h.progress().current_week == 2);

  REQUIRE(h.click("Week 1"));
  CHECK(h.route().screen == Screen::Week);
  CHECK(h.route().module == "week-1");
  CHECK(widget_rect("Revisiting week 1").has_value());

  // Everything stays usable: log a practice from the earlier week.
  const Item* practice = first_item(*h.app->model().course, 1, ItemKind::Meditation);
  REQUIRE(practice != nullptr);
  REQUIRE(h.click(practice->id + "/I practised today"));
  CHECK(h.progress().item(practice->id)->sessions == 1);
  CHECK(h.progress().week(1)->practice_sessions == 1);
  CHECK(h.progress().current_week == 2);  // working in an earlier week changes nothing else

  // The current week shows no banner.
  REQUIRE(h.click("Week 2"));
  CHECK(h.route().module == "week-2");
  CHECK_FALSE(widget_rect("Revisiting week 2").has_value());
}

TEST_CASE("type in a reflection and find it saved") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  REQUIRE(h.click("Week 1"));
  if (h.progress().week(1)->state == WeekState::Available) REQUIRE(h.click("Start week 1"));
  const Item* refl = first_item(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl != nullptr);
  REQUIRE(h.click(refl->id + "/Write/0"));
  CHECK(h.route().screen == Screen::Reflection);
  CHECK(h.route().item == refl->id);

  // Focus the editor and type.
  REQUIRE(h.click("##reflection"));
  h.type("Today I was gentle ");
  h.type("with myself.");
  CHECK(h.app->state().draft.text == "Today I was gentle with myself.");
  // Nothing saved while typing fast.
  CHECK(h.app->state().draft.entry == 0);

  // A pause of a second: autosaved.
  h.frames(3, 0.4f);
  CHECK(h.app->state().draft.entry != 0);
  auto list = h.app->session()->journal_list(JournalFilter{.item = refl->id});
  REQUIRE(list.ok());
  REQUIRE(list.value().size() == 1);
  CHECK(list.value()[0].text == "Today I was gentle with myself.");
  CHECK(h.progress().item(refl->id)->journal_entries == 1);

  // Typing then leaving the screen at once still saves.
  h.type(" More.");
  REQUIRE(h.click("Journal"));
  CHECK(h.route().screen == Screen::Journal);
  list = h.app->session()->journal_list(JournalFilter{.item = refl->id});
  REQUIRE(list.ok());
  REQUIRE(list.value().size() == 1);
  CHECK(list.value()[0].text == "Today I was gentle with myself. More.");

  // And the journal finds it.
  REQUIRE(h.click("##search"));
  h.type("gentle");
  h.frames(2);
  REQUIRE(h.app->model().search_hits.size() == 1);
}

TEST_CASE("closing saves what was typed") {
  const fs::path data = fresh_dir("close");
  std::string item;
  {
    Harness h("2026-11-02T09:00", data);
    REQUIRE(h.begin());
    const Item* refl = first_item(*h.app->model().course, 1, ItemKind::Reflection);
    REQUIRE(refl != nullptr);
    item = refl->id;
    h.app->go(Route{Screen::Reflection, "", item, 0});
    h.frames(2);
    REQUIRE(h.click("##reflection"));
    h.type("Written just before closing.");
    h.app->shutdown();
    h.data = fresh_dir("unused");  // keep `data` for the check below
  }
  auto lr = load_course(KINDLY_BUNDLED_COURSE);
  auto s =
      Session::open(lr.course, data, std::make_shared<FixedClock>(*parse_time("2026-11-02T10:00")));
  REQUIRE(s.ok());
  auto list = s.value()->journal_list(JournalFilter{.item = item});
  REQUIRE(list.ok());
  REQUIRE(list.value().size() == 1);
  CHECK(list.value()[0].text == "Written just before closing.");
  fs::remove_all(data);
}

TEST_CASE("journal: delete to the trash and restore") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  const Item* refl = first_item(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  cmd::WriteEntry d;
  d.item = refl->id;
  d.text = "An entry to delete.";
  auto added = h.app->session()->apply(d);
  REQUIRE(added.ok());
  REQUIRE(h.click("Journal"));
  REQUIRE(h.app->model().journal.size() == 1);
  REQUIRE(h.click("Delete"));
  REQUIRE(h.click("Move to trash"));
  CHECK(h.app->model().journal.empty());
  REQUIRE(h.click("Trash"));
  REQUIRE(h.app->model().journal.size() == 1);
  REQUIRE(h.click("Restore"));
  REQUIRE(h.click("Back to journal"));
  CHECK(h.app->model().journal.size() == 1);
}

TEST_CASE("a broken course opens on the problems screen and draws") {
  const fs::path broken = fresh_dir("broken-course");
  Harness h("2026-11-02T09:00", fresh_dir("data"), broken.string());
  CHECK(h.app->model().course == nullptr);
  CHECK(h.route().screen == Screen::Problems);
  CHECK_FALSE(h.app->model().load->diagnostics.empty());
  h.frames(3);
  fs::remove_all(broken);
}

TEST_CASE("theme and font size are remembered") {
  const fs::path data = fresh_dir("settings");
  {
    Harness h("2026-11-02T09:00", data);
    REQUIRE(h.click("Settings"));
    REQUIRE(h.click("Dark"));
    CHECK(current_theme() == Theme::Dark);
    REQUIRE(h.click("A+"));
    CHECK(h.app->settings().font_px == kDefaultFontPx + 1);
    h.data = fresh_dir("unused");
  }
  const GuiSettings s = load_settings(settings_path(data));
  CHECK(s.theme == Theme::Dark);
  CHECK(s.font_px == kDefaultFontPx + 1);
  fs::remove_all(data);
}

TEST_CASE("settings file: round trip, bad values ignored") {
  const fs::path dir = fresh_dir("ini");
  GuiSettings s;
  s.theme = Theme::Contrast;
  s.font_px = 21;
  s.has_position = true;
  s.x = 40;
  s.y = 60;
  s.width = 1000;
  s.height = 700;
  REQUIRE(save_settings(dir / "gui-settings.ini", s));
  CHECK(load_settings(dir / "gui-settings.ini") == s);
  {
    std::ofstream f(dir / "bad.ini");
    f << "theme = purple\nfont_px = huge\nwindow_width = 3\nnonsense\n";
  }
  CHECK(load_settings(dir / "bad.ini") == GuiSettings{});
  CHECK(load_settings(dir / "missing.ini") == GuiSettings{});
  fs::remove_all(dir);
}

TEST_CASE("routes parse the --screen names") {
  auto lr = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(lr.course);
  CHECK(parse_route("home", lr.course.get())->screen == Screen::Home);
  CHECK(parse_route("week/2", lr.course.get())->module == "week-2");
  CHECK(parse_route("week/99", lr.course.get()) == std::nullopt);
  CHECK(parse_route("nonsense", lr.course.get()) == std::nullopt);
  const Item* refl = first_item(*lr.course, 1, ItemKind::Reflection);
  CHECK(parse_route("reflection/" + refl->id, lr.course.get())->item == refl->id);
}

TEST_CASE("markdown: blocks and emphasis") {
  const MdDoc d =
      parse_markdown("# Title\n\nSome *soft* and **strong** words.\n\n- one\n- two\n\n> a quote\n");
  REQUIRE(d.blocks.size() == 5);
  CHECK(d.blocks[0].kind == MdBlock::Kind::Heading);
  CHECK(d.blocks[1].spans.size() == 5);
  CHECK(d.blocks[1].spans[1].italic);
  CHECK(d.blocks[1].spans[3].bold);
  CHECK(d.blocks[2].kind == MdBlock::Kind::ListItem);
  CHECK(d.blocks[2].bullet == "\xE2\x80\xA2");
  CHECK(d.blocks[4].quote_depth == 1);
}

TEST_CASE("editor: soft wraps never reach the text") {
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGui::GetIO().Fonts->AddFontDefault();
  ImGui::GetIO().Fonts->Build();
  ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
  const std::string plain = "a few words that will need to wrap across lines\nand a second line";
  const std::string wrapped = soft_wrap(plain, f, 80);
  CHECK(wrapped != plain);
  CHECK(wrapped.find("\r\n") != std::string::npos);
  CHECK(unwrap(wrapped) == plain);
  ImGui::DestroyContext(ctx);
}

TEST_CASE("today's next steps open where they are done") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  // Begin now comes after "Is now a good time?"; Today then starts week 1 in one step.
  if (h.progress().week(1)->state == WeekState::Available) REQUIRE(h.click("Start week 1"));
  const Item* refl = nullptr;
  for (const Item& it : h.app->model().course->week(1)->items) {
    if (it.kind == ItemKind::Reflection && it.required) refl = &it;
  }
  if (!refl) refl = first_item(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  REQUIRE(h.click("Today"));
  if (widget_rect("next/" + refl->id)) {
    REQUIRE(h.click("next/" + refl->id));
    CHECK(h.route().screen == Screen::Reflection);
    CHECK(h.route().item == refl->id);
  }
  // The first step listed opens its week or its editor.
  REQUIRE(h.click("Today"));
  // Read after the click: a click can refresh the progress the pointer points into.
  const WeekProgress* w = h.progress().week(1);
  REQUIRE(w);
  bool opened = false;
  for (const ItemProgress& ip : w->items) {
    if (!ip.done && ip.kind != ItemKind::Reflection && widget_rect("next/" + ip.id)) {
      REQUIRE(h.click("next/" + ip.id));
      CHECK(h.route().screen == Screen::Week);
      CHECK(h.route().module == "week-1");
      opened = true;
      break;
    }
  }
  CHECK(opened);  // Today lists at least one step that is not a reflection
}

TEST_CASE("answer a check-in in place") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  REQUIRE(h.click("Week 1"));
  if (h.progress().week(1)->state == WeekState::Available) REQUIRE(h.click("Start week 1"));
  const Item* ck = first_item(*h.app->model().course, 1, ItemKind::Checkin);
  REQUIRE(ck);
  REQUIRE(ck->checkin);
  REQUIRE(h.click("Answer"));
  for (std::size_t q = 0; q < ck->checkin->questions.size(); ++q) {
    REQUIRE(
        h.click(ck->id + "/q" + std::to_string(q) + "/" + std::to_string(ck->checkin->scale_max)));
  }
  REQUIRE(h.click("Save answers"));
  const ItemProgress* ip = h.progress().item(ck->id);
  REQUIRE(ip);
  CHECK(ip->done);
  CHECK(ip->answers.size() == ck->checkin->questions.size());
}
