// kindly_speech without a sound server: espeak-ng synthesis to a buffer, render_practice's
// layout, encoding to WAV/FLAC/Ogg read back with libsndfile, and `kindly render` through the
// CLI's entry point (files, exit codes, refusal codes). Label `speech`; CI runs it.
//
// Sections: helpers · synthesis · rendering · kindly render.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sndfile.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "in_process.h"
#include "kindly/loader.h"
#include "kindly/recordings.h"
#include "kindly/render.h"
#include "kindly/speech.h"
#include "kindly/speech_fake.h"
#include "pulse_server.h"
#include "speech_internal.h"
#include "wav_file.h"

namespace fs = std::filesystem;
using namespace kindly;
using kindly::test::rms;

namespace {

// ---- helpers --------------------------------------------------------------------------------

const std::string kCourseEn = KINDLY_BUNDLED_COURSE;
const std::string kCourseEs = std::string(KINDLY_BUNDLED_COURSE) + "-es";
const char* const kPractice = "soles-of-the-feet";  // 3 minutes, 8 steps, start and end bells

class Tmp {
 public:
  Tmp() {
    std::string t = (fs::temp_directory_path() / "kindly-speech-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~Tmp() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
  fs::path path;
};

std::shared_ptr<const Course> load(const std::string& dir) {
  LoadResult r = load_course(dir);
  REQUIRE(r.course);
  return r.course;
}

std::unique_ptr<speech::Synthesizer> synth() {
  std::string why;
  auto s = speech::Synthesizer::open(&why);
  INFO(why);
  REQUIRE(s);
  return s;
}

struct ReadBack {
  int rate = 0, channels = 0, format = 0;
  std::vector<std::int16_t> samples;
  double seconds() const { return rate > 0 ? double(samples.size()) / rate : 0; }
};

ReadBack read_back(const fs::path& p) {
  SF_INFO info{};
  SNDFILE* f = sf_open(p.c_str(), SFM_READ, &info);
  REQUIRE_MESSAGE(f != nullptr, sf_strerror(nullptr));
  ReadBack r{info.samplerate, info.channels, info.format, {}};
  r.samples.resize(static_cast<std::size_t>(info.frames * info.channels));
  CHECK(sf_readf_short(f, r.samples.data(), info.frames) == info.frames);
  sf_close(f);
  return r;
}

std::size_t at(double s, int rate) {
  return static_cast<std::size_t>(std::max(0.0, s) * rate);
}

}  // namespace

// ---- synthesis ------------------------------------------------------------------------------

TEST_CASE("speech: language and rate mapping for espeak-ng") {
  CHECK(speech::espeak_language("en-GB") == "en-gb");
  CHECK(speech::espeak_language("pt_BR") == "pt-br");
  CHECK(speech::espeak_language("es") == "es");
  CHECK(speech::espeak_language("") == "en");
  CHECK(speech::espeak_words_per_minute(0) == 175);
  CHECK(speech::espeak_words_per_minute(-100) == 88);
  CHECK(speech::espeak_words_per_minute(100) == 350);
  CHECK(speech::espeak_words_per_minute(-1000) == 88);  // clamped
  CHECK(speech::espeak_words_per_minute(50) > 175);
  CHECK(speech::espeak_words_per_minute(0, 130) == 130);
  CHECK(speech::espeak_words_per_minute(-100, 130) == 80);  // 65, raised to espeak-ng's floor
  CHECK(std::string(speech::to_string(speech::Backend::SpeechDispatcher)) == "speech-dispatcher");
}

TEST_CASE("speech: the espeak-ng speaker starts on the first sentence") {
  const std::string two = "Settle into a comfortable position.  Let your eyes close if you wish.";
  const std::size_t cut = speech::first_sentence_end(two);
  CHECK(two.substr(0, cut) == "Settle into a comfortable position.  ");
  CHECK(two.substr(cut) == "Let your eyes close if you wish.");
  // One sentence, or a first sentence too short to be worth its own start: all at once.
  CHECK(speech::first_sentence_end("Breathe in slowly.") == 18);
  CHECK(speech::first_sentence_end("Now. Breathe in and feel the air.") == 33);
  // A full stop inside a number or a name is not a sentence's end; "…" and "?" are.
  CHECK(speech::first_sentence_end("Rest for 2.5 breaths or so, softly") == 34);
  const std::string ellipsis = "And when you are ready\u2026 open your eyes.";
  CHECK(ellipsis.substr(speech::first_sentence_end(ellipsis)) == "open your eyes.");
  const std::string question = "What would a good friend say now? Listen.";
  CHECK(question.substr(speech::first_sentence_end(question)) == "Listen.");
  // Trailing spaces after the only sentence leave nothing to speak second.
  CHECK(speech::first_sentence_end("One sentence that is long enough.   ") == 36);
}

TEST_CASE("speech: espeak-ng synthesizes to a buffer: sound, longer text is longer, rate") {
  auto s = synth();
  std::string err;
  speech::VoiceOptions o;
  o.language = "en-GB";
  auto short_pcm = s->synthesize("Breathe in.", o, &err);
  REQUIRE_MESSAGE(short_pcm, err);
  CHECK(short_pcm->sample_rate > 8000);
  CHECK(rms(short_pcm->samples) > 0.02);
  auto long_pcm = s->synthesize(
      "Breathe in, and let the breath be easy. Breathe out, and let the body soften a little.", o,
      &err);
  REQUIRE(long_pcm);
  CHECK(long_pcm->seconds() > 2 * short_pcm->seconds());
  o.rate = -100;
  auto slow = s->synthesize("Breathe in, and let the breath be easy.", o, &err);
  o.rate = 100;
  auto fast = s->synthesize("Breathe in, and let the breath be easy.", o, &err);
  REQUIRE(slow);
  REQUIRE(fast);
  CHECK(slow->seconds() > 1.5 * fast->seconds());
  o.rate = 0;
  o.volume = 0.25;
  auto quiet = s->synthesize("Breathe in.", o, &err);
  REQUIRE(quiet);
  CHECK(rms(quiet->samples) < 0.5 * rms(short_pcm->samples));
}

TEST_CASE("speech: the Spanish voice works, and an unknown voice or language is an error") {
  auto s = synth();
  std::string err;
  speech::VoiceOptions o;
  o.language = "es";
  auto pcm = s->synthesize("Inspira despacio y nota el aire.", o, &err);
  REQUIRE_MESSAGE(pcm, err);
  CHECK(rms(pcm->samples) > 0.02);
  const auto voices = s->voices();
  CHECK(voices.size() > 10);
  bool has_es = false;
  for (const auto& v : voices) has_es = has_es || v.language == "es";
  CHECK(has_es);

  o.voice = "no-such-voice-xyz";
  err.clear();
  CHECK_FALSE(s->synthesize("hola", o, &err));
  CHECK_FALSE(err.empty());
  o.voice.clear();
  o.language = "xx-nowhere";
  err.clear();
  CHECK_FALSE(s->synthesize("hello", o, &err));
  CHECK_FALSE(err.empty());
  // A region espeak-ng has no voice for falls back to the language.
  o.language = "en-ZZ";
  CHECK(s->synthesize("hello", o, &err));
}

TEST_CASE("speech: KINDLY_SPEECH=none gives Backend::None, a reason, and done at once") {
  setenv("KINDLY_SPEECH", "none", 1);
  auto speaker = speech::Speaker::create(nullptr);
  CHECK(speaker->backend() == speech::Backend::None);  // not tried yet
  CHECK(speaker->voices().empty());                    // tries now
  CHECK(speaker->backend() == speech::Backend::None);
  CHECK_FALSE(speaker->reason().empty());
  std::promise<void> done;
  speaker->speak("hello", {}, [&] { done.set_value(); });
  CHECK(done.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK_FALSE(speaker->speaking());
  unsetenv("KINDLY_SPEECH");
}

TEST_CASE("speech: the fake speaker records calls and finishes when told") {
  speech::FakeSpeaker f;
  int done = 0;
  f.speak("one", {}, [&] { ++done; });
  CHECK(f.speaking());
  f.pause();
  CHECK(f.paused());
  f.resume();
  CHECK(f.finish());
  CHECK(done == 1);
  CHECK_FALSE(f.finish());
  f.speak("two", {}, [&] { ++done; });
  f.stop();
  CHECK_FALSE(f.finish());
  CHECK(done == 1);              // stopped: not done
  CHECK(f.calls().size() == 5);  // speak pause resume speak stop
  CHECK(f.calls()[0].text == "one");
  f.set_backend(speech::Backend::None, "no voice");
  CHECK(f.backend() == speech::Backend::None);
  CHECK(f.reason() == "no voice");
}

// ---- rendering ------------------------------------------------------------------------------

TEST_CASE("speech: render_practice follows the measured timeline: speech, then silence") {
  auto course = load(kCourseEn);
  const Practice* p = course->practice(kPractice);
  REQUIRE(p);
  auto s = synth();
  speech::RenderOptions o;
  o.synthesizer = s.get();
  o.bells = false;
  auto r = speech::render_practice(*course, *p, o);
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  const Timeline& t = r->timeline;
  REQUIRE(t.steps.size() == p->script.size());
  for (const auto& st : t.steps) CHECK(st.measured);
  CHECK(r->seconds() == doctest::Approx(t.total_s).epsilon(0.001));
  CHECK(r->bell_s.empty());
  const int rate = r->pcm.sample_rate;
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const auto& st = t.steps[i];
    CAPTURE(i);
    CHECK(r->step_start_s[i] == doctest::Approx(st.start_s));
    CHECK(rms(r->pcm.samples, at(st.start_s, rate), at(st.start_s + st.speech_s, rate)) > 0.02);
    if (st.pause_s > 0.5)
      CHECK(rms(r->pcm.samples, at(st.start_s + st.speech_s + 0.05, rate),
                at(st.end_s - 0.05, rate)) < 0.001);
  }
}

TEST_CASE("speech: render_practice rings the bells and uses a step's own recording") {
  auto course = load(kCourseEn);
  const Practice* p = course->practice(kPractice);
  REQUIRE(p);
  auto s = synth();
  speech::RenderOptions o;
  o.synthesizer = s.get();
  // Step 2 "recorded": 3 s of a steady tone at another rate (resampled to the output's).
  o.step_audio = [](std::size_t step) -> std::optional<speech::Pcm> {
    if (step != 1) return std::nullopt;
    speech::Pcm pcm;
    pcm.sample_rate = 8000;
    for (int i = 0; i < 3 * 8000; ++i)
      pcm.samples.push_back(static_cast<std::int16_t>(8000 * std::sin(i * 0.3)));
    return pcm;
  };
  auto r = speech::render_practice(*course, *p, o);
  REQUIRE(r);
  const Timeline& t = r->timeline;
  CHECK(t.steps[1].speech_s == doctest::Approx(3.0));
  REQUIRE(r->bell_s.size() == 2);  // start and end
  CHECK(r->bell_s[0] == 0.0);
  CHECK(r->bell_s[1] == doctest::Approx(t.total_s));
  CHECK(r->seconds() == doctest::Approx(t.total_s + o.bell_seconds).epsilon(0.001));
  CHECK(std::abs(r->seconds() - t.total_s) <= 0.05 * t.total_s);
  const int rate = r->pcm.sample_rate;
  CHECK(rms(r->pcm.samples, at(t.total_s + 0.05, rate), at(t.total_s + 1.0, rate)) > 0.02);
}

TEST_CASE("speech: encode writes WAV, FLAC and Ogg that read back at the same length") {
  speech::Pcm pcm;
  pcm.sample_rate = 22050;
  for (int i = 0; i < 22050 * 2; ++i)
    pcm.samples.push_back(static_cast<std::int16_t>(10000 * std::sin(i * 0.05)));
  Tmp tmp;
  for (auto [name, fmt] :
       {std::pair{"a.wav", speech::FileFormat::Wav}, std::pair{"a.flac", speech::FileFormat::Flac},
        std::pair{"a.ogg", speech::FileFormat::Ogg}}) {
    CAPTURE(name);
    CHECK(speech::format_for(name) == fmt);
    auto bytes = speech::encode(pcm, fmt);
    REQUIRE(bytes);
    const fs::path f = tmp.path / name;
    {
      std::ofstream out(f, std::ios::binary);
      out << bytes.value();
    }
    ReadBack rb = read_back(f);
    CHECK(rb.rate == 22050);
    CHECK(rb.channels == 1);
    CHECK(rb.seconds() == doctest::Approx(2.0).epsilon(0.01));
    CHECK(rms(rb.samples) > 0.1);
  }
  CHECK(speech::format_for("x.OGG") == speech::FileFormat::Ogg);
  CHECK_FALSE(speech::format_for("x.mp3"));
  CHECK_FALSE(speech::format_for("wav"));
  CHECK_FALSE(speech::format_for("dir.wav/file"));
}

// ---- kindly render --------------------------------------------------------------------------

TEST_CASE("cli render: wav, flac and ogg of a bundled practice: length, speech, silence") {
  Tmp tmp;
  auto course = load(kCourseEn);
  const Practice* p = course->practice(kPractice);
  for (const char* ext : {"wav", "flac", "ogg"}) {
    CAPTURE(ext);
    const fs::path out = tmp.path / (std::string("soles.") + ext);
    auto run = kindly_test::run_in_process({"--json", "--course", kCourseEn, "render", kPractice,
                                            "--out", out.string(), "--no-bells"});
    INFO(run.out, run.err);
    REQUIRE(run.code == 0);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["ok"] == true);
    const double timeline = j["timeline_seconds"];
    CHECK(timeline > 0.9 * 60 * p->minutes);  // bundled practices are timed within 10%
    ReadBack rb = read_back(out);
    CHECK(rb.channels == 1);
    CHECK(std::abs(rb.seconds() - timeline) <= 0.05 * timeline);
    CHECK(rb.seconds() == doctest::Approx(double(j["seconds"])).epsilon(0.01));
    // Speech in each step's first second, silence in the middle of each long pause.
    const auto starts = j["step_starts"].get<std::vector<double>>();
    REQUIRE(starts.size() == p->script.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      CAPTURE(i);
      CHECK(rms(rb.samples, at(starts[i] + 0.1, rb.rate), at(starts[i] + 1.0, rb.rate)) > 0.02);
      const double end = i + 1 < starts.size() ? starts[i + 1] : timeline;
      if (p->script[i].pause_s >= 4)
        CHECK(rms(rb.samples, at(end - p->script[i].pause_s / 2.0, rb.rate),
                  at(end - 0.5, rb.rate)) < 0.002);
    }
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  // Text output names the file and the length; bells add the end bell's ring.
  const fs::path out = tmp.path / "with-bells.wav";
  auto run = kindly_test::run_in_process(
      {"--course", kCourseEn, "render", kPractice, "--out", out.string()});
  CHECK(run.code == 0);
  CHECK(run.out.find(out.string()) != std::string::npos);
  CHECK(fs::exists(out));
}

TEST_CASE("cli render: the Spanish course renders in Spanish") {
  Tmp tmp;
  const fs::path out = tmp.path / "pies.wav";
  auto run = kindly_test::run_in_process(
      {"--json", "--course", kCourseEs, "render", kPractice, "--out", out.string()});
  INFO(run.out, run.err);
  REQUIRE(run.code == 0);
  CHECK(read_back(out).seconds() > 60);
}

TEST_CASE("cli render refusals: bad extension, unknown practice, unwritable folder") {
  Tmp tmp;
  auto code_of = [](const kindly_test::CliRun& r) {
    auto j = nlohmann::json::parse(r.out);
    return j["error"].value("code", std::string());
  };
  // An unknown extension: a usage error, before any work (nothing is written).
  auto bad = kindly_test::run_in_process({"--json", "--course", kCourseEn, "render", kPractice,
                                          "--out", (tmp.path / "x.mp3").string()});
  CHECK(bad.code == 2);
  CHECK(nlohmann::json::parse(bad.out)["error"]["kind"] == "usage");
  auto none = kindly_test::run_in_process(
      {"--course", kCourseEn, "render", kPractice, "--out", (tmp.path / "noext").string()});
  CHECK(none.code == 2);

  auto unknown =
      kindly_test::run_in_process({"--json", "--course", kCourseEn, "render", "no-such-practice",
                                   "--out", (tmp.path / "x.wav").string()});
  CHECK(unknown.code == 1);
  CHECK(code_of(unknown) == "R005");

  fs::create_directory(tmp.path / "folder.wav");
  auto folder = kindly_test::run_in_process({"--json", "--course", kCourseEn, "render", kPractice,
                                             "--out", (tmp.path / "folder.wav").string()});
  CHECK(folder.code == 1);
  CHECK(code_of(folder) == "R040");

  auto missing = kindly_test::run_in_process({"--json", "--course", kCourseEn, "render", kPractice,
                                              "--out", (tmp.path / "nope" / "x.wav").string()});
  CHECK(missing.code == 1);

  const fs::path ro = tmp.path / "read-only";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(ro.c_str(), W_OK) != 0) {  // (root could write anyway)
    auto r = kindly_test::run_in_process(
        {"--course", kCourseEn, "render", kPractice, "--out", (ro / "x.wav").string()});
    CHECK(r.code == 1);
    CHECK(fs::is_empty(ro));
  }
  auto rate = kindly_test::run_in_process({"--course", kCourseEn, "render", kPractice, "--out",
                                           (tmp.path / "x.wav").string(), "--rate", "500"});
  CHECK(rate.code == 2);
  CHECK(fs::is_empty(tmp.path / "read-only"));
  CHECK(fs::is_empty(tmp.path / "folder.wav"));
  CHECK_FALSE(fs::exists(tmp.path / "x.wav"));
  CHECK_FALSE(fs::exists(tmp.path / "x.mp3"));
}

TEST_CASE("cli render: a step the user recorded is their voice in the file, timed by its length") {
  Tmp tmp;
  auto course = load(kCourseEn);
  const Practice* p = course->practice(kPractice);
  REQUIRE(p->script.size() >= 2);
  // Seven seconds of a 440 Hz tone as the user's recording of step 1 (48 kHz, as recorded).
  std::vector<std::int16_t> tone(7 * 48000);
  for (std::size_t i = 0; i < tone.size(); ++i)
    tone[i] = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440.0 * i / 48000.0));
  const fs::path data = tmp.path / "data";
  fs::create_directories(data);
  REQUIRE(kindly::save_recording(data, p->id, 1, kindly::test::wav_bytes(tone, 48000)).ok());
  const fs::path out = tmp.path / "mine.wav";
  auto run =
      kindly_test::run_in_process({"--json", "--course", kCourseEn, "--data-dir", data.string(),
                                   "render", kPractice, "--out", out.string(), "--no-bells"});
  INFO(run.out, run.err);
  REQUIRE(run.code == 0);
  auto j = nlohmann::json::parse(run.out);
  const auto starts = j["step_starts"].get<std::vector<double>>();
  // Step 1 lasts the recording, then its pause.
  CHECK(starts[1] - starts[0] == doctest::Approx(7.0 + p->script[0].pause_s).epsilon(0.02));
  ReadBack rb = read_back(out);
  CHECK(rms(rb.samples, at(starts[0] + 1.0, rb.rate), at(starts[0] + 6.0, rb.rate)) > 0.1);
}
