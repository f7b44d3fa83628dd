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

Store& store_of(Result<std::unique_ptr<Store>>& r) {
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    std::exit(1);
  }
  return *r.value();
}

struct Row {
  std::string what;
  double ms;
  double target_ms;
};

// A generated course of `weeks` weeks with `items` items in all (practices, reflections,
// homework, check-ins), written to `dir`, for measuring how loading grows with size.
void write_generated_course(const fs::path& dir, int weeks, int items) {
  fs::remove_all(dir);
  fs::create_directories(dir / "weeks");
  fs::create_directories(dir / "practices");
  std::ofstream(dir / "resources.yaml") << "title: Help\ntext: Call someone.\ncrisis_lines:\n"
                                           "  - {country: X, code: XX, name: N, phone: \"1\"}\n";
  for (int p = 0; p < 10; ++p) {
    std::ofstream f(dir / "practices" / ("p" + std::to_string(p) + ".yaml"));
    f << "id: p" << p << "\nkind: meditation\ntitle: Practice " << p << "\nminutes: 10\nscript:\n";
    for (int s = 0; s < 10; ++s)
      f << "  - {text: \"Step " << s << " of a guided script.\", pause: 60}\n";
  }
  std::ofstream c(dir / "course.yaml");
  c << "format_version: 1\nid: gen\ntitle: Generated\nversion: \"1\"\nlanguage: en\n"
       "description: A generated course.\nresources: resources.yaml\nmodules:\n";
  int made = 0;
  for (int w = 1; w <= weeks; ++w) {
    c << "  - weeks/w" << w << ".yaml\n";
    std::ofstream f(dir / "weeks" / ("w" + std::to_string(w) + ".yaml"));
    f << "id: week-" << w << "\nnumber: " << w << "\ntitle: Week " << w
      << "\nreading: |\n  A reading for week " << w << ", a few sentences long.\nitems:\n";
    int n = items / weeks + (w <= items % weeks ? 1 : 0);
    for (int i = 0; i < n; ++i, ++made) {
      std::string id = "i" + std::to_string(made);
      switch (i % 4) {
        case 0:
          f << "  - {id: " << id << ", kind: meditation, practice: p" << (made % 10)
            << ", required: true}\n";
          break;
        case 1:
          f << "  - id: " << id << "\n    kind: reflection\n    title: R\n    prompts:\n"
            << "      - Think of a moment this week.\n      - What did you say to yourself?\n";
          break;
        case 2:
          f << "  - {id: " << id << ", kind: homework, title: H, target: {practice: p"
            << (made % 10) << ", days: 5, minutes: 10}}\n";
          break;
        default:
          f << "  - id: " << id << "\n    kind: checkin\n    title: C\n    questions:\n"
            << "      - {id: a, text: I was kind to myself., subscale: k}\n"
            << "      - {id: b, text: I was hard on myself., subscale: k, reverse: true}\n";
      }
    }
  }
}

}  // namespace

// ---- the lock (issue 17): unlock with 10,000 entries, and search after it ----
// `dir` holds 10,000 entries; it is locked here with the default Argon2id cost. "unlock" is
// what a command on a locked folder adds: Store::open with the key derived and unwrapped, and
// the in-memory index built from the opened texts by its first search.
void bench_lock(const fs::path& dir, std::vector<Row>& rows) {
  const std::string pass = "a bench passphrase";
  {
    auto st = Store::open(dir);
    if (!st.ok() || !st.value()->lock_set(pass).ok()) {
      std::fprintf(stderr, "cannot lock the bench folder\n");
      return;
    }
  }
  set_unlock_source([&](const fs::path&, int) {
    return std::optional<UnlockAnswer>({pass, false});
  });
  rows.push_back({"unlock 10,000 entries (Argon2id + open + index)",
                  time_median(5,
                              [&] {
                                forget_unlocked_keys();
                                auto st = Store::open(dir);
                                Journal(*st.value()).search("kind", 50);
                              }),
                  1000});
  auto st = Store::open(dir);
  Journal journal(*st.value());
  const char* const queries[] = {"kind", "river walk", "gentle breath", "forg*"};
  std::size_t hits = 0;
  int qi = 0;
  rows.push_back({"search after unlock, 10,000 sealed entries",
                  time_median(201, [&] { hits += journal.search(queries[qi++ % 4], 50).size(); }),
                  20});
  if (hits == 0) std::fprintf(stderr, "search after unlock found nothing\n");
  set_unlock_source(nullptr);
  forget_unlocked_keys();
}

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

  // ---- course load + check ----
  rows.push_back({"load + check the bundled course",
                  time_median(21, [&] { (void)load_course(KINDLY_BUNDLED_COURSE); }), 10});
  const fs::path gen =
      fs::temp_directory_path() / ("kindly-bench-gen-" + std::to_string(::getpid()));
  double per_item[3] = {};
  const int sizes[3][2] = {{26, 500}, {52, 1000}, {104, 2000}};
  for (int k = 0; k < 3; ++k) {
    write_generated_course(gen, sizes[k][0], sizes[k][1]);
    if (!load_course(gen).course) {
      std::fprintf(stderr, "the generated course does not load\n");
      return 1;
    }
    double ms = time_median(7, [&] { (void)load_course(gen); });
    per_item[k] = ms / sizes[k][1];
    char what[80];
    std::snprintf(what, sizeof what, "load + check a generated %d-week, %d-item course",
                  sizes[k][0], sizes[k][1]);
    rows.push_back({what, ms, 0});
  }
  fs::remove_all(gen);

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
  bench_lock(dir, rows);
  fs::remove_all(dir);

  // ---- search in one large entry (issue 12 item 7: snippet() was quadratic) ----
  {
    auto st = Store::open(dir);
    Journal journal(store_of(st));
    std::mt19937 rng(12);
    NewJournalEntry n;
    while (n.text.size() < (4u << 20)) n.text += words(rng, 1000) + " the ";
    journal.add(n, now);
    std::size_t hits = 0;
    rows.push_back({"search 'the' in one 4 MB entry (with snippet)",
                    time_median(21, [&] { hits += journal.search("the", 50).size(); }), 100});
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
  std::printf(
      "\ncourse load per item: %.4f / %.4f / %.4f ms at 500 / 1000 / 2000 items "
      "(ratio 2000:500 = %.2f; 1.00 is linear)\n",
      per_item[0], per_item[1], per_item[2], per_item[2] / per_item[0]);
  std::printf("\n(weeks: %zu, events: %zu, final current week %d)\n", sink.weeks.size(),
              events.size(), sink.current_week);
  return all_ok ? 0 : 1;
}
