// The floor under the desktop app's numbers: a bare GLFW window with an OpenGL 3 context and
// Dear ImGui drawing one line of text in its built-in font, and nothing else (no course, no
// data, no font files). scripts/bench-gui measures it the same way as the app, so the app's
// own share of start-up time and memory is the difference, on the same machine and renderer.
//
//   kindly_gui_baseline            stays open until closed or sent SIGTERM
//
// With KINDLY_FRAME_TIMING=<launch time in ns since the epoch> it prints the time from launch
// to the first frame on screen, like the app.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace {
volatile std::sig_atomic_t g_quit = 0;
void on_signal(int) {
  g_quit = 1;
}
}  // namespace

int main() {
  std::signal(SIGTERM, on_signal);
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "baseline", nullptr, nullptr);
  if (!window) return 1;
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  bool first = true;
  while (!glfwWindowShouldClose(window) && !g_quit) {
    if (!first) glfwWaitEventsTimeout(1.0);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::Begin("baseline");
    ImGui::TextUnformatted("A window, a context and one line of text.");
    ImGui::End();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    if (first) {
      glFinish();
      const char* launch = std::getenv("KINDLY_FRAME_TIMING");
      const double launch_ns = launch ? std::strtod(launch, nullptr) : 0;
      if (launch_ns > 1e15) {
        const double now_ns = std::chrono::duration<double, std::nano>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
        std::fprintf(stderr, "first frame: %.1f ms after launch\n", (now_ns - launch_ns) / 1e6);
      }
      first = false;
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
