// kindly_audio: records the user's voice from the default PulseAudio source into a WAV file.
//
// Capture goes through libpulse-simple's record stream (PA_STREAM_RECORD; also PipeWire via
// pipewire-pulse), 48 kHz mono 16-bit, on a thread of its own. The WAV is written by
// libsndfile. Both libraries are loaded with dlopen on first use (kindly/dynlib.h), as the
// Player does. The file is created with mode 0600 (it is the user's voice); the caller hands
// it to save_recording_file (kindly/recordings.h) and removes it.
//
// No server, no source, no library: the reason is given (probe(), last_error()) and nothing
// is written (a file start() created is removed again). Thread-safe; nothing blocks the caller
// but probe() and wait_done().
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace kindly::audio {

struct RecorderOptions {
  std::string app_name = "Kindly";
  int sample_rate = 48000;
  // A take stops by itself at this length (the file is kept).
  std::chrono::seconds max_length{600};
  // How often the level is measured and stop() is noticed.
  std::chrono::milliseconds chunk{50};
};

// The length in seconds of an audio file libsndfile reads (a recording, for the "Your own voice"
// screen), or nullopt when it cannot be read.
std::optional<double> audio_file_seconds(const std::filesystem::path& path);

enum class RecorderState {
  Idle,       // nothing started
  Recording,  // capturing
  Finished,   // a take is whole on disk (stopped, or max_length reached)
  Failed,     // see last_error(); no file is left
};
const char* to_string(RecorderState s);

class Recorder {
 public:
  explicit Recorder(RecorderOptions options = {});
  ~Recorder();  // stops a take (keeping what was recorded) and joins the thread
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Opens a record stream and closes it again: empty when a capture device is there, else why
  // not ("no sound server", "libpulse-simple.so.0 is not installed", ...). Blocks (a local
  // server answers in milliseconds; run it off the UI thread).
  static std::string probe(const RecorderOptions& options = {});

  // Starts a take into `wav` (created 0600, replaced if it exists). False, with last_error(),
  // when already recording or the file cannot be created; a device problem found after the
  // start shows as state() Failed.
  bool start(const std::filesystem::path& wav);
  // Starts a take into memory (an anonymous memfd): the sound never reaches a file, so a
  // take of locked data is never on disk in plain. take_bytes() gives the WAV once Finished.
  bool start_in_memory();
  // The WAV of a finished take started with start_in_memory(); nullopt otherwise.
  std::optional<std::string> take_bytes() const;
  // Ends the take; the thread finishes the file. Returns at once; wait_done() waits.
  void stop();
  // Until the take is Finished or Failed, or the timeout passes. True when it ended.
  bool wait_done(std::chrono::milliseconds timeout) const;

  RecorderState state() const;
  std::string last_error() const;
  // RMS of the latest chunk, 0..1 (full scale sine: 0.707), for a level meter.
  double level() const;
  // Length recorded so far (or of the finished take).
  double seconds() const;
  // True when the take ended because it reached max_length.
  bool hit_max_length() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool ready_to_start();               // not recording; the previous take's thread joined
  bool cannot_start(std::string why);  // Failed with `why`; returns false
  void begin(int fd, const std::filesystem::path& wav);  // the take's thread, writing fd
};

}  // namespace kindly::audio
