// Issue 17 in the app: the unlock screen (passphrase or recovery key, a wrong one refused in
// one line), Lock now and the idle lock (what was typed is saved first), and Settings > Privacy
// (set with the recovery key shown once, change, remove). The folders are locked with the test
// KDF (crypto::kTestKdf) and the app's own lock set uses it under KINDLY_TEST_KDF=1.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "app.h"
#include "editor.h"
#include "harness.h"
#include "kindly/session.h"
#include "kindly/store.h"
#include "settings.h"
#include "widgets.h"

namespace fs = std::filesystem;

namespace kindly::gui {
namespace {

using test::Harness;

const char* const kNow = "2026-11-02T09:00";
const char* const kPass = "a quiet harbour at dawn";
const std::string kEntry = "Tender words \xF0\x9F\x8C\xBF for myself.";

std::unique_ptr<Session> open_plain(const fs::path& data) {
  std::string why;
  auto loaded = load_course(KINDLY_BUNDLED_COURSE);
  auto s = Session::open(loaded.course, data, clock_from_option(kNow, &why));
  REQUIRE(s.ok());
  return std::move(s.value());
}

// A begun course with one entry, locked with kPass; its recovery key. The key this process
// unwrapped is forgotten, so the app must ask.
std::string locked_folder(const fs::path& data) {
  {
    auto s = open_plain(data);
    REQUIRE(s->apply(cmd::Begin{}).ok());
    REQUIRE(s->apply(cmd::WriteEntry{kEntry, {}, 0, {}}).ok());
  }
  auto store = Store::open(data);
  REQUIRE(store.ok());
  auto key = store.value()->lock_set(kPass, crypto::kTestKdf);
  REQUIRE(key.ok());
  store.value().reset();
  forget_unlocked_keys();
  return key.value();
}

// Types `text` into the field `key` (clicked first): as the keyboard does, one frame.
void type_into(Harness& h, const std::string& key, const std::string& text) {
  REQUIRE(h.click(key));
  h.type(text);
}

// The unlock screen's field, typed and Enter pressed; frames for "Unlocking..." and the rest.
void unlock_with(Harness& h, const std::string& field, const std::string& secret) {
  type_into(h, field, secret);
  h.press(Harness::kEnter);
  h.frames(4);
}

bool journal_has(Harness& h, const std::string& text) {
  auto list = h.app->session()->journal_list(JournalFilter{});
  REQUIRE(list.ok());
  for (const auto& e : list.value()) {
    if (e.text == text) return true;
  }
  return false;
}

struct TestKdf {
  TestKdf() { ::setenv("KINDLY_TEST_KDF", "1", 1); }
  ~TestKdf() { ::unsetenv("KINDLY_TEST_KDF"); }
};

}  // namespace

TEST_CASE("unlock: a locked folder opens on the unlock screen, with the keyboard in the field") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  CHECK(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Unlock);
  CHECK(h.app->session() == nullptr);
  CHECK(widget_rect("##passphrase").has_value());
  CHECK(widget_rect("Unlock").has_value());
  CHECK_FALSE(widget_rect("Today").has_value());  // no navigator: nothing of the journal shows
  h.frame();
  CHECK(ImGui::GetIO().WantTextInput);  // typing goes into the field at once
  h.type("typed without a click");
  CHECK(std::string(h.app->state().unlock_secret.data()) == "typed without a click");
}

TEST_CASE("unlock: a wrong passphrase is refused in one line and the screen stays") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  unlock_with(h, "##passphrase", "not the passphrase");
  CHECK(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Unlock);
  const std::string& why = h.app->model().unlock_error;
  CHECK(why.find("does not open") != std::string::npos);
  CHECK(why.find("nothing was changed") != std::string::npos);
  CHECK(widget_rect("refusal").has_value());
  CHECK(h.app->state().unlock_secret[0] == '\0');  // wiped
  h.frame();
  CHECK(ImGui::GetIO().WantTextInput);  // the keyboard is back in the field
  // Again, right this time: no count, no wait.
  unlock_with(h, "##passphrase", kPass);
  CHECK_FALSE(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Home);
}

