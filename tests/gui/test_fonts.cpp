// The font atlas: built without an ImGui context (start-up builds it on another thread while
// the window opens), with every character the course uses in the course-only faces, and the
// full Latin, Greek and Cyrillic sets in the faces that show what the user writes.
#include <doctest/doctest.h>
#include <imgui.h>

#include <thread>

#include "fonts.h"

using namespace kindly::gui;

namespace {

bool has(const ImFont* f, ImWchar c) {
  return f && f->FindGlyphNoFallback(c) != nullptr;
}

}  // namespace

TEST_CASE("fonts: the atlas builds on another thread with no ImGui context") {
  REQUIRE(ImGui::GetCurrentContext() == nullptr);
  ImFontAtlas atlas;
  FontPlan plan;
  plan.course_characters = {0x416};  // Ж
  Fonts f;
  std::thread([&] { f = load_fonts(atlas, plan); }).join();
  CHECK(atlas.IsBuilt());
  CHECK(atlas.TexWidth > 0);
  CHECK(atlas.TexHeight > 0);
  for (const ImFont* face :
       {f.ui, f.ui_bold, f.small, f.h1, f.h2, f.serif, f.serif_italic, f.serif_bold}) {
    REQUIRE(face != nullptr);
    CHECK(face->ContainerAtlas == &atlas);
  }
  CHECK(ImGui::GetCurrentContext() == nullptr);
}

TEST_CASE("fonts: course-only faces hold the course's characters; user-text faces hold all") {
  ImFontAtlas atlas;
  FontPlan plan;
  plan.course_characters = {0xE9, 0x416, 0x2014, 0x1F33F};  // é Ж — and one beyond 16 bits
  const Fonts f = load_fonts(atlas, plan);
  // The fonts come from fontconfig (scripts/install-deps installs them); with ImGui's built-in
  // font there would be nothing to check.
  REQUIRE_MESSAGE(!f.ui_file.empty(), "no interface font found through fontconfig");
  REQUIRE_MESSAGE(!f.serif_file.empty(), "no serif font found through fontconfig");

  // Headings and italic prompts show course and app text only.
  for (const ImFont* face : {f.h1, f.h2, f.serif_italic}) {
    CHECK(has(face, 'A'));
    CHECK(has(face, 0xB7));    // the app's middle dot
    CHECK(has(face, 0x2026));  // ellipsis, in the app's own strings
    CHECK(has(face, 0xE9));
    CHECK(has(face, 0x416));        // used by the course
    CHECK_FALSE(has(face, 0x42F));  // Я: Cyrillic the course does not use
    CHECK_FALSE(has(face, 0x3B1));  // α
  }
  // What the user types can be in any of these scripts.
  for (const ImFont* face : {f.ui, f.ui_bold, f.small, f.serif, f.serif_bold}) {
    CHECK(has(face, 0x42F));
    CHECK(has(face, 0x3B1));
    CHECK(has(face, 0x1EA1));  // ạ (Vietnamese)
  }
}

TEST_CASE("fonts: the course-only faces cost less atlas than full sets would") {
  ImFontAtlas small_atlas, full_atlas;
  FontPlan plan;
  (void)load_fonts(small_atlas, plan);
  // Give the course every Cyrillic and Greek letter: the course-only faces grow to the full
  // sets, and so does the atlas.
  for (char32_t c = 0x370; c <= 0x52F; ++c) plan.course_characters.push_back(c);
  (void)load_fonts(full_atlas, plan);
  CHECK(small_atlas.TexWidth * small_atlas.TexHeight < full_atlas.TexWidth * full_atlas.TexHeight);
}
