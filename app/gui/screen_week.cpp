// Week: start and move on near the top, the opening of the reading (the rest folds), then the
// week's items with kind, minutes, required/optional and completion; homework with per-target
// progress. An earlier week opens with a "Revisiting week N" banner and everything stays
// usable. Contents: reading's opening · rows that fit the card · the item circle · item cards
// (one case per kind) · move on · the screen.
#include <algorithm>
#include <cmath>

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "keys.h"
#include "kindly/clock.h"
#include "kindly/gates.h"
#include "markdown.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

const char* kind_label(ItemKind k) {
  switch (k) {
    case ItemKind::Reading:
      return "Reading";
    case ItemKind::Meditation:
      return "Meditation";
    case ItemKind::Informal:
      return "Informal practice";
    case ItemKind::Reflection:
      return "Reflection";
    case ItemKind::Homework:
      return "Home practice";
    case ItemKind::Checkin:
      return "Check-in";
  }
  return "";
}

// The reading's opening: its blocks (separated by a blank line) up to and including the
// first that is not a heading.
std::string reading_opening(const std::string& md) {
  std::size_t at = 0;
  while (at < md.size()) {
    const std::size_t start = md.find_first_not_of("\n", at);
    if (start == std::string::npos) break;
    std::size_t end = md.find("\n\n", start);
    if (end == std::string::npos) end = md.size();
    if (md[start] != '#') return md.substr(0, end);
    at = end;
  }
  return md;
}

std::string week_name(const WeekProgress& w) {
  return w.optional ? w.title : "week " + std::to_string(w.number);
}

// "I practised today" with its minutes, for `item` (its practice, or its homework target's),
// logged into `module`.
// Puts the next control of `w` pixels on the line of the last one when it fits before
// `right` (screen x), else on the next line: a row of controls never runs out of its card.
void next_on_line_if_fits(float w, float right) {
  const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (x + w <= right) ImGui::SameLine();
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.8f;
}

void log_controls(const Model& m, ScreenState& s, Actions& out, const Item& item,
                  const std::string& module, float right) {
  const Fonts& f = *m.fonts;
  const std::string& key = item.id;
  int& minutes = s.log_minutes.try_emplace(key, default_log_minutes(*m.course, item)).first->second;
  ImGui::PushID(key.c_str());
  const float field_w = f.ui->FontSize * 8.0f;
  const float minutes_w = f.ui->CalcTextSizeA(f.ui->FontSize, FLT_MAX, 0, "minutes").x;
  next_on_line_if_fits(field_w + ImGui::GetStyle().ItemSpacing.x + minutes_w, right);
  ImGui::SetNextItemWidth(field_w);
  stepper("##minutes", &minutes, 1, 5, kMinLogMinutes, kMaxLogMinutes);
  minutes = std::clamp(minutes, kMinLogMinutes, kMaxLogMinutes);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  muted("minutes", 0, f.ui);
  next_on_line_if_fits(button_width("I practised today"), right);
  const std::string label = "I practised today##" + key;
  const bool clicked = soft_button(label.c_str());
  remember_widget(key + "/I practised today");
  if (clicked) {
    cmd::LogPractice log;
    log.practice = item.id;  // the item: its practice, or its homework target's
    log.minutes = minutes;
    log.module = module;
    out.push_back(ask(log));
  }
  ImGui::PopID();
}

// The circle before an item's title ticks it and unticks it (cmd::Tick / cmd::Untick, the
// same requests as "Mark as read" and "Undo") where the engine lets a tick do that: not for a
// check-in or home practice counted in days, and not once a log, an answer or an entry did
// it. Elsewhere the circle only shows the state. Drawn over the mark just drawn.
void mark_button(const Item& item, const ItemProgress* ip, bool locked, Actions& out) {
  const bool by_days = item.kind == ItemKind::Homework && item.target &&
                       item.target->type == HomeworkTarget::Type::PracticeDays;
  if (locked || item.kind == ItemKind::Checkin || by_days) return;
  const bool ticked = ip && ip->ticked;
  if (ip && ip->done && !ticked) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImGui::SetCursorScreenPos(min);  // the button takes the mark's place on the line
  const bool pressed = ImGui::InvisibleButton("##mark", ImVec2(max.x - min.x, max.y - min.y));
  ImGui::RenderNavHighlight(ImRect(min, max), ImGui::GetItemID());
  remember_widget(item.id + "/mark");
  tooltip(ticked ? "Not done after all" : "Mark done");
  if (pressed) out.push_back(ticked ? ask(cmd::Untick{item.id}) : ask(cmd::Tick{item.id}));
}

