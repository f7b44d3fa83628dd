// kindly_audio without a sound server: it says "unavailable" quickly, logs one line, and
// never blocks the caller.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <signal.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "kindly/audio.h"
#include "kindly/bell.h"
#include "kindly/crypto.h"
#include "kindly/recordings.h"
#include "pulse_server.h"
#include "wav_file.h"

using namespace kindly;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Points libpulse at a socket that does not exist (and forbids autospawn).
struct NoServer {
  NoServer() {
    setenv("PULSE_SERVER", "unix:/nonexistent/kindly-test/native", 1);
    setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  }
};

struct CapturedLog {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> old = spdlog::default_logger();
  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(old); }
  int lines() const {
    const std::string s = text.str();
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  }
};

fs::path temp_wav() {
  std::string t = (fs::temp_directory_path() / "kindly-audio-XXXXXX").string();
  REQUIRE(::mkdtemp(t.data()) != nullptr);
  const fs::path p = fs::path(t) / "tone.wav";
  BellParams b;
  b.sample_rate = 22050;
  b.seconds = 0.5;
  REQUIRE(test::write_wav(p, to_pcm16(render_bell(b)), b.sample_rate).ok());
  return p;
}

}  // namespace

TEST_CASE("audio: with no server, play_bell returns at once and status becomes unavailable") {
  NoServer none;
  CapturedLog log;
  audio::Player player;
  CHECK(player.status() == audio::Status::Unknown);
  const auto t0 = std::chrono::steady_clock::now();
  player.play_bell(0.8);
  CHECK(std::chrono::steady_clock::now() - t0 < 50ms);  // the caller never waits
  REQUIRE(player.wait_idle(3s));
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  CHECK(player.status() == audio::Status::Unavailable);
  CHECK(std::string(audio::to_string(player.status())) == "unavailable");
  CHECK_FALSE(player.last_error().empty());
  CHECK_FALSE(player.playing());

  // Again, and a file: still silent, still quick, and still one log line in all.
  const fs::path wav = temp_wav();
  player.play_bell();
  CHECK(player.play_file(wav));
  REQUIRE(player.wait_idle(3s));
  CHECK(player.status() == audio::Status::Unavailable);
  CHECK(log.lines() == 1);
  CHECK(log.text.str().find("audio: no sound output") != std::string::npos);
  fs::remove_all(wav.parent_path());
}

TEST_CASE("audio: a file that cannot be decoded is refused with a reason") {
  NoServer none;
  audio::Player player;
  CHECK_FALSE(player.play_file("/nonexistent/practice.ogg"));
  CHECK(player.last_error().find("/nonexistent/practice.ogg") == 0);
  CHECK_FALSE(player.playing());
}

