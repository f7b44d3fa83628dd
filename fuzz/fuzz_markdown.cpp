// Fuzzes the Markdown renderer: md4c parses into our blocks, then one headless ImGui frame
// lays them out and draws them (wrapping, lists, quotes), at a narrow and a wide width.
// Crashes, hangs, leaks and undefined behaviour are findings.
#include <imgui.h>

#include <cstdint>
#include <string>

#include "markdown.h"
#include "theme.h"

namespace {

kindly::gui::Fonts g_fonts;

void init_imgui() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  ImFont* font = io.Fonts->AddFontDefault();
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  kindly::gui::apply_theme(kindly::gui::Theme::Light, 1.0f);
  g_fonts.ui = g_fonts.ui_bold = g_fonts.small = g_fonts.h1 = g_fonts.h2 = font;
  g_fonts.serif = g_fonts.serif_italic = g_fonts.serif_bold = font;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bool ready = (init_imgui(), true);
  (void)ready;
  std::string text(reinterpret_cast<const char*>(data), size);
  kindly::gui::MdDoc doc = kindly::gui::parse_markdown(text);
  (void)kindly::gui::markdown_plain_text(doc);
  for (float width : {120.0f, 720.0f}) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 800));
    ImGui::Begin("fuzz");
    kindly::gui::draw_markdown(doc, g_fonts, width);
    ImGui::End();
    ImGui::Render();
  }
  return 0;
}
