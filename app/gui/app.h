// The app: loads the course, opens the session, draws one frame at a time and runs the
// commands screens return. Knows nothing about GLFW or OpenGL, so tests drive it with ImGui
// frames that have no screen (tests/gui).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "kindly/clock.h"
#include "kindly/session.h"
#include "settings.h"
#include "ui.h"

namespace kindly::audio {
class Player;
}
namespace kindly::speech {
class Speaker;
struct VoiceOptions;
}  // namespace kindly::speech

namespace kindly::gui {

class VoiceRecorder;

struct AppConfig {
  std::string course_dir;
  std::string data_dir;
  std::string now;            // --now / KINDLY_NOW (empty: the system clock)
  std::string screen;         // --screen; empty = the natural first screen
  bool fixed_screen = false;  // screenshot mode: never redirect away from `screen`
  std::string theme;          // --theme; overrides the saved theme for this run
  // --passphrase-fd / --recovery-key-fd were given: a locked folder opens with them at start-up
  // (the CLI's unlock source; scripts, screenshots). Otherwise the unlock screen asks, never a
  // terminal.
  bool secret_given = false;
  // The data folder's gui-settings.ini when the caller has read it already (the shell does,
  // to place the window); empty: the App reads it.
  std::optional<GuiSettings> settings;
};

class App {
 public:
  // Loads the course and opens the data folder. Never throws: problems become screens.
  explicit App(const AppConfig& config);
  ~App();

  // Needs a current ImGui context. Loads fonts at the saved size times `content_scale` and
  // applies the theme. Call again (outside a frame) when fonts_dirty() says so.
  void setup_fonts_and_style(float content_scale);
  // The same in two steps, so the atlas can be built (load_fonts) on another thread while
  // the window opens: what to build at `content_scale`, then the built fonts and the theme
  // (needs the ImGui context whose atlas they are in).
  FontPlan font_plan(float content_scale) const;
  void use_fonts(const Fonts& fonts, float content_scale);
  bool fonts_dirty() const { return fonts_dirty_; }
  float content_scale() const { return scale_; }

  // Draws the whole window (call between ImGui::NewFrame and ImGui::Render), then runs the
  // commands the screens returned and autosaves a paused draft.
  void frame();

  // Seconds until the app needs a frame without input (a paused draft to save, a notice to
  // clear, a blinking caret); negative when it can sleep until the next event.
  double wake_in() const;

  // Saves a draft now and the window settings. Call on close.
  void flush();
  void shutdown();
  // The window was asked to close (its close button, Ctrl+Q). True when it may close now;
  // false mid-practice: the player asks first ("Log and close", "Keep practising") and the
  // answer comes back through close_requested().
  bool confirm_close();
  bool close_requested() const { return close_requested_; }

  void go(const Route& r);
  void run(const Action& a);  // one action, as if a screen had returned it

  const Model& model() const { return model_; }
  ScreenState& state() { return state_; }
  GuiSettings& settings() { return settings_; }
  Session* session() { return session_.get(); }
  // The data key while the data has a passphrase and is unlocked; null otherwise. Recordings
  // are sealed and opened with it (kindly/recordings.h).
  std::shared_ptr<const crypto::Key> data_key() const;
  const std::string& startup_problem() const { return startup_problem_; }
  bool save_window_settings();
  // Tests: the speaker to use instead of the system's (kindly/speech_fake.h).
  void use_speaker(std::unique_ptr<speech::Speaker> s);

