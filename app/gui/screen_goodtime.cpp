// "Is now a good time?" (issue 16.6): a gentle page between the welcome and Begin. Advice and
// choices, never a gate: Begin is one click away, the safety plan can come first, and "Not
// yet" leaves the course un-begun and says how to come back. Every word the page shows is in
// kText below, so the page can be translated in one place.
#include "keys.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {

namespace {

struct Advice {
  const char* heading;
  const char* text;
};

// Every string of the page, in reading order.
struct GoodTimeText {
  const char* kicker = "Before you begin";
  const char* title = "Is now a good time?";
  const char* subtitle =
      "A few things worth a moment's thought. You decide; nothing here stops you.";
  Advice loss{"After a recent loss or trauma",
              "Turning kindly towards yourself can stir up old pain before it eases. If "
              "something hard happened in the last few months, you might wait a while, or "
              "begin and go slowly: each week can take as long as you need, and the course "
              "can rest at any time."};
  Advice crisis{"If you are in crisis now",
                "If you feel unsafe, or you are thinking about ending your life, please reach "
                "out to someone today, before any course. The course will still be here "
                "afterwards."};
  const char* crisis_link = "Crisis lines and help";
  Advice therapist{"If you are working with a therapist",
                   "It is worth telling them you are starting. You can share what you do here "
                   "when you want to: Settings has a report made for them, and nothing leaves "
                   "this computer unless you choose."};
  const char* begin = "Begin now";
  const char* plan_first = "Make my safety plan first";
  const char* not_yet = "Not yet";
  const char* not_yet_heading = "That is a kind choice";
  const char* not_yet_text =
      "Nothing has started and nothing is lost. Whenever you are ready, open Kindly again: "
      "this page and Begin will be here. Your safety plan and the crisis lines are at the "
      "foot of the left-hand column any time.";
};
const GoodTimeText kText;

void advice_card(const Fonts& f, const Advice& a, float width) {
  begin_card(width);
  ImGui::PushFont(f.ui_bold);
  text_wrapped(a.heading, width - 40);
  ImGui::PopFont();
  text_wrapped(a.text, width - 40);
}

}  // namespace

void draw_good_time(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.fonts) return;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;

  muted(kText.kicker, width, f.small);
  title(f, kText.title, kText.subtitle, width);

  advice_card(f, kText.loss, width);
  end_card();
  vspace(8);
  advice_card(f, kText.crisis, width);
  const bool help = link_button(kText.crisis_link);
  remember_widget("good-time/help");
  if (help) out.push_back(go_to(Route{Screen::Resources}));
  const ImVec4 warm = p.warm_soft;
  end_card(&warm);
  vspace(8);
  advice_card(f, kText.therapist, width);
  end_card();
  vspace(14);

  // The keyboard starts on Begin: Enter begins, as on the welcome.
  if (keys::opening()) keys::focus_next_control();
  if (primary_button(kText.begin)) out.push_back(ask(cmd::Begin{}, Route{Screen::Home}));
  ImGui::SameLine();
  if (soft_button(kText.plan_first)) out.push_back(go_to(Route{Screen::SafetyPlan}));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (link_button(kText.not_yet)) s.good_time_not_yet = true;

  if (s.good_time_not_yet) {
    vspace(10);
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    text_wrapped(kText.not_yet_heading, width - 40);
    ImGui::PopFont();
    text_wrapped(kText.not_yet_text, width - 40);
    remember_widget("good-time/come-back");
    const ImVec4 bg = p.accent_soft;
    end_card(&bg);
  }
}

}  // namespace kindly::gui
