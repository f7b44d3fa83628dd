// Fonts found through fontconfig: Inter (or Noto Sans) for the interface, Noto Serif for
// readings; Latin, Latin Extended, Greek and Cyrillic glyphs. Falls back to ImGui's built-in
// font when no font file is found, so the app always opens.
#pragma once

#include <imgui.h>

#include <string>

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

// Clears io.Fonts and loads every face at `base_px * scale`. Call outside a frame; the
// renderer's font texture must be rebuilt afterwards.
Fonts load_fonts(float base_px, float scale);

// fontconfig lookup: the file of `family` in `style` ("Regular", "Bold", "Italic"), or empty
// when fontconfig returns some other family.
std::string find_font_file(const std::string& family, const std::string& style);

}  // namespace kindly::gui
