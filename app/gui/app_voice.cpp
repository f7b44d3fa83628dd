// App, continued: the user's own recordings ("Your own voice", screen_record.cpp). The take
// runs in VoiceRecorder (voice.h); files change only through kindly/recordings.h.
#include <spdlog/spdlog.h>

#include "app.h"
#include "kindly/audio.h"
#include "kindly/recordings.h"
#include "voice.h"
#include "widgets.h"

namespace kindly::gui {

namespace fs = std::filesystem;

std::shared_ptr<const crypto::Key> App::data_key() const {
  return session_ ? session_->store().data_key() : nullptr;
}

void App::run_effect(const ui::Recording& e) {
  if (!voice_) voice_ = std::make_shared<VoiceRecorder>(model_.data_dir);
  using Op = ui::Recording::Op;
  const fs::path data_dir = model_.data_dir;
  switch (e.op) {
    case Op::Probe:
      voice_->probe();
      return;
    case Op::Start: {
      if (audio_) audio_->stop();  // a take never records Kindly's own playback
      const std::string why = voice_->start(e.practice, e.step);
      if (!why.empty()) notice(Notice::Kind::Info, why, 8);
      return;
    }
    case Op::Stop:
      voice_->stop();
      return;
    case Op::Delete: {
      if (audio_) audio_->stop();
      auto r = remove_recording(data_dir, e.practice, e.step);
      if (!r) {
        report(r.error());
        return;
      }
      notice(Notice::Kind::Info,
             r.value() ? "Deleted your recording of step " + std::to_string(e.step) + "."
                       : "There was no recording of step " + std::to_string(e.step) + " to delete.",
             6);
      log("recording deleted");
      return;
    }
    case Op::DeleteAll: {
      if (audio_) audio_->stop();
      auto r = remove_all_recordings(data_dir, e.practice);
      if (!r) {
        report(r.error());
        return;
      }
      notice(Notice::Kind::Info,
             "Deleted " + count_of(r.value(), "recording", "recordings") + " of this practice.", 6);
      log("recordings deleted");
      return;
    }
  }
}

void App::prepare_recording() {
  if (!voice_) {
    if (model_.route.screen != Screen::Record) return;
    voice_ = std::make_shared<VoiceRecorder>(model_.data_dir);
  }
  if (model_.route.screen == Screen::Record && voice_->needs_probe()) voice_->probe();
  // A take never outlives its screen: leaving it stops (and saves) the take.
  if (model_.route.screen != Screen::Record && voice_->recording()) voice_->stop();
  const auto key = data_key();
  if (auto done = voice_->poll(key.get())) {
    notice(done->ok ? Notice::Kind::Info : Notice::Kind::Problem, done->message, 8);
    log(done->ok ? "recording saved" : "recording failed: " + done->message);
  }
  if (model_.route.screen == Screen::Record)
    voice_->fill(model_.route.item, model_.recording, key.get());
  else
    model_.recording.pending = voice_->busy();
}

}  // namespace kindly::gui
