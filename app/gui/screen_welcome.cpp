// Welcome (first run): what the course is, a button to begin, the safety note with its crisis
// lines (early, at reading size), then what the course is and is not and how weeks open.
#include <string>

#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

// Markdown up to its second heading (a line starting "#" after the first block).
std::string first_section(const std::string& md) {
  for (std::size_t at = md.find('\n'); at != std::string::npos; at = md.find('\n', at + 1)) {
    if (at + 1 < md.size() && md[at + 1] == '#') return md.substr(0, at);
  }
  return md;
}

// "Begin the course" with a note beside it, or under it when the column is too narrow; the
// note wraps inside the column.
void begin_button(const Fonts& f, float w, const char* label, const char* note, Actions& out) {
  const float x0 = ImGui::GetCursorPosX();
  // Begin leads to "Is now a good time?" (screen_goodtime.cpp), where it is one click.
  if (primary_button(label)) out.push_back(go_to(Route{Screen::GoodTime}));
  const float room = x0 + w -
                     (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() +
                      ImGui::GetStyle().ItemSpacing.x);
  if (room >= f.small->FontSize * 12) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    muted(note, room, f.small);
  } else {
    muted(note, w, f.small);
  }
}

}  // namespace

void draw_welcome(const Model& m, ScreenState&, Actions& out) {
  if (!m.course) return;
  const Course& c = *m.course;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float w = m.content_width;

  muted("Welcome", w, f.small);
  title(f, c.title, {}, w);
  draw_markdown(c.description, f, w, Prose::Reading);
  begin_button(f, w, "Begin the course##top",
               "or read on first: what the course is and is not, and how the weeks open.", out);
  vspace(10);
  // Help comes early and reads like the rest: who to call is not small print.
  begin_card(w);
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(c.resources.title.empty() ? "Looking after yourself"
                                                   : c.resources.title.c_str());
  ImGui::PopFont();
  vspace(2);
  if (!c.resources.text.empty()) {
    // Its first section ("If you are in danger"); the rest is on the resources screen.
    draw_markdown(first_section(c.resources.text), f, w - 40, Prose::Interface);
  } else {
    text_wrapped(
        "This course is not therapy. If you are in crisis, please contact a local "
        "emergency number or a crisis line.",
        w - 40);
  }
  int shown = 0;
  for (const auto& line : c.resources.crisis_lines) {
    if (shown++ >= 4) break;
    std::string s = line.country + ": " + line.name;
    if (!line.phone.empty()) s += " \xC2\xB7 " + line.phone;
    if (!line.hours.empty()) s += " (" + line.hours + ")";
    text_wrapped(s, w - 40);
    remember_widget("crisis/" + std::to_string(shown - 1));
  }
  if (link_button("More help and every line")) out.push_back(go_to(Route{Screen::Resources}));
  const ImVec4 bg = p.warm_soft;
  end_card(&bg);
  vspace(10);

  if (!c.welcome.empty()) {
    vspace(4);
    draw_markdown(c.welcome, f, w, Prose::Reading);
  }

  section(f, "How the weeks open");
  std::string how;
  const int weeks = c.week_count();
  how = "The course has " + std::to_string(weeks) + " weeks";
  bool retreat = false;
  for (const auto& mod : c.modules) retreat = retreat || mod.optional;
  if (retreat) how += " and an optional retreat";
  how += ". ";
  if (c.gating.min_days > 0) {
    how += "Each week stays with you for at least " + std::to_string(c.gating.min_days) +
           " days before the next one opens";
    how += c.gating.require_items ? ", once its core practices are done. " : ". ";
  } else if (c.gating.require_items) {
    how += "The next week opens once the core practices of this one are done. ";
  }
  if (c.gating.require_items && c.gating.allow_move_on) {
    how += "If a week's practices do not fit your life, you can choose to move on anyway. ";
  }
  how +=
      "Earlier weeks always stay open to revisit. Missed days are fine: there are no streaks "
      "to keep.";
  text_wrapped(how, w);

  vspace(16);
  begin_button(f, w, "Begin the course", "Week 1 opens today.", out);
}

}  // namespace kindly::gui
