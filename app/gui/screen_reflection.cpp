// Reflection editor: the prompt, a multiline editor that autosaves within a second of a pause
// (App does the saving, also on every screen change and on close), a word count, and the
// earlier entries for the same prompt.
#include <algorithm>
#include <cmath>

#include "editor.h"
#include "keys.h"
#include "kindly/clock.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

int word_count(const std::string& text) {
  int n = 0;
  bool in_word = false;
  for (unsigned char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string draft_status(const Draft& d) {
  const int words = word_count(d.text);
  std::string status = std::to_string(words) + (words == 1 ? " word" : " words");
  if (!d.error.empty()) {
    status += " \xC2\xB7 not saved yet: " + d.error;
  } else if (d.dirty()) {
    status += " \xC2\xB7 saving\xE2\x80\xA6";
  } else if (d.entry != 0) {
    status += " \xC2\xB7 saved";
  } else {
    status += " \xC2\xB7 saved automatically as you write";
  }
  return status;
}

// Long because the screen is one column read top to bottom: the prompt, earlier entries,
// the editor and its save state, the other prompts; each block is a few lines.
void draw_reflection(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course) return;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const Module* in = nullptr;
  const Item* item = m.course->item(m.route.item, &in);
  if (!item || item->kind != ItemKind::Reflection) {
    title(f, "This reflection is not in the course", {}, width);
    return;
  }
  const int prompt =
      std::clamp(m.route.prompt, 0, std::max(0, static_cast<int>(item->prompts.size()) - 1));

  if (in &&
      link_button(
          in->optional
              ? ("\xE2\x86\x90 " + in->title).c_str()
              : ("\xE2\x86\x90 Week " + std::to_string(in->number) + ": " + in->title).c_str())) {
    out.push_back(go_to(Route{Screen::Week, in->id}));
  }
  vspace(4);
  muted("Reflection", width, f.small);
  title(f, item->title, {}, width);
  if (!item->prompts.empty()) {
    ImGui::PushFont(f.serif_italic);
    text_wrapped(item->prompts[static_cast<std::size_t>(prompt)], width);
    ImGui::PopFont();
  }
  if (item->prompts.size() > 1) {
    vspace(2);
    for (std::size_t i = 0; i < item->prompts.size(); ++i) {
      if (static_cast<int>(i) == prompt) continue;
      ImGui::PushID(static_cast<int>(i));
      const std::string label = "Prompt " + std::to_string(i + 1);
      if (link_button(label.c_str())) {
        out.push_back(go_to(
            Route{.screen = Screen::Reflection, .item = item->id, .prompt = static_cast<int>(i)}));
      }
      ImGui::SameLine();
      ImGui::PopID();
    }
    ImGui::NewLine();
  }
  vspace(8);

  Draft& d = s.draft;
  const bool editing_here = d.active && d.item == item->id && d.prompt == prompt;
  if (editing_here) {
    ImGui::PushFont(f.serif);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, p.card);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(std::round(f.ui->FontSize), std::round(f.ui->FontSize * 0.8f)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    const float h = std::max(f.serif->FontSize * 12.0f, ImGui::GetContentRegionAvail().y * 0.45f);
    if (keys::opening()) keys::focus_next_control();  // the screen opens ready to write
    if (wrapped_editor("##reflection", &d.text, &s.editor, ImVec2(width, h),
                       "Write whatever comes. No one else will read this.")) {
      d.last_edit = m.time;
    }
    remember_widget("##reflection");
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    ImGui::PopFont();

    muted(draft_status(d), width, f.small);
  } else {
    if (primary_button("Write a new entry")) {
      out.push_back(go_to(Route{.screen = Screen::Reflection, .item = item->id, .prompt = prompt}));
    }
  }

  // Earlier entries for this prompt.
  std::vector<const JournalEntry*> earlier;
  for (const auto& e : m.journal) {
    if (e.item == item->id && e.prompt == prompt && e.id != d.entry) earlier.push_back(&e);
  }
  if (!earlier.empty()) {
    section(f, "Earlier entries");
    for (const JournalEntry* e : earlier) {
      ImGui::PushID(static_cast<int>(e->id));
      begin_card(width);
      muted(format_day(e->created_at) +
                (e->revisions > 1 ? " \xC2\xB7 edited " + format_day(e->updated_at) : ""),
            width, f.small);
      ImGui::PushFont(f.serif);
      text_wrapped(e->text, width - 40);
      ImGui::PopFont();
      if (link_button("Continue this entry")) {
        out.push_back(ui::EditEntry{e->id});
      }
      end_card();
      vspace(6);
      ImGui::PopID();
    }
  }
}

}  // namespace kindly::gui
