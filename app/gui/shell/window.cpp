// The window (see window.h). Contents: display and errors · input callbacks (frames to draw)
// · key order (input that waits) · scale · opening, placing and remembering the window ·
// ImGui set-up and frames.
#include "shell/window.h"

#define GL_GLEXT_PROTOTYPES  // framebuffer objects (OpenGL 3.0; libGL exports them)
#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "editor.h"
#include "keys.h"
#include "shell/damage.h"
#include "shell/present.h"
#include "theme.h"

namespace kindly::gui::shell {

// ---- display and errors ---------------------------------------------------------------------

namespace {
std::string g_glfw_error;
WindowEvents g_events;

void on_glfw_error(int code, const char* description) {
  g_glfw_error = std::string(description ? description : "") + " (" + std::to_string(code) + ")";
}
}  // namespace

WindowEvents& window_events() {
  return g_events;
}

const char* const kNoDisplay =
    "kindly: no display found (DISPLAY/WAYLAND_DISPLAY unset); the command line still works: "
    "try 'kindly status' or 'kindly --help'\n";

bool has_display(const Environment& env) {
  return !env.display.empty() || !env.wayland_display.empty();
}

bool init_glfw() {
  glfwSetErrorCallback(on_glfw_error);
  return glfwInit() == GLFW_TRUE;
}

const std::string& glfw_error() {
  return g_glfw_error;
}

// ---- input callbacks: any of these means "draw a few frames" --------------------------------

namespace {

void wake() {
  g_events.frames_to_draw = 3;
}
void on_cursor(GLFWwindow*, double, double) {
  wake();
}
void on_mouse(GLFWwindow*, int, int, int) {
  g_events.last_typed = glfwGetTime();
  wake();
}
void on_scroll(GLFWwindow*, double, double) {
  wake();
}
void on_enter(GLFWwindow*, int) {
  wake();
}
void on_focus(GLFWwindow*, int focused) {
  if (!focused) g_events.focus_lost = true;
  wake();
}
void on_size(GLFWwindow*, int, int) {
  wake();
}
bool g_exposed = false;  // the window system lost what the window showed: present it whole
void on_refresh(GLFWwindow*) {
  g_exposed = true;
  wake();
}
void on_scale(GLFWwindow*, float, float) {
  g_events.scale_changed = true;
  wake();
}

// ---- key order: input that waits ------------------------------------------------------------
//
// ImGui 1.86 reads keys as "down at NewFrame": a press and its release that arrive between two
// frames (a quick tap, xdotool, a fast typist's Enter) would be lost, and so would a second
// press of a key ImGui has not yet seen go up. So our key and char callbacks sit after ImGui's:
// when a key would be lost, it and every key and character after it wait, in order, for the
// next frames (one change per key per frame).

struct InputEvent {
  bool is_char = false;
  unsigned codepoint = 0;
  int key = 0, scancode = 0, action = 0, mods = 0;
};
GLFWkeyfun g_imgui_key = nullptr;
GLFWcharfun g_imgui_char = nullptr;
std::vector<int> g_keys_changed_this_frame;
std::vector<InputEvent> g_waiting;

bool changed_this_frame(int key) {
  return std::find(g_keys_changed_this_frame.begin(), g_keys_changed_this_frame.end(), key) !=
         g_keys_changed_this_frame.end();
}

// Keys ImGui acts on (Enter, Backspace, arrows, ... and Ctrl+letter shortcuts). A plain letter
// types through its character event, so a lost tap of it costs nothing.
bool matters_to_imgui(int key, int mods) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool letter = key >= GLFW_KEY_A && key <= GLFW_KEY_Z;
  if (letter && !(mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER))) return false;
  for (int k : io.KeyMap) {
    if (k == key) return true;
  }
  return key == keys::escape_key();  // the app's, not ImGui's (keys.h)
}

