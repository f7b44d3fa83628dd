// Fonts. Contents: fontconfig look-up · glyph ranges · the user's characters · fallback
// fonts for them · the placeholder box · the atlas cache's file format · atlas building · the
// cache around it.
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>

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

// fontconfig's FcInit/FcFini are not thread-safe: every use of it holds this.
std::mutex& fontconfig_mutex() {
  static std::mutex m;
  return m;
}

// The faces' files, looked up through fontconfig once per run (a font installed meanwhile is
// used from the next start). The look-up loads fontconfig's configuration and caches; nothing
// else in the app uses them, so they are released straight after (FcFini) instead of staying
// in memory for a rebuild at another size.
const FontFiles& font_files() {
  static std::optional<FontFiles> files;
  const std::lock_guard<std::mutex> lock(fontconfig_mutex());
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

// ---- the user's characters ---------------------------------------------------------------

bool in_ranges(const ImWchar* ranges, char32_t c) {
  for (; ranges[0]; ranges += 2) {
    if (c >= ranges[0] && c <= ranges[1]) return true;
  }
  return false;
}

struct UserCharacters {
  std::mutex mutex;
  std::set<char32_t> all;
  bool changed = false;
};

UserCharacters& user_characters() {
  static UserCharacters u;
  return u;
}

// What load_fonts adds, taken as it begins (a character noted meanwhile marks a change again).
std::vector<char32_t> take_user_characters() {
  UserCharacters& u = user_characters();
  const std::lock_guard<std::mutex> lock(u.mutex);
  u.changed = false;
  return {u.all.begin(), u.all.end()};
}

// ---- fallback fonts for them ------------------------------------------------------------------

// A face's extra characters: those its own file has, and the rest from other installed fonts.
struct Source {
  std::string file;
  int index = 0;  // face in a collection (.ttc)
  std::vector<char32_t> chars;
};
struct Extra {
  std::vector<char32_t> own;
  std::vector<Source> fallbacks;
};

bool readable_format(const char* file) {
  const std::string ext = lower(std::filesystem::path(file).extension().string());
  return ext == ".ttf" || ext == ".otf" || ext == ".ttc";
}

// The characters (of `wanted`) `file` has, by fontconfig's record of it.
std::vector<char32_t> chars_in_file(const std::string& file, const std::vector<char32_t>& wanted) {
  std::vector<char32_t> out;
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FILE, reinterpret_cast<const FcChar8*>(file.c_str()));
  FcObjectSet* os = FcObjectSetBuild(FC_CHARSET, FC_INDEX, nullptr);
  FcFontSet* fs = FcFontList(nullptr, pat, os);
  FcCharSet* cs = nullptr;
  if (fs && fs->nfont > 0 &&
      FcPatternGetCharSet(fs->fonts[0], FC_CHARSET, 0, &cs) == FcResultMatch) {
    for (char32_t c : wanted) {
      if (FcCharSetHasChar(cs, c)) out.push_back(c);
    }
  }
  if (fs) FcFontSetDestroy(fs);
  FcObjectSetDestroy(os);
  FcPatternDestroy(pat);
  return out;
}

