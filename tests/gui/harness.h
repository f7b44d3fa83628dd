// The app in screenless ImGui frames (as imgui's example_null at 1.86): no renderer, input
// injected through io.MousePos / io.MouseDown / io.AddInputCharactersUTF8 / io.KeysDown (keys
// numbered as GLFW numbers them, keyboard navigation on, as the shell sets it up), and widgets
// found by the rectangles the screens report (widget_rect). The display is very tall so every
// widget is on screen without scrolling. Shared by the GUI test files.
#pragma once

#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "app.h"
#include "keys.h"
#include "widgets.h"

namespace kindly::gui::test {

// A new empty folder under the system's temp folder, unique to this process and call.
inline std::filesystem::path fresh_dir(const std::string& name) {
  static std::atomic<int> n{0};
  std::filesystem::path p =
      std::filesystem::temp_directory_path() /
      ("kindly-gui-test-" + std::to_string(::getpid()) + "-" + name + "-" + std::to_string(n++));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

// One ImGui context per harness; the app draws into it with no renderer. The data folder is
// removed at the end.
struct Harness {
  // GLFW's numbers for the keys the tests press.
  static constexpr int kSpace = 32, kEscape = 256, kEnter = 257, kTab = 258, kDown = 264, kUp = 265;
  std::filesystem::path data;
  ImGuiContext* ctx = nullptr;
  std::unique_ptr<App> app;

  explicit Harness(const std::string& now,
                   const std::filesystem::path& data_dir = fresh_dir("data"),
                   const std::string& course = KINDLY_BUNDLED_COURSE,
                   const std::string& screen = "")
      : data(data_dir) {
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 9000);
    // As the shell: keyboard navigation, GLFW's key numbers, then keys::install().
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_LeftArrow] = 263;
    io.KeyMap[ImGuiKey_RightArrow] = 262;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    keys::install();
    io.DeltaTime = 1.0f / 60.0f;
    AppConfig cfg;
    cfg.course_dir = course;
    cfg.data_dir = data.string();
    cfg.now = now;
    cfg.screen = screen;
    app = std::make_unique<App>(cfg);
    app->setup_fonts_and_style(1.0f);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    frames(2);
  }
  ~Harness() {
    app.reset();
    ImGui::DestroyContext(ctx);
    std::error_code ec;
    std::filesystem::remove_all(data, ec);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  void frame(float dt = 1.0f / 60.0f) {
    ImGui::GetIO().DeltaTime = dt;
    ImGui::NewFrame();
    app->frame();
    ImGui::Render();
  }
  void frames(int n, float dt = 1.0f / 60.0f) {
    for (int i = 0; i < n; ++i) frame(dt);
  }
  // A click takes three frames: move, press, release (and one more to run the command).
  bool click(const std::string& key) {
    auto r = widget_rect(key);
    if (!r) return false;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = r->center();
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    frame();
    return true;
  }
  // The welcome's "Begin the course", then "Begin now" on "Is now a good time?".
  bool begin() { return click("Begin the course") && click("Begin now"); }
  // A key pressed in one frame and let go in the next (with Shift held when `shift`).
  void press(int key, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyShift = shift;
    io.KeysDown[key] = true;
    frame();
    io.KeysDown[key] = false;
    frame();
    io.KeyShift = false;
  }
  void type(const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    frame();
  }
  const Progress& progress() const { return *app->model().progress; }
  const Route& route() const { return app->model().route; }
};

}  // namespace kindly::gui::test
