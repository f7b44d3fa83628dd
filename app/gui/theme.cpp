// Themes. Contents: names · palettes · ImGui style.
#include "theme.h"

namespace kindly::gui {
namespace {

ImVec4 rgb(unsigned hex, float a = 1.0f) {
  return ImVec4(static_cast<float>((hex >> 16) & 0xff) / 255.0f,
                static_cast<float>((hex >> 8) & 0xff) / 255.0f,
                static_cast<float>(hex & 0xff) / 255.0f, a);
}

ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
  return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t,
                a.w + (b.w - a.w) * t);
}

Palette light_palette() {
  Palette p;
  p.bg = rgb(0xF8F3EC);
  p.sidebar = rgb(0xEFE6DA);
  p.card = rgb(0xFFFCF7);
  p.card_border = rgb(0xE6DACB);
  p.text = rgb(0x3B332C);
  p.muted = rgb(0x6D6258);
  p.accent = rgb(0x496C56);
  p.accent_text = rgb(0xFFFFFF);
  p.accent_soft = rgb(0xDCE8DC);
  p.warm = rgb(0x8E563D);
  p.warm_soft = rgb(0xF6E3D4);
  p.done = rgb(0x496C56);
  p.locked = rgb(0x6C645B);
  p.error = rgb(0xAB4239);
  p.link = rgb(0x376B7B);
  p.track = rgb(0xE6DACB);
  return p;
}

Palette dark_palette() {
  Palette p;
  p.bg = rgb(0x1F1C1A);
  p.sidebar = rgb(0x272320);
  p.card = rgb(0x2C2825);
  p.card_border = rgb(0x4A433D);
  p.text = rgb(0xEDE5DA);
  p.muted = rgb(0xB7ACA0);
  p.accent = rgb(0x8DB89A);
  p.accent_text = rgb(0x14201A);
  p.accent_soft = rgb(0x34443A);
  p.warm = rgb(0xE0A27F);
  p.warm_soft = rgb(0x46342A);
  p.done = rgb(0x8DB89A);
  p.locked = rgb(0xB4ADA7);
  p.error = rgb(0xF1958A);
  p.link = rgb(0x8CC3D4);
  p.track = rgb(0x3C3632);
  return p;
}

Palette contrast_palette() {
  Palette p;
  p.bg = rgb(0x000000);
  p.sidebar = rgb(0x0C0C0C);
  p.card = rgb(0x000000);
  p.card_border = rgb(0xFFFFFF);
  p.text = rgb(0xFFFFFF);
  p.muted = rgb(0xE0E0E0);
  p.accent = rgb(0xFFD400);
  p.accent_text = rgb(0x000000);
  p.accent_soft = rgb(0x3A3000);
  p.warm = rgb(0x7FE3FF);
  p.warm_soft = rgb(0x002A38);
  p.done = rgb(0x7CFF8A);
  p.locked = rgb(0xC8C8C8);
  p.error = rgb(0xFF8080);
  p.link = rgb(0x7FE3FF);
  p.track = rgb(0x404040);
  return p;
}

Palette g_palette = light_palette();
Theme g_theme = Theme::Light;

}  // namespace

const char* theme_name(Theme t) {
  switch (t) {
    case Theme::Light:
      return "light";
    case Theme::Dark:
      return "dark";
    case Theme::Contrast:
      return "contrast";
  }
  return "light";
}

std::optional<Theme> theme_from_name(const std::string& s) {
  if (s == "light" || s == "warm") return Theme::Light;
  if (s == "dark") return Theme::Dark;
  if (s == "contrast" || s == "high-contrast") return Theme::Contrast;
  return std::nullopt;
}

const Palette& palette() {
  return g_palette;
}
Theme current_theme() {
  return g_theme;
}

ImU32 u32(const ImVec4& c, float alpha_mul) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, c.w * alpha_mul));
}

ImVec4 primary_hovered(const Palette& p) {
  return ImVec4(p.accent.x * 0.92f, p.accent.y * 0.92f, p.accent.z * 0.92f, 1);
}
ImVec4 primary_pressed(const Palette& p) {
  return ImVec4(p.accent.x * 0.85f, p.accent.y * 0.85f, p.accent.z * 0.85f, 1);
}

