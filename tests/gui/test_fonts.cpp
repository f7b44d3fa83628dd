// The font atlas: built without an ImGui context (start-up builds it on another thread while
// the window opens), with every character the course uses in the course-only faces, and the
// full Latin, Greek and Cyrillic sets in the faces that show what the user writes.
#include <doctest/doctest.h>
#include <imgui.h>

#include <unistd.h>

#include <cfloat>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "editor.h"
#include "fonts.h"

using namespace kindly::gui;

namespace {

bool has(const ImFont* f, ImWchar c) {
  return f && f->FindGlyphNoFallback(c) != nullptr;
}

}  // namespace

TEST_CASE("fonts: the atlas builds on another thread with no ImGui context") {
  REQUIRE(ImGui::GetCurrentContext() == nullptr);
  ImFontAtlas atlas;
  FontPlan plan;
  plan.course_characters = {0x416};  // Ж
  Fonts f;
  std::thread([&] { f = load_fonts(atlas, plan); }).join();
  CHECK(atlas.IsBuilt());
  CHECK(atlas.TexWidth > 0);
  CHECK(atlas.TexHeight > 0);
  for (const ImFont* face :
       {f.ui, f.ui_bold, f.small, f.h1, f.h2, f.serif, f.serif_italic, f.serif_bold}) {
    REQUIRE(face != nullptr);
    CHECK(face->ContainerAtlas == &atlas);
  }
  CHECK(ImGui::GetCurrentContext() == nullptr);
}

TEST_CASE("fonts: course-only faces hold the course's characters; user-text faces hold all") {
  ImFontAtlas atlas;
  FontPlan plan;
  plan.course_characters = {0xE9, 0x416, 0x2014, 0x1F33F};  // é Ж — and one beyond 16 bits
  const Fonts f = load_fonts(atlas, plan);
  // The fonts come from fontconfig (scripts/install-deps installs them); with ImGui's built-in
  // font there would be nothing to check.
  REQUIRE_MESSAGE(!f.ui_file.empty(), "no interface font found through fontconfig");
  REQUIRE_MESSAGE(!f.serif_file.empty(), "no serif font found through fontconfig");

  // Headings and italic prompts show course and app text only.
  for (const ImFont* face : {f.h1, f.h2, f.serif_italic}) {
    CHECK(has(face, 'A'));
    CHECK(has(face, 0xB7));    // the app's middle dot
    CHECK(has(face, 0x2026));  // ellipsis, in the app's own strings
    CHECK(has(face, 0xE9));
    CHECK(has(face, 0x416));        // used by the course
    CHECK_FALSE(has(face, 0x42F));  // Я: Cyrillic the course does not use
    CHECK_FALSE(has(face, 0x3B1));  // α
  }
  // What the user types can be in any of these scripts.
  for (const ImFont* face : {f.ui, f.ui_bold, f.small, f.serif, f.serif_bold}) {
    CHECK(has(face, 0x42F));
    CHECK(has(face, 0x3B1));
    CHECK(has(face, 0x1EA1));  // ạ (Vietnamese)
  }
}

TEST_CASE("fonts: the course-only faces cost less atlas than full sets would") {
  ImFontAtlas small_atlas, full_atlas;
  FontPlan plan;
  (void)load_fonts(small_atlas, plan);
  // Give the course every Cyrillic and Greek letter: the course-only faces grow to the full
  // sets, and so does the atlas.
  for (char32_t c = 0x370; c <= 0x52F; ++c) plan.course_characters.push_back(c);
  (void)load_fonts(full_atlas, plan);
  CHECK(small_atlas.TexWidth * small_atlas.TexHeight < full_atlas.TexWidth * full_atlas.TexHeight);
}

// ---- text is sacred: every character kept, shown with a real glyph or a visible box ---------

namespace {

// An ImGui context with the app's fonts, for frames with no screen.
struct FontFrames {
  ImGuiContext* ctx = ImGui::CreateContext();
  Fonts fonts;
  explicit FontFrames() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1000, 800);
    io.DeltaTime = 1.0f / 60.0f;
    fonts = load_fonts(*io.Fonts, FontPlan{});
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~FontFrames() { ImGui::DestroyContext(ctx); }
  FontFrames(const FontFrames&) = delete;
  FontFrames& operator=(const FontFrames&) = delete;

