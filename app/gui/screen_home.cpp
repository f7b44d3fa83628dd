// Home / Today: the current week, what is next today, this week's home practice, and "you
// practised on 4 of the last 7 days" — never a streak and never shame.
#include <algorithm>
#include <cmath>

#include "kindly/clock.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

const char* verb(ItemKind k) {
  switch (k) {
    case ItemKind::Reading:
      return "Read";
    case ItemKind::Meditation:
    case ItemKind::Informal:
      return "Practise";
    case ItemKind::Reflection:
      return "Write";
    case ItemKind::Homework:
      return "Home practice";
    case ItemKind::Checkin:
      return "Check in";
  }
  return "";
}

std::string greeting(TimePoint now) {
  const auto t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  if (tm.tm_hour < 5) return "Hello";
  if (tm.tm_hour < 12) return "Good morning";
  if (tm.tm_hour < 18) return "Good afternoon";
  return "Good evening";
}

void week_dots(const Stats& st, const Fonts& f) {
  const Palette& p = palette();
  const float d = std::round(f.ui->FontSize * 1.5f);
  const float gap = std::round(d * 0.45f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  static const char* kDays[] = {"S", "M", "T", "W", "T", "F", "S"};
  for (std::size_t i = 0; i < st.last_7_days.size(); ++i) {
    const DayMinutes& dm = st.last_7_days[i];
    const ImVec2 c(start.x + static_cast<float>(i) * (d + gap) + d * 0.5f, start.y + d * 0.5f);
    if (dm.minutes > 0 || dm.sessions > 0) {
      dl->AddCircleFilled(c, d * 0.5f, u32(p.done), 32);
    } else {
      dl->AddCircle(c, d * 0.5f - 1, u32(p.card_border, 1.0f), 32, 1.5f);
    }
    const char* label = kDays[weekday(dm.day)];
    const ImVec2 ls = f.small->CalcTextSizeA(f.small->FontSize, FLT_MAX, 0, label);
    dl->AddText(f.small, f.small->FontSize, ImVec2(c.x - ls.x * 0.5f, start.y + d + 4),
                u32(p.muted), label);
  }
  ImGui::Dummy(ImVec2(7 * (d + gap), d + 6 + f.small->FontSize));
}

// "You practised on 4 of the last 7 days" with the week's dots and the minutes in all (no
// streaks).
void practice_days(const Model& m, float width) {
  const Fonts& f = *m.fonts;
  const Progress& pr = *m.progress;
  section(f, "Your practice");
  const Stats& st = pr.stats;
  std::string days =
      st.days_practised_last_7 == 0
          ? "No practice logged in the last 7 days. Whenever you are ready, even a "
            "few minutes count."
          : "You practised on " + std::to_string(st.days_practised_last_7) + " of the last 7 days.";
  text_wrapped(days, width);
  vspace(4);
  if (!st.last_7_days.empty()) week_dots(st, f);
  if (st.total_minutes > 0) {
    muted(std::to_string(st.total_minutes) + " minutes in all, on " +
              std::to_string(st.total_days) + (st.total_days == 1 ? " day." : " days."),
          width, f.small);
  }
}

}  // namespace

