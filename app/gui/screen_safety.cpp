// My safety plan (issue 16.4): the user's own words for a bad night, in the five sections of
// kindly/safety_plan.h, each in a wrapped editor that keeps every character; saved by itself a
// second after typing stops (and on leaving the screen, App::leave_safety_plan), through
// cmd::SaveSafetyPlan, with the course's crisis lines beside it. Reachable in one step from
// the navigator on every screen, from the difficult-practice panel and when a safety rule fires.
#include <algorithm>

#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

void load_safety_form(SafetyPlanForm& form, const std::optional<SavedSafetyPlan>& saved) {
  form = SafetyPlanForm{};
  form.loaded = true;
  if (saved) {
    form.plan = saved->plan;
    form.saved = saved->plan;
    form.base = saved->seq;
    form.saved_at = saved->saved_at;
  }
}

std::optional<Action> safety_plan_save(const SafetyPlanForm& form) {
  if (!form.loaded || form.plan == form.saved) return std::nullopt;
  return ask(cmd::SaveSafetyPlan{form.plan, form.base});
}

void safety_plan_link(const Model& m, Actions& out) {
  if (!m.course || m.route.screen == Screen::SafetyPlan) return;
  const bool clicked = link_button("My safety plan");
  remember_widget("safety plan link");
  if (clicked) out.push_back(go_to(Route{Screen::SafetyPlan}));
}

void draw_safety_plan(const Model& m, ScreenState& s, Actions& out) {
  if (!m.fonts) return;
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  SafetyPlanForm& form = s.safety;
  title(f, "My safety plan",
        "For a hard night: what you notice, what helps, who to reach. In your own words; only "
        "on this computer.",
        width);
  if (!form.loaded) {
    muted("Opening your plan\xE2\x80\xA6", width);
    return;
  }
  if (m.course && !m.course->resources.crisis_lines.empty()) {
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    text_wrapped("If you are in danger now, call your local emergency number.", width - 40);
    ImGui::PopFont();
    const bool open = link_button("Crisis lines from the course");
    remember_widget("crisis lines");
    if (open) out.push_back(go_to(Route{Screen::Resources}));
    end_card();
    vspace(8);
  }
  const auto& sections = safety_plan_sections();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const SafetyPlanSection& sec = sections[i];
    ImGui::PushID(static_cast<int>(i));
    section(f, std::string(sec.title));
    muted(std::string(sec.prompt), width, f.small);
    std::string& text = form.plan.*sec.field;
    const float lines = std::clamp(
        static_cast<float>(std::count(text.begin(), text.end(), '\n')) + 2.5f, 3.5f, 10.0f);
    const std::string id = "##safety-" + std::string(sec.id);
    if (wrapped_editor(id.c_str(), &text, &form.editors[i],
                       ImVec2(width, f.serif->FontSize * 1.45f * lines))) {
      form.last_edit = m.time;
    }
    remember_widget(id);
    vspace(6);
    ImGui::PopID();
  }
  const bool dirty = form.plan != form.saved;
  if (dirty && m.time - form.last_edit > 1.0) {
    if (auto save = safety_plan_save(form)) out.push_back(std::move(*save));
    form.last_edit = m.time;  // once per pause; the reply updates `saved`
  } else if (dirty) {
    wake_me_in(1.05);
  }
  if (!form.error.empty()) {
    const ImVec4 c = palette().error;
    text_wrapped(form.error, width, &c);
    const bool reload = soft_button("Open the newer version");
    remember_widget("reload safety plan");
    if (reload) form.loaded = false;  // App reads it again
  } else {
    muted(dirty            ? std::string("Saving\xE2\x80\xA6")
          : form.base == 0 ? std::string("Nothing written yet.")
                           : "Saved. Every earlier version is kept in your history.",
          width, f.small);
  }
}

}  // namespace kindly::gui
