// Export review: the progress report for a therapist or teacher, shown before it is saved.
// Markdown or HTML; reflections are left out unless ticked here (none by default); saved
// atomically to a path the user types. The report itself is made by the engine (report.h).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

// One Markdown table row "| a | b |" -> cells, with backslash escapes undone.
std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  bool started = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
    } else if (c == '|') {
      if (started) {
        const auto b = cur.find_first_not_of(' ');
        const auto e = cur.find_last_not_of(' ');
        cells.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      }
      started = true;
      cur.clear();
    } else {
      cur += c;
    }
  }
  return cells;
}

// The report preview: Markdown, with its tables (which the Markdown view does not draw) as
// ImGui tables.
void draw_preview(const std::string& md, const Fonts& f, float width) {
  std::string text;
  std::vector<std::string> table;
  int n = 0;
  auto flush_text = [&] {
    if (text.find_first_not_of(" \n") != std::string::npos) {
      draw_markdown(text, f, width, Prose::Interface);
    }
    text.clear();
  };
  auto flush_table = [&] {
    if (table.empty()) return;
    const auto head = table_cells(table[0]);
    const int cols = static_cast<int>(head.size());
    if (cols > 0 && ImGui::BeginTable(("##table" + std::to_string(n++)).c_str(), cols,
                                      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                          ImGuiTableFlags_SizingStretchProp,
                                      ImVec2(width, 0))) {
      for (const auto& h : head) ImGui::TableSetupColumn(h.c_str());
      ImGui::TableHeadersRow();
      for (std::size_t r = 2; r < table.size(); ++r) {
        const auto cells = table_cells(table[r]);
        ImGui::TableNextRow();
        for (int c = 0; c < cols && c < static_cast<int>(cells.size()); ++c) {
          ImGui::TableSetColumnIndex(c);
          ImGui::TextWrapped("%s", cells[static_cast<std::size_t>(c)].c_str());
        }
      }
      ImGui::EndTable();
    }
    table.clear();
    vspace(6);
  };
  std::size_t pos = 0;
  while (pos <= md.size()) {
    const auto nl = md.find('\n', pos);
    const std::string line = md.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line[0] == '|') {
      flush_text();
      table.push_back(line);
    } else {
      flush_table();
      text += line + "\n";
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  flush_table();
  flush_text();
}

}  // namespace

void draw_export(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts || !m.progress) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, "A report of your practice",
        "For a therapist or teacher, if you choose to share one. Look it over before saving.",
        width);

  section(f, "Format");
  {
    const char* formats[] = {"HTML (one file, charts included)", "Markdown"};
    int chosen = s.report_format == 1 ? 0 : 1;
    if (segmented("##format", &chosen, formats, 2)) {
      s.report_format = chosen == 0 ? 1 : 0;
      const char* from = s.report_format == 1 ? "~/kindly-report.md" : "~/kindly-report.html";
      if (s.report_path.empty() || s.report_path == from) {
        s.report_path = s.report_format == 1 ? "~/kindly-report.html" : "~/kindly-report.md";
      }
      out.push_back(ui::BuildReport{});
    }
    if (auto r = widget_rect(formats[0])) remember_widget_rect("HTML", *r);
    if (auto r = widget_rect(formats[1])) remember_widget_rect("Markdown", *r);
  }

  if (m.course && !m.course->measures.empty()) {
    section(f, "Questionnaires");
    bool on = s.report_measures;
    if (toggle("##include-measures", &on,
               "Include my questionnaire answers and how they changed (off unless you turn it "
               "on)")) {
      s.report_measures = on;
      out.push_back(ui::BuildReport{});
    }
    remember_widget("include measures");
  }

  section(f, "Reflections to include");
  muted(
      "None are included unless you turn them on. Practice notes and how you felt after a "
      "practice are never in a report.",
      width, f.small);
  if (m.journal.empty()) muted("You have not written any reflections yet.", width, f.small);
  for (const JournalEntry& e : m.journal) {
    ImGui::PushID(static_cast<int>(e.id));
    bool on = s.report_include[e.id];
    // The entry's own words, as written ("##" or "%" in them are text, not ImGui syntax).
    const std::string label = format_day(e.created_at) + " \xC2\xB7 " + first_line(e.text, 70);
    if (toggle("##include", &on, label)) {
      s.report_include[e.id] = on;
      out.push_back(ui::BuildReport{});
    }
    remember_widget("include/" + std::to_string(e.id));
    ImGui::PopID();
  }

  section(f, "Save");
  if (s.report_path.empty()) {
    s.report_path = s.report_format == 1 ? "~/kindly-report.html" : "~/kindly-report.md";
  }
  ImGui::SetNextItemWidth(std::max(100.0f, width - f.ui->FontSize * 9));
  ImGui::InputText("##report-path", &s.report_path);
  remember_widget("##report-path");
  ImGui::SameLine();
  ImGui::BeginDisabled(m.report.empty() || s.report_path.empty());
  const bool save = primary_button("Save report");
  remember_widget("Save report");
  ImGui::EndDisabled();
  if (save) out.push_back(ui::SaveReport{s.report_path});

  section(f, "Preview");
  if (!m.report_error.empty()) {
    muted(sentence(m.report_error), width);
  } else if (!m.report_preview.empty()) {
    begin_card(width);
    draw_preview(m.report_preview, f,
                 width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f) - 2);
    end_card();
  }
  vspace(16);
  support_link(m, out);
}

}  // namespace kindly::gui
