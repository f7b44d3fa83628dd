// Week 1 beside week 8 (issue 16.7): the course's own check-in and the questionnaires, first
// and last, as the engine compares them (kindly/compare.h; a questionnaire's change is called
// reliable only past the reliable-change threshold, measures.h), and "Save completion
// record..." (Markdown or HTML, made by the engine: kindly/completion.h). Every word the
// screen shows is in kText below.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui.h"
#include "widgets.h"
#include "widgets_charts.h"

namespace kindly::gui {

namespace {

struct CompareText {
  const char* kicker = "After the course";
  const char* title_fmt = "Week %d beside week %d";
  const char* subtitle =
      "What you answered at the start and at the end, side by side. Every answer is only a "
      "moment; none of this is a test or a diagnosis.";
  const char* not_done =
      "This opens once the last week is complete. Until then, Progress shows your check-ins "
      "week by week.";
  const char* checkin = "Your check-in";
  const char* question = "Question";
  const char* week_fmt = "Week %d";
  const char* subscale = "Part";
  const char* whole = "Everything else";
  const char* scale_fmt =
      "Answers from %d (%s) to %d (%s); the parts are averages, with "
      "reversed questions turned round.";
  const char* no_checkin = "The check-in was not answered in both weeks.";
  const char* questionnaires = "Questionnaires";
  const char* questionnaires_hint =
      "A change is called reliable only when it is larger than these questionnaires' usual "
      "ups and downs (the Jacobson-Truax reliable change index); otherwise it is within them.";
  const char* not_answered = "not answered";
  const char* no_measures = "No questionnaire was answered both at the start and after the course.";
  const char* change = "Change";
  const char* record = "A completion record";
  const char* record_hint =
      "The weeks and their dates, the minutes you practised, your plan and this comparison, to "
      "keep or to share. Journal words are never in it unless you add your letter.";
  const char* formats[2] = {"HTML (one file)", "Markdown"};
  const char* with_measures = "Include my questionnaire answers (off unless you turn it on)";
  const char* with_letter = "Include my letter of learning";
  const char* save = "Save completion record\xE2\x80\xA6";
  const char* default_html = "~/kindly-completion.html";
  const char* default_md = "~/kindly-completion.md";
};
const CompareText kText;

std::string fmt(const char* f, int a, int b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

std::string number(std::optional<double> v) {
  if (!v) return "\xE2\x80\x93";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::fabs(*v - std::round(*v)) < 0.005 ? "%.0f" : "%.1f", *v);
  return buf;
}

std::string answer(std::optional<int> v) {
  return v ? std::to_string(*v) : std::string("\xE2\x80\x93");
}

bool begin_table3(const char* id, float width, const char* a, const std::string& b,
                  const std::string& c) {
  if (!ImGui::BeginTable(
          id, 3,
          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
          ImVec2(width, 0))) {
    return false;
  }
  ImGui::TableSetupColumn(a, ImGuiTableColumnFlags_WidthStretch, 4.0f);
  ImGui::TableSetupColumn(b.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn(c.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  return true;
}

void row(const std::string& a, const std::string& b, const std::string& c) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextWrapped("%s", a.c_str());
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(b.c_str());
  ImGui::TableSetColumnIndex(2);
  ImGui::TextUnformatted(c.c_str());
}

void draw_checkin(const Model& m, const FirstLastComparison& c, float width) {
  const Fonts& f = *m.fonts;
  const CheckinComparison& k = c.checkin;
  section(f, kText.checkin);
  if (!k.first_at || !k.last_at) {
    muted(kText.no_checkin, width);
    if (!k.first_at && !k.last_at) return;
  }
  const std::string w1 = fmt(kText.week_fmt, c.first_week, 0);
  const std::string wn = fmt(kText.week_fmt, c.last_week, 0);
  if (begin_table3("##checkin", width, kText.question, w1, wn)) {
    for (const CheckinAnswerPair& a : k.answers) row(a.text, answer(a.first), answer(a.last));
    ImGui::EndTable();
  }
  remember_widget("compare/checkin");
  vspace(6);
  if (!k.scores.empty() && begin_table3("##checkin-parts", width, kText.subscale, w1, wn)) {
    for (const CheckinScorePair& sp : k.scores) {
      row(subscale_name(sp.subscale, kText.whole), number(sp.first), number(sp.last));
    }
    ImGui::EndTable();
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, kText.scale_fmt, k.scale_min, k.min_label.c_str(), k.scale_max,
                k.max_label.c_str());
  muted(buf, width, f.small);
}

std::string scored(const std::optional<MeasureRecord>& r) {
  if (!r) return kText.not_answered;
  std::string s = number(r->score.total);
  if (!r->score.band.empty()) s += " (" + r->score.band + ")";
  return s;
}

void draw_measures(const Model& m, const FirstLastComparison& c, float width) {
  const Fonts& f = *m.fonts;
  if (c.measures.empty()) return;
  section(f, kText.questionnaires);
  muted(kText.questionnaires_hint, width, f.small);
  vspace(2);
  bool any = false;
  for (const MeasureComparison& mc : c.measures) any = any || mc.first || mc.last;
  if (!any) {
    muted(kText.no_measures, width);
    return;
  }
  const std::string w1 = fmt(kText.week_fmt, c.first_week, 0);
  const std::string wn = fmt(kText.week_fmt, c.last_week, 0);
  if (ImGui::BeginTable(
          "##measures", 4,
          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
          ImVec2(width, 0))) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(w1.c_str(), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(wn.c_str(), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(kText.change, ImGuiTableColumnFlags_WidthStretch, 2.5f);
    ImGui::TableHeadersRow();
    for (const MeasureComparison& mc : c.measures) {
      if (!mc.measure) continue;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextWrapped("%s", mc.measure->title.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextWrapped("%s", scored(mc.first).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextWrapped("%s", scored(mc.last).c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextWrapped("%s", mc.first && mc.last ? change_words(mc.change) : "");
      remember_widget("compare/measure/" + mc.measure->id);
    }
    ImGui::EndTable();
  }
}

void record_controls(const Model& m, ScreenState& s, Actions& out, float width) {
  const Fonts& f = *m.fonts;
  section(f, kText.record);
  muted(kText.record_hint, width, f.small);
  vspace(4);
  int chosen = s.record_format == 1 ? 0 : 1;
  if (segmented("##record-format", &chosen, kText.formats, 2)) {
    const std::string from = s.record_format == 1 ? kText.default_html : kText.default_md;
    s.record_format = chosen == 0 ? 1 : 0;
    if (s.record_path.empty() || s.record_path == from) {
      s.record_path = s.record_format == 1 ? kText.default_html : kText.default_md;
    }
  }
  if (m.course && !m.course->measures.empty()) {
    toggle("##record-measures", &s.record_measures, kText.with_measures);
    remember_widget("record/measures");
  }
  if (m.has_letter) {
    toggle("##record-letter", &s.record_letter, kText.with_letter);
    remember_widget("record/letter");
  }
  if (s.record_path.empty()) {
    s.record_path = s.record_format == 1 ? kText.default_html : kText.default_md;
  }
  ImGui::SetNextItemWidth(std::max(100.0f, width - f.ui->FontSize * 13));
  ImGui::InputText("##record-path", &s.record_path);
  remember_widget("##record-path");
  ImGui::SameLine();
  ImGui::BeginDisabled(s.record_path.empty());
  const bool save = primary_button(kText.save);
  ImGui::EndDisabled();
  remember_widget("record/save");
  if (save) {
    out.push_back(ui::SaveCompletionRecord{s.record_path, s.record_format == 1, s.record_measures,
                                           s.record_letter && m.has_letter});
  }
}

}  // namespace

void draw_compare(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.progress || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  muted(kText.kicker, width, f.small);
  const int last = m.course->week_count();
  title(f, fmt(kText.title_fmt, 1, last), kText.subtitle, width);
  if (!m.comparison || !m.comparison->last_week_complete) {
    muted(kText.not_done, width);
    remember_widget("compare/not-done");
    return;
  }
  draw_checkin(m, *m.comparison, width);
  draw_measures(m, *m.comparison, width);
  record_controls(m, s, out, width);
}

}  // namespace kindly::gui
