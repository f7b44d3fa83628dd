// Where Kindly's files live (see paths.h): the environment read once, then pure resolution.
#include "kindly/paths.h"

#include <cstdlib>
#include <system_error>

namespace kindly {

namespace fs = std::filesystem;

namespace {

std::string variable(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// An XDG_* base folder counts only when it is an absolute path (XDG Base Directory spec).
bool usable_xdg(const std::string& value) {
  return !value.empty() && value.front() == '/';
}

// `xdg`/kindly, else $HOME/`under_home`/kindly, else `fallback`.
fs::path xdg_folder(const std::string& xdg, const Environment& env, const char* under_home,
                    const fs::path& fallback) {
  if (usable_xdg(xdg)) return fs::path(xdg) / "kindly";
  if (!env.home.empty()) return fs::path(env.home) / under_home / "kindly";
  return fallback;
}

}  // namespace

Environment Environment::from_process() {
  Environment e;
  e.home = variable("HOME");
  e.xdg_data_home = variable("XDG_DATA_HOME");
  e.xdg_state_home = variable("XDG_STATE_HOME");
  e.xdg_config_home = variable("XDG_CONFIG_HOME");
  e.xdg_cache_home = variable("XDG_CACHE_HOME");
  e.kindly_course = variable("KINDLY_COURSE");
  e.kindly_data_dir = variable("KINDLY_DATA_DIR");
  e.kindly_state_dir = variable("KINDLY_STATE_DIR");
  e.kindly_now = variable("KINDLY_NOW");
  e.display = variable("DISPLAY");
  e.wayland_display = variable("WAYLAND_DISPLAY");
  if (const char* v = std::getenv("KINDLY_FRAME_TIMING")) e.frame_timing = v;
  if (const char* v = std::getenv("KINDLY_BENCH_POLL_LOOP")) e.bench_poll_loop = v;
  if (const char* v = std::getenv("KINDLY_DAMAGE")) e.damage = v;
  e.snapshot = variable("KINDLY_SNAPSHOT");
  e.bundled_course = installed_course_dir();
  return e;
}

Paths resolve_paths(const Environment& env, const PathOverrides& flags) {
  Paths p;
  if (!flags.course_dir.empty()) {
    p.course_dir = flags.course_dir;
  } else if (!env.kindly_course.empty()) {
    p.course_dir = env.kindly_course;
  } else {
    p.course_dir = env.bundled_course;
  }

  if (!flags.data_dir.empty()) {
    p.data_dir = flags.data_dir;
  } else if (!env.kindly_data_dir.empty()) {
    p.data_dir = env.kindly_data_dir;
  } else {
    p.data_dir = xdg_folder(env.xdg_data_home, env, ".local/share", ".kindly");
  }

  if (!env.kindly_state_dir.empty()) {
    p.state_dir = env.kindly_state_dir;
  } else {
    p.state_dir = xdg_folder(env.xdg_state_home, env, ".local/state", {});
  }

  if (usable_xdg(env.xdg_config_home)) {
    p.config_dir = env.xdg_config_home;
  } else if (!env.home.empty()) {
    p.config_dir = fs::path(env.home) / ".config";
  }
  p.cache_dir = xdg_folder(env.xdg_cache_home, env, ".cache", {});
  return p;
}

fs::path installed_course_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share/kindly/courses/kindly-msc";
    if (fs::exists(installed / "course.yaml", ec)) return installed;
  }
  return KINDLY_SOURCE_COURSE_DIR;
}

}  // namespace kindly
