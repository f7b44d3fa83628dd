// Resources: when to seek professional help (the course's Markdown) and its crisis lines as a
// plain list. Reachable from every screen through support_link() and the navigator.
#include <cctype>
#include <cmath>

#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

void support_link(const Model& m, Actions& out) {
  if (!m.course || m.route.screen == Screen::Resources) return;
  const bool clicked = link_button("Need support? Help and crisis lines");
  remember_widget("support link");
  if (clicked) out.push_back(go_to(Route{Screen::Resources}));
}

void draw_resources(const Model& m, ScreenState&, Actions&) {
  if (!m.course || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const Resources& r = m.course->resources;
  title(f, r.title.empty() ? "When you need more support" : r.title,
        "You do not need to be in crisis to reach out.", width);

  // The course's first section (what to do in danger) comes before the lines; the rest after.
  std::string first = r.text, rest;
  if (const auto h = r.text.find("\n## ", r.text.rfind("## ", 0) == 0 ? 1 : 0);
      h != std::string::npos && r.text.rfind("## ", 0) == 0) {
    first = r.text.substr(0, h);
    rest = r.text.substr(h + 1);
  }
  if (!first.empty()) draw_markdown(first, f, width, Prose::Reading);

  if (!r.crisis_lines.empty()) {
    section(f, "Crisis lines");
    muted("Free and confidential. Click a number or address to copy it.", width, f.small);
    vspace(4);
    std::string last_country;
    for (std::size_t i = 0; i < r.crisis_lines.size(); ++i) {
      const CrisisLine& c = r.crisis_lines[i];
      ImGui::PushID(static_cast<int>(i));
      if (c.country != last_country) {
        vspace(6);
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::PushFont(f.small);
        std::string up = c.country;
        for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        ImGui::TextUnformatted(up.c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
        last_country = c.country;
      }
      begin_card(width);
      ImGui::PushFont(f.ui_bold);
      text_wrapped(c.name, width - 40);
      ImGui::PopFont();
      auto line = [&](const char* label, const std::string& v, bool selectable) {
        if (v.empty()) return;
        const float x0 = ImGui::GetCursorPosX();
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::TextUnformatted(label);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::SetCursorPosX(x0 + std::round(f.ui->FontSize * 4.5f));
        if (selectable) {
          // Selectable text so a number or address can be copied.
          ImGui::PushStyleColor(ImGuiCol_Text, p.link);
          ImGui::PushFont(f.ui_bold);
          ImGui::TextUnformatted(v.c_str());
          ImGui::PopFont();
          ImGui::PopStyleColor();
          if (ImGui::IsItemHovered() && ImGui::IsItemClicked()) ImGui::SetClipboardText(v.c_str());
          tooltip("Click to copy");
        } else {
          text_wrapped(v, width - f.ui->FontSize * 7);
        }
      };
      line("Call", c.phone, true);
      line("Text", c.text, true);
      line("Web", c.url, true);
      line("Hours", c.hours, false);
      end_card();
      ImGui::PopID();
      vspace(4);
    }
    vspace(10);
  }
  if (!rest.empty()) draw_markdown(rest, f, width, Prose::Reading);
  remember_widget("resources");
}

}  // namespace kindly::gui
