// Crash safety: a child process appends events (single and two-event transactions) and
// reports each commit through a pipe; the parent kills it with SIGKILL at a random moment,
// 60 times. Afterwards the database passes integrity_check, every write the child reported
// as committed is there with its content, and no transaction is half-present.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <random>
#include <thread>

#include "kindly/store.h"
#include "progress_test_util.h"
#include "test_support.h"

using namespace kindly;

namespace {

struct Record {
  std::int64_t seq;
  std::int32_t round;
  std::int32_t k;
};

Event make(int round, int k, int part) {
  Event e;
  e.type = EventType::PracticeLogged;
  e.at = e.recorded_at = from_unix(1796029200 + round * 1000 + k);
  e.module = "week-1";
  e.practice = "breathing";
  e.minutes = 1 + k % 60;
  e.note = "r" + std::to_string(round) + "-k" + std::to_string(k) + "-p" + std::to_string(part);
  return e;
}

// The child: append forever, reporting each committed transaction. Never returns.
[[noreturn]] void child(const std::filesystem::path& dir, int round, int fd) {
  auto r = Store::open(dir);
  if (!r.ok()) _exit(2);
  Store& s = *r.value();
  for (int k = 0;; ++k) {
    try {
      if (k % 4 == 3) {  // a two-event transaction
        std::vector<Event> two{make(round, k, 0), make(round, k, 1)};
        s.append(two);
        Record rec{two[1].seq, round, k};
        if (::write(fd, &rec, sizeof rec) != sizeof rec) _exit(3);
      } else {
        const std::int64_t seq = s.append(make(round, k, 0));
        Record rec{seq, round, k};
        if (::write(fd, &rec, sizeof rec) != sizeof rec) _exit(3);
      }
    } catch (...) {
      _exit(4);
    }
  }
}

}  // namespace

TEST_CASE("crash: SIGKILL at random moments loses no committed write (60 rounds)") {
  test::TempDir tmp;
  const auto dir = tmp.path() / "data";
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> delay_us(500, 40000);
  std::size_t reported_total = 0;
  int rounds_with_writes = 0;
  constexpr int kRounds = 60;
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      child(dir, round, fds[1]);
    }
    ::close(fds[1]);
    // The kill lands at a random moment in the child's stream of commits: wait for its first
    // commit (on a loaded machine a fixed delay after fork() could end before it opened the
    // database, and the round would test nothing), then a random delay.
    std::vector<Record> reported;
    Record rec{};
    ssize_t n = ::read(fds[0], &rec, sizeof rec);
    if (n == static_cast<ssize_t>(sizeof rec)) reported.push_back(rec);
    std::this_thread::sleep_for(std::chrono::microseconds{delay_us(rng)});
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    // Killed by us, not exited on its own with an error.
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    while ((n = ::read(fds[0], &rec, sizeof rec)) == static_cast<ssize_t>(sizeof rec)) {
      reported.push_back(rec);
    }
    ::close(fds[0]);
    reported_total += reported.size();
    if (!reported.empty()) ++rounds_with_writes;

    auto opened = Store::open(dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    Store& s = *opened.value();
    REQUIRE(s.integrity_ok());
    const auto events = s.events();
    std::map<std::int64_t, const Event*> by_seq;
    for (const auto& e : events) by_seq[e.seq] = &e;
    // Every reported commit is present with its content.
    for (const Record& r : reported) {
      auto it = by_seq.find(r.seq);
      REQUIRE_MESSAGE(it != by_seq.end(), "lost seq " << r.seq);
      const bool two = r.k % 4 == 3;
      CHECK(it->second->note == make(r.round, r.k, two ? 1 : 0).note);
      if (two) {
        auto first = by_seq.find(r.seq - 1);
        REQUIRE(first != by_seq.end());
        CHECK(first->second->note == make(r.round, r.k, 0).note);
      }
    }
    // No half transaction anywhere: every "-p1" follows its "-p0", and seqs have no holes.
    std::int64_t expect = 1;
    for (std::size_t i = 0; i < events.size(); ++i) {
      REQUIRE(events[i].seq == expect++);
      const std::string& note = events[i].note;
      if (note.size() > 3 && note.compare(note.size() - 3, 3, "-p1") == 0) {
        REQUIRE(i > 0);
        CHECK(events[i - 1].note == note.substr(0, note.size() - 1) + "0");
      }
      if (note.size() > 3 && note.compare(note.size() - 3, 3, "-p0") == 0 &&
          std::stoi(note.substr(note.find("-k") + 2)) % 4 == 3) {
        REQUIRE(i + 1 < events.size());
        CHECK(events[i + 1].note == note.substr(0, note.size() - 1) + "1");
      }
    }
  }
  MESSAGE("reported commits: " << reported_total << " over " << rounds_with_writes << " rounds");
  CHECK(rounds_with_writes >= kRounds / 2);
  CHECK(reported_total >= 100);
}
