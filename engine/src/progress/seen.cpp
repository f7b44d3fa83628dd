// The Session's fold time and the weeks kept open: see kindly/seen.h.
#include "kindly/seen.h"

#include <spdlog/spdlog.h>

namespace kindly {

namespace {

// The latest numbered week that is open in `p` (nullptr if none).
const WeekProgress* latest_open(const Progress& p) {
  const WeekProgress* out = nullptr;
  for (const WeekProgress& w : p.weeks) {
    if (w.state != WeekState::Locked && (out == nullptr || w.number > out->number)) out = &w;
  }
  return out;
}

}  // namespace

Progress snapshot_seen(const ProgressBuilder& builder, Store& store, TimePoint now, bool record,
                       std::optional<TimePoint>& seen_until) {
  if (!seen_until) seen_until = store.seen_until();
  const FoldTime when = fold_time(now, seen_until);
  const std::string open_through = store.seen_open();
  Progress p = builder.snapshot(when.at, open_through);
  if (when.clock_was_ahead) {
    p.clock_was_ahead = true;
    spdlog::warn("the clock was ahead: progress had been shown for {}, the clock now says {}",
                 format_time_utc(*seen_until), format_time_utc(now));
  }
  const WeekProgress* open = latest_open(p);
  const WeekProgress* stored = p.module(open_through);
  const bool new_open = open != nullptr && (stored == nullptr || open->number > stored->number);
  const bool new_time = !seen_until || *seen_until < now || when.clock_was_ahead;
  if (record) {
    try {
      if (when.clock_was_ahead) {
        store.reset_seen(now);
      } else if (new_time) {
        store.record_seen(now);  // never waits for another writer
      }
      if (new_open) store.record_seen_open(open->id);
    } catch (const DataError&) {
      // Not fatal: progress is still right for this run.
    }
  }
  if (when.clock_was_ahead || !seen_until || *seen_until < now) seen_until = now;
  return p;
}

}  // namespace kindly
