// kindly/paths.h: the folders Kindly uses, as a pure function of the environment and flags.
// The tables follow docs/cli.md (global options) and docs/privacy.md (where files live).
#include <doctest/doctest.h>

#include <filesystem>

#include "kindly/paths.h"

using kindly::Environment;
using kindly::PathOverrides;
using kindly::Paths;
using kindly::resolve_paths;
namespace fs = std::filesystem;

namespace {
Environment home_only() {
  Environment e;
  e.home = "/home/someone";
  e.bundled_course = "/usr/share/kindly/courses/kindly-msc";
  return e;
}
}  // namespace

TEST_CASE("paths: course folder is --course, else KINDLY_COURSE, else the bundled course") {
  Environment e = home_only();
  CHECK(resolve_paths(e).course_dir == fs::path("/usr/share/kindly/courses/kindly-msc"));
  e.kindly_course = "/env/course";
  CHECK(resolve_paths(e).course_dir == fs::path("/env/course"));
  CHECK(resolve_paths(e, {.course_dir = "flag/course", .data_dir = ""}).course_dir ==
        fs::path("flag/course"));
  e.kindly_course.clear();
  CHECK(resolve_paths(e, {.course_dir = "flag/course", .data_dir = ""}).course_dir ==
        fs::path("flag/course"));
}

TEST_CASE("paths: data folder is --data-dir, KINDLY_DATA_DIR, XDG_DATA_HOME, HOME, .kindly") {
  Environment e;
  CHECK(resolve_paths(e).data_dir == fs::path(".kindly"));
  e.home = "/home/someone";
  CHECK(resolve_paths(e).data_dir == fs::path("/home/someone/.local/share/kindly"));
  e.xdg_data_home = "relative/data";  // the XDG spec ignores relative paths
  CHECK(resolve_paths(e).data_dir == fs::path("/home/someone/.local/share/kindly"));
  e.xdg_data_home = "/xdg/data";
  CHECK(resolve_paths(e).data_dir == fs::path("/xdg/data/kindly"));
  e.kindly_data_dir = "relative/kept";  // Kindly's own variable is taken as given
  CHECK(resolve_paths(e).data_dir == fs::path("relative/kept"));
  CHECK(resolve_paths(e, {.course_dir = "", .data_dir = "/flag/data"}).data_dir ==
        fs::path("/flag/data"));
  // A flag given as "" is "not given", as CLI11 treats an empty variable.
  CHECK(resolve_paths(e, {.course_dir = "", .data_dir = ""}).data_dir == fs::path("relative/kept"));
}

TEST_CASE("paths: state folder is KINDLY_STATE_DIR, XDG_STATE_HOME, HOME, else none") {
  Environment e;
  CHECK(resolve_paths(e).state_dir.empty());
  e.home = "/home/someone";
  CHECK(resolve_paths(e).state_dir == fs::path("/home/someone/.local/state/kindly"));
  e.xdg_state_home = "relative/not/allowed";
  CHECK(resolve_paths(e).state_dir == fs::path("/home/someone/.local/state/kindly"));
  e.xdg_state_home = "/tmp/xdg";
  CHECK(resolve_paths(e).state_dir == fs::path("/tmp/xdg/kindly"));
  e.kindly_state_dir = "/tmp/k-state";
  CHECK(resolve_paths(e).state_dir == fs::path("/tmp/k-state"));
}

TEST_CASE("paths: config folder is XDG_CONFIG_HOME, else HOME/.config, else none") {
  Environment e;
  CHECK(resolve_paths(e).config_dir.empty());
  e.xdg_config_home = "relative/config";  // ignored, as the XDG spec says
  CHECK(resolve_paths(e).config_dir.empty());
  e.home = "/home/someone";
  CHECK(resolve_paths(e).config_dir == fs::path("/home/someone/.config"));
  e.xdg_config_home = "/xdg/config";
  CHECK(resolve_paths(e).config_dir == fs::path("/xdg/config"));
}

TEST_CASE("paths: flags and KINDLY_* variables do not leak into the other folders") {
  Environment e = home_only();
  e.kindly_data_dir = "/env/data";
  const Paths p = resolve_paths(e, {.course_dir = "/flag/course", .data_dir = "/flag/data"});
  CHECK(p.state_dir == fs::path("/home/someone/.local/state/kindly"));
  CHECK(p.config_dir == fs::path("/home/someone/.config"));
}

TEST_CASE("paths: the installed course lookup falls back to the source tree's course") {
  // The test binary is not installed: there is no ../share/kindly next to it.
  CHECK(kindly::installed_course_dir() == fs::path(KINDLY_BUNDLED_COURSE));
  CHECK(Environment::from_process().bundled_course == fs::path(KINDLY_BUNDLED_COURSE));
}

TEST_CASE("paths: cache folder is XDG_CACHE_HOME/kindly, else HOME/.cache/kindly, else none") {
  Environment e;
  CHECK(resolve_paths(e).cache_dir.empty());
  e.home = "/home/someone";
  CHECK(resolve_paths(e).cache_dir == fs::path("/home/someone/.cache/kindly"));
  e.xdg_cache_home = "relative/not/allowed";
  CHECK(resolve_paths(e).cache_dir == fs::path("/home/someone/.cache/kindly"));
  e.xdg_cache_home = "/tmp/xdg-cache";
  CHECK(resolve_paths(e).cache_dir == fs::path("/tmp/xdg-cache/kindly"));
}
