// The settings file on disk: created 0600 whatever the umask, and a write that fails leaves
// the old file as it was (and no temporary file behind).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.h"
#include "settings.h"

using namespace kindly::gui;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

struct Umask {
  mode_t old;
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
};

// Files this process writes may grow to `bytes` at most (write() then fails with EFBIG;
// SIGXFSZ is ignored meanwhile). Works for root too, unlike a read-only folder.
struct FileSizeLimit {
  rlimit old{};
  void (*old_handler)(int);
  explicit FileSizeLimit(rlim_t bytes) : old_handler(::signal(SIGXFSZ, SIG_IGN)) {
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    rlimit lim = old;
    lim.rlim_cur = bytes;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &lim) == 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old);
    ::signal(SIGXFSZ, old_handler);
  }
};

}  // namespace

TEST_CASE("settings file: created 0600 even under umask 000, and kept 0600 when rewritten") {
  const fs::path dir = test::fresh_dir("ini-mode");
  const fs::path file = settings_path(dir / "data");  // the folder is made as needed
  {
    Umask open_umask(0);
    REQUIRE(save_settings(file, GuiSettings{}));
    CHECK(mode_of(file) == 0600);
    GuiSettings s;
    s.theme = Theme::Dark;
    REQUIRE(save_settings(file, s));
    CHECK(mode_of(file) == 0600);
    CHECK(load_settings(file) == s);
  }
  // A file left 0644 by an older Kindly is replaced by a 0600 one on the next save.
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  REQUIRE(save_settings(file, GuiSettings{}));
  CHECK(mode_of(file) == 0600);
  fs::remove_all(dir);
}

TEST_CASE("settings file: a write that fails leaves the old file intact and no temp file") {
  const fs::path dir = test::fresh_dir("ini-fail");
  const fs::path file = settings_path(dir);
  GuiSettings old;
  old.theme = Theme::Contrast;
  old.font_px = 21;
  REQUIRE(save_settings(file, old));
  const std::string before = slurp(file);
  REQUIRE(before.size() > 64);

  GuiSettings next;
  next.reminder_days = std::string(400, 'x');
  {
    FileSizeLimit limit(16);  // the new text cannot be written whole
    CHECK_FALSE(save_settings(file, next));
  }
  CHECK(slurp(file) == before);
  CHECK(load_settings(file) == old);
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    CAPTURE(e.path());
    ++entries;
  }
  CHECK(entries == 1);  // only gui-settings.ini
  fs::remove_all(dir);
}
