// App: the lock (docs/privacy.md; docs/gui.md, "The lock"). Every step is the engine's: the app
// hands it what was typed and words what it answers. Contents: wiping secrets · the unlock
// source · unlocking · Lock now and the idle lock · Settings > Privacy (set, change, remove).
#include <imgui.h>
#include <imgui_internal.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>

#include "app.h"
#include "kindly/crypto.h"
#include "kindly/store.h"
#include "widgets.h"

namespace kindly::gui {

// ---- wiping secrets -------------------------------------------------------------------------

void wipe_secret(char* p, std::size_t n) {
  volatile char* v = p;
  for (std::size_t i = 0; i < n; ++i) v[i] = 0;
}

void wipe_text_input_state() {
  ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g) return;
  ImGuiInputTextState& st = g->InputTextState;
  auto wipe_vector = [](auto& v) {
    if (v.Data) wipe_secret(reinterpret_cast<char*>(v.Data), v.size_in_bytes());
  };
  wipe_vector(st.TextW);
  wipe_vector(st.TextA);
  wipe_vector(st.InitialTextA);
  wipe_secret(reinterpret_cast<char*>(&st.Stb), sizeof st.Stb);  // the undo record too
  st.CurLenA = st.CurLenW = 0;
  if (st.ID != 0 && g->ActiveId == st.ID) ImGui::ClearActiveID();
  st.ID = 0;  // the next field to be edited starts afresh (ImGui initialises it again)
}

