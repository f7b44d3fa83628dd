// A multiline text editor that wraps words (ImGui 1.86's multiline input does not) and keeps
// every character the user typed, whatever ImGui's 16-bit characters can hold.
//
// Three forms of the text:
//  - the text: what the caller holds and the journal stores, byte for byte;
//  - the editor text: the text with each character ImGui 1.86 cannot carry (code points above
//    U+FFFF such as emoji, the Private Use Area U+E000..U+F8FF, '\r', bytes that are not
//    UTF-8) replaced by a stand-in from the Private Use Area, one per distinct character for
//    the whole run; ImGui draws a stand-in as the font's placeholder box (fonts.h);
//  - the buffer: the editor text with soft breaks: "\r\n" in place of a space, "\r\r\n"
//    inside a word too long for a line. Both are invisible to ImGui.
// The caller only ever sees the text, so neither stand-ins nor soft breaks reach the journal.
#pragma once

#include <imgui.h>

#include <string>

namespace kindly::gui {

struct EditorState {
  std::string buffer;  // editor text with soft breaks
  std::string plain;   // the text `buffer` was made from
  float width = 0;     // wrap width the buffer was made for
  ImFont* font = nullptr;
};

// Inserts soft breaks so no line is wider than `width` pixels in `font`: at spaces, and inside
// a word only when the word alone is wider than the line.
std::string soft_wrap(const std::string& plain, ImFont* font, float width);
// Removes soft breaks.
std::string unwrap(const std::string& buffer);

// Text -> editor text and back (see above); from_editor_text(to_editor_text(t)) == t for any
// `t`, even bytes that are not UTF-8 (each gets a stand-in of its own).
std::string to_editor_text(const std::string& text);
std::string from_editor_text(const std::string& editor_text);

// For the window's character callback. ImGui 1.86 cannot take a character that needs a
// stand-in through its input queue (it drops Private Use characters there), so such a
// character typed while a wrapped editor has the keyboard goes to the editor itself: when
// editor_takes_char(c), call editor_insert_char(c) instead of giving c to ImGui; the editor
// inserts it at the caret in its next frame (so nothing typed after it may reach ImGui before
// that frame).
bool editor_takes_char(unsigned codepoint);
void editor_insert_char(unsigned codepoint);
// A wrapped editor had the keyboard when last drawn (the clipboard's text is then converted).
bool editor_has_keyboard();

// Draws the editor; returns true when `*plain` changed.
bool wrapped_editor(const char* id, std::string* plain, EditorState* st, ImVec2 size,
                    const char* hint = nullptr);

}  // namespace kindly::gui
