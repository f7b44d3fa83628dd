// The letter of learning (issue 16.7): after the last week, a letter to yourself about the
// course, guided by a few short questions, written in the wrapped editor that keeps every
// character and saved by itself as one journal entry (item kLetterOfLearningItem, module
// kAfterModule, kindly/completion.h; App opens the draft and saves it as it does a reflection's).
// Every word the screen shows is in kText below.
#include <cmath>

#include "editor.h"
#include "keys.h"
#include "kindly/completion.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

struct LetterText {
  const char* kicker = "After the course";
  const char* title = "A letter of learning";
  const char* subtitle =
      "A letter to yourself about these weeks, to read again on a hard day. It is kept in "
      "your journal; no one else sees it.";
  const char* questions = "Some questions to start from: use any of them, or none.";
  const char* prompts[5] = {
      "What have you learned about yourself in these weeks?",
      "Which practices helped, and when did they help most?",
      "What was hard, and how did you meet it?",
      "What would you like to remember when things are difficult?",
      "What do you wish for yourself in the months ahead?",
  };
  const char* placeholder = "Dear me,";
  const char* done = "Done for now";
  const char* not_yet_title = "Not yet";
  const char* not_yet =
      "The letter of learning opens once the last week of the course is complete. Until "
      "then, each week's reflections are in your journal.";
  const char* back = "Back to Today";
};
const LetterText kText;

}  // namespace

bool course_finished(const Course& c, const Progress& p) {
  return course_completed_at(c, p).has_value();  // kindly/practice_plan.h
}

void draw_letter(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.progress || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;

  muted(kText.kicker, width, f.small);
  if (!course_finished(*m.course, *m.progress)) {
    title(f, kText.title, {}, width);
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    text_wrapped(kText.not_yet_title, width - 40);
    ImGui::PopFont();
    text_wrapped(kText.not_yet, width - 40);
    remember_widget("letter/not-yet");
    end_card();
    vspace(8);
    if (link_button(kText.back)) out.push_back(go_to(Route{Screen::Home}));
    return;
  }
  title(f, kText.title, kText.subtitle, width);
  muted(kText.questions, width);
  vspace(2);
  ImGui::PushFont(f.serif_italic);
  for (const char* q : kText.prompts) text_wrapped(q, width);
  ImGui::PopFont();
  vspace(10);

  Draft& d = s.draft;
  if (d.active && d.item == kLetterOfLearningItem) {
    ImGui::PushFont(f.serif);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, p.card);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(std::round(f.ui->FontSize), std::round(f.ui->FontSize * 0.8f)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    const float h = std::max(f.serif->FontSize * 14.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    if (keys::opening()) keys::focus_next_control();  // the screen opens ready to write
    if (wrapped_editor("##letter", &d.text, &s.editor, ImVec2(width, h), kText.placeholder)) {
      d.last_edit = m.time;
    }
    remember_widget("##letter");
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    muted(draft_status(d), width, f.small);
  }
  vspace(8);
  if (soft_button(kText.done)) out.push_back(go_to(Route{Screen::Home}));
}

}  // namespace kindly::gui
