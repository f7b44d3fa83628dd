// Onsets in a recording: the times (seconds, one a line on stdout) at which sound begins after
// at least MIN_SILENCE seconds of silence. Reads raw mono 16-bit little-endian PCM at RATE Hz
// (what `parec --raw --format=s16le --channels=1` writes). Loudness is the RMS of 20 ms
// windows; silence is below THRESHOLD (0..1 of full scale). For the real-sound player test.
//   kindly_onsets FILE RATE [MIN_SILENCE=0.8] [THRESHOLD=0.01]
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kindly_onsets FILE RATE [MIN_SILENCE] [THRESHOLD]\n";
    return 2;
  }
  const int rate = std::atoi(argv[2]);
  const double min_silence = argc > 3 ? std::atof(argv[3]) : 0.8;
  const double threshold = argc > 4 ? std::atof(argv[4]) : 0.01;
  std::ifstream in(argv[1], std::ios::binary);
  if (!in || rate <= 0) {
    std::cerr << "kindly_onsets: cannot read " << argv[1] << "\n";
    return 2;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  const std::size_t n = bytes.size() / 2;
  const std::size_t window = static_cast<std::size_t>(rate / 50);  // 20 ms
  double quiet_for = min_silence;  // the recording starts as if after silence
  for (std::size_t at = 0; at + window <= n; at += window) {
    double sum = 0;
    for (std::size_t i = at; i < at + window; ++i) {
      const auto lo = static_cast<unsigned char>(bytes[2 * i]);
      const auto hi = static_cast<unsigned char>(bytes[2 * i + 1]);
      const auto v = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
      const double x = v / 32768.0;
      sum += x * x;
    }
    const bool loud = std::sqrt(sum / static_cast<double>(window)) >= threshold;
    if (loud && quiet_for >= min_silence) {
      std::printf("%.3f\n", static_cast<double>(at) / rate);
    }
    quiet_for = loud ? 0 : quiet_for + static_cast<double>(window) / rate;
  }
  return 0;
}
