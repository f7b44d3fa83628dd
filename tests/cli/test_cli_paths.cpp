// The global options' precedence through kindly::cli::run, with the environment given as a
// value (kindly/paths.h): a flag wins over its variable, the variable over the default
// (docs/cli.md, "Global options"). The pure table is in tests/engine/test_paths.cpp.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "kindly/paths.h"

namespace fs = std::filesystem;

namespace {

struct Out {
  int code;
  std::string out, err;
};

Out run_with(const kindly::Environment& env, std::vector<std::string> args) {
  args.insert(args.begin(), "kindly");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code =
      kindly::cli::run(static_cast<int>(argv.size()), argv.data(), env, {out, err}, {});
  return {code, out.str(), err.str()};
}

struct Folder {
  fs::path dir;
  Folder() {
    std::string tmpl = (fs::temp_directory_path() / "kindly-paths-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const std::string kCourse = std::string(KINDLY_TEST_DATA) + "/courses/eight-weeks";

}  // namespace

TEST_CASE("cli paths: --data-dir wins over KINDLY_DATA_DIR, which wins over XDG_DATA_HOME") {
  Folder f;
  kindly::Environment env;
  env.home = (f.dir / "home").string();
  env.xdg_data_home = (f.dir / "xdg").string();
  env.kindly_now = "2026-11-30T09:00:00Z";
  REQUIRE(run_with(env, {"--course", kCourse, "begin"}).code == 0);
  CHECK(fs::exists(f.dir / "xdg/kindly/kindly.db"));

  env.kindly_data_dir = (f.dir / "env").string();
  REQUIRE(run_with(env, {"--course", kCourse, "begin"}).code == 0);
  CHECK(fs::exists(f.dir / "env/kindly.db"));

  REQUIRE(
      run_with(env, {"--course", kCourse, "--data-dir", (f.dir / "flag").string(), "begin"}).code ==
      0);
  CHECK(fs::exists(f.dir / "flag/kindly.db"));
  CHECK_FALSE(fs::exists(f.dir / "home"));  // HOME came last and was never needed
}

TEST_CASE("cli paths: --course wins over KINDLY_COURSE") {
  Folder f;
  kindly::Environment env;
  env.kindly_data_dir = (f.dir / "data").string();
  env.kindly_now = "2026-11-30T09:00:00Z";
  env.kindly_course = (f.dir / "no-such-course").string();
  CHECK(run_with(env, {"begin"}).code == kindly::cli::kRefused);  // the variable was used
  CHECK(run_with(env, {"--course", kCourse, "begin"}).code == kindly::cli::kOk);
  env.kindly_course = kCourse;
  CHECK(run_with(env, {"status"}).code == kindly::cli::kOk);
}

TEST_CASE("cli paths: --now wins over KINDLY_NOW, and KINDLY_NOW over the system clock") {
  Folder f;
  kindly::Environment env;
  env.kindly_data_dir = (f.dir / "data").string();
  env.kindly_course = kCourse;
  env.kindly_now = "2026-11-30T09:00:00Z";
  REQUIRE(run_with(env, {"begin"}).code == 0);
  REQUIRE(run_with(env, {"--now", "2026-11-30T10:00:00Z", "start", "1"}).code == 0);
  const Out h = run_with(env, {"history", "--json"});
  REQUIRE(h.code == 0);
  const auto j = nlohmann::json::parse(h.out);
  REQUIRE(j["events"].size() == 2);
  CHECK(j["events"][0]["at"] == "2026-11-30T09:00:00+00:00");
  CHECK(j["events"][1]["at"] == "2026-11-30T10:00:00+00:00");
}
