// Session: the user's commands. Each checks against the current Progress, appends in one
// transaction, and refreshes. Refusals say what is wrong in the user's terms.
//
// Sections: helpers · opening · course commands · practice · journal · history.
#include "kindly/session.h"

#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <cstdlib>

#include "kindly/seen.h"

namespace kindly {

namespace fs = std::filesystem;

// ---- helpers --------------------------------------------------------------------------------

fs::path default_data_dir() {
  if (const char* d = std::getenv("KINDLY_DATA_DIR"); d != nullptr && *d != '\0') return d;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && *x != '\0') {
    return fs::path(x) / "kindly";
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return fs::path(h) / ".local" / "share" / "kindly";
  }
  return fs::path(".kindly");
}

namespace {

// Runs fn, turning database failures into Data errors.
template <class T, class F>
Result<T> guard(const Store* store, F&& fn) {
  try {
    return fn();
  } catch (const DataError& e) {
    return Error::data(e.what(), e.path());
  } catch (const SQLite::Exception& e) {
    return Error::data(std::string("database error: ") + e.what(),
                       store != nullptr ? store->path().string() : std::string());
  }
}

std::string week_label(const Module& m) {
  return m.optional ? m.title : "week " + std::to_string(m.number);
}

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

// ---- opening --------------------------------------------------------------------------------

Result<std::unique_ptr<Session>> Session::open(std::shared_ptr<const Course> course,
                                               const fs::path& data_dir,
                                               std::shared_ptr<const Clock> clock,
                                               const StoreOptions& options) {
  auto store = Store::open(data_dir, options);
  if (!store) return store.error();
  std::unique_ptr<Session> s(new Session());
  s->course_ = std::move(course);
  s->clock_ = std::move(clock);
  s->store_ = std::move(store.value());
  s->journal_ = std::make_unique<Journal>(*s->store_);
  s->read_only_ = options.read_only;
  auto r = s->refresh();
  if (!r) return r.error();
  return s;
}

Session::~Session() = default;

Result<> Session::refresh() {
  auto r = guard<bool>(store_.get(), [&] {
    const std::int64_t last = events_.empty() ? 0 : events_.back().seq;
    auto fresh = store_->events_since(last);
    if (!builder_) builder_ = std::make_unique<ProgressBuilder>(*course_);
    for (auto& e : fresh) {
      builder_->apply(e);
      events_.push_back(std::move(e));
    }
    // What this data has been seen at keeps what opened open, whatever the clock or the
    // time zone says now (kindly/seen.h). Recording it is best-effort.
    progress_ = snapshot_seen(*builder_, *store_, clock_->now(), !read_only_, seen_);
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<std::vector<Event>> Session::append(std::vector<Event> events,
                                           const std::function<void()>& also) {
  auto r = guard<std::vector<Event>>(store_.get(), [&] {
    store_->write([&] {
      if (also) also();
      store_->append(events);
    });
    return events;
  });
  if (!r) return r.error();
  auto f = refresh();
  if (!f) return f.error();
  return r;
}

Event Session::make(EventType type, const Module* mod) const {
  Event e;
  e.type = type;
  e.recorded_at = clock_->now();
  e.at = e.recorded_at;
  if (mod != nullptr) {
    e.module = mod->id;
    e.week = mod->number;
  }
  return e;
}

Result<const Module*> Session::open_module_for(const Module* mod) const {
  if (!progress_.begun) {
    return Error::refused("you have not begun the course yet", "begin the course first");
  }
  const WeekProgress* w = progress_.module(mod->id);
  if (w == nullptr) return Error::refused("there is no module " + quoted(mod->id));
  if (w->state == WeekState::Locked) return Error::refused(w->locked_reason);
  return mod;
}

// ---- course commands ----------------------------------------------------------------------------

Result<Event> Session::begin() {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  if (progress_.begun) {
    return Error::refused("you already began this course on " + format_day(*progress_.begun_at));
  }
  Event e = make(EventType::Begun, nullptr);
  e.course_id = course_->id;
  e.course_version = course_->version;
  auto r = append({e});
  if (!r) return r.error();
  return r.value().front();
}

Result<Event> Session::start_week(int week) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Module* mod = course_->week(week);
  if (mod == nullptr) {
    return Error::refused("there is no week " + std::to_string(week) + ": this course has " +
                          std::to_string(course_->week_count()) + " weeks");
  }
  return start(mod);
}

Result<Event> Session::start_module(const std::string& module_id) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Module* mod = course_->module(module_id);
  if (mod == nullptr) return Error::refused("there is no module " + quoted(module_id));
  return start(mod);
}

Result<Event> Session::start(const Module* mod) {
  auto ok = open_module_for(mod);
  if (!ok) return ok.error();
  const WeekProgress* w = progress_.module(mod->id);
  if (w->started_at) {
    // Already open: nothing to record.
    Event e = make(EventType::WeekStarted, mod);
    e.seq = 0;
    e.at = e.recorded_at = *w->started_at;
    return e;
  }
  auto r = append({make(EventType::WeekStarted, mod)});
  if (!r) return r.error();
  return r.value().front();
}

Result<Event> Session::done(const std::string& item_id) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Module* mod = nullptr;
  const Item* item = course_->item(item_id, &mod);
  if (item == nullptr)
    return Error::refused("there is no item " + quoted(item_id) + " in this course");
  auto ok = open_module_for(mod);
  if (!ok) return ok.error();
  const ItemProgress* ip = progress_.item(item_id);
  if (item->kind == ItemKind::Checkin) {
    return Error::refused(item_id + " is a check-in: it is done when you answer it",
                          "answer it with its questions");
  }
  if (item->kind == ItemKind::Homework && item->target &&
      item->target->type == HomeworkTarget::Type::PracticeDays) {
    std::string msg = item_id + " is done when " + item->target->practice +
                      " has been logged from " + week_label(*mod) + " on " +
                      std::to_string(item->target->days) + " different days";
    if (item->target->minutes_per_day > 0) {
      msg += " (" + std::to_string(item->target->minutes_per_day) + " minutes or more)";
    }
    msg += "; so far " + std::to_string(ip != nullptr ? ip->have : 0) + " of " +
           std::to_string(item->target->days);
    return Error::refused(msg, "log the practice instead");
  }
  if (ip != nullptr && ip->ticked) {
    return Error::refused(item_id + " is already marked done");
  }
  Event e = make(EventType::ItemDone, mod);
  e.item = item_id;
  auto r = append({e});
  if (!r) return r.error();
  return r.value().front();
}

Result<Event> Session::undo(const std::string& item_id) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Module* mod = nullptr;
  const Item* item = course_->item(item_id, &mod);
  if (item == nullptr)
    return Error::refused("there is no item " + quoted(item_id) + " in this course");
  if (!progress_.begun) return Error::refused("you have not begun the course yet");
  const ItemProgress* ip = progress_.item(item_id);
  if (ip == nullptr || !ip->ticked) {
    if (ip != nullptr && ip->done) {
      return Error::refused(item_id + " was not ticked: it is done because of what you " +
                            (item->kind == ItemKind::Reflection ? "wrote in the journal"
                             : item->kind == ItemKind::Checkin  ? "answered"
                                                                : "logged") +
                            ", and that stays in your history");
    }
    return Error::refused(item_id + " is not marked done");
  }
  Event e = make(EventType::ItemUndone, mod);
  e.item = item_id;
  auto r = append({e});
  if (!r) return r.error();
  return r.value().front();
}