// Long because Today is one column of cards read top to bottom (where you are, the next
// steps, your week in practice, what comes next); each card is a short block.
void draw_home(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.progress) return;
  const Course& c = *m.course;
  const Progress& pr = *m.progress;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const float inner = width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f);

  muted(format_day(pr.now), width, f.small);
  title(f, greeting(pr.now), "Take what helps, leave what does not.", width);
  draw_resume_offer(m, s, out);  // an interrupted practice first (screen_practice.cpp)
  if (pr.paused) {
    // The course rests (cmd::Pause): say so first, with the way back.
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    text_wrapped("The course is resting", inner);
    ImGui::PopFont();
    text_wrapped("Since " + format_day(*pr.paused_at) +
                     ". Reminders are off, and no week's wait runs out while it rests. You can "
                     "still practise and write whenever you like.",
                 inner);
    if (primary_button("Resume the course")) out.push_back(ask(cmd::Resume{}));
    remember_widget("resume course");
    end_card();
    vspace(10);
  }

  if (course_finished(c, pr)) {
    // After the course: a practice companion, the follow-ups when due, the practice days.
    draw_companion(m, s, out);
    measures_due_cards(m, out);
    practice_days(m, width);
    return;
  }

  const WeekProgress* w = pr.week(pr.current_week);
  if (w) {
    // Current week.
    begin_card(width);
    muted("This week \xC2\xB7 week " + std::to_string(w->number) + " of " +
              std::to_string(c.week_count()),
          inner, f.small);
    ImGui::PushFont(f.h2);
    text_wrapped(w->title, inner);
    ImGui::PopFont();
    if (!w->theme.empty()) muted(w->theme, inner);
    vspace(4);
    if (w->required_total > 0) {
      progress_bar(static_cast<float>(w->required_done) / static_cast<float>(w->required_total),
                   inner, std::round(f.ui->FontSize * 0.35f), p.done);
      muted(std::to_string(w->required_done) + " of " + std::to_string(w->required_total) +
                " core practices done",
            inner, f.small);
    }
    vspace(4);
    if (w->state == WeekState::Available) {
      // One step from Begin to the first practice: start the week here and open it.
      const std::string label =
          (w->optional ? "Start " + w->title : "Start week " + std::to_string(w->number));
      if (primary_button(label.c_str())) {
        out.push_back(ask(cmd::Start{w->id}, Route{Screen::Week, w->id}));
      }
      ImGui::SameLine();
      if (link_button("Look at it first")) out.push_back(go_to(Route{Screen::Week, w->id}));
    } else {
      const std::string label = "Continue week " + std::to_string(w->number);
      if (primary_button(label.c_str())) out.push_back(go_to(Route{Screen::Week, w->id}));
    }
    end_card();
    vspace(10);

    // Next today: what is not done yet, core first.
    section(f, "Next today");
    std::vector<const ItemProgress*> next;
    for (const auto& ip : w->items) {
      if (!ip.done && ip.required) next.push_back(&ip);
    }
    for (const auto& ip : w->items) {
      if (!ip.done && !ip.required) next.push_back(&ip);
    }
    if (next.empty()) {
      muted(
          "Everything this week asks is done. You can revisit anything you liked, or simply "
          "rest.",
          width);
    }
    int shown = 0;
    for (const ItemProgress* ip : next) {
      if (shown++ >= 4) break;
      ImGui::PushID(ip->id.c_str());
      mark(ip->have > 0 ? Mark::Partial : Mark::Open, f.ui->FontSize * 1.1f);
      ImGui::SameLine();
      const std::string line = std::string(verb(ip->kind)) + ": " + ip->title;
      // The row opens where the item is done: the editor for a reflection, else the week.
      const ImVec2 ts = ImGui::CalcTextSize(line.c_str());
      if (ImGui::Selectable(line.c_str(), false, 0, ImVec2(ts.x, 0))) {
        if (ip->kind == ItemKind::Reflection) {
          out.push_back(go_to(Route{.screen = Screen::Reflection, .item = ip->id}));
        } else {
          out.push_back(go_to(Route{Screen::Week, w->id, ip->id}));  // opens at the item
        }
      }
      remember_widget("next/" + ip->id);
      if (ip->required) {
        ImGui::SameLine();
        pill("Core", p.accent_soft, p.text, f.small);
      }
      ImGui::PopID();
    }
    if (shown > 0) vspace(4);

    // Home practice.
    bool any_hw = false;
    for (const auto& ip : w->items) any_hw = any_hw || ip.kind == ItemKind::Homework;
    if (any_hw) {
      section(f, "Home practice this week");
      for (const auto& ip : w->items) {
        if (ip.kind != ItemKind::Homework) continue;
        ImGui::PushID(ip.id.c_str());
        text_wrapped(ip.title, width);
        progress_bar(ip.need > 0 ? static_cast<float>(ip.have) / static_cast<float>(ip.need) : 0,
                     std::min(width, 420.0f * f.ui->FontSize / kDefaultFontPx),
                     std::round(f.ui->FontSize * 0.35f), p.done);
        muted(ip.need > 1 ? std::to_string(ip.have) + " of " + std::to_string(ip.need) + " days"
                          : (ip.done ? "Done" : "Not yet"),
              width, f.small);
        vspace(4);
        ImGui::PopID();
      }
    }
  }

  measures_due_cards(m, out);  // an optional questionnaire, when one is due (after the week)

  practice_days(m, width);
  if (pr.suggest_slower) {
    vspace(6);
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    ImGui::TextUnformatted("Going gently");
    ImGui::PopFont();
    muted(
        "A few practices this week stirred up a lot. It is wise to stay longer with this week "
        "and choose lighter practices; there is no hurry.",
        inner);
    const ImVec4 bg = p.warm_soft;
    end_card(&bg);
  }

  // What comes next.
  if (pr.next_week) {
    if (const WeekProgress* nw = pr.week(*pr.next_week); nw && nw->state == WeekState::Locked) {
      vspace(8);
      std::string line = "Week " + std::to_string(nw->number) + ", " + nw->title;
      line += nw->unlocks_at ? ", opens " + format_day(*nw->unlocks_at) + "." : ", opens later.";
      muted(line, width);
      if (!nw->locked_reason.empty()) muted(sentence(nw->locked_reason), width, f.small);
    } else if (nw && nw->state == WeekState::Available) {
      vspace(8);
      const std::string label = "Week " + std::to_string(nw->number) + " is open";
      if (primary_button(label.c_str())) {
        out.push_back(go_to(Route{Screen::Week, nw->id}));
      }
    }
  }
}

}  // namespace kindly::gui
