// GLX_MESA_copy_sub_buffer, in a file of its own because the X11 and GLX headers define macros
// (None, Bool, Status...) that clash with the rest of the shell.
#include "present.h"

#include <GL/glx.h>

#include <cstring>

namespace kindly::gui::shell {

namespace {

using CopySubBuffer = void (*)(Display*, GLXDrawable, int, int, int, int);

bool has_extension(const char* list, const char* name) {
  if (!list) return false;
  const std::size_t n = std::strlen(name);
  for (const char* p = std::strstr(list, name); p; p = std::strstr(p + 1, name)) {
    if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) return true;
  }
  return false;
}

// Looked up once per process (one display, one window).
CopySubBuffer copy_sub_buffer() {
  static const CopySubBuffer fn = []() -> CopySubBuffer {
    Display* dpy = glXGetCurrentDisplay();
    if (!dpy) return nullptr;  // EGL, or no GLX context
    if (!has_extension(glXQueryExtensionsString(dpy, DefaultScreen(dpy)),
                       "GLX_MESA_copy_sub_buffer"))
      return nullptr;
    return reinterpret_cast<CopySubBuffer>(
        glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
  }();
  return fn;
}

}  // namespace

bool can_present_by_copy() {
  return copy_sub_buffer() != nullptr && glXGetCurrentDrawable() != 0;
}

void present_by_copy(int x, int y, int w, int h) {
  if (const CopySubBuffer fn = copy_sub_buffer(); fn && w > 0 && h > 0)
    fn(glXGetCurrentDisplay(), glXGetCurrentDrawable(), x, y, w, h);
}

}  // namespace kindly::gui::shell
