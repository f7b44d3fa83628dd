// Today after the course (issue 16.7): a practice companion instead of an empty course.
// Today's practice from the keep-practising plan (the engine says which: kindly/practice_plan.h
// next_plan_reminder), one click into the player; before a plan exists, an invitation to make
// one and the practices logged most; then the letter of learning, week 1 beside the last week
// and the completion record. draw_home (screen_home.cpp) draws this in place of the week once
// the last week is complete; the follow-up questionnaires' cards and the practice days follow
// it there. Every word the card shows is in kText below.
#include <algorithm>
#include <cmath>

#include "kindly/clock.h"
#include "kindly/reminders.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

struct CompanionText {
  const char* done_kicker = "The course is complete";
  const char* today = "Today's practice";
  const char* planned_today = "In your plan for today at ";
  const char* planned_next = "Next in your plan: ";
  const char* at = " at ";
  const char* practise = "Practise now";
  const char* also = "Also in your plan:";
  const char* change_plan = "Change my plan";
  const char* make_title = "Keep practising";
  const char* make_text =
      "The eight weeks are done; the practice can go on. Choose the practices that helped, "
      "the days and a time, and Kindly will remind you.";
  const char* make_plan = "Make a keep-practising plan";
  const char* most = "The practices you came back to most";
  const char* never = "Any practice from the course is here whenever you want it.";
  const char* after = "After the course";
  const char* letter_new = "Write your letter of learning";
  const char* letter_again = "Read or add to your letter of learning";
  const char* compare = "Week 1 beside week 8";
  const char* record = "Save a completion record\xE2\x80\xA6";
};
const CompanionText kText;

std::string minutes_text(int minutes) {
  return count_of(minutes, "minute", "minutes");
}

void practise_row(const Model& m, const Practice& p, int logged, Actions& out) {
  ImGui::PushID(p.id.c_str());
  std::string line = p.title;
  if (logged > 0) line += " \xC2\xB7 " + minutes_text(logged);
  if (link_button(line.c_str())) {
    out.push_back(go_to(Route{.screen = Screen::Practice, .item = p.id}));
  }
  remember_widget("companion/practice/" + p.id);
  ImGui::PopID();
  (void)m;
}

void planned(const Model& m, const PlanReminder& due, float inner, Actions& out) {
  const Fonts& f = *m.fonts;
  const Course& c = *m.course;
  const Practice* p = c.practice(due.practice);
  if (!p) return;
  muted(kText.today, inner, f.small);
  ImGui::PushFont(f.h2);
  text_wrapped(p->title, inner);
  ImGui::PopFont();
  const PracticePlan& plan = m.practice_plan->plan;
  const std::string hm = format_hhmm(plan.hour, plan.minute);
  muted(local_date(due.at) == local_date(m.progress->now)
            ? kText.planned_today + hm + " \xC2\xB7 " + minutes_text(p->minutes)
            : kText.planned_next + format_day(due.at) + kText.at + hm,
        inner);
  vspace(4);
  if (primary_button(kText.practise)) {
    out.push_back(go_to(Route{.screen = Screen::Practice, .item = p->id}));
  }
  remember_widget("companion/practise");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (link_button(kText.change_plan)) out.push_back(go_to(Route{Screen::Plan}));
  // The plan's other practices, one click each.
  bool header = false;
  for (const std::string& id : m.practice_plan->plan.practices) {
    const Practice* other = c.practice(id);
    if (!other || id == due.practice) continue;
    if (!header) vspace(4), muted(kText.also, inner, f.small), header = true;
    practise_row(m, *other, 0, out);
  }
}

void invitation(const Model& m, float inner, Actions& out) {
  const Fonts& f = *m.fonts;
  ImGui::PushFont(f.h2);
  text_wrapped(kText.make_title, inner);
  ImGui::PopFont();
  text_wrapped(kText.make_text, inner);
  vspace(4);
  if (primary_button(kText.make_plan)) out.push_back(go_to(Route{Screen::Plan}));
  vspace(6);
  muted(m.practice_minutes.empty() ? kText.never : kText.most, inner, f.small);
  int shown = 0;
  for (const auto& [id, minutes] : m.practice_minutes) {
    const Practice* p = m.course->practice(id);
    if (!p || minutes <= 0) continue;
    if (shown++ >= 3) break;
    practise_row(m, *p, minutes, out);
  }
}

}  // namespace

void draw_companion(const Model& m, ScreenState&, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  const float inner = width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f);

  begin_card(width);
  muted(kText.done_kicker, inner, f.small);
  remember_widget("companion");
  const bool has_plan = m.practice_plan && !m.practice_plan->plan.empty();
  if (has_plan && m.plan_due) {
    planned(m, *m.plan_due, inner, out);
  } else {
    invitation(m, inner, out);
  }
  end_card();
  vspace(10);

  section(f, kText.after);
  if (link_button(m.has_letter ? kText.letter_again : kText.letter_new)) {
    out.push_back(go_to(Route{Screen::Letter}));
  }
  remember_widget("companion/letter");
  if (link_button(kText.compare)) out.push_back(go_to(Route{Screen::Compare}));
  remember_widget("companion/compare");
  if (link_button(kText.record)) out.push_back(go_to(Route{Screen::Compare}));
  remember_widget("companion/record");
  if (has_plan && !m.plan_due && link_button(kText.change_plan)) {
    out.push_back(go_to(Route{Screen::Plan}));
  }
}

}  // namespace kindly::gui