// A character ImGui cannot take (an emoji in an editor: editor.h) was given to the editor this
// frame; everything after it waits for the next frame, which inserts it.
bool g_editor_char_this_frame = false;

bool for_editor(const InputEvent& e) {
  return e.is_char && editor_takes_char(e.codepoint);
}

void forward(GLFWwindow* w, const InputEvent& e) {
  if (for_editor(e)) {
    editor_insert_char(e.codepoint);
    g_editor_char_this_frame = true;
    return;
  }
  if (e.is_char) {
    if (g_imgui_char) g_imgui_char(w, e.codepoint);
    return;
  }
  if (e.action != GLFW_REPEAT) g_keys_changed_this_frame.push_back(e.key);
  if (g_imgui_key) g_imgui_key(w, e.key, e.scancode, e.action, e.mods);
}

void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  // Ctrl+Q / Ctrl+W close the window (drafts are saved on the way out).
  if (action == GLFW_PRESS && (mods & GLFW_MOD_CONTROL) &&
      (key == GLFW_KEY_Q || key == GLFW_KEY_W)) {
    glfwSetWindowShouldClose(w, GLFW_TRUE);
  }
  // Ctrl +/-/0: text size. Handled here, not from io.KeysDown, so a quick tap between two
  // frames is never lost.
  if ((action == GLFW_PRESS || action == GLFW_REPEAT) && (mods & GLFW_MOD_CONTROL)) {
    if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) g_events.font_delta += 1;
    if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) g_events.font_delta -= 1;
    if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0) g_events.font_reset = true;
  }
  g_events.last_typed = glfwGetTime();
  wake();
  const InputEvent e{false, 0, key, scancode, action, mods};
  // Characters ImGui has not taken in yet go first: a modifier pressed now (Ctrl of Ctrl+Q)
  // would make the editor ignore them.
  if (!g_waiting.empty() || ImGui::GetIO().InputQueueCharacters.Size > 0 ||
      g_editor_char_this_frame ||
      (action != GLFW_REPEAT && changed_this_frame(key) && matters_to_imgui(key, mods))) {
    g_waiting.push_back(e);
    return;
  }
  forward(w, e);
}

// The clipboard goes through the editor's stand-ins too: an emoji copied out of an entry is the
// emoji, and one pasted in is kept (ImGui would make it U+FFFD).
const char* (*g_imgui_get_clipboard)(void*) = nullptr;
void (*g_imgui_set_clipboard)(void*, const char*) = nullptr;

const char* get_clipboard(void* user_data) {
  const char* text = g_imgui_get_clipboard ? g_imgui_get_clipboard(user_data) : nullptr;
  if (!text || !editor_has_keyboard()) return text;
  static std::string converted;
  converted = to_editor_text(text);
  return converted.c_str();
}

void set_clipboard(void* user_data, const char* text) {
  if (g_imgui_set_clipboard) g_imgui_set_clipboard(user_data, from_editor_text(text).c_str());
}

void on_char(GLFWwindow* w, unsigned int c) {
  g_events.last_typed = glfwGetTime();
  wake();
  const InputEvent e{true, c};
  // An editor's character goes in after the characters ImGui already has, and before any after.
  if (!g_waiting.empty() || g_editor_char_this_frame ||
      (for_editor(e) && ImGui::GetIO().InputQueueCharacters.Size > 0)) {
    g_waiting.push_back(e);
    return;
  }
  forward(w, e);
}

}  // namespace

// Passes on waiting input, in order, until a key would change twice.
void release_waiting_input(GLFWwindow* w) {
  g_keys_changed_this_frame.clear();
  g_editor_char_this_frame = false;
  std::size_t i = 0;
  bool gave_chars = false;
  for (; i < g_waiting.size() && !g_editor_char_this_frame; ++i) {
    const InputEvent& e = g_waiting[i];
    if (!e.is_char && gave_chars) break;  // let a frame take the characters in first
    if (for_editor(e) && gave_chars) break;
    gave_chars = gave_chars || e.is_char;
    if (!e.is_char && e.action != GLFW_REPEAT && changed_this_frame(e.key) &&
        matters_to_imgui(e.key, e.mods)) {
      break;
    }
    forward(w, e);
  }
  g_waiting.erase(g_waiting.begin(), g_waiting.begin() + static_cast<std::ptrdiff_t>(i));
  if (i > 0 || !g_waiting.empty()) g_events.frames_to_draw = std::max(g_events.frames_to_draw, 1);
}

