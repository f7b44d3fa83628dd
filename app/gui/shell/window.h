// The window: GLFW with an OpenGL 3 context, Dear ImGui's GLFW and OpenGL backends, the input
// callbacks that count frames still to draw, waiting for events, and the content scale.
//
// Idle power (DESIGN.md, "The GUI loop and idle power"): every input callback sets
// frames_to_draw to 3 (popups size themselves on a first, hidden frame); the loop draws while
// it is above 0 and otherwise blocks in wait_events().
#pragma once

#include <string>

#include "kindly/paths.h"
#include "settings.h"

struct GLFWwindow;
struct GLFWmonitor;
struct ImFontAtlas;

namespace kindly::gui::shell {

// What the callbacks noticed since the loop last looked. The loop reads and clears it.
struct WindowEvents {
  int frames_to_draw = 3;  // the first frames draw without input
  bool focus_lost = false;
  bool scale_changed = false;
  int font_delta = 0;       // Ctrl +/- presses
  bool font_reset = false;  // Ctrl 0
  double last_typed = 0;    // glfwGetTime() of the last key, character or click
};
WindowEvents& window_events();

// DISPLAY or WAYLAND_DISPLAY is set.
bool has_display(const Environment& env);
extern const char* const kNoDisplay;  // the message when it is not

// glfwInit with our error callback. False when the display cannot be opened.
bool init_glfw();
// The last GLFW error as "description (code)", or "".
const std::string& glfw_error();

float monitor_scale(GLFWmonitor* m);  // at least 1
float window_scale(GLFWwindow* w);    // at least 1

// For a screenshot the window is hidden, `width` x `height` and not scaled to the monitor;
// otherwise it opens where `saved` says it was (when that is still on a monitor), maximized if
// it was. Makes its context current. Null when it cannot be made (see glfw_error()).
struct WindowSpec {
  bool screenshot = false;
  int width = 1280, height = 800;
};
GLFWwindow* open_window(const WindowSpec& spec, const GuiSettings& saved);
void remember_window(GLFWwindow* w, GuiSettings& s);

// Installs our callbacks, then ImGui (its context over `atlas`, its GLFW and OpenGL 3
// backends), then our key and char callbacks after ImGui's (see window.cpp, "input").
void init_imgui(GLFWwindow* w, ImFontAtlas& atlas);
void shutdown_imgui();

// One ImGui frame: begin_frame(), the app draws, render() (into the back buffer), present()
// (to the window: a swap, or a copy of only what changed, see present.h).
void begin_frame();
void render(GLFWwindow* w);
void present(GLFWwindow* w);
// render() draws only what changed since the last frame (shell/damage.h), or every frame
// whole, or (for tests) both, comparing their pixels. invalidate_frame() makes the next frame
// whole (the font texture changed); release_offscreen() before the GL context goes.
enum class FrameMode { Damage, Whole, Check };
FrameMode frame_mode_from(const std::string& kindly_damage);  // "" Damage, "off", "check"
// `offscreen`: partial frames always go through the offscreen copy, never presented by copy
// (KINDLY_DAMAGE=offscreen or check-offscreen: the path displays without GLX_MESA_copy_sub_buffer
// take).
void set_frame_mode(FrameMode m, bool offscreen = false);
void invalidate_frame();
void release_offscreen();
struct DamageStats {
  long partial = 0;   // frames drawn only where they changed
  long differed = 0;  // of those, in Check mode: frames whose pixels differed from whole
};
DamageStats damage_stats();

// Blocks until input arrives or `timeout_s` passes.
void wait_events(double timeout_s);
// After a frame: passes on input that had to wait, in order (see window.cpp).
void release_waiting_input(GLFWwindow* w);
bool input_waiting();

}  // namespace kindly::gui::shell