// For each of `wanted` that `file` lacks, the first font fontconfig ranks for `family` (serif
// or sans-serif) and `bold` that has it. Characters no font has stay out (the placeholder box
// shows them).
Extra find_extra(const std::string& file, const std::vector<char32_t>& wanted, const char* family,
                 bool bold) {
  Extra e;
  e.own = chars_in_file(file, wanted);
  std::vector<char32_t> need;
  std::set_difference(wanted.begin(), wanted.end(), e.own.begin(), e.own.end(),
                      std::back_inserter(need));
  if (need.empty()) return e;
  FcCharSet* need_cs = FcCharSetCreate();
  for (char32_t c : need) FcCharSetAddChar(need_cs, c);
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
  FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddCharSet(pat, FC_CHARSET, need_cs);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res = FcResultNoMatch;
  FcFontSet* sorted = FcFontSort(nullptr, pat, FcTrue, nullptr, &res);
  for (int i = 0; sorted && i < sorted->nfont && !need.empty(); ++i) {
    FcChar8* f = nullptr;
    FcCharSet* cs = nullptr;
    int index = 0;
    if (FcPatternGetString(sorted->fonts[i], FC_FILE, 0, &f) != FcResultMatch ||
        FcPatternGetCharSet(sorted->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch ||
        !readable_format(reinterpret_cast<const char*>(f))) {
      continue;
    }
    FcPatternGetInteger(sorted->fonts[i], FC_INDEX, 0, &index);
    Source src{reinterpret_cast<const char*>(f), index, {}};
    std::vector<char32_t> rest;
    for (char32_t c : need) (FcCharSetHasChar(cs, c) ? src.chars : rest).push_back(c);
    if (!src.chars.empty()) e.fallbacks.push_back(std::move(src));
    need = std::move(rest);
  }
  if (sorted) FcFontSetDestroy(sorted);
  FcPatternDestroy(pat);
  FcCharSetDestroy(need_cs);
  return e;
}

// The extra characters of each user-text face's file, looked up in one fontconfig session.
std::map<std::string, Extra> find_extras(const FontFiles& files,
                                         const std::vector<char32_t>& wanted) {
  std::map<std::string, Extra> out;
  if (wanted.empty()) return out;
  const std::lock_guard<std::mutex> lock(fontconfig_mutex());
  if (!FcInit()) return out;
  const std::pair<const std::string*, std::pair<const char*, bool>> faces[] = {
      {&files.ui, {"sans-serif", false}},
      {&files.ui_bold, {"sans-serif", true}},
      {&files.serif, {"serif", false}},
      {&files.serif_bold, {"serif", true}}};
  for (const auto& [file, how] : faces) {
    if (!file->empty() && !out.count(*file)) {
      out[*file] = find_extra(*file, wanted, how.first, how.second);
    }
  }
  FcFini();  // as in font_files: nothing keeps fontconfig's caches between builds
  return out;
}

// A font file read once per build, shared by every face that merges from it.
struct FileData {
  std::vector<char> bytes;
};
const std::vector<char>* read_file(std::map<std::string, FileData>& files,
                                   const std::string& path) {
  auto [it, added] = files.try_emplace(path);
  if (added) {
    std::ifstream in(path, std::ios::binary);
    it->second.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return it->second.bytes.empty() ? nullptr : &it->second.bytes;
}

ImVector<ImWchar> ranges_of(const ImWchar* base, const std::vector<char32_t>& chars) {
  ImFontGlyphRangesBuilder b;
  if (base) b.AddRanges(base);
  for (char32_t c : chars) b.AddChar(static_cast<ImWchar>(c));
  ImVector<ImWchar> out;
  b.BuildRanges(&out);
  return out;
}

// ---- the placeholder box ----------------------------------------------------------------------
//
// A glyph of our own (an outlined box) at kPlaceholderChar in every face, made the face's
// fallback.

// A custom glyph at kPlaceholderChar in `font`, about the size of a capital letter.
struct Placeholder {
  int rect = -1;
  int w = 0, h = 0;
};
Placeholder add_placeholder(ImFontAtlas& atlas, ImFont* font, float px) {
  Placeholder p;
  p.w = std::max(4, static_cast<int>(std::round(px * 0.5f)));
  p.h = std::max(6, static_cast<int>(std::round(px * 0.7f)));
  const float top = std::round(px * 0.28f);  // from the top of the line to the box
  p.rect = atlas.AddCustomRectFontGlyph(font, kPlaceholderChar, p.w, p.h, std::round(px * 0.62f),
                                        ImVec2(std::round(px * 0.06f), top));
  return p;
}

// Makes the box `font`'s fallback for every character it has no glyph for (after the lookup
// tables are built: ImGui would pick '?').
void use_placeholder(ImFont* font) {
  const ImFontGlyph* box = font->FindGlyphNoFallback(kPlaceholderChar);
  if (!box) return;
  font->FallbackChar = kPlaceholderChar;
  font->FallbackGlyph = box;
  font->FallbackAdvanceX = box->AdvanceX;
  for (int c = 0; c < font->IndexLookup.Size; ++c) {
    if (font->IndexLookup[c] == static_cast<ImWchar>(-1)) font->IndexAdvanceX[c] = box->AdvanceX;
  }
}

// After Build: draws each box's outline (one pixel, or two from 24 px) into the atlas.
void draw_placeholders(ImFontAtlas& atlas, const std::vector<Placeholder>& boxes) {
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &tw, &th);
  if (!pixels) return;
  for (const Placeholder& p : boxes) {
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(p.rect);
    if (!r->IsPacked()) continue;
    const int line = p.h >= 16 ? 2 : 1;
    for (int y = 0; y < r->Height; ++y) {
      for (int x = 0; x < r->Width; ++x) {
        const bool edge = x < line || y < line || x >= r->Width - line || y >= r->Height - line;
        pixels[(r->Y + y) * tw + (r->X + x)] = edge ? 0xFF : 0x00;
      }
    }
  }
}

// ---- the atlas cache's file format ----------------------------------------------------------
//
// Native byte order (the cache never leaves the machine): a magic line, the key, the font files
// with their sizes and times, the texture (size, white pixel, baked lines, one byte a texel), the
// faces (size, metrics, glyphs), which face each Fonts member is, and the file names.

constexpr char kMagic[] = "kindly-atlas 1\n";
constexpr std::uint32_t kMaxTexels = 64u << 20;
constexpr std::uint32_t kMaxGlyphs = 1u << 20;
constexpr std::uint32_t kMaxFaces = 64;

struct Writer {
  std::string out;
  template <class T>
  void put(const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_str(const std::string& v) {
    put(static_cast<std::uint32_t>(v.size()));
    out += v;
  }
};

struct Reader {
  std::string_view in;
  std::size_t at = 0;
  bool ok = true;
  template <class T>
  T get() {
    T v{};
    if (!ok || in.size() - at < sizeof v) {
      ok = false;
      return v;
    }
    std::memcpy(&v, in.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  std::string get_str() {
    const auto n = get<std::uint32_t>();
    if (!ok || in.size() - at < n) {
      ok = false;
      return {};
    }
    std::string v(in.substr(at, n));
    at += n;
    return v;
  }
};

// The cache file mapped read-only. Not read onto the heap: a 2 MB read raises malloc's mmap
// threshold, and the texture's pixels allocated after it then stay resident in an arena (2.4 MB
// more resident memory, measured).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p =
          ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = p;
        size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const {
    return data_ ? std::string_view(static_cast<const char*>(data_), size_) : std::string_view();
  }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

// "size mtime_ns" of a file, or "" when it cannot be read.
std::string file_stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  const long long ns =
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return std::to_string(static_cast<long long>(st.st_size)) + " " + std::to_string(ns);
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
bool write_atomically(const std::string& path, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  // Owner only, like the settings file: `characters` says which scripts the user writes in.
  std::filesystem::permissions(
      tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
  return !ec;
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

void note_user_text(std::string_view utf8) {
  UserCharacters& u = user_characters();
  std::lock_guard<std::mutex> lock(u.mutex);
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    p += n > 0 ? n : 1;
    // Not controls, not what the faces always hold, not the Private Use Area (the editor's
    // stand-ins, drawn as the box), and nothing ImGui cannot draw.
    if (c < 0x20 || c >= 0xFFFD || (c >= 0xD800 && c <= 0xF8FF) || in_ranges(kFullRanges, c)) {
      continue;
    }
    if (u.all.insert(c).second) u.changed = true;
  }
}

bool user_characters_changed() {
  UserCharacters& u = user_characters();
  const std::lock_guard<std::mutex> lock(u.mutex);
  return u.changed;
}

void forget_user_characters() {
  UserCharacters& u = user_characters();
  const std::lock_guard<std::mutex> lock(u.mutex);
  u.all.clear();
  u.changed = false;
}

// ---- the atlas cache ------------------------------------------------------------------------

namespace atlas_cache {

bool save(const std::string& file, const std::string& key,
          const std::vector<std::string>& font_files, const ImFontAtlas& atlas,
          const Fonts& fonts) {
  if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) return false;
  Writer w;
  w.out = kMagic;
  w.put_str(key);
  w.put(static_cast<std::uint32_t>(font_files.size()));
  for (const std::string& f : font_files) {
    const std::string stamp = file_stamp(f);
    if (stamp.empty()) return false;
    w.put_str(f);
    w.put_str(stamp);
  }
  w.put(static_cast<std::uint32_t>(atlas.TexWidth));
  w.put(static_cast<std::uint32_t>(atlas.TexHeight));
  w.put(atlas.TexUvWhitePixel);
  w.put(atlas.TexUvLines);
  w.out.append(
      reinterpret_cast<const char*>(atlas.TexPixelsAlpha8),
      static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));
  w.put(static_cast<std::uint32_t>(atlas.Fonts.Size));
  for (const ImFont* font : atlas.Fonts) {
    w.put(font->FontSize);
    w.put(font->Ascent);
    w.put(font->Descent);
    w.put(font->EllipsisChar);
    w.put(font->DotChar);
    w.put(static_cast<std::uint32_t>(font->Glyphs.Size));
    w.out.append(reinterpret_cast<const char*>(font->Glyphs.Data),
                 static_cast<std::size_t>(font->Glyphs.Size) * sizeof(ImFontGlyph));
  }
  for (const ImFont* face : {fonts.ui, fonts.ui_bold, fonts.small, fonts.h1, fonts.h2, fonts.serif,
                             fonts.serif_italic, fonts.serif_bold}) {
    const int index =
        atlas.Fonts.index_from_ptr(std::find(atlas.Fonts.begin(), atlas.Fonts.end(), face));
    if (index < 0 || index >= atlas.Fonts.Size) return false;
    w.put(static_cast<std::uint32_t>(index));
  }
  w.put_str(fonts.ui_file);
  w.put_str(fonts.serif_file);
  w.put(fonts.base_px);
  return write_atomically(file, w.out);
}

// Long because the format is read field by field, each checked; it mirrors save() above.
bool load(const std::string& file, const std::string& key, ImFontAtlas& atlas, Fonts* fonts) {
  atlas.Clear();
  const MappedFile mapped(file);
  const std::string_view bytes = mapped.bytes();
  if (bytes.substr(0, sizeof kMagic - 1) != kMagic) return false;
  Reader r{bytes, sizeof kMagic - 1};
  if (r.get_str() != key || !r.ok) return false;
  const auto n_files = r.get<std::uint32_t>();
  for (std::uint32_t i = 0; r.ok && i < n_files; ++i) {
    const std::string f = r.get_str();
    if (r.get_str() != file_stamp(f) || !r.ok) return false;  // a font file changed
  }
  const auto tw = r.get<std::uint32_t>(), th = r.get<std::uint32_t>();
  const auto white = r.get<ImVec2>();
  struct Lines {
    ImVec4 uv[IM_ARRAYSIZE(ImFontAtlas::TexUvLines)];
  };
  const auto lines = r.get<Lines>();
  if (!r.ok || tw == 0 || th == 0 || tw > kMaxTexels / th || bytes.size() - r.at < tw * th)
    return false;
  const std::size_t texels = static_cast<std::size_t>(tw) * th;
  const char* pixels = bytes.data() + r.at;
  r.at += texels;
  const auto n_fonts = r.get<std::uint32_t>();
  if (!r.ok || n_fonts == 0 || n_fonts > kMaxFaces) return false;
  for (std::uint32_t i = 0; i < n_fonts; ++i) {
    ImFont* font = IM_NEW(ImFont);
    atlas.Fonts.push_back(font);
    font->ContainerAtlas = &atlas;
    font->FontSize = r.get<float>();
    font->Ascent = r.get<float>();
    font->Descent = r.get<float>();
    font->EllipsisChar = r.get<ImWchar>();
    font->DotChar = r.get<ImWchar>();
    const auto n_glyphs = r.get<std::uint32_t>();
    if (!r.ok || n_glyphs > kMaxGlyphs || (bytes.size() - r.at) / sizeof(ImFontGlyph) < n_glyphs) {
      atlas.Clear();
      return false;
    }
    font->Glyphs.resize(static_cast<int>(n_glyphs));
    std::memcpy(font->Glyphs.Data, bytes.data() + r.at, n_glyphs * sizeof(ImFontGlyph));
    r.at += n_glyphs * sizeof(ImFontGlyph);
    font->BuildLookupTable();
    use_placeholder(font);
  }
  ImFont** faces[] = {&fonts->ui, &fonts->ui_bold, &fonts->small,        &fonts->h1,
                      &fonts->h2, &fonts->serif,   &fonts->serif_italic, &fonts->serif_bold};
  for (ImFont** face : faces) {
    const auto index = r.get<std::uint32_t>();
    if (!r.ok || index >= n_fonts) {
      atlas.Clear();
      return false;
    }
    *face = atlas.Fonts[static_cast<int>(index)];
  }
  fonts->ui_file = r.get_str();
  fonts->serif_file = r.get_str();
  fonts->base_px = r.get<float>();
  if (!r.ok || r.at != bytes.size()) {
    atlas.Clear();
    return false;
  }
  atlas.TexWidth = static_cast<int>(tw);
  atlas.TexHeight = static_cast<int>(th);
  atlas.TexUvScale = ImVec2(1.0f / static_cast<float>(tw), 1.0f / static_cast<float>(th));
  atlas.TexUvWhitePixel = white;
  std::memcpy(atlas.TexUvLines, lines.uv, sizeof lines.uv);
  atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(texels));
  std::memcpy(atlas.TexPixelsAlpha8, pixels, texels);
  // No software mouse cursor is drawn (io.MouseDrawCursor is off), so its shapes are not kept.
  atlas.Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.TexReady = true;
  fonts->from_cache = true;
  return true;
}

}  // namespace atlas_cache

namespace {

// What the atlas for `plan` depends on besides its font files (see fonts.h).
std::string cache_key(const FontPlan& plan, const std::vector<char32_t>& user) {
  std::string k = "imgui " + std::to_string(IMGUI_VERSION_NUM) + " glyph " +
                  std::to_string(sizeof(ImFontGlyph)) + " px " + std::to_string(plan.base_px) +
                  " scale " + std::to_string(plan.scale) + "\ncourse";
  for (char32_t c : plan.course_characters) k += " " + std::to_string(c);
  k += "\nuser";
  for (char32_t c : user) k += " " + std::to_string(c);
  k += "\nfontconfig";
  const std::filesystem::path user_fc =
      std::filesystem::path(plan.cache_dir).parent_path() / "fontconfig";
  for (const std::string& dir : {std::string("/var/cache/fontconfig"), user_fc.string()}) {
    k += " " + file_stamp(dir);
  }
  return k;
}

std::string cache_file(const std::string& dir, const std::string& key) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: a name, not a check (the key is inside)
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ULL;
  char name[40];
  std::snprintf(name, sizeof name, "atlas-%016llx.bin", static_cast<unsigned long long>(h));
  return (std::filesystem::path(dir) / name).string();
}

// The user's characters kept from earlier runs (UTF-8), noted again.
void note_kept_characters(const std::string& dir) {
  const std::string kept = read_whole((std::filesystem::path(dir) / "characters").string());
  if (!kept.empty()) note_user_text(kept);
}

void keep_characters(const std::string& dir, const std::vector<char32_t>& chars) {
  std::string utf8;
  for (char32_t c : chars) {
    char buf[5] = {};
    ImTextCharToUtf8(buf, static_cast<unsigned int>(c));
    utf8 += buf;
  }
  write_atomically((std::filesystem::path(dir) / "characters").string(), utf8);
}

// Keeps the atlas just written and the one written before it (the text size the user switches
// back to); older ones (other sizes, fewer characters) go, so the folder stays about 4 MB.
void prune_cache(const std::string& dir, const std::string& kept) {
  std::error_code ec;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> atlases;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("atlas-", 0) == 0 && e.path().extension() == ".bin" && e.path() != kept) {
      atlases.emplace_back(e.last_write_time(ec), e.path());
    }
  }
  std::sort(atlases.rbegin(), atlases.rend());
  for (std::size_t i = 1; i < atlases.size(); ++i) std::filesystem::remove(atlases[i].second, ec);
}

