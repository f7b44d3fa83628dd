// Issue 14, parts 4 and 5, as a user meets them: every screen opens at its top and is drawn at
// once; the keyboard reaches every control (Tab, Enter, Escape, the arrows, a visible focus
// ring); the navigator and the week's controls fit the text size; Today starts week 1 in one
// step and a week shows what it asks on its first screen. Contents: helpers · opening a
// screen · keyboard · layout at large text · one step and first screens.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "app.h"
#include "harness.h"
#include "keys.h"
#include "kindly/session.h"
#include "settings.h"
#include "theme.h"
#include "widgets.h"

namespace fs = std::filesystem;

namespace kindly::gui {
namespace {

using test::Harness;

// ---- helpers -------------------------------------------------------------------------------

// The window screens draw in (the navigator's sibling).
ImGuiWindow* content_window() {
  for (ImGuiWindow* w : GImGui->Windows) {
    if (w->ParentWindow && std::string(w->ParentWindow->Name) == "##kindly" &&
        std::string(w->Name).find("##content") != std::string::npos) {
      return w;
    }
  }
  return nullptr;
}

// Scrolls the content to its end (as far as the last frame's content reaches).
void scroll_to_end(Harness& h) {
  h.frames(2);  // the screen has settled (a new one keeps its top for two frames)
  ImGuiWindow* c = content_window();
  REQUIRE(c != nullptr);
  ImGui::SetScrollY(c, 100000.0f);
  h.frames(3);
  REQUIRE(c->Scroll.y > 100.0f);
}

// The keyboard focus is on the control `key` (widget_rect) and its ring is showing.
bool focused_on(const std::string& key) {
  ImGuiContext& g = *GImGui;
  auto r = widget_rect(key);
  if (!r || g.NavId == 0 || !g.NavWindow || g.NavDisableHighlight) return false;
  const ImRect f = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[0]);
  const ImVec2 c = f.GetCenter();
  return c.x >= r->min.x && c.x <= r->max.x && c.y >= r->min.y && c.y <= r->max.y;
}

std::optional<ImRect> focus_rect() {
  ImGuiContext& g = *GImGui;
  if (g.NavId == 0 || !g.NavWindow || g.NavDisableHighlight) return std::nullopt;
  return ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[0]);
}

// Tabs until `key` has the focus, at most `limit` times; false when it never does.
bool tab_to(Harness& h, const std::string& key, int limit = 60) {
  for (int i = 0; i < limit; ++i) {
    h.press(Harness::kTab);
    if (focused_on(key)) return true;
  }
  return false;
}

// Begins the course (and starts week 1 when `start`) at `when`, with a session of its own.
void begin_at(const fs::path& data, const std::string& when, bool start) {
  std::string why;
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(loaded.course);
  auto s = Session::open(loaded.course, data, clock_from_option(when, &why));
  REQUIRE(s.ok());
  REQUIRE(s.value()->apply(cmd::Begin{}).ok());
  if (start) REQUIRE(s.value()->apply(cmd::Start{"week-1"}).ok());
}

const Item* first_of(const Course& c, int week, ItemKind kind) {
  for (const Item& it : c.week(week)->items) {
    if (it.kind == kind) return &it;
  }
  return nullptr;
}

