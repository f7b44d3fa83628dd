// One Kindly per data folder (app/gui/shell/instance.h): the first launch holds the folder, a
// second is answered and told the first came forward, a lock held by a process that died
// never blocks, and another folder is another Kindly.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"
#include "shell/instance.h"

namespace fs = std::filesystem;

namespace kindly::gui {

using shell::Instance;

TEST_CASE("one instance: a second launch on the folder is answered and the first comes forward") {
  const fs::path data = test::fresh_dir("instance");
  Instance first = Instance::claim(data);
  REQUIRE(first.state() == Instance::State::First);
  std::atomic<int> woken{0};
  REQUIRE(first.listen([&] { ++woken; }));
  // The first's main loop: brings its window forward when asked (here: says it did).
  std::atomic<bool> stop{false};
  std::thread loop([&] {
    while (!stop) {
      if (first.raise_requested()) first.raised();
      std::this_thread::yield();
    }
  });
  Instance second = Instance::claim(data);
  CHECK(second.state() == Instance::State::Forwarded);
  CHECK(woken == 1);
  // A second launch never takes the lock, so a third is answered too.
  Instance third = Instance::claim(data);
  CHECK(third.state() == Instance::State::Forwarded);
  stop = true;
  loop.join();
  // Another data folder is another Kindly.
  Instance other = Instance::claim(test::fresh_dir("instance-other"));
  CHECK(other.state() == Instance::State::First);
  fs::remove_all(data);
}

TEST_CASE("one instance: a first Kindly that does not answer is reported, not waited for") {
  const fs::path data = test::fresh_dir("instance");
  Instance first = Instance::claim(data);
  REQUIRE(first.state() == Instance::State::First);
  // Not listening (e.g. still starting): the second tries once and says so.
  Instance second = Instance::claim(data, 1, 1);
  CHECK(second.state() == Instance::State::NotAnswered);
  CHECK(!second.why().empty());
  fs::remove_all(data);
}

TEST_CASE("one instance: the lock of a Kindly that died is free at once") {
  const fs::path data = test::fresh_dir("instance");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Instance held = Instance::claim(data);
    // Dies holding the lock, with no clean-up at all.
    ::_exit(held.state() == Instance::State::First ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(fs::exists(data / "kindly.lock"));  // the file stays; the lock went with the process
  Instance next = Instance::claim(data);
  CHECK(next.state() == Instance::State::First);
  fs::remove_all(data);
}

TEST_CASE("one instance: a data folder that cannot be made is no lock, and the app goes on") {
  const fs::path file = test::fresh_dir("instance") / "a-file";
  { std::ofstream(file) << "x"; }
  Instance in = Instance::claim(file / "data");
  CHECK(in.state() == Instance::State::NoLock);
  CHECK(!in.why().empty());
  fs::remove_all(file.parent_path());
}

}  // namespace kindly::gui
