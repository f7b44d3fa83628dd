// Chart data over hand-built event lists, with exact expected numbers.
#include <doctest/doctest.h>

#include "kindly/charts.h"
#include "progress_test_util.h"

using namespace kindly;
using kindly::test::at;
using kindly::test::TzScope;

namespace {

struct Log {
  std::vector<Event> events;
  std::int64_t seq = 0;

  Event& add(EventType t, const char* when) {
    Event e;
    e.seq = ++seq;
    e.type = t;
    e.at = e.recorded_at = at(when);
    events.push_back(e);
    return events.back();
  }
  void begin(const char* when) {
    auto& e = add(EventType::Begun, when);
    e.course_id = "eight-weeks";
    e.course_version = "1.0.0";
  }
  void start(int week, const char* when) {
    auto& e = add(EventType::WeekStarted, when);
    e.module = "week-" + std::to_string(week);
    e.week = week;
  }
  Event& practice(int week, const char* practice, int minutes, const char* when,
                  const char* recorded = nullptr) {
    auto& e = add(EventType::PracticeLogged, recorded ? recorded : when);
    e.at = at(when);
    e.module = "week-" + std::to_string(week);
    e.week = week;
    e.practice = practice;
    e.minutes = minutes;
    return e;
  }
  void checkin(int week, std::vector<int> answers, const char* when) {
    auto& e = add(EventType::CheckinAnswered, when);
    e.module = "week-" + std::to_string(week);
    e.week = week;
    e.item = "w" + std::to_string(week) + "-checkin";
    e.answers = std::move(answers);
  }
};

}  // namespace

TEST_CASE("charts: minutes per local day over the whole course") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  Log log;
  log.begin("2026-11-30T09:00");
  log.start(1, "2026-11-30T09:01");
  log.practice(1, "breathing", 10, "2026-11-30T09:10");
  log.practice(1, "pause", 1, "2026-11-30T21:00");
  log.practice(1, "breathing", 12, "2026-12-02T23:30");  // still the 2nd, local
  log.practice(1, "breathing", 15, "2026-12-03T00:10");  // the 3rd, just after midnight
  const Progress p = fold(*course, log.events, at("2026-12-04T12:00"));
  const HeatMap h = heat_map(*course, log.events, p);
  CHECK(h.first_day == LocalDate{2026, 11, 30});
  CHECK(h.last_day == LocalDate{2027, 1, 24});  // 8 weeks = 56 days
  CHECK(h.today == LocalDate{2026, 12, 4});
  REQUIRE(h.days.size() == 56);
  CHECK(h.days[0] == DayMinutes{{2026, 11, 30}, 11, 2});
  CHECK(h.days[1] == DayMinutes{{2026, 12, 1}, 0, 0});
  CHECK(h.days[2] == DayMinutes{{2026, 12, 2}, 12, 1});
  CHECK(h.days[3] == DayMinutes{{2026, 12, 3}, 15, 1});
  CHECK(h.days[55].day == LocalDate{2027, 1, 24});
  CHECK(h.max_minutes == 15);
  CHECK(h.total_minutes == 38);
  CHECK(h.days_practised == 3);
}

TEST_CASE("charts: the heat map runs past the planned end while practice goes on") {
  TzScope tz("America/New_York");
  auto course = test::fixture_course();
  Log log;
  log.begin("2026-11-02T08:00");
  log.start(1, "2026-11-02T08:00");
  log.practice(1, "breathing", 20, "2026-11-02T08:05");
  log.practice(1, "breathing", 7, "2027-01-05T19:00");
  const Progress p = fold(*course, log.events, at("2027-01-10T12:00"));
  const HeatMap h = heat_map(*course, log.events, p);
  CHECK(h.first_day == LocalDate{2026, 11, 2});
  CHECK(h.last_day == LocalDate{2027, 1, 10});  // today, after the planned 2026-12-27
  CHECK(h.days.size() == 70);
  CHECK(h.days.back() == DayMinutes{{2027, 1, 10}, 0, 0});
  CHECK(h.days[64] == DayMinutes{{2027, 1, 5}, 7, 1});
  CHECK(h.total_minutes == 27);
}

TEST_CASE("charts: before the course is begun the heat map is today alone") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  const Progress p = fold(*course, {}, at("2026-11-30T09:00"));
  const HeatMap h = heat_map(*course, {}, p);
  CHECK(h.first_day == LocalDate{2026, 11, 30});
  CHECK(h.last_day == LocalDate{2026, 11, 30});
  REQUIRE(h.days.size() == 1);
  CHECK(h.days[0].minutes == 0);
  CHECK(h.max_minutes == 0);
}

