// A multiline text editor that wraps words (ImGui 1.86's multiline input does not).
//
// The text the user sees carries soft breaks ("\r\n" in place of a space, invisible to ImGui);
// the caller only ever sees the plain text, so soft breaks never reach the journal.
#pragma once

#include <imgui.h>

#include <string>

namespace kindly::gui {

struct EditorState {
  std::string buffer;  // plain text with soft breaks
  std::string plain;   // what `buffer` was made from
  float width = 0;     // wrap width the buffer was made for
  ImFont* font = nullptr;
};

// Inserts soft breaks so no line is wider than `width` pixels in `font`.
std::string soft_wrap(const std::string& plain, ImFont* font, float width);
// Removes soft breaks.
std::string unwrap(const std::string& buffer);

// Draws the editor; returns true when `*plain` changed.
bool wrapped_editor(const char* id, std::string* plain, EditorState* st, ImVec2 size,
                    const char* hint = nullptr);

}  // namespace kindly::gui
