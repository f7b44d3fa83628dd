// Test helper: WAV files (RIFF, PCM 16-bit little-endian), written and read back.
//
// Only tests need WAV files (the bell test reads back what it wrote; the audio tests need a
// file to play), so this lives here and not in the engine. Header-only, so each test program
// that includes it needs nothing else than the engine it already links.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kindly/atomic_file.h"
#include "kindly/result.h"

namespace kindly::test {

namespace wav_detail {

inline void put_u32(std::string& s, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void put_u16(std::string& s, std::uint16_t v) {
  s.push_back(static_cast<char>(v & 0xff));
  s.push_back(static_cast<char>((v >> 8) & 0xff));
}
inline std::uint32_t get_u32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}
inline std::uint16_t get_u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}

}  // namespace wav_detail

// The bytes of a canonical 44-byte-header WAV file. `samples` are interleaved when
// channels > 1.
inline std::string wav_bytes(const std::vector<std::int16_t>& samples, int sample_rate,
                             int channels = 1) {
  using namespace wav_detail;
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

// Writes a WAV file atomically (atomic_file.h), mode 0644 (it holds no user data).
inline Result<> write_wav(const std::filesystem::path& path,
                          const std::vector<std::int16_t>& samples, int sample_rate,
                          int channels = 1) {
  AtomicWriteOptions o;
  o.mode = 0644;
  return write_file_atomic(path, wav_bytes(samples, sample_rate, channels), o);
}

struct WavData {
  int sample_rate = 0;
  int channels = 0;
  int bits_per_sample = 0;
  std::vector<std::int16_t> samples;  // interleaved
};

// Reads a PCM16 WAV (skipping chunks other than "fmt " and "data"). nullopt with *error on
// anything else.
inline std::optional<WavData> parse_wav(std::string_view b, std::string* error = nullptr) {
  using namespace wav_detail;
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

}  // namespace kindly::test
