// Welcome (first run): what the course is and is not, how weeks open, a safety note, and a
// button to begin.
#include <string>

#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

void draw_welcome(const Model& m, ScreenState&, Actions& out) {
  if (!m.course) return;
  const Course& c = *m.course;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float w = m.content_width;

  muted("Welcome", w, f.small);
  title(f, c.title, {}, w);
  draw_markdown(c.description, f, w, Prose::Reading);
  if (primary_button("Begin the course##top"))
    out.push_back(ask(cmd::Begin{}, Route{Screen::Home}));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  muted("or read on first: what the course is and is not, and how the weeks open.", 0, f.small);
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

  vspace(10);
  begin_card(w);
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(c.resources.title.empty() ? "Looking after yourself"
                                                   : c.resources.title.c_str());
  ImGui::PopFont();
  vspace(2);
  if (!c.resources.text.empty()) {
    draw_markdown(c.resources.text, f, w - 40, Prose::Interface);
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
    muted(s, w - 40, f.small);
  }
  const ImVec4 bg = p.warm_soft;
  end_card(&bg);

  vspace(16);
  if (primary_button("Begin the course")) out.push_back(ask(cmd::Begin{}, Route{Screen::Home}));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  muted("Week 1 opens today.", 0, f.small);
}

}  // namespace kindly::gui
