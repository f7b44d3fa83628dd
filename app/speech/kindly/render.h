// Rendering a practice into one sound: each step spoken (or the user's own recording of it),
// then its pause as silence, with the course's bells; and writing that sound as WAV, FLAC or
// Ogg/Vorbis (libsndfile, loaded with dlopen). Used by `kindly render` and by the app's
// "Take it with you" button, so both make the same file.
//
// The layout is the practice's timeline (kindly/timeline.h) made with the measured speech
// lengths: step i starts at timeline.steps[i].start_s, its sound first, then silence until the
// next step. The start bell rings at 0 (under the first words, as in the player), interval
// bells every `interval_minutes` before the end, and the end bell at the timeline's end; the
// sound then runs on for the end bell's ring (`bell_seconds`), so its length is
// timeline.total_s + bell_seconds when the practice has an end bell, else timeline.total_s.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kindly/course.h"
#include "kindly/crypto.h"
#include "kindly/result.h"
#include "kindly/speech.h"
#include "kindly/timeline.h"

namespace kindly::speech {

// The user's (or the course's) recording of step `step`, 0-based, or nothing to synthesize
// it. HOOK for the recordings of branch h/voice (kindly/recordings.h): the CLI and the app
// fill it once that is merged; until then they leave it empty.
using StepAudio = std::function<std::optional<Pcm>(std::size_t step)>;

struct RenderOptions {
  // Language empty = the course's; words_per_minute 0 = the course's speech.words_per_minute.
  VoiceOptions voice = [] {
    VoiceOptions v;
    v.language.clear();
    return v;
  }();
  bool bells = true;          // false: no bells at all (--no-bells)
  double bell_volume = 0.5;   // 0..1, relative to full scale
  double bell_seconds = 4.0;  // each bell's ring
  StepAudio step_audio;       // may be empty
  // Synthesizes the steps; when null, render_practice opens one (and refuses if it cannot).
  Synthesizer* synthesizer = nullptr;
};

struct Rendered {
  Pcm pcm;                           // mono 16-bit, at the synthesizer's rate
  Timeline timeline;                 // with the measured speech lengths
  std::vector<double> step_start_s;  // == timeline.steps[i].start_s
  std::vector<double> bell_s;        // when each bell starts
  double seconds() const { return pcm.seconds(); }
};

// A Refused error (code None; the caller refuses unknown practices itself) when the practice
// has no script or a step cannot be synthesized.
Result<Rendered> render_practice(const Course& course, const Practice& practice,
                                 const RenderOptions& options);

enum class FileFormat { Wav, Flac, Ogg };
const char* to_string(FileFormat f);  // "WAV", "FLAC", "Ogg/Vorbis"
// The format for a file name's extension (.wav, .flac, .ogg/.oga, any case), or nothing.
std::optional<FileFormat> format_for(const std::string& path);

// The bytes of `pcm` in `format` (libsndfile into memory), or a Refused error saying why
// (libsndfile missing, the encoder failing).
Result<std::string> encode(const Pcm& pcm, FileFormat format);

// A sound file as mono 16-bit PCM at its own rate (channels averaged); nullopt and *error when
// it cannot be read.
// A recording sealed by the passphrase (kindly/recordings.h) is opened with `key`, in memory.
std::optional<Pcm> decode_file(const std::filesystem::path& path, std::string* error,
                               const crypto::Key* key = nullptr);
// StepAudio over one file per step ("" for a step to synthesize); a file that cannot be read
// is spoken instead.
StepAudio step_audio_from_files(std::vector<std::filesystem::path> files,
                                std::shared_ptr<const crypto::Key> key = nullptr);

}  // namespace kindly::speech
