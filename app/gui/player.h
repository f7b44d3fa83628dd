// The practice player's timing, without ImGui or GL (tests drive it with plain numbers).
//
// PracticeTimer follows one guided practice: each step's length from the engine's timeline
// (kindly/timeline.h: the words spoken, then the pause), the time
// actually practised (pauses excluded), skips, and the minutes to log. All times are seconds
// on one monotonic clock the caller passes in (ImGui's time in the app).
//
//   script position = active time + time skipped over   (which step is showing)
//   practised       = active time                         (what gets logged)
//
// An open (untimed) practice has no steps and never finishes on its own.
//
// Spoken guidance: a step is its words spoken, then its pause. The timeline's speech length
// is an estimate (or a measurement of another synthesizer); the real voice may take longer.
// speech_started() / speech_ended() tell the timer when the words of the step showing begin
// and end. While they run past the step's speech estimate the script holds there (the time
// still counts as practised), so the pause starts when the words end, whole, and a step
// never ends earlier than the timeline says. Words that end early leave a longer pause.
//
// PracticeFlow is the player screen's state: intro -> running -> how are you now -> done.
// ResumeState is what survives the app being killed mid-practice (resume.ini in the data
// folder), so the practice can be resumed where it was.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kindly/command.h"
#include "kindly/course.h"
#include "kindly/outcome.h"
#include "settings.h"

namespace kindly::gui {

class PracticeTimer {
 public:
  PracticeTimer() = default;
  // `lengths`: each step's length in seconds (a step of 0 s still shows, for 0 s). No steps
  // and `open` true: an untimed practice.
  // `speech`: each step's estimated speech seconds (the rest of its length is its pause);
  // empty: no speech to wait for.
  explicit PracticeTimer(std::vector<double> lengths, bool open = false,
                         std::vector<double> speech = {});

  void start(double now);
  void pause(double now);
  void resume(double now);
  void skip_step(double now);  // to the start of the next step (the end, after the last)
  void stop(double now);       // ends it early; elapsed time is kept
  // Carries on an interrupted practice: `position` seconds into the script, `active` of them
  // practised (the rest skipped). Running from `now`.
  void restore(double now, double position, double active);

  // The words of the step showing at `now` began / ended by themselves (see the top).
  void speech_started(double now);
  void speech_ended(double now);
  bool speaking() const { return speaking_; }
  // The script is held at the step's speech estimate while its words carry on.
  bool holding(double now) const { return current_hold(now) > 0; }

  bool started() const { return started_; }
  bool paused() const { return paused_; }
  bool stopped() const { return stopped_; }
  bool open() const { return open_; }
  // Running: started, not paused, not stopped, not finished.
  bool running(double now) const;
  bool finished(double now) const;  // the script reached its end (never for open practices)

  double active_seconds(double now) const;  // practised, pauses excluded, capped at the end
  double position(double now) const;        // seconds into the script (active + skipped)
  double total_seconds() const { return total_; }
  int step_count() const { return static_cast<int>(starts_.size()); }
  // Step showing at `now` (0-based); step_count() - 1 once finished; 0 when there are none.
  int step(double now) const;
  double step_start(int i) const;  // seconds into the script where step i begins
  double step_length(int i) const;
  // Fraction 0..1 of the script done (0 for open practices).
  double fraction(double now) const;
  // Minutes to log: the active time rounded to the nearest minute, at least 1.
  int minutes_practised(double now) const;
  // Interval bells rung so far: whole `interval_minutes` of active time, not counting the end.
  int interval_bells(double now, int interval_minutes) const;

