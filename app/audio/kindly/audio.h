// kindly_audio: plays the bell and course audio files on a background thread.
//
// Output goes through the PulseAudio simple API (libpulse-simple), which also works under
// PipeWire (pipewire-pulse). Files are decoded with libsndfile (WAV, FLAC, Ogg/Vorbis, Opus,
// MP3). Both libraries are loaded on first use (the first sound, the first file), not at
// start; when one is not installed that is the reason given (last_error(), the log line).
// Nothing here blocks the caller: every call only queues work for the audio thread.
//
// Where there is no sound server or device, the first attempt logs ONE line (spdlog, info
// level, once per process), status() becomes Unavailable, and everything stays silent. A
// later request tries again at most every `retry_after` (a server started later is used).
//
// Linked by the GUI only; the engine and the CLI never play sound. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kindly::crypto {
class Key;
}

namespace kindly::audio {

enum class Status {
  Unknown,      // nothing played yet
  Ready,        // the last sound reached the server
  Unavailable,  // no server or device (see last_error())
};
const char* to_string(Status s);  // "unknown", "ready", "unavailable"

struct Options {
  std::string app_name = "Kindly";
  int bell_sample_rate = 48000;
  double bell_seconds = 6.0;
  // How long a failed connection is remembered before the next request tries again.
  std::chrono::milliseconds retry_after{10000};
  // Server latency target: also how quickly stop() silences a sound.
  std::chrono::milliseconds latency{150};
};

// The length in seconds of a recording (plain, or sealed and opened with `key` in memory), or
// nullopt when it cannot be read.
std::optional<double> recording_seconds(const std::filesystem::path& path, const crypto::Key* key);

class Player {
 public:
  explicit Player(Options options = {});
  ~Player();  // stops any sound and joins the thread
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Plays the synthesized bell (kindly/bell.h) at `volume` (0..1, times the master volume).
  // Replaces whatever is playing. Does nothing while muted.
  void play_bell(double volume = 1.0);
  // Plays an audio file, replacing whatever is playing. Returns false (and sets last_error())
  // when the file cannot be opened or decoded; true when it was queued (also while muted or
  // when there is no audio device: the caller shows the script either way).
  // A recording sealed by the passphrase (kindly/recordings.h) is opened with `key` in memory;
  // its audio never reaches a file.
  bool play_file(const std::filesystem::path& path, const crypto::Key* key = nullptr);
  // Plays mono 16-bit PCM at `sample_rate` (e.g. speech synthesized by espeak-ng), replacing
  // whatever is playing. `finished` (optional) is called once, on the audio thread, when the
  // sound has played to its end (true) or could not play because there is no sound output
  // (false); never when it is stopped, replaced or muted. Returns false (and sets
  // last_error()) for a rate outside 1..192000.
  bool play_pcm(std::vector<std::int16_t> samples, int sample_rate,
                std::function<void(bool played)> finished = {});
  // Holds the sound playing (what the server has buffered, at most `latency`, still plays)
  // and continues it where it stopped. No-ops when idle; a new sound starts unpaused.
  void pause();
  void resume();
  bool paused() const;
  void stop();  // silence now; no-op when idle
  // Prepares ahead (the bell rendered on the audio thread) so that the next bell rings on
  // time, e.g. when a practice's introduction opens. Plays nothing; returns at once.
  void warm_up();

  void set_volume(double v);  // master volume 0..1 (clamped); applies to the sound playing
  double volume() const;
  void set_muted(bool muted);  // muting also stops the sound playing
  bool muted() const;

  Status status() const;
  std::string last_error() const;  // why the last file or connection failed; may be empty
  bool playing() const;            // a sound is queued or playing
  // Seconds into the current (or last) sound, and its length.
  double position_seconds() const;
  double duration_seconds() const;

  // Blocks until nothing is queued or playing, or the timeout passes. For tests and shutdown.
  bool wait_idle(std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kindly::audio
