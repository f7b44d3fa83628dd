// Themes: a warm light default, a dark one and a high-contrast one.
//
// apply_theme() sets ImGui's style (spacing, rounding, colours) scaled by the content scale;
// palette() gives the extra colours screens draw with (muted text, accent, cards, states).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>

namespace kindly::gui {

enum class Theme { Light, Dark, Contrast };

const char* theme_name(Theme t);  // "light", "dark", "contrast"
std::optional<Theme> theme_from_name(const std::string& s);

struct Palette {
  ImVec4 bg;       // main window
  ImVec4 sidebar;  // week navigator
  ImVec4 card;     // raised cards
  ImVec4 card_border;
  ImVec4 text;
  ImVec4 muted;        // secondary text
  ImVec4 accent;       // primary actions, progress
  ImVec4 accent_text;  // text on the accent colour
  ImVec4 accent_soft;  // selected rows, banners
  ImVec4 warm;         // gentle highlight (revisiting banner, notes)
  ImVec4 warm_soft;
  ImVec4 done;    // completed marks
  ImVec4 locked;  // locked weeks
  ImVec4 error;   // course problems
  ImVec4 link;
  ImVec4 track;  // empty part of progress bars
};

const Palette& palette();
Theme current_theme();

// Sets ImGui::GetStyle() for `t` at `scale` (content scale) and remembers the palette.
void apply_theme(Theme t, float scale);

ImU32 u32(const ImVec4& c, float alpha_mul = 1.0f);

// The primary button's fill when hovered and pressed (its label stays accent_text).
ImVec4 primary_hovered(const Palette& p);
ImVec4 primary_pressed(const Palette& p);

}  // namespace kindly::gui