TEST_CASE("audio: a sealed recording plays from memory with the data key, refused without it") {
  NoServer none;
  crypto::init();
  const fs::path wav = temp_wav();
  const fs::path data = wav.parent_path() / "data";
  fs::create_directories(data);
  const auto key = crypto::Key::random();
  std::ifstream in(wav, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto saved = save_recording(data, "breathing", 1, bytes, "wav", key.get());
  REQUIRE(saved.ok());
  REQUIRE(is_sealed_recording(saved.value().path));
  // The length reads the same as the plain file's; without the key there is none.
  CHECK(audio::recording_seconds(saved.value().path, key.get()).value_or(0) ==
        doctest::Approx(0.5));
  CHECK_FALSE(audio::recording_seconds(saved.value().path, nullptr));
  CHECK(audio::recording_seconds(wav, nullptr).value_or(0) == doctest::Approx(0.5));
  audio::Player player;
  CHECK_FALSE(player.play_file(saved.value().path));
  CHECK(player.last_error().find("sealed") != std::string::npos);
  CHECK(player.play_file(saved.value().path, key.get()));
  REQUIRE(player.wait_idle(3s));
  fs::remove_all(wav.parent_path());
}

TEST_CASE("audio: volume and mute are kept and clamped; stop and destruction never hang") {
  NoServer none;
  const auto t0 = std::chrono::steady_clock::now();
  {
    audio::Player player;
    player.set_volume(1.7);
    CHECK(player.volume() == 1.0);
    player.set_volume(-1);
    CHECK(player.volume() == 0.0);
    player.set_volume(0.4);
    CHECK(player.volume() == doctest::Approx(0.4));
    player.set_muted(true);
    CHECK(player.muted());
    player.play_bell();
    CHECK_FALSE(player.playing());  // muted: nothing queued
    player.set_muted(false);
    player.play_bell();
    player.stop();
    player.stop();
  }  // destructor joins the thread
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
}

// ---- with a real (null-sink) PulseAudio server, when the pulseaudio binary is installed ----

using test::NullServer;  // tests/support/pulse_server.h

TEST_CASE("audio: with a null-sink server, files and the bell play, and stop is quick") {
  NullServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  const fs::path wav = temp_wav();  // 0.5 s at 22050 Hz
  audio::Player player;
  REQUIRE(player.play_file(wav));
  CHECK(player.playing());
  REQUIRE(player.wait_idle(5s));
  CHECK(player.status() == audio::Status::Ready);
  CHECK(player.duration_seconds() == doctest::Approx(0.5));
  CHECK(player.position_seconds() == doctest::Approx(0.5));

  // The six-second bell, stopped early: silence within a fraction of a second.
  player.play_bell(0.5);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (player.position_seconds() < 0.3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  CHECK(player.position_seconds() >= 0.3);
  CHECK(player.duration_seconds() == doctest::Approx(6.0));
  const auto t0 = std::chrono::steady_clock::now();
  player.stop();
  REQUIRE(player.wait_idle(2s));
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  CHECK(player.position_seconds() < 3.0);
  CHECK(player.status() == audio::Status::Ready);
  fs::remove_all(wav.parent_path());
}

// ---- play_pcm: speech's path (mono 16-bit PCM), with pause and resume ----------------------

namespace {

std::vector<std::int16_t> tone_pcm(double seconds, int rate) {
  BellParams b;
  b.sample_rate = rate;
  b.seconds = seconds;
  b.beat_hz = 0;
  b.partials = {{1.0, 1.0, 100.0}};  // a steady sine: loud from start to end
  return to_pcm16(render_bell(b));
}

// Polls `pred` every 10 ms until it holds or `limit` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

}  // namespace

TEST_CASE("audio: play_pcm with no server reports 'not played' once, and refuses a bad rate") {
  NoServer none;
  audio::Player player;
  CHECK_FALSE(player.play_pcm({1, 2, 3}, 0));
  CHECK_FALSE(player.last_error().empty());
  std::atomic<int> calls{0};
  std::atomic<bool> played{true};
  REQUIRE(player.play_pcm(tone_pcm(0.2, 22050), 22050, [&](bool p) {
    played = p;
    ++calls;
  }));
  REQUIRE(player.wait_idle(3s));
  CHECK(calls == 1);
  CHECK_FALSE(played);
  CHECK(player.status() == audio::Status::Unavailable);
}

TEST_CASE("audio: with a null-sink server, play_pcm is heard; pause holds it, resume ends it") {
  NullServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  test::MonitorRecorder rec(server);
  audio::Player player;
  std::atomic<int> calls{0};
  std::atomic<bool> played{false};
  REQUIRE(player.play_pcm(tone_pcm(1.5, 22050), 22050, [&](bool p) {
    played = p;
    ++calls;
  }));
  REQUIRE(eventually([&] { return player.position_seconds() >= 0.3; }));
  player.pause();
  CHECK(player.paused());
  // Held: the position stops moving (what the server buffered still plays out).
  std::this_thread::sleep_for(300ms);
  const double held = player.position_seconds();
  std::this_thread::sleep_for(400ms);
  CHECK(player.position_seconds() == doctest::Approx(held));
  CHECK(player.playing());
  CHECK(calls == 0);
  player.resume();
  CHECK_FALSE(player.paused());
  REQUIRE(player.wait_idle(5s));
  CHECK(calls == 1);
  CHECK(played);
  CHECK(player.position_seconds() == doctest::Approx(1.5));
  const auto heard = rec.stop();
  CHECK(test::rms(heard) > 0.05);  // the tone reached the sink

  // Stopped: `finished` is not called.
  calls = 0;
  REQUIRE(player.play_pcm(tone_pcm(2.0, 22050), 22050, [&](bool) { ++calls; }));
  REQUIRE(eventually([&] { return player.position_seconds() >= 0.2; }));
  player.stop();
  REQUIRE(player.wait_idle(2s));
  CHECK(calls == 0);
}
