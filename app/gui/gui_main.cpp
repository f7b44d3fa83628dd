// The shell: display check, GLFW window with an OpenGL 3 context, Dear ImGui, and the
// event-driven loop. Also the screenshot mode. Contents: display and errors · window
// placement · input callbacks (frames to draw) · the loop · screenshot · run().
//
// Idle power: we keep a count of frames still to draw, set it to 3 on any input (popups size
// themselves on a first, hidden frame), and block in glfwWaitEvents when it reaches 0 — or
// glfwWaitEventsTimeout while a draft waits to be autosaved, a notice to fade, or a caret to
// blink (App::wake_in).
#include "gui_main.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <ostream>
#include <string>
#include <vector>

#include "app.h"
#include "font_texture.h"
#include "fonts.h"

namespace kindly::gui {
namespace {

std::string g_glfw_error;
int g_frames_to_draw = 3;
bool g_focus_lost = false;
bool g_scale_changed = false;
volatile std::sig_atomic_t g_quit = 0;
// SIGUSR1 with KINDLY_SNAPSHOT=FILE.png set: write the live window to FILE.png (for checking a
// real session by eye, e.g. text typed with xdotool).
volatile std::sig_atomic_t g_snapshot = 0;
void on_usr1(int) {
  g_snapshot = 1;
}
int g_font_delta = 0;
bool g_font_reset = false;

// SIGTERM / SIGINT close the window the normal way (drafts and window placement are saved).
void on_signal(int) {
  g_quit = 1;
}

void on_glfw_error(int code, const char* description) {
  g_glfw_error = std::string(description ? description : "") + " (" + std::to_string(code) + ")";
}

bool has_display() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

constexpr const char* kNoDisplay =
    "kindly: no display found (DISPLAY/WAYLAND_DISPLAY unset); the command line still works: "
    "try 'kindly status' or 'kindly --help'\n";

// ---- input callbacks: any of these means "draw a few frames" ----------------------------

void wake() {
  g_frames_to_draw = 3;
}
void on_cursor(GLFWwindow*, double, double) {
  wake();
}
void on_mouse(GLFWwindow*, int, int, int) {
  wake();
}
void on_scroll(GLFWwindow*, double, double) {
  wake();
}
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
  return false;
}

void forward(GLFWwindow* w, const InputEvent& e) {
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
    if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) g_font_delta += 1;
    if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) g_font_delta -= 1;
    if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0) g_font_reset = true;
  }
  wake();
  const InputEvent e{false, 0, key, scancode, action, mods};
  // Characters ImGui has not taken in yet go first: a modifier pressed now (Ctrl of Ctrl+Q)
  // would make the editor ignore them.
  if (!g_waiting.empty() || ImGui::GetIO().InputQueueCharacters.Size > 0 ||
      (action != GLFW_REPEAT && changed_this_frame(key) && matters_to_imgui(key, mods))) {
    g_waiting.push_back(e);
    return;
  }
  forward(w, e);
}

void on_char(GLFWwindow* w, unsigned int c) {
  wake();
  const InputEvent e{true, c};
  if (!g_waiting.empty()) {
    g_waiting.push_back(e);
    return;
  }
  forward(w, e);
}

// After a frame: pass on waiting input, in order, until a key would change twice.
void release_waiting_input(GLFWwindow* w) {
  g_keys_changed_this_frame.clear();
  std::size_t i = 0;
  bool gave_chars = false;
  for (; i < g_waiting.size(); ++i) {
    const InputEvent& e = g_waiting[i];
    if (!e.is_char && gave_chars) break;  // let a frame take the characters in first
    gave_chars = gave_chars || e.is_char;
    if (!e.is_char && e.action != GLFW_REPEAT && changed_this_frame(e.key) &&
        matters_to_imgui(e.key, e.mods)) {
      break;
    }
    forward(w, e);
  }
  g_waiting.erase(g_waiting.begin(), g_waiting.begin() + static_cast<std::ptrdiff_t>(i));
  if (i > 0 || !g_waiting.empty()) g_frames_to_draw = std::max(g_frames_to_draw, 1);
}
void on_enter(GLFWwindow*, int) {
  wake();
}
void on_focus(GLFWwindow*, int focused) {
  if (!focused) g_focus_lost = true;
  wake();
}
void on_size(GLFWwindow*, int, int) {
  wake();
}
void on_refresh(GLFWwindow*) {
  wake();
}
void on_scale(GLFWwindow*, float, float) {
  g_scale_changed = true;
  wake();
}

