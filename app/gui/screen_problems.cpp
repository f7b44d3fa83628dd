// Course problems: when the course folder has errors (or the data folder cannot be used), the
// app still opens and lists what is wrong — file:line:col, code, message, the line itself —
// instead of crashing.
#include <cmath>

#include "kindly/loader.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

// Long because it lays out every kind of problem the app can start with (course errors,
// the data folder, the clock) top to bottom, one block each, the way the user reads them.
void draw_problems(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const float inner = width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f);

  if (!m.data_problem.empty()) {
    title(f, "Your data folder cannot be used",
          "Kindly has not changed anything in it. Nothing you wrote is lost.", width);
    begin_card(width);
    text_wrapped(m.data_problem, inner);
    if (!m.data_problem_path.empty()) muted(m.data_problem_path, inner, f.small);
    end_card();
    vspace(8);
    muted(
        "If the database comes from a newer Kindly, update Kindly. If you have a backup, you can "
        "put it back here; 'kindly status' in a terminal shows more.",
        width);
    vspace(6);
    restore_controls(m, s, out);
    return;
  }

  const LoadResult& lr = *m.load;
  const std::size_t errors = lr.error_count(), warnings = lr.warning_count();
  if (errors == 0) {
    title(f, "Course check", "", width);
    text_wrapped(warnings == 0 ? "The course has no problems."
                               : "The course works; a few things could be tidier.",
                 width);
  } else {
    title(f, "This course has problems",
          "Kindly could not load the course, so the weeks cannot open yet. Your progress and "
          "journal are safe.",
          width);
  }
  muted("Course folder: " + m.course_dir, width, f.small);
  std::string counts = std::to_string(errors) + (errors == 1 ? " error" : " errors") + ", " +
                       std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
  muted(counts, width, f.small);
  vspace(10);

  int i = 0;
  for (const Diagnostic& d : lr.diagnostics) {
    if (i++ >= 200) {
      muted(
          "\xE2\x80\xA6"
          "and more. 'kindly validate' lists every one.",
          width);
      break;
    }
    ImGui::PushID(i);
    begin_card(width);
    const bool err = d.severity == Severity::Error;
    pill(err ? "error" : "warning", err ? p.warm_soft : p.accent_soft, err ? p.error : p.text,
         f.small);
    ImGui::SameLine();
    std::string loc = d.file.empty() ? "(course)" : d.file;
    if (d.line > 0) loc += ":" + std::to_string(d.line);
    if (d.col > 0) loc += ":" + std::to_string(d.col);
    ImGui::PushFont(f.ui_bold);
    ImGui::TextUnformatted(loc.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    muted(code_id(d.code), 0, f.small);
    text_wrapped(d.message, inner);
    if (!d.hint.empty()) muted(d.hint, inner);
    if (d.line > 0 && m.course_dir.size() > 0) {
      std::string src;
      try {
        src = source_line(m.course_dir, d.file, d.line);
      } catch (...) {
      }
      if (!src.empty()) {
        ImGui::PushFont(f.small);
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        text_wrapped(src, inner);
        ImGui::PopStyleColor();
        ImGui::PopFont();
      }
    }
    end_card();
    vspace(6);
    ImGui::PopID();
  }
  vspace(6);
  muted("Fix the files, then open Kindly again. 'kindly validate " + m.course_dir +
            "' shows the same list in a terminal.",
        width);
}

}  // namespace kindly::gui
