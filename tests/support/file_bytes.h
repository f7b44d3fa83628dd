// Test helper: the bytes of files, to prove what is (or is not) written anywhere in a folder
// (the lock's tests search every byte of the data folder for planted words).
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace kindly::test {

// Every byte of the file at `p` (empty when it cannot be read).
inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every byte of every regular file under `dir`, one after another.
inline std::string all_bytes(const std::filesystem::path& dir) {
  std::string out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out += file_bytes(e.path());
  return out;
}

}  // namespace kindly::test