bool input_waiting() {
  return !g_waiting.empty();
}

void wait_events(double timeout_s) {
  glfwWaitEventsTimeout(timeout_s);
}

// ---- scale ----------------------------------------------------------------------------------

float monitor_scale(GLFWmonitor* m) {
  float sx = 1, sy = 1;
  if (m) glfwGetMonitorContentScale(m, &sx, &sy);
  return std::max(1.0f, std::max(sx, sy));
}

float window_scale(GLFWwindow* w) {
  float sx = 1, sy = 1;
  glfwGetWindowContentScale(w, &sx, &sy);
  return std::max(1.0f, std::max(sx, sy));
}

// ---- opening, placing and remembering the window --------------------------------------------

namespace {

// Puts the window where it was, if that place is still on a monitor.
void place_window(GLFWwindow* w, const GuiSettings& s) {
  if (!s.has_position) return;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    int mx = 0, my = 0, mw = 0, mh = 0;
    glfwGetMonitorWorkarea(monitors[i], &mx, &my, &mw, &mh);
    if (s.x >= mx - 40 && s.y >= my - 40 && s.x < mx + mw - 80 && s.y < my + mh - 80) {
      glfwSetWindowPos(w, s.x, s.y);
      return;
    }
  }
}

}  // namespace

GLFWwindow* open_window(const WindowSpec& spec, const GuiSettings& saved) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws flat triangles in order: no depth or stencil buffer (under a software
  // renderer each would be a window-sized block of the process's memory).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  if (spec.screenshot) {
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
  } else {
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, saved.maximized ? GLFW_TRUE : GLFW_FALSE);
  }
  GLFWwindow* window =
      glfwCreateWindow(spec.screenshot ? spec.width : saved.width,
                       spec.screenshot ? spec.height : saved.height, "Kindly", nullptr, nullptr);
  if (!window) return nullptr;
  if (!spec.screenshot) place_window(window, saved);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  return window;
}

void remember_window(GLFWwindow* w, GuiSettings& s) {
  s.maximized = glfwGetWindowAttrib(w, GLFW_MAXIMIZED) == GLFW_TRUE;
  if (!s.maximized) {
    glfwGetWindowPos(w, &s.x, &s.y);
    glfwGetWindowSize(w, &s.width, &s.height);
    s.has_position = true;
  }
}

// ---- ImGui set-up and frames ----------------------------------------------------------------

void init_imgui(GLFWwindow* window, ImFontAtlas& atlas) {
  // Our callbacks first: the 1.86 backend chains to callbacks installed before it.
  glfwSetCursorPosCallback(window, on_cursor);
  glfwSetMouseButtonCallback(window, on_mouse);
  glfwSetScrollCallback(window, on_scroll);
  glfwSetCursorEnterCallback(window, on_enter);
  glfwSetWindowFocusCallback(window, on_focus);
  glfwSetWindowSizeCallback(window, on_size);
  glfwSetWindowRefreshCallback(window, on_refresh);
  glfwSetWindowContentScaleCallback(window, on_scale);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext(&atlas);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // our own settings file; no imgui.ini next to the user's files
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  // Escape is the app's (keys.h): ImGui 1.86 would revert the text field being edited.
  keys::install();
  g_imgui_key = glfwSetKeyCallback(window, on_key);  // after ImGui's: see "key order"
  g_imgui_char = glfwSetCharCallback(window, on_char);
  g_imgui_get_clipboard = io.GetClipboardTextFn;
  g_imgui_set_clipboard = io.SetClipboardTextFn;
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
  ImGui_ImplOpenGL3_Init("#version 130");
}

