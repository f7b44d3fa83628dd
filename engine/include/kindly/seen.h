// What a data folder has been seen at: the Session's fold time and the weeks it keeps open.
//
// Progress is fold(course, events, now), but two things a run has shown are kept outside the
// event log (Store: seen_until, seen_open) so that a later run cannot take them back:
//   - seen_until, the latest clock time progress was shown for. A run whose clock is behind
//     it by up to kClockSlack folds at seen_until (a clock that moved back a little changes
//     nothing). A run whose clock is behind it by more has found a clock error: that time was
//     recorded by a clock that ran ahead. It folds at its own now, says so
//     (Progress::clock_was_ahead) and sets seen_until back to now: recovered.
//   - seen_open, the latest numbered week shown open. Every week up to it stays open whatever
//     the clock or the time zone says later, even after a clock that ran ahead is recovered.
// See docs/cli.md, "Time, time zones and gates".
#pragma once

#include <optional>

#include "kindly/clock.h"
#include "kindly/progress.h"
#include "kindly/store.h"

namespace kindly {

// The progress for a run whose clock says `now`, given what `store` has seen; records what
// this run saw when `record` (best effort: a busy or read-only database is not an error).
// `seen_until` caches Store::seen_until() between calls (nullopt: read it). Throws DataError
// when the store cannot be read.
Progress snapshot_seen(const ProgressBuilder& builder, Store& store, TimePoint now, bool record,
                       std::optional<TimePoint>& seen_until);

}  // namespace kindly
