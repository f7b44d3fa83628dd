// Fonts found through fontconfig: Inter (or Noto Sans) for the interface, Noto Serif for
// readings; Latin, Latin Extended, Greek and Cyrillic glyphs, plus every other character of the
// user's own writing (note_user_text) that some installed font has (Noto Sans Arabic, Droid
// Sans Fallback for CJK, ...). A character no installed font has is drawn as a placeholder box,
// never as another character. Falls back to ImGui's built-in font when no font file is found,
// so the app always opens.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace kindly::gui {

struct Fonts {
  ImFont* ui = nullptr;       // body text of the interface
  ImFont* ui_bold = nullptr;  // labels, buttons that matter
  ImFont* small = nullptr;    // captions, meta lines
  ImFont* h1 = nullptr;       // screen titles
  ImFont* h2 = nullptr;       // section titles
  ImFont* serif = nullptr;    // readings
  ImFont* serif_italic = nullptr;
  ImFont* serif_bold = nullptr;
  std::string ui_file;  // where they came from (empty: built-in)
  std::string serif_file;
  float base_px = 17.0f;    // ui size before content scale
  bool from_cache = false;  // read from the atlas cache, not built
};

// Default interface size in pixels (before content scale) and the allowed range.
constexpr float kDefaultFontPx = 17.0f;
constexpr float kMinFontPx = 12.0f;
constexpr float kMaxFontPx = 30.0f;

// What to build: the size, and the characters of the course (Course::characters).
struct FontPlan {
  float base_px = kDefaultFontPx;
  float scale = 1.0f;
  std::vector<char32_t> course_characters;
  // Where the built atlas is kept for the next start (the user's cache folder); empty: not
  // kept. See "The atlas cache" below.
  std::string cache_dir;
};

// Clears `atlas` and loads every face at `plan.base_px * plan.scale`, then builds the atlas.
// The faces that can show what the user writes (ui, ui_bold, small, serif, serif_bold: the
// editor, search hits, the report preview) get Latin, Greek and Cyrillic in full; the faces
// that only show course and app text (h1, h2, serif_italic) get Latin-1, punctuation and the
// course's own characters. The headings are the largest glyphs, so this keeps the atlas, its
// build time and its texture small. The characters of note_user_text go into the user-text
// faces, from the face's own file when it has them, else merged in from the installed font
// fontconfig finds for them. Every face has the placeholder box. Touches no ImGui context, so it
// may run on another thread while the window opens. The renderer's font texture must be rebuilt
// afterwards.
Fonts load_fonts(ImFontAtlas& atlas, const FontPlan& plan);

// The code point every face draws as a placeholder box: characters the atlas has no glyph for
// fall back to it (ImGui's FallbackChar), so they are never shown as '?' or another letter.
// A low code point (a control character, itself never drawn otherwise): ImGui sizes each
// face's lookup tables to its highest glyph, so a box at U+FFFD would cost 6 bytes x 64K per
// face (3 MB, measured).
constexpr ImWchar kPlaceholderChar = 0x0001;

// The user's own writing: notes the characters of `utf8` the user-text faces lack (beyond the
// full sets above; Basic Multilingual Plane only, the most ImGui 1.86 can draw). Every later
// load_fonts adds them, in the user-text faces, from the installed font that has them.
// Thread-safe.
void note_user_text(std::string_view utf8);
// A character was noted since the last load_fonts began.
bool user_characters_changed();
// Forgets every noted character (tests).
void forget_user_characters();

// ---- The atlas cache ---------------------------------------------------------------------
//
// Building the atlas (fontconfig look-ups, rasterising eight faces) is the longest part of
// start-up; its result depends only on the plan, the user's characters and the font files. So
// load_fonts keeps it in `plan.cache_dir` (atlas-<key hash>.bin, written atomically) and reads
// it back at the next start when the key matches and every font file it came from has the size
// and modification time it had. The key holds the ImGui version, sizes, the course's and the
// user's characters, and the modification times of fontconfig's cache folders (which change
// when fonts are installed or removed). A file that does not read back whole is ignored and
// written again. The user's characters are kept there too (`characters`), so the first frame
// already has them.
namespace atlas_cache {
// Writes `atlas` (built, its pixels still in memory) and the faces of `fonts` to `file`,
// recording `font_files` (what it came from) with their sizes and times. False when it could
// not be written (nothing else happens: the cache is only an optimisation).
bool save(const std::string& file, const std::string& key,
          const std::vector<std::string>& font_files, const ImFontAtlas& atlas, const Fonts& fonts);
// Fills `atlas` (cleared first) and `*fonts` from `file` when its key is `key` and every font
// file it records is unchanged; else returns false and leaves `atlas` cleared.
bool load(const std::string& file, const std::string& key, ImFontAtlas& atlas, Fonts* fonts);
}  // namespace atlas_cache

// fontconfig lookup: the file of `family` in `style` ("Regular", "Bold", "Italic"), or empty
// when fontconfig returns some other family.
std::string find_font_file(const std::string& family, const std::string& style);

}  // namespace kindly::gui