Result<Event> Session::move_on(const std::string& reason) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  if (!progress_.begun) return Error::refused("you have not begun the course yet");
  std::string trimmed = reason;
  trimmed.erase(0, trimmed.find_first_not_of(" \t\n"));
  if (trimmed.empty()) {
    return Error::refused(
        "say in a few words why you are moving on (your reason is kept with "
        "your history)");
  }
  if (!course_->gating.allow_move_on) {
    return Error::refused("this course asks for each week's required items before the next week");
  }
  const int cw = progress_.current_week;
  const WeekProgress* w = progress_.week(cw);
  if (w == nullptr) return Error::refused("there is no current week");
  const WeekProgress* next = progress_.week(cw + 1);
  if (next == nullptr) {
    return Error::refused("week " + std::to_string(cw) +
                          " is the last week: there is no week to "
                          "move on to");
  }
  if (next->state != WeekState::Locked) {
    return Error::refused("week " + std::to_string(cw + 1) + " is already open");
  }
  if (!w->started_at) {
    return Error::refused("week " + std::to_string(cw) + " has not been started yet");
  }
  if (!course_->gating.require_items || w->required_done == w->required_total) {
    return Error::refused("there is nothing to move on from: " + next->locked_reason);
  }
  if (w->moved_on) {
    return Error::refused("you already chose to move on from week " + std::to_string(cw) + ": " +
                          next->locked_reason);
  }
  Event e = make(EventType::MovedOn, course_->week(cw));
  e.reason = reason;
  auto r = append({e});
  if (!r) return r.error();
  return r.value().front();
}