TEST_CASE("unlock: the right passphrase opens Today with the entries readable") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  type_into(h, "##passphrase", kPass);
  REQUIRE(h.click("Unlock"));  // "Unlocking..." is drawn, then the engine tries it
  h.frames(3);
  REQUIRE_FALSE(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Home);
  REQUIRE(h.app->session() != nullptr);
  CHECK(journal_has(h, kEntry));
  CHECK(h.app->model().has_passphrase);
  CHECK(h.app->state().unlock_secret[0] == '\0');
}

TEST_CASE("unlock: the recovery key opens it too; a wrong one is refused") {
  const fs::path data = test::fresh_dir("data");
  const std::string key = locked_folder(data);
  Harness h(kNow, data);
  REQUIRE(h.click("Use my recovery key instead"));
  h.frames(2);
  REQUIRE(widget_rect("##recovery-key").has_value());
  unlock_with(h, "##recovery-key", "0000-0000-0000-0000-0000-0000-0000-0000");
  CHECK(h.app->model().data_locked);
  CHECK(h.app->model().unlock_error.find("recovery key does not open") != std::string::npos);
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  unlock_with(h, "##recovery-key", lower);  // case does not matter
  REQUIRE_FALSE(h.app->model().data_locked);
  CHECK(journal_has(h, kEntry));
}

TEST_CASE("unlock: Lock now saves a half-typed draft first, and unlocking brings it back") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  unlock_with(h, "##passphrase", kPass);
  REQUIRE_FALSE(h.app->model().data_locked);
  const Course& course = *h.app->model().course;
  std::string item;
  for (const Item& it : course.week(1)->items) {
    if (it.kind == ItemKind::Reflection && item.empty()) item = it.id;
  }
  REQUIRE(!item.empty());
  h.app->go(Route{Screen::Reflection, "", item, 0});
  h.frames(2);
  REQUIRE(h.click("##reflection"));
  h.type("Half of a thought ");
  REQUIRE(editor_takes_char(0x1F331));
  editor_insert_char(0x1F331);  // as the shell gives an emoji (window.cpp)
  h.frames(2);
  h.type(" still");
  const std::string typed = "Half of a thought \xF0\x9F\x8C\xB1 still";
  REQUIRE(h.app->state().draft.text == typed);
  REQUIRE(h.app->state().draft.entry == 0);  // not autosaved yet
  // Ctrl+L, at once.
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  h.press(76);  // GLFW_KEY_L
  io.KeyCtrl = false;
  h.frames(2);
  CHECK(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Unlock);
  CHECK(h.app->session() == nullptr);
  CHECK(h.app->state().draft.text.empty());  // nothing of it held on screen
  CHECK(h.app->model().journal.empty());
  // It was saved before locking: the CLI's way in finds it (a store of its own).
  {
    UnlockAnswer a{kPass, false};
    set_unlock_source([&](const fs::path&, int n) {
      return n == 0 ? std::optional<UnlockAnswer>(a) : std::nullopt;
    });
    auto s = open_plain(data);
    set_unlock_source(nullptr);
    forget_unlocked_keys();
    auto list = s->journal_list(JournalFilter{.item = item});
    REQUIRE(list.ok());
    REQUIRE(list->size() == 1);
    CHECK(list->front().text == typed);
  }
  unlock_with(h, "##passphrase", kPass);
  REQUIRE_FALSE(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Reflection);  // back where the user was
  CHECK(h.route().item == item);
  CHECK(h.app->state().draft.text == typed);  // the entry open again, byte for byte
}

