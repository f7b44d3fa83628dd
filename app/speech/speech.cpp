// Speaker: live speech for the player. One worker thread per Speaker runs every call in
// order (connecting, synthesizing and talking to speech-dispatcher can each take a moment),
// so the public calls only queue work and return. A generation counter makes `done` honest:
// each speak() and stop() starts a new generation, and an utterance's end is reported only if
// nothing replaced or stopped it meanwhile.
//
// Backends, tried on the first speak() or voices(): speech-dispatcher (libspeechd.so.2, the
// desktop's own speech service, autospawned), then espeak-ng in-process played through a
// kindly::audio::Player of our own (so speech and the app's bell can sound together), with the
// app player's volume and mute. KINDLY_SPEECH=none|espeak-ng|speech-dispatcher forces one.
//
// Sections: names · speech-dispatcher · espeak-ng · the speaker.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "kindly/audio.h"
#include "kindly/dynlib.h"
#include "kindly/speech.h"
#include "speech_internal.h"

#if KINDLY_SPEECH_HAVE_SPEECHD
#include <libspeechd.h>
#endif

namespace kindly::speech {

// ---- names ----------------------------------------------------------------------------------

const char* to_string(Backend b) {
  switch (b) {
    case Backend::None:
      return "none";
    case Backend::SpeechDispatcher:
      return "speech-dispatcher";
    case Backend::EspeakNg:
      return "espeak-ng";
  }
  return "none";
}

namespace {

// One way of speaking; used on the speaker's worker thread only. `ended` may be called from
// any thread.
struct Engine {
  virtual ~Engine() = default;
  virtual void say(const std::string& text, const VoiceOptions& o, std::function<void()> ended) = 0;
  virtual void pause() = 0;
  virtual void resume() = 0;
  virtual void cancel() = 0;
  virtual std::vector<Voice> voices() = 0;
  virtual void prepare(const VoiceOptions&) {}
};

// ---- speech-dispatcher ----------------------------------------------------------------------

#if KINDLY_SPEECH_HAVE_SPEECHD
struct Speechd {
  dynlib::Library lib{"libspeechd.so.2"};
  decltype(&spd_open2) open2 = nullptr;
  decltype(&spd_close) close = nullptr;
  decltype(&spd_get_client_id) get_client_id = nullptr;
  decltype(&spd_say) say = nullptr;
  decltype(&spd_cancel) cancel = nullptr;
  decltype(&spd_set_language) set_language = nullptr;
  decltype(&spd_set_synthesis_voice) set_synthesis_voice = nullptr;
  decltype(&spd_set_voice_rate) set_voice_rate = nullptr;
  decltype(&spd_set_volume) set_volume = nullptr;
  decltype(&spd_set_notification_on) set_notification_on = nullptr;
  decltype(&spd_set_data_mode) set_data_mode = nullptr;
  decltype(&spd_list_synthesis_voices) list_synthesis_voices = nullptr;
  decltype(&free_spd_voices) free_voices = nullptr;
  Speechd() {
    KINDLY_DYNLIB_BIND(lib, open2, spd_open2);
    KINDLY_DYNLIB_BIND(lib, close, spd_close);
    KINDLY_DYNLIB_BIND(lib, get_client_id, spd_get_client_id);
    KINDLY_DYNLIB_BIND(lib, say, spd_say);
    KINDLY_DYNLIB_BIND(lib, cancel, spd_cancel);
    KINDLY_DYNLIB_BIND(lib, set_language, spd_set_language);
    KINDLY_DYNLIB_BIND(lib, set_synthesis_voice, spd_set_synthesis_voice);
    KINDLY_DYNLIB_BIND(lib, set_voice_rate, spd_set_voice_rate);
    KINDLY_DYNLIB_BIND(lib, set_volume, spd_set_volume);
    KINDLY_DYNLIB_BIND(lib, set_notification_on, spd_set_notification_on);
    KINDLY_DYNLIB_BIND(lib, set_data_mode, spd_set_data_mode);
    KINDLY_DYNLIB_BIND(lib, list_synthesis_voices, spd_list_synthesis_voices);
    KINDLY_DYNLIB_BIND(lib, free_voices, free_spd_voices);
  }
};
const Speechd& speechd() {
  static const Speechd api;
  return api;
}

// libspeechd's callbacks carry no user pointer, only the client and message ids, so what each
// connection waits for lives here, by client id. The callbacks run on libspeechd's listener
// thread, which also reads the replies spd_say waits for: they must never wait for a lock
// held across spd_say, so this mutex is held for map operations only.
struct SpdWait {
  std::size_t msg = 0;                // the message being spoken (0: spd_say has not returned)
  std::size_t ended_at_or_after = 0;  // an end seen while msg was 0: its id
  std::size_t sentence = 0;           // the last sentence mark reached
  std::function<void()> ended;
};
std::mutex g_spd_mutex;
std::map<std::size_t, SpdWait> g_spd_waits;  // client id -> what it waits for

void spd_ended(std::size_t msg_id, std::size_t client_id, SPDNotificationType type) {
  if (type != SPD_EVENT_END) return;  // a cancelled message is not "done"
  std::function<void()> ended;
  {
    std::lock_guard lock(g_spd_mutex);
    auto it = g_spd_waits.find(client_id);
    if (it == g_spd_waits.end()) return;
    SpdWait& w = it->second;
    if (w.msg == 0) {
      w.ended_at_or_after = std::max(w.ended_at_or_after, msg_id);
      return;
    }
    if (msg_id != w.msg) return;  // an earlier utterance's
    ended = std::exchange(w.ended, {});
  }
  if (ended) ended();
}

// Index marks "s<N>": sentence N has started.
void spd_mark(std::size_t msg_id, std::size_t client_id, SPDNotificationType, char* mark) {
  if (!mark || mark[0] != 's') return;
  const std::size_t n = std::strtoul(mark + 1, nullptr, 10);
  std::lock_guard lock(g_spd_mutex);
  auto it = g_spd_waits.find(client_id);
  if (it != g_spd_waits.end() && it->second.msg == msg_id) it->second.sentence = n;
}

// Sentences of `text`: split after . ! ? … (and a closing quote) followed by a space.
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    cur += text[i];
    const bool stop = text[i] == '.' || text[i] == '!' || text[i] == '?' ||
                      (i >= 2 && text.compare(i - 2, 3, "\xE2\x80\xA6") == 0);
    if (stop && i + 1 < text.size() && text[i + 1] == ' ') {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string ssml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// speech-dispatcher's own pause holds a message only at index marks its module reports, and
// with the espeak-ng module a paused text message never came back (tests/speech). So the text
// goes as SSML with a mark before each sentence; pause() cancels and remembers the sentence
// reached, resume() speaks again from the start of that sentence.
class SpeechdEngine final : public Engine {
 public:
  // nullptr and *why when speech-dispatcher cannot be reached (or started).
  static std::unique_ptr<SpeechdEngine> connect(std::string* why) {
    const Speechd& api = speechd();
    if (!api.lib.ok()) {
      *why = api.lib.error();
      return nullptr;
    }
    char* error = nullptr;
    SPDConnection* c = api.open2("kindly", "practice", nullptr, SPD_MODE_THREADED, nullptr,
                                 /*autospawn=*/1, &error);
    if (!c) {
      *why = std::string("speech-dispatcher: ") + (error ? error : "no connection");
      std::free(error);
      return nullptr;
    }
    std::free(error);
    c->callback_end = spd_ended;
    c->callback_cancel = spd_ended;
    c->callback_im = spd_mark;
    api.set_notification_on(c, SPD_END);
    api.set_notification_on(c, SPD_CANCEL);
    api.set_notification_on(c, SPD_INDEX_MARKS);
    api.set_data_mode(c, SPD_DATA_SSML);
    const int client = api.get_client_id(c);
    return std::unique_ptr<SpeechdEngine>(
        new SpeechdEngine(c, client > 0 ? static_cast<std::size_t>(client) : 0));
  }
  ~SpeechdEngine() override {
    speechd().close(c_);
    std::lock_guard lock(g_spd_mutex);
    g_spd_waits.erase(client_);
  }

  void say(const std::string& text, const VoiceOptions& o, std::function<void()> ended) override {
    const Speechd& api = speechd();
    forget();
    api.set_language(c_, espeak_language(o.language).c_str());
    if (!o.voice.empty()) api.set_synthesis_voice(c_, o.voice.c_str());
    api.set_voice_rate(c_, std::clamp(o.rate, -100, 100));
    api.set_volume(c_, static_cast<int>(std::lround(std::clamp(o.volume, 0.0, 1.0) * 200 - 100)));
    sentences_ = sentences(text);
    speak_from(0, std::move(ended));
  }
  void pause() override {
    std::size_t at = 0;
    {
      std::lock_guard lock(g_spd_mutex);
      SpdWait& w = g_spd_waits[client_];
      if (!w.ended) return;  // nothing speaking (or it has ended)
      held_ = std::exchange(w.ended, {});
      at = w.sentence;
      w = SpdWait{};
    }
    speechd().cancel(c_);
    held_at_ = at;
  }
  void resume() override {
    if (!held_) return;
    speak_from(held_at_, std::exchange(held_, {}));
  }
  void cancel() override { forget(); }
  std::vector<Voice> voices() override {
    std::vector<Voice> out;
    SPDVoice** list = speechd().list_synthesis_voices(c_);
    for (SPDVoice** v = list; v && *v; ++v)
      if ((*v)->name) out.push_back({(*v)->name, (*v)->name, (*v)->language ? (*v)->language : ""});
    if (list) speechd().free_voices(list);
    return out;
  }

 private:
  SpeechdEngine(SPDConnection* c, std::size_t client) : c_(c), client_(client) {}

  // Cancels whatever is spoken or held; nothing waits any more.
  void forget() {
    {
      std::lock_guard lock(g_spd_mutex);
      g_spd_waits[client_] = SpdWait{};
    }
    held_ = {};
    speechd().cancel(c_);
  }

  void speak_from(std::size_t first, std::function<void()> ended) {
    std::string ssml = "<speak>";
    for (std::size_t i = first; i < sentences_.size(); ++i)
      ssml += "<mark name=\"s" + std::to_string(i) + "\"/>" + ssml_escape(sentences_[i]) + " ";
    ssml += "</speak>";
    const int id = speechd().say(c_, SPD_TEXT, ssml.c_str());
    if (id < 0) {
      spdlog::warn("speech: speech-dispatcher did not take the text");
      if (ended) ended();  // nothing will be spoken: the utterance is over
      return;
    }
    const auto msg = static_cast<std::size_t>(id);
    bool already = false;
    {
      std::lock_guard lock(g_spd_mutex);
      SpdWait& w = g_spd_waits[client_];
      already = w.ended_at_or_after == msg;
      w.msg = msg;
      w.sentence = first;
      if (!already) w.ended = std::move(ended);
    }
    if (already && ended) ended();
  }

  SPDConnection* c_;
  std::size_t client_;
  std::vector<std::string> sentences_;
  std::function<void()> held_;  // the paused utterance's end
  std::size_t held_at_ = 0;     // the sentence to resume from
};
#endif

// ---- espeak-ng ------------------------------------------------------------------------------

class EspeakEngine final : public Engine {
 public:
  EspeakEngine(std::unique_ptr<Synthesizer> synth, audio::Player* app_player)
      : synth_(std::move(synth)), app_player_(app_player) {}

  // The first sentence is synthesized and starts playing before the rest is synthesized, so
  // the words begin after one sentence's synthesis, not the whole step's. The rest follows
  // when the first sentence has played (a stop or a new utterance meanwhile drops it).
  void say(const std::string& text, const VoiceOptions& o, std::function<void()> ended) override {
    const std::size_t cut = first_sentence_end(text);
    std::string error;
    auto first = synth_->synthesize(text.substr(0, cut), o, &error);
    if (!first) {
      spdlog::warn("speech: {}", error);
      if (ended) ended();
      return;
    }
    out_.set_volume(app_player_->volume());
    out_.set_muted(app_player_->muted());
    const auto on_end = [ended](bool) {
      if (ended) ended();  // also with no sound output: the utterance is over either way
    };
    if (cut >= text.size()) {
      out_.play_pcm(std::move(first->samples), first->sample_rate, on_end);
      return;
    }
    auto rest = std::make_shared<Rest>();
    out_.play_pcm(std::move(first->samples), first->sample_rate, [this, rest, on_end](bool) {
      std::lock_guard lock(rest->m);
      rest->first_done = true;
      if (rest->pcm) play_rest(*rest, on_end);
    });
    auto pcm = synth_->synthesize(text.substr(cut), o, &error);
    if (!pcm) spdlog::warn("speech: {}", error);
    std::lock_guard lock(rest->m);
    rest->pcm = pcm ? std::move(*pcm) : Pcm{};
    if (rest->first_done) play_rest(*rest, on_end);
  }
  void prepare(const VoiceOptions& o) override {
    if (prepared_) return;
    prepared_ = true;
    std::string ignored;
    (void)synth_->synthesize(".", o, &ignored);  // loads the language's voice data
    out_.warm_up();                              // loads libpulse and meets the server
  }
  void pause() override { out_.pause(); }
  void resume() override { out_.resume(); }
  void cancel() override { out_.stop(); }  // a rest not yet played is dropped with it
  std::vector<Voice> voices() override { return synth_->voices(); }

 private:
  struct Rest {
    std::mutex m;
    bool first_done = false;  // the first sentence has played to its end
    std::optional<Pcm> pcm;   // the rest, once synthesized
  };
  // Called with rest.m held, once both halves are ready; plays the rest or, when it could not
  // be synthesized, ends the utterance.
  void play_rest(Rest& rest, const std::function<void(bool)>& on_end) {
    if (rest.pcm->samples.empty()) {
      on_end(false);
      return;
    }
    out_.play_pcm(std::move(rest.pcm->samples), rest.pcm->sample_rate, on_end);
  }

  bool prepared_ = false;
  std::unique_ptr<Synthesizer> synth_;
  audio::Player* app_player_;
  audio::Player out_;  // speech's own stream, so a bell and a voice can overlap
};

// ---- the speaker ----------------------------------------------------------------------------

class LiveSpeaker final : public Speaker {
 public:
  explicit LiveSpeaker(audio::Player* player) : player_(player) {
    worker_ = std::thread([this] { run(); });
  }
  ~LiveSpeaker() override {
    {
      std::lock_guard lock(m_);
      quit_ = true;
      ++generation_;
    }
    cv_.notify_all();
    worker_.join();
  }

  Backend backend() const override {
    std::lock_guard lock(m_);
    return backend_;
  }
  std::string reason() const override {
    std::lock_guard lock(m_);
    return reason_;
  }
  std::vector<Voice> voices() override {
    auto result = std::make_shared<std::promise<std::vector<Voice>>>();
    auto f = result->get_future();
    post([this, result] {
      connect_once();
      result->set_value(engine_ ? engine_->voices() : std::vector<Voice>{});
    });
    return f.get();
  }

  void speak(const std::string& text, const VoiceOptions& o, std::function<void()> done) override {
    std::uint64_t gen = 0;
    {
      std::lock_guard lock(m_);
      gen = ++generation_;
      speaking_ = true;
    }
    post([this, text, o, done = std::move(done), gen] {
      auto ended = [this, gen, done] {
        {
          std::lock_guard lock(m_);
          if (generation_ != gen) return;  // stopped or replaced meanwhile
          speaking_ = false;
        }
        if (done) done();
      };
      connect_once();
      if (current(gen)) {
        if (engine_)
          engine_->say(text, o, ended);
        else
          ended();  // no voice: nothing to wait for (reason() says why)
      }
    });
  }
  void prepare(const VoiceOptions& o) override {
    post([this, o] {
      connect_once();
      if (engine_) engine_->prepare(o);
    });
  }
  void pause() override {
    post([this] {
      if (engine_) engine_->pause();
    });
  }
  void resume() override {
    post([this] {
      if (engine_) engine_->resume();
    });
  }
  void stop() override {
    {
      std::lock_guard lock(m_);
      ++generation_;
      speaking_ = false;
    }
    post([this] {
      if (engine_) engine_->cancel();
    });
  }
  bool speaking() const override {
    std::lock_guard lock(m_);
    return speaking_;
  }

 private:
  bool current(std::uint64_t gen) {
    std::lock_guard lock(m_);
    return generation_ == gen;
  }

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(m_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_all();
  }

  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return quit_ || !jobs_.empty(); });
        if (quit_) break;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
    engine_.reset();  // closes the connection / stops the stream on this thread
  }

