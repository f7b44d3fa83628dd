// Keep practising (issue 16.7): the plan for after the course. The practices that helped
// (every practice of the course, with the minutes the user logged for each), the days and a
// time of day; saved whole through cmd::SavePracticePlan (kindly/practice_plan.h), which
// checks it. After the last week the reminder follows it (app_effects.cpp). Every word the
// screen shows is in kText below.
#include <algorithm>
#include <cstdio>

#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

struct PlanText {
  const char* kicker = "After the course";
  const char* title = "Keep practising";
  const char* subtitle =
      "A small plan helps the practice last: the practices that helped you, on the days that "
      "suit you. Kindly reminds you then, once the course is complete.";
  const char* practices = "The practices that helped";
  const char* practices_hint = "Choose one or more. Minutes are what you logged in the course.";
  const char* not_logged = "not practised yet";
  const char* days = "On these days";
  const char* time = "At";
  const char* time_hint = "Your local time, 24-hour clock.";
  const char* save = "Save the plan";
  const char* clear = "Clear the plan";
  const char* cancel = "Back to Today";
  const char* saved_on = "Saved ";
  const char* no_plan = "No plan saved yet.";
  const char* weekday[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};  // Monday first
};
const PlanText kText;

int minutes_for(const Model& m, const std::string& practice) {
  for (const auto& [id, minutes] : m.practice_minutes) {
    if (id == practice) return minutes;
  }
  return 0;
}

// The course's practices, the most practised first (then by title).
std::vector<const Practice*> practices_by_use(const Model& m) {
  std::vector<const Practice*> all;
  for (const auto& [id, p] : m.course->practices) all.push_back(&p);
  std::stable_sort(all.begin(), all.end(), [&](const Practice* a, const Practice* b) {
    const int ma = minutes_for(m, a->id), mb = minutes_for(m, b->id);
    return ma != mb ? ma > mb : a->title < b->title;
  });
  return all;
}

void practice_choices(const Model& m, PracticePlan& plan, float width) {
  const Fonts& f = *m.fonts;
  section(f, kText.practices);
  muted(kText.practices_hint, width, f.small);
  vspace(2);
  for (const Practice* p : practices_by_use(m)) {
    auto at = std::find(plan.practices.begin(), plan.practices.end(), p->id);
    bool on = at != plan.practices.end();
    const int minutes = minutes_for(m, p->id);
    const std::string text =
        p->title + " \xC2\xB7 " +
        (minutes > 0 ? count_of(minutes, "minute", "minutes") : std::string(kText.not_logged));
    if (toggle(("plan/" + p->id).c_str(), &on, text)) {
      if (on) {
        plan.practices.push_back(p->id);
      } else {
        plan.practices.erase(at);
      }
    }
  }
}

void day_and_time(const Model& m, PracticePlan& plan) {
  const Fonts& f = *m.fonts;
  section(f, kText.days);
  for (int i = 0; i < 7; ++i) {
    const std::size_t d = static_cast<std::size_t>((i + 1) % 7);  // the plan is Sunday first
    if (i > 0) ImGui::SameLine();
    bool v = plan.weekdays[d];
    ImGui::PushID(i);
    if (chip(kText.weekday[i], &v)) plan.weekdays[d] = v;
    ImGui::PopID();
  }
  section(f, kText.time);
  stepper("plan-hour", &plan.hour, 1, 3, 0, 23);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(":");
  ImGui::SameLine();
  stepper("plan-minute", &plan.minute, 5, 15, 0, 59);
  muted(kText.time_hint, 0, f.small);
}

}  // namespace

void load_plan_form(PracticePlanForm& form, const std::optional<SavedPracticePlan>& saved) {
  form = PracticePlanForm{};
  form.loaded = true;
  if (saved) {
    form.base = saved->seq;
    if (!saved->plan.empty()) form.plan = saved->plan;
    form.saved_at = saved->saved_at;
  }
}

void draw_plan(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  PracticePlanForm& form = s.plan_form;
  muted(kText.kicker, width, f.small);
  title(f, kText.title, kText.subtitle, width);
  if (!form.loaded) return;
  muted(form.saved_at ? kText.saved_on + format_day(*form.saved_at) + "."
                      : std::string(kText.no_plan),
        width, f.small);

  practice_choices(m, form.plan, width);
  day_and_time(m, form.plan);
  vspace(14);

  const std::optional<std::int64_t> base =
      form.base != 0 ? std::optional<std::int64_t>(form.base) : std::nullopt;
  if (primary_button(kText.save)) {
    out.push_back(ask(cmd::SavePracticePlan{form.plan, base}, Route{Screen::Home}));
  }
  ImGui::SameLine();
  if (form.base != 0 && soft_button(kText.clear)) {
    out.push_back(ask(cmd::SavePracticePlan{PracticePlan{}, base}, Route{Screen::Home}));
  }
  if (form.base != 0) ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (link_button(kText.cancel)) out.push_back(go_to(Route{Screen::Home}));
}

}  // namespace kindly::gui
