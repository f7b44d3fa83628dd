// VoiceRecorder: the device probe, one take at a time, and saving it (voice.h).
#include "voice.h"

#include <chrono>
#include <cstdio>

#include "kindly/audio.h"
#include "kindly/recorder.h"
#include "kindly/recordings.h"

namespace kindly::gui {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string minutes_seconds(double s) {
  const int t = static_cast<int>(s + 0.5);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

}  // namespace

VoiceRecorder::VoiceRecorder(fs::path data_dir) : data_dir_(std::move(data_dir)) {
  // An earlier Kindly recorded takes into this file; one it left behind is removed.
  std::error_code ec;
  fs::remove(data_dir_ / ".recording-take.wav", ec);
}

VoiceRecorder::~VoiceRecorder() {
  if (recorder_) {
    recorder_->stop();
    recorder_->wait_done(2s);
    recorder_.reset();
  }
  if (probing_.valid()) probing_.wait();
}

void VoiceRecorder::probe() {
  if (probing_.valid()) return;
  if (unavailable_ && unavailable_->empty()) return;
  probing_ = std::async(std::launch::async, [] { return audio::Recorder::probe(); });
}

bool VoiceRecorder::recording() const {
  return recorder_ && recorder_->state() == audio::RecorderState::Recording;
}

std::string VoiceRecorder::start(const std::string& practice, int step) {
  if (pending()) return "A recording is running already; stop it first.";
  if (!valid_recording_id(practice) || !valid_recording_step(step))
    return "This step cannot be recorded.";
  recorder_ = std::make_unique<audio::Recorder>();
  practice_ = practice;
  step_ = step;
  if (!recorder_->start_in_memory()) {
    std::string why = recorder_->last_error();
    recorder_.reset();
    return "Recording could not start: " + why + ".";
  }
  return {};
}

void VoiceRecorder::stop() {
  if (recorder_) recorder_->stop();
}

std::optional<VoiceRecorder::Done> VoiceRecorder::poll(const crypto::Key* key) {
  if (probing_.valid() && probing_.wait_for(0s) == std::future_status::ready)
    unavailable_ = probing_.get();
  if (!recorder_) return std::nullopt;
  const auto state = recorder_->state();
  if (state == audio::RecorderState::Recording) return std::nullopt;
  Done d;
  if (state == audio::RecorderState::Failed) {
    d.message = "Nothing was recorded: " + recorder_->last_error() + ".";
    unavailable_.reset();  // look again next time the screen asks
  } else {
    const double secs = recorder_->seconds();
    auto bytes = recorder_->take_bytes();
    auto saved = bytes ? save_recording(data_dir_, practice_, step_, *bytes, "wav", key)
                       : Result<Recording>(Error::data("the take could not be read back"));
    if (saved) {
      d.ok = true;
      d.message = "Saved your recording of step " + std::to_string(step_) + " (" +
                  minutes_seconds(secs) + ")" +
                  (recorder_->hit_max_length() ? ", stopped at the longest a step can be." : ".");
    } else {
      d.message = "Your recording of step " + std::to_string(step_) +
                  " could not be saved: " + saved.error().message + ".";
    }
  }
  recorder_.reset();
  step_ = 0;
  return d;
}

void VoiceRecorder::fill(const std::string& practice, RecordingView& v, const crypto::Key* key) {
  v.checked = unavailable_.has_value();
  v.unavailable = unavailable_.value_or("");
  // Until poll() has saved it, the take still counts: its step shows Stop, not Record.
  v.recording_step = pending() && practice_ == practice ? step_ : 0;
  v.busy_elsewhere = pending() && practice_ != practice;
  v.pending = busy();
  v.level = recorder_ ? recorder_->level() : 0.0;
  v.seconds = recorder_ ? recorder_->seconds() : 0.0;
  v.takes.clear();
  for (const auto& r : list_recordings(data_dir_, practice)) {
    if (v.takes.count(r.step)) continue;  // the one find_recording plays
    auto& cached = seconds_[r.path.string()];
    if (cached.first != r.bytes || cached.second == 0) {
      cached.first = r.bytes;
      cached.second = audio::recording_seconds(r.path, key).value_or(-1.0);
    }
    v.takes[r.step] = RecordingView::Take{r.path.string(), cached.second};
  }
}

}  // namespace kindly::gui