double ms_between(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

bool parse_size(const std::string& s, int* w, int* h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    *w = std::stoi(s.substr(0, x));
    *h = std::stoi(s.substr(x + 1));
  } catch (...) {
    return false;
  }
  return *w >= 320 && *h >= 240 && *w <= 8192 && *h <= 8192;
}

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

void remember_window(GLFWwindow* w, GuiSettings& s) {
  s.maximized = glfwGetWindowAttrib(w, GLFW_MAXIMIZED) == GLFW_TRUE;
  if (!s.maximized) {
    glfwGetWindowPos(w, &s.x, &s.y);
    glfwGetWindowSize(w, &s.width, &s.height);
    s.has_position = true;
  }
}

void render(GLFWwindow* window) {
  ImGui::Render();
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  glViewport(0, 0, fw, fh);
  const ImVec4 bg = palette().bg;
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void rebuild_fonts(App& app, FontTexture& texture, float scale) {
  texture.release();
  app.setup_fonts_and_style(scale);
  texture.upload();
}

bool write_png(GLFWwindow* window, const std::string& path, std::string* error) {
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  std::vector<unsigned char> px(static_cast<std::size_t>(fw) * static_cast<std::size_t>(fh) * 4);
  glFinish();
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, fw, fh, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  // OpenGL rows go bottom-up; PNG rows top-down. Make every pixel opaque.
  const std::size_t row = static_cast<std::size_t>(fw) * 4;
  std::vector<unsigned char> flipped(px.size());
  for (int y = 0; y < fh; ++y) {
    std::memcpy(&flipped[static_cast<std::size_t>(y) * row],
                &px[static_cast<std::size_t>(fh - 1 - y) * row], row);
  }
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  if (!stbi_write_png(path.c_str(), fw, fh, 4, flipped.data(), static_cast<int>(row))) {
    *error = "could not write " + path;
    return false;
  }
  return true;
}

}  // namespace

