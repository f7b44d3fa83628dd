// Week navigator (always visible): the app's name, Today / Journal / Settings, then the eight
// weeks and the retreat with their state, the date a locked week opens and why, and a
// progress bar. Any unlocked week opens on a click.
#include <algorithm>
#include <cmath>

#include "kindly/clock.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

std::string state_line(const WeekProgress& w) {
  switch (w.state) {
    case WeekState::Locked:
      if (w.unlocks_at) return "Opens " + format_day(*w.unlocks_at);
      return "Not open yet";
    case WeekState::Available:
      return "Ready when you are";
    case WeekState::InProgress:
      if (w.required_total > 0) {
        return "In progress \xC2\xB7 " + std::to_string(w.required_done) + " of " +
               std::to_string(w.required_total);
      }
      return "In progress";
    case WeekState::Completed:
      return "Completed";
  }
  return {};
}

// The width of the widest word of `text` in `font`.
float longest_word(ImFont* font, const std::string& text) {
  float widest = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const float wd =
        font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data() + at, text.data() + end).x;
    widest = std::max(widest, wd);
    at = end + 1;
  }
  return widest;
}

// A week row's text starts this many ui-font ems in from the row's left (pad, badge, pad) and
// ends one pad before its right: see week_row.
constexpr float kRowTextInsetEm = 0.55f * 3 + 1.9f;

bool nav_link(const char* label, bool selected, float width) {
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_Header, p.accent_soft);
  ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0, 0.5f));
  const float h = ImGui::GetTextLineHeight() + ImGui::GetStyle().FramePadding.y * 1.6f;
  const bool r = ImGui::Selectable(label, selected, 0, ImVec2(width, h));
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  remember_widget(label);
  return r;
}

void week_row(const Model& m, const WeekProgress& w, Actions& out, float width) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const bool locked = w.state == WeekState::Locked;
  const bool selected = m.route.screen == Screen::Week && m.route.module == w.id;
  ImGui::PushID(w.id.c_str());
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float pad = std::round(f.ui->FontSize * 0.55f);
  const float badge = std::round(f.ui->FontSize * 1.9f);
  const float tx_off = pad * 2 + badge;
  const float tw = width - tx_off - pad;
  // The title wraps between words; when one word is wider than the row (a narrow window at a
  // large text size) the title is set smaller rather than broken inside the word.
  const std::string t = w.title;
  ImFont* tf = longest_word(f.ui, t) <= tw ? f.ui : f.small;
  const ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, tw, t.c_str());
  const float title_h = ts.y;
  const std::string sl = state_line(w);
  const float state_h = f.small->CalcTextSizeA(f.small->FontSize, FLT_MAX, tw, sl.c_str()).y;
  const float bar_h = std::max(3.0f, std::round(3.0f * f.ui->FontSize / kDefaultFontPx));
  const float row_h = pad + title_h + 2 + state_h + f.small->FontSize * 0.25f + bar_h + pad * 1.2f;

  ImGui::PushStyleColor(ImGuiCol_Header, p.accent_soft);
  ImGui::PushStyleColor(ImGuiCol_HeaderHovered,
                        ImVec4(p.accent_soft.x, p.accent_soft.y, p.accent_soft.z, 0.6f));
  ImGui::PushStyleColor(ImGuiCol_HeaderActive, p.accent_soft);
  const std::string label = "##week-" + w.id;
  const bool clicked = ImGui::Selectable(label.c_str(), selected, 0, ImVec2(width, row_h));
  ImGui::PopStyleColor(3);
  remember_widget(w.optional ? w.title : "Week " + std::to_string(w.number));
  if (locked && !w.locked_reason.empty()) tooltip(sentence(w.locked_reason));
  // A locked week opens too: its screen says when and why it opens.
  if (clicked) {
    out.push_back(go_to(Route{Screen::Week, w.id}));
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 bc(start.x + pad + badge * 0.5f, start.y + pad + badge * 0.5f);
  ImVec4 badge_bg = p.card, badge_fg = p.text, ring = p.card_border;
  float ring_w = 1.0f;
  if (w.state == WeekState::Completed) badge_bg = p.done, badge_fg = p.accent_text, ring = p.done;
  if (w.state == WeekState::InProgress) badge_bg = p.accent_soft, ring = p.accent, ring_w = 2.0f;
  if (w.state == WeekState::Available) ring = p.warm, ring_w = 1.5f;
  if (locked) badge_bg = p.sidebar, badge_fg = p.locked, ring = p.locked;
  dl->AddCircleFilled(bc, badge * 0.5f, u32(badge_bg), 32);
  dl->AddCircle(bc, badge * 0.5f - ring_w * 0.5f, u32(ring, locked ? 0.6f : 1.0f), 32, ring_w);
  const std::string shown = w.optional ? "R" : std::to_string(w.number);
  const ImVec2 ns = f.ui_bold->CalcTextSizeA(f.ui_bold->FontSize, FLT_MAX, 0, shown.c_str());
  dl->AddText(f.ui_bold, f.ui_bold->FontSize,
              ImVec2(std::round(bc.x - ns.x * 0.5f), std::round(bc.y - ns.y * 0.5f)), u32(badge_fg),
              shown.c_str());

  const float tx = start.x + tx_off;
  float y = start.y + pad;
  dl->AddText(tf, tf->FontSize, ImVec2(tx, y), u32(locked ? p.locked : p.text), t.c_str(), nullptr,
              tw);
  y += title_h + 2;
  const ImVec4 state_col = w.state == WeekState::Completed    ? p.done
                           : w.state == WeekState::InProgress ? p.accent
                           : locked                           ? p.locked
                                                              : p.warm;
  dl->AddText(f.small, f.small->FontSize, ImVec2(tx, y), u32(state_col), sl.c_str(), nullptr, tw);
  y += state_h + f.small->FontSize * 0.25f;
  if (!locked && w.required_total > 0) {
    const float frac = static_cast<float>(w.required_done) / static_cast<float>(w.required_total);
    dl->AddRectFilled(ImVec2(tx, y), ImVec2(tx + tw, y + bar_h), u32(p.track), bar_h);
    if (frac > 0) {
      dl->AddRectFilled(ImVec2(tx, y), ImVec2(tx + std::max(bar_h * 2, tw * frac), y + bar_h),
                        u32(p.done), bar_h);
    }
  }
  ImGui::PopID();
}

}  // namespace

