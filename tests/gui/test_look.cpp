// The look: every text/background pair the palette uses reaches WCAG AA (4.5:1) in every
// theme, and the calm controls' logic (the stepper's clamping, the select's keyboard, the
// tooltip's delay) in ImGui frames with no screen.
//
// Contents: contrast (WCAG 2.x relative luminance) · stepper · select · tooltip delay.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "theme.h"
#include "widgets.h"
#include "widgets_charts.h"

using namespace kindly::gui;

namespace {

// ---- contrast ---------------------------------------------------------------------------

// WCAG 2.x relative luminance of an sRGB colour (alpha ignored: pass an opaque colour).
double luminance(const ImVec4& c) {
  auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c.x) + 0.7152 * lin(c.y) + 0.0722 * lin(c.z);
}

double contrast(const ImVec4& a, const ImVec4& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `fg` drawn at `alpha` over the opaque `bg`, as the renderer blends it.
ImVec4 over(const ImVec4& fg, float alpha, const ImVec4& bg) {
  return ImVec4(bg.x + (fg.x - bg.x) * alpha, bg.y + (fg.y - bg.y) * alpha,
                bg.z + (fg.z - bg.z) * alpha, 1.0f);
}

struct Pair {
  std::string what;
  ImVec4 fg, bg;
};

// Every pair of text colour and the background it is drawn on, as the screens and widgets
// use them. Backgrounds with alpha (the secondary button's) are blended over the window.
std::vector<Pair> text_pairs(const Palette& p, const ImGuiStyle& st) {
  std::vector<Pair> v;
  const struct {
    const char* name;
    ImVec4 c;
  } bgs[] = {{"bg", p.bg},
             {"sidebar", p.sidebar},
             {"card", p.card},
             {"accent_soft (selected rows)", p.accent_soft},
             {"warm_soft (banners)", p.warm_soft}};
  const struct {
    const char* name;
    ImVec4 c;
  } fgs[] = {{"text", p.text},
             {"muted", p.muted},
             {"link", p.link},
             {"error", p.error},
             {"accent", p.accent},
             {"locked", p.locked},
             {"warm (a week ready)", p.warm},
             {"done", p.done}};
  for (const auto& f : fgs) {
    for (const auto& b : bgs) v.push_back({std::string(f.name) + " on " + b.name, f.c, b.c});
  }
  // The primary button: its label on the accent, hovered and pressed.
  v.push_back({"accent_text on accent", p.accent_text, p.accent});
  v.push_back({"accent_text on accent hovered", p.accent_text, primary_hovered(p)});
  v.push_back({"accent_text on accent pressed", p.accent_text, primary_pressed(p)});
  // Disabled text (ImGui draws it at DisabledAlpha) and text on ImGui's button states.
  for (const auto& b : bgs) {
    v.push_back(
        {std::string("disabled text on ") + b.name, over(p.text, st.DisabledAlpha, b.c), b.c});
  }
  const ImGuiCol button_states[] = {ImGuiCol_Button, ImGuiCol_ButtonHovered, ImGuiCol_ButtonActive,
                                    ImGuiCol_Header, ImGuiCol_HeaderHovered, ImGuiCol_FrameBg};
  for (ImGuiCol c : button_states) {
    for (const ImVec4& under : {p.bg, p.card}) {
      const ImVec4 b = over(st.Colors[c], st.Colors[c].w, under);
      v.push_back({std::string("text on ") + ImGui::GetStyleColorName(c), p.text, b});
    }
  }
  v.push_back({"text on popup", p.text, st.Colors[ImGuiCol_PopupBg]});
  return v;
}

struct Context {
  ImGuiContext* ctx = ImGui::CreateContext();
  ~Context() { ImGui::DestroyContext(ctx); }
};

}  // namespace

TEST_CASE("look: every text/background pair is at least 4.5:1 (WCAG AA) in every theme") {
  Context c;
  for (Theme t : {Theme::Light, Theme::Dark, Theme::Contrast}) {
    apply_theme(t, 1.0f);
    for (const Pair& pr : text_pairs(palette(), ImGui::GetStyle())) {
      const double r = contrast(pr.fg, pr.bg);
      CHECK_MESSAGE(r >= 4.5, std::string(theme_name(t)), ": ", pr.what, " is ", r, ":1");
    }
  }
}