TEST_CASE("charts: formal and informal minutes per week, in course order") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  Log log;
  log.begin("2026-11-30T09:00");
  log.start(1, "2026-11-30T09:01");
  log.practice(1, "breathing", 10, "2026-11-30T09:10");
  log.practice(1, "breathing", 12, "2026-12-01T09:10");
  log.practice(1, "pause", 2, "2026-12-01T12:00");
  log.practice(1, "pause", 1, "2026-12-02T12:00");
  log.practice(1, "vanished-practice", 5, "2026-12-02T13:00");
  log.start(2, "2026-12-07T09:00");
  log.practice(2, "breathing", 25, "2026-12-07T09:30");
  auto& orphan = log.practice(2, "pause", 3, "2026-12-07T10:00");
  orphan.module = "no-such-week";  // not counted in any week
  const auto weeks = minutes_per_week(*course, log.events);
  REQUIRE(weeks.size() == 9);  // 8 weeks and the retreat
  CHECK(weeks[0].module == "week-1");
  CHECK(weeks[0].label == "1");
  CHECK(weeks[0].formal_minutes == 22);
  CHECK(weeks[0].formal_sessions == 2);
  CHECK(weeks[0].informal_minutes == 3);
  CHECK(weeks[0].informal_sessions == 2);
  CHECK(weeks[0].other_minutes == 5);
  CHECK(weeks[0].other_sessions == 1);
  CHECK(weeks[0].total_minutes() == 30);
  CHECK(weeks[0].total_sessions() == 5);
  CHECK(weeks[1].formal_minutes == 25);
  CHECK(weeks[1].informal_minutes == 0);
  CHECK(weeks[4].optional);
  CHECK(weeks[4].week == 0);
  CHECK(weeks[4].label == weeks[4].title);
  int total = 0;
  for (const auto& w : weeks) total += w.total_minutes();
  CHECK(total == 55);
}

TEST_CASE("charts: check-in subscale scores per week, reverse items scored by the engine") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  Log log;
  log.begin("2026-11-30T09:00");
  log.start(1, "2026-11-30T09:01");
  // kind=2, harsh=4 (reverse: 2), alone=5 (reverse: 1) on a 1..5 scale.
  log.checkin(1, {2, 4, 5}, "2026-11-30T10:00");
  const Progress p = fold(*course, log.events, at("2026-12-01T12:00"));
  const CheckinChart c = checkin_chart(*course, p);
  CHECK(c.scale_min == 1);
  CHECK(c.scale_max == 5);
  CHECK(c.weeks == 8);
  REQUIRE(c.series.size() == 2);
  CHECK(c.series[0].subscale == "kindness");
  CHECK(c.series[1].subscale == "humanity");
  REQUIRE(c.series[0].per_week.size() == 8);
  REQUIRE(c.series[0].per_week[0].has_value());
  CHECK(*c.series[0].per_week[0] == doctest::Approx(2.0));  // (2 + 2) / 2
  CHECK(*c.series[1].per_week[0] == doctest::Approx(1.0));
  CHECK_FALSE(c.series[0].per_week[1].has_value());
  CHECK_FALSE(c.empty());

  const Progress none = fold(*course, {}, at("2026-12-01T12:00"));
  CHECK(checkin_chart(*course, none).empty());
}

TEST_CASE("charts: completion per week is required done / total") {
  TzScope tz("Europe/London");
  auto course = test::fixture_course();
  Log log;
  log.begin("2026-11-30T09:00");
  log.start(1, "2026-11-30T09:01");
  auto& r = log.add(EventType::ItemDone, "2026-11-30T09:05");
  r.module = "week-1";
  r.week = 1;
  r.item = "w1-reading";
  log.practice(1, "breathing", 10, "2026-11-30T09:10");
  const Progress p = fold(*course, log.events, at("2026-12-01T12:00"));
  const auto c = completion_per_week(*course, p);
  REQUIRE(c.size() == 9);
  CHECK(c[0].module == "week-1");
  CHECK(c[0].state == WeekState::InProgress);
  CHECK(c[0].required_total == 4);
  // The reading and the meditation item (a practice was logged for it).
  CHECK(c[0].required_done == 2);
  CHECK(c[1].state == WeekState::Locked);
  CHECK(c[1].required_done == 0);

  const ChartData all = chart_data(*course, log.events, p);
  CHECK(all.minutes.size() == 9);
  CHECK(all.completion.size() == 9);
  CHECK(all.heat.total_minutes == 10);
}