  // One frame with the editor (focused on the first frame when `focus`).
  void frame(std::string* text, EditorState* st, bool focus = false) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1000, 800));
    ImGui::Begin("w");
    if (focus) ImGui::SetKeyboardFocusHere();
    wrapped_editor("##e", text, st, ImVec2(400, 300));
    ImGui::End();
    ImGui::Render();
  }
  // Focuses the editor and types `chars` as the window's character callback does (one frame
  // each), ending with the editor still focused.
  void type(std::string* text, EditorState* st, std::initializer_list<unsigned> chars) {
    frame(text, st, true);
    frame(text, st);
    for (unsigned c : chars) {
      if (editor_takes_char(c)) {
        editor_insert_char(c);
      } else {
        ImGui::GetIO().AddInputCharacter(c);
      }
      frame(text, st);
    }
    frame(text, st);
  }
};

const std::string kLeaf = "\xF0\x9F\x8C\xBF";  // U+1F33F, beyond 16 bits

}  // namespace

TEST_CASE("fonts: an emoji typed into the editor is stored as its own bytes, not U+FFFD") {
  FontFrames ff;
  std::string text;
  EditorState st;
  ff.type(&text, &st, {'a', 0x1F33F, 'b'});
  CHECK(text == "a" + kLeaf + "b");
  CHECK(text.find("\xEF\xBF\xBD") == std::string::npos);
}

TEST_CASE("fonts: emoji, Private Use characters and \\r already in an entry survive an edit") {
  FontFrames ff;
  const std::string before = kLeaf + " one\r\ntwo \xEE\x80\x80 \xF0\x9F\x99\x82";  // U+E000
  std::string text = before;
  EditorState st;
  ff.type(&text, &st, {'!'});
  // The edit adds one character (where the caret was) and changes nothing else.
  CHECK((text == "!" + before || text == before + "!"));
  CHECK(from_editor_text(to_editor_text(before)) == before);
  const std::string not_utf8 = "a\xFF\xC3(b\xED\xA0\x80";  // stray, truncated, surrogate
  CHECK(from_editor_text(to_editor_text(not_utf8)) == not_utf8);
}

TEST_CASE("fonts: a word wider than the editor wraps inside the editor's width") {
  FontFrames ff;
  ImFont* f = ff.fonts.ui;
  const std::string word(300, 'w');
  const std::string plain = "Before " + word + " after";
  const float width = 200;
  const std::string wrapped = soft_wrap(plain, f, width);
  CHECK(unwrap(wrapped) == plain);
  // Every visual line fits (soft breaks are "\r\n" for a space, "\r\r\n" inside a word).
  std::size_t start = 0, lines = 0;
  while (start <= wrapped.size()) {
    std::size_t end = wrapped.find('\n', start);
    if (end == std::string::npos) end = wrapped.size();
    const std::string line = unwrap(wrapped.substr(start, end - start));
    CHECK(f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, line.c_str()).x <= width);
    ++lines;
    start = end + 1;
  }
  CHECK(lines > 3);
  // Words that fit still break only at spaces.
  const std::string words = soft_wrap("short words only here and there again", f, 120);
  CHECK(words.find("\r\r\n") == std::string::npos);
}

TEST_CASE("fonts: Chinese, Japanese and Arabic the user writes get real glyphs in the atlas") {
  forget_user_characters();
  const ImWchar cjk = 0x4F60, kana = 0x3053, arabic = 0x0645;  // 你 こ م
  {
    ImFontAtlas atlas;
    const Fonts f = load_fonts(atlas, FontPlan{});
    CHECK_FALSE(has(f.ui, cjk));
    CHECK_FALSE(has(f.ui, arabic));
  }
  // Typing them into an editor notes them; the next atlas has them.
  FontFrames ff;
  std::string text;
  EditorState st;
  ff.type(&text, &st, {cjk, kana, ' ', arabic});
  CHECK(user_characters_changed());
  ImFontAtlas atlas;
  const Fonts f = load_fonts(atlas, FontPlan{});
  CHECK_FALSE(user_characters_changed());
  for (const ImFont* face : {f.ui, f.ui_bold, f.small, f.serif, f.serif_bold}) {
    CHECK(has(face, cjk));
    CHECK(has(face, kana));
    CHECK(has(face, arabic));
    CHECK(has(face, 'A'));
  }
  CHECK_FALSE(has(f.h1, cjk));  // headings show course text only
  forget_user_characters();
}

