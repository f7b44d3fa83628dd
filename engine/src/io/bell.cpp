// The bell tone.
#include "kindly/bell.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kindly {

std::vector<BellPartial> BellParams::default_partials() {
  // ratio, amplitude, decay time constant (s). The upper modes die away first, leaving the
  // fundamental's hum.
  return {{1.0, 1.0, 1.8}, {2.76, 0.55, 1.1}, {5.40, 0.30, 0.6}, {8.93, 0.14, 0.35}};
}

std::vector<float> render_bell(const BellParams& p) {
  const int rate = std::max(1, p.sample_rate);
  const std::size_t n = static_cast<std::size_t>(std::max(0.0, p.seconds) * rate);
  std::vector<double> acc(n, 0.0);
  const double two_pi = 2.0 * std::numbers::pi;

  struct Osc {
    double freq, amp, decay;
  };
  std::vector<Osc> oscs;
  for (const auto& part : p.partials) {
    const double f = p.frequency_hz * part.ratio;
    if (f <= 0 || f >= rate / 2.0) continue;  // above Nyquist: would alias
    if (part.ratio == 1.0 && p.beat_hz > 0) {
      // Two near-equal modes of the fundamental: their sum swells and fades at beat_hz.
      oscs.push_back({f, part.amplitude * 0.8, part.decay_s});
      oscs.push_back({f + p.beat_hz, part.amplitude * 0.2, part.decay_s * 0.9});
    } else {
      oscs.push_back({f, part.amplitude, part.decay_s});
    }
  }
  for (const auto& o : oscs) {
    const double w = two_pi * o.freq / rate;
    const double k = std::exp(-1.0 / (std::max(1e-3, o.decay) * rate));  // per-sample decay
    double env = o.amp;
    for (std::size_t i = 0; i < n; ++i) {
      acc[i] += env * std::sin(w * static_cast<double>(i));
      env *= k;
    }
  }
  const std::size_t attack = std::min(n, static_cast<std::size_t>(p.attack_ms * rate / 1000.0));
  for (std::size_t i = 0; i < attack; ++i) {
    acc[i] *= 0.5 - 0.5 * std::cos(std::numbers::pi * static_cast<double>(i) / attack);
  }
  const std::size_t release = std::min(n, static_cast<std::size_t>(p.release_ms * rate / 1000.0));
  for (std::size_t i = 0; i < release; ++i) {
    const double x = static_cast<double>(i + 1) / release;  // 1/release .. 1
    acc[n - release + i] *= 0.5 + 0.5 * std::cos(std::numbers::pi * x);
  }
  double peak = 0;
  for (double v : acc) peak = std::max(peak, std::abs(v));
  const double level = std::clamp(p.level, 0.0, 1.0);
  const double scale = peak > 0 ? level / peak : 0.0;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(acc[i] * scale);
  return out;
}

std::vector<std::int16_t> to_pcm16(const std::vector<float>& samples) {
  std::vector<std::int16_t> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double v =
        std::clamp(std::round(static_cast<double>(samples[i]) * 32767.0), -32767.0, 32767.0);
    out[i] = static_cast<std::int16_t>(v);
  }
  return out;
}

}  // namespace kindly