// WCAG's relative luminance and contrast ratio.
double luminance(const ImVec4& c) {
  auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c.x) + 0.7152 * lin(c.y) + 0.0722 * lin(c.z);
}
double contrast(const ImVec4& a, const ImVec4& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

// ---- opening a screen ----------------------------------------------------------------------

TEST_CASE("every screen opens at its top, whatever the screen before was scrolled to") {
  Harness h("2026-11-02T09:00");
  ImGui::GetIO().DisplaySize = ImVec2(1180, 780);
  h.frames(3);
  scroll_to_end(h);  // the welcome, read to its end
  REQUIRE(h.begin());
  REQUIRE(h.route().screen == Screen::Home);
  CHECK(content_window()->Scroll.y == 0.0f);

  scroll_to_end(h);
  REQUIRE(h.click("Week 1"));
  REQUIRE(h.route().screen == Screen::Week);
  CHECK(content_window()->Scroll.y == 0.0f);

  scroll_to_end(h);
  REQUIRE(h.click("Progress"));
  REQUIRE(h.route().screen == Screen::Progress);
  CHECK(content_window()->Scroll.y == 0.0f);
}

TEST_CASE("the frame after a screen opens is drawn without waiting for input") {
  Harness h("2026-11-02T09:00");
  auto r = widget_rect("Begin the course##top");
  REQUIRE(r);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = r->center();
  h.frame();
  io.MouseDown[0] = true;
  h.frame();
  io.MouseDown[0] = false;
  h.frame();  // the click: "Is now a good time?" is the route, not yet drawn
  REQUIRE(h.route().screen == Screen::GoodTime);
  CHECK(h.app->wake_in() == 0.0);  // draw now
  h.frame();                       // the page, first frame
  CHECK(h.app->wake_in() == 0.0);  // and one more for its layout
}

// ---- keyboard ------------------------------------------------------------------------------

TEST_CASE("keyboard: Tab reaches every button, Enter presses the focused one") {
  Harness h("2026-11-02T09:00");
  // The first Tab shows where the focus is: the screen's first control.
  h.press(Harness::kTab);
  CHECK(focused_on("Begin the course##top"));
  // Tab goes on through the screen's buttons to the last one.
  REQUIRE(tab_to(h, "Begin the course"));
  CHECK_FALSE(h.progress().begun);
  h.press(Harness::kEnter);
  CHECK(h.route().screen == Screen::GoodTime);
  // "Is now a good time?" opens with the keyboard on Begin now: Enter begins.
  h.frames(2);
  CHECK(focused_on("Begin now"));
  h.press(Harness::kEnter);
  CHECK(h.progress().begun);
  CHECK(h.route().screen == Screen::Home);
}

TEST_CASE("keyboard: a practice's introduction opens on Begin; Enter begins the practice") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  REQUIRE(h.app->session()->apply(cmd::Start{"1"}).ok());
  h.app->go(*parse_route("practice/w1-soothing-rhythm-breathing", h.app->model().course));
  h.frames(2);
  REQUIRE(h.app->state().practice.stage == PracticeFlow::Stage::Intro);
  // The rating before and the guidance choice come first on the page, but the keyboard
  // starts on the one thing the page is for: the first Tab shows the ring there.
  h.press(Harness::kTab);
  CHECK(focused_on("Begin practice"));
  h.press(Harness::kEnter);
  CHECK(h.app->state().practice.stage == PracticeFlow::Stage::Running);
}

TEST_CASE("keyboard: Tab wraps through the navigator, Shift+Tab goes back") {
  Harness h("2026-11-02T09:00");
  REQUIRE(tab_to(h, "Settings"));  // past the screen's last control, into the navigator
  h.press(Harness::kTab, true);
  CHECK_FALSE(focused_on("Settings"));
  h.press(Harness::kTab);
  CHECK(focused_on("Settings"));
  h.press(Harness::kEnter);
  CHECK(h.route().screen == Screen::Settings);
}

TEST_CASE("keyboard: the arrows move between controls") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  h.press(Harness::kTab);
  const auto before = focus_rect();
  REQUIRE(before);
  h.press(Harness::kDown);
  const auto after = focus_rect();
  REQUIRE(after);
  CHECK(after->Min.y > before->Min.y);
  h.press(Harness::kUp);
  const auto back = focus_rect();
  REQUIRE(back);
  CHECK(back->Min.y < after->Min.y);
}

