// FakeSpeaker: a Speaker for tests of the player. Records every call; nothing is spoken.
// finish() ends the current utterance as if it had been spoken to the end and calls its
// `done`; backend and reason are settable, so a test can show the "no voice" path.
#pragma once

#include <kindly/speech.h>

#include <mutex>
#include <utility>

namespace kindly::speech {

class FakeSpeaker : public Speaker {
 public:
  enum class Call { Speak, Pause, Resume, Stop };
  struct Record {
    Call call;
    std::string text;      // Speak only
    VoiceOptions options;  // Speak only
  };

  Backend backend() const override {
    std::lock_guard lock(mutex_);
    return backend_;
  }
  std::string reason() const override {
    std::lock_guard lock(mutex_);
    return reason_;
  }
  std::vector<Voice> voices() override {
    std::lock_guard lock(mutex_);
    return voices_;
  }

  void speak(const std::string& text, const VoiceOptions& o,
             std::function<void()> done = {}) override {
    std::lock_guard lock(mutex_);
    calls_.push_back({Call::Speak, text, o});
    current_ = text;
    done_ = std::move(done);
    speaking_ = true;
    paused_ = false;
  }
  // Counted on its own (prepared()), not in calls(): it says nothing.
  void prepare(const VoiceOptions& o) override {
    std::lock_guard lock(mutex_);
    ++prepared_;
    prepared_language_ = o.language;
  }
  void pause() override {
    std::lock_guard lock(mutex_);
    calls_.push_back({Call::Pause, {}, {}});
    if (speaking_) paused_ = true;
  }
  void resume() override {
    std::lock_guard lock(mutex_);
    calls_.push_back({Call::Resume, {}, {}});
    paused_ = false;
  }
  void stop() override {
    std::lock_guard lock(mutex_);
    calls_.push_back({Call::Stop, {}, {}});
    speaking_ = false;
    paused_ = false;
    done_ = {};
  }
  bool speaking() const override {
    std::lock_guard lock(mutex_);
    return speaking_;
  }

  // ---- test controls ----
  int prepared() const {
    std::lock_guard lock(mutex_);
    return prepared_;
  }
  std::string prepared_language() const {
    std::lock_guard lock(mutex_);
    return prepared_language_;
  }
  // Ends the current utterance by itself and calls its `done` (outside the lock, as a real
  // backend calls it from its own thread). False when nothing was being spoken.
  bool finish() {
    std::function<void()> done;
    {
      std::lock_guard lock(mutex_);
      if (!speaking_) return false;
      speaking_ = false;
      paused_ = false;
      done = std::exchange(done_, {});
    }
    if (done) done();
    return true;
  }
  void set_backend(Backend b, std::string reason = {}) {
    std::lock_guard lock(mutex_);
    backend_ = b;
    reason_ = std::move(reason);
  }
  void set_voices(std::vector<Voice> v) {
    std::lock_guard lock(mutex_);
    voices_ = std::move(v);
  }
  std::vector<Record> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  void clear_calls() {
    std::lock_guard lock(mutex_);
    calls_.clear();
  }
  bool paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
  }
  std::string current_text() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

 private:
  mutable std::mutex mutex_;
  Backend backend_ = Backend::EspeakNg;
  std::string reason_;
  std::vector<Voice> voices_{{"en-gb", "English (Great Britain)", "en-GB"}};
  std::vector<Record> calls_;
  std::string current_;
  std::function<void()> done_;
  bool speaking_ = false;
  bool paused_ = false;
  int prepared_ = 0;
  std::string prepared_language_;
};

}  // namespace kindly::speech
