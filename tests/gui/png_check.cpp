// kindly_png_check FILE WIDTH HEIGHT MIN_COLOURS: exits 0 when FILE is a PNG of the given size
// with at least MIN_COLOURS distinct colours (a blank or single-colour frame fails).
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <unordered_set>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: kindly_png_check FILE WIDTH HEIGHT MIN_COLOURS\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "%s: not a readable PNG\n", argv[1]);
    return 1;
  }
  std::unordered_set<unsigned> colours;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    colours.insert(static_cast<unsigned>(px[i * 3]) << 16 |
                   static_cast<unsigned>(px[i * 3 + 1]) << 8 | px[i * 3 + 2]);
  }
  stbi_image_free(px);
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  const std::size_t min_colours = static_cast<std::size_t>(std::atoi(argv[4]));
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "%s: %dx%d, expected %dx%d\n", argv[1], w, h, want_w, want_h);
    return 1;
  }
  if (colours.size() < min_colours) {
    std::fprintf(stderr, "%s: only %zu colours (blank?)\n", argv[1], colours.size());
    return 1;
  }
  std::printf("%s: %dx%d, %zu colours\n", argv[1], w, h, colours.size());
  return 0;
}