TEST_CASE("keyboard: Escape cancels \"Move this entry to the trash?\" and keeps the entry") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  const Item* refl = first_of(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  cmd::WriteEntry d;
  d.item = refl->id;
  d.text = "An entry to keep.";
  REQUIRE(h.app->session()->apply(d).ok());
  REQUIRE(h.click("Journal"));
  REQUIRE(h.app->model().journal.size() == 1);
  REQUIRE(h.click("Delete"));
  REQUIRE(h.app->state().journal_confirm_delete != 0);
  h.press(Harness::kEscape);
  CHECK(h.app->state().journal_confirm_delete == 0);
  CHECK(h.route().screen == Screen::Journal);  // the question closed, the screen stayed
  h.frames(2);
  CHECK(h.app->model().journal.size() == 1);
  // Escape again goes back.
  h.press(Harness::kEscape);
  CHECK(h.route().screen == Screen::Home);
}

TEST_CASE("keyboard: Escape leaves a text field with every character typed, then cancels") {
  const fs::path data = test::fresh_dir("data");
  begin_at(data, "2026-11-02T09:00", true);
  Harness h("2026-11-10T09:00", data, KINDLY_BUNDLED_COURSE, "week/1");
  REQUIRE(h.click("Move on to the next week"));
  REQUIRE(h.click("##move-on-reason"));
  h.type("Night shifts.");
  REQUIRE(ImGui::GetIO().WantTextInput);
  h.press(Harness::kEscape);
  CHECK(h.app->state().move_on_reason == "Night shifts.");  // ImGui 1.86 would revert it
  CHECK_FALSE(ImGui::GetIO().WantTextInput);
  CHECK(h.app->state().confirm_move_on);
  h.press(Harness::kEscape);  // the question
  CHECK_FALSE(h.app->state().confirm_move_on);
  CHECK(h.route().screen == Screen::Week);
  h.press(Harness::kEscape);  // back to Today
  CHECK(h.route().screen == Screen::Home);
}

TEST_CASE("keyboard: Escape closes an open list before anything else") {
  Harness h("2026-11-02T09:00");
  ImGuiIO& io = ImGui::GetIO();
  auto popup_frame = [&](bool open) {
    ImGui::NewFrame();
    keys::begin_frame();
    ImGui::Begin("##test");
    if (open) ImGui::OpenPopup("##list");
    if (ImGui::BeginPopup("##list")) {
      ImGui::TextUnformatted("a list");
      ImGui::EndPopup();
    }
    ImGui::End();
    keys::end_frame();
    ImGui::Render();
  };
  popup_frame(true);
  popup_frame(false);
  REQUIRE(GImGui->OpenPopupStack.Size == 1);
  io.KeysDown[Harness::kEscape] = true;
  ImGui::NewFrame();
  keys::begin_frame();
  CHECK(GImGui->OpenPopupStack.Size == 0);
  CHECK_FALSE(keys::take_escape());  // the list took it: the screen does not go back
  ImGui::Render();
  io.KeysDown[Harness::kEscape] = false;
}

TEST_CASE("keyboard: a reflection opens ready to type") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  const Item* refl = first_of(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  h.app->run(go_to(Route{.screen = Screen::Reflection, .item = refl->id}));
  h.frames(2);
  h.type("No click needed.");
  CHECK(h.app->state().draft.text == "No click needed.");
}

