// Helpers for the progress engine's tests: fixture courses, time zones, times.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/loader.h"

namespace kindly::test {

// tests/data/courses/<name>, loaded; fails the test if it has errors.
inline std::shared_ptr<const Course> fixture_course(const std::string& name = "eight-weeks") {
  auto r = load_course(std::string(KINDLY_TEST_DATA) + "/courses/" + name);
  REQUIRE_MESSAGE(!r.has_errors(), "fixture course has errors: " << name);
  return r.course;
}

// Sets TZ for the scope (and tzset()), then restores it.
class TzScope {
 public:
  explicit TzScope(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~TzScope() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  TzScope(const TzScope&) = delete;
  TzScope& operator=(const TzScope&) = delete;

 private:
  std::optional<std::string> old_;
};

// parse_time or fail the test.
inline TimePoint at(const char* text) {
  auto t = parse_time(text);
  REQUIRE_MESSAGE(t.has_value(), "bad time in test: " << text);
  return *t;
}

}  // namespace kindly::test
