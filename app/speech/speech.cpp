// Stub bodies (first commit): no backend answers yet, so the player can build against the
// contract. The real backends follow.
#include <kindly/speech.h>

namespace kindly::speech {

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

std::unique_ptr<Synthesizer> Synthesizer::open(std::string* error) {
  if (error) *error = "speech synthesis is not built yet";
  return nullptr;
}

namespace {
class NoSpeaker : public Speaker {
 public:
  Backend backend() const override { return Backend::None; }
  std::string reason() const override { return "Spoken guidance is not available yet."; }
  std::vector<Voice> voices() override { return {}; }
  void speak(const std::string&, const VoiceOptions&, std::function<void()>) override {}
  void pause() override {}
  void resume() override {}
  void stop() override {}
  bool speaking() const override { return false; }
};
}  // namespace

std::unique_ptr<Speaker> Speaker::create(audio::Player*) {
  return std::make_unique<NoSpeaker>();
}

}  // namespace kindly::speech