// Grows with the text size (15 to 19 ems, a quarter of the window between), and wider still
// when a week's longest word needs it, but never more than 42% of the window.
float navigator_width(const Model& m, float window_w, float padding_x) {
  const Fonts& f = *m.fonts;
  const float em = f.ui->FontSize;
  float w = std::clamp(window_w * 0.24f, 15.0f * em, 19.0f * em);
  if (m.progress) {
    float widest = 0;
    for (const auto* list : {&m.progress->weeks, &m.progress->modules}) {
      for (const WeekProgress& wk : *list) widest = std::max(widest, longest_word(f.ui, wk.title));
    }
    w = std::max(w, widest + (kRowTextInsetEm + 0.5f) * em + padding_x * 2);  // + a scrollbar
  }
  return std::round(std::min(w, window_w * 0.42f));
}

void draw_navigator(const Model& m, ScreenState&, Actions& out) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = ImGui::GetContentRegionAvail().x;

  // Brand.
  ImGui::PushFont(f.h2);
  ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
  ImGui::TextUnformatted("Kindly");
  ImGui::PopStyleColor();
  ImGui::PopFont();
  if (m.course) muted(m.course->title, width, f.small);
  vspace(10);

  const bool begun = m.progress && m.progress->begun;
  if (begun) {
    if (nav_link("Today", m.route.screen == Screen::Home, width)) {
      out.push_back(go_to(Route{Screen::Home}));
    }
    if (nav_link("Journal", m.route.screen == Screen::Journal, width)) {
      out.push_back(go_to(Route{Screen::Journal}));
    }
    if (nav_link("Progress", m.route.screen == Screen::Progress, width)) {
      out.push_back(go_to(Route{Screen::Progress}));
    }
  } else {
    if (nav_link("Welcome", m.route.screen == Screen::Welcome, width)) {
      out.push_back(go_to(Route{Screen::Welcome}));
    }
  }
  if (nav_link("Settings", m.route.screen == Screen::Settings, width)) {
    out.push_back(go_to(Route{Screen::Settings}));
  }
  vspace(8);
  ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
  ImGui::PushFont(f.small);
  ImGui::TextUnformatted("THE EIGHT WEEKS");
  ImGui::PopFont();
  ImGui::PopStyleColor();
  vspace(2);

  if (!m.progress) return;
  const Progress& pr = *m.progress;
  for (const WeekProgress& w : pr.weeks) {
    week_row(m, w, out, width);
    for (const WeekProgress& mod : pr.modules) {
      if (mod.after_week == w.number) week_row(m, mod, out, width);
    }
  }
  for (const WeekProgress& mod : pr.modules) {
    if (mod.after_week <= 0 || mod.after_week > static_cast<int>(pr.weeks.size())) {
      week_row(m, mod, out, width);
    }
  }
  // Help is one click away from every screen.
  vspace(12);
  if (nav_link("Need support?", m.route.screen == Screen::Resources, width)) {
    out.push_back(go_to(Route{Screen::Resources}));
  }
  if (nav_link("My safety plan", m.route.screen == Screen::SafetyPlan, width)) {
    out.push_back(go_to(Route{Screen::SafetyPlan}));
  }
}

}  // namespace kindly::gui
