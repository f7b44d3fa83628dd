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
// PracticeFlow is the player screen's state: intro -> running -> how are you now -> done.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kindly/command.h"
#include "kindly/course.h"
#include "kindly/outcome.h"

namespace kindly::gui {

class PracticeTimer {
 public:
  PracticeTimer() = default;
  // `lengths`: each step's length in seconds (a step of 0 s still shows, for 0 s). No steps
  // and `open` true: an untimed practice.
  explicit PracticeTimer(std::vector<double> lengths, bool open = false);

  void start(double now);
  void pause(double now);
  void resume(double now);
  void skip_step(double now);  // to the start of the next step (the end, after the last)
  void stop(double now);       // ends it early; elapsed time is kept

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
  double raw_active(double now) const;
};

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
  std::string key;       // route item this flow is for (practice or item id; "open")
  std::string practice;  // practice id ("" for an open timer)
  std::string item;      // item id when opened from a week's item
  std::string module;    // module to log in (the item's module), "" = current week
  Stage stage = Stage::Intro;
  PracticeTimer timer;
  int before = -1;  // distress before, 0..10; -1 = not given
  int after = -1;
  std::string note;
  int bells_rung = 0;  // interval bells rung
  bool end_bell_rung = false;
  bool audio_started = false;
  int logged_minutes = 0;
  std::optional<Outcome> result;  // after logging: what the engine said
  std::string error;

  // What to log when the user is done (minutes from the timer at `now`).
  cmd::LogPractice log(double now) const;
  // Seconds until the next frame is needed: a smooth pacer wants every frame (1/60), the
  // timer once a second; negative when nothing moves.
  double wake_in(double now, const Practice* p) const;
};

}  // namespace kindly::gui
