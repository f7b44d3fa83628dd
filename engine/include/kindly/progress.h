// Progress: the state of every week and item, derived from (course, events, now).
//
// Nothing here is stored. fold() is a pure function; ProgressBuilder applies events one at a
// time and gives the same answer (replay == incremental). Screens draw from a const Progress&.
//
// The week state machine (the transition table is in progress.cpp, `kTransitions`):
//
//   locked ──Unlock──▶ available ──Start──▶ in_progress ──RequiredMet──▶ completed
//                                                 ▲                           │
//                                                 └──────RequiredUnmet────────┘
//
//   Unlock         week 1: the course was begun. Week k+1: week k is unlocked, was started at
//                  least min_days local calendar days ago (started on a Monday with min_days 7
//                  -> opens the next Monday at local midnight), and week k's required items
//                  are done, or gating.require_items is false, or the user moved on from week
//                  k (gating.allow_move_on). Also: any event recorded in a week is evidence
//                  that it was open (e.g. after the course changed), and it opens, together
//                  with every earlier week.
//   Start          anything done in the week (opened, ticked, practised, answered, written).
//   RequiredMet    every required item of the week is done (a week without required items is
//                  completed once started).
//   RequiredUnmet  an undo (or a changed course) left a required item not done.
//
// Unlocks only go forward. The gate is checked just before every event (at its recorded time)
// and at `now`; once open, a week stays open: a clock that moves back, an undone item or a
// changed course never re-locks it.
//
// Time (docs/cli.md, "Time, time zones and gates"). A week's time gate is an instant fixed
// when it starts: local midnight of its start day + min_days, where the start day and zone
// are those of the starting event (Event::utc_offset), not of the run that folds. The
// effective now is max(now, the latest recorded_at) when the clock moved back by up to
// kClockSlack; a clock more than kClockSlack behind the latest recorded time means that time
// was a clock error (it ran ahead): the snapshot is at the real time and says so
// (Progress::clock_was_ahead), and keeps what opened; the first event recorded at the real
// time reads a week started while the clock was ahead as started before the clock jumped.
// Pausing (cmd::Pause) holds every time gate that had not passed when the pause began; on
// resume each such gate moves later by the pause's length in whole days (nearest), so a
// paused week's wait does not run out. Work gates and opened weeks are untouched.
// Optional modules (the retreat) never gate: one opens with the week it follows (after_week);
// its required items count for its own completion only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/events.h"

namespace kindly {

enum class WeekState { Locked, Available, InProgress, Completed };
// "locked", "available", "in_progress", "completed"
const char* to_string(WeekState s);

// Why a week is locked (machine-readable twin of WeekProgress::locked_reason).
enum class LockReason {
  None,                // not locked
  NotBegun,            // the course has not been begun
  PreviousLocked,      // the week before is itself locked
  PreviousNotStarted,  // the week before has not been started
  TimeGate,            // waiting for unlocks_at
  RequiredItems,       // the week before has required items not done (and time has passed)
  Paused,              // the course is paused: the week before's time gate waits
};
const char* to_string(LockReason r);  // "none", "not_begun", "previous_locked", ...

struct ItemProgress {
  std::string id;
  ItemKind kind = ItemKind::Reading;
  std::string title;
  bool required = false;
  bool done = false;
  // have/need: Homework with a practice target: distinct qualifying days / days needed.
  // Everything else: 1/1 when done, 0/1 when not.
  int have = 0;
  int need = 1;
  bool ticked = false;               // done through `done` (a tick), so `undo` can remove it
  std::optional<TimePoint> done_at;  // when it (last) became done
  int practice_minutes = 0;          // Meditation/Informal/Homework: minutes logged toward it
  int sessions = 0;                  // Meditation/Informal/Homework: practice logs toward it
  int journal_entries = 0;           // Reflection: entries written for it
  // Checkin: the latest answers (course question order) and per-subscale mean scores with
  // reverse-scored questions counted as min + max - answer. Subscale "" = questions without one.
  std::vector<int> answers;
  std::map<std::string, double> scores;
  std::optional<TimePoint> answered_at;

  bool operator==(const ItemProgress&) const = default;
};

struct WeekProgress {
  std::string id;  // module id
  int number = 0;  // 1..N; 0 for optional modules
  bool optional = false;
  int after_week = 0;  // optional modules only
  std::string title;
  std::string theme;
  int min_days = 7;
  int paused_days = 0;  // days by which pauses moved the NEXT week's time gate (cmd::Pause)
  WeekState state = WeekState::Locked;
  std::optional<TimePoint> unlocked_at;   // when it opened (for week 1: begun_at)
  std::optional<TimePoint> started_at;    // first thing done in it
  std::optional<LocalDate> started_day;   // its local day, in the zone it was started in
  std::optional<TimePoint> completed_at;  // when every required item (last) became done
  // Locked weeks: when the time gate opens, if known (the week before has been started).
  // The week still needs its required items (or a move-on) at that time.
  std::optional<TimePoint> unlocks_at;
  // Paused, locked and waiting for time: the whole days of the wait left when the pause began
  // (they run again from the resume).
  int wait_days_left = 0;
  LockReason lock_reason = LockReason::None;
  std::string locked_reason;  // "" unless locked, e.g. "opens on Monday 8 Dec: week 2 was
                              // started on Monday 1 Dec"
  bool moved_on = false;      // the user moved on from this week without its required items
  std::string moved_on_reason;
  int required_done = 0;
  int required_total = 0;
  int practice_minutes = 0;         // minutes logged from this week
  int practice_sessions = 0;        // practice logs from this week
  int difficult_practices = 0;      // logs from this week whose distress was high or rose sharply
                                    // (course pacing thresholds)
  std::vector<ItemProgress> items;  // in course order

