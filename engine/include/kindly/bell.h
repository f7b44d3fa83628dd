// The bell: a decaying, bowl-like tone synthesized in code.
//
// Pure: no audio I/O here (app/audio plays it). The tone is a fundamental plus a few
// inharmonic partials (a singing bowl's modes sit near x2.76, x5.40, x8.93 of the
// fundamental), each decaying exponentially at its own rate, the higher ones faster. A
// second partial detuned by `beat_hz` beats slowly against the fundamental, the gentle
// "wah" of a bowl. A raised-cosine attack of `attack_ms` avoids a click, and the last
// `release_ms` fade to exact silence. The result is scaled so that its peak is `level`.
#pragma once

#include <cstdint>
#include <vector>

namespace kindly {

struct BellPartial {
  double ratio = 1.0;      // frequency as a multiple of the fundamental
  double amplitude = 1.0;  // relative amplitude at the start
  double decay_s = 3.0;    // time constant: the amplitude falls to 1/e after this long
};

struct BellParams {
  int sample_rate = 48000;    // samples per second
  double seconds = 6.0;       // length of the rendered tone
  double frequency_hz = 220;  // the fundamental (A3: warm, not piercing)
  double level = 0.7;         // peak amplitude, 0..1 (1 = full scale). Clamped to [0, 1].
  double attack_ms = 6.0;     // raised-cosine fade-in
  double release_ms = 30.0;   // fade-out at the very end so the tone ends on silence
  double beat_hz = 1.3;       // detuning of the fundamental's twin (slow beating); 0 = none
  std::vector<BellPartial> partials = default_partials();

  static std::vector<BellPartial> default_partials();
};

// The tone as floats in [-level, level], one channel, sample_rate * seconds samples.
std::vector<float> render_bell(const BellParams& params = {});

// Float samples to 16-bit PCM (round to nearest, clamped to [-32767, 32767]).
std::vector<std::int16_t> to_pcm16(const std::vector<float>& samples);

}  // namespace kindly