void shutdown_imgui() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

// ---- drawing only what changed (damage.h) ----------------------------------------------------
//
// Where the display says the window's back buffer still holds the last frame (buffer age 1),
// a frame redraws only its damaged rectangle straight into it. Elsewhere the first frames draw
// straight into the window; once a frame changes only part of the window, an offscreen copy
// of it is made (a framebuffer object); from then on every frame draws into the copy, whole
// or only its damaged rectangle, and the copy goes to the window whole (so the window never
// shows a stale back buffer). KINDLY_DAMAGE=off draws every frame
// whole, for comparison (`make bench`); KINDLY_DAMAGE=check draws each partial frame whole as
// well, into a second copy, and compares the two copies' pixels (tests/gui/damage_check.sh).

namespace {

struct Offscreen {
  GLuint fbo = 0, tex = 0;
  int w = 0, h = 0;
  bool failed = false;  // the driver could not make one: draw whole frames straight in

  bool ready(int fw, int fh) {
    if (fbo != 0 && w == fw && h == fh) return true;
    release();
    if (failed) return false;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, fw, fh, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, 0);
    if (!ok) {
      release();
      failed = true;
      return false;
    }
    w = fw, h = fh;
    return true;
  }
  void release() {
    if (fbo != 0) glDeleteFramebuffers(1, &fbo);
    if (tex != 0) glDeleteTextures(1, &tex);
    fbo = tex = 0;
    w = h = 0;
  }
};

Offscreen g_offscreen, g_check;
Damage g_damage;
// What render() drew that present() copies to the window (window pixels, y down, in a window
// g_present_height high); nullopt: present() swaps.
std::optional<DamageRect> g_present;
int g_present_height = 0;
bool g_offscreen_only = false;  // KINDLY_DAMAGE=offscreen: never present by copy (for tests)
FrameMode g_mode = FrameMode::Damage;
DamageStats g_stats;