TEST_CASE("unlock: the idle lock comes after the chosen minutes without a key, not before") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  GuiSettings gs;
  gs.idle_lock_minutes = 5;
  REQUIRE(save_settings(settings_path(data), gs));
  Harness h(kNow, data);
  unlock_with(h, "##passphrase", kPass);
  REQUIRE_FALSE(h.app->model().data_locked);
  CHECK(h.app->model().idle_lock_minutes == 5);
  h.frames(4, 60.0f);  // four minutes without a key
  CHECK_FALSE(h.app->model().data_locked);
  h.press(Harness::kTab);  // a key: the wait starts again
  h.frames(4, 60.0f);
  CHECK_FALSE(h.app->model().data_locked);
  CHECK(h.app->wake_in() > 0);  // the loop wakes for it
  h.frames(2, 40.0f);           // past five minutes since the key
  CHECK(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Unlock);
}

TEST_CASE("unlock: the idle time is chosen in Settings and remembered; Never never locks") {
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  unlock_with(h, "##passphrase", kPass);
  CHECK(h.app->model().idle_lock_minutes == 15);  // the default with a passphrase
  h.app->go(Route{Screen::Settings});
  h.frames(3);
  REQUIRE(h.click("Never"));
  CHECK(h.app->model().idle_lock_minutes == 0);
  CHECK(load_settings(settings_path(data)).idle_lock_minutes == 0);
  h.frames(3, 600.0f);
  CHECK_FALSE(h.app->model().data_locked);
  REQUIRE(h.click("30 minutes"));
  CHECK(load_settings(settings_path(data)).idle_lock_minutes == 30);
  REQUIRE(h.click("Lock now"));
  CHECK(h.app->model().data_locked);
}

TEST_CASE("unlock: lock set from Settings shows the recovery key once; the CLI then opens it") {
  TestKdf fast;
  const fs::path data = test::fresh_dir("data");
  {
    auto s = open_plain(data);
    REQUIRE(s->apply(cmd::Begin{}).ok());
    REQUIRE(s->apply(cmd::WriteEntry{kEntry, {}, 0, {}}).ok());
  }
  Harness h(kNow, data);
  h.app->go(Route{Screen::Settings});
  h.frames(3);
  CHECK_FALSE(h.app->model().has_passphrase);
  REQUIRE(h.click("Lock my journal with a passphrase"));
  type_into(h, "##lock-new", "short");
  type_into(h, "##lock-again", "short");
  REQUIRE(h.click("Lock my journal"));
  CHECK(h.app->model().lock_error.find("at least 8 characters") != std::string::npos);
  CHECK_FALSE(h.app->model().has_passphrase);
  type_into(h, "##lock-new", kPass);
  type_into(h, "##lock-again", "a quiet harbour at dusk");
  REQUIRE(h.click("Lock my journal"));
  CHECK(h.app->model().lock_error.find("not the same") != std::string::npos);
  type_into(h, "##lock-new", kPass);
  type_into(h, "##lock-again", kPass);
  REQUIRE(h.click("Lock my journal"));
  CHECK(h.app->model().lock_error.empty());
  CHECK(h.app->model().has_passphrase);
  const std::string key = h.app->model().recovery_key;
  CHECK(key.size() == 39);  // eight groups of four
  CHECK(widget_rect("recovery key").has_value());
  CHECK(widget_rect("Copy").has_value());
  REQUIRE(h.click("I have written it down"));
  CHECK(h.app->model().recovery_key.empty());
  CHECK_FALSE(widget_rect("recovery key").has_value());  // once
  CHECK(widget_rect("Lock now").has_value());
  // The raw bytes hold no plain text any more.
  {
    std::ifstream in(data / "kindly.db", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK(bytes.find("Tender words") == std::string::npos);
  }
  // The CLI with --passphrase-fd opens it (a process of its own).
  const fs::path pass = data / "pass.txt";
  std::ofstream(pass) << kPass;
  const std::string cmd = std::string("KINDLY_DATA_DIR='") + data.string() +
                          "' KINDLY_NOW=" + kNow + " '" + KINDLY_CLI +
                          "' --passphrase-fd 3 journal list 3<'" + pass.string() + "' > '" +
                          (data / "out.txt").string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream out(data / "out.txt");
  const std::string text((std::istreambuf_iterator<char>(out)), {});
  CAPTURE(text);
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text.find("Tender words") != std::string::npos);
  // The recovery key the app showed is a way in too.
  forget_unlocked_keys();
  UnlockAnswer a{key, true};
  set_unlock_source([&](const fs::path&, int n) {
    return n == 0 ? std::optional<UnlockAnswer>(a) : std::nullopt;
  });
  auto other = Store::open(data);
  set_unlock_source(nullptr);
  CHECK(other.ok());
}