// ---- controls in bare ImGui frames ---------------------------------------------------------

namespace {

enum Key { kDown = 1, kUp, kEnter, kEscape, kSpace, kTab };

// One ImGui context with the default font and keyboard navigation; each frame draws `draw`
// in a window. Time moves only by the frames' DeltaTime.
struct Bare {
  ImGuiContext* ctx = ImGui::CreateContext();
  std::function<void()> draw;
  Bare() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    apply_theme(Theme::Light, 1.0f);
    clear_widget_rects();
  }
  ~Bare() { ImGui::DestroyContext(ctx); }
  Bare(const Bare&) = delete;
  Bare& operator=(const Bare&) = delete;
  void frame(float dt = 1.0f / 60.0f) {
    ImGui::GetIO().DeltaTime = dt;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("bare", nullptr, ImGuiWindowFlags_NoDecoration);
    if (draw) draw();
    ImGui::End();
    ImGui::Render();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  bool click(const std::string& key) {
    auto r = widget_rect(key);
    if (!r) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = r->center();
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frames(2);
    return true;
  }
  void press(int key) {
    ImGui::GetIO().KeysDown[key] = true;
    frame();
    ImGui::GetIO().KeysDown[key] = false;
    frames(2);
  }
};

}  // namespace

TEST_CASE("look: the stepper's arithmetic keeps the value in range without overflow") {
  CHECK(stepper_value(5, 1, 1, 600) == 6);
  CHECK(stepper_value(600, 5, 1, 600) == 600);
  CHECK(stepper_value(1, -1, 1, 600) == 1);
  CHECK(stepper_value(0, 0, 1, 600) == 1);      // brought into range
  CHECK(stepper_value(900, 0, 1, 600) == 600);  // brought into range
  CHECK(stepper_value(INT_MAX, 1, INT_MIN, INT_MAX) == INT_MAX);
  CHECK(stepper_value(INT_MIN, -5, INT_MIN, INT_MAX) == INT_MIN);
  CHECK(stepper_value(3, 0, 10, 1) == 3);  // bounds given the wrong way round
}

TEST_CASE("look: the stepper's buttons stop at the ends and a typed value is clamped") {
  Bare b;
  int v = 599;
  b.draw = [&] { stepper("##m", &v, 1, 5, 1, 600); };
  b.frames(2);
  REQUIRE(b.click("##m+"));
  CHECK(v == 600);
  REQUIRE(b.click("##m+"));  // disabled at the top
  CHECK(v == 600);
  REQUIRE(b.click("##m-"));
  CHECK(v == 599);
  REQUIRE(b.click("##m="));
  ImGui::GetIO().AddInputCharactersUTF8("900");
  b.frames(2);
  CHECK(v == 600);
  b.press(kEnter);  // done typing: the field lets go
  v = 1;
  b.frames(2);
  REQUIRE(b.click("##m-"));  // disabled at the bottom
  CHECK(v == 1);
}

TEST_CASE("look: select typeahead finds the next item by its first letter, wrapping") {
  const std::vector<std::string> whens = {"Today", "Yesterday", "2 days ago", "3 days ago"};
  CHECK(select_typeahead(whens, 0, 'y') == 1);
  CHECK(select_typeahead(whens, 0, 'Y') == 1);
  CHECK(select_typeahead(whens, 0, '3') == 3);
  CHECK(select_typeahead(whens, 0, 'z') == -1);
  CHECK(select_typeahead(whens, 0, ' ') == -1);
  CHECK(select_typeahead(whens, 0, 0x00E9) == -1);  // not ASCII
  const std::vector<std::string> fruit = {"Apple", "Avocado", "Banana"};
  CHECK(select_typeahead(fruit, 0, 'a') == 1);
  CHECK(select_typeahead(fruit, 1, 'a') == 0);
  CHECK(select_typeahead(fruit, -1, 'a') == 0);  // nothing chosen yet
  CHECK(select_typeahead({}, 0, 'a') == -1);
}

