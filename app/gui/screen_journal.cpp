// Journal: every entry, newest first; filter by week; full-text search (with a clear button);
// edit in place (autosaved like the reflection editor); an entry's earlier versions, each one
// restorable; delete to the trash; restore from it.
// Contents: where and prompt lines · search snippets · versions · one entry's card · the screen.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cmath>

#include "kindly/clock.h"
#include "kindly/completion.h"
#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

std::string where(const Model& m, const JournalEntry& e) {
  std::string s = format_day(e.created_at);
  if (e.item == kLetterOfLearningItem) {
    s += " \xC2\xB7 After the course";
  } else if (const Module* mod = m.course ? m.course->module(e.module) : nullptr) {
    s +=
        mod->optional ? " \xC2\xB7 " + mod->title : " \xC2\xB7 Week " + std::to_string(mod->number);
  }
  if (e.revisions > 1) s += " \xC2\xB7 edited " + format_day(e.updated_at);
  return s;
}

std::string prompt_of(const Model& m, const JournalEntry& e) {
  if (e.item == kLetterOfLearningItem) return "A letter of learning";
  const Item* it = m.course ? m.course->item(e.item) : nullptr;
  if (!it) return {};
  if (e.prompt >= 0 && e.prompt < static_cast<int>(it->prompts.size())) {
    return it->prompts[static_cast<std::size_t>(e.prompt)];
  }
  return it->title;
}

// Search snippets mark matches with [ and ]: draw them in bold, wrapped like prose.
void snippet(const std::string& text, const Fonts& f, float width) {
  MdDoc doc;
  MdBlock b;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('[', i);
    if (open != i) b.spans.push_back(MdSpan{text.substr(i, open - i)});
    if (open == std::string::npos) break;
    const std::size_t close = text.find(']', open);
    MdSpan hit{
        text.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1)};
    hit.bold = true;
    b.spans.push_back(hit);
    if (close == std::string::npos) break;
    i = close + 1;
  }
  doc.blocks.push_back(b);
  draw_markdown(doc, f, width, Prose::Reading);
}

// Every version of `e`, newest first; each earlier one can be made the text again (a new
// version: nothing is removed), after a one-line confirmation.
void versions_panel(const Model& m, ScreenState& s, Actions& out, const JournalEntry& e,
                    float inner) {
  const Fonts& f = *m.fonts;
  vspace(4);
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted("Versions, newest first");
  ImGui::PopFont();
  if (m.versions.empty()) muted("The versions could not be read.", inner, f.small);
  for (auto it = m.versions.rbegin(); it != m.versions.rend(); ++it) {
    const JournalRevision& v = *it;
    const bool now = it == m.versions.rbegin();
    ImGui::PushID(v.rev);
    vspace(4);
    muted("Version " + std::to_string(v.rev) + " \xC2\xB7 saved " + format_day(v.saved_at) +
              (now ? " \xC2\xB7 the text now" : ""),
          inner, f.small);
    ImGui::PushFont(f.serif);
    text_wrapped(v.text, inner);
    ImGui::PopFont();
    const std::string n = std::to_string(v.rev);
    if (!now && v.text != e.text) {
      if (s.journal_confirm_version == v.rev) {
        text_wrapped("Make version " + n + " the text again? The text now stays as version " +
                         std::to_string(m.versions.back().rev) + ".",
                     inner);
        if (soft_button(("Restore version " + n).c_str())) {
          out.push_back(ask(cmd::RestoreVersion{e.id, v.rev}));
          s.journal_confirm_version = 0;
        }
        ImGui::SameLine();
        if (soft_button("Keep as it is")) s.journal_confirm_version = 0;
      } else if (link_button(("Restore version " + n + "\xE2\x80\xA6").c_str())) {
        s.journal_confirm_version = v.rev;
      }
    }
    ImGui::PopID();
  }
  vspace(4);
  if (link_button("Hide versions")) {
    s.journal_versions = 0;
    s.journal_confirm_version = 0;
    out.push_back(ui::RefreshJournal{});
  }
}

