// kindly_gui_demo: fills a data folder with a believable few weeks of use, for screenshots and
// the GUI smoke test. Goes through the Session like a user would, with a fixed clock.
//
//   kindly_gui_demo DATA_DIR COURSE_DIR [WEEKS_DONE=3]
//
// Begins on Monday 2 Nov 2026, works through WEEKS_DONE weeks (everything core done, most
// days practised, reflections written), starts the next week and does part of it. "Now" for
// the screenshots is then 2026-11-25T19:30 (see kDemoNow).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "kindly/loader.h"
#include "kindly/session.h"

using namespace kindly;

namespace {

const char* kTexts[] = {
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kindly_gui_demo DATA_DIR COURSE_DIR [WEEKS_DONE]\n";
    return 2;
  }
  const int weeks_done = argc > 3 ? std::atoi(argv[3]) : 3;
  auto lr = load_course(argv[2]);
  if (!lr.course) {
    std::cerr << "kindly_gui_demo: the course has errors\n";
    return 1;
  }
  auto start = parse_time("2026-11-02T08:30");
  auto clock = std::make_shared<FixedClock>(*start);
  auto opened = Session::open(lr.course, argv[1], clock);
  if (!opened.ok()) {
    std::cerr << "kindly_gui_demo: " << opened.error().message << "\n";
    return 3;
  }
  Session& s = *opened.value();
  auto must = [](const auto& r, const std::string& what) {
    if (!r.ok()) std::cerr << "kindly_gui_demo: " << what << ": " << r.error().message << "\n";
  };
  must(s.apply(cmd::Begin{}), "begin");
  const Course& c = *lr.course;
  int text_i = 0;
  for (int wk = 1; wk <= weeks_done + 1 && wk <= c.week_count(); ++wk) {
    const Module* m = c.week(wk);
    const bool partial = wk == weeks_done + 1;
    const TimePoint monday = *start + std::chrono::days(7 * (wk - 1));
    clock->set(monday + std::chrono::hours(1));
    must(s.refresh(), "refresh");
    must(s.apply(cmd::Start{std::to_string(wk)}), "start week " + std::to_string(wk));
    int step = 0;
    for (const Item& it : m->items) {
      if (partial && step++ > 3) break;
      clock->set(monday + std::chrono::hours(2 + step));
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
              clock->set(monday + std::chrono::days(d) + std::chrono::hours(19));
              must(s.refresh(), "refresh");
              cmd::LogPractice l;
              l.practice = it.target->practice;
              l.minutes = std::max(it.target->minutes_per_day, 12);
              l.module = std::to_string(wk);
              l.at = clock->now();
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
  for (const auto& w : s.progress().weeks) {
    for (const auto& ip : w.items) {
      if (ip.required && !ip.done && w.state != WeekState::Locked && w.number <= weeks_done) {
        std::cerr << "kindly_gui_demo: week " << w.number << ": " << ip.id << " not done ("
                  << ip.have << "/" << ip.need << ")\n";
      }
    }
  }
  // The current week's first reflection, for screenshots of the editor.
  if (const Module* cur = c.week(std::min(weeks_done + 1, c.week_count()))) {
    for (const Item& it : cur->items) {
      if (it.kind == ItemKind::Reflection) {
        std::printf("reflection: %s\n", it.id.c_str());
        break;
      }
    }
  }
  std::printf("demo data written to %s\n", argv[1]);
  return 0;
}
