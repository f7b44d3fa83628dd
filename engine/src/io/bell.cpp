// The bell tone and the WAV writer/reader.
#include "kindly/bell.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kindly/atomic_file.h"

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

// ---- WAV ----------------------------------------------------------------------------------

namespace {

void put_u32(std::string& s, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u16(std::string& s, std::uint16_t v) {
  s.push_back(static_cast<char>(v & 0xff));
  s.push_back(static_cast<char>((v >> 8) & 0xff));
}
std::uint32_t get_u32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}
std::uint16_t get_u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}

}  // namespace

std::string wav_bytes(const std::vector<std::int16_t>& samples, int sample_rate, int channels) {
  const std::uint32_t data_size = static_cast<std::uint32_t>(samples.size() * 2);
  const std::uint16_t block = static_cast<std::uint16_t>(channels * 2);
  std::string s;
  s.reserve(44 + data_size);
  s += "RIFF";
  put_u32(s, 36 + data_size);
  s += "WAVE";
  s += "fmt ";
  put_u32(s, 16);
  put_u16(s, 1);  // PCM
  put_u16(s, static_cast<std::uint16_t>(channels));
  put_u32(s, static_cast<std::uint32_t>(sample_rate));
  put_u32(s, static_cast<std::uint32_t>(sample_rate) * block);  // byte rate
  put_u16(s, block);
  put_u16(s, 16);
  s += "data";
  put_u32(s, data_size);
  for (std::int16_t v : samples) put_u16(s, static_cast<std::uint16_t>(v));
  return s;
}

Result<> write_wav(const std::filesystem::path& path, const std::vector<std::int16_t>& samples,
                   int sample_rate, int channels) {
  AtomicWriteOptions o;
  o.mode = 0644;
  return write_file_atomic(path, wav_bytes(samples, sample_rate, channels), o);
}

std::optional<WavData> parse_wav(std::string_view b, std::string* error) {
  auto fail = [&](const std::string& m) -> std::optional<WavData> {
    if (error) *error = m;
    return std::nullopt;
  };
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE")
    return fail("not a RIFF/WAVE file");
  WavData w;
  bool have_fmt = false;
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const std::string_view id = b.substr(at, 4);
    const std::uint32_t size = get_u32(b, at + 4);
    const std::size_t body = at + 8;
    if (size > b.size() - body) return fail("chunk '" + std::string(id) + "' runs past the end");
    if (id == "fmt ") {
      if (size < 16) return fail("fmt chunk too short");
      if (get_u16(b, body) != 1) return fail("not PCM");
      w.channels = get_u16(b, body + 2);
      w.sample_rate = static_cast<int>(get_u32(b, body + 4));
      w.bits_per_sample = get_u16(b, body + 14);
      if (w.bits_per_sample != 16) return fail("not 16-bit");
      if (w.channels < 1) return fail("no channels");
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) return fail("data before fmt");
      w.samples.resize(size / 2);
      for (std::size_t i = 0; i < w.samples.size(); ++i)
        w.samples[i] = static_cast<std::int16_t>(get_u16(b, body + 2 * i));
      return w;
    }
    at = body + size + (size & 1);
  }
  return fail("no data chunk");
}

}  // namespace kindly
