// Damage: the part of the window one frame changed, found by comparing its draw data with the
// previous frame's. A caret turning on or off, or one letter typed, changes a few hundred
// pixels; under a software renderer (Mesa llvmpipe) drawing the whole window for it is most
// of the frame's cost. window.cpp draws into an offscreen copy of the window and redraws only
// the damaged rectangle of it (every draw command's clip rectangle cut down to it), then
// copies the whole of it to the window.
//
// How it compares: every triangle the frame draws, in drawing order, is reduced to a 64-bit
// hash of what decides its pixels (its three vertices' position, texture coordinates and
// colour, its clip rectangle and its texture) and the box it can touch (its vertices' bounds
// inside its clip rectangle). The old and new sequences agree on a prefix and a suffix; the
// triangles between them, old and new, are all that changed. A pixel outside their boxes is
// covered by the same triangles in the same order in both frames, so it keeps its colour.
// Whatever else decides pixels (the window's size, the background colour, the font texture's
// contents) is compared too, or invalidates: then the whole frame is drawn.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace kindly::gui::shell {

// In framebuffer pixels, y down, [x0, x1) x [y0, y1). Empty (x0 >= x1) when nothing changed.
struct DamageRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x0 >= x1 || y0 >= y1; }
  long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
};

class Damage {
 public:
  // What `d` changed since the last frame compared, or nullopt when the whole frame must be
  // drawn: the first frame, after invalidate(), a new framebuffer size or background, a draw
  // callback, or a change bigger than `max_fraction` of the window (then a full draw is as
  // cheap). `background` is the colour the frame is cleared to.
  std::optional<DamageRect> compare(const ImDrawData& d, ImU32 background,
                                    double max_fraction = 0.25);
  // The next compare() draws everything (the font texture changed, the window was exposed).
  void invalidate() { valid_ = false; }

 private:
  struct Tri {
    std::uint64_t hash;
    float x0, y0, x1, y1;  // framebuffer pixels; x0 > x1 when clipped away
  };
  std::vector<Tri> last_, now_;
  int fb_w_ = 0, fb_h_ = 0;
  ImU32 background_ = 0;
  bool valid_ = false;
};

// Cuts every command's clip rectangle of `d` down to `r` (framebuffer pixels), so that the
// OpenGL backend's scissor draws nothing outside it.
void clip_to(ImDrawData& d, const DamageRect& r);

}  // namespace kindly::gui::shell
