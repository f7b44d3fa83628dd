// Session: the one entry point front ends use. Commands in (command.h), one Outcome out
// (outcome.h) or an Error: Refused with a code from refusal.h and a sentence in the user's
// terms, or Data when the database failed. Nothing is written when a command is refused.
//
//   front end --Command--> Session::apply --checks (gates.h)--> events --append, one txn--> log
//             <--Outcome {events, what changed, pacing}-- refresh (fold) <--
//
// Each command first reads what other processes appended (refresh()), so the app and a
// script can share one data folder; the check and the append are not one transaction, so two
// processes racing on the same command may both succeed (e.g. two ticks, harmless).
// Queries (journal lists, history) are read-only and go through the Session too.
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
#include "kindly/command.h"
#include "kindly/compare.h"
#include "kindly/course.h"
#include "kindly/data_ops.h"
#include "kindly/events.h"
#include "kindly/journal.h"
#include "kindly/measures.h"
#include "kindly/outcome.h"
#include "kindly/practice_plan.h"
#include "kindly/progress.h"
#include "kindly/result.h"
#include "kindly/store.h"

namespace kindly {

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
  // The store and journal, for the engine's own readers (reports, exports) and tests; front
  // ends change nothing through them.
  Store& store() { return *store_; }
  Journal& journal() { return *journal_; }

  // The progress as of the last command or refresh().
  const Progress& progress() const { return progress_; }
  // Re-reads new events and re-folds at the clock's now, or at the latest time this data has
  // been seen at if the clock moved back (Store::seen_until()).
  Result<> refresh();

  // The one way to change anything: checks `command` against the progress as of now,
  // appends its events in one transaction, refreshes, and says what changed.
  Result<Outcome> apply(const Command& command);

  // ---- queries -------------------------------------------------------------------------
  Result<std::vector<JournalEntry>> journal_list(const JournalFilter& filter = {});
  Result<JournalDetail> journal_show(std::int64_t id);
  Result<std::vector<SearchHit>> journal_search(const std::string& query, int limit = 50);
  // Problems noticed when the data folder was opened (e.g. permissions made private).
  const std::vector<std::string>& warnings() const;

  // The whole event log, oldest first.
  Result<std::vector<Event>> history();
  // The latest saved safety plan; nullopt when none was ever saved.
  Result<std::optional<SavedSafetyPlan>> safety_plan();

  // Measures (measures.h) as of the last command or refresh(): those due now, and every
  // answer and skip, oldest first.
  std::vector<DueMeasure> measures_due() const;
  std::vector<MeasureRecord> measure_records() const;

  // After the last week (session_after.cpp), as of the last command or refresh(): the latest
  // keep-practising plan (nullopt when none was ever saved; plan.empty() when cleared), the
  // reminder it gives (practice_plan.h) and the next follow-up questionnaire (measures.h).
  std::optional<SavedPracticePlan> practice_plan() const;
  std::optional<PlanReminder> plan_reminder(std::optional<TimePoint> last_fired) const;
  std::optional<FollowUp> next_follow_up(std::optional<TimePoint> last_fired) const;
  // Week 1 beside the last week (compare.h).
  FirstLastComparison compare_first_last() const;

  // ---- the data folder as files (data_ops.h, on this session's store) --------------------
  Result<data_ops::ExportSummary> export_full(const std::filesystem::path& out);
  Result<BackupInfo> backup(const std::filesystem::path& out);

 private:
  Session() = default;
  // One handler per command (session.cpp); each returns what it appended.
  Result<Outcome> run(const cmd::Begin& c);
  Result<Outcome> run(const cmd::Start& c);
  Result<Outcome> run(const cmd::Tick& c);
  Result<Outcome> run(const cmd::Untick& c);
  Result<Outcome> run(const cmd::LogPractice& c);
  Result<Outcome> run(const cmd::AnswerCheckin& c);
  Result<Outcome> run(const cmd::MoveOn& c);
  Result<Outcome> run(const cmd::WriteEntry& c);
  Result<Outcome> run(const cmd::EditEntry& c);
  Result<Outcome> run(const cmd::TrashEntry& c);
  Result<Outcome> run(const cmd::RestoreEntry& c);
  Result<Outcome> run(const cmd::EmptyTrash& c);
  Result<Outcome> run(const cmd::RestoreVersion& c);
  Result<Outcome> run(const cmd::Pause& c);
  Result<Outcome> run(const cmd::Resume& c);
  Result<Outcome> run(const cmd::SaveSafetyPlan& c);
  Result<Outcome> run(const cmd::AnswerMeasure& c);
  Result<Outcome> run(const cmd::SkipMeasure& c);
  Result<Outcome> run(const cmd::SavePracticePlan& c);

  // The module if it is open, else the refusal (not begun, or why it is locked).
  Result<const Module*> open_module(const Module* mod) const;
  Result<const Module*> find_open_module(const std::string& id) const;
  Error no_module(const std::string& id_or_number) const;  // NoSuchModule, worded
  Event make(EventType type, const Module* mod) const;     // stamped with the clock's now
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
