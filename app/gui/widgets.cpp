// Widgets. Contents: test hooks · buttons · pills and bars · cards · text helpers · marks.
#include "widgets.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>
#include <vector>

namespace kindly::gui {
namespace {

std::map<std::string, Rect>& rects() {
  static std::map<std::string, Rect> r;
  return r;
}

struct CardFrame {
  ImVec2 start;
  float width;
};
std::vector<CardFrame>& cards() {
  static std::vector<CardFrame> c;
  return c;
}

float card_pad() {
  return std::round(ImGui::GetStyle().WindowPadding.x * 0.8f);
}

}  // namespace

void remember_widget(const std::string& key) {
  rects()[key] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

void remember_widget_rect(const std::string& key, const Rect& r) {
  rects()[key] = r;
}

std::optional<Rect> widget_rect(const std::string& key) {
  auto it = rects().find(key);
  if (it == rects().end()) return std::nullopt;
  return it->second;
}

void clear_widget_rects() {
  rects().clear();
}

namespace {
int g_primary_frame = -1;  // the frame the filled primary button was drawn in
bool g_primary_filled = false;
}  // namespace

bool primary_button(const char* label, ImVec2 size) {
  const Palette& p = palette();
  // One filled action per screen: the first primary button of a frame is filled, any later
  // one in the same frame is outlined like a secondary one (same size, so nothing moves).
  const int frame = ImGui::GetFrameCount();
  g_primary_filled = g_primary_frame != frame;
  g_primary_frame = frame;
  int colours = 0;
  if (g_primary_filled) {
    ImGui::PushStyleColor(ImGuiCol_Button, p.accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, primary_hovered(p));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, primary_pressed(p));
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent_text);
    ImGui::PushStyleColor(ImGuiCol_Border, p.accent);
    colours = 5;
  }
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x * 1.4f,
                                                         ImGui::GetStyle().FramePadding.y * 1.15f));
  const bool r = ImGui::Button(label, size);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(colours);
  remember_widget(label);
  return r;
}

bool primary_was_filled() {
  return g_primary_filled;
}

bool soft_button(const char* label, ImVec2 size) {
  const bool r = ImGui::Button(label, size);
  remember_widget(label);
  return r;
}

bool link_button(const char* label) {
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.accent_soft);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.accent_soft);
  ImGui::PushStyleColor(ImGuiCol_Text, p.link);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
  const bool r = ImGui::Button(label);
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(4);
  remember_widget(label);
  return r;
}

void pill(const char* text, const ImVec4& bg, const ImVec4& fg, ImFont* font) {
  ImFont* f = font ? font : ImGui::GetFont();
  const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text);
  const float px = std::round(f->FontSize * 0.6f), py = std::round(f->FontSize * 0.18f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  // Vertically centre on the current line's text.
  const float line_h = ImGui::GetTextLineHeight();
  const float h = ts.y + py * 2;
  const float y = pos.y + std::max(0.0f, (line_h - h) * 0.5f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + ts.x + px * 2, y + h), u32(bg), h * 0.5f);
  if (current_theme() == Theme::Contrast) {
    dl->AddRect(ImVec2(pos.x, y), ImVec2(pos.x + ts.x + px * 2, y + h), u32(fg), h * 0.5f);
  }
  dl->AddText(f, f->FontSize, ImVec2(pos.x + px, y + py), u32(fg), text);
  ImGui::Dummy(ImVec2(ts.x + px * 2, std::max(line_h, h)));
}

void progress_bar(float frac, float width, float height, const ImVec4& fill) {
  frac = std::clamp(frac, 0.0f, 1.0f);
  const Palette& p = palette();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), u32(p.track), height * 0.5f);
  if (current_theme() == Theme::Contrast) {
    dl->AddRect(pos, ImVec2(pos.x + width, pos.y + height), u32(p.text), height * 0.5f);
  }
  if (frac > 0) {
    const float w = std::max(height, width * frac);
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + height), u32(fill), height * 0.5f);
  }
  ImGui::Dummy(ImVec2(width, height));
}

void begin_card(float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const float pad = card_pad();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  cards().push_back({start, width});
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - pad * 2);
}

