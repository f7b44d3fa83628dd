// Gates: the rules beside the transition table (progress.h), as queries the screens and the
// CLI call instead of restating them. Every function is pure over (course, progress).
//
//   why_locked      which gate keeps a week shut, which items, until when (a value to word)
//   can_move_on     whether the user may move on from a week now, and if not, why (a code)
//   credit_minutes  how long a log of a practice must be to count toward a week's items
//   is_difficult    the course's rule for "that practice was hard"
//   default_log_minutes  what the "I practised" field starts at for an item
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/progress.h"
#include "kindly/refusal.h"

namespace kindly {

struct LockExplanation {
  LockReason gate = LockReason::None;  // None: the module is not locked
  std::string module;                  // the locked week or module
  std::string waits_for;  // the module whose progress it waits on (the week before); may be ""
  std::optional<TimePoint> until;              // TimeGate: when the time gate opens
  std::optional<LocalDate> waits_for_started;  // the day that week was started (its own zone)
  std::vector<std::string> missing_items;      // that week's core items not yet done (ids)
  bool can_move_on = false;  // moving on from `waits_for` would open it (when time allows)
  int wait_days_left = 0;    // Paused: whole days of the wait left, counted from the resume
};

// Why `module` is locked now (gate None when it is open or not in the course).
LockExplanation why_locked(const Course& course, const Progress& progress,
                           const std::string& module);

// The same in one English sentence, naming weeks and items by their titles, e.g. "Week 3
// opens on Monday 8 Dec: week 2 was started on Monday 1 Dec". Empty when not locked.
std::string describe_lock(const Course& course, const LockExplanation& why);

struct MoveOnCheck {
  bool allowed = false;
  RefusalCode why = RefusalCode::None;     // when not allowed
  std::string from;                        // the week moved on from
  std::string to;                          // the week it would open (may be "" for LastWeek)
  std::vector<std::string> missing_items;  // from's core items not done (ids)
};

// Whether the user may move on from `from` (empty: the current week) right now: the course
// allows it, it is the current week, it was started, the next week is locked and waits for
// from's core items (not only for time), and the user has not moved on from it already.
MoveOnCheck can_move_on(const Course& course, const Progress& progress,
                        const std::string& from = {});

// The minutes a log of `practice` needs to count toward an item: the course's
// gating.practice_credit share of the practice's stated minutes, rounded up, at least 1.
int credit_minutes(const Course& course, const Practice& practice);

// The course's pacing rule: distress after at or above pacing.high_after, or a rise of at
// least pacing.sharp_rise from before to after.
bool is_difficult(const Pacing& pacing, std::optional<int> before, std::optional<int> after);

// What the minutes field of "I practised" starts at for `item`: the item's suggested minutes,
// else its practice's (or homework target's) minutes and minutes per day, else 10; within
// kMinLogMinutes..kMaxLogMinutes.
int default_log_minutes(const Course& course, const Item& item);

}  // namespace kindly
