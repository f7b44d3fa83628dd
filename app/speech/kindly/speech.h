// CONTRACT between the speech helper (implements it) and the player helper (uses it).
// Lives at app/speech/kindly/speech.h, library target `kindly_speech` (linked by the GUI and
// the CLI; never by the engine). The speech helper may ADD members; it must not change or remove
// these without telling the lead. The player helper codes against exactly this.
//
// Live speech: speech-dispatcher (libspeechd.so.2, loaded with dlopen via kindly/dynlib.h) so
// the desktop's chosen voice is used; when it is not there, espeak-ng in-process
// (libespeak-ng.so.1, dlopen) synthesizing to PCM played through kindly::audio::Player (which
// gains a play_pcm()). When neither: backend() == Backend::None and reason() says why, once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kindly::audio {
class Player;
}

namespace kindly::speech {

enum class Backend { None, SpeechDispatcher, EspeakNg };
const char* to_string(Backend b);  // "none", "speech-dispatcher", "espeak-ng"

struct Voice {
  std::string id;        // what to pass back in VoiceOptions::voice
  std::string name;      // shown to the user
  std::string language;  // BCP 47-ish, e.g. "en-GB", "es"
};

struct VoiceOptions {
  std::string language = "en";  // the course's language (course.yaml `language`)
  std::string voice;            // Voice::id; empty = the backend's default for the language
  int rate = 0;                 // -100 (slowest) .. 100 (fastest); 0 = the voice's normal rate
  double volume = 1.0;          // 0..1
  // Added by the speech layer: the words a minute `rate` 0 stands for, for the voices that
  // take a rate in words (espeak-ng); 0 = the voice's own (espeak-ng: 175). `kindly render`
  // passes the course's speech.words_per_minute, so its file keeps the course's timing.
  int words_per_minute = 0;
};

// Mono 16-bit PCM.
struct Pcm {
  int sample_rate = 22050;
  std::vector<std::int16_t> samples;
  double seconds() const { return sample_rate > 0 ? double(samples.size()) / sample_rate : 0; }
};

// In-process synthesis with espeak-ng to a buffer: no sound server needed (CI runs it). Used
// by `kindly render`, by the app to measure each step's spoken length (timeline MeasuredSpeech)
// and by the espeak-ng fallback of Speaker. Thread-safe (calls are serialised inside).
class Synthesizer {
 public:
  // nullptr and *error set when libespeak-ng cannot be loaded or initialised.
  static std::unique_ptr<Synthesizer> open(std::string* error);
  virtual ~Synthesizer() = default;
  // The PCM for `text` (UTF-8), or nullopt with *error set.
  virtual std::optional<Pcm> synthesize(const std::string& text, const VoiceOptions& o,
                                        std::string* error) = 0;
  virtual std::vector<Voice> voices() = 0;
};

// Live speech for the player. Non-blocking: every call returns at once.
class Speaker {
 public:
  // `player`: the app's audio player, used by the espeak-ng fallback (may be null: then the
  // fallback is not offered). Nothing connects until the first speak() or voices() call.
  static std::unique_ptr<Speaker> create(audio::Player* player);
  virtual ~Speaker() = default;

  // Which backend answered (None until tried, and when nothing works).
  virtual Backend backend() const = 0;
  // Why there is no voice (empty while one works); one calm sentence for the user.
  virtual std::string reason() const = 0;
  virtual std::vector<Voice> voices() = 0;

  // Speaks `text`, replacing anything being spoken. `done` (optional) is called once, from
  // any thread, when this utterance ends by itself (not when stopped or replaced).
  virtual void speak(const std::string& text, const VoiceOptions& o,
                     std::function<void()> done = {}) = 0;
  // Gets ready to speak in `o`'s language without saying anything: connects, loads the voice
  // and meets the sound server, so that the first speak() is not late. Non-blocking; a no-op
  // once done. The player calls it when a practice's introduction opens.
  virtual void prepare(const VoiceOptions& o) = 0;
  virtual void pause() = 0;           // holds the current utterance
  virtual void resume() = 0;          // continues it
  virtual void stop() = 0;            // silence now; `done` is not called
  virtual bool speaking() const = 0;  // an utterance is queued, playing or paused
};

// A fake for tests of the player (records calls; finishes an utterance when told).
// Provided by the speech library in kindly/speech_fake.h.

}  // namespace kindly::speech
