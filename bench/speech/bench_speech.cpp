// kindly_speech_bench: the numbers docs/performance.md gives for spoken guidance.
//
//   1. espeak-ng synthesis of every step of a bundled practice: time per step, and how many
//      times faster than real time (no sound server needed).
//   2. Live speech on a private PulseAudio null sink, through the espeak-ng fallback and then
//      through speech-dispatcher: Start to the first word as the app does it (the practice's
//      introduction prepares the voice, then Start speaks), and the time from
//      Speaker::speak() to the first non-silent sample seen on the sink's monitor (parec) in
//      other cases; CPU of this process while speaking (synthesis + the audio thread), and
//      resident memory added by the speaker. Skipped when pulseaudio or parec is missing.
//
// Usage: kindly_speech_bench [PRACTICE]   (default: affectionate-breathing)
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "kindly/audio.h"
#include "kindly/loader.h"
#include "kindly/speech.h"

namespace fs = std::filesystem;
using namespace kindly;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (!log.empty() && !std::freopen(log.c_str(), "w", stderr)) _exit(126);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

void stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
}

void synthesis(const Course& course, const Practice& p) {
  std::string why;
  auto synth = speech::Synthesizer::open(&why);
  if (!synth) {
    std::printf("espeak-ng: unavailable (%s)\n", why.c_str());
    return;
  }
  speech::VoiceOptions o;
  o.language = course.language;
  o.words_per_minute = course.speech.words_per_minute;
  std::vector<double> ms;
  double audio_s = 0;
  for (const auto& step : p.script) {
    const auto t0 = Clock::now();
    auto pcm = synth->synthesize(step.text, o, &why);
    ms.push_back(ms_since(t0));
    if (pcm) audio_s += pcm->seconds();
  }
  double total = 0;
  for (double m : ms) total += m;
  std::printf(
      "espeak-ng synthesis, %s (%zu steps): mean %.1f ms, max %.1f ms per step; "
      "%.1f s of speech in %.0f ms (%.0fx real time)\n",
      p.id.c_str(), ms.size(), total / ms.size(), *std::max_element(ms.begin(), ms.end()), audio_s,
      total, audio_s / (total / 1000));
}

// `backend` is KINDLY_SPEECH's value: "espeak-ng" (in-process) or "speech-dispatcher" (its
// server started on demand in the private runtime folder, speaking into the same sink).
void live(const Course& course, const Practice& p, const std::string& backend) {
  if (std::system("command -v pulseaudio >/dev/null && command -v parec >/dev/null") != 0) {
    std::printf("live speech: skipped (pulseaudio or parec not installed)\n");
    return;
  }
  std::string t = (fs::temp_directory_path() / "kindly-speech-bench-XXXXXX").string();
  if (!mkdtemp(t.data())) return;
  const fs::path dir = t, socket = dir / "native", raw = dir / "monitor.raw";
  setenv("HOME", dir.c_str(), 1);
  setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
  const pid_t server =
      spawn({"pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "-L",
             "module-null-sink sink_name=bench", "-L",
             "module-native-protocol-unix socket=" + socket.string() + " auth-anonymous=1"},
            dir / "pulse.log");
  for (int i = 0; i < 100 && !fs::exists(socket); ++i) usleep(50000);
  setenv("PULSE_SERVER", ("unix:" + socket.string()).c_str(), 1);
  setenv("KINDLY_SPEECH", backend.c_str(), 1);
  const int rate = 16000;  // the recording's
  const pid_t rec =
      spawn({"parec", "--device=bench.monitor", "--raw", "--format=s16le",
             "--rate=" + std::to_string(rate), "--channels=1", "--latency-msec=10", raw.string()},
            {});
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the recording is running

  const long rss0 = rss_kb();
  audio::Player player;
  auto speaker = speech::Speaker::create(&player);
  speech::VoiceOptions o;
  o.language = course.language;
  std::string text;  // the first three steps: a long utterance
  for (std::size_t i = 0; i < std::min<std::size_t>(3, p.script.size()); ++i)
    text += p.script[i].text + " ";
  // Speaks `what`, returns the ms from speak() to the first clearly non-silent sample seen on
  // the monitor (the recording is polled as it grows: seen within parec's 10 ms latency and
  // this 5 ms poll, so an upper bound), and waits for the end.
  auto time_to_sound = [&](const std::string& what) {
    std::size_t scanned = fs::file_size(raw) & ~std::size_t{1};
    const auto t0 = Clock::now();
    std::atomic<bool> done{false};
    speaker->speak(what, o, [&] { done = true; });
    double first = -1;
    while (first < 0 && ms_since(t0) < 10000) {
      std::ifstream in(raw, std::ios::binary);
      in.seekg(static_cast<std::streamoff>(scanned));
      std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
      for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        const auto v = static_cast<std::int16_t>(static_cast<unsigned char>(bytes[i]) |
                                                 (static_cast<unsigned char>(bytes[i + 1]) << 8));
        if (std::abs(v) > 300) {
          first = ms_since(t0);
          break;
        }
      }
      scanned += bytes.size() & ~std::size_t{1};
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    while (!done && ms_since(t0) < 120000)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return first;
  };
  // As the app does it: the practice's introduction opens and prepares the voice (the
  // speaker; the backend chosen, the voice data loaded, the stream's server met), the user
  // reads it, then Start speaks the first step. This is "Start to the first word".
  speaker->prepare(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const double started = time_to_sound(p.script.front().text);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double cpu0 = cpu_seconds();
  const auto t_all = Clock::now();
  const double first = time_to_sound(text);  // a long utterance, synthesized whole
  const double wall = ms_since(t_all) / 1000, cpu = cpu_seconds() - cpu0;
  const long rss1 = rss_kb();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double warm = time_to_sound(p.script.front().text);  // one step, as the player speaks
  // A new speaker (a new connection and stream; the libraries already loaded).
  speaker = speech::Speaker::create(&player);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const double fresh = time_to_sound(p.script.front().text);
  stop(rec);
  std::printf(
      "live speech (%s): Start to the first word, the voice prepared by the "
      "introduction: %.0f ms; speak() to the first sound on the monitor: %.0f ms (3 steps), "
      "%.0f ms (one step), %.0f ms (one step, new speaker); %.1f s spoken, CPU %.1f%% of a "
      "core; resident memory +%.1f MiB\n",
      speech::to_string(speaker->backend()), started, first, warm, fresh, wall, 100 * cpu / wall,
      (rss1 - rss0) / 1024.0);
  speaker.reset();
  // speech-dispatcher's server, when it was started, runs on its own: stop it too.
  if (std::ifstream pid{dir / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"}; pid) {
    pid_t sd = 0;
    if (pid >> sd && sd > 0) kill(sd, SIGTERM);
  }
  stop(server);
  fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string id = argc > 1 ? argv[1] : "affectionate-breathing";
  LoadResult r = load_course(KINDLY_BUNDLED_COURSE);
  if (!r.course) return 1;
  const Practice* p = r.course->practice(id);
  if (!p) {
    std::fprintf(stderr, "no practice '%s'\n", id.c_str());
    return 2;
  }
  synthesis(*r.course, *p);
  live(*r.course, *p, "espeak-ng");
  live(*r.course, *p, "speech-dispatcher");
  return 0;
}