TEST_CASE("keyboard: a shortcut key is the screen's only when nothing else takes it") {
  Harness h("2026-11-02T09:00");
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[Harness::kSpace] = true;
  ImGui::NewFrame();
  CHECK(keys::shortcut(Harness::kSpace));
  ImGui::Render();
  io.KeysDown[Harness::kSpace] = false;
  h.frame();
  // While a text field has the keyboard, Space is a space.
  const Item* refl = first_of(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  REQUIRE(h.begin());
  h.app->run(go_to(Route{.screen = Screen::Reflection, .item = refl->id}));
  h.frames(3);
  REQUIRE(io.WantTextInput);
  io.KeysDown[Harness::kSpace] = true;
  ImGui::NewFrame();
  CHECK_FALSE(keys::shortcut(Harness::kSpace));
  ImGui::Render();
  io.KeysDown[Harness::kSpace] = false;
  h.frame();
}

TEST_CASE("keyboard: the focus ring stands out in every theme (3:1, WCAG's non-text contrast)") {
  Harness h("2026-11-02T09:00");
  for (Theme t : {Theme::Light, Theme::Dark, Theme::Contrast}) {
    CAPTURE(static_cast<int>(t));
    apply_theme(t, 1.0f);
    const ImVec4 ring = ImGui::GetStyle().Colors[ImGuiCol_NavHighlight];
    CHECK(contrast(ring, palette().bg) >= 3.0);
    CHECK(contrast(ring, palette().card) >= 3.0);
    CHECK(contrast(ring, palette().sidebar) >= 3.0);
  }
}

// ---- layout at large text ------------------------------------------------------------------

TEST_CASE("the navigator grows with the text size and breaks no word") {
  float width_at[2] = {0, 0};
  const float sizes[2] = {kDefaultFontPx, kMaxFontPx};
  for (int i = 0; i < 2; ++i) {
    const fs::path data = test::fresh_dir("data");
    begin_at(data, "2026-11-02T09:00", true);
    GuiSettings gs;
    gs.font_px = sizes[i];
    REQUIRE(save_settings(settings_path(data), gs));
    Harness h("2026-11-02T10:00", data);
    ImGui::GetIO().DisplaySize = ImVec2(1180, 780);
    h.frames(3);
    auto row = widget_rect("Week 1");
    REQUIRE(row);
    width_at[i] = row->max.x - row->min.x;
    // Every word of every week's title fits the row's text column.
    const Fonts& f = *h.app->model().fonts;
    const float column = width_at[i] - f.ui->FontSize * (0.55f * 3 + 1.9f);
    for (const WeekProgress& w : h.progress().weeks) {
      std::size_t at = 0;
      while (at < w.title.size()) {
        std::size_t end = std::min(w.title.find(' ', at), w.title.size());
        const std::string word = w.title.substr(at, end - at);
        CAPTURE(word);
        CHECK(f.ui->CalcTextSizeA(f.ui->FontSize, FLT_MAX, 0, word.c_str()).x <= column);
        at = end + 1;
      }
    }
  }
  CHECK(width_at[1] > width_at[0] * 1.4f);
}

TEST_CASE("\"I practised today\" stays inside its card at 800x600 and the largest text") {
  const fs::path data = test::fresh_dir("data");
  begin_at(data, "2026-11-02T09:00", true);
  GuiSettings gs;
  gs.font_px = kMaxFontPx;
  REQUIRE(save_settings(settings_path(data), gs));
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "week/1");
  ImGui::GetIO().DisplaySize = ImVec2(800, 600);
  h.frames(3);
  // It opened at its top, though its first control is further down.
  CHECK(content_window()->Scroll.y == 0.0f);
  const Item* med = first_of(*h.app->model().course, 1, ItemKind::Meditation);
  REQUIRE(med);
  auto card = widget_rect("card/" + med->id);
  auto button = widget_rect(med->id + "/I practised today");
  REQUIRE(card);
  REQUIRE(button);
  CHECK(button->max.x <= card->max.x);
  CHECK(button->max.y <= card->max.y);
}

// ---- one step and first screens ------------------------------------------------------------

TEST_CASE("Today starts week 1 in one step after Begin") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  REQUIRE(h.route().screen == Screen::Home);
  REQUIRE(h.click("Start week 1"));
  CHECK(h.progress().week(1)->started_at.has_value());
  CHECK(h.route().screen == Screen::Week);
  CHECK(h.route().module == "week-1");
}