// Long because a card is one switch over the item kinds, each case a few lines of the same
// card (title line, meta, text, then that kind's controls).
void item_card(const Model& m, ScreenState& s, Actions& out, const WeekProgress& w,
               const Item& item, const ItemProgress* ip) {
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const bool locked = w.state == WeekState::Locked;
  const bool done = ip && ip->done;
  const float inner = width - std::round(ImGui::GetStyle().WindowPadding.x * 1.6f);

  ImGui::PushID(item.id.c_str());
  if (keys::opened() && m.route.item == item.id) {
    // Opened for this item (Today's next steps): it is in view with the keyboard on it.
    ImGui::SetScrollHereY(0.1f);
    if (keys::opening()) keys::focus_next_control();
  }
  begin_card(width);
  const float right = ImGui::GetCursorScreenPos().x + inner;  // the card's inner edge
  // Title line: mark, title, pills.
  const bool partial = ip && !done && ip->have > 0;
  mark(done ? Mark::Done : (locked ? Mark::Locked : (partial ? Mark::Partial : Mark::Open)),
       f.ui->FontSize * 1.1f);
  mark_button(item, ip, locked, out);
  ImGui::SameLine();
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(item.title.c_str());
  ImGui::PopFont();

  std::string meta = kind_label(item.kind);
  if (item.minutes > 0) meta += " \xC2\xB7 " + std::to_string(item.minutes) + " min";
  meta += item.required ? " \xC2\xB7 Core" : " \xC2\xB7 Optional";
  if (done && ip->done_at) meta += " \xC2\xB7 Done " + format_day(*ip->done_at);
  muted(meta, inner, f.small);

  if (!item.text.empty() && item.kind != ItemKind::Reading) {
    vspace(2);
    draw_markdown(item.text, f, inner, Prose::Interface);
  }

  const Practice* practice = m.course->practice(item.practice);
  switch (item.kind) {
    case ItemKind::Reading: {
      bool& open = s.expanded[item.id];
      if (open && !item.text.empty()) {
        vspace(4);
        draw_markdown(item.text, f, inner, Prose::Reading);
      }
      // One width for both labels, so "Mark as read" beside it does not move when it is pressed.
      const float toggle_w = std::max(button_width("Close the reading"), button_width("Read")) -
                             ImGui::GetStyle().FramePadding.x * 0.8f;
      if (!item.text.empty() &&
          soft_button(open ? "Close the reading" : "Read", ImVec2(toggle_w, 0))) {
        open = !open;
      }
      if (!locked && !done) {
        if (!item.text.empty()) ImGui::SameLine();
        const bool clicked = soft_button("Mark as read");
        remember_widget(item.id + "/Mark as read");
        if (clicked) out.push_back(ask(cmd::Tick{item.id}));
      }
      break;
    }
    case ItemKind::Meditation:
    case ItemKind::Informal: {
      if (practice && !practice->summary.empty()) muted(practice->summary, inner);
      if (ip && ip->sessions > 0) {
        muted(std::to_string(ip->sessions) + (ip->sessions == 1 ? " session, " : " sessions, ") +
                  std::to_string(ip->practice_minutes) + " minutes so far",
              inner, f.small);
      }
      if (practice && !practice->caution.empty()) {
        // Set off like a quote: a warm bar beside it.
        std::string quoted = "> ";
        for (char ch : practice->caution) {
          quoted += ch;
          if (ch == '\n') quoted += "> ";
        }
        draw_markdown(quoted, f, inner, Prose::Interface);
      }
      if (!locked) {
        vspace(2);
        if (practice) {
          // The guided player (screen_practice.cpp); logging by hand stays beside it.
          const std::string begin = "Begin##" + item.id;
          const bool go = primary_button(begin.c_str());
          remember_widget(item.id + "/Begin");
          if (go) {
            out.push_back(go_to(Route{.screen = Screen::Practice, .item = item.id}));
          }
        }
        log_controls(m, s, out, item, w.id, right);
      }
      break;
    }
    case ItemKind::Reflection: {
      for (std::size_t i = 0; i < item.prompts.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        vspace(2);
        ImGui::PushFont(f.serif_italic);
        text_wrapped(item.prompts[i], inner);
        ImGui::PopFont();
        if (!locked) {
          // Once something is written, the button says so (the entries are on its screen).
          const bool written = ip && ip->journal_entries > 0;
          const std::string label = (written                   ? "Write again##"
                                     : item.prompts.size() > 1 ? "Write about this##"
                                                               : "Write##") +
                                    item.id + std::to_string(i);
          const bool clicked = soft_button(label.c_str());
          remember_widget(item.id + "/Write/" + std::to_string(i));
          if (clicked) {
            out.push_back(go_to(Route{
                .screen = Screen::Reflection, .item = item.id, .prompt = static_cast<int>(i)}));
          }
        }
        ImGui::PopID();
      }
      if (ip && ip->journal_entries > 0) {
        muted(std::to_string(ip->journal_entries) +
                  (ip->journal_entries == 1 ? " entry written" : " entries written"),
              inner, f.small);
        ImGui::SameLine();
        const bool read = link_button(ip->journal_entries == 1 ? "Read it" : "Read them");
        remember_widget(item.id + "/Read entries");
        if (read) out.push_back(go_to(Route{.screen = Screen::Reflection, .item = item.id}));
      }
      break;
    }
    case ItemKind::Homework: {
      if (item.target && item.target->type == HomeworkTarget::Type::PracticeDays && ip) {
        const Practice* tp = m.course->practice(item.target->practice);
        std::string line = std::to_string(ip->have) + " of " + std::to_string(ip->need) + " days";
        if (tp) line += " of " + tp->title;
        if (item.target->minutes_per_day > 0) {
          line += " (" + std::to_string(item.target->minutes_per_day) + " min or more)";
        }
        vspace(2);
        progress_bar(
            ip->need > 0 ? static_cast<float>(ip->have) / static_cast<float>(ip->need) : 0.0f,
            std::min(inner, 360.0f * f.ui->FontSize / kDefaultFontPx),
            std::round(f.ui->FontSize * 0.4f), p.done);
        muted(line, inner, f.small);
        if (!locked && tp) {
          const std::string begin = "Begin##" + item.id;
          const bool go = primary_button(begin.c_str());
          remember_widget(item.id + "/Begin");
          if (go) {  // the guided player, logging into this week
            out.push_back(go_to(Route{.screen = Screen::Practice, .module = w.id, .item = tp->id}));
          }
          log_controls(m, s, out, item, w.id, right);
        }
      } else if (!locked && !done) {
        if (soft_button("Mark done")) {
          out.push_back(ask(cmd::Tick{item.id}));
        }
      }
      break;
    }
    case ItemKind::Checkin: {
      if (!item.checkin) break;
      const Checkin& ck = *item.checkin;
      auto& ans = s.checkin_answers[item.id];
      if (ans.size() != ck.questions.size()) ans.assign(ck.questions.size(), kUnanswered);
      if (ip && !ip->answers.empty()) {
        std::string sc;
        for (const auto& [k, v] : ip->scores) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%s%s %.1f", sc.empty() ? "" : ", ",
                        k.empty() ? "score" : k.c_str(), v);
          sc += buf;
        }
        muted("Answered" + (ip->answered_at ? " " + format_day(*ip->answered_at) : "") +
                  (sc.empty() ? "" : ": " + sc),
              inner, f.small);
      }
      if (locked) break;
      bool& open = s.expanded[item.id];
      if (!open) {
        if (soft_button(ip && !ip->answers.empty() ? "Answer again" : "Answer")) open = true;
        break;
      }
      muted(std::to_string(ck.scale_min) + " = " + ck.min_label + ",  " +
                std::to_string(ck.scale_max) + " = " + ck.max_label,
            inner, f.small);
      int first_unanswered = -1;
      for (std::size_t q = 0; q < ck.questions.size(); ++q) {
        ImGui::PushID(static_cast<int>(q));
        text_wrapped(ck.questions[q].text, inner);
        for (int v = ck.scale_min; v <= ck.scale_max; ++v) {
          if (v > ck.scale_min) ImGui::SameLine();
          choice(std::to_string(v).c_str(), &ans[q], v);
          remember_widget(item.id + "/q" + std::to_string(q) + "/" + std::to_string(v));
        }
        if (ans[q] == kUnanswered && first_unanswered < 0) first_unanswered = static_cast<int>(q);
        ImGui::PopID();
      }
      ImGui::BeginDisabled(first_unanswered >= 0);
      if (primary_button("Save answers")) {
        out.push_back(ask(cmd::AnswerCheckin{item.id, ans}));
        s.expanded[item.id] = false;
      }
      ImGui::EndDisabled();
      if (first_unanswered >= 0) {
        muted("Question " + std::to_string(first_unanswered + 1) + " is still to answer.", inner,
              f.small);
      }
      break;
    }
  }
  if (ip && ip->ticked && !locked) {
    next_on_line_if_fits(button_width("Undo"), right);
    if (link_button("Undo")) out.push_back(ask(cmd::Untick{item.id}));
  }
  const ImVec4 bg = done ? ImVec4(p.card.x, p.card.y, p.card.z, 0.75f) : p.card;
  end_card(&bg);
  remember_widget("card/" + item.id);
  ImGui::PopID();
  vspace(6);
}