TEST_CASE("unlock: change the passphrase (the current one checked) and remove it") {
  TestKdf fast;
  const fs::path data = test::fresh_dir("data");
  locked_folder(data);
  Harness h(kNow, data);
  unlock_with(h, "##passphrase", kPass);
  h.app->go(Route{Screen::Settings});
  h.frames(3);
  // The full export is plain text: refused for a locked journal, and said so.
  CHECK(widget_rect("export refused").has_value());
  CHECK_FALSE(widget_rect("Export all data (JSON)").has_value());
  REQUIRE(h.click("Change passphrase..."));
  type_into(h, "##lock-current", "not the passphrase");
  type_into(h, "##lock-new", "a new harbour at noon");
  type_into(h, "##lock-again", "a new harbour at noon");
  REQUIRE(h.click("Change passphrase"));
  CHECK(h.app->model().lock_error.find("does not open") != std::string::npos);
  type_into(h, "##lock-current", kPass);
  type_into(h, "##lock-new", "a new harbour at noon");
  type_into(h, "##lock-again", "a new harbour at noon");
  REQUIRE(h.click("Change passphrase"));
  CHECK(h.app->model().lock_error.empty());
  CHECK(h.app->state().lock_new[0] == '\0');
  // Lock, and only the new one opens it.
  REQUIRE(h.click("Lock now"));
  REQUIRE(h.app->model().data_locked);
  unlock_with(h, "##passphrase", kPass);
  CHECK(h.app->model().data_locked);
  unlock_with(h, "##passphrase", "a new harbour at noon");
  REQUIRE_FALSE(h.app->model().data_locked);
  CHECK(h.route().screen == Screen::Settings);
  // Remove: asked first.
  REQUIRE(h.click("Remove the passphrase..."));
  CHECK(widget_rect("Keep it locked").has_value());
  REQUIRE(h.click("Yes, remove the passphrase"));
  CHECK_FALSE(h.app->model().has_passphrase);
  CHECK(widget_rect("Lock my journal with a passphrase").has_value());
  CHECK(widget_rect("Export all data (JSON)").has_value());
  std::ifstream in(data / "kindly.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  CHECK(bytes.find("Tender words") != std::string::npos);  // plain again, as it said
}

TEST_CASE("unlock: Cancel on the passphrase form keeps nothing that was typed") {
  const fs::path data = test::fresh_dir("data");
  {
    auto s = open_plain(data);
    REQUIRE(s->apply(cmd::Begin{}).ok());
  }
  Harness h(kNow, data);
  h.app->go(Route{Screen::Settings});
  h.frames(3);
  REQUIRE(h.click("Lock my journal with a passphrase"));
  type_into(h, "##lock-new", kPass);
  REQUIRE(h.click("Cancel##lock-set"));
  h.frames(2);
  CHECK(h.app->state().lock_form == ScreenState::LockForm::None);
  CHECK(h.app->state().lock_new[0] == '\0');
  // ImGui's own copy of the field (its text, the text it started with, its undo record).
  const ImGuiInputTextState& st = GImGui->InputTextState;
  const auto holds = [](const auto& v) {
    const std::string bytes(reinterpret_cast<const char*>(v.Data), v.size_in_bytes());
    return bytes.find("harbour") != std::string::npos;
  };
  CHECK_FALSE(holds(st.TextA));
  CHECK_FALSE(holds(st.InitialTextA));
  CHECK_FALSE(st.ID != 0);
  CHECK_FALSE(h.app->model().has_passphrase);
}

}  // namespace kindly::gui
