// Presenting a frame by copying only what changed (GLX_MESA_copy_sub_buffer). After
// glXSwapBuffers the back buffer's contents are undefined, so a frame that redraws only its
// damaged rectangle needs a copy of the last frame somewhere (window.cpp's offscreen copy).
// glXCopySubBufferMESA instead copies a rectangle of the back buffer to the window and leaves
// the back buffer as it was: presented that way, every frame, the back buffer always holds the
// last frame, a partial frame is drawn straight into it, and only its rectangle is copied. No
// memory is added. Offered by Mesa's GLX (the software renderer under Xvfb included) and most
// X drivers; elsewhere (no GLX, EGL) the offscreen copy is used.
#pragma once

namespace kindly::gui::shell {

// Whether the OpenGL context current on this thread can present by copy.
bool can_present_by_copy();

// Copies the rectangle (window pixels, origin at the bottom left, as glScissor) of the back
// buffer to the window. Only when can_present_by_copy().
void present_by_copy(int x, int y, int w, int h);

}  // namespace kindly::gui::shell
