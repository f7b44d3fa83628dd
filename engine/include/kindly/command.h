// Commands: every change a user can make, as a value. A front end (the app, the CLI) builds
// one and hands it to Session::apply (session.h), which checks it against the progress, appends
// its events in one transaction and returns one Outcome (outcome.h) or a coded refusal
// (refusal.h). Weeks and optional modules are addressed by module id ("week-2", "retreat"),
// items and practices by their ids; Course::find_module turns a user's "2" into "week-2".
//
// Adding an action: add a struct here and to `Command`, handle it in
// engine/src/session/session.cpp (the compiler lists every visit that misses it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kindly/clock.h"
#include "kindly/practice_plan.h"
#include "kindly/safety_plan.h"

namespace kindly {

// The range of minutes one practice log may record (both ends included).
inline constexpr int kMinLogMinutes = 1;
inline constexpr int kMaxLogMinutes = 600;
// The range of a distress rating before or after a practice.
inline constexpr int kMinDistress = 0;
inline constexpr int kMaxDistress = 10;

namespace cmd {

// Begins the course: week 1 opens. Refused when begun already.
struct Begin {};

// Starts a week or an optional module (records WeekStarted the first time; starting a started
// week again records nothing and is not refused).
struct Start {
  std::string module;
};

// Ticks an item done (a reading, a task, a practice done away from Kindly).
struct Tick {
  std::string item;
};

// Removes a tick. Refused when the item is done by a log, answer or entry (those stay).
struct Untick {
  std::string item;
};

// Logs a practice.
struct LogPractice {
  std::string practice;         // a practice id, or an item id whose practice (or homework
                                // target) to use
  int minutes = 0;              // the minutes actually practised, kMinLogMinutes..kMaxLogMinutes
  std::optional<TimePoint> at;  // when it was done; default now; never in the future
  std::string module;           // the week or module it belongs to; default the current week
  std::string note;
  std::optional<int> distress_before;  // kMinDistress..kMaxDistress
  std::optional<int> distress_after;
};

// Answers a check-in: one answer per question, each on the item's scale (0 included when the
// scale has it).
struct AnswerCheckin {
  std::string item;
  std::vector<int> answers;
};

// Answers a questionnaire (course.h Measure): one value from its scale for every item, by item
// id. Recorded with the occasion it is due for (or none, when answered at another time); the
// Outcome carries the scores, the band, the change since the last time and the safety flag.
struct AnswerMeasure {
  std::string measure;
  std::map<std::string, int> answers;
};

// "Not now": records that the user skipped the questionnaire due now, so it is not asked again
// until its next time. Refused when none is due.
struct SkipMeasure {
  std::string measure;
};

// Moves on from the current week without its core practices, where the course allows it. The
// reason, in the user's words, is kept in the log (history, export).
struct MoveOn {
  std::string module;  // the week moved on from; empty = the current week
  std::string reason;  // required, not only spaces
};

// Writes a new journal entry.
struct WriteEntry {
  std::string text;    // required, not only spaces; kept byte for byte
  std::string item;    // the reflection it answers; empty for a free entry
  int prompt = 0;      // which of the item's prompts (0-based)
  std::string module;  // the week it belongs to; default the item's week, else the current one
};

// Replaces an entry's text; the old text stays as a revision.
struct EditEntry {
  std::int64_t id = 0;
  std::string text;
  // The revision the text was written over (JournalEntry::revisions when it was read). When
  // set and another process has saved a newer revision since, the edit is refused with
  // ChangedElsewhere and nothing is written, so no one's words are overwritten unseen.
  std::optional<int> base_revision;
  // With a stale base_revision: save anyway as a new revision (the other's text stays the
  // revision before it) and say so in Outcome::other_revision, instead of refusing. The app's
  // autosave sets it, so what the user typed is never dropped and never overwrites unseen.
  // The check and the save are one transaction.
  bool keep_both = false;
};

// Makes an earlier version (a JournalRevision's rev) an entry's text again, as a new revision:
// history is never rewritten or removed. Refused when that version's text is the text now.
struct RestoreVersion {
  std::int64_t id = 0;
  int rev = 0;
};

struct TrashEntry {
  std::int64_t id = 0;
};

struct RestoreEntry {
  std::int64_t id = 0;
};

// Removes every entry in the trash for good. Refused unless `confirmed`.
struct EmptyTrash {
  bool confirmed = false;
};

// Pauses the course ("resting"): reminders stop and the time gates wait. A week whose wait
// was running when the pause began keeps the days it still had: each pause moves its gate later
// by the pause's length in whole days (rounded to the nearest day). Nothing else changes: every
// week open stays open, and practising, writing and ticking still work while paused.
struct Pause {
  std::string reason;  // optional, in the user's words; kept in the log
};

// Resumes a paused course.
struct Resume {};

// Saves the user's safety plan (kindly/safety_plan.h), whole; earlier versions stay in the log.
// Allowed before the course is begun and while it is paused.
struct SaveSafetyPlan {
  SafetyPlan plan;
  // The SavedSafetyPlan::seq the text was written over (0: there was none). When set and a
  // newer save exists, refused with ChangedElsewhere and nothing is written.
  std::optional<std::int64_t> base_seq;
};

// Saves the keep-practising plan (kindly/practice_plan.h), whole; a plan with no practices
// clears it. Allowed at any time (it matters once the last week is complete). Every practice
// must be the course's, named once, with at least one day and a valid time.
struct SavePracticePlan {
  PracticePlan plan;
  // The SavedPracticePlan::seq it was written over (0: there was none). When set and a newer
  // save exists, refused with ChangedElsewhere and nothing is written.
  std::optional<std::int64_t> base_seq;
};

}  // namespace cmd

using Command =
    std::variant<cmd::Begin, cmd::Start, cmd::Tick, cmd::Untick, cmd::LogPractice,
                 cmd::AnswerCheckin, cmd::MoveOn, cmd::WriteEntry, cmd::EditEntry, cmd::TrashEntry,
                 cmd::RestoreEntry, cmd::EmptyTrash, cmd::RestoreVersion, cmd::Pause, cmd::Resume,
                 cmd::SaveSafetyPlan, cmd::AnswerMeasure, cmd::SkipMeasure, cmd::SavePracticePlan>;

// "begin", "start", "tick", ... (for logs: never the command's text).
const char* command_name(const Command& c);

}  // namespace kindly