 private:
  void refresh_journal();
  void notice(Notice::Kind k, const std::string& text, double seconds = 8.0);
  void draw_content(Actions& out);
  Route shown_route() const;  // the route, or the screen shown in its place (welcome, problems)
  void log(const std::string& line) const;
  // app_actions.cpp: engine requests and the drafts.
  void request(const Request& r);  // Session::apply, then the outcome to its reader
  void word_outcome(const Command& c, const Outcome& o);
  bool report(const Error& e);  // a refusal or data problem as a notice; false
  void edit_entry(std::int64_t id);
  void open_letter();  // the letter of learning's draft (app_actions.cpp)
  void show_safety_help_sample(const std::string& measure);  // app.cpp, for screenshots
  void save_draft(bool force);
  void save_safety_plan();              // saves the plan's unsaved words, if any
  void word_measure(const Outcome& o);  // a questionnaire's score, and help when a rule fired
  std::int64_t measures_events_ = -1;   // event_count the measures' lists were made for
  bool audio_warmed_ = false;           // audio::Player::warm_up() asked (a practice opened)
  Result<Outcome> saved_safety_plan(const cmd::SaveSafetyPlan& c, Result<Outcome> out);
  std::string changed_elsewhere_notice(const JournalEntry& e, int other) const;
  // app_effects.cpp: sound, files, reminders, and the data the screens read each frame.
  void run_effect(const ui::PlayBell& e);
  void run_effect(const ui::PlayAudio& e);
  void run_effect(const ui::StopSound& e);
  void run_effect(const ui::SetVolume& e);
  void run_effect(const ui::SetMuted& e);
  void run_effect(const ui::BuildReport& e);
  void run_effect(const ui::SaveReport& e);
  void run_effect(const ui::ExportJson& e);
  void run_effect(const ui::Backup& e);
  void run_effect(const ui::SetReminder& e);
  void run_effect(const ui::SetAutostart& e);
  void run_effect(const ui::Restore& e);
  // app_voice.cpp: the user's own recordings.
  void run_effect(const ui::Recording& e);
  void prepare_recording();  // each frame: a finished take saved, the Record route's view
  void run_effect(const ui::KeepResume& e);
  void run_effect(const ui::ClearResume& e);
  void run_effect(const ui::Close& e);
  void run_effect(const ui::SetGuidance& e);
  void run_effect(const ui::Speak& e);
  void run_effect(const ui::PauseSpeech& e);
  void run_effect(const ui::ResumeSpeech& e);
  void run_effect(const ui::StopSpeech& e);
  void run_effect(const ui::ProbeSpeech& e);
  void run_effect(const ui::SetVoice& e);
  void run_effect(const ui::RenderPractice& e);
  void run_effect(const ui::SaveCompletionRecord& e);  // app_effects.cpp
  // app_lock.cpp: unlocking, Lock now and the idle lock, Settings > Privacy.
  void run_effect(const ui::Unlock& e);
  void run_effect(const ui::LockNow& e);
  void run_effect(const ui::LockSet& e);
  void run_effect(const ui::LockChange& e);
  void run_effect(const ui::LockRemove& e);
  void run_effect(const ui::RecoveryKeyWrittenDown& e);
  void run_effect(const ui::SetIdleLock& e);
  void finish_unlock();  // the frame after "Unlocking..." was drawn: the engine tries it
  void after_unlock();   // back where the user was, or the natural first screen
  void lock_now();       // saves what was typed first; refuses to lock if it cannot
  // Each frame, before the screens: the unlock under way once "Unlocking..." was drawn, Ctrl+L,
  // and the idle lock when its time has come (a key or a click starts the wait again).
  void lock_frame_start();
  void watch_idle();
  void note_lock_status();                    // the open data's lock into the model
  bool word_lock_refusal(const Result<>& r);  // Settings > Privacy: the engine's words
  Route first_route() const;                  // app.cpp: Welcome, Today or Problems
  std::optional<Route> locked_route_;         // where Lock now (or the idle lock) left off
  std::int64_t locked_entry_ = 0;             // the entry being written then
  double last_activity_ = 0;                  // ImGui time of the last key or click
  int unlock_frames_ = 0;                     // frames drawn since "Unlock" was pressed
  // After the course (app_effects.cpp): the screens' data, and the reminders that follow the
  // keep-practising plan and the follow-up questionnaires.
  void prepare_after_course();
  bool after_course_reminders(TimePoint now);
  void remind(const std::string& title, const std::string& body);
  std::int64_t after_events_ = -1;  // event_count prepare_after_course() last read
  void poll_render();               // the background render's outcome into a notice
  void note_voice();                // the speaker's backend and reason into the model
  void load_resume();               // the interrupted-practice file into model_.resume
  // Opens the session on the data folder (start-up, and again after a restore).
  void open_session();
  void prepare_screens();          // chart data, report text, sound state for this frame
  double effects_wake_in() const;  // the player's timed frames, the reminder; negative = none
  audio::Player& audio();
  speech::Speaker& speaker();  // created on first use (it connects on its first call)
  speech::VoiceOptions voice_options() const;  // the settings' voice, rate and volume

  AppConfig config_;
  LoadResult load_;
  std::shared_ptr<const Clock> clock_;
  std::unique_ptr<Session> session_;
  Fonts fonts_;
  Model model_;
  ScreenState state_;
  GuiSettings settings_;
  std::string settings_file_;
  std::string startup_problem_;
  float scale_ = 1.0f;
  bool fonts_dirty_ = false;
  bool journal_dirty_ = true;
  bool closing_ = false;  // shutdown(): notices from here on wait for the next start
  double last_refresh_ = 0;
  std::unique_ptr<audio::Player> audio_;
  std::shared_ptr<VoiceRecorder> voice_;  // made on the first visit to "Your own voice"
  std::int64_t charts_events_ = -1;       // event_count the chart data was built for
  std::int64_t report_events_ = -1;
  double reminder_checked_ = -100;    // ImGui time of the last reminder check
  Route prepared_route_;              // the route prepare_screens() last saw
  std::optional<Route> drawn_route_;  // the screen the last frame drew; none before the first
  int settle_frames_ = 0;             // frames still to draw after a screen opened (wake_in)
  bool close_requested_ = false;      // the player's "Log and close" / "Close without logging"
  std::unique_ptr<speech::Speaker> speaker_;
  std::size_t cues_logged_ = 0;  // the player's cues already written to the log
  // The background render: its outcome (whether it worked, and a sentence) once done. The
  // thread is detached, so closing never waits for it (its file is written atomically).
  struct RenderJob {
    std::mutex m;
    std::optional<std::pair<bool, std::string>> result;
  };
  std::shared_ptr<RenderJob> render_;
  // The last utterance that ended by itself, set from the speaker's thread.
  std::shared_ptr<std::atomic<int>> speech_done_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace kindly::gui
