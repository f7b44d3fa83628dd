// Helpers shared by the speech sources (not part of the public API; tested directly).
#pragma once

#include <string>

namespace kindly::speech {

// A course language ("en-GB", "es", "pt_BR") as espeak-ng spells it ("en-gb", "es", "pt-br").
std::string espeak_language(const std::string& language);
// VoiceOptions::rate (-100..100) as espeak-ng words per minute: `normal` (175 when 0) at 0,
// half of it at -100, double at 100; always within what espeak-ng takes (80..450).
int espeak_words_per_minute(int rate, int normal = 0);
// Where the first sentence of `text` ends: the byte after its '.', '!', '?' or '…' and the
// spaces that follow, when that sentence has at least `min_bytes` and words follow it;
// text.size() otherwise. The espeak-ng speaker starts playing that much while it synthesizes
// the rest.
std::size_t first_sentence_end(const std::string& text, std::size_t min_bytes = 24);

}  // namespace kindly::speech