// Builds the atlas (see load_fonts); `used` receives every font file read.
Fonts build_fonts(ImFontAtlas& atlas, const FontPlan& plan, const std::vector<char32_t>& user,
                  std::vector<std::string>* used);

}  // namespace

Fonts load_fonts(ImFontAtlas& atlas, const FontPlan& plan) {
  if (!plan.cache_dir.empty()) note_kept_characters(plan.cache_dir);
  const std::vector<char32_t> user = take_user_characters();
  if (plan.cache_dir.empty()) return build_fonts(atlas, plan, user, nullptr);
  const std::string key = cache_key(plan, user);
  const std::string file = cache_file(plan.cache_dir, key);
  Fonts f;
  if (atlas_cache::load(file, key, atlas, &f)) return f;
  std::vector<std::string> used;
  f = build_fonts(atlas, plan, user, &used);
  if (atlas_cache::save(file, key, used, atlas, f)) prune_cache(plan.cache_dir, file);
  if (!user.empty()) keep_characters(plan.cache_dir, user);
  return f;
}

namespace {

// Long for its many faces; it reads as a list: files, ranges, one face after another with its
// merged fallbacks, the boxes, the build.
Fonts build_fonts(ImFontAtlas& atlas, const FontPlan& plan, const std::vector<char32_t>& user,
                  std::vector<std::string>* used) {
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
  // ImGui reads the ranges (and merged files' bytes) when the atlas is built, so they live
  // until Build() below.
  const ImVector<ImWchar> course = course_ranges(plan.course_characters);
  const std::map<std::string, Extra> extras = find_extras(files, user);
  std::deque<ImVector<ImWchar>> ranges;
  std::map<std::string, FileData> merged_files;
  std::vector<Placeholder> boxes;

  // A user-text face: the full sets and the user's characters its file has, then the rest
  // merged in from the fonts that have them.
  const auto user_face = [&](const std::string& file, float px, ImFont* fallback) {
    const auto it = extras.find(file);
    if (it == extras.end()) return add(atlas, file, px, kFullRanges, fallback);
    ranges.push_back(ranges_of(kFullRanges, it->second.own));
    ImFont* face = add(atlas, file, px, ranges.back().Data, fallback);
    if (face == fallback || atlas.Fonts.empty() || atlas.Fonts.back() != face) return face;
    for (const Source& src : it->second.fallbacks) {
      const std::vector<char>* bytes = read_file(merged_files, src.file);
      if (!bytes) continue;
      ranges.push_back(ranges_of(nullptr, src.chars));
      ImFontConfig cfg;
      cfg.MergeMode = true;
      cfg.FontNo = src.index;
      cfg.FontDataOwnedByAtlas = false;  // merged_files owns it, shared by the faces
      cfg.OversampleH = px >= kNoOversamplePx ? 1 : 2;
      cfg.OversampleV = 1;
      atlas.AddFontFromMemoryTTF(const_cast<char*>(bytes->data()), static_cast<int>(bytes->size()),
                                 px, &cfg, ranges.back().Data);
    }
    return face;
  };

  ImFont* fallback = nullptr;
  if (ui.empty()) {
    ImFontConfig cfg;
    cfg.SizePixels = std::max(13.0f, s);
    fallback = atlas.AddFontDefault(&cfg);
  }
  f.ui_file = ui;
  f.serif_file = serif;
  f.ui = user_face(ui, s, fallback);  // first font = ImGui's default
  if (!f.ui) f.ui = atlas.AddFontDefault();
  const std::string& bold = ui_bold.empty() ? ui : ui_bold;
  f.ui_bold = user_face(bold, s, f.ui);
  const float small_px = std::round(s * 0.85f);
  f.small = user_face(ui, small_px, f.ui);
  const float h1_px = std::round(s * 1.75f), h2_px = std::round(s * 1.25f);
  f.h1 = add(atlas, bold, h1_px, course.Data, f.ui_bold);
  f.h2 = add(atlas, bold, h2_px, course.Data, f.ui_bold);
  const float serif_px = std::round(s * 1.12f);
  f.serif = user_face(serif, serif_px, f.ui);
  f.serif_italic = add(atlas, serif_italic, serif_px, course.Data, f.serif);
  f.serif_bold = user_face(serif_bold, serif_px, f.serif);  // search hits
  // Each distinct face gets its box (a face that stands in for a missing one shares its box).
  const std::pair<ImFont*, float> sized[] = {
      {f.ui, s},     {f.ui_bold, s},      {f.small, small_px},        {f.h1, h1_px},
      {f.h2, h2_px}, {f.serif, serif_px}, {f.serif_italic, serif_px}, {f.serif_bold, serif_px}};
  std::set<ImFont*> boxed;
  for (const auto& [face, px] : sized) {
    if (boxed.insert(face).second) boxes.push_back(add_placeholder(atlas, face, px));
  }
  // The atlas's height is what the glyphs need, not the next power of two: the texture (in
  // llvmpipe's memory under Xvfb) is about half the size.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.Build();
  draw_placeholders(atlas, boxes);
  for (ImFont* font : atlas.Fonts) use_placeholder(font);
  if (used) {
    for (const std::string* file : {&ui, &ui_bold, &serif, &serif_italic, &serif_bold}) {
      if (!file->empty()) used->push_back(*file);
    }
    for (const auto& [name, data] : merged_files) used->push_back(name);
  }
  // The glyphs are in the atlas now; the font files ImGui read into memory (one copy per
  // face, over 3 MB) are not needed again until the next load_fonts, which reads them anew.
  atlas.ClearInputData();
  return f;
}

}  // namespace
}  // namespace kindly::gui
