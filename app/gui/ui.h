// The small common shape every screen shares.
//
// A screen is one function `draw_<name>(const Model&, ScreenState&, Actions&)`: it reads the
// engine's progress through `Model` (const), keeps only UI state (text buffers, filters) in
// `ScreenState`, and asks for changes by pushing Actions: engine Commands in a Request, or UI
// effects. App (app.h) routes them. No rule about weeks, gates or scoring lives here: screens
// ask the engine's queries (kindly/gates.h) and word what they answer.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "editor.h"
#include "fonts.h"
#include "kindly/charts.h"
#include "kindly/command.h"
#include "kindly/course.h"
#include "kindly/journal.h"
#include "kindly/loader.h"
#include "kindly/measures.h"
#include "kindly/outcome.h"
#include "kindly/progress.h"
#include "kindly/session.h"
#include "player.h"
#include "theme.h"

namespace kindly::gui {

enum class Screen {
  Welcome,
  Home,
  Week,
  Reflection,
  Journal,
  Settings,
  Problems,
  Practice,    // item: practice or item id ("open" for an untimed timer)
  Progress,    // charts, manual entry
  Resources,   // help and crisis lines
  Checkin,     // item: check-in item id
  Export,      // report review and save
  SafetyPlan,  // the user's safety plan (screen_safety.cpp)
  Measure,     // item: a questionnaire's id (screen_measures.cpp)
  Record,      // item: practice id; "Your own voice" (screen_record.cpp)
  GoodTime,    // "Is now a good time?" between the welcome and Begin (screen_goodtime.cpp)
  Letter,      // the letter of learning, after the last week (screen_letter.cpp)
  Plan,        // the keep-practising plan (screen_plan.cpp)
  Compare,     // week 1 beside the last week, the completion record (screen_compare.cpp)
  Unlock,      // the data is locked: the passphrase or the recovery key (screen_unlock.cpp)
};

struct Route {
  Screen screen = Screen::Home;
  std::string module;  // Week: module id ("week-2", "retreat")
  std::string item;    // Reflection: item id; Week: the item to open at (empty: the top)
  int prompt = 0;      // Reflection: prompt index
  int seconds = 0;     // Practice: start this many seconds in (screenshots: "practice/ID/90")
  bool begin = false;  // Practice: begin at once ("practice/ID/begin")
  bool operator==(const Route&) const = default;
};

// "home", "week/2", "reflection/w1-reflection", ... (the --screen spelling). Week numbers and
// module ids are both accepted after "week/".
std::optional<Route> parse_route(const std::string& name, const Course* course);

// What a screen asks for. A change to the user's data is an engine Command (kindly/command.h)
// wrapped in a Request: App hands it to Session::apply and words the Outcome. Everything else
// is a UI effect App runs itself (routes, theme, sound, files, settings).
enum class Reply {
  Notice,    // the outcome is worded as a notice at the top of the screen
  Practice,  // the outcome goes to the player's flow (ScreenState::practice): the calm panel
};
struct Request {
  kindly::Command command;
  Reply reply = Reply::Notice;
  std::optional<Route> then;  // where to go once it succeeded
};

namespace ui {
struct Go {
  Route route;
};
struct EditEntry {  // start editing an existing journal entry (0: done editing)
  std::int64_t entry = 0;
};
struct SetTheme {
  Theme theme = Theme::Light;
};
struct SetFontPx {
  int px = 17;
};
struct RefreshJournal {};  // re-query the journal (filter or search changed)
struct PlayBell {
  bool soft = false;   // the softer interval bell
  bool chime = false;  // the soft, short chime at a step change (Guidance::Chime)
};
struct PlayAudio {
  std::string path;
};
struct StopSound {};
struct SetVolume {
  double volume = 1.0;  // 0..1
};
struct SetMuted {
  bool muted = false;
};
struct BuildReport {};  // the report's format or reflections changed
struct SaveReport {
  std::string path;
};
struct ExportJson {
  std::string path;
};
struct Backup {
  std::string path;
};
struct SetReminder {
  bool on = false;
  std::string time;            // "HH:MM"
  std::array<bool, 7> days{};  // Sunday first
};
struct SetAutostart {
  bool on = false;
};
struct Restore {  // put a backup in place of the data folder's database (kindly restore)
  std::string path;
};
struct Recording {  // the user's own voice (screen_record.cpp, app_voice.cpp)
  enum class Op { Probe, Start, Stop, Delete, DeleteAll };
  Op op = Op::Probe;
  std::string practice;
  int step = 0;  // 1-based; Start and Delete
};
// The practice player's interrupted-practice file (player.h, ResumeState).
struct KeepResume {
  ResumeState state;
};
struct ClearResume {};
// Settings > Guidance: how the player guides (remembered in the settings file).
struct SetGuidance {
  Guidance guidance = Guidance::Spoken;
};
// Spoken guidance (kindly/speech.h through App's Speaker). Speak replaces anything being
// spoken; App counts utterances (Model::speech_said) and their natural ends (speech_done).
struct Speak {
  std::string text;
};
struct PauseSpeech {};
struct ResumeSpeech {};
struct StopSpeech {};
struct ProbeSpeech {};  // connect now (the intro, Settings): is there a voice, which ones
struct SetVoice {       // Settings > Guidance (remembered)
  std::string voice;
  int rate = 0;
  double volume = 1.0;
};
// "Save as a sound file...": the practice rendered (kindly/render.h) and written to `path`
// (WAV, FLAC or Ogg by its extension) on a background thread.
struct RenderPractice {
  std::string practice;
  std::string path;
};
// Close the window (the player asked first, mid-practice).
struct Close {};
// The lock (app_lock.cpp; the engine does every step). The secrets are never copied into an
// action: App reads them from ScreenState's fixed buffers and wipes them there.
struct Unlock {};      // try ScreenState::unlock_secret (a recovery key when unlock_recovery)
struct LockNow {};     // save what was typed, close the data, show the unlock screen
struct LockSet {};     // ScreenState::lock_new twice: set a passphrase, show the recovery key
struct LockChange {};  // lock_current, then lock_new twice
struct LockRemove {};  // after the question: the journal stored as plain text again
struct RecoveryKeyWrittenDown {};  // "I have written it down": the key leaves memory
struct SetIdleLock {
  int minutes = 15;  // 0 = never
};
// "Save completion record...": made by the engine (kindly/completion.h), saved atomically.
struct SaveCompletionRecord {
  std::string path;
  bool html = true;
  bool measures = false;  // the questionnaires (off unless ticked)
  bool letter = false;    // the letter of learning (off unless ticked)
};
}  // namespace ui

using Action =
    std::variant<Request, ui::Go, ui::EditEntry, ui::SetTheme, ui::SetFontPx, ui::RefreshJournal,
                 ui::PlayBell, ui::PlayAudio, ui::StopSound, ui::SetVolume, ui::SetMuted,
                 ui::BuildReport, ui::SaveReport, ui::ExportJson, ui::Backup, ui::SetReminder,
                 ui::SetAutostart, ui::Restore, ui::KeepResume, ui::ClearResume, ui::Close,
                 ui::SetGuidance, ui::Speak, ui::PauseSpeech, ui::ResumeSpeech, ui::StopSpeech,
                 ui::ProbeSpeech, ui::SetVoice, ui::RenderPractice, ui::Recording,
                 ui::SaveCompletionRecord, ui::Unlock, ui::LockNow, ui::LockSet, ui::LockChange,
                 ui::LockRemove, ui::RecoveryKeyWrittenDown, ui::SetIdleLock>;
using Actions = std::vector<Action>;

// Shorthands for screens.
inline Action go_to(Route r) {
  return ui::Go{std::move(r)};
}
inline Action ask(kindly::Command c, std::optional<Route> then = std::nullopt,
                  Reply reply = Reply::Notice) {
  return Request{std::move(c), reply, std::move(then)};
}

// A journal text being written. Autosaved within a second of a pause, on every screen change
// and on close.
struct Draft {
  bool active = false;
  std::int64_t entry = 0;       // 0 until first saved
  std::optional<int> revision;  // the entry's revision this text was written over
  std::string item;             // reflection it answers (may be empty for a free entry edit)
  int prompt = 0;
  std::string module;
  std::string text;
  std::string saved_text;  // what the store has
  double last_edit = 0;    // ImGui time of the last keystroke
  std::string error;       // last save error, shown under the editor
  bool dirty() const { return active && text != saved_text; }
};

// The safety plan being written (screen_safety.cpp). App loads it from the engine when the
// screen opens (loaded false) and saves it on leaving and on close.
struct SafetyPlanForm {
  bool loaded = false;
  std::int64_t base = 0;  // SavedSafetyPlan::seq of what `saved` holds; 0 = none saved yet
  SafetyPlan plan;        // as being written
  SafetyPlan saved;       // as the engine has it
  std::optional<TimePoint> saved_at;
  std::array<EditorState, 5> editors;
  double last_edit = 0;
  std::string error;
};

// The keep-practising plan being chosen (screen_plan.cpp). App loads it from the engine when
// the screen opens (loaded false).
struct PracticePlanForm {
  bool loaded = false;
  std::int64_t base = 0;  // SavedPracticePlan::seq of the latest save; 0 = none saved yet
  PracticePlan plan;      // as being chosen
  std::optional<TimePoint> saved_at;
};

// A check-in question not answered yet (every int is a possible answer on some scale).
inline constexpr int kUnanswered = std::numeric_limits<int>::min();

// UI state that is not progress.
struct ScreenState {
  Draft draft;
  EditorState editor;  // the wrapped view of draft.text
  // Journal
  std::string journal_module;  // filter: module id, empty = all
  std::string journal_search;
  bool journal_trash = false;
  std::int64_t journal_confirm_delete = 0;
  std::int64_t journal_versions = 0;  // the entry whose earlier versions are shown; 0 = none
  int journal_confirm_version = 0;    // the version "Restore this version?" asks about
  // Week screen: "move on" confirmation and the reason being written
  bool confirm_move_on = false;
  std::string move_on_reason;
  // Practice logging minutes per item
  std::map<std::string, int> log_minutes;
  // Week screen: reading items opened, check-in answers being chosen
  std::map<std::string, bool> expanded;
  std::map<std::string, std::vector<int>> checkin_answers;
  // Settings
  float font_px = kDefaultFontPx;
  // Practice player (screen_practice.cpp)
  PracticeFlow practice;
  bool resume_pending = false;  // Today's "Resume ... from 4:10": the player carries on
  bool render_open = false;     // the intro's "Save as a sound file..." path row
  std::string render_path;
  // Progress: manual entry of a practice done away from the computer
  std::string manual_practice;
  int manual_minutes = 10;
  int manual_days_ago = 0;
  std::string manual_note;
  // Export review (screen_export.cpp)
  int report_format = 1;  // 0 Markdown, 1 HTML
  std::map<std::int64_t, bool> report_include;
  std::string report_path;
  std::string export_path;
  std::string backup_path;
  std::string restore_path;  // Settings and the data-problem screen: a backup to put back
  bool confirm_restore = false;
  double bell_tested_at = -1;  // Settings: when "Test the bell" was pressed (ImGui time), or -1
  bool report_dirty = true;
  int record_confirm_delete = 0;  // "Your own voice": the step whose delete awaits a yes; -1 all
  std::string record_practice;    // Settings: the practice chosen to record
  SafetyPlanForm safety;
  // The wrapped views (editor.h: every character kept) of the other texts the user types.
  EditorState note_editor, manual_note_editor, move_on_editor;
  // Questionnaires: the answers being chosen, by measure then item; the report's tick.
  std::map<std::string, std::map<std::string, int>> measure_answers;
  bool report_measures = false;
  bool good_time_not_yet = false;  // "Not yet" chosen on the good-time page: say how to come back
  PracticePlanForm plan_form;
  // Week 1 beside week 8: the completion record's choices.
  int record_format = 1;  // 0 Markdown, 1 HTML
  bool record_measures = false;
  bool record_letter = false;
  std::string record_path;
  // The lock (screen_unlock.cpp, Settings > Privacy). Fixed buffers, so that no copy of a
  // secret is left behind by a reallocation; App wipes them after use (wipe_secret).
  static constexpr std::size_t kSecretBytes = 256;
  std::array<char, kSecretBytes> unlock_secret{};
  bool unlock_recovery = false;  // "Use my recovery key instead"
  bool unlock_focus = false;     // put the keyboard in the field again (after switching)
  enum class LockForm { None, Set, Change, Remove };
  LockForm lock_form = LockForm::None;
  std::array<char, kSecretBytes> lock_current{}, lock_new{}, lock_again{};
};

// Overwrites a secret's bytes so that the compiler cannot leave the write out.
void wipe_secret(char* p, std::size_t n);
inline void wipe_secret(std::array<char, ScreenState::kSecretBytes>& a) {
  wipe_secret(a.data(), a.size());
}
// The same for what ImGui keeps of the text field being edited (its copies and undo), and
// leaves the field (app_lock.cpp).
void wipe_text_input_state();

// "Your own voice" (screen_record.cpp): filled by App for that route.
struct RecordingView {
  bool checked = false;         // a look for a capture device has answered
  std::string unavailable;      // why recording is not offered; empty once one was found
  int recording_step = 0;       // the step being recorded now (1-based), 0 = none
  bool busy_elsewhere = false;  // a take of another practice is running
  bool pending = false;         // a take running or not yet saved: App keeps drawing frames
  double level = 0;             // RMS 0..1 of the sound coming in
  double seconds = 0;           // recorded so far
  double max_seconds = 600;     // a take stops by itself here
  struct Take {
    std::string path;
    double seconds = -1;  // its length; negative when it cannot be read
  };
  std::map<int, Take> takes;  // by step (1-based)
};

// A message shown at the top of the content (a refusal or a saved note).
struct Notice {
  enum class Kind { Info, Refused, Problem };
  Kind kind = Kind::Info;
  std::string text;
  double until = 0;  // ImGui time; 0 = until dismissed
};

// Everything screens may read.
struct Model {
  const LoadResult* load = nullptr;    // always set
  const Course* course = nullptr;      // null when the course has errors
  const Progress* progress = nullptr;  // null when there is no session
  std::string data_problem;            // non-empty: the data folder cannot be used
  std::string data_problem_path;
  std::string course_dir;
  std::string data_dir;
  std::string log_file;
  std::string settings_file;
  const Fonts* fonts = nullptr;
  Route route;
  // Journal data (queried by App when the route or the filter changes)
  std::vector<JournalEntry> journal;   // list for the journal screen / earlier entries
  std::vector<SearchHit> search_hits;  // when journal_search is non-empty
  // Every version of the entry ScreenState::journal_versions names, oldest first (the last is
  // the text now); empty when none is open.
  std::vector<JournalRevision> versions;
  std::vector<Notice> notices;
  double time = 0;            // ImGui time
  float content_width = 720;  // readable column width for this frame
  // Progress / check-in / export screens (filled by App for those routes)
  std::optional<ChartData> charts;
  std::string report;          // the report in the chosen format (what is saved)
  std::string report_preview;  // the same report as Markdown, for review on screen
  std::string report_error;    // why it could not be built
  // Sound (Settings, player)
  double volume = 0.8;
  bool sound_muted = false;
  bool audio_playing = false;  // the audio player has a sound queued or playing
  std::string audio_status;    // "ready", "unavailable", ...
  // Questionnaires (kindly/measures.h): due now, and every answer so far (App fills them).
  std::vector<DueMeasure> measures_due;
  std::vector<MeasureRecord> measure_records;
  std::string audio_error;  // why there is no sound (audio::Player::last_error()), may be empty
  // The practice player: an interrupted practice that can be resumed (Today, the intro).
  std::optional<ResumeState> resume;
  Guidance guidance = Guidance::Spoken;  // the setting (the player falls back when no voice)
  // Spoken guidance: whether a voice answered (Untried until the first probe or word).
  enum class Voice { Untried, Ready, None };
  Voice voice_state = Voice::Untried;
  std::string voice_reason;   // why there is none (one calm sentence), when None
  std::string voice_backend;  // "speech-dispatcher", "espeak-ng"
  struct VoiceChoice {
    std::string id, name, language;
  };
  std::vector<VoiceChoice> voices;  // after a probe
  std::string voice;                // the chosen voice id ("" = the default)
  int speech_rate = 0;
  double speech_volume = 1.0;
  // "Save as a sound file...": the practice being rendered ("" when none), and the last
  // outcome in one calm line (where it went, or why not).
  std::string render_busy;
  std::string render_status;
  std::string render_default_path;  // where to offer saving (~/Music, else the data folder)
  int speech_said = 0;              // utterances asked for so far
  int speech_done = 0;              // the last utterance that ended by itself
  // Reminder (Settings)
  bool reminder_enabled = false;
  int reminder_hour = 20, reminder_minute = 0;
  std::array<bool, 7> reminder_days{true, true, true, true, true, true, true};
  std::string reminder_next;  // "Thursday 26 Nov at 20:00", empty when off
  bool autostart = false;
  RecordingView recording;  // the Record route
  // After the course (App fills them on Today, the plan, the comparison and the letter): the
  // keep-practising plan, its practice due (kindly/practice_plan.h), the minutes logged per
  // practice (most first), week 1 beside the last week, and whether a letter is written.
  std::optional<SavedPracticePlan> practice_plan;
  std::optional<PlanReminder> plan_due;
  std::vector<std::pair<std::string, int>> practice_minutes;
  std::optional<FirstLastComparison> comparison;
  bool has_letter = false;
  // The lock (app_lock.cpp): the data is locked and not open (the unlock screen), a passphrase
  // is set on the open data, the last refusal in one line, unlocking under way (drawn first),
  // the recovery key shown once after a passphrase is set, and the idle time.
  bool data_locked = false;
  bool has_passphrase = false;
  std::string unlock_error;
  bool unlocking = false;
  std::string lock_error;  // Settings > Privacy: why a set, change or remove was refused
  std::string recovery_key;
  int idle_lock_minutes = 15;  // 0 = never
};

// ---- screens (one file each) -----------------------------------------------------------
void draw_navigator(const Model& m, ScreenState& s, Actions& out);    // screen_navigator.cpp
void draw_welcome(const Model& m, ScreenState& s, Actions& out);      // screen_welcome.cpp
void draw_home(const Model& m, ScreenState& s, Actions& out);         // screen_home.cpp
void draw_week(const Model& m, ScreenState& s, Actions& out);         // screen_week.cpp
void draw_reflection(const Model& m, ScreenState& s, Actions& out);   // screen_reflection.cpp
void draw_journal(const Model& m, ScreenState& s, Actions& out);      // screen_journal.cpp
void draw_settings(const Model& m, ScreenState& s, Actions& out);     // screen_settings.cpp
void draw_problems(const Model& m, ScreenState& s, Actions& out);     // screen_problems.cpp
void draw_practice(const Model& m, ScreenState& s, Actions& out);     // screen_practice.cpp
void draw_progress(const Model& m, ScreenState& s, Actions& out);     // screen_progress.cpp
void draw_resources(const Model& m, ScreenState& s, Actions& out);    // screen_resources.cpp
void draw_checkin(const Model& m, ScreenState& s, Actions& out);      // screen_progress.cpp
void draw_export(const Model& m, ScreenState& s, Actions& out);       // screen_export.cpp
void draw_safety_plan(const Model& m, ScreenState& s, Actions& out);  // screen_safety.cpp
void draw_measure(const Model& m, ScreenState& s, Actions& out);      // screen_measures.cpp
// Today's "A short questionnaire is ready" cards, and the progress screen's scores.
void measures_due_cards(const Model& m, Actions& out);  // screen_measures.cpp
void measures_history(const Model& m);                  // screen_measures.cpp
// A one-step "My safety plan" link (the navigator shows it on every screen).
void safety_plan_link(const Model& m, Actions& out);  // screen_safety.cpp
void load_safety_form(SafetyPlanForm& form, const std::optional<SavedSafetyPlan>& saved);
// The save to ask for when the plan has unsaved words (nullopt when there are none).
std::optional<Action> safety_plan_save(const SafetyPlanForm& form);
void draw_record(const Model& m, ScreenState& s, Actions& out);     // screen_record.cpp
void draw_good_time(const Model& m, ScreenState& s, Actions& out);  // screen_goodtime.cpp
void draw_letter(const Model& m, ScreenState& s, Actions& out);     // screen_letter.cpp
void draw_plan(const Model& m, ScreenState& s, Actions& out);       // screen_plan.cpp
void draw_compare(const Model& m, ScreenState& s, Actions& out);    // screen_compare.cpp
void draw_unlock(const Model& m, ScreenState& s, Actions& out);     // screen_unlock.cpp
// Settings > Privacy: the passphrase set, changed or removed, Lock now, the idle time; and the
// recovery key shown once (screen_unlock.cpp).
void privacy_settings(const Model& m, ScreenState& s, Actions& out);
void draw_recovery_key(const Model& m, Actions& out);
void draw_companion(const Model& m, ScreenState& s, Actions& out);  // screen_companion.cpp
void load_plan_form(PracticePlanForm& form, const std::optional<SavedPracticePlan>& saved);
// "42 words · saved": a journal text's length and save state (screen_reflection.cpp).
std::string draft_status(const Draft& d);
// The course's last week is complete: Today becomes a practice companion (screen_letter.cpp).
bool course_finished(const Course& c, const Progress& p);
// The navigator's width in a window `window_w` wide: it grows with the text size
// (screen_navigator.cpp).
float navigator_width(const Model& m, float window_w, float padding_x);
// The calm panel after a difficult practice: backdraft, grounding, pausing, help.
void draw_difficult_panel(const Model& m, const Outcome& r, Actions& out);
// "Restore from a backup": a path, then a confirmation that says what happens to the data
// there now (screen_settings.cpp; also on the data-problem screen).
void restore_controls(const Model& m, ScreenState& s, Actions& out);
// "Resume <practice> from 4:10" when a practice was interrupted (Today; screen_practice.cpp).
void draw_resume_offer(const Model& m, ScreenState& s, Actions& out);
// A quiet "Need support?" link to the resources screen (any screen may show it).
void support_link(const Model& m, Actions& out);  // screen_resources.cpp

}  // namespace kindly::gui
