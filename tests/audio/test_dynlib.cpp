// kindly/dynlib.h: optional libraries loaded on first use, with errors that name what is
// missing; and kindly_audio maps libpulse-simple and libsndfile only once it needs them.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "kindly/audio.h"
#include "kindly/dynlib.h"

using namespace kindly;
using namespace std::chrono_literals;

namespace {

bool mapped(const std::string& soname) {
  std::ifstream in("/proc/self/maps");
  const std::string maps((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return maps.find("/" + soname) != std::string::npos;
}

// Before main, so before any test case could have loaded them.
const bool g_pulse_at_start = mapped("libpulse-simple.so.0") || mapped("libpulse.so.0");
const bool g_sndfile_at_start = mapped("libsndfile.so.1");

}  // namespace

TEST_CASE("dynlib: a library that is not installed gives false and an error naming it") {
  dynlib::Library lib("libkindly-no-such-library.so.7");
  CHECK_FALSE(lib.ok());
  CHECK(lib.error() == "libkindly-no-such-library.so.7 is not installed");
  CHECK(lib.soname() == "libkindly-no-such-library.so.7");
  decltype(&std::strlen) fn = &std::strlen;
  CHECK_FALSE(lib.bind(fn, "strlen"));
  CHECK((fn == nullptr));
  CHECK(lib.symbol("strlen") == nullptr);
  CHECK(lib.error() == "libkindly-no-such-library.so.7 is not installed");  // the first failure
}

TEST_CASE("dynlib: libc opens, strlen is found and called, a missing symbol is named") {
  dynlib::Library libc("libc.so.6");
  REQUIRE(libc.ok());
  CHECK(libc.error().empty());
  decltype(&std::strlen) my_strlen = nullptr;
  REQUIRE(KINDLY_DYNLIB_BIND(libc, my_strlen, strlen));
  CHECK(my_strlen("kind") == 4);
  CHECK(libc.ok());

  void (*missing)() = nullptr;
  CHECK_FALSE(libc.bind(missing, "kindly_no_such_symbol"));
  CHECK((missing == nullptr));
  CHECK_FALSE(libc.ok());
  CHECK(libc.error() == "libc.so.6 lacks kindly_no_such_symbol");
  CHECK_FALSE(libc.bind(missing, "kindly_another_missing_symbol"));
  CHECK(libc.error() == "libc.so.6 lacks kindly_no_such_symbol");  // the first failure
  CHECK(KINDLY_DYNLIB_BIND(libc, my_strlen, strlen));              // later lookups still work
}

TEST_CASE("audio: libpulse-simple and libsndfile are mapped on first use, not at start") {
  CHECK_FALSE(g_pulse_at_start);  // not linked: nothing maps them before main
  CHECK_FALSE(g_sndfile_at_start);
  // ctest runs each case in its own process; run together, an earlier case has loaded them.
  if (mapped("libpulse-simple.so.0") || mapped("libsndfile.so.1")) {
    MESSAGE("loaded by an earlier test case in this process: first use not checked");
    return;
  }
  setenv("PULSE_SERVER", "unix:/nonexistent/kindly-test/native", 1);
  setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  audio::Player player;
  player.set_volume(0.5);
  CHECK_FALSE(mapped("libpulse-simple.so.0"));
  CHECK_FALSE(mapped("libpulse.so.0"));
  CHECK_FALSE(mapped("libsndfile.so.1"));

  // A file first: libsndfile only (libpulse itself depends on libsndfile, not the reverse).
  CHECK_FALSE(player.play_file("/nonexistent/practice.ogg"));
  CHECK(player.last_error().find("not installed") == std::string::npos);
  CHECK(mapped("libsndfile.so.1"));
  CHECK_FALSE(mapped("libpulse-simple.so.0"));

  player.play_bell();
  REQUIRE(player.wait_idle(3s));
  CHECK(mapped("libpulse-simple.so.0"));
  CHECK(mapped("libpulse.so.0"));
  CHECK(player.status() == audio::Status::Unavailable);  // loaded, but no server
  CHECK(player.last_error().find("not installed") == std::string::npos);
}
