// Export review: the progress report for a therapist or teacher, shown before it is saved.
// Markdown or HTML; reflections are left out unless ticked here (none by default); saved
// atomically to a path the user types. The report itself is made by the engine (report.h).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "kindly/clock.h"
#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

void draw_export(const Model& m, ScreenState& s, Commands& out) {
  if (!m.course || !m.fonts || !m.progress) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, "A report of your practice",
        "For a therapist or teacher, if you choose to share one. Look it over before saving.",
        width);

  section(f, "Format");
  if (ImGui::RadioButton("HTML (one file, charts included)", s.report_format == 1) &&
      s.report_format != 1) {
    s.report_format = 1;
    if (s.report_path.empty() || s.report_path == "~/kindly-report.md") {
      s.report_path = "~/kindly-report.html";
    }
    out.push_back(Command{.kind = Command::Kind::BuildReport});
  }
  remember_widget("HTML");
  ImGui::SameLine();
  if (ImGui::RadioButton("Markdown", s.report_format == 0) && s.report_format != 0) {
    s.report_format = 0;
    if (s.report_path.empty() || s.report_path == "~/kindly-report.html") {
      s.report_path = "~/kindly-report.md";
    }
    out.push_back(Command{.kind = Command::Kind::BuildReport});
  }
  remember_widget("Markdown");

  section(f, "Reflections to include");
  muted(
      "None are included unless you tick them. Practice notes and how you felt after a "
      "practice are never in a report.",
      width, f.small);
  if (m.journal.empty()) muted("You have not written any reflections yet.", width, f.small);
  for (const JournalEntry& e : m.journal) {
    ImGui::PushID(static_cast<int>(e.id));
    bool on = s.report_include[e.id];
    std::string first = e.text.substr(0, std::min<std::size_t>(e.text.find('\n'), 70));
    if (first.size() < e.text.size()) first += "\xE2\x80\xA6";
    const std::string label = format_day(e.created_at) + " \xC2\xB7 " + first;
    if (ImGui::Checkbox(label.c_str(), &on)) {
      s.report_include[e.id] = on;
      out.push_back(Command{.kind = Command::Kind::BuildReport});
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
  if (save) out.push_back(Command{.kind = Command::Kind::SaveReport, .text = s.report_path});

  section(f, "Preview");
  if (!m.report_error.empty()) {
    muted(sentence(m.report_error), width);
  } else if (!m.report_preview.empty()) {
    begin_card(width);
    draw_markdown(m.report_preview, f, width - 40, Prose::Interface);
    end_card();
  }
  vspace(16);
  support_link(m, out);
}

}  // namespace kindly::gui
