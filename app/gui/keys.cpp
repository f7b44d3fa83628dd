// The keyboard (see keys.h). Contents: state · begin and end of a frame · Escape · shortcuts ·
// focus. Uses ImGui 1.86's navigation internals (imgui_internal.h): the fields named here are
// the ones NavUpdate sets in NewFrame and the controls read while they are drawn.
#include "keys.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace kindly::gui::keys {
namespace {

// ---- state ---------------------------------------------------------------------------------

int g_escape_key = -1;
bool g_escape = false;        // Escape was pressed this frame and nobody took it yet
bool g_text_active = false;   // a text field had the keyboard at the end of the last frame
bool g_nav_id_alive = false;  // the focused control was drawn in the last frame
// focus_next_control() put the focus on a screen's first control without showing it (the
// mouse was in use): the first Tab shows it there instead of moving on.
bool g_focus_unseen = false;
bool g_opening = false;
bool g_opened = false;

bool key_pressed(int key) {
  return key >= 0 && key < IM_ARRAYSIZE(ImGuiIO::KeysDown) && ImGui::IsKeyPressed(key, false);
}

}  // namespace

void install() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyMap[ImGuiKey_Escape] >= 0) g_escape_key = io.KeyMap[ImGuiKey_Escape];
  io.KeyMap[ImGuiKey_Escape] = -1;
}

int escape_key() {
  return g_escape_key;
}

// ---- begin and end of a frame --------------------------------------------------------------

void begin_frame() {
  ImGuiContext& g = *GImGui;
  ImGuiIO& io = g.IO;

  // Tab: NewFrame made a tabbing request that only text fields can answer, and that starts
  // again from the first one unless a text field is active. Every control answers it, and it
  // goes on from the focused control (from the first one when there is none on screen).
  if (io.MouseClicked[0] || io.MouseClicked[1]) g_focus_unseen = false;
  const bool tabbing = g.NavMoveSubmitted && (g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing) &&
                       !(g.NavMoveFlags & ImGuiNavMoveFlags_FocusApi);
  if (tabbing && g_focus_unseen && g.NavId != 0 && g_nav_id_alive && g.NavDisableHighlight) {
    ImGui::NavMoveRequestCancel();
    g.NavDisableHighlight = false;  // the ring appears where the screen put the focus
    g.NavDisableMouseHover = true;
    if (g.NavWindow) {
      ImGui::ScrollToRectEx(g.NavWindow,
                            ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[0]),
                            ImGuiScrollFlags_KeepVisibleEdgeY);
    }
  } else if (tabbing) {
    g.NavMoveFlags |= ImGuiNavMoveFlags_FocusApi;
    if (io.KeyShift) {
      g.NavTabbingDir = -1;
    } else {
      g.NavTabbingDir = g.NavId != 0 && g_nav_id_alive ? +1 : 0;
    }
  }
  if (tabbing) g_focus_unseen = false;

  // Enter on a focused control (not a text field being typed in) presses it, as Space does.
  if (g.NavActivateInputId != 0 && g.ActiveId == 0 && g.NavActivateId == 0 &&
      key_pressed(io.KeyMap[ImGuiKey_Enter])) {
    g.NavActivateId = g.NavActivateDownId = g.NavActivatePressedId = g.NavActivateInputId;
    g.NavActivateFlags = ImGuiActivateFlags_None;
  }

  // Escape: leaves a text field with its text as typed, closes an open popup, or waits for
  // take_escape().
  g_escape = key_pressed(g_escape_key);
  if (g_escape && (g.ActiveId != 0 || g_text_active)) {
    if (g.ActiveId != 0) ImGui::ClearActiveID();
    g_escape = false;
  } else if (g_escape && g.OpenPopupStack.Size > 0) {
    ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, true);  // an open list (a combo)
    g_escape = false;
  }
}

void end_frame() {
  ImGuiContext& g = *GImGui;
  g_text_active = g.IO.WantTextInput && g.ActiveId != 0;
  g_nav_id_alive = g.NavIdIsAlive;
}

// ---- Escape --------------------------------------------------------------------------------

bool take_escape() {
  const bool e = g_escape;
  g_escape = false;
  return e;
}

// ---- shortcuts -----------------------------------------------------------------------------

bool shortcut(int key) {
  ImGuiContext& g = *GImGui;
  if (g.IO.WantTextInput || g.ActiveId != 0) return false;
  if (g.NavActivateId != 0 || g.NavActivateInputId != 0) return false;  // it pressed a control
  return key_pressed(key);
}

// ---- focus ---------------------------------------------------------------------------------

void set_opening(bool opening, bool opened) {
  g_opening = opening;
  g_opened = opened;
}

bool opened() {
  return g_opened;
}

bool opening() {
  return g_opening;
}

void focus_next_control() {
  ImGuiContext& g = *GImGui;
  const bool ring = !g.NavDisableHighlight;
  ImGui::SetKeyboardFocusHere(0);
  if (!ring) g.NavMoveFlags |= ImGuiNavMoveFlags_DontSetNavHighlight;
  g_focus_unseen = !ring;
}

}  // namespace kindly::gui::keys
