// Session: the user's commands over (course, store, clock). The CLI and the GUI call these;
// neither holds a rule about weeks or gates.
//
// Every command checks against the current Progress, appends its events in one transaction,
// refreshes progress(), and returns either success or an Error (result.h): Refused with a
// concrete sentence ("week 3 is locked until Monday 8 Dec: week 2 was started on Monday
// 1 Dec"), or Data when the database failed. Nothing is written when a command is refused.
// Each command first reads what other processes appended (refresh()), so the app and a
// script can share one data folder; the check and the append are not one transaction, so two
// processes racing on the same command may both succeed (e.g. two `done` ticks, harmless).
//
// Weeks are numbers (1..N) in the API; optional modules are addressed by id where a command
// takes a module (start_module, log_practice's module).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kindly/clock.h"
#include "kindly/course.h"
#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/progress.h"
#include "kindly/result.h"
#include "kindly/store.h"

namespace kindly {

// The default data folder: $KINDLY_DATA_DIR, else $XDG_DATA_HOME/kindly, else
// $HOME/.local/share/kindly.
std::filesystem::path default_data_dir();

struct PracticeLog {
  std::string practice;         // practice id (or an item id whose practice to use)
  int minutes = 0;              // 1..600
  std::optional<TimePoint> at;  // when it was done; default now. Not in the future.
  std::optional<int> week;      // week logged from; default the current week. Must be open.
  std::string module;           // or an optional module's id (overrides week)
  std::string note;
  std::optional<int> distress_before;  // 0..10
  std::optional<int> distress_after;   // 0..10
};

// What a practice log did, for the caller to show.
struct PracticeLogged {
  Event event;
  std::vector<std::string> items_now_done;  // items that became done through this log
  // Pacing: distress after was high or rose sharply; offer the grounding practice.
  bool difficult = false;
  std::string grounding_practice;  // course pacing.grounding_practice; may be empty
  bool suggest_slower = false;     // the week has had enough difficult practices
};

struct CheckinResult {
  Event event;
  std::map<std::string, double> scores;  // per subscale, see ItemProgress::scores
};

struct JournalDraft {
  std::string text;         // required, non-empty
  std::string item;         // reflection item it answers; empty for a free entry
  int prompt = 0;           // which prompt of the item (0-based)
  std::optional<int> week;  // week it belongs to; default: the item's week, else current
};

struct JournalDetail {
  JournalEntry entry;
  std::vector<JournalRevision> revisions;  // oldest first
};

class Session {
 public:
  // Opens the store in data_dir (created if needed) and folds the log. Data errors only.
  static Result<std::unique_ptr<Session>> open(std::shared_ptr<const Course> course,
                                               const std::filesystem::path& data_dir,
                                               std::shared_ptr<const Clock> clock,
                                               const StoreOptions& options = {});
  ~Session();

  const Course& course() const { return *course_; }
  const Clock& clock() const { return *clock_; }
  Store& store() { return *store_; }
  Journal& journal() { return *journal_; }

  // The progress as of the last command or refresh().
  const Progress& progress() const { return progress_; }
  // Re-reads new events and re-folds at the clock's now, or at the latest time this data has
  // been seen at if the clock moved back (Store::seen_until()).
  Result<> refresh();

  // ---- commands (each: checks, appends in one transaction, refreshes) --------------------
  Result<Event> begin();  // refused if already begun
  // Opens week `week` (records WeekStarted the first time). Opening a started week again is
  // fine and records nothing: the returned event then has seq 0 and at = started_at.
  Result<Event> start_week(int week);
  Result<Event> start_module(const std::string& module_id);  // optional modules
  Result<Event> done(const std::string& item);  // tick a reading, task, practice, reflection
  Result<Event> undo(const std::string& item);  // remove a tick
  Result<PracticeLogged> log_practice(const PracticeLog& log);
  // Answers a check-in item: one answer per question, each in the item's scale.
  Result<CheckinResult> checkin(const std::string& item, const std::vector<int>& answers);
  // Moves on from the current week without its required items (course must allow it).
  Result<Event> move_on(const std::string& reason);

  // ---- journal -------------------------------------------------------------------------
  Result<JournalEntry> journal_add(const JournalDraft& draft);
  Result<JournalEntry> journal_edit(std::int64_t id, const std::string& text);
  Result<JournalEntry> journal_delete(std::int64_t id);   // to the trash
  Result<JournalEntry> journal_restore(std::int64_t id);  // out of the trash
  // Removes every entry in the trash for good. Refused unless `confirmed`.
  Result<int> journal_empty_trash(bool confirmed);
  Result<std::vector<JournalEntry>> journal_list(const JournalFilter& filter = {});
  Result<JournalDetail> journal_show(std::int64_t id);
  Result<std::vector<SearchHit>> journal_search(const std::string& query, int limit = 50);

  // The whole event log, oldest first.
  Result<std::vector<Event>> history();

 private:
  Session() = default;
  Result<Event> start(const Module* mod);
  // The module if it is open, else the refusal (not begun, or its locked_reason).
  Result<const Module*> open_module_for(const Module* mod) const;
  Event make(EventType type, const Module* mod) const;  // stamped with the clock's now
  // Appends in one transaction (running `also` inside it first), then refreshes.
  Result<std::vector<Event>> append(std::vector<Event> events,
                                    const std::function<void()>& also = {});

  std::shared_ptr<const Course> course_;
  std::shared_ptr<const Clock> clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<ProgressBuilder> builder_;
  std::vector<Event> events_;
  Progress progress_;
  std::optional<TimePoint> seen_;  // see Store::seen_until()
  bool read_only_ = false;
};

}  // namespace kindly