void clear(const ImVec4& bg) {
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

// Colour only: the window's framebuffer may have no alpha channel where the copies have one.
std::vector<unsigned char> pixels_of(GLuint fbo, int w, int h) {
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  return px;
}

// Check mode: the frame drawn whole into a second copy, before clip_to() changes `d`.
void draw_check_copy(ImDrawData* d, const ImVec4& bg, int fw, int fh) {
  if (!g_check.ready(fw, fh)) return;
  glBindFramebuffer(GL_FRAMEBUFFER, g_check.fbo);
  clear(bg);
  ImGui_ImplOpenGL3_RenderDrawData(d);
}

// Check mode, frames presented by copy: draws `d` whole into the window's back buffer and reads
// it, then puts back what the back buffer held (the last frame), exactly (a blit, no blending).
std::vector<unsigned char> whole_in_window(ImDrawData* d, const ImVec4& bg, int fw, int fh) {
  if (!g_check.ready(fw, fh)) return {};
  const std::vector<unsigned char> last = pixels_of(0, fw, fh);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  clear(bg);
  ImGui_ImplOpenGL3_RenderDrawData(d);
  std::vector<unsigned char> whole = pixels_of(0, fw, fh);
  glBindTexture(GL_TEXTURE_2D, g_check.tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, fw, fh, GL_RGB, GL_UNSIGNED_BYTE, last.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, g_check.fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(0, 0, fw, fh, 0, 0, fw, fh, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return whole;
}

}  // namespace

FrameMode frame_mode_from(const std::string& v) {
  return v == "off"                               ? FrameMode::Whole
         : v == "check" || v == "check-offscreen" ? FrameMode::Check
                                                  : FrameMode::Damage;
}
void set_frame_mode(FrameMode m, bool offscreen) {
  g_mode = m;
  g_offscreen_only = offscreen;
}
void invalidate_frame() {
  g_damage.invalidate();
}
void release_offscreen() {
  g_offscreen.release();
  g_check.release();
}
DamageStats damage_stats() {
  return g_stats;
}

namespace {

// Draws `d` into the bound framebuffer: whole (`damage` nullopt) or only the damaged rectangle
// over what the framebuffer already holds. Check mode draws the frame whole into a second copy
// first and compares the two (`target` is the framebuffer drawn into, 0 for the window).
void draw_frame(ImDrawData* d, const ImVec4& bg, const std::optional<DamageRect>& damage,
                GLuint target, int fw, int fh) {
  if (!damage) {
    clear(bg);
    ImGui_ImplOpenGL3_RenderDrawData(d);
    return;
  }
  ++g_stats.partial;
  const bool check = g_mode == FrameMode::Check;
  // The window's buffer and a texture round a few blended pixels differently (seen: +-1 in
  // a few hundred of them under llvmpipe), so the window is compared with itself: the frame
  // drawn whole into it, read, and the last frame put back before the partial draw.
  std::vector<unsigned char> whole;
  if (check && target == 0) whole = whole_in_window(d, bg, fw, fh);
  if (check && target != 0) draw_check_copy(d, bg, fw, fh);
  glBindFramebuffer(GL_FRAMEBUFFER, target);
  if (!damage->empty()) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(damage->x0, fh - damage->y1, damage->x1 - damage->x0, damage->y1 - damage->y0);
    clear(bg);
    glDisable(GL_SCISSOR_TEST);
    clip_to(*d, *damage);
    ImGui_ImplOpenGL3_RenderDrawData(d);
  }
  if (check && target == 0 && !whole.empty() && whole != pixels_of(0, fw, fh)) ++g_stats.differed;
  if (check && target != 0 && g_check.fbo != 0 &&
      pixels_of(g_check.fbo, fw, fh) != pixels_of(target, fw, fh))
    ++g_stats.differed;
}

}  // namespace

// Where a partial frame is drawn: straight into the window's back buffer when frames are
// presented by copy (present.h), which costs no memory; otherwise into the offscreen copy,
// blitted whole to the window.
void render(GLFWwindow* window) {
  ImGui::Render();
  ImDrawData* d = ImGui::GetDrawData();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  const ImVec4 bg = palette().bg;
  std::optional<DamageRect> damage = g_mode == FrameMode::Whole
                                         ? std::nullopt
                                         : g_damage.compare(*d, ImGui::ColorConvertFloat4ToU32(bg));
  g_present.reset();
  if (g_mode != FrameMode::Whole && !g_offscreen_only && can_present_by_copy()) {
    // The back buffer holds the last frame (present() never swaps it away).
    g_offscreen.release();
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    draw_frame(d, bg, damage, 0, fw, fh);
    g_present = damage && !g_exposed ? *damage : DamageRect{0, 0, fw, fh};
    g_present_height = fh;
    g_exposed = false;
    return;
  }
  const bool had_copy = g_offscreen.fbo != 0 && g_offscreen.w == fw && g_offscreen.h == fh;
  if (!(had_copy || damage) || !g_offscreen.ready(fw, fh)) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    clear(bg);
    ImGui_ImplOpenGL3_RenderDrawData(d);
    return;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, g_offscreen.fbo);
  // A new copy, or a frame that changed too much: all of it.
  draw_frame(d, bg, had_copy ? damage : std::nullopt, g_offscreen.fbo, fw, fh);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, g_offscreen.fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(0, 0, fw, fh, 0, 0, fw, fh, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void present(GLFWwindow* window) {
  if (!g_present) {
    glfwSwapBuffers(window);
    return;
  }
  const DamageRect r = *g_present;
  g_present.reset();
  if (!r.empty()) present_by_copy(r.x0, g_present_height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
}

}  // namespace kindly::gui::shell
