// The font atlas on the GPU. ImGui's OpenGL backend uploads it as RGBA (white glyphs, coverage
// in alpha): four bytes a texel, for one byte of information. We upload the coverage alone as
// a one-channel texture and let the sampler read it as (1, 1, 1, coverage), so the backend's
// shader draws it unchanged. Under a software renderer (Mesa llvmpipe, Xvfb) the texture is
// the process's own memory, and the upload a share of start-up; both are a quarter.
#pragma once

#include <imgui.h>

namespace kindly::gui {

class FontTexture {
 public:
  // Call once the backend is initialised (ImGui_ImplOpenGL3_Init) with a current GL context:
  // creates the backend's shaders and buffers without letting it upload the atlas as RGBA.
  void create_device_objects();
  // Uploads io.Fonts (built) and frees ImGui's CPU copy of its pixels.
  void upload();
  // Deletes the texture (before the atlas is rebuilt, and at exit).
  void release();
  bool one_channel() const { return one_channel_; }

 private:
  unsigned id_ = 0;
  bool one_channel_ = false;
};

}  // namespace kindly::gui
