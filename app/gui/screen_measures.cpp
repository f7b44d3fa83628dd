// Questionnaires (issue 16, parts 1-3): the course's measures (kindly/measures.h), optional and
// never a diagnosis. Today offers one when it is due ("Answer now" / "Not now"); this screen
// asks every question on one page with its scale as chips and says which are still to answer;
// the engine scores the answers (cmd::AnswerMeasure) and App words the outcome, showing the
// crisis lines at once when a safety rule fires. The progress screen lists the scores over
// time with the reliable-change words (measures_history()).
#include <algorithm>
#include <cstdio>

#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

std::string score_text(double v) {
  char buf[32];
  if (v == static_cast<double>(static_cast<long long>(v))) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

}  // namespace

void measures_due_cards(const Model& m, Actions& out) {
  if (!m.course || m.measures_due.empty()) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  // One quiet card for all that are due: the week stays the first thing on Today.
  vspace(8);
  begin_card(width);
  ImGui::PushFont(f.ui_bold);
  text_wrapped(m.measures_due.size() == 1 ? "A short questionnaire is ready. Optional."
                                          : "Short questionnaires are ready. Optional.",
               width - 40);
  ImGui::PopFont();
  muted("Not a diagnosis: they help you see how you are doing over the weeks.", width - 40,
        f.small);
  for (const DueMeasure& d : m.measures_due) {
    if (d.measure == nullptr) continue;
    ImGui::PushID(d.measure->id.c_str());
    vspace(4);
    text_wrapped(
        d.measure->title + " \xC2\xB7 " + std::to_string(d.measure->items.size()) + " questions",
        width - 40);
    if (soft_button("Answer now")) {
      out.push_back(go_to(Route{.screen = Screen::Measure, .item = d.measure->id}));
    }
    remember_widget("answer " + d.measure->id);
    ImGui::SameLine();
    if (link_button("Not now")) out.push_back(ask(cmd::SkipMeasure{d.measure->id}));
    remember_widget("skip " + d.measure->id);
    ImGui::PopID();
  }
  end_card();
}

void draw_measure(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const Measure* ms = nullptr;
  for (const Measure& x : m.course->measures) {
    if (x.id == m.route.item) ms = &x;
  }
  if (ms == nullptr) {
    title(f, "This questionnaire is not in the course", "It may have been renamed.", width);
    return;
  }
  title(f, ms->title, "Optional, and not a diagnosis.", width);
  if (!ms->intro.empty()) draw_markdown(ms->intro, f, width, Prose::Reading);
  auto& answers = s.measure_answers[ms->id];
  int missing = 0;
  for (std::size_t i = 0; i < ms->items.size(); ++i) {
    const MeasureItem& it = ms->items[i];
    ImGui::PushID(static_cast<int>(i));
    vspace(8);
    ImGui::PushFont(f.ui_bold);
    text_wrapped(std::to_string(i + 1) + ". " + it.text, width);
    ImGui::PopFont();
    auto found = answers.find(it.id);
    if (found == answers.end()) ++missing;
    for (std::size_t k = 0; k < ms->scale.size(); ++k) {
      const MeasureScaleValue& v = ms->scale[k];
      if (k > 0) ImGui::SameLine();
      const bool on = found != answers.end() && found->second == v.value;
      const std::string label = v.label + "##" + std::to_string(v.value);
      if (ImGui::GetContentRegionAvail().x <
          f.ui->CalcTextSizeA(f.ui->FontSize, FLT_MAX, 0, v.label.c_str()).x + f.ui->FontSize * 2) {
        ImGui::NewLine();
      }
      if (choice(label.c_str(), on)) answers[it.id] = v.value;
      remember_widget(it.id + "/" + std::to_string(v.value));
    }
    ImGui::PopID();
  }
  vspace(12);
  ImGui::BeginDisabled(missing > 0);
  const bool save = primary_button("Save answers");
  ImGui::EndDisabled();
  remember_widget("save measure");
  if (missing > 0) {
    ImGui::SameLine();
    muted(missing == static_cast<int>(ms->items.size())
              ? "Choose one answer for each question."
              : count_of(missing, "question is", "questions are") + " still to answer.",
          0, f.small);
  }
  if (save && missing == 0) out.push_back(ask(cmd::AnswerMeasure{ms->id, answers}));
  ImGui::SameLine();
  if (link_button("Not now")) {
    bool due = false;
    for (const DueMeasure& d : m.measures_due) due = due || d.measure == ms;
    if (due) out.push_back(ask(cmd::SkipMeasure{ms->id}));
    out.push_back(go_to(Route{Screen::Home}));
  }
  remember_widget("not now");
  if (!ms->licence.empty()) {
    vspace(10);
    muted(ms->licence, width, f.small);
  }
}

void measures_history(const Model& m) {
  if (!m.course || m.measure_records.empty()) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  section(f, "Questionnaires");
  muted(
      "Your answers over time. A change is called reliable only when it is larger than the "
      "questionnaire's usual ups and downs (the Jacobson-Truax reliable change index).",
      width, f.small);
  for (const Measure& ms : m.course->measures) {
    bool any = false;
    for (const MeasureRecord& r : m.measure_records) {
      if (r.measure != ms.id || r.skipped) continue;
      if (!any) {
        vspace(6);
        ImGui::PushFont(f.ui_bold);
        text_wrapped(ms.title, width);
        ImGui::PopFont();
        any = true;
      }
      std::string line = format_day(r.at) + ": " + score_text(r.score.total);
      if (!r.score.band.empty()) line += " (" + r.score.band + ")";
      if (r.previous_total && r.change != Change::NotJudged) {
        line += std::string(" \xE2\x80\x94 ") + change_words(r.change);
      }
      text_wrapped(line, width);
    }
  }
}

}  // namespace kindly::gui