namespace {

// A std::string holding a secret, wiped when it goes.
struct Secret {
  std::string text;
  explicit Secret(const char* s) : text(s) {}
  ~Secret() { wipe_secret(text.data(), text.size()); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
};

// ---- the unlock source ----------------------------------------------------------------------
// The engine asks when a store opens on locked data (kindly/store.h): the app answers once with
// what the unlock screen was given, else nothing (the unlock screen is shown).

std::optional<UnlockAnswer>& pending_answer() {
  static std::optional<UnlockAnswer> answer;
  return answer;
}

std::optional<UnlockAnswer> app_answer(const std::filesystem::path&, int attempt) {
  if (attempt != 0 || !pending_answer()) return std::nullopt;
  return pending_answer();
}

// Argon2id at full cost in the app; the library's minimum when KINDLY_TEST_KDF=1 (the GUI
// tests, the screenshots: docs/gui.md). Read here only.
const crypto::KdfParams& app_kdf() {
  const char* test = std::getenv("KINDLY_TEST_KDF");
  return test && std::strcmp(test, "1") == 0 ? crypto::kTestKdf : crypto::kDefaultKdf;
}

// The lock's moments in the log at once (not at the next warning): a test or a user looking at
// the log sees them as they happen. Never what was typed.
void log_lock(const std::string& line) {
  spdlog::info("gui: {}", line);
  spdlog::default_logger()->flush();
}

}  // namespace

// ---- unlocking ------------------------------------------------------------------------------

void App::run_effect(const ui::Unlock&) {
  if (!model_.data_locked || model_.unlocking) return;
  if (state_.unlock_secret[0] == '\0') {
    model_.unlock_error =
        state_.unlock_recovery ? "Type your recovery key first." : "Type your passphrase first.";
    return;
  }
  model_.unlocking = true;  // "Unlocking..." is drawn first; frame() then calls finish_unlock()
  unlock_frames_ = 0;
}

void App::finish_unlock() {
  model_.unlocking = false;
  std::optional<UnlockAnswer>& answer = pending_answer();
  answer = UnlockAnswer{};
  answer->secret.reserve(ScreenState::kSecretBytes);   // no reallocation leaves a copy behind
  answer->secret.assign(state_.unlock_secret.data());  // exactly what was typed
  answer->recovery_key = state_.unlock_recovery;
  wipe_secret(state_.unlock_secret);
  wipe_text_input_state();
  set_unlock_source(app_answer);
  open_session();
  set_unlock_source(nullptr);
  wipe_secret(answer->secret.data(), answer->secret.size());
  answer.reset();
  if (model_.data_locked) {
    state_.unlock_focus = true;  // the keyboard back in the (emptied) field: type again
    log_lock("unlock refused");
    return;  // the refusal is on the unlock screen; nothing was changed
  }
  after_unlock();
}

void App::after_unlock() {
  log_lock("unlocked");
  model_.unlock_error.clear();
  note_lock_status();
  last_activity_ = model_.time;
  load_resume();
  const Route back = locked_route_ ? *locked_route_ : first_route();
  locked_route_.reset();
  model_.route = Route{Screen::Home};  // so that go() opens `back` afresh
  go(back);
  if (locked_entry_ != 0) edit_entry(locked_entry_);  // the entry being written, as it was
  locked_entry_ = 0;
  journal_dirty_ = true;
  charts_events_ = report_events_ = measures_events_ = after_events_ = -1;  // read them again
}

void App::note_lock_status() {
  model_.has_passphrase = false;
  if (session_) {
    try {
      model_.has_passphrase = session_->store().lock_status().locked;
    } catch (const std::exception& e) {
      log_lock(std::string("lock status failed: ") + e.what());
    }
  }
  const int chosen = settings_.idle_lock_minutes;
  model_.idle_lock_minutes = chosen < 0 ? 15 : chosen;
}

// ---- Lock now and the idle lock ---------------------------------------------------------------

void App::run_effect(const ui::LockNow&) {
  lock_now();
}

// What was typed is saved first (the autosave path); a practice running is kept to resume, as
// when Kindly closes mid-practice; then the data closes, the keys are wiped and every text the
// screens held is let go.
void App::lock_now() {
  if (!session_ || !model_.has_passphrase) return;
  save_draft(true);
  save_safety_plan();
  if (state_.draft.dirty()) {
    notice(Notice::Kind::Problem,
           "Kindly did not lock: what you typed could not be saved yet (" + state_.draft.error +
               "). It is still here; try again in a moment.",
           0);
    return;
  }
  if (state_.practice.in_progress(model_.time)) {
    run_effect(ui::KeepResume{state_.practice.resume_state(model_.time)});
    run_effect(ui::StopSound{});
    run_effect(ui::StopSpeech{});
  }
  locked_entry_ = state_.draft.active ? state_.draft.entry : 0;
  locked_route_ = model_.route;
  wipe_text_input_state();
  if (ImGui::GetCurrentContext()) ImGui::SetWindowFocus(nullptr);
  session_.reset();
  model_.progress = nullptr;
  forget_unlocked_keys();
  model_.journal.clear();
  model_.search_hits.clear();
  model_.versions.clear();
  model_.report.clear();
  model_.report_preview.clear();
  model_.charts.reset();
  model_.measure_records.clear();
  model_.measures_due.clear();
  model_.practice_plan.reset();
  model_.plan_due.reset();
  model_.comparison.reset();
  model_.practice_minutes.clear();
  model_.notices.clear();
  model_.recovery_key.clear();
  model_.lock_error.clear();
  model_.unlock_error.clear();
  const float font_px = state_.font_px;
  state_ = ScreenState{};
  state_.font_px = font_px;
  model_.data_locked = true;
  model_.route = Route{Screen::Unlock};
  log_lock("locked");
}

void App::lock_frame_start() {
  if (model_.unlocking && ++unlock_frames_ >= 2) finish_unlock();  // "Unlocking..." was drawn
  // Ctrl+L: Lock now (what was typed is saved first). io.KeysDown has GLFW's key numbers.
  constexpr int kKeyL = 76;  // GLFW_KEY_L
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(kKeyL, false) && session_ &&
      model_.has_passphrase) {
    lock_now();
    return;
  }
  watch_idle();
}

void App::watch_idle() {
  const ImGuiIO& io = ImGui::GetIO();
  bool active = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 ||
                io.MouseWheelH != 0 || io.InputQueueCharacters.Size > 0;
  for (bool d : io.MouseDown) active = active || d;
  for (bool k : io.KeysDown) active = active || k;
  // A practice running is time in use too: the idle lock never cuts into a meditation.
  if (active || !session_ || state_.practice.in_progress(model_.time)) {
    last_activity_ = model_.time;
    return;
  }
  const int minutes = model_.idle_lock_minutes;
  if (model_.has_passphrase && minutes > 0 && model_.time - last_activity_ >= minutes * 60.0) {
    log_lock("idle lock after " + std::to_string(minutes) + " minutes");
    lock_now();
  }
}

