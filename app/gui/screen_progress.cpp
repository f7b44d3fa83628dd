// Progress: minutes per day as a calendar, formal and informal minutes per week, check-in
// scores over the weeks, completion per week (kindly::chart_data, drawn in widgets_charts.cpp);
// a form for practice done away from the computer and the open timer. No streaks.
// Also the check-in screen (checkin/ID): one check-in's results over the weeks.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "kindly/clock.h"
#include "ui.h"
#include "widgets.h"
#include "widgets_charts.h"

namespace kindly::gui {
namespace {

void manual_entry(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  section(f, "Practised away from the computer?");
  muted("Add it here. It counts just the same.", width, f.small);
  begin_card(width);
  const Practice* cur = m.course->practice(s.manual_practice);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Practice");
  ImGui::SameLine(f.ui->FontSize * 6);
  ImGui::SetNextItemWidth(std::min(width - f.ui->FontSize * 8, f.ui->FontSize * 20));
  if (begin_select("##manual-practice", cur ? cur->title.c_str() : "Choose a practice")) {
    for (const auto& [id, p] : m.course->practices) {
      if (select_item(p.title.c_str(), id == s.manual_practice)) s.manual_practice = id;
    }
    end_select();
  }
  remember_widget("##manual-practice");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Minutes");
  ImGui::SameLine(f.ui->FontSize * 6);
  ImGui::SetNextItemWidth(f.ui->FontSize * 8);
  stepper("##manual-minutes", &s.manual_minutes, 1, 5, kMinLogMinutes, kMaxLogMinutes);
  s.manual_minutes = std::clamp(s.manual_minutes, kMinLogMinutes, kMaxLogMinutes);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("When");
  ImGui::SameLine(f.ui->FontSize * 6);
  const char* whens[] = {"Today",      "Yesterday",  "2 days ago", "3 days ago",
                         "4 days ago", "5 days ago", "6 days ago"};
  ImGui::SetNextItemWidth(f.ui->FontSize * 10);
  select("##manual-when", &s.manual_days_ago, whens, 7);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Note");
  ImGui::SameLine(f.ui->FontSize * 6);
  ImGui::SetNextItemWidth(std::min(width - f.ui->FontSize * 8, f.ui->FontSize * 20));
  wrapped_editor(
      "##manual-note", &s.manual_note, &s.manual_note_editor,
      ImVec2(std::min(width - f.ui->FontSize * 8, f.ui->FontSize * 20), f.ui->FontSize * 2.4f));
  vspace(4);
  ImGui::BeginDisabled(!cur);
  const bool add = primary_button("Add practice");
  remember_widget("Add practice");
  ImGui::EndDisabled();
  if (add && cur && m.progress) {
    cmd::LogPractice l;
    l.practice = cur->id;
    l.minutes = s.manual_minutes;
    l.note = s.manual_note;
    if (s.manual_days_ago > 0) {
      // Evening of that day, so the entry falls inside it whatever the time now.
      const LocalDate d = add_days(local_date(m.progress->now), -s.manual_days_ago);
      l.at = local_midnight(d) + std::chrono::hours(12);
    }
    s.practice = PracticeFlow{};
    s.practice.key = "manual";
    out.push_back(ask(l, std::nullopt, Reply::Practice));
    s.manual_note.clear();
  }
  ImGui::SameLine();
  if (soft_button("Open timer")) {
    out.push_back(go_to(Route{.screen = Screen::Practice, .item = "open"}));
  }
  remember_widget("Open timer");
  end_card();
  // What the engine said about the entry just added.
  if (s.practice.key == "manual" && s.practice.result) {
    vspace(6);
    muted("Added " + std::to_string(s.practice.logged_minutes) + " minutes. Thank you.", width);
    if (s.practice.result->pacing && s.practice.result->pacing->difficult) {
      draw_difficult_panel(m, *s.practice.result, out);
    }
  }
}

}  // namespace

void draw_progress(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts || !m.progress) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const Progress& pr = *m.progress;
  title(f, "Your practice",
        "What you have given yourself so far. Every minute counts; gaps are part of it.", width);
  if (!m.charts) {
    muted("Gathering your practice...", width);
    return;
  }
  const ChartData& c = *m.charts;
  muted(count_of(c.heat.total_minutes, "minute", "minutes") + " on " +
            count_of(c.heat.days_practised, "day", "days") + " since you began \xC2\xB7 " +
            count_of(pr.stats.total_sessions, "session", "sessions"),
        width);
  remember_widget("totals/" + count_of(c.heat.total_minutes, "minute", "minutes") + " on " +
                  count_of(c.heat.days_practised, "day", "days"));
  if (pr.suggest_slower) {
    vspace(4);
    begin_card(width);
    text_wrapped(
        "Some practices have been hard this week. You might stay longer in this week and choose "
        "lighter practices for a while.",
        width - 40);
    const ImVec4 bg = palette().warm_soft;
    end_card(&bg);
  }

