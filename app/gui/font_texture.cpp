// The font atlas as a one-channel texture; see font_texture.h.
#include "font_texture.h"

#define GLFW_INCLUDE_GLEXT  // GL_R8, GL_TEXTURE_SWIZZLE_RGBA
#include <GLFW/glfw3.h>
#include <imgui_impl_opengl3.h>

#include <cstdint>

namespace kindly::gui {

void FontTexture::create_device_objects() {
  // Texture swizzles are core in OpenGL 3.3 and an extension before; without them the
  // backend's RGBA texture is used.
  GLFWwindow* w = glfwGetCurrentContext();
  const int major = glfwGetWindowAttrib(w, GLFW_CONTEXT_VERSION_MAJOR);
  const int minor = glfwGetWindowAttrib(w, GLFW_CONTEXT_VERSION_MINOR);
  one_channel_ = major > 3 || (major == 3 && minor >= 3) ||
                 glfwExtensionSupported("GL_ARB_texture_swizzle") == GLFW_TRUE;
  if (!one_channel_) {
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    return;
  }
  // The backend uploads whatever atlas io.Fonts points to when it creates its device
  // objects; point it at a stand-in (ImGui's small built-in font) for that, then drop the
  // stand-in's texture and put the real atlas back.
  ImGuiIO& io = ImGui::GetIO();
  ImFontAtlas* real = io.Fonts;
  ImFontAtlas stand_in;
  io.Fonts = &stand_in;
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts = real;
}

void FontTexture::upload() {
  ImGuiIO& io = ImGui::GetIO();
  if (!one_channel_) {
    ImGui_ImplOpenGL3_CreateFontsTexture();
    io.Fonts->ClearTexData();
    return;
  }
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
  id_ = id;
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id_)));
  // The GPU texture is all that drawing needs; ImGui's copy was a large share of memory.
  io.Fonts->ClearTexData();
}

void FontTexture::release() {
  if (!one_channel_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    return;
  }
  if (id_ != 0) {
    const GLuint id = id_;
    glDeleteTextures(1, &id);
    ImGui::GetIO().Fonts->SetTexID(nullptr);
    id_ = 0;
  }
}

}  // namespace kindly::gui
