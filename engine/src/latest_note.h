// The latest version of a document the user saves whole, as JSON in an event's note (the
// safety plan, the keep-practising plan): the last event of its type whose note parses, with
// how many such saves the log holds. Notes that do not parse (a hand-made import) stay in the
// log and are passed over.
#pragma once

#include <optional>
#include <vector>

#include "kindly/events.h"

namespace kindly {

template <class Saved, class Parse>
std::optional<Saved> latest_note(const std::vector<Event>& events, EventType type, Parse parse) {
  std::optional<Saved> out;
  int versions = 0;
  for (const Event& e : events) {
    if (e.type != type) continue;
    auto doc = parse(e.note);
    if (!doc) continue;
    ++versions;
    out = Saved{std::move(*doc), e.recorded_at, e.seq, versions};
  }
  return out;
}

}  // namespace kindly
