// Screenshot mode and PNG snapshots of the window (see screenshot.h).
#include "shell/screenshot.h"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <cstring>
#include <ostream>
#include <vector>

#include "app.h"
#include "cli.h"
#include "shell/window.h"

namespace kindly::gui::shell {

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

int take_screenshot(GLFWwindow* window, App& app, const std::string& path, bool frame_timing,
                    std::chrono::steady_clock::time_point start, std::ostream& err) {
  for (int i = 0; i < 4; ++i) {
    begin_frame();
    app.frame();
    render(window);
    if (i == 0 && frame_timing) {
      glFinish();
      const auto now = std::chrono::steady_clock::now();
      err << "first frame: " << std::chrono::duration<double, std::milli>(now - start).count()
          << " ms after start\n";
    }
    if (i < 3) present(window);
  }
  std::string error;
  if (!write_png(window, path, &error)) {
    err << "kindly: " << error << "\n";
    return kindly::cli::kDataProblem;
  }
  return kindly::cli::kOk;
}

}  // namespace kindly::gui::shell
