// Damage: see damage.h.
#include "shell/damage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace kindly::gui::shell {

namespace {

// splitmix64's finaliser over each 64-bit word: cheap, and every input bit reaches every
// output bit, so two different triangles colliding is a 2^-64 chance.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h;
}

std::uint64_t bits(float a, float b) {
  std::uint32_t x = 0, y = 0;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return (static_cast<std::uint64_t>(x) << 32) | y;
}

}  // namespace

std::optional<DamageRect> Damage::compare(const ImDrawData& d, ImU32 background,
                                          double max_fraction) {
  const ImVec2 off = d.DisplayPos, scale = d.FramebufferScale;
  const int fb_w = static_cast<int>(d.DisplaySize.x * scale.x);
  const int fb_h = static_cast<int>(d.DisplaySize.y * scale.y);
  now_.clear();
  bool callback = false;
  for (int l = 0; l < d.CmdListsCount; ++l) {
    const ImDrawList& list = *d.CmdLists[l];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback != nullptr) callback = true;
      const ImVec4 c = cmd.ClipRect;
      std::uint64_t base = mix(mix(bits(c.x, c.y), bits(c.z, c.w)),
                               reinterpret_cast<std::uintptr_t>(cmd.GetTexID()));
      const float cx0 = (c.x - off.x) * scale.x, cy0 = (c.y - off.y) * scale.y;
      const float cx1 = (c.z - off.x) * scale.x, cy1 = (c.w - off.y) * scale.y;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        std::uint64_t h = base;
        float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
        for (unsigned k = 0; k < 3; ++k) {
          const ImDrawVert& v =
              list.VtxBuffer[cmd.VtxOffset + list.IdxBuffer[cmd.IdxOffset + i + k]];
          h = mix(mix(mix(h, bits(v.pos.x, v.pos.y)), bits(v.uv.x, v.uv.y)), v.col);
          const float px = (v.pos.x - off.x) * scale.x, py = (v.pos.y - off.y) * scale.y;
          x0 = std::min(x0, px), y0 = std::min(y0, py);
          x1 = std::max(x1, px), y1 = std::max(y1, py);
        }
        now_.push_back(
            {h, std::max(x0, cx0), std::max(y0, cy0), std::min(x1, cx1), std::min(y1, cy1)});
      }
    }
  }
  const bool same_frame =
      valid_ && !callback && fb_w == fb_w_ && fb_h == fb_h_ && background == background_;
  fb_w_ = fb_w, fb_h_ = fb_h, background_ = background;
  valid_ = !callback;
  std::swap(last_, now_);  // last_ is now this frame; now_ the one before
  if (!same_frame) return std::nullopt;

  const std::vector<Tri>& before = now_;
  const std::vector<Tri>& after = last_;
  const std::size_t n = std::min(before.size(), after.size());
  std::size_t prefix = 0;
  while (prefix < n && before[prefix].hash == after[prefix].hash) ++prefix;
  std::size_t suffix = 0;
  while (suffix < n - prefix &&
         before[before.size() - 1 - suffix].hash == after[after.size() - 1 - suffix].hash)
    ++suffix;

  float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
  const auto take = [&](const std::vector<Tri>& tris) {
    for (std::size_t i = prefix; i < tris.size() - suffix; ++i) {
      const Tri& t = tris[i];
      if (t.x0 >= t.x1 || t.y0 >= t.y1) continue;  // clipped away: it draws nothing
      x0 = std::min(x0, t.x0), y0 = std::min(y0, t.y0);
      x1 = std::max(x1, t.x1), y1 = std::max(y1, t.y1);
    }
  };
  take(before);
  take(after);
  DamageRect r;
  if (x0 < x1 && y0 < y1) {
    // Outward to whole pixels, one more each side for rasterisation's rounding.
    r.x0 = std::clamp(static_cast<int>(std::floor(x0)) - 1, 0, fb_w);
    r.y0 = std::clamp(static_cast<int>(std::floor(y0)) - 1, 0, fb_h);
    r.x1 = std::clamp(static_cast<int>(std::ceil(x1)) + 1, 0, fb_w);
    r.y1 = std::clamp(static_cast<int>(std::ceil(y1)) + 1, 0, fb_h);
  }
  if (static_cast<double>(r.area()) > max_fraction * fb_w * fb_h) return std::nullopt;
  return r;
}

void clip_to(ImDrawData& d, const DamageRect& r) {
  const ImVec2 off = d.DisplayPos, scale = d.FramebufferScale;
  const float x0 = r.x0 / scale.x + off.x, y0 = r.y0 / scale.y + off.y;
  const float x1 = r.x1 / scale.x + off.x, y1 = r.y1 / scale.y + off.y;
  for (int l = 0; l < d.CmdListsCount; ++l) {
    for (ImDrawCmd& cmd : d.CmdLists[l]->CmdBuffer) {
      ImVec4& c = cmd.ClipRect;
      c = ImVec4(std::max(c.x, x0), std::max(c.y, y0), std::min(c.z, x1), std::min(c.w, y1));
    }
  }
}

}  // namespace kindly::gui::shell
