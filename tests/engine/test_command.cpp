// The one path: Session::apply's outcomes (what changed, worked out in the engine), the
// practice-credit rule, the gates' queries and the refusal code table.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "kindly/gates.h"
#include "kindly/session.h"
#include "progress_test_util.h"
#include "test_support.h"

namespace kindly {
namespace {

using test::at;
using test::TzScope;

struct One {
  TzScope tz{"Europe/London"};
  test::TempDir dir;
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(at("2026-11-30T09:00"));
  std::shared_ptr<const Course> course = test::fixture_course();
  std::unique_ptr<Session> s;
  explicit One(std::shared_ptr<const Course> c = nullptr) {
    if (c) course = c;
    auto r = Session::open(course, dir.path() / "data", clock);
    REQUIRE(r.ok());
    s = std::move(r.value());
  }
  Outcome ok(const Command& c) {
    auto r = s->apply(c);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return *r;
  }
  cmd::LogPractice breathing(int minutes) {
    cmd::LogPractice l;
    l.practice = "breathing";
    l.minutes = minutes;
    return l;
  }
};

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("apply: the outcome says what changed, so no front end compares progress") {
  One f;
  const Outcome begun = f.ok(cmd::Begin{});
  REQUIRE(begun.events.size() == 1);
  CHECK(begun.events[0].type == EventType::Begun);
  CHECK(has(begun.weeks_opened, "week-1"));
  CHECK_FALSE(has(begun.weeks_opened, "week-2"));

  const Outcome started = f.ok(cmd::Start{"1"});  // a week number, as a user types it
  CHECK(started.weeks_started == std::vector<std::string>{"week-1"});
  CHECK(f.ok(cmd::Start{"week-1"}).events.empty());  // started already: nothing recorded

  const Outcome read = f.ok(cmd::Tick{"w1-reading"});
  CHECK(read.items_done == std::vector<std::string>{"w1-reading"});
  CHECK(read.weeks_completed.empty());
  const Outcome untick = f.ok(cmd::Untick{"w1-reading"});
  CHECK(untick.items_undone == std::vector<std::string>{"w1-reading"});

  const Outcome logged = f.ok(f.breathing(10));
  CHECK(has(logged.items_done, "w1-breathing"));
  REQUIRE(logged.pacing);
  CHECK_FALSE(logged.pacing->difficult);
  CHECK(logged.credited);

  cmd::WriteEntry w;
  w.item = "w1-reflection";
  w.text = "Byte for byte: caf\xC3\xA9 \xF0\x9F\x8C\xB1";
  const Outcome wrote = f.ok(w);
  REQUIRE(wrote.entry);
  CHECK(wrote.entry->text == w.text);
  CHECK(has(wrote.items_done, "w1-reflection"));
  REQUIRE(wrote.events.size() == 1);
  CHECK(wrote.events[0].type == EventType::Reflected);
}

TEST_CASE("apply: the week that completes is named once, when it completes") {
  One f;
  f.ok(cmd::Begin{});
  f.ok(cmd::Start{"1"});
  f.ok(cmd::Tick{"w1-reading"});
  cmd::WriteEntry w;
  w.item = "w1-reflection";
  w.text = "A hard moment.";
  f.ok(w);
  for (const char* day : {"2026-11-30T10:00", "2026-12-01T10:00"}) {
    f.clock->set(at(day));
    CHECK(f.ok(f.breathing(12)).weeks_completed.empty());
  }
  f.clock->set(at("2026-12-02T10:00"));
  const Outcome last = f.ok(f.breathing(12));
  CHECK(has(last.items_done, "w1-homework"));
  CHECK(last.weeks_completed == std::vector<std::string>{"week-1"});
}

TEST_CASE("practice credit: a log counts toward its item only past the course's share") {
  One f;
  f.ok(cmd::Begin{});
  f.ok(cmd::Start{"1"});
  const Practice& p = *f.course->practice("breathing");
  REQUIRE(p.minutes == 10);
  CHECK(credit_minutes(*f.course, p) == 5);  // the default: half, rounded up
  const Outcome short_log = f.ok(f.breathing(4));
  CHECK_FALSE(short_log.credited);
  CHECK(short_log.credit_minutes == 5);
  CHECK_FALSE(f.s->progress().item("w1-breathing")->done);
  CHECK(f.s->progress().item("w1-breathing")->sessions == 1);          // kept
  CHECK(f.s->progress().item("w1-breathing")->practice_minutes == 4);  // the real minutes
  CHECK(f.s->progress().stats.total_minutes == 4);
  const Outcome enough = f.ok(f.breathing(5));
  CHECK(enough.credited);
  CHECK(has(enough.items_done, "w1-breathing"));
  // Replaying the log gives the same answer as applying it event by event.
  auto hist = f.s->history();
  REQUIRE(hist.ok());
  CHECK(fold(*f.course, *hist, f.clock->now()).item("w1-breathing")->done);
}

TEST_CASE("practice credit: gating.practice_credit 0 lets any log count; out of range is K017") {
  test::TempDir dir;
  const std::string src = std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks";
  std::filesystem::copy(src, dir.path() / "c", std::filesystem::copy_options::recursive);
  auto set_credit = [&](const std::string& v) {
    std::ifstream in(dir.path() / "c/course.yaml");
    std::string t((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string key = "  allow_move_on: true\n";
    t.replace(t.find(key), key.size(), key + "  practice_credit: " + v + "\n");
    std::ofstream(dir.path() / "c/course.yaml") << t;
  };
  set_credit("0");
  auto any = load_course(dir.path() / "c");
  REQUIRE(any.course);
  CHECK(any.course->gating.practice_credit == 0.0);
  One f(any.course);
  f.ok(cmd::Begin{});
  f.ok(cmd::Start{"1"});
  CHECK(f.ok(f.breathing(1)).credited);
  CHECK(f.s->progress().item("w1-breathing")->done);

  std::filesystem::remove_all(dir.path() / "c");
  std::filesystem::copy(src, dir.path() / "c", std::filesystem::copy_options::recursive);
  set_credit("1.5");
  auto bad = load_course(dir.path() / "c");
  CHECK(bad.has_errors());
  bool k017 = false;
  for (const auto& d : bad.diagnostics) k017 = k017 || d.code == Code::BadValue;
  CHECK(k017);
}

TEST_CASE("gates: can_move_on and why_locked answer with codes and ids") {
  One f;
  CHECK(can_move_on(*f.course, f.s->progress()).why == RefusalCode::NotBegun);
  f.ok(cmd::Begin{});
  CHECK(can_move_on(*f.course, f.s->progress()).why == RefusalCode::WeekNotStarted);
  f.ok(cmd::Start{"1"});
  const MoveOnCheck now = can_move_on(*f.course, f.s->progress());
  CHECK(now.allowed);
  CHECK(now.from == "week-1");
  CHECK(now.to == "week-2");
  CHECK(has(now.missing_items, "w1-reading"));
  const LockExplanation why = why_locked(*f.course, f.s->progress(), "week-2");
  CHECK(why.gate == LockReason::TimeGate);
  CHECK(why.waits_for == "week-1");
  REQUIRE(why.until);
  CHECK(format_time(*why.until) == "2026-12-07T00:00:00+00:00");
  CHECK(why.can_move_on);
  // The sentence names items by their titles, never their ids.
  const std::string said = describe_lock(*f.course, why);
  CHECK(said.find("w1-") == std::string::npos);
  CHECK(why_locked(*f.course, f.s->progress(), "week-1").gate == LockReason::None);
  f.ok(cmd::MoveOn{{}, "travelling"});
  CHECK(can_move_on(*f.course, f.s->progress()).why == RefusalCode::AlreadyMovedOn);
  CHECK(can_move_on(*f.course, f.s->progress(), "week-3").why == RefusalCode::NotCurrentWeek);
}

TEST_CASE("gates: default minutes for I practised, the difficult rule") {
  One f;
  const Course& c = *f.course;
  const Item* med = c.item("w1-breathing");
  const Item* hw = c.item("w1-homework");
  REQUIRE(med);
  REQUIRE(hw);
  CHECK(default_log_minutes(c, *med) == 10);
  CHECK(default_log_minutes(c, *hw) == std::max(hw->target->minutes_per_day, 10));
  Pacing p;  // high_after 7, sharp_rise 3
  CHECK(is_difficult(p, std::nullopt, 7));
  CHECK(is_difficult(p, 2, 5));
  CHECK_FALSE(is_difficult(p, 3, 5));
  CHECK_FALSE(is_difficult(p, 9, std::nullopt));
}

TEST_CASE("refusal codes: unique, round-trip, and every one is in docs/cli.md") {
  std::ifstream in(std::string(KINDLY_TEST_DATA) + "/../../docs/cli.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(doc.empty());
  std::set<std::string> seen;
  int n = 0;
#define X(code, name, what)                                       \
  ++n;                                                            \
  CHECK(seen.insert(refusal_id(RefusalCode::name)).second);       \
  CHECK(refusal_from_id(#code) == RefusalCode::name);             \
  CHECK(std::string(refusal_summary(RefusalCode::name)) == what); \
  CHECK_MESSAGE(doc.find("| " #code " |") != std::string::npos, #code " is not in docs/cli.md");
  KINDLY_REFUSAL_CODES
#undef X
  CHECK(n >= 40);
  CHECK_FALSE(refusal_from_id("R999"));
  CHECK(std::string(refusal_id(RefusalCode::None)).empty());
}

TEST_CASE("refusals: every command refused before begin names the code and writes nothing") {
  One f;
  const std::vector<Command> all = {cmd::Start{"1"},
                                    cmd::Tick{"w1-reading"},
                                    cmd::Untick{"w1-reading"},
                                    f.breathing(5),
                                    cmd::AnswerCheckin{"w1-checkin", {1, 2, 3}},
                                    cmd::MoveOn{{}, "why"}};
  for (const Command& c : all) {
    INFO(command_name(c));
    auto r = f.s->apply(c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Refused);
    CHECK(r.error().code == RefusalCode::NotBegun);
  }
  CHECK(f.s->progress().event_count == 0);
}

}  // namespace kindly
