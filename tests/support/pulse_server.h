// Test helper: a private PulseAudio server with a null sink, and a recorder of that sink's
// monitor (parec), for tests that must hear what was played. Both are child processes of the
// test, stopped by their pid. Skipped (running() false) when pulseaudio is not installed.
#pragma once

#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kindly::test {

// Starts `pulseaudio` with a null sink on a private socket and points PULSE_SERVER at it.
class NullServer {
 public:
  NullServer() {
    if (std::system("command -v pulseaudio >/dev/null 2>&1") != 0) return;
    std::string t = (std::filesystem::temp_directory_path() / "kindly-pulse-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    dir_ = t;
    socket_ = (dir_ / "native").string();
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      setenv("HOME", dir_.c_str(), 1);
      setenv("XDG_RUNTIME_DIR", dir_.c_str(), 1);
      const std::string load =
          "module-native-protocol-unix socket=" + socket_ + " auth-anonymous=1";
      const std::string log = (dir_ / "pulse.log").string();
      if (!std::freopen(log.c_str(), "w", stderr)) ::_exit(126);
      ::execlp("pulseaudio", "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
               "--log-target=stderr", "-L", "module-null-sink sink_name=kindly_null", "-L",
               load.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !std::filesystem::exists(socket_); ++i) usleep(50000);
    setenv("PULSE_SERVER", ("unix:" + socket_).c_str(), 1);
  }
  ~NullServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  NullServer(const NullServer&) = delete;
  NullServer& operator=(const NullServer&) = delete;
  bool running() const { return pid_ > 0 && std::filesystem::exists(socket_); }
  const std::filesystem::path& dir() const { return dir_; }
  std::string server() const { return "unix:" + socket_; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path dir_;
  std::string socket_;
};

// Records the null sink's monitor as mono 16-bit PCM at `rate` until stop().
class MonitorRecorder {
 public:
  MonitorRecorder(const NullServer& server, int rate = 16000) : rate_(rate) {
    file_ = server.dir() / "monitor.raw";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const std::string rate_arg = "--rate=" + std::to_string(rate);
      ::execlp("parec", "parec", "--device=kindly_null.monitor", "--raw", "--format=s16le",
               rate_arg.c_str(), "--channels=1", "--latency-msec=20", file_.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~MonitorRecorder() { stop(); }
  MonitorRecorder(const MonitorRecorder&) = delete;
  MonitorRecorder& operator=(const MonitorRecorder&) = delete;
  // Stops recording and returns every sample recorded.
  std::vector<std::int16_t> stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    std::ifstream in(file_, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::vector<std::int16_t> s(bytes.size() / 2);
    for (std::size_t i = 0; i < s.size(); ++i)
      s[i] = static_cast<std::int16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                       (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
    return s;
  }
  int rate() const { return rate_; }

 private:
  int rate_;
  pid_t pid_ = -1;
  std::filesystem::path file_;
};

// Root mean square of samples [from, to) on a 0..1 scale (full scale = 1).
inline double rms(const std::vector<std::int16_t>& s, std::size_t from = 0,
                  std::size_t to = static_cast<std::size_t>(-1)) {
  to = std::min(to, s.size());
  if (from >= to) return 0;
  double sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += double(s[i]) * s[i];
  return std::sqrt(sum / double(to - from)) / 32768.0;
}

}  // namespace kindly::test
