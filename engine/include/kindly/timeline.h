// A practice's timeline: when each step of its script starts and ends, and how long it lasts.
//
// A step is spoken first, then its pause runs: step time = speech + pause. Speech is measured
// from synthesized audio when the caller has it (a `MeasuredSpeech` callback), and otherwise
// estimated from the step's text at the course's speaking rate (course.yaml
// `speech.words_per_minute`, 130 by default). docs/curriculum-format.md gives the rule.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "kindly/course.h"

namespace kindly {

struct TimelineStep {
  double start_s = 0;     // seconds from the start of the practice
  double speech_s = 0;    // how long the guide speaks the step's text
  double pause_s = 0;     // the step's pause, after the speech
  double end_s = 0;       // start_s + speech_s + pause_s
  bool measured = false;  // speech_s came from a measurement, not the estimate
};

struct Timeline {
  std::vector<TimelineStep> steps;  // one per script step, in order
  double speech_s = 0;              // all steps' speech
  double pause_s = 0;               // all steps' pauses
  double total_s = 0;               // speech_s + pause_s (the last step's end)
};

// Speech seconds measured for step `step` (0-based), or nothing to use the estimate. A
// measurement that is negative or not finite is ignored (the estimate is used). The engine never
// decodes audio: a step's recording (ScriptStep::audio, or the user's own, recordings.h) is
// measured by the app, which answers here with its length.
using MeasuredSpeech = std::function<std::optional<double>(std::size_t step)>;

// Words in `text` (UTF-8): maximal runs of non-space characters that contain at least one
// letter or digit. Spaces are Unicode's White_Space characters; a letter or digit is an ASCII
// letter or digit, or any character from U+00C0 up except the punctuation and symbol blocks
// listed in docs/curriculum-format.md. Invalid UTF-8 bytes count as neither.
std::size_t count_words(std::string_view text);

// words / words_per_minute * 60 seconds. A rate of 0 or less gives 0.
double estimate_speech_seconds(std::string_view text, double words_per_minute);

// The timeline of `practice`'s script at `words_per_minute`, using `measured` where it answers.
Timeline make_timeline(const Practice& practice, double words_per_minute,
                       const MeasuredSpeech& measured = {});

// The same at the course's declared speaking rate.
Timeline make_timeline(const Course& course, const Practice& practice,
                       const MeasuredSpeech& measured = {});

}  // namespace kindly