void end_card(const ImVec4* bg, const ImVec4* border) {
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const float pad = card_pad();
  CardFrame c = cards().back();
  cards().pop_back();
  const ImVec2 end = ImGui::GetItemRectMax();
  const ImVec2 max(c.start.x + c.width, end.y + pad);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSetCurrent(0);
  const Palette& p = palette();
  const float r = ImGui::GetStyle().ChildRounding;
  dl->AddRectFilled(c.start, max, u32(bg ? *bg : p.card), r);
  const float thick = current_theme() == Theme::Contrast ? 2.0f : 1.0f;
  dl->AddRect(c.start, max, u32(border ? *border : p.card_border), r, 0, thick);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(c.start);
  ImGui::Dummy(ImVec2(c.width, max.y - c.start.y));
}

void text_wrapped(const std::string& text, float width, const ImVec4* color, ImFont* font) {
  if (font) ImGui::PushFont(font);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  if (width > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  if (width > 0) ImGui::PopTextWrapPos();
  if (color) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

void muted(const std::string& text, float width, ImFont* font) {
  text_wrapped(text, width, &palette().muted, font);
}

void title(const Fonts& f, const std::string& text, const std::string& subtitle, float width) {
  ImGui::PushFont(f.h1);
  if (width > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(text.c_str());
  if (width > 0) ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (!subtitle.empty()) muted(subtitle, width, f.ui);
  vspace(std::round(f.ui->FontSize * 0.6f));
}

void section(const Fonts& f, const std::string& text) {
  vspace(std::round(f.ui->FontSize * 0.5f));
  ImGui::PushFont(f.h2);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
  vspace(2);
}

void vspace(float px) {
  ImGui::Dummy(ImVec2(0, px));
}

void mark(Mark m, float size) {
  const Palette& p = palette();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 c(pos.x + size * 0.5f, pos.y + std::max(size, line_h) * 0.5f);
  const float r = size * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  switch (m) {
    case Mark::Done: {
      dl->AddCircleFilled(c, r, u32(p.done), 24);
      const float s = r * 0.5f;
      const ImVec2 pts[3] = {ImVec2(c.x - s, c.y + s * 0.05f),
                             ImVec2(c.x - s * 0.25f, c.y + s * 0.75f),
                             ImVec2(c.x + s * 1.05f, c.y - s * 0.7f)};
      dl->AddPolyline(pts, 3, u32(p.accent_text), 0, std::max(1.5f, r * 0.22f));
      break;
    }
    case Mark::Open:
      dl->AddCircle(c, r - 1, u32(p.muted), 24, 1.5f);
      break;
    case Mark::Partial:
      dl->AddCircle(c, r - 1, u32(p.accent), 24, 1.5f);
      dl->AddCircleFilled(c, r * 0.4f, u32(p.accent), 16);
      break;
    case Mark::Locked: {
      // A small padlock.
      const float w = r * 1.1f, h = r * 0.85f;
      const ImVec2 a(c.x - w * 0.5f, c.y - h * 0.15f), b(c.x + w * 0.5f, c.y + h * 0.85f);
      dl->AddRectFilled(a, b, u32(p.locked), 2.0f);
      dl->PathArcTo(ImVec2(c.x, a.y), w * 0.32f, 3.14159f, 2 * 3.14159f, 12);
      dl->PathStroke(u32(p.locked), 0, std::max(1.5f, r * 0.18f));
      break;
    }
  }
  ImGui::Dummy(ImVec2(size, std::max(size, line_h)));
}

}  // namespace kindly::gui

namespace kindly::gui {
void reset_cards() {
  if (!cards().empty()) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (dl->_Splitter._Count > 1) dl->ChannelsMerge();
    cards().clear();
  }
}
}  // namespace kindly::gui

namespace kindly::gui {
std::string count_of(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string first_line(const std::string& text, std::size_t max_bytes) {
  std::size_t end = std::min(text.find('\n'), text.size());
  if (end > max_bytes) {
    end = max_bytes;
    // Back up to the start of a character: continuation bytes are 10xxxxxx.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  std::string r = text.substr(0, end);
  if (end < text.size()) r += "\xE2\x80\xA6";
  return r;
}

std::string sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}
}  // namespace kindly::gui

namespace kindly::gui {
std::vector<std::string> widget_keys() {
  std::vector<std::string> k;
  for (const auto& [key, r] : rects()) k.push_back(key);
  return k;
}
}  // namespace kindly::gui