int run(const kindly::cli::Context& ctx) {
  const auto t_start = std::chrono::steady_clock::now();
  std::ostream& err = ctx.io.err;
  const bool screenshot = !ctx.gui.screenshot.empty();
  int shot_w = 1280, shot_h = 800;
  if (!parse_size(ctx.gui.size, &shot_w, &shot_h)) {
    err << "kindly: --size must look like 1280x800 (got '" << ctx.gui.size << "')\n";
    return kindly::cli::kUsage;
  }
  if (!ctx.gui.theme.empty() && !theme_from_name(ctx.gui.theme)) {
    err << "kindly: unknown theme '" << ctx.gui.theme << "' (light, dark, contrast)\n";
    return kindly::cli::kUsage;
  }
  if (!has_display()) {
    err << kNoDisplay;
    return kindly::cli::kRefused;
  }

  AppConfig cfg;
  cfg.course_dir = kindly::cli::resolve_course_dir(ctx.global);
  cfg.data_dir = kindly::cli::resolve_data_dir(ctx.global);
  cfg.now = ctx.global.now;
  cfg.screen = ctx.gui.screen;
  cfg.fixed_screen = screenshot;
  cfg.theme = ctx.gui.theme;
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    err << "kindly: could not open the display" << (g_glfw_error.empty() ? "" : ": ")
        << g_glfw_error
        << "; the command line still works: try 'kindly status' or 'kindly --help'\n";
    return kindly::cli::kRefused;
  }
  const auto t_glfw = std::chrono::steady_clock::now();

  // Start-up runs on two threads. This one opens the window and its OpenGL context (where
  // Mesa loads and starts its compiler); the other loads the course, opens the data folder
  // and builds the font atlas (fontconfig look-ups and rasterising every face), none of which
  // needs a window. The window opens on the primary monitor unless its remembered place is
  // elsewhere; its scale is checked again once it is open. Declaration order keeps the atlas
  // alive longer than the ImGui context that uses it, and the App longer than the thread.
  const float scale_guess = screenshot ? 1.0f : monitor_scale(glfwGetPrimaryMonitor());
  cfg.settings = load_settings(settings_path(cfg.data_dir));  // also where the window was
  const GuiSettings& saved = *cfg.settings;
  ImFontAtlas atlas;
  std::unique_ptr<App> app_owner;
  std::chrono::steady_clock::time_point t_app, t_fonts;
  std::future<Fonts> prepared = std::async(std::launch::async, [&] {
    app_owner = std::make_unique<App>(cfg);
    t_app = std::chrono::steady_clock::now();
    Fonts built = load_fonts(atlas, app_owner->font_plan(scale_guess));
    t_fonts = std::chrono::steady_clock::now();
    return built;
  });

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // ImGui draws flat triangles in order: no depth or stencil buffer (under a software
  // renderer each would be a window-sized block of the process's memory).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  if (screenshot) {
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
  } else {
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, saved.maximized ? GLFW_TRUE : GLFW_FALSE);
  }
  GLFWwindow* window =
      glfwCreateWindow(screenshot ? shot_w : saved.width, screenshot ? shot_h : saved.height,
                       "Kindly", nullptr, nullptr);
  if (!window) {
    err << "kindly: could not open a window with OpenGL 3" << (g_glfw_error.empty() ? "" : ": ")
        << g_glfw_error << "; the command line still works: try 'kindly --help'\n";
    glfwTerminate();
    return kindly::cli::kRefused;
  }
  if (!screenshot) place_window(window, saved);
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  const auto t_window = std::chrono::steady_clock::now();

  Fonts fonts = prepared.get();
  App& app = *app_owner;
  const auto t_joined = std::chrono::steady_clock::now();
  std::string problem;
  if (!app.startup_problem().empty()) {
    problem = app.startup_problem();
  } else if (screenshot && !ctx.gui.screen.empty() && app.model().course &&
             !parse_route(ctx.gui.screen, app.model().course)) {
    problem = "unknown screen '" + ctx.gui.screen +
              "' (welcome, home, week/N, reflection/ITEM, journal, settings, problems, "
              "practice/ID, progress, resources, checkin/ID, export)";
  }
  if (!problem.empty()) {
    err << "kindly: " << problem << "\n";
    glfwDestroyWindow(window);
    glfwTerminate();
    return kindly::cli::kUsage;
  }
  if (app.model().course) {
    glfwSetWindowTitle(window, ("Kindly \xE2\x80\x94 " + app.model().course->title).c_str());
  }
  GuiSettings& gs = app.settings();

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
  g_imgui_key = glfwSetKeyCallback(window, on_key);  // after ImGui's: see InputEvent
  g_imgui_char = glfwSetCharCallback(window, on_char);
  ImGui_ImplOpenGL3_Init("#version 130");
  FontTexture font_texture;
  font_texture.create_device_objects();  // shaders now, not lazily in the first frame

  float scale = screenshot ? 1.0f : window_scale(window);
  if (scale != scale_guess) fonts = load_fonts(atlas, app.font_plan(scale));
  app.use_fonts(fonts, scale);
  font_texture.upload();
  const auto t_ready = std::chrono::steady_clock::now();

  int code = kindly::cli::kOk;
  if (screenshot) {
    // A few frames so windows, popups and wrapped text settle; the first frame's time is
    // reported for `make bench` when KINDLY_FRAME_TIMING is set.
    for (int i = 0; i < 4; ++i) {
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      app.frame();
      render(window);
      if (i == 0 && std::getenv("KINDLY_FRAME_TIMING")) {
        glFinish();
        err << "first frame: " << ms_between(t_start, std::chrono::steady_clock::now())
            << " ms after start\n";
      }
      if (i < 3) glfwSwapBuffers(window);
    }
    std::string error;
    if (!write_png(window, ctx.gui.screenshot, &error)) {
      err << "kindly: " << error << "\n";
      code = kindly::cli::kDataProblem;
    }
  } else {
    const bool timing = std::getenv("KINDLY_FRAME_TIMING") != nullptr;
    // For `make bench` only: behave like a plain ImGui poll loop (draw every frame, never
    // wait), to compare its idle cost with the event-driven loop's.
    const bool poll_loop = std::getenv("KINDLY_BENCH_POLL_LOOP") != nullptr;
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    const char* snapshot_file = std::getenv("KINDLY_SNAPSHOT");
    if (snapshot_file && *snapshot_file) std::signal(SIGUSR1, on_usr1);
    bool first = true;
    double last_draw = glfwGetTime();
    while (!glfwWindowShouldClose(window) && !g_quit) {
      if (poll_loop) g_frames_to_draw = std::max(g_frames_to_draw, 1);
      if (g_frames_to_draw <= 0) {
        // Nothing to draw: sleep until input, or until the app needs a timed frame (autosave,
        // a fading notice, a caret), waking at least once a second only to notice a signal.
        // Every few minutes one frame re-reads the clock (a week may open at midnight).
        const double need = app.wake_in();
        const double waited_from = glfwGetTime();
        glfwWaitEventsTimeout(need < 0 ? 1.0 : std::min(need, 1.0));
        if (g_quit) break;
        if (g_snapshot) g_frames_to_draw = 1;
        if (g_frames_to_draw <= 0) {
          const double now = glfwGetTime();
          const bool due = need >= 0 && now - waited_from >= need - 0.01;
          if (!due && now - last_draw < 300.0) continue;
          g_frames_to_draw = 1;
        }
      } else {
        glfwPollEvents();
      }
      if (g_focus_lost) {
        g_focus_lost = false;
        app.flush();  // leaving the window saves what was typed
      }
      if (g_scale_changed) {
        g_scale_changed = false;
        scale = window_scale(window);
        rebuild_fonts(app, font_texture, scale);
      }
      if (g_font_delta != 0 || g_font_reset) {
        const float px = g_font_reset ? kDefaultFontPx : app.settings().font_px + g_font_delta;
        g_font_delta = 0;
        g_font_reset = false;
        app.run(ui::SetFontPx{static_cast<int>(px)});
      }
      if (app.fonts_dirty()) {
        rebuild_fonts(app, font_texture, scale);
        g_frames_to_draw = 3;
      }
      const auto f0 = std::chrono::steady_clock::now();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      app.frame();
      render(window);
      if (g_snapshot && snapshot_file) {
        g_snapshot = 0;
        std::string error;
        if (!write_png(window, snapshot_file, &error)) err << "kindly: " << error << "\n";
      }
      glfwSwapBuffers(window);
      if (first && timing) {
        glFinish();
        const auto t = std::chrono::steady_clock::now();
        // KINDLY_FRAME_TIMING may hold the launch time (ns since the epoch, from `date +%s%N`):
        // then the time before run() (loading, linking) is counted too.
        const double launch_ns = std::strtod(std::getenv("KINDLY_FRAME_TIMING"), nullptr);
        const double since_epoch_ns = std::chrono::duration<double, std::nano>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count();
        err << "first frame: " << ms_between(t_start, t) << " ms after start";
        if (launch_ns > 1e15)
          err << ", " << (since_epoch_ns - launch_ns) / 1e6 << " ms after launch";
        err << " (font atlas " << ImGui::GetIO().Fonts->TexWidth << "x"
            << ImGui::GetIO().Fonts->TexHeight
            << (font_texture.one_channel() ? ", one channel" : ", RGBA") << ")\n";
        err << "start-up: display " << ms_between(t_start, t_glfw) << " ms, window "
            << ms_between(t_glfw, t_window) << " ms (meanwhile course and data "
            << ms_between(t_glfw, t_app) << " ms, fonts " << ms_between(t_app, t_fonts)
            << " ms), waited " << ms_between(t_window, t_joined) << " ms, OpenGL set-up "
            << ms_between(t_joined, t_ready) << " ms, first draw " << ms_between(f0, t) << " ms\n";
      }
      if (first) {
        // Start-up's temporary memory (font files, the atlas's pixels, the other thread's
        // scratch) was freed into malloc's arenas; hand the free pages back to the system.
        malloc_trim(0);
      }
      first = false;
      last_draw = glfwGetTime();
      --g_frames_to_draw;
      release_waiting_input(window);
    }
    // Input still waiting (a burst typed just before closing) reaches the editor first; a few
    // frames more let ImGui take in the characters it was last given.
    for (int n = 0; (n < 3 || !g_waiting.empty()) && n < 2000; ++n) {
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      release_waiting_input(window);
    }
    remember_window(window, gs);
    app.shutdown();
  }

  font_texture.release();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace kindly::gui