Result<CheckinResult> Session::checkin(const std::string& item_id,
                                       const std::vector<int>& answers) {
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Module* mod = nullptr;
  const Item* item = course_->item(item_id, &mod);
  if (item == nullptr)
    return Error::refused("there is no item " + quoted(item_id) + " in this course");
  if (item->kind != ItemKind::Checkin || !item->checkin) {
    return Error::refused(item_id + " is not a check-in");
  }
  auto ok = open_module_for(mod);
  if (!ok) return ok.error();
  const Checkin& c = *item->checkin;
  if (answers.size() != c.questions.size()) {
    return Error::refused(item_id + " has " + std::to_string(c.questions.size()) + " questions; " +
                          std::to_string(answers.size()) + " answers were given");
  }
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (answers[i] < c.scale_min || answers[i] > c.scale_max) {
      return Error::refused("answer " + std::to_string(i + 1) + " (" + std::to_string(answers[i]) +
                            ") is outside the scale " + std::to_string(c.scale_min) + "-" +
                            std::to_string(c.scale_max));
    }
  }
  Event e = make(EventType::CheckinAnswered, mod);
  e.item = item_id;
  e.answers = answers;
  auto r = append({e});
  if (!r) return r.error();
  CheckinResult out;
  out.event = r.value().front();
  if (const ItemProgress* ip = progress_.item(item_id)) out.scores = ip->scores;
  return out;
}

// ---- practice ---------------------------------------------------------------------------------

