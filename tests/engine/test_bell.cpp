// The bell: rendered to a WAV in a temp folder, read back, and checked (header, length,
// peak, decay).
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "kindly/bell.h"
#include "test_support.h"
#include "wav_file.h"

using namespace kindly;
using kindly::test::parse_wav;
using kindly::test::wav_bytes;
using kindly::test::write_wav;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double rms(const std::vector<std::int16_t>& s, std::size_t from, std::size_t to) {
  double sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(s[i]) * s[i];
  return std::sqrt(sum / static_cast<double>(to - from));
}

std::uint32_t u32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

}  // namespace

TEST_CASE("bell: rendered to a WAV, read back: header, length, peak and decay") {
  test::TempDir dir;
  BellParams p;
  p.sample_rate = 44100;
  p.seconds = 5.0;
  p.level = 0.8;
  const auto pcm = to_pcm16(render_bell(p));
  const fs::path wav = dir.path() / "bell.wav";
  REQUIRE(write_wav(wav, pcm, p.sample_rate).ok());

  const std::string bytes = slurp(wav);
  REQUIRE(bytes.size() == 44 + 2 * 5 * 44100);
  CHECK(bytes.substr(0, 4) == "RIFF");
  CHECK(u32(bytes, 4) == bytes.size() - 8);
  CHECK(bytes.substr(8, 8) == "WAVEfmt ");
  CHECK(u32(bytes, 16) == 16);
  CHECK(u32(bytes, 24) == 44100);      // sample rate
  CHECK(u32(bytes, 28) == 44100 * 2);  // byte rate, mono 16-bit
  CHECK(bytes.substr(36, 4) == "data");
  CHECK(u32(bytes, 40) == 2 * 5 * 44100);

  std::string err;
  auto w = parse_wav(bytes, &err);
  REQUIRE_MESSAGE(w.has_value(), err);
  CHECK(w->sample_rate == 44100);
  CHECK(w->channels == 1);
  CHECK(w->bits_per_sample == 16);
  REQUIRE(w->samples.size() == 5u * 44100u);
  CHECK(w->samples == pcm);

  // Peak: close to the requested level, never clipping.
  int peak = 0;
  for (auto v : w->samples) peak = std::max(peak, std::abs(static_cast<int>(v)));
  CHECK(peak == doctest::Approx(0.8 * 32767).epsilon(0.001));
  CHECK(peak < 32767);

  // Soft attack: starts at silence, reaches most of its strength within ~10 ms.
  CHECK(w->samples.front() == 0);
  const std::size_t n = w->samples.size();
  const std::size_t tenth = n / 10;
  // Decay: the last tenth is far quieter than the first; ends on silence.
  const double first = rms(w->samples, 0, tenth);
  const double last = rms(w->samples, n - tenth, n);
  CHECK(first > 3000);
  CHECK(last < first / 10);
  CHECK(w->samples.back() == 0);
  // A monotone-ish envelope: RMS over tenths never rises by more than a little (the slow
  // beating may swell it slightly) and falls overall.
  std::vector<double> env;
  for (int k = 0; k < 10; ++k) env.push_back(rms(w->samples, k * tenth, (k + 1) * tenth));
  for (int k = 1; k < 10; ++k) {
    CAPTURE(k);
    CHECK(env[k] <= env[k - 1] * 1.05);
  }
  CHECK(env[9] < env[0] * 0.1);
}

TEST_CASE("bell: level is clamped and the length follows the parameters") {
  BellParams p;
  p.sample_rate = 8000;
  p.seconds = 1.5;
  p.level = 3.0;  // asks for more than full scale
  auto f = render_bell(p);
  REQUIRE(f.size() == 12000);
  float peak = 0;
  for (float v : f) peak = std::max(peak, std::abs(v));
  CHECK(peak == doctest::Approx(1.0).epsilon(1e-6));
  auto pcm = to_pcm16(f);
  for (auto v : pcm) CHECK_FALSE(v == -32768);  // symmetric range, no wrap

  p.level = 0.0;
  auto silent = render_bell(p);
  for (float v : silent) REQUIRE(v == 0.0f);
}

TEST_CASE("bell: the spectrum has the fundamental and the bowl's inharmonic partial") {
  BellParams p;
  p.sample_rate = 16000;
  p.seconds = 1.0;
  p.frequency_hz = 200;
  auto f = render_bell(p);
  // Goertzel-style single-bin power over the first half second.
  auto power = [&](double hz) {
    double re = 0, im = 0;
    for (std::size_t i = 0; i < 8000; ++i) {
      const double ph = 2 * 3.141592653589793 * hz * static_cast<double>(i) / 16000.0;
      re += f[i] * std::cos(ph);
      im += f[i] * std::sin(ph);
    }
    return re * re + im * im;
  };
  const double fundamental = power(200), partial = power(200 * 2.76), between = power(370);
  CHECK(fundamental > 50 * between);
  CHECK(partial > 20 * between);
  CHECK(fundamental > partial);
}

TEST_CASE("bell: parse_wav rejects what it cannot read") {
  std::string err;
  CHECK_FALSE(parse_wav("RIFX", &err).has_value());
  CHECK(err == "not a RIFF/WAVE file");
  std::string truncated = wav_bytes({1, 2, 3}, 8000);
  truncated.resize(truncated.size() - 2);
  CHECK_FALSE(parse_wav(truncated, &err).has_value());
  CHECK(err == "chunk 'data' runs past the end");
}