void entry_card(const Model& m, ScreenState& s, Actions& out, const JournalEntry& e,
                const std::string* hit) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const float inner = width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f);
  ImGui::PushID(static_cast<int>(e.id));
  begin_card(width);
  muted(where(m, e), inner, f.small);
  const std::string prompt = prompt_of(m, e);
  if (!prompt.empty()) {
    ImGui::PushFont(f.serif_italic);
    ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
    text_wrapped(prompt, inner);
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  vspace(2);
  Draft& d = s.draft;
  const bool editing = d.active && d.entry == e.id;
  if (editing) {
    ImGui::PushFont(f.serif);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    const float h = f.serif->FontSize * 9.0f;
    if (wrapped_editor("##edit", &d.text, &s.editor, ImVec2(inner, h))) d.last_edit = m.time;
    remember_widget("##edit");
    ImGui::PopStyleVar();
    ImGui::PopFont();
    muted(d.dirty() ? "saving\xE2\x80\xA6" : (d.error.empty() ? "saved" : "not saved: " + d.error),
          inner, f.small);
    if (soft_button("Done editing")) {
      out.push_back(ui::EditEntry{0});
    }
  } else if (hit) {
    snippet(*hit, f, inner);
  } else {
    ImGui::PushFont(f.serif);
    text_wrapped(e.text, inner);
    ImGui::PopFont();
  }
  if (!editing && !e.deleted_at && s.journal_versions == e.id) {
    versions_panel(m, s, out, e, inner);
  } else if (!editing) {
    vspace(2);
    if (e.deleted_at) {
      if (soft_button("Restore")) {
        out.push_back(ask(cmd::RestoreEntry{e.id}));
      }
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
      muted("In the trash since " + format_day(*e.deleted_at), 0, f.small);
    } else if (s.journal_confirm_delete == e.id) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("Move this entry to the trash?");
      ImGui::SameLine();
      if (soft_button("Move to trash")) {
        out.push_back(ask(cmd::TrashEntry{e.id}));
        s.journal_confirm_delete = 0;
      }
      ImGui::SameLine();
      if (soft_button("Keep it")) s.journal_confirm_delete = 0;
    } else {
      if (link_button("Edit")) out.push_back(ui::EditEntry{e.id});
      ImGui::SameLine();
      if (e.revisions > 1) {
        const std::string label = "Versions (" + std::to_string(e.revisions) + ")";
        if (link_button(label.c_str())) {
          s.journal_versions = e.id;
          s.journal_confirm_version = 0;
          out.push_back(ui::RefreshJournal{});
        }
        ImGui::SameLine();
      }
      if (link_button("Delete")) s.journal_confirm_delete = e.id;
    }
  }
  end_card();
  vspace(6);
  ImGui::PopID();
}

}  // namespace

void draw_journal(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, s.journal_trash ? "Trash" : "Journal",
        s.journal_trash ? "Entries here can be restored. Nothing leaves the trash unless you "
                          "empty it from the command line."
                        : "Everything you have written, newest first. Only you can read it.",
        width);

  // Filters: week, search, trash.
  std::string current = "All weeks";
  if (!s.journal_module.empty() && m.course) {
    if (const Module* mod = m.course->module(s.journal_module)) {
      current = mod->optional ? mod->title : "Week " + std::to_string(mod->number);
    }
  }
  ImGui::SetNextItemWidth(std::round(f.ui->FontSize * 9));
  if (begin_select("##week", current.c_str())) {
    if (select_item("All weeks", s.journal_module.empty())) {
      s.journal_module.clear();
      out.push_back(ui::RefreshJournal{});
    }
    if (m.course) {
      for (const Module& mod : m.course->modules) {
        const std::string label = mod.optional ? mod.title : "Week " + std::to_string(mod.number);
        if (select_item(label.c_str(), s.journal_module == mod.id)) {
          s.journal_module = mod.id;
          out.push_back(ui::RefreshJournal{});
        }
      }
    }
    end_select();
  }
  if (!s.journal_trash) {
    ImGui::SameLine();
    const float clear_w = s.journal_search.empty() ? 0.0f : f.ui->FontSize * 7;
    ImGui::SetNextItemWidth(
        std::max(100.0f, width - f.ui->FontSize * 9 - f.ui->FontSize * 8 - clear_w));
    if (ImGui::InputTextWithHint("##search", "Search your journal", &s.journal_search)) {
      out.push_back(ui::RefreshJournal{});
    }
    remember_widget("##search");
    if (!s.journal_search.empty()) {
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
      if (link_button("Clear search")) {
        s.journal_search.clear();
        out.push_back(ui::RefreshJournal{});
      }
    }
  }
  ImGui::SameLine();
  if (soft_button(s.journal_trash ? "Back to journal" : "Trash")) {
    s.journal_trash = !s.journal_trash;
    out.push_back(ui::RefreshJournal{});
  }
  vspace(10);

  if (!s.journal_search.empty() && !s.journal_trash) {
    if (m.search_hits.empty()) {
      muted("Nothing matches \"" + s.journal_search + "\".", width);
    }
    for (const SearchHit& h : m.search_hits) entry_card(m, s, out, h.entry, &h.snippet);
    return;
  }
  if (m.journal.empty()) {
    muted(s.journal_trash ? "The trash is empty."
                          : "Nothing here yet. Reflections you write in each week appear here.",
          width);
  }
  for (const JournalEntry& e : m.journal) entry_card(m, s, out, e, nullptr);
}

}  // namespace kindly::gui