Result<PracticeLogged> Session::log_practice(const PracticeLog& log) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  if (!progress_.begun) return Error::refused("you have not begun the course yet");
  // The practice: a practice id, or an item whose practice (or homework target) to use.
  std::string practice_id = log.practice;
  std::string item_id;
  if (course_->practice(practice_id) == nullptr) {
    const Item* it = course_->item(log.practice);
    if (it != nullptr && (it->kind == ItemKind::Meditation || it->kind == ItemKind::Informal)) {
      practice_id = it->practice;
      item_id = it->id;
    } else if (it != nullptr && it->kind == ItemKind::Homework && it->target &&
               it->target->type == HomeworkTarget::Type::PracticeDays) {
      practice_id = it->target->practice;
      item_id = it->id;
    } else {
      return Error::refused("there is no practice " + quoted(log.practice) + " in this course");
    }
  }
  if (log.minutes < 1 || log.minutes > 600) {
    return Error::refused("minutes must be between 1 and 600 (got " + std::to_string(log.minutes) +
                          ")");
  }
  for (const auto& [name, v] :
       {std::pair{"before", log.distress_before}, std::pair{"after", log.distress_after}}) {
    if (v && (*v < 0 || *v > 10)) {
      return Error::refused(std::string("distress ") + name + " must be between 0 and 10");
    }
  }
  const TimePoint now = clock_->now();
  const TimePoint at = log.at.value_or(now);
  if (at > now + std::chrono::minutes{1}) {
    return Error::refused("the practice time " + format_time(at) + " is in the future");
  }
  if (progress_.begun_at && at < local_midnight(local_date(*progress_.begun_at))) {
    return Error::refused("the practice time " + format_time(at) +
                          " is before you began the course (" + format_day(*progress_.begun_at) +
                          ")");
  }
  const Module* mod = nullptr;
  if (!log.module.empty()) {
    mod = course_->module(log.module);
    if (mod == nullptr) return Error::refused("there is no module " + quoted(log.module));
  } else {
    const int week = log.week.value_or(progress_.current_week);
    mod = course_->week(week);
    if (mod == nullptr) {
      return Error::refused("there is no week " + std::to_string(week) + ": this course has " +
                            std::to_string(course_->week_count()) + " weeks");
    }
  }
  auto ok = open_module_for(mod);
  if (!ok) return ok.error();

  std::vector<std::string> done_before;
  if (const WeekProgress* w = progress_.module(mod->id)) {
    for (const auto& ip : w->items) {
      if (ip.done) done_before.push_back(ip.id);
    }
  }
  Event e = make(EventType::PracticeLogged, mod);
  e.at = at;
  e.practice = practice_id;
  e.item = item_id;
  e.minutes = log.minutes;
  e.note = log.note;
  e.distress_before = log.distress_before;
  e.distress_after = log.distress_after;
  auto r = append({e});
  if (!r) return r.error();

  PracticeLogged out;
  out.event = r.value().front();
  if (const WeekProgress* w = progress_.module(mod->id)) {
    for (const auto& ip : w->items) {
      if (ip.done &&
          std::find(done_before.begin(), done_before.end(), ip.id) == done_before.end()) {
        out.items_now_done.push_back(ip.id);
      }
    }
    out.suggest_slower = w->difficult_practices >= course_->pacing.repeats_in_week;
  }
  const Pacing& p = course_->pacing;
  out.difficult = e.distress_after &&
                  (*e.distress_after >= p.high_after ||
                   (e.distress_before && *e.distress_after - *e.distress_before >= p.sharp_rise));
  out.grounding_practice = p.grounding_practice;
  return out;
}

// ---- journal ----------------------------------------------------------------------------------

Result<JournalEntry> Session::journal_add(const JournalDraft& d) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  if (d.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::refused("the entry is empty");
  }
  NewJournalEntry n;
  n.text = d.text;
  n.prompt = d.prompt;
  const Module* mod = nullptr;
  const Item* item = nullptr;
  if (!d.item.empty()) {
    item = course_->item(d.item, &mod);
    if (item == nullptr)
      return Error::refused("there is no item " + quoted(d.item) + " in this course");
    if (d.week && mod->number != *d.week) {
      return Error::refused(d.item + " belongs to " + week_label(*mod) + ", not week " +
                            std::to_string(*d.week));
    }
    if (d.prompt < 0 || (item->kind == ItemKind::Reflection && !item->prompts.empty() &&
                         d.prompt >= static_cast<int>(item->prompts.size()))) {
      return Error::refused(d.item + " has " + std::to_string(item->prompts.size()) +
                            " prompts; prompt " + std::to_string(d.prompt + 1) + " does not exist");
    }
    n.item = d.item;
  } else if (d.week) {
    mod = course_->week(*d.week);
    if (mod == nullptr) return Error::refused("there is no week " + std::to_string(*d.week));
  } else if (progress_.begun) {
    mod = course_->week(progress_.current_week);
  }
  if (mod != nullptr) {
    if (!d.item.empty() || d.week) {
      auto ok = open_module_for(mod);
      if (!ok) return ok.error();
    }
    n.module = mod->id;
    n.week = mod->number;
  }
  JournalEntry entry;
  std::vector<Event> events;
  const bool reflects = item != nullptr && item->kind == ItemKind::Reflection;
  auto r = guard<bool>(store_.get(), [&] {
    store_->write([&] {
      entry = journal_->add(n, clock_->now());
      if (reflects) {
        Event e = make(EventType::Reflected, mod);
        e.item = item->id;
        e.entry_id = entry.id;
        events.push_back(e);
        store_->append(events);
      }
    });
    return true;
  });
  if (!r) return r.error();
  if (reflects) {
    auto f = refresh();
    if (!f) return f.error();
  }
  return entry;
}

