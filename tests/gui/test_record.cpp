// "Your own voice" (screen_record.cpp): reached from the practice intro and from Settings;
// with no microphone it says so calmly and offers no Record button, while recordings made
// before can still be played and deleted; delete asks first and removes the file from disk.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app.h"
#include "harness.h"
#include "kindly/recordings.h"
#include "kindly/session.h"
#include "widgets.h"

namespace fs = std::filesystem;

namespace kindly::gui {
namespace {

using test::Harness;

const char* const kPractice = "affectionate-breathing";

void begin(const fs::path& data) {
  std::string why;
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(loaded.course);
  auto s = Session::open(loaded.course, data, clock_from_option("2026-11-02T09:00", &why));
  REQUIRE(s.ok());
  REQUIRE(s.value()->apply(cmd::Begin{}).ok());
}

// Frames until the look for a microphone has answered (it runs on another thread).
void until_checked(Harness& h) {
  for (int i = 0; i < 500 && !h.app->model().recording.checked; ++i) {
    h.frame();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  h.frames(2);
  REQUIRE(h.app->model().recording.checked);
}

struct NoSoundServer {
  NoSoundServer() {
    setenv("PULSE_SERVER", "unix:/nonexistent/kindly-test/native", 1);
    setenv("PULSE_NO_AUTOSPAWN", "1", 1);
  }
};

}  // namespace

TEST_CASE("record screen: route, and reached from the practice intro and from Settings") {
  NoSoundServer quiet;
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE(loaded.course);
  CHECK(parse_route(std::string("record/") + kPractice, loaded.course.get()));
  CHECK_FALSE(parse_route("record/no-such-practice", loaded.course.get()));
  CHECK_FALSE(parse_route("record/../x", loaded.course.get()));

  const fs::path data = test::fresh_dir("data");
  begin(data);
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, std::string("practice/") + kPractice);
  REQUIRE(h.click("Your own voice"));
  CHECK(h.route().screen == Screen::Record);
  CHECK(h.route().item == kPractice);

  h.app->go(Route{Screen::Settings});
  h.frames(2);
  h.app->state().record_practice = kPractice;
  h.frames(1);
  REQUIRE(h.click("Record..."));
  CHECK(h.route().screen == Screen::Record);
  CHECK(h.route().item == kPractice);
}

TEST_CASE("record screen: no microphone, calm; an earlier recording plays and deletes") {
  NoSoundServer quiet;
  const fs::path data = test::fresh_dir("data");
  begin(data);
  auto saved = save_recording(data, kPractice, 1, "RIFF....WAVE");
  REQUIRE(saved.ok());
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, std::string("record/") + kPractice);
  until_checked(h);
  const RecordingView& v = h.app->model().recording;
  CHECK_FALSE(v.unavailable.empty());
  CHECK(widget_rect("Look again"));
  CHECK_FALSE(widget_rect("Record 1"));
  CHECK_FALSE(widget_rect("Record 2"));
  CHECK_FALSE(widget_rect("Re-record 1"));
  REQUIRE(v.takes.count(1) == 1);
  CHECK(widget_rect("Listen 1"));
  CHECK_FALSE(widget_rect("Listen 2"));

  // Delete asks first; "Keep it" keeps it; "Yes, delete" removes the file from disk.
  REQUIRE(h.click("Delete 1"));
  CHECK(fs::exists(saved->path));
  REQUIRE(widget_rect("Yes, delete 1"));
  REQUIRE(h.click("Keep it"));
  CHECK(fs::exists(saved->path));
  REQUIRE(h.click("Delete 1"));
  REQUIRE(h.click("Yes, delete 1"));
  CHECK_FALSE(fs::exists(saved->path));
  CHECK_FALSE(find_recording(data, kPractice, 1));
  h.frames(2);
  CHECK(h.app->model().recording.takes.empty());
  CHECK_FALSE(widget_rect("Listen 1"));
}

TEST_CASE("record screen: delete all asks first and removes the practice's recordings") {
  NoSoundServer quiet;
  const fs::path data = test::fresh_dir("data");
  begin(data);
  REQUIRE(save_recording(data, kPractice, 1, "one").ok());
  REQUIRE(save_recording(data, kPractice, 2, "two").ok());
  REQUIRE(save_recording(data, "compassionate-body-scan", 1, "other").ok());
  Harness h("2026-11-02T10:00", data, KINDLY_BUNDLED_COURSE, std::string("record/") + kPractice);
  until_checked(h);
  REQUIRE(h.click("Delete all recordings of this practice"));
  CHECK(list_recordings(data, kPractice).size() == 2);
  REQUIRE(h.click("Yes, delete them all"));
  CHECK(list_recordings(data, kPractice).empty());
  CHECK_FALSE(fs::exists(recordings_dir(data) / kPractice));
  CHECK(find_recording(data, "compassionate-body-scan", 1));  // another practice's: kept
}

}  // namespace kindly::gui
