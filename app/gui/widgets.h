// Small drawing helpers every screen uses: buttons, pills, progress bars, cards, text.
//
// Each button also records its rectangle under its label (widget_rect) so that tests driving
// ImGui frames without a screen can find it and click it.
#pragma once

#include <imgui.h>

#include <climits>
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
void remember_widget_rect(const std::string& key, const Rect& r);
std::optional<Rect> widget_rect(const std::string& key);
void clear_widget_rects();

// Buttons in three steps of weight (docs/gui.md, "Look"): one primary action per screen
// (filled with the accent), secondary ones outlined and quiet, tertiary ones as a text link.
// ImGui's keyboard focus ring (ImGuiCol_NavHighlight) shows on each. Only the first
// primary_button of a frame is filled; a later one in the same frame is drawn outlined (the
// topmost primary action is the screen's one), and primary_was_filled() says which it was.
bool primary_button(const char* label, ImVec2 size = ImVec2(0, 0));
bool primary_was_filled();
bool soft_button(const char* label, ImVec2 size = ImVec2(0, 0));  // secondary: outlined
bool link_button(const char* label);                              // tertiary: a text link

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
// The first line of `text`, at most `max_bytes` long, never cut inside a UTF-8 sequence,
// with "…" when something was left out. For previews of what the user wrote.
std::string first_line(const std::string& text, std::size_t max_bytes);
// "1 day", "2 days": a count with its noun in the singular or the plural.
std::string count_of(int n, std::string_view one, std::string_view many);
}  // namespace kindly::gui

#include <vector>
namespace kindly::gui {
std::vector<std::string> widget_keys();  // for test failure messages
}  // namespace kindly::gui

// ---- calm controls (widgets_controls.cpp) -------------------------------------------------
// The app's own controls in place of ImGui's stock ones (InputInt, Combo, RadioButton,
// SliderInt, Checkbox, SetTooltip): each has the call shape of the stock control it replaces,
// so a screen swaps one line. Each draws a focus ring when it has keyboard focus and records
// its rectangle (widget_rect) under its label, as the buttons do.
namespace kindly::gui {

// A number between - and + buttons (held, they repeat; with Ctrl they move by step_fast),
// typed in between if wished. The value is always kept within lo..hi; - and + are disabled at
// the ends. Returns true when the value changed. Keys: "ID-" and "ID+" for the buttons.
bool stepper(const char* id, int* v, int step = 1, int step_fast = 5, int lo = INT_MIN,
             int hi = INT_MAX);
// The stepper's arithmetic: v + delta kept within lo..hi, without overflow.
int stepper_value(int v, long long delta, int lo, int hi);

// A select: a quiet field with a chevron that opens a list popup (in place of BeginCombo /
// EndCombo; items are select_item). Up/Down move in the open list, Enter picks, Escape closes;
// the chosen item has focus when the list opens.
bool begin_select(const char* id, const char* preview);
void end_select();
bool select_item(const char* label, bool selected);
// The whole select over a list of labels (in place of ImGui::Combo). Typing a letter in the
// open list picks the next item that starts with it.
bool select(const char* id, int* current, const char* const items[], int count);
bool select(const char* id, int* current, const std::vector<std::string>& items);
// Typeahead: the index of the first item after `current` (wrapping) whose label starts with
// `ch` (ASCII letters and digits, any case), or -1.
int select_typeahead(const std::vector<std::string>& items, int current, unsigned ch);

// A slider with a thin track and a round knob, the value written beside it (in place of
// SliderInt; the visible part of `label` is written before the track). Arrow keys move it
// once it is focused and activated (Enter or Space), as ImGui's slider.
bool slider_int(const char* label, int* v, int lo, int hi, const char* format = "%d");

// A rounded chip: filled with the accent when chosen (in place of RadioButton).
bool choice(const char* label, bool active);
bool choice(const char* label, int* v, int v_button);
// A chip that turns on and off (weekdays).
bool chip(const char* label, bool* v);
// A row of joined segments, one chosen (themes, formats). Each segment is a button (keys: its
// label); returns true when `*current` changed.
bool segmented(const char* id, int* current, const char* const labels[], int n);
// An on/off switch with its label beside it (in place of Checkbox). The second form shows
// `text` exactly as it is (the user's words: "##" in it is text), identified by `id`.
bool toggle(const char* label, bool* v);
bool toggle(const char* id, bool* v, const std::string& text);

// Tooltips after a short hover (kTooltipDelay), or at once when the item has keyboard focus:
// call right after the item. tooltip() shows wrapped text; begin_tooltip() returns true when
// custom content should be drawn now, followed by end_tooltip(). tooltip_over() is for a
// region drawn by hand (a chart's cell): shown once the mouse has rested on it as long.
inline constexpr double kTooltipDelay = 0.45;
void tooltip(const std::string& text);
void tooltip_over(ImVec2 min, ImVec2 max, const std::string& text);
bool begin_tooltip();
void end_tooltip();

// A widget may ask for a frame later (a tooltip's delay, a sound's status): the app's loop
// wakes for it (App::wake_in). wake_me_in(s) asks for one in s seconds; widgets_wake_in()
// says how long until the earliest one, or a negative number for none.
void wake_me_in(double seconds);
double widgets_wake_in();

}  // namespace kindly::gui