TEST_CASE("look: the select opens on a click and is driven by the keyboard") {
  Bare b;
  const char* whens[] = {"Today", "Yesterday", "2 days ago", "3 days ago"};
  int v = 0;
  b.draw = [&] { select("##when", &v, whens, 4); };
  b.frames(2);
  SUBCASE("opened with the mouse, Down then Space picks the item after the chosen one") {
    REQUIRE(b.click("##when"));
    CHECK(ImGui::IsPopupOpen("##when", ImGuiPopupFlags_AnyPopupId));
    b.press(kDown);
    b.press(kSpace);
    CHECK(v == 1);
    CHECK_FALSE(ImGui::IsPopupOpen("##when", ImGuiPopupFlags_AnyPopupId));
  }
  SUBCASE("from the keyboard alone: an arrow focuses it, Space opens, Down Down, Space picks") {
    v = 1;
    b.press(kDown);
    b.press(kSpace);
    CHECK(ImGui::IsPopupOpen("##when", ImGuiPopupFlags_AnyPopupId));
    b.press(kDown);
    b.press(kDown);
    b.press(kSpace);
    CHECK(v == 3);
  }
  SUBCASE("Escape closes it and changes nothing") {
    REQUIRE(b.click("##when"));
    b.press(kDown);
    b.press(kEscape);
    CHECK(v == 0);
    CHECK_FALSE(ImGui::IsPopupOpen("##when", ImGuiPopupFlags_AnyPopupId));
  }
  SUBCASE("a letter picks the item that starts with it and closes the list") {
    REQUIRE(b.click("##when"));
    ImGui::GetIO().AddInputCharacter('3');
    b.frames(3);
    CHECK(v == 3);
    CHECK_FALSE(ImGui::IsPopupOpen("##when", ImGuiPopupFlags_AnyPopupId));
  }
}

TEST_CASE("look: a tooltip shows only after a short hover and asks for the frame it needs") {
  Bare b;
  bool shown = false;
  b.draw = [&] {
    ImGui::Button("Hover me");
    remember_widget("Hover me");
    shown = begin_tooltip();
    if (shown) {
      ImGui::TextUnformatted("Hello");
      end_tooltip();
    }
  };
  b.frames(2);
  ImGui::GetIO().MousePos = widget_rect("Hover me")->center();
  b.frame();
  CHECK_FALSE(shown);
  // The loop is asked to wake when the delay is over, not before.
  const double wait = widgets_wake_in();
  CHECK(wait > 0.3);
  CHECK(wait <= kTooltipDelay);
  b.frame(0.2f);
  CHECK_FALSE(shown);
  b.frame(static_cast<float>(kTooltipDelay));
  CHECK(shown);
  CHECK(widgets_wake_in() > 0);  // the frame that shows the sized tooltip
  // Moving away hides it; coming back waits again.
  ImGui::GetIO().MousePos = ImVec2(700, 500);
  b.frame();
  CHECK_FALSE(shown);
  ImGui::GetIO().MousePos = widget_rect("Hover me")->center();
  b.frame();
  CHECK_FALSE(shown);
}

TEST_CASE("look: a toggle, a chip, a choice and segments change their value on a click") {
  Bare b;
  bool on = false, day = true;
  int answer = 0, seg = 0;
  const char* segs[] = {"Warm light", "Dark", "High contrast"};
  b.draw = [&] {
    toggle("Mute the bell", &on);
    chip("Mon", &day);
    choice("3", &answer, 3);
    segmented("##theme", &seg, segs, 3);
  };
  b.frames(2);
  REQUIRE(b.click("Mute the bell"));
  CHECK(on);
  REQUIRE(b.click("Mon"));
  CHECK_FALSE(day);
  REQUIRE(b.click("3"));
  CHECK(answer == 3);
  REQUIRE(b.click("High contrast"));
  CHECK(seg == 2);
}