// Moving on without the core practices, when the engine says it is possible (gates.h): the
// user says why in their own words, and the reason is kept with their history.
void draw_move_on(const Model& m, ScreenState& s, Actions& out, const WeekProgress& w) {
  // Offered once the next week waits only for this week's core practices (its days are up):
  // before that, moving on would open nothing yet.
  const MoveOnCheck check = can_move_on(*m.course, *m.progress, w.id);
  if (!check.allowed ||
      why_locked(*m.course, *m.progress, check.to).gate != LockReason::RequiredItems) {
    return;
  }
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  vspace(10);
  muted(
      "Some weeks do not fit the life you are living. You can move on without finishing this "
      "one; it stays here for later.",
      width);
  if (!s.confirm_move_on) {
    if (soft_button("Move on to the next week")) s.confirm_move_on = true;
    remember_widget("Move on to the next week");
    return;
  }
  text_wrapped("In a few words, why are you moving on? Your reason is kept with your history.",
               width);
  ImGui::SetNextItemWidth(width);
  wrapped_editor("##move-on-reason", &s.move_on_reason, &s.move_on_editor,
                 ImVec2(width, f.ui->FontSize * 3.2f));
  remember_widget("##move-on-reason");
  const bool has_reason = s.move_on_reason.find_first_not_of(" \t\r\n") != std::string::npos;
  ImGui::BeginDisabled(!has_reason);
  const bool yes = primary_button("Yes, move on");
  remember_widget("Yes, move on");
  ImGui::EndDisabled();
  if (yes) out.push_back(ask(cmd::MoveOn{w.id, s.move_on_reason}, Route{Screen::Home}));
  ImGui::SameLine();
  if (soft_button("Stay with this week")) s.confirm_move_on = false;
  if (!has_reason) muted("Write a few words to move on.", width, f.small);
}

}  // namespace

