// kindly_bench (`make bench`): the progress engine's costs on this machine.
//
//   replay   fold of 100,000 events over the bundled course (and: read from disk + fold)
//   status   a snapshot of the whole course from folded state (what `status` and every
//            screen refresh cost once the log is folded)
//   search   FTS5 search over 10,000 journal entries
//   append   one committed append (one transaction, synchronous=FULL, WAL)
// Each figure is the median of several runs. Targets from issue 3 are printed alongside.
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kindly/journal.h"
#include "kindly/loader.h"
#include "kindly/progress.h"
#include "kindly/store.h"

using namespace kindly;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

double ms_since(Steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double time_median(int runs, const std::function<void()>& fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Steady::now();
    fn();
    t.push_back(ms_since(t0));
  }
  return median(t);
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// A plausible but heavy log: one user practising many times a day for years, revisiting
// weeks, ticking and unticking, answering check-ins and writing.
std::vector<Event> make_events(const Course& c, std::size_t n) {
  std::mt19937 rng(7);
  std::vector<Event> out;
  out.reserve(n);
  TimePoint t = *parse_time("2026-01-05T08:00:00Z");
  auto push = [&](Event e) {
    e.seq = static_cast<std::int64_t>(out.size()) + 1;
    if (e.at == TimePoint{}) e.at = t;
    e.recorded_at = t;
    out.push_back(std::move(e));
  };
  Event b;
  b.type = EventType::Begun;
  b.course_id = c.id;
  b.course_version = c.version;
  push(b);
  std::vector<const Module*> weeks;
  for (const auto& m : c.modules) weeks.push_back(&m);
  int current = 0;
  while (out.size() < n) {
    t += std::chrono::minutes{20 + static_cast<int>(rng() % 600)};
    if (current + 1 < static_cast<int>(weeks.size()) && rng() % 400 == 0) ++current;
    const Module& m = *weeks[rng() % 5 == 0 ? rng() % (current + 1) : current];
    const int roll = static_cast<int>(rng() % 100);
    Event e;
    e.module = m.id;
    e.week = m.number;
    const Item& it = m.items[rng() % m.items.size()];
    if (roll < 60) {
      e.type = EventType::PracticeLogged;
      e.practice = !it.practice.empty() ? it.practice : c.practices.begin()->first;
      e.minutes = 5 + static_cast<int>(rng() % 30);
      e.at = t - std::chrono::minutes{e.minutes};
      if (roll % 3 == 0) {
        e.distress_before = static_cast<int>(rng() % 11);
        e.distress_after = static_cast<int>(rng() % 11);
      }
    } else if (roll < 75) {
      e.type = EventType::ItemDone;
      e.item = it.id;
    } else if (roll < 82) {
      e.type = EventType::ItemUndone;
      e.item = it.id;
    } else if (roll < 88) {
      e.type = EventType::WeekStarted;
    } else if (roll < 94) {
      e.type = EventType::Reflected;
      e.item = it.id;
      e.entry_id = static_cast<std::int64_t>(out.size());
    } else if (roll < 98) {
      e.type = EventType::CheckinAnswered;
      e.item = it.id;
      e.answers = {1, 2, 3, 4, 5, 3};
    } else {
      e.type = EventType::MovedOn;
      e.reason = "busy";
    }
    push(std::move(e));
  }
  return out;
}

std::string words(std::mt19937& rng, int n) {
  static const char* const kWords[] = {
      "breath",  "kind",    "warm",    "friend", "tired",    "work",   "morning", "evening",
      "critic",  "voice",   "soft",    "walk",   "river",    "tea",    "hurry",   "anxious",
      "calm",    "body",    "hands",   "chest",  "shame",    "proud",  "mother",  "father",
      "child",   "rain",    "sun",     "sleep",  "noticed",  "felt",   "again",   "gentle",
      "allowed", "resist",  "hard",    "easier", "grateful", "sorry",  "forgive", "myself",
      "today",   "weekend", "meeting", "email",  "garden",   "music",  "quiet",   "noise",
      "heavy",   "light",   "stone",   "feet",   "ground",   "settle", "wander",  "return"};
  constexpr int kCount = sizeof(kWords) / sizeof(kWords[0]);
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += kWords[rng() % kCount];
    if (rng() % 5 == 0) s += std::to_string(rng() % 500);  // widen the vocabulary
  }
  return s;
}

struct Row {
  std::string what;
  double ms;
  double target_ms;
};

}  // namespace

int main() {
  std::printf("kindly_bench: %u cores, %s\n", std::thread::hardware_concurrency(),
              cpu_model().c_str());
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  if (!loaded.course) {
    std::fprintf(stderr, "cannot load the bundled course at %s\n", KINDLY_BUNDLED_COURSE);
    return 1;
  }
  const Course& course = *loaded.course;
  std::vector<Row> rows;

  // ---- replay ----
  const auto events = make_events(course, 100000);
  const TimePoint now = events.back().recorded_at + std::chrono::hours{1};
  Progress sink;
  rows.push_back({"replay 100,000 events (fold)",
                  time_median(7, [&] { sink = fold(course, events, now); }), 100});

  const fs::path dir = fs::temp_directory_path() / ("kindly-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    auto st = Store::open(dir);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.error().message.c_str());
      return 3;
    }
    Store& store = *st.value();
    std::vector<Event> copy = events;
    store.append(copy);
    rows.push_back({"replay 100,000 events (read from disk + fold)",
                    time_median(5, [&] { sink = fold(course, store.events(), now); }), 0});

    // ---- status ----
    ProgressBuilder builder(course);
    for (const auto& e : events) builder.apply(e);
    rows.push_back({"status, whole course (snapshot of folded state)",
                    time_median(1001, [&] { sink = builder.snapshot(now); }), 1});

    // ---- append ----
    Event e = events[5];
    rows.push_back({"one committed append", time_median(201, [&] { store.append(e); }), 5});
  }
  fs::remove_all(dir);

  // ---- search ----
  {
    auto st = Store::open(dir);
    Store& store = *st.value();
    Journal journal(store);
    std::mt19937 rng(11);
    store.write([&] {
      for (int i = 0; i < 10000; ++i) {
        NewJournalEntry n;
        n.text = words(rng, 40 + static_cast<int>(rng() % 120));
        journal.add(n, now);
      }
    });
    const char* const queries[] = {"kind",         "river walk", "gentle breath", "forg*",
                                   "critic voice", "tea",        "shame proud",   "sun*"};
    std::size_t hits = 0;
    int qi = 0;
    rows.push_back({"FTS search over 10,000 entries (50 results)",
                    time_median(201, [&] { hits += journal.search(queries[qi++ % 8], 50).size(); }),
                    20});
    if (hits == 0) std::fprintf(stderr, "search found nothing\n");
  }
  fs::remove_all(dir);

  std::printf("\n%-50s %12s %10s %s\n", "what", "median ms", "target", "");
  bool all_ok = true;
  for (const Row& r : rows) {
    const bool ok = r.target_ms == 0 || r.ms < r.target_ms;
    all_ok = all_ok && ok;
    char target[32] = "-";
    if (r.target_ms > 0) std::snprintf(target, sizeof target, "< %g", r.target_ms);
    std::printf("%-50s %12.3f %10s %s\n", r.what.c_str(), r.ms, target,
                r.target_ms == 0 ? "" : (ok ? "ok" : "MISSED"));
  }
  std::printf("\n(weeks: %zu, events: %zu, final current week %d)\n", sink.weeks.size(),
              events.size(), sink.current_week);
  return all_ok ? 0 : 1;
}
