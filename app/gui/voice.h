// The app's side of "Your own voice": looks for a capture device (off the UI thread), runs one
// take at a time with the Recorder (kindly/recorder.h), and hands each finished take to the
// engine's recordings API (kindly/recordings.h). The screen (screen_record.cpp) reads a
// RecordingView; App (app_voice.cpp) runs the ui::Recording effects through this class.
#pragma once

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "ui.h"

namespace kindly::audio {
class Recorder;
}

namespace kindly::crypto {
class Key;
}

namespace kindly::gui {

class VoiceRecorder {
 public:
  explicit VoiceRecorder(std::filesystem::path data_dir);
  ~VoiceRecorder();  // a take still running is stopped and discarded
  VoiceRecorder(const VoiceRecorder&) = delete;
  VoiceRecorder& operator=(const VoiceRecorder&) = delete;

  // Starts looking for a capture device, unless a look is under way or has found one.
  void probe();
  // No look has answered and none is under way (the screen opened, or a take failed).
  bool needs_probe() const { return !probing_.valid() && !unavailable_; }
  // Begins a take of `step` (1-based) of `practice`. Empty on success, else why not.
  std::string start(const std::string& practice, int step);
  void stop();  // ends the take; poll() saves it
  bool recording() const;
  // A take running, or ended and not yet saved by poll().
  bool pending() const { return recorder_ != nullptr; }
  // pending(), or a look for a device under way: the app keeps drawing frames to show it.
  bool busy() const { return pending() || probing_.valid(); }

  // What a finished take (or a failed one) came to, once: ok and a sentence for a notice.
  struct Done {
    bool ok = false;
    std::string message;
  };
  // Call every frame: collects the probe's answer and saves a finished take.
  // With `key` (the data has a passphrase) the take is saved sealed.
  std::optional<Done> poll(const crypto::Key* key);

  // The screen's view of `practice`: the device, the take running, the steps recorded.
  void fill(const std::string& practice, RecordingView& v, const crypto::Key* key);

 private:
  std::filesystem::path data_dir_;
  std::unique_ptr<audio::Recorder> recorder_;
  std::string practice_;
  int step_ = 0;
  std::future<std::string> probing_;
  std::optional<std::string> unavailable_;  // nullopt until a probe answered
  // Lengths read from the files, keyed by path, with the size they were read at.
  std::map<std::string, std::pair<std::int64_t, double>> seconds_;
};

}  // namespace kindly::gui