TEST_CASE("a week shows what it asks on its first screen; its reading folds") {
  const fs::path data = test::fresh_dir("data");
  begin_at(data, "2026-11-02T09:00", true);
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "week/1");
  ImGui::GetIO().DisplaySize = ImVec2(1180, 780);
  h.frames(3);
  const Item* first = &h.app->model().course->week(1)->items.front();
  auto asks = widget_rect("What this week asks");
  auto card = widget_rect("card/" + first->id);
  REQUIRE(asks);
  REQUIRE(card);
  CHECK(asks->max.y < 780);
  CHECK(card->min.y < 780 * 0.9f);
  // The whole reading is one click away, and folds again.
  REQUIRE(h.click("reading/toggle"));
  auto unfolded = widget_rect("What this week asks");
  REQUIRE(unfolded);
  CHECK(unfolded->min.y > asks->min.y);
}

TEST_CASE("a reflection card with entries leads to them") {
  Harness h("2026-11-02T09:00");
  REQUIRE(h.begin());
  REQUIRE(h.click("Start week 1"));
  const Item* refl = first_of(*h.app->model().course, 1, ItemKind::Reflection);
  REQUIRE(refl);
  CHECK_FALSE(widget_rect(refl->id + "/Read entries"));
  cmd::WriteEntry d;
  d.item = refl->id;
  d.text = "Written earlier.";
  REQUIRE(h.app->session()->apply(d).ok());
  h.frames(2);
  REQUIRE(h.click(refl->id + "/Read entries"));
  CHECK(h.route().screen == Screen::Reflection);
  CHECK(h.route().item == refl->id);
  h.frames(2);
  CHECK(h.app->model().journal.size() == 1);
}

TEST_CASE("the welcome's crisis lines come before the long reading, at reading size") {
  Harness h("2026-11-02T09:00");
  auto line = widget_rect("crisis/0");
  auto how = widget_rect("Begin the course");
  REQUIRE(line);
  REQUIRE(how);
  CHECK(line->max.y < how->min.y);
  CHECK(line->max.y - line->min.y >= h.app->model().fonts->ui->FontSize - 1);
  const auto top = widget_rect("Begin the course##top");
  REQUIRE(top);
  // Right after the first Begin: within a screen's height of it.
  CHECK(line->min.y - top->max.y < 500);
}

TEST_CASE("an item's circle ticks and unticks it through the engine") {
  const fs::path data = test::fresh_dir("data");
  begin_at(data, "2026-11-02T09:00", true);
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, "week/1");
  const Item* reading = first_of(*h.app->model().course, 1, ItemKind::Reading);
  REQUIRE(reading);
  REQUIRE(h.click(reading->id + "/mark"));
  CHECK(h.progress().item(reading->id)->ticked);
  REQUIRE(h.click(reading->id + "/mark"));
  CHECK_FALSE(h.progress().item(reading->id)->ticked);
  // A check-in's circle is only a picture: it is done by answering.
  const Item* checkin = first_of(*h.app->model().course, 1, ItemKind::Checkin);
  if (checkin) CHECK_FALSE(widget_rect(checkin->id + "/mark"));
}

TEST_CASE("Today's next step opens its week at the item, with the keyboard on it") {
  const fs::path data = test::fresh_dir("data");
  begin_at(data, "2026-11-02T09:00", true);
  Harness h("2026-11-02T10:00", data);
  ImGui::GetIO().DisplaySize = ImVec2(1180, 780);
  h.frames(3);
  // The last of Today's next steps that opens the week (not a reflection).
  std::string id;
  for (const ItemProgress& ip : h.progress().week(1)->items) {
    if (widget_rect("next/" + ip.id) && ip.kind != ItemKind::Reflection) id = ip.id;
  }
  REQUIRE_FALSE(id.empty());
  REQUIRE(h.click("next/" + id));
  REQUIRE(h.route().screen == Screen::Week);
  h.frames(2);
  auto card = widget_rect("card/" + id);
  REQUIRE(card);
  CHECK(card->min.y >= 0);
  CHECK(card->min.y < 780 * 0.5f);
}

}  // namespace kindly::gui
