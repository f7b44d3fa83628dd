// One Kindly per data folder (see instance.h). Contents: the lock · the socket's name · a second
// launch asking the first · the first answering (its listener thread).
#include "shell/instance.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <system_error>

namespace kindly::gui::shell {

const char* const kBroughtForward =
    "Kindly is already open for this data folder; it has been brought forward.\n";

namespace {

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

// Creates `dir` and its missing parents with mode 0700 (as the store does).
bool ensure_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return true;
  if (!dir.parent_path().empty() && dir.parent_path() != dir) ensure_dir(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  return std::filesystem::is_directory(dir, ec);
}

// An abstract socket address (Linux): a leading NUL, then the name; no file is made.
sockaddr_un address(const std::string& name, socklen_t* len) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path + 1, name.data(), name.size());
  *len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  return a;
}

// Writes all of `s`; false on any failure.
bool send_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one short line (up to '\n', at most 15 bytes), waiting up to `seconds` in all.
std::string read_line(int fd, int seconds) {
  std::string line;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (line.size() < 16) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          until - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    char c = 0;
    const ssize_t n = ::recv(fd, &c, 1, 0);
    if (n <= 0) break;
    if (c == '\n') return line;
    line += c;
  }
  return line + "?";  // incomplete: never equal to a whole word
}

}  // namespace

// ---- the lock ------------------------------------------------------------------------------

Instance Instance::claim(const std::filesystem::path& data_dir, int connect_tries,
                         int answer_seconds) {
  Instance in;
  in.lock_file_ = data_dir / "kindly.lock";
  if (!ensure_dir(data_dir)) {
    in.why_ = "cannot create " + data_dir.string() + ": " + errno_text(errno);
    return in;
  }
  in.lock_fd_ = ::open(in.lock_file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (in.lock_fd_ < 0) {
    in.why_ = "cannot open " + in.lock_file_.string() + ": " + errno_text(errno);
    return in;
  }
  struct stat st {};
  if (::fstat(in.lock_fd_, &st) != 0) {
    in.why_ = "cannot read " + in.lock_file_.string() + ": " + errno_text(errno);
    return in;
  }
  // ---- the socket's name: the same file gives the same name to every process of this user.
  in.name_ = "kindly-" + std::to_string(::getuid()) + "-" + std::to_string(st.st_dev) + "-" +
             std::to_string(st.st_ino);
  int r = 0;
  do {
    r = ::flock(in.lock_fd_, LOCK_EX | LOCK_NB);
  } while (r != 0 && errno == EINTR);
  if (r == 0) {
    in.state_ = State::First;
    return in;
  }
  if (errno != EWOULDBLOCK) {
    in.why_ = "cannot lock " + in.lock_file_.string() + ": " + errno_text(errno);
    return in;  // NoLock: e.g. a file system without locks; the app goes on
  }
  ::close(in.lock_fd_);
  in.lock_fd_ = -1;

  // ---- a second launch: ask the first to come forward.
  in.state_ = State::NotAnswered;
  socklen_t len = 0;
  const sockaddr_un a = address(in.name_, &len);
  for (int i = 0; i < std::max(1, connect_tries); ++i) {
    if (i > 0) ::usleep(100 * 1000);  // the first may still be starting
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), len) != 0) {
      in.why_ = errno_text(errno);
      ::close(fd);
      continue;
    }
    const bool sent = send_all(fd, "raise\n");
    const std::string reply = sent ? read_line(fd, answer_seconds) : std::string();
    ::close(fd);
    if (reply == "ok") {
      in.state_ = State::Forwarded;
      in.why_.clear();
    } else {
      in.why_ = "it did not answer";
    }
    return in;
  }
  if (in.why_.empty()) in.why_ = "it did not answer";
  return in;
}

Instance::Instance(Instance&& o) noexcept
    : state_(o.state_),
      why_(std::move(o.why_)),
      lock_file_(std::move(o.lock_file_)),
      name_(std::move(o.name_)),
      lock_fd_(o.lock_fd_) {
  // Only an Instance that is not listening yet is moved (claim() returns one).
  o.lock_fd_ = -1;
}

Instance::~Instance() {
  if (thread_.joinable()) {
    const char c = 'q';
    (void)!::write(stop_pipe_[1], &c, 1);
    {
      std::lock_guard<std::mutex> l(mutex_);
      answered_ = -1;  // a request being served is not waited for any longer
    }
    done_.notify_all();
    thread_.join();
  }
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1], lock_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

// ---- the first answering --------------------------------------------------------------------

bool Instance::listen(std::function<void()> wake) {
  if (state_ != State::First || thread_.joinable()) return false;
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd_ < 0) return false;
  socklen_t len = 0;
  const sockaddr_un a = address(name_, &len);
  // The name is free: only the lock holder binds it, and the kernel drops it with the socket.
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&a), len) != 0 ||
      ::listen(listen_fd_, 4) != 0 || ::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    why_ = "cannot listen for a second launch: " + errno_text(errno);
    return false;
  }
  wake_ = std::move(wake);
  thread_ = std::thread([this] { serve(); });
  return true;
}

void Instance::serve() {
  for (;;) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    const int r = ::poll(p, 2, -1);  // blocks: no busy waiting
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (p[1].revents & POLLIN) != 0) return;
    if ((p[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    answer_one(fd);
    ::close(fd);
  }
}

// One second launch: only the same user is answered; "raise" wakes the main loop and is
// answered "ok" once the window was brought forward.
void Instance::answer_one(int fd) {
  ucred who{};
  socklen_t n = sizeof who;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &who, &n) != 0 || who.uid != ::getuid()) return;
  if (read_line(fd, 2) != "raise") return;
  std::unique_lock<std::mutex> l(mutex_);
  const int before = answered_;
  requested_ = true;
  if (wake_) wake_();
  const bool done = done_.wait_for(l, std::chrono::seconds(10),
                                   [&] { return answered_ != before || answered_ < 0; });
  const bool ok = done && answered_ > 0;
  l.unlock();
  if (ok) send_all(fd, "ok\n");
}

void Instance::raised() {
  {
    std::lock_guard<std::mutex> l(mutex_);
    requested_ = false;
    if (answered_ >= 0) ++answered_;
  }
  done_.notify_all();
}

}  // namespace kindly::gui::shell
