// Small drawing helpers every screen uses: buttons, pills, progress bars, cards, text.
//
// Each button also records its rectangle under its label (widget_rect) so that tests driving
// ImGui frames without a screen can find it and click it.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

#include "fonts.h"
#include "theme.h"

namespace kindly::gui {

struct Rect {
  ImVec2 min, max;
  ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
};

// Test hooks: the last frame's rectangle of a widget by its visible label (or "##id").
void remember_widget(const std::string& key);
std::optional<Rect> widget_rect(const std::string& key);
void clear_widget_rects();

bool primary_button(const char* label, ImVec2 size = ImVec2(0, 0));
bool soft_button(const char* label, ImVec2 size = ImVec2(0, 0));
bool link_button(const char* label);  // text that looks like a link

// A small rounded label drawn inline ("Required", "In progress").
void pill(const char* text, const ImVec4& bg, const ImVec4& fg, ImFont* font = nullptr);

// A slim rounded bar, `frac` in 0..1.
void progress_bar(float frac, float width, float height, const ImVec4& fill);

// Cards: a rounded panel behind a group. Do not nest.
void begin_card(float width);
void end_card(const ImVec4* bg = nullptr, const ImVec4* border = nullptr);

void text_wrapped(const std::string& text, float width, const ImVec4* color = nullptr,
                  ImFont* font = nullptr);
void muted(const std::string& text, float width = 0, ImFont* font = nullptr);
void title(const Fonts& f, const std::string& text, const std::string& subtitle = {},
           float width = 0);
void section(const Fonts& f, const std::string& text);
void vspace(float px);

// A circle with a check mark, an empty ring, or a ring with a dot.
enum class Mark { Done, Open, Locked, Partial };
void mark(Mark m, float size);

}  // namespace kindly::gui

namespace kindly::gui {
// After an exception escaped a screen mid-card: close any open card frames.
void reset_cards();
}  // namespace kindly::gui

namespace kindly::gui {
// The engine's sentences start in lower case (they are also used mid-sentence); on their own
// line they start with a capital.
std::string sentence(std::string s);
// "1 day", "2 days": a count with its noun in the singular or the plural.
std::string count_of(int n, std::string_view one, std::string_view many);
}  // namespace kindly::gui

#include <vector>
namespace kindly::gui {
std::vector<std::string> widget_keys();  // for test failure messages
}  // namespace kindly::gui