// Long because it is a table: one assignment per ImGui style field and colour, in ImGui's
// order, for every theme; nothing in it branches but the palette.
void apply_theme(Theme t, float scale) {
  g_theme = t;
  switch (t) {
    case Theme::Light:
      g_palette = light_palette();
      break;
    case Theme::Dark:
      g_palette = dark_palette();
      break;
    case Theme::Contrast:
      g_palette = contrast_palette();
      break;
  }
  const Palette& p = g_palette;
  const bool hc = t == Theme::Contrast;

  ImGuiStyle style;  // fresh defaults, then ours
  style.WindowPadding = ImVec2(28, 24);
  style.FramePadding = ImVec2(14, 8);
  style.ItemSpacing = ImVec2(12, 10);
  style.ItemInnerSpacing = ImVec2(10, 6);
  style.CellPadding = ImVec2(8, 6);
  style.IndentSpacing = 22;
  style.ScrollbarSize = 12;
  style.GrabMinSize = 12;
  style.WindowRounding = 0;
  style.ChildRounding = 12;
  style.FrameRounding = 10;
  style.PopupRounding = 10;
  style.ScrollbarRounding = 8;
  style.GrabRounding = 8;
  style.TabRounding = 8;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = hc ? 2.0f : 1.0f;
  style.PopupBorderSize = 1;
  style.FrameBorderSize = hc ? 2.0f : 1.0f;
  style.ButtonTextAlign = ImVec2(0.5f, 0.5f);
  style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
  // Disabled text stays readable (4.5:1, tests/gui/test_look.cpp): the light theme's dark
  // text on paper needs more of its colour kept than the others.
  style.DisabledAlpha = t == Theme::Light ? 0.75f : 0.68f;
  style.ScaleAllSizes(scale);

  ImVec4* c = style.Colors;
  const ImVec4 frame = hc ? rgb(0x000000) : p.card;
  c[ImGuiCol_Text] = p.text;
  c[ImGuiCol_TextDisabled] = p.muted;
  c[ImGuiCol_WindowBg] = p.bg;
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = p.card;
  // Field and button outlines at 3:1 against the page (WCAG 1.4.11); cards keep the soft
  // card_border.
  c[ImGuiCol_Border] = hc ? p.text : mix(p.card_border, p.muted, t == Theme::Light ? 0.8f : 0.55f);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = frame;
  c[ImGuiCol_FrameBgHovered] = mix(frame, p.accent, 0.10f);
  c[ImGuiCol_FrameBgActive] = mix(frame, p.accent, 0.18f);
  c[ImGuiCol_TitleBg] = p.sidebar;
  c[ImGuiCol_TitleBgActive] = p.sidebar;
  c[ImGuiCol_TitleBgCollapsed] = p.sidebar;
  c[ImGuiCol_MenuBarBg] = p.sidebar;
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = mix(p.bg, p.muted, 0.35f);
  c[ImGuiCol_ScrollbarGrabHovered] = mix(p.bg, p.muted, 0.55f);
  c[ImGuiCol_ScrollbarGrabActive] = mix(p.bg, p.muted, 0.75f);
  c[ImGuiCol_CheckMark] = p.accent;
  c[ImGuiCol_SliderGrab] = p.accent;
  c[ImGuiCol_SliderGrabActive] = mix(p.accent, p.text, 0.2f);
  // Secondary buttons are outlined and quiet: no fill until hovered (the primary one is filled
  // with the accent, widgets.cpp).
  c[ImGuiCol_Button] = ImVec4(p.bg.x, p.bg.y, p.bg.z, 0.0f);
  c[ImGuiCol_ButtonHovered] = hc ? rgb(0x333333) : p.accent_soft;
  c[ImGuiCol_ButtonActive] = hc ? rgb(0x4D4D4D) : mix(p.accent_soft, p.accent, 0.25f);
  c[ImGuiCol_Header] = p.accent_soft;
  c[ImGuiCol_HeaderHovered] = mix(p.sidebar, p.accent_soft, 0.6f);
  c[ImGuiCol_HeaderActive] = p.accent_soft;
  c[ImGuiCol_Separator] = p.card_border;
  c[ImGuiCol_SeparatorHovered] = p.accent;
  c[ImGuiCol_SeparatorActive] = p.accent;
  c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripHovered] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripActive] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_Tab] = p.sidebar;
  c[ImGuiCol_TabHovered] = p.accent_soft;
  c[ImGuiCol_TabActive] = p.accent_soft;
  c[ImGuiCol_TabUnfocused] = p.sidebar;
  c[ImGuiCol_TabUnfocusedActive] = p.accent_soft;
  c[ImGuiCol_PlotLines] = p.accent;
  c[ImGuiCol_PlotLinesHovered] = p.warm;
  c[ImGuiCol_PlotHistogram] = p.accent;
  c[ImGuiCol_PlotHistogramHovered] = p.warm;
  c[ImGuiCol_TableHeaderBg] = p.sidebar;
  c[ImGuiCol_TableBorderStrong] = p.card_border;
  c[ImGuiCol_TableBorderLight] = p.card_border;
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TextSelectedBg] = hc ? rgb(0x0050A0) : mix(p.accent_soft, p.accent, 0.35f);
  c[ImGuiCol_DragDropTarget] = p.accent;
  c[ImGuiCol_NavHighlight] = hc ? p.accent : p.warm;
  c[ImGuiCol_NavWindowingHighlight] = p.accent;
  c[ImGuiCol_NavWindowingDimBg] = ImVec4(0, 0, 0, 0.3f);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.08f, 0.06f, 0.35f);

  ImGui::GetStyle() = style;
}

}  // namespace kindly::gui
