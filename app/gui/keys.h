// The keyboard: what ImGui 1.86's navigation leaves out, made once for every screen.
//
// ImGui 1.86 with ImGuiConfigFlags_NavEnableKeyboard moves between controls with the arrows
// and presses the focused one with Space, but Tab only visits text fields, Enter only starts
// text input, and Escape reverts the text field being edited. keys::begin_frame, called after
// ImGui::NewFrame and before any control, changes that for the frame:
//   - Tab and Shift+Tab visit every control, in the order screens draw them, and wrap;
//   - Enter presses the focused control, as Space does (in a text field it stays a newline);
//   - Escape never reaches ImGui (the shell maps it away, install()): in a text field it
//     leaves the field and keeps every character typed; it closes an open popup (a combo's
//     list); otherwise it is the screen's to take (take_escape: cancel an open question), and
//     App goes back when no screen took it.
// Screens that want a plain key (Space to pause) ask shortcut(): true only when no text field
// is being typed in and the key did not just press the focused control.
#pragma once

namespace kindly::gui::keys {

// Call once after the backend filled io.KeyMap (and again for a new ImGui context): takes
// Escape out of io.KeyMap, so ImGui never acts on it, and watches it here instead.
void install();
int escape_key();  // the io.KeysDown index of Escape; -1 before install()

void begin_frame();  // after ImGui::NewFrame, before any control
void end_frame();    // after the last control of the frame

// True once, on the frame Escape was pressed, for the first caller; false when a text field
// took it (to leave the field) or someone took it already.
bool take_escape();

// `key` (an io.KeysDown index, e.g. io.KeyMap[ImGuiKey_Space]) was pressed this frame, no text
// field has the keyboard and the press did not activate the focused control.
bool shortcut(int key);

// True while the first frame of a screen is drawn (App sets it): the frame a screen may put
// the focus somewhere else than its first control (focus_next_control).
// opened(): the first two frames (where a screen scrolls to an item: the first frame's layout
// still has the last screen's height).
void set_opening(bool opening, bool opened);
bool opening();
bool opened();

// Puts the keyboard focus on the next control drawn, showing the focus ring only when the
// keyboard was the last thing used (a mouse user sees no ring, but Tab starts from there).
void focus_next_control();

}  // namespace kindly::gui::keys