// Long because a week is one column: header, banners (revisiting, locked, open), progress,
// reading, the item cards (item_card) and moving on (draw_move_on).
void draw_week(const Model& m, ScreenState& s, Actions& out) {
  if (!m.course || !m.progress) return;
  const Course& c = *m.course;
  const Progress& pr = *m.progress;
  const Fonts& f = *m.fonts;
  const Palette& p = palette();
  const float width = m.content_width;
  const Module* mod = c.module(m.route.module);
  const WeekProgress* w = pr.module(m.route.module);
  if (!mod || !w) {
    title(f, "This week is not in the course", "It may have been renamed.", width);
    return;
  }

  // Header.
  std::string kicker = mod->optional ? "Optional"
                                     : "Week " + std::to_string(mod->number) + " of " +
                                           std::to_string(c.week_count());
  muted(kicker, width, f.small);
  title(f, mod->title, mod->theme, width);

  // Banners.
  const bool earlier = !mod->optional && pr.current_week > 0 && mod->number < pr.current_week;
  if (earlier) {
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    ImGui::TextUnformatted(("Revisiting week " + std::to_string(mod->number)).c_str());
    ImGui::PopFont();
    muted("You are in week " + std::to_string(pr.current_week) +
              ". Everything here stays open: read, practise and write as much as you like.",
          width - 40);
    const ImVec4 bg = p.warm_soft;
    end_card(&bg);
    remember_widget("Revisiting week " + std::to_string(mod->number));
    vspace(8);
  }
  if (w->state == WeekState::Locked) {
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    const std::string when =
        w->unlocks_at ? "Opens " + format_day(*w->unlocks_at) : std::string("Not open yet");
    ImGui::TextUnformatted(when.c_str());
    ImGui::PopFont();
    if (!w->locked_reason.empty()) muted(sentence(w->locked_reason), width - 40);
    muted("You can read ahead; practices and writing open with the week.", width - 40, f.small);
    end_card();
    vspace(8);
  } else if (w->state == WeekState::Available) {
    begin_card(width);
    ImGui::PushFont(f.ui_bold);
    ImGui::TextUnformatted(
        ("This " + std::string(mod->optional ? "module" : "week") + " is open").c_str());
    ImGui::PopFont();
    muted("Start it when you are ready; it stays with you for at least " +
              std::to_string(w->min_days) + " days.",
          width - 40);
    const std::string label = "Start " + week_name(*w);
    if (primary_button(label.c_str())) {
      out.push_back(ask(cmd::Start{w->id}));
    }
    const ImVec4 bg = p.accent_soft;
    end_card(&bg);
    vspace(8);
  }

  // Progress.
  if (w->required_total > 0 && w->state != WeekState::Locked) {
    progress_bar(static_cast<float>(w->required_done) / static_cast<float>(w->required_total),
                 width, std::round(f.ui->FontSize * 0.35f), p.done);
    muted(std::to_string(w->required_done) + " of " + std::to_string(w->required_total) +
              " core practices done" +
              (w->practice_minutes > 0
                   ? " \xC2\xB7 " + std::to_string(w->practice_minutes) + " minutes practised"
                   : ""),
          width, f.small);
    vspace(8);
  }

  // Moving on sits near the top, where it is seen, not under every card.
  draw_move_on(m, s, out, *w);

  // Reading: its opening, and the rest on request, so what the week asks is on the first
  // screen.
  if (!mod->reading.empty()) {
    bool& open = s.expanded["reading/" + mod->id];
    const std::string head = reading_opening(mod->reading);
    draw_markdown(open ? mod->reading : head, f, width, Prose::Reading);
    if (head.size() < mod->reading.size()) {
      const bool toggle = soft_button(open ? "Fold the reading away" : "Read on");
      remember_widget("reading/toggle");
      if (toggle) open = !open;
    }
    vspace(8);
  }

  section(f, "What this week asks");
  remember_widget("What this week asks");
  for (const Item& item : mod->items) {
    item_card(m, s, out, *w, item, pr.item(item.id));
  }
}

}  // namespace kindly::gui