  void set(Backend b, std::string reason) {
    std::lock_guard lock(m_);
    backend_ = b;
    reason_ = std::move(reason);
  }

  // Chooses the backend the first time any call runs; logs the choice once.
  void connect_once() {
    if (tried_) return;
    tried_ = true;
    const char* env = std::getenv("KINDLY_SPEECH");
    const std::string want = env ? env : "";
    if (want == "none") {
      set(Backend::None, "Spoken guidance is turned off (KINDLY_SPEECH=none).");
      spdlog::info("speech: off (KINDLY_SPEECH=none)");
      return;
    }
    if (!want.empty() && want != "espeak-ng" && want != "speech-dispatcher")
      spdlog::warn(
          "speech: KINDLY_SPEECH='{}' is not none, espeak-ng or speech-dispatcher; "
          "trying each",
          want);
    std::string spd_why = "not tried", espeak_why = "not tried";
#if KINDLY_SPEECH_HAVE_SPEECHD
    if (want != "espeak-ng") {
      if (auto e = SpeechdEngine::connect(&spd_why)) {
        engine_ = std::move(e);
        set(Backend::SpeechDispatcher, "");
        spdlog::info("speech: speech-dispatcher");
        return;
      }
    }
#else
    spd_why = "this Kindly was built without speech-dispatcher";
#endif
    if (want != "speech-dispatcher") {
      if (!player_) {
        espeak_why = "no audio player to play it";
      } else if (auto s = Synthesizer::open(&espeak_why)) {
        engine_ = std::make_unique<EspeakEngine>(std::move(s), player_);
        set(Backend::EspeakNg, "");
        spdlog::info("speech: espeak-ng (speech-dispatcher: {})", spd_why);
        return;
      }
    }
    spdlog::info("speech: no voice (speech-dispatcher: {}; espeak-ng: {})", spd_why, espeak_why);
    set(Backend::None,
        "No voice is available, so the guidance is shown as text; installing "
        "speech-dispatcher or espeak-ng gives it a voice.");
  }

  audio::Player* player_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool quit_ = false;
  std::uint64_t generation_ = 0;
  bool speaking_ = false;
  Backend backend_ = Backend::None;
  std::string reason_;
  bool tried_ = false;              // worker only
  std::unique_ptr<Engine> engine_;  // worker only
  std::thread worker_;
};

}  // namespace

std::unique_ptr<Speaker> Speaker::create(audio::Player* player) {
  return std::make_unique<LiveSpeaker>(player);
}

}  // namespace kindly::speech
