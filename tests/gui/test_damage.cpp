// Damage (shell/damage.h): which part of the window a frame changed, from its draw data alone.
#include <doctest/doctest.h>
#include <imgui.h>

#include "shell/damage.h"

using kindly::gui::shell::clip_to;
using kindly::gui::shell::Damage;
using kindly::gui::shell::DamageRect;

namespace {

// A screenless ImGui context drawing a page of text, with an optional small "caret" box and an
// optional second, large box: the three kinds of change a frame can make.
struct Frames {
  ImGuiContext* ctx = ImGui::CreateContext();
  Frames() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~Frames() { ImGui::DestroyContext(ctx); }

  ImDrawData& draw(bool caret, bool big = false, const char* line = "a line that stays") {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
    for (int i = 0; i < 20; ++i) ImGui::Text("%s %d", line, i);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (caret) dl->AddRectFilled(ImVec2(300, 200), ImVec2(302, 218), IM_COL32(0, 0, 0, 255));
    if (big) dl->AddRectFilled(ImVec2(0, 0), ImVec2(700, 500), IM_COL32(9, 9, 9, 255));
    ImGui::Text("after the caret");  // drawn later in the same list: its vertices shift
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }
};

constexpr ImU32 kBg = IM_COL32(250, 245, 235, 255);

}  // namespace

TEST_CASE("damage: a caret turning on and off changes only the caret's box") {
  Frames f;
  Damage d;
  CHECK_FALSE(d.compare(f.draw(false), kBg).has_value());  // the first frame is drawn whole
  const auto same = d.compare(f.draw(false), kBg);
  REQUIRE(same.has_value());
  CHECK(same->empty());  // nothing changed
  for (bool caret : {true, false}) {
    const auto r = d.compare(f.draw(caret), kBg);
    REQUIRE(r.has_value());
    // The caret's box, one pixel wider each side for rounding; nothing of the text after it.
    CHECK(r->x0 == 299);
    CHECK(r->y0 == 199);
    CHECK(r->x1 == 303);
    CHECK(r->y1 == 219);
  }
}

TEST_CASE("damage: a large change, a new size, a new background or invalidate() draw whole") {
  Frames f;
  Damage d;
  (void)d.compare(f.draw(false), kBg);
  CHECK_FALSE(d.compare(f.draw(false, true), kBg).has_value());  // over a quarter of the window
  (void)d.compare(f.draw(false), kBg);
  CHECK_FALSE(d.compare(f.draw(false), IM_COL32(0, 0, 0, 255)).has_value());  // a new theme
  (void)d.compare(f.draw(false), kBg);
  ImGui::GetIO().DisplaySize = ImVec2(640, 480);
  CHECK_FALSE(d.compare(f.draw(false), kBg).has_value());
  REQUIRE(d.compare(f.draw(false), kBg).has_value());
  d.invalidate();  // e.g. new glyphs in the same font texture
  CHECK_FALSE(d.compare(f.draw(false), kBg).has_value());
}

TEST_CASE("damage: changed text is found wherever it is, with everything between") {
  Frames f;
  Damage d;
  (void)d.compare(f.draw(false), kBg);
  const auto r = d.compare(f.draw(false, false, "a line that moves"), kBg);
  // Every one of the 20 lines changed: the box runs from the first line to the last.
  REQUIRE(r.has_value());
  CHECK(r->x0 <= 8);
  CHECK(r->y0 < 8 + ImGui::GetTextLineHeight());  // within the first line
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  CHECK(r->y1 >= static_cast<int>(8 + 19 * line_h));
  CHECK(r->y1 < static_cast<int>(8 + 21 * line_h));  // not the line after them
}

TEST_CASE("damage: clip_to cuts every command's clip rectangle to the damage") {
  Frames f;
  ImDrawData& data = f.draw(true);
  clip_to(data, DamageRect{290, 190, 310, 230});
  int commands = 0;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    for (const ImDrawCmd& c : data.CmdLists[l]->CmdBuffer) {
      ++commands;
      CHECK(c.ClipRect.x >= 290);
      CHECK(c.ClipRect.y >= 190);
      CHECK(c.ClipRect.z <= 310);
      CHECK(c.ClipRect.w <= 230);
    }
  }
  CHECK(commands > 0);
}
