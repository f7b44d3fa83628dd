// kindly_gui_demo: fills a data folder with a believable few weeks of use, for screenshots and
// the GUI smoke test. Goes through the Session like a user would, with a fixed clock.
//
//   kindly_gui_demo DATA_DIR COURSE_DIR [WEEKS_DONE=3]
//
// Begins on Monday 2 Nov 2026, works through WEEKS_DONE weeks (everything core done, most
// days practised, reflections written), starts the next week and does part of it. With every
// week done it also answers the questionnaires at the start and after the last week. "Now" for
// the screenshots is then 2026-11-25T19:30 (see kDemoNow).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "demo_walk.h"
#include "kindly/loader.h"
#include "kindly/session.h"

using namespace kindly;

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
  // The whole course walked: the questionnaires answered at the start and after the last week
  // too (lower scores at the end), for week 1 beside week 8.
  const bool whole = weeks_done >= c.week_count();
  auto answer_measures = [&](bool at_end) {
    for (const Measure& m : c.measures) {
      cmd::AnswerMeasure a{m.id, {}};
      int i = 0;
      for (const MeasureItem& it : m.items) {
        const int up = at_end ? (i++ % 3 == 0 ? 1 : 0) : (i++ % 2 == 0 ? 2 : 1);
        a.answers[it.id] = std::min(m.lowest() + up, m.highest());
      }
      for (const MeasureSafetyRule& rule : m.safety) a.answers[rule.item] = m.lowest();
      must(s.apply(a), m.id);
    }
  };
  if (whole) answer_measures(false);
  demo::walk_weeks(s, *clock, c, *start, weeks_done, must);
  if (whole) {
    clock->set(*start + std::chrono::days(7 * c.week_count() - 1) + std::chrono::hours(12));
    must(s.refresh(), "refresh");
    answer_measures(true);
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
