// A practice's timeline: word counting, the speech estimate, and start/end of each step.
#include "kindly/timeline.h"

#include <utf8.h>

#include <cmath>
#include <string>

namespace kindly {

namespace {

// Unicode's White_Space property.
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// ASCII letters and digits, and every character from U+00C0 up outside the punctuation and
// symbol blocks below (the list docs/curriculum-format.md gives).
bool is_letter_or_digit(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  const bool symbols = (c >= 0x2000 && c <= 0x2BFF) ||  // punctuation, arrows, shapes ...
                       (c >= 0x2E00 && c <= 0x2E7F) ||  // supplemental punctuation
                       (c >= 0x3000 && c <= 0x303F) ||  // CJK symbols and punctuation
                       (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
                       (c >= 0xFE30 && c <= 0xFE4F) ||  // CJK compatibility forms
                       (c >= 0xFFF0 && c <= 0xFFFF) ||  // specials (U+FFFD for bad bytes)
                       (c >= 0x1F000 && c <= 0x1FAFF);  // emoji and pictographs
  return !symbols;
}

}  // namespace

std::size_t count_words(std::string_view text) {
  const std::string clean = utf8::replace_invalid(text);  // bad bytes become U+FFFD
  std::size_t words = 0;
  bool in_run = false, run_has_word = false;
  for (auto it = clean.begin(); it != clean.end();) {
    const char32_t c = utf8::unchecked::next(it);
    if (is_space(c)) {
      if (in_run && run_has_word) ++words;
      in_run = run_has_word = false;
      continue;
    }
    in_run = true;
    run_has_word = run_has_word || is_letter_or_digit(c);
  }
  if (in_run && run_has_word) ++words;
  return words;
}

double estimate_speech_seconds(std::string_view text, double words_per_minute) {
  if (!(words_per_minute > 0)) return 0;
  return static_cast<double>(count_words(text)) / words_per_minute * 60.0;
}

Timeline make_timeline(const Practice& practice, double words_per_minute,
                       const MeasuredSpeech& measured) {
  Timeline t;
  double at = 0;
  for (std::size_t i = 0; i < practice.script.size(); ++i) {
    const ScriptStep& step = practice.script[i];
    TimelineStep s;
    s.start_s = at;
    std::optional<double> m = measured ? measured(i) : std::nullopt;
    if (m && std::isfinite(*m) && *m >= 0) {
      s.speech_s = *m;
      s.measured = true;
    } else {
      s.speech_s = estimate_speech_seconds(step.text, words_per_minute);
    }
    s.pause_s = step.pause_s;
    s.end_s = s.start_s + s.speech_s + s.pause_s;
    at = s.end_s;
    t.speech_s += s.speech_s;
    t.pause_s += s.pause_s;
    t.steps.push_back(s);
  }
  t.total_s = at;
  return t;
}

Timeline make_timeline(const Course& course, const Practice& practice,
                       const MeasuredSpeech& measured) {
  return make_timeline(practice, course.speech.words_per_minute, measured);
}

}  // namespace kindly