TEST_CASE("fonts: a character no font has is a visible box, never '?' or another character") {
  forget_user_characters();
  note_user_text("\xCD\xB8");  // U+0378: unassigned, in no font
  ImFontAtlas atlas;
  const Fonts f = load_fonts(atlas, FontPlan{});
  for (const ImFont* face :
       {f.ui, f.ui_bold, f.small, f.h1, f.h2, f.serif, f.serif_italic, f.serif_bold}) {
    CHECK(face->FallbackChar == kPlaceholderChar);
    const ImFontGlyph* box = face->FindGlyphNoFallback(kPlaceholderChar);
    REQUIRE(box != nullptr);
    CHECK(face->FindGlyph(0x378) == box);
    CHECK(face->FindGlyph(0xE000) == box);  // an editor's stand-in for an emoji
    CHECK(face->FindGlyph('?') != box);
    CHECK(box->X1 - box->X0 > 2);
    // Text is measured with the box's width where a character is missing.
    CHECK(face->GetCharAdvance(0x378) == box->AdvanceX);
    CHECK(face->GetCharAdvance(0x2FFF) == box->AdvanceX);
    // The box adds nothing to the lookup tables, sized to a face's highest glyph (U+2212).
    CHECK(face->IndexLookup.Size < 0x2300);
  }
  forget_user_characters();
}

// ---- the atlas cache --------------------------------------------------------------------------

namespace {

std::filesystem::path temp_dir(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() /
                 ("kindly-fonts-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

void write(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST_CASE("fonts: the atlas is kept in the cache folder and read back the same at the next start") {
  forget_user_characters();
  const auto dir = temp_dir("cache");
  FontPlan plan;
  plan.cache_dir = dir.string();
  ImFontAtlas built, cached;
  const Fonts a = load_fonts(built, plan);
  CHECK_FALSE(a.from_cache);
  const Fonts b = load_fonts(cached, plan);
  CHECK(b.from_cache);
  CHECK(cached.IsBuilt());
  CHECK(cached.TexWidth == built.TexWidth);
  CHECK(cached.TexHeight == built.TexHeight);
  CHECK(b.ui_file == a.ui_file);
  for (const ImWchar c : {ImWchar('A'), ImWchar(0x42F), kPlaceholderChar}) {
    const ImFontGlyph* ga = a.ui->FindGlyphNoFallback(c);
    const ImFontGlyph* gb = b.ui->FindGlyphNoFallback(c);
    REQUIRE(ga != nullptr);
    REQUIRE(gb != nullptr);
    CHECK(gb->AdvanceX == ga->AdvanceX);
    CHECK(gb->U0 == ga->U0);
    CHECK(gb->V1 == ga->V1);
  }
  CHECK(b.h1->FontSize == a.h1->FontSize);
  CHECK(b.serif->FallbackChar == kPlaceholderChar);
  // Another size is another atlas; the folder keeps the last two.
  plan.base_px = 20;
  ImFontAtlas other;
  CHECK_FALSE(load_fonts(other, plan).from_cache);
  plan.base_px = 22;
  ImFontAtlas third;
  CHECK_FALSE(load_fonts(third, plan).from_cache);
  int atlases = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    atlases += e.path().extension() == ".bin" ? 1 : 0;
  }
  CHECK(atlases == 2);
  // Readable by the user only (the characters file tells which scripts they write in).
  note_user_text("\xE4\xBD\xA0");  // 你
  ImFontAtlas with_chars;
  (void)load_fonts(with_chars, plan);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    CHECK((e.status().permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  }
  CHECK(std::filesystem::exists(dir / "characters"));
  forget_user_characters();
  std::filesystem::remove_all(dir);
}

TEST_CASE("fonts: a cached atlas is not used once a font file it came from changes") {
  const auto dir = temp_dir("invalidate");
  const std::string cache = (dir / "atlas.bin").string();
  const auto font = dir / "font.ttf";  // stands for a font file the atlas was built from
  write(font, "one version of the font");
  ImFontAtlas atlas;
  const Fonts f = load_fonts(atlas, FontPlan{});
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  atlas.GetTexDataAsAlpha8(&px, &w, &h);
  REQUIRE(atlas_cache::save(cache, "key", {font.string()}, atlas, f));
  {
    ImFontAtlas back;
    Fonts g;
    CHECK(atlas_cache::load(cache, "key", back, &g));
    CHECK(g.from_cache);
    ImFontAtlas wrong_key;
    CHECK_FALSE(atlas_cache::load(cache, "another key", wrong_key, &g));
    CHECK(wrong_key.Fonts.empty());
  }
  write(font, "the font, updated: another size");
  ImFontAtlas after;
  Fonts g;
  CHECK_FALSE(atlas_cache::load(cache, "key", after, &g));
  CHECK(after.Fonts.empty());
  // A cache file cut short is ignored, not read past its end.
  write(font, "one version of the font");
  REQUIRE(atlas_cache::save(cache, "key", {font.string()}, atlas, f));
  const auto size = std::filesystem::file_size(cache);
  std::filesystem::resize_file(cache, size / 2);
  CHECK_FALSE(atlas_cache::load(cache, "key", after, &g));
  std::filesystem::remove_all(dir);
}