TEST_CASE("look: outlines, fills and the focus ring are at least 3:1 against the page") {
  Context c;
  for (Theme t : {Theme::Light, Theme::Dark, Theme::Contrast}) {
    apply_theme(t, 1.0f);
    const Palette& p = palette();
    const ImGuiStyle& st = ImGui::GetStyle();
    const struct {
      const char* name;
      ImVec4 c;
    } marks[] = {{"field and button outline", st.Colors[ImGuiCol_Border]},
                 {"accent (primary fill, switch, slider)", p.accent},
                 {"focus ring", st.Colors[ImGuiCol_NavHighlight]}};
    for (const auto& mk : marks) {
      for (const ImVec4& bg : {p.bg, p.sidebar, p.card}) {
        const double r = contrast(mk.c, bg);
        CHECK_MESSAGE(r >= 3.0, std::string(theme_name(t)), ": ", std::string(mk.name), " is ", r,
                      ":1");
      }
    }
  }
}

TEST_CASE("look: a preview of what the user wrote never cuts a character in two") {
  // 24 three-byte characters (72 bytes): a cut at 70 bytes falls inside the 24th.
  std::string cjk;
  for (int i = 0; i < 24; ++i) cjk += "\xE6\x97\xA5";
  const std::string p = first_line(cjk, 70);
  CHECK(p == cjk.substr(0, 69) + "\xE2\x80\xA6");
  CHECK(first_line("Ups ## downs\nmore", 70) == "Ups ## downs\xE2\x80\xA6");
  CHECK(first_line("short", 70) == "short");
  CHECK(first_line("", 70).empty());
  const std::string emoji = "\xF0\x9F\x98\x8A\xF0\x9F\x98\x8A";  // two 4-byte emoji
  CHECK(first_line(emoji, 6) == "\xF0\x9F\x98\x8A\xE2\x80\xA6");
}

TEST_CASE("look: only the first primary button of a frame is filled") {
  Bare b;
  bool first = false, second = false;
  b.draw = [&] {
    primary_button("Start week 1");
    first = primary_was_filled();
    primary_button("Begin");
    second = primary_was_filled();
  };
  b.frames(2);
  CHECK(first);
  CHECK_FALSE(second);
  b.draw = [&] {
    primary_button("Begin");
    first = primary_was_filled();
  };
  b.frame();
  CHECK(first);  // a new frame has its own primary
}

TEST_CASE("look: the heat map's day numbers are readable on every shade, in every theme") {
  Context c;
  for (Theme t : {Theme::Light, Theme::Dark, Theme::Contrast}) {
    apply_theme(t, 1.0f);
    for (int level = 0; level <= 4; ++level) {
      const double r = contrast(heat_number_color(level), heat_level_color(level));
      CHECK_MESSAGE(r >= 4.5, std::string(theme_name(t)), ": day number on level ", level, " is ",
                    r, ":1");
    }
    // Days still to come: locked-coloured numbers on the track at 40% over the card.
    const Palette& p = palette();
    const double r = contrast(p.locked, over(p.track, 0.4f * p.track.w, p.card));
    CHECK_MESSAGE(r >= 4.5, std::string(theme_name(t)), ": a future day's number is ", r, ":1");
  }
}

TEST_CASE("look: a switch and the stepper's buttons draw a focus ring under keyboard focus") {
  Bare b;
  bool on = false;
  int n = 5;
  int drawn = 0;  // vertices the controls added this frame
  b.draw = [&] {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int before = dl->VtxBuffer.Size;
    toggle("Mute", &on);
    stepper("##n", &n, 1, 5, 1, 10);
    drawn = dl->VtxBuffer.Size - before;
  };
  b.frames(2);
  const int unfocused = drawn;
  b.press(kDown);  // the keyboard takes focus: the first control
  CHECK(ImGui::GetIO().NavVisible);
  CHECK(drawn > unfocused);
  b.press(kDown);  // on to the stepper's -
  CHECK(drawn > unfocused);
  CHECK(n == 5);  // moving focus changes nothing
  CHECK_FALSE(on);
}

TEST_CASE("look: check-in parts are named in words, not by the course's keys") {
  CHECK(kindly::gui::subscale_name("common-humanity", "Score") == "Common humanity");
  CHECK(kindly::gui::subscale_name("self_kindness", "Score") == "Self kindness");
  CHECK(kindly::gui::subscale_name("", "Whole check-in") == "Whole check-in");
}