void App::run_effect(const ui::SetIdleLock& e) {
  settings_.idle_lock_minutes = std::max(0, e.minutes);
  model_.idle_lock_minutes = settings_.idle_lock_minutes;
  last_activity_ = model_.time;
  save_window_settings();
}

// ---- Settings > Privacy -------------------------------------------------------------------------

bool App::word_lock_refusal(const Result<>& r) {
  if (r) return true;
  std::string msg = sentence(r.error().message) + ".";
  const std::string& hint = r.error().hint;  // the CLI's hints name flags: not for the app
  if (!hint.empty() && hint.find('`') == std::string::npos && hint.find("--") == std::string::npos)
    msg += " " + sentence(hint) + ".";
  model_.lock_error = msg;
  log_lock(std::string("lock refused: ") + refusal_id(r.error().code));
  return false;
}

void App::run_effect(const ui::LockSet&) {
  model_.lock_error.clear();
  if (!session_) return;
  const Secret pass(state_.lock_new.data()), again(state_.lock_again.data());
  wipe_secret(state_.lock_new);
  wipe_secret(state_.lock_again);
  wipe_text_input_state();
  if (!word_lock_refusal(check_new_passphrase(pass.text, &again.text))) return;
  auto key = session_->store().lock_set(pass.text, app_kdf());
  if (!key) {
    word_lock_refusal(key.error());
    return;
  }
  model_.recovery_key = key.value();  // shown once, until "I have written it down"
  state_.lock_form = ScreenState::LockForm::None;
  note_lock_status();
  last_activity_ = model_.time;
  log_lock("passphrase set");
}

void App::run_effect(const ui::RecoveryKeyWrittenDown&) {
  wipe_secret(model_.recovery_key.data(), model_.recovery_key.size());
  model_.recovery_key.clear();
  notice(Notice::Kind::Info,
         "Your journal is locked with your passphrase: everything you wrote is encrypted on "
         "disk.",
         8);
}

void App::run_effect(const ui::LockChange&) {
  model_.lock_error.clear();
  if (!session_) return;
  const Secret current(state_.lock_current.data()), pass(state_.lock_new.data()),
      again(state_.lock_again.data());
  wipe_secret(state_.lock_current);
  wipe_secret(state_.lock_new);
  wipe_secret(state_.lock_again);
  wipe_text_input_state();
  if (!word_lock_refusal(check_new_passphrase(pass.text, &again.text))) return;
  // The current passphrase must open the data, as `kindly lock change` asks it: a second,
  // read-only store is opened with it (the key this process holds is set aside meanwhile).
  forget_unlocked_keys();
  std::optional<UnlockAnswer>& answer = pending_answer();
  answer = UnlockAnswer{current.text, false};
  set_unlock_source(app_answer);
  StoreOptions ro;
  ro.read_only = true;
  auto check = Store::open(config_.data_dir, ro);
  set_unlock_source(nullptr);
  wipe_secret(answer->secret.data(), answer->secret.size());
  answer.reset();
  if (!check) {
    word_lock_refusal(check.error());
    return;
  }
  check.value().reset();
  if (!word_lock_refusal(session_->store().lock_change(pass.text, app_kdf()))) return;
  state_.lock_form = ScreenState::LockForm::None;
  notice(Notice::Kind::Info,
         "Your passphrase is changed: the old one no longer opens your journal. Your recovery "
         "key is the same.",
         8);
  log_lock("passphrase changed");
}

void App::run_effect(const ui::LockRemove&) {
  model_.lock_error.clear();
  if (!session_) return;
  if (!word_lock_refusal(session_->store().lock_remove())) return;
  state_.lock_form = ScreenState::LockForm::None;
  note_lock_status();
  notice(Notice::Kind::Info,
         "The passphrase is removed: your writing is stored as plain text again. Your recovery "
         "key no longer does anything.",
         10);
  log_lock("passphrase removed");
}

}  // namespace kindly::gui
