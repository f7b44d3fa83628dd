// Helpers for the after-the-course tests: a Session over tests/data/courses/eight-weeks (with
// the bundled course's PHQ-9 and GAD-7 when asked) and a walk through all eight weeks.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "kindly/loader.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

namespace kindly::test {

struct AfterRun {
  TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-10-05T08:00"));
  std::shared_ptr<const Course> course;

  // with_measures: the eight-weeks course with the bundled questionnaires added.
  explicit AfterRun(bool with_measures = false) {
    if (!with_measures) {
      course = fixture_course();
      return;
    }
    namespace fs = std::filesystem;
    const fs::path c = dir.path() / "course";
    fs::copy(std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks", c,
             fs::copy_options::recursive);
    fs::copy(fs::path(KINDLY_BUNDLED_COURSE) / "measures", c / "measures",
             fs::copy_options::recursive);
    std::ofstream(c / "course.yaml", std::ios::app)
        << "measures:\n  - measures/phq-9.yaml\n  - measures/gad-7.yaml\n";
    auto r = load_course(c);
    REQUIRE_MESSAGE(!r.has_errors(), "the course with measures has errors");
    course = r.course;
  }

  std::unique_ptr<Session> open() {
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r.value());
  }

  void ok(Session& s, const Command& c) {
    auto r = s.apply(c);
    REQUIRE_MESSAGE(r.ok(), command_name(c) << ": " << (r.ok() ? "" : r.error().message));
  }

  // Week n from Monday 5 Oct 2026 + 7 (n - 1) days (local time; the tests set TZ): start at
  // 08:10, reading, reflection, and breathing for 12 minutes at 20:00 on Monday, Tuesday and
  // Wednesday (the third completes the week).
  void do_week(Session& s, int n) {
    const LocalDate monday = add_days(LocalDate{2026, 10, 5}, 7 * (n - 1));
    const std::string w = std::to_string(n);
    clock->set(local_midnight(monday) + std::chrono::minutes{8 * 60 + 10});
    ok(s, cmd::Start{"week-" + w});
    ok(s, cmd::Tick{"w" + w + "-reading"});
    ok(s, cmd::WriteEntry{"Week " + w + ": noticed.", "w" + w + "-reflection", 0, ""});
    for (int d = 0; d < 3; ++d) {
      clock->set(local_midnight(add_days(monday, d)) + std::chrono::hours{20});
      cmd::LogPractice log;
      log.practice = "breathing";
      log.minutes = 12;
      ok(s, log);
    }
  }

  // Begins and completes every week; the clock ends at 20:00 on Wednesday 25 Nov 2026, the
  // moment week 8 is complete.
  void walk(Session& s) {
    clock->set(at("2026-10-05T08:00"));
    ok(s, cmd::Begin{});
    for (int n = 1; n <= 8; ++n) do_week(s, n);
  }
};

}  // namespace kindly::test
