// One Kindly per data folder (issue 14, part 2).
//
// The app takes an exclusive flock(2) on <data dir>/kindly.lock at start and holds it for the
// life of the process; the kernel releases it when the process ends in any way (a crash
// included), so a stale lock never blocks. The file itself stays and is never removed (removing
// a lock file while another process opens it is a race).
//
// The first Kindly listens on an abstract Unix socket named after the lock file's device and
// inode (no file in the data folder, no path length limit; only the same user is answered,
// checked with SO_PEERCRED). A second launch on the same folder finds the lock held, connects,
// asks the first to come forward ("raise\n") and waits for its "ok\n", which the first sends
// once its main loop has focused its window.
//
// The CLI never takes the lock: it works while the app is open (Session refreshes from the log,
// and a stale journal edit keeps both versions).
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kindly::gui::shell {

class Instance {
 public:
  enum class State {
    First,        // this process holds the lock: it is the one Kindly for the folder
    Forwarded,    // another Kindly holds it and answered: it has come forward
    NotAnswered,  // another Kindly holds it and did not answer in time
    NoLock,       // the lock file could not be made (the data folder is unusable); the app
                  // goes on and shows its data problem
  };

  // Claims the folder; when another process holds it, asks that one to come forward, trying
  // to connect for up to `connect_tries` * 100 ms (the first may still be starting) and then
  // waiting up to `answer_seconds` for its answer.
  static Instance claim(const std::filesystem::path& data_dir, int connect_tries = 30,
                        int answer_seconds = 12);

  Instance(Instance&& o) noexcept;
  Instance& operator=(Instance&&) = delete;
  Instance(const Instance&) = delete;
  ~Instance();  // stops listening; the lock goes with the process (or with this object)

  State state() const { return state_; }
  const std::string& why() const { return why_; }  // NoLock / NotAnswered: what failed
  const std::filesystem::path& lock_file() const { return lock_file_; }

  // First only: answers second launches from a thread of its own. `wake` runs on that thread
  // when a request arrives (the app posts an empty GLFW event so its loop wakes).
  bool listen(std::function<void()> wake);
  // The main loop: true once per request to come forward; after bringing the window forward it
  // calls raised(), and the waiting second launch is answered "ok".
  bool raise_requested() const { return requested_.load(); }
  void raised();

 private:
  Instance() = default;
  void serve();
  void answer_one(int fd);

  State state_ = State::NoLock;
  std::string why_;
  std::filesystem::path lock_file_;
  std::string name_;  // the abstract socket's name (without the leading NUL)
  int lock_fd_ = -1;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::function<void()> wake_;
  std::thread thread_;
  std::atomic<bool> requested_{false};
  std::mutex mutex_;
  std::condition_variable done_;
  int answered_ = 0;  // raised() calls, under mutex_
};

// What a second launch prints (docs/gui.md, "One Kindly per data folder").
extern const char* const kBroughtForward;

}  // namespace kindly::gui::shell
