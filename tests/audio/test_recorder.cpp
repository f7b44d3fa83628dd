// The Recorder (kindly/recorder.h): with no sound server it says why and writes nothing; with a
// real PulseAudio server whose default source is a null sink's monitor, a sine tone played into
// that sink is recorded as a step (issue 13, "Done when": a WAV fed through a virtual source is
// found recorded as a step).
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kindly/audio.h"
#include "kindly/recorder.h"
#include "kindly/recordings.h"
#include "wav_file.h"

using namespace kindly;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

fs::path temp_folder(const char* what) {
  std::string t = (fs::temp_directory_path() / (std::string(what) + "-XXXXXX")).string();
  REQUIRE(::mkdtemp(t.data()) != nullptr);
  return t;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The power of `freq` in `x` (Goertzel), normalised by the length.
double tone_power(const std::vector<std::int16_t>& x, int rate, double freq) {
  const double w = 2.0 * M_PI * freq / rate;
  const double c = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (std::int16_t v : x) {
    const double s0 = double(v) / 32768.0 + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double p = s1 * s1 + s2 * s2 - c * s1 * s2;
  return p / double(x.size() * x.size());
}

// A pulseaudio server on a private socket with one null sink whose monitor is the default
// source: what is played into the sink is what a recording hears. Stopped by pid at the end.
class LoopbackServer {
 public:
  LoopbackServer() {
    if (std::system("command -v pulseaudio >/dev/null 2>&1") != 0) return;
    dir_ = temp_folder("kindly-pulse-rec");
    socket_ = (dir_ / "native").string();
    const fs::path script = dir_ / "loopback.pa";
    std::ofstream(script) << "load-module module-null-sink sink_name=kindly_loop\n"
                          << "load-module module-native-protocol-unix socket=" << socket_
                          << " auth-anonymous=1\n"
                          << "set-default-sink kindly_loop\n"
                          << "set-default-source kindly_loop.monitor\n";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      setenv("HOME", dir_.c_str(), 1);
      setenv("XDG_RUNTIME_DIR", dir_.c_str(), 1);
      const std::string log = (dir_ / "pulse.log").string();
      if (!std::freopen(log.c_str(), "w", stderr)) ::_exit(126);
      ::execlp("pulseaudio", "pulseaudio", "-n", "-F", script.c_str(), "--daemonize=no",
               "--exit-idle-time=-1", "--log-target=stderr", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !fs::exists(socket_); ++i) usleep(50000);
    setenv("PULSE_SERVER", ("unix:" + socket_).c_str(), 1);
    setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  }
  ~LoopbackServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  bool running() const { return pid_ > 0 && fs::exists(socket_); }

 private:
  pid_t pid_ = -1;
  fs::path dir_;
  std::string socket_;
};

// A 440 Hz sine at half scale.
std::vector<std::int16_t> sine(int rate, double seconds, double freq) {
  std::vector<std::int16_t> s(static_cast<std::size_t>(rate * seconds));
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = static_cast<std::int16_t>(16000 * std::sin(2 * M_PI * freq * double(i) / rate));
  return s;
}

}  // namespace

TEST_CASE("recorder: with no sound server the reason is given and no file is left") {
  setenv("PULSE_SERVER", "unix:/nonexistent/kindly-test/native", 1);
  setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  CHECK_FALSE(audio::Recorder::probe().empty());
  const fs::path dir = temp_folder("kindly-rec");
  const fs::path take = dir / "take.wav";
  audio::Recorder rec;
  REQUIRE(rec.start(take));
  REQUIRE(rec.wait_done(10s));
  CHECK(rec.state() == audio::RecorderState::Failed);
  CHECK_FALSE(rec.last_error().empty());
  CHECK_FALSE(fs::exists(take));
  // A file that cannot be created: refused at once.
  CHECK_FALSE(rec.start(dir / "no-such-folder" / "take.wav"));
  CHECK(rec.state() == audio::RecorderState::Failed);
  fs::remove_all(dir);
}

TEST_CASE("recorder: a take in memory leaves no file anywhere and reads back as a whole WAV") {
  LoopbackServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  const fs::path dir = temp_folder("kindly-rec-mem");
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);  // a file made relative to the working folder would show here
  audio::Recorder rec;
  CHECK_FALSE(rec.take_bytes());  // nothing yet
  REQUIRE_MESSAGE(rec.start_in_memory(), rec.last_error());
  for (int i = 0; i < 200 && rec.seconds() < 1.0; ++i) std::this_thread::sleep_for(20ms);
  CHECK_FALSE(rec.take_bytes());  // not while recording
  rec.stop();
  REQUIRE(rec.wait_done(5s));
  REQUIRE_MESSAGE(rec.state() == audio::RecorderState::Finished, rec.last_error());
  fs::current_path(cwd);
  CHECK(fs::is_empty(dir));
  auto bytes = rec.take_bytes();
  REQUIRE(bytes);
  std::string why;
  auto wav = test::parse_wav(*bytes, &why);
  REQUIRE_MESSAGE(wav, why);
  CHECK(wav->sample_rate == 48000);
  CHECK(static_cast<double>(wav->samples.size()) / 48000.0 == doctest::Approx(rec.seconds()));
  CHECK(rec.seconds() >= 1.0);
  fs::remove_all(dir);
}

