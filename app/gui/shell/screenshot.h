// Screenshot mode (--screenshot FILE): draw a few frames of one screen into the hidden window,
// read the last back with glReadPixels and write it as a PNG (stb_image_write). The live
// window's SIGUSR1 snapshot (KINDLY_SNAPSHOT) writes through write_png() too.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

struct GLFWwindow;

namespace kindly::gui {
class App;
}

namespace kindly::gui::shell {

// The back buffer of `window` as an opaque RGBA PNG at `path`. False, with *error, when the
// file cannot be written.
bool write_png(GLFWwindow* window, const std::string& path, std::string* error);

// Draws 4 frames of `app` (so windows, popups and wrapped text settle) and writes the last to
// `path`. With `frame_timing`, prints the first frame's time since `start` to `err` (for
// `make bench`). Returns an exit code: kOk, or kDataProblem when the PNG cannot be written.
int take_screenshot(GLFWwindow* window, App& app, const std::string& path, bool frame_timing,
                    std::chrono::steady_clock::time_point start, std::ostream& err);

}  // namespace kindly::gui::shell
