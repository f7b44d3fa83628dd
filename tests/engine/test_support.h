// Helpers shared by engine tests: temporary folders and course fixtures.
#pragma once

#include <filesystem>
#include <string>

extern std::string kindly_test_fixture;

namespace kindly::test {

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Copies a folder tree (files and symlinks as they are).
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

void write_file(const std::filesystem::path& p, const std::string& text);
std::string read_file(const std::filesystem::path& p);

}  // namespace kindly::test