Result<JournalEntry> Session::journal_edit(std::int64_t id, const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::refused("the new text is empty (to remove an entry, delete it)");
  }
  return guard<JournalEntry>(store_.get(), [&]() -> Result<JournalEntry> {
    auto cur = journal_->get(id);
    if (!cur) return Error::refused("there is no journal entry " + std::to_string(id));
    if (cur->deleted_at) {
      return Error::refused("journal entry " + std::to_string(id) +
                            " is in the trash; restore it first");
    }
    auto e = journal_->edit(id, text, clock_->now());
    if (!e) return Error::refused("journal entry " + std::to_string(id) + " cannot be edited");
    return *e;
  });
}

Result<JournalEntry> Session::journal_delete(std::int64_t id) {
  return guard<JournalEntry>(store_.get(), [&]() -> Result<JournalEntry> {
    auto cur = journal_->get(id);
    if (!cur) return Error::refused("there is no journal entry " + std::to_string(id));
    if (cur->deleted_at) {
      return Error::refused("journal entry " + std::to_string(id) + " is already in the trash");
    }
    journal_->trash(id, clock_->now());
    return *journal_->get(id);
  });
}

Result<JournalEntry> Session::journal_restore(std::int64_t id) {
  return guard<JournalEntry>(store_.get(), [&]() -> Result<JournalEntry> {
    auto cur = journal_->get(id);
    if (!cur) return Error::refused("there is no journal entry " + std::to_string(id));
    if (!cur->deleted_at) {
      return Error::refused("journal entry " + std::to_string(id) + " is not in the trash");
    }
    journal_->restore(id);
    return *journal_->get(id);
  });
}

Result<int> Session::journal_empty_trash(bool confirmed) {
  return guard<int>(store_.get(), [&]() -> Result<int> {
    const auto n = journal_->count({JournalFilter::Trash::Only, {}, {}});
    if (!confirmed) {
      return Error::refused("emptying the trash removes " + std::to_string(n) +
                            " entries for good and needs your explicit confirmation");
    }
    return journal_->empty_trash();
  });
}

Result<std::vector<JournalEntry>> Session::journal_list(const JournalFilter& filter) {
  return guard<std::vector<JournalEntry>>(store_.get(), [&] { return journal_->list(filter); });
}

Result<JournalDetail> Session::journal_show(std::int64_t id) {
  return guard<JournalDetail>(store_.get(), [&]() -> Result<JournalDetail> {
    auto e = journal_->get(id);
    if (!e) return Error::refused("there is no journal entry " + std::to_string(id));
    return JournalDetail{*e, journal_->revisions(id)};
  });
}

Result<std::vector<SearchHit>> Session::journal_search(const std::string& query, int limit) {
  if (query.find_first_not_of(" \t\r\n*\"") == std::string::npos) {
    return Error::refused("give some words to search for");
  }
  return guard<std::vector<SearchHit>>(store_.get(),
                                       [&] { return journal_->search(query, limit); });
}

// ---- history ----------------------------------------------------------------------------------

Result<std::vector<Event>> Session::history() {
  auto r = refresh();
  if (!r) return r.error();
  return events_;
}

}  // namespace kindly
