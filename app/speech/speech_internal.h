// Helpers shared by the speech sources (not part of the public API; tested directly).
#pragma once

#include <string>

namespace kindly::speech {

// A course language ("en-GB", "es", "pt_BR") as espeak-ng spells it ("en-gb", "es", "pt-br").
std::string espeak_language(const std::string& language);
// VoiceOptions::rate (-100..100) as espeak-ng words per minute: `normal` (175 when 0) at 0,
// half of it at -100, double at 100; always within what espeak-ng takes (80..450).
int espeak_words_per_minute(int rate, int normal = 0);

}  // namespace kindly::speech