 private:
  std::vector<double> starts_;
  std::vector<double> lengths_;
  double total_ = 0;
  bool open_ = false;
  bool started_ = false;
  bool paused_ = false;
  bool stopped_ = false;
  double start_at_ = 0;
  double paused_at_ = 0;
  double paused_total_ = 0;
  double stopped_at_ = 0;
  double skipped_ = 0;
  std::vector<double> speech_;
  bool speaking_ = false;
  int speaking_step_ = 0;
  double held_ = 0;  // script time held back for words that ran long (finished holds)
  double raw_active(double now) const;
  double current_hold(double now) const;  // the hold still growing while words run long
  double script_time(double now) const;   // active + skipped - held, not capped
};

// An interrupted practice, kept in <data>/practice-resume.ini (written atomically every few
// seconds while it runs and on pause; removed when it is logged or discarded).
struct ResumeState {
  std::string route_item;  // the player's route item (practice or item id)
  std::string module;      // the player's route module (may be empty)
  std::string practice;    // practice id (for its title)
  double position = 0;     // seconds into the script
  double active = 0;       // seconds practised
  int before = -1;         // distress before, -1 = not given
  bool operator==(const ResumeState&) const = default;
};
std::string format_resume(const ResumeState& r);
// Nothing when the text is not a resume file Kindly wrote (bad lines, missing practice).
std::optional<ResumeState> parse_resume(const std::string& text);

// Spoken guidance with a start bell: the first words wait this long, so the bell is heard.
inline constexpr double kFirstWordsAfterBell = 1.5;

// The breathing pacer at `t` seconds into the rhythm: size 0 (settled) .. 1 (full), eased so
// the circle grows and settles smoothly; and the phase's name ("Breathe in", "Hold", ...).
struct PacerPoint {
  double size = 0;
  const char* phase = "";
};
PacerPoint pacer_at(const Pacer& p, double t);

// The player screen's state (kept in ScreenState).
struct PracticeFlow {
  enum class Stage { Intro, Running, After, Done };
  std::string key;           // route this flow is for
  std::string route_item;    // the route's item (practice or item id; "open")
  std::string route_module;  // the route's module (may be empty)
  std::string practice;      // practice id ("" for an open timer)
  std::string item;          // item id when opened from a week's item
  std::string module;        // module to log in (the item's module), "" = current week
  Stage stage = Stage::Intro;
  PracticeTimer timer;
  int before = -1;  // distress before, 0..10; -1 = not given
  int after = -1;
  std::string note;
  int bells_rung = 0;  // interval bells rung
  bool end_bell_rung = false;
  bool audio_started = false;
  int logged_minutes = 0;
  // Guidance for this run: the setting, or what the user switched to on the intro.
  Guidance guidance = Guidance::Text;
  bool guidance_chosen = false;  // switched on the intro (once)
  int cued_step = -1;            // the last step spoken or chimed
  int chimes = 0;                // soft chimes rung at step changes
  int utterance = 0;             // Model::speech_said of the words being spoken
  bool no_voice = false;         // spoken guidance fell back to chimes (said on the player)
  // Per step: the user's own recording (kindly/recordings.h), else the course's step audio,
  // played in place of the synthetic voice; "" for none. Looked up when the flow is set up.
  std::vector<std::string> step_audio;
  bool begin_pending = false;      // practice/ID/begin: begin once the app has settled
  bool recording_playing = false;  // a step's recording is playing (its end starts the pause)
  double recording_started = 0;
  // Each step's cue as it happened (the real-sound test compares them with the recording).
  struct Cue {
    int step = 0;
    const char* kind = "";  // "speech", "chime", "text"
    double at = 0;          // seconds practised when it was cued
    double planned = 0;     // where the step starts in the timeline
  };
  std::vector<Cue> cues;
  bool confirm_stop = false;      // Escape: "Stop here?"
  bool confirm_close = false;     // the window is closing mid-practice
  double resume_saved_at = -1e9;  // m.time when the resume file was last written
  bool resumed = false;           // carried on from the resume file
  std::optional<Outcome> result;  // after logging: what the engine said
  std::string error;

  // What to log when the user is done (minutes from the timer at `now`).
  cmd::LogPractice log(double now) const;
  // Seconds until the next frame is needed: a smooth pacer wants every frame (1/60), the
  // timer once a second; negative when nothing moves.
  double wake_in(double now, const Practice* p) const;
  // Running, or paused mid-practice (not stopped or finished).
  bool in_progress(double now) const;
  // The screen takes the whole window (no navigator): while running and on "How are you now?".
  bool whole_window() const { return stage == Stage::Running || stage == Stage::After; }
  ResumeState resume_state(double now) const;
};

}  // namespace kindly::gui
