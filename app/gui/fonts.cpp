// Fonts. Contents: fontconfig look-up · glyph ranges · atlas building.
#include "fonts.h"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <optional>

namespace kindly::gui {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Latin, Latin-1, Latin Extended A/B, Greek, Cyrillic (+ supplement), general punctuation
// (curly quotes, dashes, ellipsis), and a few symbols prose uses.
const ImWchar kFullRanges[] = {
    0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
    0x0370, 0x03FF,  // Greek and Coptic
    0x0400, 0x052F,  // Cyrillic + Supplement
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese etc.)
    0x2000, 0x206F,  // General Punctuation
    0x20AC, 0x20AC,  // Euro
    0x2190, 0x2193,  // arrows
    0x2212, 0x2212,  // minus sign
    0x2122, 0x2122,  // trade mark
    0,
};

// What the app's own strings use (Latin-1 and the symbols above); the course-only faces
// add the course's characters to this.
const ImWchar kAppRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 (middle dot, no-break space)
    0x2000, 0x206F,  // General Punctuation
    0x20AC, 0x20AC, 0x2122, 0x2122, 0x2190, 0x2193, 0x2212, 0x2212, 0,
};

// Sizes from here up are drawn without horizontal oversampling: at heading sizes it does not
// show, and it doubles their share of the atlas.
constexpr float kNoOversamplePx = 24.0f;

ImFont* add(ImFontAtlas& atlas, const std::string& file, float px, const ImWchar* ranges,
            ImFont* fallback) {
  if (file.empty()) return fallback;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return fallback;
  ImFontConfig cfg;
  cfg.OversampleH = px >= kNoOversamplePx ? 1 : 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  ImFont* f = atlas.AddFontFromFileTTF(file.c_str(), px, &cfg, ranges);
  return f ? f : fallback;
}

// kAppRanges plus every course character ImGui can hold (16-bit ImWchar: the Basic
// Multilingual Plane).
ImVector<ImWchar> course_ranges(const std::vector<char32_t>& characters) {
  ImFontGlyphRangesBuilder b;
  b.AddRanges(kAppRanges);
  for (char32_t c : characters) {
    if (c <= 0xFFFF) b.AddChar(static_cast<ImWchar>(c));
  }
  ImVector<ImWchar> out;
  b.BuildRanges(&out);
  return out;
}

std::string first_found(std::initializer_list<std::pair<const char*, const char*>> options) {
  for (const auto& [family, style] : options) {
    std::string f = find_font_file(family, style);
    if (!f.empty()) return f;
  }
  return {};
}

struct FontFiles {
  std::string ui, ui_bold, serif, serif_italic, serif_bold;
};

// The faces' files, looked up through fontconfig once per run (a font installed meanwhile is
// used from the next start). The look-up loads fontconfig's configuration and caches; nothing
// else in the app uses them, so they are released straight after (FcFini) instead of staying
// in memory for a rebuild at another size.
const FontFiles& font_files() {
  static std::mutex mutex;
  static std::optional<FontFiles> files;
  const std::lock_guard<std::mutex> lock(mutex);
  if (!files) {
    FontFiles f;
    f.ui = first_found({{"Inter", "Regular"}, {"Noto Sans", "Regular"}, {"DejaVu Sans", "Book"}});
    f.ui_bold = first_found({{"Inter", "Semi Bold"},
                             {"Inter", "Bold"},
                             {"Noto Sans", "SemiBold"},
                             {"Noto Sans", "Bold"},
                             {"DejaVu Sans", "Bold"}});
    f.serif = first_found({{"Noto Serif", "Regular"}, {"DejaVu Serif", "Book"}});
    f.serif_italic = first_found({{"Noto Serif", "Italic"}, {"DejaVu Serif", "Italic"}});
    f.serif_bold = first_found({{"Noto Serif", "Bold"}, {"DejaVu Serif", "Bold"}});
    files = std::move(f);
    FcFini();
  }
  return *files;
}

}  // namespace

std::string find_font_file(const std::string& family, const std::string& style) {
  if (!FcInit()) return {};
  std::string result;
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddString(pat, FC_STYLE, reinterpret_cast<const FcChar8*>(style.c_str()));
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pat, &res);
  if (match) {
    FcChar8* fam = nullptr;
    FcChar8* file = nullptr;
    FcChar8* st = nullptr;
    if (FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        lower(reinterpret_cast<const char*>(fam)) == lower(family)) {
      // fontconfig substitutes a near style when the asked one is missing; accept it only
      // when the style name matches, so "Bold" never silently becomes Regular.
      bool style_ok = true;
      if (FcPatternGetString(match, FC_STYLE, 0, &st) == FcResultMatch) {
        style_ok = lower(reinterpret_cast<const char*>(st)).find(lower(style)) != std::string::npos;
      }
      std::string path = reinterpret_cast<const char*>(file);
      // Only formats the built-in rasteriser reads.
      std::string ext = lower(std::filesystem::path(path).extension().string());
      if (style_ok && (ext == ".ttf" || ext == ".otf")) result = path;
    }
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pat);
  return result;
}

Fonts load_fonts(ImFontAtlas& atlas, const FontPlan& plan) {
  atlas.Clear();
  Fonts f;
  f.base_px = std::clamp(plan.base_px, kMinFontPx, kMaxFontPx);
  const float s = f.base_px * plan.scale;

  const FontFiles& files = font_files();
  const std::string& ui = files.ui;
  const std::string& ui_bold = files.ui_bold;
  const std::string& serif = files.serif;
  const std::string& serif_italic = files.serif_italic;
  const std::string& serif_bold = files.serif_bold;
  // ImGui reads the ranges when the atlas is built, so they live until Build() below.
  const ImVector<ImWchar> course = course_ranges(plan.course_characters);

  ImFont* fallback = nullptr;
  if (ui.empty()) {
    ImFontConfig cfg;
    cfg.SizePixels = std::max(13.0f, s);
    fallback = atlas.AddFontDefault(&cfg);
  }
  f.ui_file = ui;
  f.serif_file = serif;
  f.ui = add(atlas, ui, s, kFullRanges, fallback);  // first font = ImGui's default
  if (!f.ui) f.ui = atlas.AddFontDefault();
  const std::string& bold = ui_bold.empty() ? ui : ui_bold;
  f.ui_bold = add(atlas, bold, s, kFullRanges, f.ui);
  f.small = add(atlas, ui, std::round(s * 0.85f), kFullRanges, f.ui);
  f.h1 = add(atlas, bold, std::round(s * 1.75f), course.Data, f.ui_bold);
  f.h2 = add(atlas, bold, std::round(s * 1.25f), course.Data, f.ui_bold);
  const float serif_px = std::round(s * 1.12f);
  f.serif = add(atlas, serif, serif_px, kFullRanges, f.ui);
  f.serif_italic = add(atlas, serif_italic, serif_px, course.Data, f.serif);
  f.serif_bold = add(atlas, serif_bold, serif_px, kFullRanges, f.serif);  // search hits
  // The atlas's height is what the glyphs need, not the next power of two: the texture (in
  // llvmpipe's memory under Xvfb) is about half the size.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.Build();
  // The glyphs are in the atlas now; the font files ImGui read into memory (one copy per
  // face, over 3 MB) are not needed again until the next load_fonts, which reads them anew.
  atlas.ClearInputData();
  return f;
}

}  // namespace kindly::gui