  bool operator==(const WeekProgress&) const = default;
};

// An event whose module / item / practice id is not in the current course. Kept in the log,
// reported by `status`, never deleted.
struct Orphan {
  std::int64_t seq = 0;
  EventType type = EventType::Begun;
  std::string kind;  // "module", "item" or "practice": which id vanished
  std::string id;    // the vanished id
  TimePoint at{};

  bool operator==(const Orphan&) const = default;
};

struct DayMinutes {
  LocalDate day;
  int minutes = 0;
  int sessions = 0;

  bool operator==(const DayMinutes&) const = default;
};

struct Stats {
  int days_practised_last_7 = 0;        // distinct local days with a practice log in the 7 days
                                        // ending today (today included)
  std::vector<DayMinutes> last_7_days;  // 7 entries, oldest first, today last
  int total_minutes = 0;
  int total_sessions = 0;
  int total_days = 0;  // distinct local days with any practice
  std::optional<TimePoint> last_practice_at;

  bool operator==(const Stats&) const = default;
};

struct Progress {
  bool begun = false;
  std::optional<TimePoint> begun_at;
  std::string begun_course_id;       // as recorded when begun
  std::string begun_course_version;  // may differ from the course's version now
  TimePoint now{};  // effective now: max(clock now, latest recorded_at), or the clock's now
                    // when that latest time was a clock error (clock_was_ahead)
  // The latest recorded time (an event, or Session's seen_until) is more than kClockSlack
  // after the clock's now: it was recorded by a clock that ran ahead. Progress is shown at
  // the clock's now; what opened stays open. Front ends say so ("the clock was ahead").
  bool clock_was_ahead = false;
  // The course is paused (cmd::Pause): reminders stop, time gates wait. Since when, and why
  // (the user's words, may be empty).
  bool paused = false;
  std::optional<TimePoint> paused_at;
  std::string paused_reason;
  int current_week = 0;  // 0 before begin; else the highest-numbered week started (1 if none).
                         // Working in an earlier week never changes it.
  std::optional<int> next_week;       // the week after current, if the course has one
  std::vector<WeekProgress> weeks;    // numbered weeks, week 1 first
  std::vector<WeekProgress> modules;  // optional modules, in course order
  std::vector<Orphan> orphans;        // events for ids the course no longer has
  Stats stats;
  // Pacing: the current week has at least pacing.repeats_in_week difficult practices; the
  // app suggests staying longer in the week and lighter practices.
  bool suggest_slower = false;
  std::int64_t event_count = 0;

  bool operator==(const Progress&) const = default;

  const WeekProgress* week(int number) const;               // numbered weeks; nullptr if none
  const WeekProgress* module(const std::string& id) const;  // weeks and optional modules
  const ItemProgress* item(const std::string& id, const WeekProgress** in = nullptr) const;
};

// Applies events one by one. fold() is ProgressBuilder + apply(all) + snapshot(now).
// Events must be applied in log order (seq).
class ProgressBuilder {
 public:
  explicit ProgressBuilder(const Course& course);
  ~ProgressBuilder();
  ProgressBuilder(ProgressBuilder&&) noexcept;
  ProgressBuilder& operator=(ProgressBuilder&&) noexcept;

  void apply(const Event& e);
  Progress snapshot(TimePoint now) const;
  // The same, with every week up to `open_through` (a module id; "" or an unknown id: none)
  // kept open: weeks a run has already shown open (Store::seen_open(), kindly/seen.h).
  Progress snapshot(TimePoint now, const std::string& open_through) const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

Progress fold(const Course& course, const std::vector<Event>& events, TimePoint now);

// How far a clock may move back before the latest recorded time is taken for a clock error.
inline constexpr std::chrono::seconds kClockSlack = std::chrono::hours{24};

// When to fold for a clock that says `now`, given the latest time recorded so far: `latest`
// if the clock moved back by up to kClockSlack (nothing re-locks for a small step back),
// else `now`; ahead is true when latest is more than kClockSlack after now.
struct FoldTime {
  TimePoint at{};
  bool clock_was_ahead = false;
};
FoldTime fold_time(TimePoint now, std::optional<TimePoint> latest);

// The instant a week started at `start` opens the next one: local midnight of its start day
// + min_days (min_days <= 0: `start` itself). With the start's recorded offset the start day
// is the one the user saw; midnight is taken in the process TZ when that zone had this
// offset at `start` (the same zone as far as can be told: daylight saving is then exact),
// else at the recorded offset. Without one (events before data version 3): the process TZ.
TimePoint week_gate(TimePoint start, std::optional<int> utc_offset, int min_days);
// The local day of `start` as above (the day "week N was started on").
LocalDate start_day(TimePoint start, std::optional<int> utc_offset);

// ---- the transition table, exposed for tests and docs ------------------------------------

enum class WeekTrigger { Unlock, Start, RequiredMet, RequiredUnmet };
const char* to_string(WeekTrigger t);
// The next state; the same state when the trigger does not apply (e.g. Start on a locked
// week: the fold unlocks a week before starting it when it has evidence).
WeekState transition(WeekState from, WeekTrigger trigger);

}  // namespace kindly