TEST_CASE("recorder: a tone played into the virtual source is recorded as a step") {
  LoopbackServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  REQUIRE_MESSAGE(audio::Recorder::probe().empty(), audio::Recorder::probe());
  const fs::path dir = temp_folder("kindly-rec");
  const fs::path data = dir / "data";
  fs::create_directories(data);
  const fs::path tone = dir / "tone.wav";
  REQUIRE(test::write_wav(tone, sine(48000, 4.0, 440.0), 48000).ok());

  const fs::path take = data / ".take.wav";
  audio::Recorder rec;
  REQUIRE(rec.start(take));
  // Wait (bounded) until capture runs, then play the tone into the sink.
  for (int i = 0; i < 200 && rec.seconds() < 0.2; ++i) std::this_thread::sleep_for(20ms);
  REQUIRE(rec.state() == audio::RecorderState::Recording);
  // paplay (pulseaudio-utils) plays it as any program would; without it, Kindly's Player.
  const bool have_paplay = std::system("command -v paplay >/dev/null 2>&1") == 0;
  audio::Player player;
  pid_t paplay = -1;
  if (have_paplay) {
    paplay = ::fork();
    REQUIRE(paplay >= 0);
    if (paplay == 0) {
      ::execlp("paplay", "paplay", tone.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  } else {
    REQUIRE(player.play_file(tone));
  }
  double peak = 0;
  for (int i = 0; i < 400 && rec.seconds() < 3.0; ++i) {
    peak = std::max(peak, rec.level());
    std::this_thread::sleep_for(20ms);
  }
  rec.stop();
  if (paplay > 0) {
    ::kill(paplay, SIGTERM);
    int status = 0;
    ::waitpid(paplay, &status, 0);
  }
  REQUIRE(rec.wait_done(5s));
  REQUIRE_MESSAGE(rec.state() == audio::RecorderState::Finished, rec.last_error());
  CHECK(peak > 0.05);  // the meter saw the tone
  struct stat st {};
  REQUIRE(::stat(take.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // Saved as step 2 of a practice, found where the player looks.
  auto saved = save_recording_file(data, "affectionate-breathing", 2, take);
  REQUIRE_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));
  fs::remove(take);
  auto found = find_recording(data, "affectionate-breathing", 2);
  REQUIRE(found);
  std::string why;
  auto wav = test::parse_wav(slurp(*found), &why);
  REQUIRE_MESSAGE(wav, why);
  CHECK(wav->sample_rate == 48000);
  CHECK(wav->channels == 1);
  CHECK(double(wav->samples.size()) / 48000.0 == doctest::Approx(rec.seconds()).epsilon(0.01));
  // The tone is there: its frequency stands far above a neighbour's, and it is loud.
  const double at_tone = tone_power(wav->samples, 48000, 440.0);
  const double beside = tone_power(wav->samples, 48000, 1000.0);
  CHECK(at_tone > 100 * beside);
  double sum = 0;
  for (std::int16_t v : wav->samples) sum += double(v) * v;
  CHECK(std::sqrt(sum / double(wav->samples.size())) / 32768.0 > 0.05);
  fs::remove_all(dir);
}