  section(f, "Minutes each day");
  draw_heat_map(c.heat, f, std::min(width, f.ui->FontSize * 26));
  section(f, "Formal and informal practice each week");
  draw_week_bars(c.minutes, f, width);
  section(f, "Check-ins over the weeks");
  if (!c.checkins.empty()) {
    muted(
        "Mean score per part of self-compassion (questions worded the other way round are "
        "turned over first), " +
            std::to_string(c.checkins.scale_min) + " to " + std::to_string(c.checkins.scale_max) +
            "; higher is kinder.",
        width, f.small);
  }
  draw_checkin_lines(c.checkins, f, width);
  section(f, "Each week's core practices");
  draw_completion(c.completion, f, width);
  manual_entry(m, s, out);
  vspace(16);
  measures_history(m);
  vspace(16);
  support_link(m, out);
}

void draw_checkin(const Model& m, ScreenState&, Actions& out) {
  if (!m.course || !m.fonts || !m.progress) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const Module* in = nullptr;
  const Item* it = m.course->item(m.route.item, &in);
  if (!it || !it->checkin) {
    title(f, "This check-in is not in the course", "", width);
    return;
  }
  const ItemProgress* ip = m.progress->item(it->id);
  muted(in ? (in->optional ? in->title : "Week " + std::to_string(in->number)) : "", width,
        f.small);
  title(f, it->title, "Your check-in scores over the weeks, and how you answered this one.", width);
  const Checkin& ck = *it->checkin;
  if (m.charts) draw_checkin_lines(m.charts->checkins, f, width);
  section(f, "This week's answers");
  begin_card(width);
  if (ip && !ip->answers.empty()) {
    ImGui::PushFont(f.ui_bold);
    ImGui::TextUnformatted(
        ("Answered" + (ip->answered_at ? " " + format_day(*ip->answered_at) : "")).c_str());
    ImGui::PopFont();
    for (std::size_t q = 0; q < ck.questions.size() && q < ip->answers.size(); ++q) {
      text_wrapped(ck.questions[q].text, width - 80);
      muted(std::to_string(ip->answers[q]) + " of " + std::to_string(ck.scale_max) +
                (ip->answers[q] == ck.scale_min   ? " (" + ck.min_label + ")"
                 : ip->answers[q] == ck.scale_max ? " (" + ck.max_label + ")"
                                                  : ""),
            width - 80, f.small);
    }
    vspace(4);
    for (const auto& [k, v] : ip->scores) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "%s: %.1f", k.empty() ? "score" : k.c_str(), v);
      muted(buf, width - 40);
    }
  } else {
    muted("Not answered yet. You can answer it on its week's page.", width - 40);
  }
  end_card();
  if (in && soft_button("Open the week to answer")) {
    out.push_back(go_to(Route{Screen::Week, in->id}));
  }
  vspace(16);
  support_link(m, out);
}

}  // namespace kindly::gui
