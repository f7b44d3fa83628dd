// The live Speaker against a private PulseAudio server with a null sink: what it says is
// heard on the sink's monitor (parec), and pause, resume and stop act on it. First with
// KINDLY_SPEECH=espeak-ng (in-process synthesis played through kindly_audio), then through
// speech-dispatcher when it is installed: it is autospawned by libspeechd inside the test's
// own XDG_RUNTIME_DIR, plays to the test's server (PULSE_SERVER is inherited), and is stopped
// by the pid it writes. Labels `speech;audio`.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kindly/audio.h"
#include "kindly/speech.h"
#include "pulse_server.h"

namespace fs = std::filesystem;
using namespace kindly;
using namespace std::chrono_literals;

namespace {

const char* const kSentence =
    "Breathe in slowly, and notice the air as it enters. Then let the breath go, and let your "
    "shoulders soften.";

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

speech::VoiceOptions english() {
  speech::VoiceOptions o;
  o.language = "en-GB";
  return o;
}

// Seconds of `kSentence` as espeak-ng says it (what the live voice needs, roughly).
double sentence_seconds() {
  std::string why;
  auto s = speech::Synthesizer::open(&why);
  REQUIRE(s);
  auto pcm = s->synthesize(kSentence, {}, &why);
  REQUIRE(pcm);
  return pcm->seconds();
}

// Speaks kSentence: heard on the monitor, `done` once; then pause holds it past its length
// (done not called) and resume lets it end; then stop silences it without `done`.
void speak_pause_resume_stop(speech::Speaker& speaker, const test::NullServer& server) {
  const double length = sentence_seconds();
  test::MonitorRecorder rec(server);
  std::atomic<int> done{0};
  speaker.speak(kSentence, english(), [&] { ++done; });
  CHECK(speaker.speaking());
  REQUIRE(eventually([&] { return done.load() == 1; },
                     std::chrono::milliseconds(int(length * 1000) + 15000)));
  CHECK_FALSE(speaker.speaking());
  const auto heard = rec.stop();
  CHECK(test::rms(heard) > 0.01);

  done = 0;
  speaker.speak(kSentence, english(), [&] { ++done; });
  std::this_thread::sleep_for(1500ms);
  speaker.pause();
  std::this_thread::sleep_for(std::chrono::milliseconds(int(length * 1000) + 1000));
  CHECK(done == 0);  // held: it would have ended by now
  CHECK(speaker.speaking());
  speaker.resume();
  CHECK(eventually([&] { return done.load() == 1; },
                   std::chrono::milliseconds(int(length * 1000) + 15000)));

  done = 0;
  speaker.speak(kSentence, english(), [&] { ++done; });
  std::this_thread::sleep_for(800ms);
  speaker.stop();
  CHECK_FALSE(speaker.speaking());
  std::this_thread::sleep_for(std::chrono::milliseconds(int(length * 1000) + 500));
  CHECK(done == 0);
}

}  // namespace

TEST_CASE("speaker: espeak-ng through a null sink is heard; pause, resume, stop act on it") {
  test::NullServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  setenv("KINDLY_SPEECH", "espeak-ng", 1);
  audio::Player player;
  auto speaker = speech::Speaker::create(&player);
  CHECK(speaker->backend() == speech::Backend::None);  // nothing connects before use
  CHECK_FALSE(speaker->voices().empty());
  CHECK(speaker->backend() == speech::Backend::EspeakNg);
  CHECK(speaker->reason().empty());
  speak_pause_resume_stop(*speaker, server);
  unsetenv("KINDLY_SPEECH");
}

TEST_CASE("speaker: forced espeak-ng without a player has no voice, and says why") {
  setenv("KINDLY_SPEECH", "espeak-ng", 1);
  auto speaker = speech::Speaker::create(nullptr);
  speaker->voices();
  CHECK(speaker->backend() == speech::Backend::None);
  CHECK_FALSE(speaker->reason().empty());
  unsetenv("KINDLY_SPEECH");
}

TEST_CASE("speaker: speech-dispatcher, autospawned, speaks to the test's server") {
  if (std::system("command -v speech-dispatcher >/dev/null 2>&1") != 0) {
    MESSAGE("speech-dispatcher is not installed: skipped");
    return;
  }
  test::NullServer server;
  if (!server.running()) {
    MESSAGE("pulseaudio is not installed: skipped");
    return;
  }
  // speech-dispatcher's socket, pid file and logs go into the server's private folder.
  const std::string old_runtime = getenv("XDG_RUNTIME_DIR") ? getenv("XDG_RUNTIME_DIR") : "";
  const std::string old_home = getenv("HOME") ? getenv("HOME") : "";
  setenv("XDG_RUNTIME_DIR", server.dir().c_str(), 1);
  setenv("HOME", server.dir().c_str(), 1);
  setenv("KINDLY_SPEECH", "speech-dispatcher", 1);
  {
    audio::Player player;
    auto speaker = speech::Speaker::create(&player);
    speaker->voices();
    INFO("reason: ", speaker->reason());
    REQUIRE(speaker->backend() == speech::Backend::SpeechDispatcher);
    speak_pause_resume_stop(*speaker, server);
  }
  // Stop the speech-dispatcher this test started, by the pid it wrote.
  std::ifstream pid_file(server.dir() / "speech-dispatcher" / "pid" / "speech-dispatcher.pid");
  pid_t pid = 0;
  if (pid_file >> pid && pid > 0) ::kill(pid, SIGTERM);
  unsetenv("KINDLY_SPEECH");
  setenv("XDG_RUNTIME_DIR", old_runtime.c_str(), 1);
  setenv("HOME", old_home.c_str(), 1);
}
