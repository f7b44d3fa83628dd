// Fonts found through fontconfig: Inter (or Noto Sans) for the interface, Noto Serif for
// readings; Latin, Latin Extended, Greek and Cyrillic glyphs. Falls back to ImGui's built-in
// font when no font file is found, so the app always opens.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace kindly::gui {

struct Fonts {
  ImFont* ui = nullptr;       // body text of the interface
  ImFont* ui_bold = nullptr;  // labels, buttons that matter
  ImFont* small = nullptr;    // captions, meta lines
  ImFont* h1 = nullptr;       // screen titles
  ImFont* h2 = nullptr;       // section titles
  ImFont* serif = nullptr;    // readings
  ImFont* serif_italic = nullptr;
  ImFont* serif_bold = nullptr;
  std::string ui_file;  // where they came from (empty: built-in)
  std::string serif_file;
  float base_px = 17.0f;  // ui size before content scale
};

// Default interface size in pixels (before content scale) and the allowed range.
constexpr float kDefaultFontPx = 17.0f;
constexpr float kMinFontPx = 12.0f;
constexpr float kMaxFontPx = 30.0f;

// What to build: the size, and the characters of the course (Course::characters).
struct FontPlan {
  float base_px = kDefaultFontPx;
  float scale = 1.0f;
  std::vector<char32_t> course_characters;
};

// Clears `atlas` and loads every face at `plan.base_px * plan.scale`, then builds the atlas.
// The faces that can show what the user writes (ui, ui_bold, small, serif, serif_bold: the
// editor, search hits, the report preview) get Latin, Greek and Cyrillic in full; the faces
// that only show course and app text (h1, h2, serif_italic) get Latin-1, punctuation and the
// course's own characters. The headings are the largest glyphs, so this keeps the atlas, its
// build time and its texture small. Touches no ImGui context, so it may run on another thread while
// the window opens. The renderer's font texture must be rebuilt afterwards.
Fonts load_fonts(ImFontAtlas& atlas, const FontPlan& plan);

// fontconfig lookup: the file of `family` in `style` ("Regular", "Bold", "Italic"), or empty
// when fontconfig returns some other family.
std::string find_font_file(const std::string& family, const std::string& style);

}  // namespace kindly::gui
