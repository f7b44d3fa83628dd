// The demo's few weeks of use, walked through the Session as a user would with a fixed clock:
// each week from `start` (a Monday) on, everything core done, most days practised,
// reflections written; then the next week started and partly done. Shared by kindly_gui_demo
// (screenshots, the smoke test) and the screen tests that need a course finished.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>

#include "kindly/session.h"

namespace kindly::demo {

inline const char* const kTexts[] = {
    "I noticed how quickly I told myself off for being late this morning. When I tried the "
    "friend question, the answer was obvious: I would have said it was fine, that traffic "
    "happens. Saying it to myself felt strange, but a little softer.",
    "A hard conversation with my sister. I put a hand on my chest afterwards and it helped more "
    "than I expected. Hard, and not only hard for me.",
    "Slept badly. Practised anyway, only ten minutes. Mostly I watched my mind plan the day, and "
    "that was okay.",
    "Three small good things today: warm bread, a text from an old friend, the light on the "
    "river on the way home.",
};

// Walks weeks 1..weeks_done and part of the next.
// `must(result, what)` hears every result (a Result<Outcome> or a Result<>).
template <class Must>
void walk_weeks(Session& s, FixedClock& clock, const Course& c, TimePoint start, int weeks_done,
                const Must& must) {
  int text_i = 0;
  for (int wk = 1; wk <= weeks_done + 1 && wk <= c.week_count(); ++wk) {
    const Module* m = c.week(wk);
    const bool partial = wk == weeks_done + 1;
    const TimePoint monday = start + std::chrono::days(7 * (wk - 1));
    clock.set(monday + std::chrono::hours(1));
    must(s.refresh(), "refresh");
    must(s.apply(cmd::Start{std::to_string(wk)}), "start week " + std::to_string(wk));
    int step = 0;
    for (const Item& it : m->items) {
      if (partial && step++ > 3) break;
      clock.set(monday + std::chrono::hours(2 + step));
      must(s.refresh(), "refresh");
      switch (it.kind) {
        case ItemKind::Reading:
          must(s.apply(cmd::Tick{it.id}), it.id);
          break;
        case ItemKind::Meditation:
        case ItemKind::Informal: {
          cmd::LogPractice l;
          l.practice = it.id;
          l.minutes = it.minutes > 0 ? it.minutes : 10;
          l.module = std::to_string(wk);
          must(s.apply(l), it.id);
          break;
        }
        case ItemKind::Reflection: {
          cmd::WriteEntry d;
          d.item = it.id;
          d.text = kTexts[text_i++ % 4];
          must(s.apply(d), it.id);
          break;
        }
        case ItemKind::Homework:
          if (it.target && it.target->type == HomeworkTarget::Type::PracticeDays) {
            const int days = partial ? 2 : it.target->days;
            for (int d = 0; d < days; ++d) {
              clock.set(monday + std::chrono::days(d) + std::chrono::hours(19));
              must(s.refresh(), "refresh");
              cmd::LogPractice l;
              l.practice = it.target->practice;
              l.minutes = std::max(it.target->minutes_per_day, 12);
              l.module = std::to_string(wk);
              l.at = clock.now();
              must(s.apply(l), it.id);
            }
          } else {
            must(s.apply(cmd::Tick{it.id}), it.id);
          }
          break;
        case ItemKind::Checkin:
          if (it.checkin) {
            std::vector<int> answers;
            // Scores that rise gently over the weeks, each part at its own pace.
            const int lo = it.checkin->scale_min, hi = it.checkin->scale_max;
            for (std::size_t q = 0; q < it.checkin->questions.size(); ++q) {
              const int part = static_cast<int>(q / 2);
              const int v = std::clamp(lo + 1 + (wk + part) / 2, lo, hi);
              answers.push_back(it.checkin->questions[q].reverse ? lo + hi - v : v);
            }
            must(s.apply(cmd::AnswerCheckin{it.id, answers}), it.id);
          }
          break;
      }
    }
  }
}

}  // namespace kindly::demo
