// Session: the one entry point. apply() dispatches each command to its handler, which checks
// it against the current Progress (gates.h), appends in one transaction and refreshes; apply()
// then works out what changed, once, for every front end. Refusals carry a code (refusal.h)
// and say what is wrong in the user's terms, naming weeks and items by their titles.
//
// Sections: helpers · opening · apply and what changed · course commands · practice ·
// journal · queries.
#include "kindly/session.h"

#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <variant>

#include "kindly/completion.h"
#include "kindly/gates.h"

#include "../latest_note.h"
#include "kindly/seen.h"

namespace kindly {

namespace fs = std::filesystem;

// ---- helpers --------------------------------------------------------------------------------

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

std::string in_quotes(const std::string& s) {
  return "'" + s + "'";
}

Outcome with_events(std::vector<Event> events) {
  Outcome o;
  o.events = std::move(events);
  return o;
}

Outcome with_entry(std::optional<JournalEntry> entry) {
  Outcome o;
  o.entry = std::move(entry);
  return o;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

using R = RefusalCode;

Error refuse(RefusalCode code, std::string msg, std::string hint = {}) {
  return Error::refused(code, std::move(msg), std::move(hint));
}

// Appends to `out` the ids of `list`'s entries for which `became(before, after)` holds.
template <class T, class F>
void changed(const std::vector<T>& before, const std::vector<T>& after,
             std::vector<std::string>& out, F&& became) {
  for (const T& a : after) {
    const auto b =
        std::find_if(before.begin(), before.end(), [&](const T& x) { return x.id == a.id; });
    if (b != before.end() && became(*b, a)) out.push_back(a.id);
  }
}

// What changed between two progresses: worked out here, once, for every front end.
void what_changed(const Progress& before, const Progress& after, Outcome& o) {
  for (const auto* lists : {&after.weeks, &after.modules}) {
    const auto& prior = lists == &after.weeks ? before.weeks : before.modules;
    changed(prior, *lists, o.weeks_opened, [](const WeekProgress& b, const WeekProgress& a) {
      return b.state == WeekState::Locked && a.state != WeekState::Locked;
    });
    changed(prior, *lists, o.weeks_started, [](const WeekProgress& b, const WeekProgress& a) {
      return !b.started_at && a.started_at;
    });
    changed(prior, *lists, o.weeks_completed, [](const WeekProgress& b, const WeekProgress& a) {
      return b.state != WeekState::Completed && a.state == WeekState::Completed;
    });
    for (const WeekProgress& a : *lists) {
      const auto b = std::find_if(prior.begin(), prior.end(),
                                  [&](const WeekProgress& x) { return x.id == a.id; });
      if (b == prior.end()) continue;
      changed(b->items, a.items, o.items_done,
              [](const ItemProgress& x, const ItemProgress& y) { return !x.done && y.done; });
      changed(b->items, a.items, o.items_undone,
              [](const ItemProgress& x, const ItemProgress& y) { return x.done && !y.done; });
    }
  }
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

// ---- apply and what changed -----------------------------------------------------------

const char* command_name(const Command& c) {
  static constexpr const char* kNames[] = {"begin",
                                           "start",
                                           "tick",
                                           "untick",
                                           "log-practice",
                                           "answer-checkin",
                                           "move-on",
                                           "write-entry",
                                           "edit-entry",
                                           "trash-entry",
                                           "restore-entry",
                                           "empty-trash",
                                           "restore-version",
                                           "pause",
                                           "resume",
                                           "save-safety-plan",
                                           "answer-measure",
                                           "skip-measure",
                                           "save-practice-plan"};
  static_assert(std::size(kNames) == std::variant_size_v<Command>);
  return kNames[c.index()];
}

Result<Outcome> Session::apply(const Command& command) {
  // Another process (the app, a script) may have written since: check against the latest.
  if (auto fresh = refresh(); !fresh) return fresh.error();
  const Progress before = progress_;
  auto r = std::visit([&](const auto& c) { return run(c); }, command);
  if (!r) return r;
  what_changed(before, progress_, *r);
  return r;
}

Result<const Module*> Session::open_module(const Module* mod) const {
  if (!progress_.begun) {
    return refuse(R::NotBegun, "you have not begun the course yet", "begin the course first");
  }
  const WeekProgress* w = progress_.module(mod->id);
  if (w == nullptr) return refuse(R::NoSuchModule, "there is no module " + in_quotes(mod->id));
  if (w->state == WeekState::Locked) return refuse(R::Locked, w->locked_reason);
  return mod;
}

Error Session::no_module(const std::string& id) const {
  const bool number = !id.empty() && id.find_first_not_of("-0123456789") == std::string::npos;
  return refuse(R::NoSuchModule,
                (number ? "there is no week " + id : "there is no module " + in_quotes(id)) +
                    " in this course (it has " + std::to_string(course_->week_count()) + " weeks)");
}

Result<const Module*> Session::find_open_module(const std::string& id) const {
  const Module* mod = course_->find_module(id);
  if (mod == nullptr) return no_module(id);
  return open_module(mod);
}

// ---- course commands ------------------------------------------------------------------------

Result<Outcome> Session::run(const cmd::Begin&) {
  if (progress_.begun) {
    return refuse(R::AlreadyBegun,
                  "you already began this course on " + format_day(*progress_.begun_at));
  }
  Event e = make(EventType::Begun, nullptr);
  e.course_id = course_->id;
  e.course_version = course_->version;
  auto r = append({e});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::Start& c) {
  auto mod = find_open_module(c.module);
  if (!mod) return mod.error();
  const WeekProgress* w = progress_.module((*mod)->id);
  if (w->started_at) return Outcome{};  // already open: nothing to record
  auto r = append({make(EventType::WeekStarted, *mod)});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::Tick& c) {
  const Module* mod = nullptr;
  const Item* item = course_->item(c.item, &mod);
  if (item == nullptr) {
    return refuse(R::NoSuchItem, "there is no item " + in_quotes(c.item) + " in this course");
  }
  auto ok = open_module(mod);
  if (!ok) return ok.error();
  const ItemProgress* ip = progress_.item(c.item);
  if (item->kind == ItemKind::Checkin) {
    return refuse(R::NotTickable, item->title + " is a check-in: it is done when you answer it",
                  "answer it with its questions");
  }
  if (item->kind == ItemKind::Homework && item->target &&
      item->target->type == HomeworkTarget::Type::PracticeDays) {
    const Practice* tp = course_->practice(item->target->practice);
    std::string msg = item->title + " is done when " +
                      (tp != nullptr ? tp->title : item->target->practice) +
                      " has been logged from " + week_label(*mod) + " on " +
                      std::to_string(item->target->days) + " different days";
    if (item->target->minutes_per_day > 0) {
      msg += " (" + std::to_string(item->target->minutes_per_day) + " minutes or more)";
    }
    msg += "; so far " + std::to_string(ip != nullptr ? ip->have : 0) + " of " +
           std::to_string(item->target->days);
    return refuse(R::NotTickable, msg, "log the practice instead");
  }
  if (ip != nullptr && ip->ticked) {
    return refuse(R::AlreadyDone, item->title + " is already marked done");
  }
  Event e = make(EventType::ItemDone, mod);
  e.item = c.item;
  auto r = append({e});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::Untick& c) {
  const Module* mod = nullptr;
  const Item* item = course_->item(c.item, &mod);
  if (item == nullptr) {
    return refuse(R::NoSuchItem, "there is no item " + in_quotes(c.item) + " in this course");
  }
  if (!progress_.begun) return refuse(R::NotBegun, "you have not begun the course yet");
  const ItemProgress* ip = progress_.item(c.item);
  if (ip == nullptr || !ip->ticked) {
    if (ip != nullptr && ip->done) {
      return refuse(R::DoneByRecord,
                    item->title + " was not ticked: it is done because of what you " +
                        (item->kind == ItemKind::Reflection ? "wrote in the journal"
                         : item->kind == ItemKind::Checkin  ? "answered"
                                                            : "logged") +
                        ", and that stays in your history");
    }
    return refuse(R::NotTicked, item->title + " is not marked done");
  }
  Event e = make(EventType::ItemUndone, mod);
  e.item = c.item;
  auto r = append({e});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::MoveOn& c) {
  if (blank(c.reason)) {
    return refuse(R::ReasonRequired,
                  "say in a few words why you are moving on (your reason is kept with your "
                  "history)");
  }
  std::string from = c.module;
  if (!from.empty()) {
    const Module* m = course_->find_module(from);
    if (m == nullptr) return no_module(from);
    from = m->id;
  }
  const MoveOnCheck check = can_move_on(*course_, progress_, from);
  if (!check.allowed) {
    const WeekProgress* w = progress_.module(check.from);
    const WeekProgress* next = progress_.module(check.to);
    const std::string wn = w != nullptr ? week_label(*course_->module(w->id)) : "this week";
    const std::string why_next = next != nullptr ? next->locked_reason : std::string();
    switch (check.why) {
      case R::NotBegun:
        return refuse(check.why, "you have not begun the course yet");
      case R::MoveOnNotAllowed:
        return refuse(check.why,
                      "this course asks for each week's core practices before the next week");
      case R::NotCurrentWeek:
        return refuse(check.why, "you can move on only from the week you are in now (week " +
                                     std::to_string(progress_.current_week) + ")");
      case R::LastWeek:
        return refuse(check.why, wn + " is the last week: there is no week to move on to");
      case R::NextAlreadyOpen:
        return refuse(check.why, "the week after " + wn + " is already open");
      case R::WeekNotStarted:
        return refuse(check.why, wn + " has not been started yet");
      case R::AlreadyMovedOn:
        return refuse(check.why, "you already chose to move on from " + wn + ": " + why_next);
      case R::NothingToMoveOn:
        return refuse(check.why, "there is nothing to move on from: " + why_next);
      default:
        return refuse(check.why, "there is no week to move on from");
    }
  }
  Event e = make(EventType::MovedOn, course_->module(check.from));
  e.reason = c.reason;
  auto r = append({e});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::AnswerCheckin& c) {
  const Module* mod = nullptr;
  const Item* item = course_->item(c.item, &mod);
  if (item == nullptr) {
    return refuse(R::NoSuchItem, "there is no item " + in_quotes(c.item) + " in this course");
  }
  if (item->kind != ItemKind::Checkin || !item->checkin) {
    return refuse(R::NotACheckin, item->title + " is not a check-in");
  }
  auto ok = open_module(mod);
  if (!ok) return ok.error();
  const Checkin& ck = *item->checkin;
  if (c.answers.size() != ck.questions.size()) {
    return refuse(R::WrongAnswerCount, item->title + " has " + std::to_string(ck.questions.size()) +
                                           " questions; " + std::to_string(c.answers.size()) +
                                           " answers were given");
  }
  for (std::size_t i = 0; i < c.answers.size(); ++i) {
    if (c.answers[i] < ck.scale_min || c.answers[i] > ck.scale_max) {
      return refuse(R::AnswerOutOfScale,
                    "answer " + std::to_string(i + 1) + " (" + std::to_string(c.answers[i]) +
                        ") is outside the scale " + std::to_string(ck.scale_min) + "-" +
                        std::to_string(ck.scale_max));
    }
  }
  Event e = make(EventType::CheckinAnswered, mod);
  e.item = c.item;
  e.answers = c.answers;
  auto r = append({e});
  if (!r) return r.error();
  Outcome out = with_events(r.value());
  if (const ItemProgress* ip = progress_.item(c.item)) out.scores = ip->scores;
  return out;
}

// ---- practice ---------------------------------------------------------------------------------

// Checks a practice log and appends it. Long because every check is a refusal of its own,
// in the order a user would want to hear them (what, how long, how it felt, when, where).
Result<Outcome> Session::run(const cmd::LogPractice& log) {
  if (!progress_.begun) return refuse(R::NotBegun, "you have not begun the course yet");
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
      return refuse(R::NoSuchPractice,
                    "there is no practice " + in_quotes(log.practice) + " in this course");
    }
  }
  if (log.minutes < kMinLogMinutes || log.minutes > kMaxLogMinutes) {
    return refuse(R::MinutesOutOfRange, "minutes must be between " +
                                            std::to_string(kMinLogMinutes) + " and " +
                                            std::to_string(kMaxLogMinutes) + " (got " +
                                            std::to_string(log.minutes) + ")");
  }
  for (const auto& [name, v] :
       {std::pair{"before", log.distress_before}, std::pair{"after", log.distress_after}}) {
    if (v && (*v < kMinDistress || *v > kMaxDistress)) {
      return refuse(R::DistressOutOfRange, std::string("distress ") + name + " must be between " +
                                               std::to_string(kMinDistress) + " and " +
                                               std::to_string(kMaxDistress));
    }
  }
  const TimePoint now = clock_->now();
  const TimePoint at = log.at.value_or(now);
  if (at > now + std::chrono::minutes{1}) {
    return refuse(R::TimeInFuture, "the practice time " + format_time(at) + " is in the future");
  }
  if (progress_.begun_at && at < local_midnight(local_date(*progress_.begun_at))) {
    return refuse(R::BeforeBegin, "the practice time " + format_time(at) +
                                      " is before you began the course (" +
                                      format_day(*progress_.begun_at) + ")");
  }
  auto mod =
      find_open_module(log.module.empty() ? std::to_string(progress_.current_week) : log.module);
  if (!mod) return mod.error();

  Event e = make(EventType::PracticeLogged, *mod);
  e.at = at;
  e.practice = practice_id;
  e.item = item_id;
  e.minutes = log.minutes;
  e.note = log.note;
  e.distress_before = log.distress_before;
  e.distress_after = log.distress_after;
  auto r = append({e});
  if (!r) return r.error();

  Outcome out = with_events(r.value());
  const Practice* p = course_->practice(practice_id);
  out.credit_minutes = p != nullptr ? credit_minutes(*course_, *p) : kMinLogMinutes;
  out.credited = log.minutes >= out.credit_minutes;
  PacingAdvice advice;
  advice.difficult = is_difficult(course_->pacing, log.distress_before, log.distress_after);
  advice.grounding_practice = course_->pacing.grounding_practice;
  if (const WeekProgress* w = progress_.module((*mod)->id)) {
    advice.suggest_slower = w->difficult_practices >= course_->pacing.repeats_in_week;
  }
  out.pacing = advice;
  return out;
}

// ---- journal ----------------------------------------------------------------------------------

Result<Outcome> Session::run(const cmd::WriteEntry& d) {
  if (blank(d.text)) return refuse(R::EmptyText, "the entry is empty");
  NewJournalEntry n;
  n.text = d.text;
  n.prompt = d.prompt;
  const Module* mod = nullptr;
  const Item* item = nullptr;
  if (d.item == kLetterOfLearningItem && course_->item(d.item) == nullptr) {
    // The letter of learning (completion.h): an entry for no course item, after the weeks.
    if (!d.module.empty() && d.module != kAfterModule)
      return refuse(R::WrongWeek, "the letter of learning belongs after the weeks, not to " +
                                      in_quotes(d.module));
    if (d.prompt < 0) return refuse(R::NoSuchPrompt, "prompt numbers start at 1");
    n.item = d.item;
    n.module = std::string(kAfterModule);
  } else if (!d.item.empty()) {
    item = course_->item(d.item, &mod);
    if (item == nullptr) {
      return refuse(R::NoSuchItem, "there is no item " + in_quotes(d.item) + " in this course");
    }
    if (!d.module.empty()) {
      const Module* given = course_->find_module(d.module);
      if (given == nullptr) return no_module(d.module);
      if (given != mod) {
        return refuse(R::WrongWeek, item->title + " belongs to " + week_label(*mod) + ", not " +
                                        week_label(*given));
      }
    }
    if (d.prompt < 0 || (item->kind == ItemKind::Reflection && !item->prompts.empty() &&
                         d.prompt >= static_cast<int>(item->prompts.size()))) {
      return refuse(R::NoSuchPrompt, item->title + " has " + std::to_string(item->prompts.size()) +
                                         " prompts; prompt " + std::to_string(d.prompt + 1) +
                                         " does not exist");
    }
    n.item = d.item;
  } else if (!d.module.empty()) {
    mod = course_->find_module(d.module);
    if (mod == nullptr) return no_module(d.module);
  } else if (progress_.begun) {
    mod = course_->week(progress_.current_week);
  }
  if (mod != nullptr) {
    if (!d.item.empty() || !d.module.empty()) {
      auto ok = open_module(mod);
      if (!ok) return ok.error();
    }
    n.module = mod->id;
    n.week = mod->number;
  }
  Outcome out;
  std::vector<Event> events;
  const bool reflects = item != nullptr && item->kind == ItemKind::Reflection;
  auto r = guard<bool>(store_.get(), [&] {
    store_->write([&] {
      out.entry = journal_->add(n, clock_->now());
      if (reflects) {
        Event e = make(EventType::Reflected, mod);
        e.item = item->id;
        e.entry_id = out.entry->id;
        events.push_back(e);
        store_->append(events);
      }
    });
    return true;
  });
  if (!r) return r.error();
  out.events = std::move(events);
  if (reflects) {
    auto f = refresh();
    if (!f) return f.error();
  }
  return out;
}

namespace {

// A refusal found inside a write transaction: thrown so that the transaction rolls back and
// nothing at all is written.
struct RefusedInside {
  Error error;
};

// Runs `fn` in one write transaction; a RefusedInside it throws becomes the result.
template <class F>
Result<Outcome> in_one_transaction(Store& store, F&& fn) {
  Outcome out;
  try {
    store.write([&] { out = fn(); });
  } catch (const RefusedInside& r) {
    return r.error;
  }
  return out;
}

// The entry `id` if it exists and is not in the trash; else throws the refusal.
JournalEntry editable(Journal& journal, std::int64_t id) {
  auto cur = journal.get(id);
  if (!cur)
    throw RefusedInside{refuse(R::NoSuchEntry, "there is no journal entry " + std::to_string(id))};
  if (cur->deleted_at) {
    throw RefusedInside{refuse(
        R::InTrash, "journal entry " + std::to_string(id) + " is in the trash; restore it first")};
  }
  return *cur;
}

}  // namespace

Result<Outcome> Session::run(const cmd::EditEntry& c) {
  if (blank(c.text)) {
    return refuse(R::EmptyText, "the new text is empty (to remove an entry, move it to the trash)");
  }
  return guard<Outcome>(store_.get(), [&]() -> Result<Outcome> {
    // The check and the save are one transaction: no other save can land between them.
    return in_one_transaction(*store_, [&] {
      const JournalEntry cur = editable(*journal_, c.id);
      Outcome o;
      if (c.base_revision && cur.revisions != *c.base_revision) {
        if (!c.keep_both) {
          throw RefusedInside{
              refuse(R::ChangedElsewhere, "journal entry " + std::to_string(c.id) +
                                              " was changed by another Kindly since it was opened; "
                                              "nothing was saved")};
        }
        o.other_revision = cur.revisions;
      }
      o.entry = journal_->edit(c.id, c.text, clock_->now());
      return o;
    });
  });
}

Result<Outcome> Session::run(const cmd::RestoreVersion& c) {
  return guard<Outcome>(store_.get(), [&]() -> Result<Outcome> {
    return in_one_transaction(*store_, [&] {
      const JournalEntry cur = editable(*journal_, c.id);
      const auto revs = journal_->revisions(c.id);
      const auto it = std::find_if(revs.begin(), revs.end(),
                                   [&](const JournalRevision& r) { return r.rev == c.rev; });
      if (it == revs.end()) {
        throw RefusedInside{refuse(
            R::NoSuchVersion,
            "journal entry " + std::to_string(c.id) + " has no version " + std::to_string(c.rev),
            "it has versions 1 to " + std::to_string(revs.empty() ? 0 : revs.back().rev) +
                " ('kindly journal versions " + std::to_string(c.id) + "' lists them)")};
      }
      if (it->text == cur.text) {
        throw RefusedInside{refuse(R::VersionIsCurrent,
                                   "version " + std::to_string(c.rev) + " of journal entry " +
                                       std::to_string(c.id) + " is its text now; nothing changed")};
      }
      Outcome o;
      o.entry = journal_->edit(c.id, it->text, clock_->now());
      o.restored_from = c.rev;
      return o;
    });
  });
}

Result<Outcome> Session::run(const cmd::TrashEntry& c) {
  return guard<Outcome>(store_.get(), [&]() -> Result<Outcome> {
    auto cur = journal_->get(c.id);
    if (!cur) return refuse(R::NoSuchEntry, "there is no journal entry " + std::to_string(c.id));
    if (cur->deleted_at) {
      return refuse(R::InTrash,
                    "journal entry " + std::to_string(c.id) + " is already in the trash");
    }
    journal_->trash(c.id, clock_->now());
    return with_entry(journal_->get(c.id));
  });
}

Result<Outcome> Session::run(const cmd::RestoreEntry& c) {
  return guard<Outcome>(store_.get(), [&]() -> Result<Outcome> {
    auto cur = journal_->get(c.id);
    if (!cur) return refuse(R::NoSuchEntry, "there is no journal entry " + std::to_string(c.id));
    if (!cur->deleted_at) {
      return refuse(R::NotInTrash,
                    "journal entry " + std::to_string(c.id) + " is not in the trash");
    }
    journal_->restore(c.id);
    return with_entry(journal_->get(c.id));
  });
}

Result<Outcome> Session::run(const cmd::EmptyTrash& c) {
  return guard<Outcome>(store_.get(), [&]() -> Result<Outcome> {
    const auto n = journal_->count({JournalFilter::Trash::Only, {}, {}});
    if (!c.confirmed) {
      return refuse(R::NeedsConfirmation, "emptying the trash removes " + std::to_string(n) +
                                              " entries for good and needs your explicit "
                                              "confirmation");
    }
    Outcome o;
    o.removed = journal_->empty_trash();
    return o;
  });
}

// ---- pausing ----------------------------------------------------------------------------------

Result<Outcome> Session::run(const cmd::Pause& c) {
  if (!progress_.begun) {
    return refuse(R::NotBegun, "you have not begun the course yet, so there is nothing to pause");
  }
  if (progress_.paused) {
    return refuse(R::AlreadyPaused,
                  "the course has been resting since " + format_day(*progress_.paused_at),
                  "resume it when you are ready");
  }
  Event e = make(EventType::CoursePaused, nullptr);
  e.reason = c.reason;
  auto r = append({e});
  if (!r) return r.error();
  return with_events(r.value());
}

Result<Outcome> Session::run(const cmd::Resume&) {
  if (!progress_.paused) return refuse(R::NotPaused, "the course is not paused");
  auto r = append({make(EventType::CourseResumed, nullptr)});
  if (!r) return r.error();
  return with_events(r.value());
}

// ---- queries ----------------------------------------------------------------------------------

Result<std::vector<JournalEntry>> Session::journal_list(const JournalFilter& filter) {
  return guard<std::vector<JournalEntry>>(store_.get(), [&] { return journal_->list(filter); });
}

Result<JournalDetail> Session::journal_show(std::int64_t id) {
  return guard<JournalDetail>(store_.get(), [&]() -> Result<JournalDetail> {
    auto e = journal_->get(id);
    if (!e) return refuse(R::NoSuchEntry, "there is no journal entry " + std::to_string(id));
    return JournalDetail{*e, journal_->revisions(id)};
  });
}

Result<std::vector<SearchHit>> Session::journal_search(const std::string& query, int limit) {
  if (query.find_first_not_of(" \t\r\n*\"") == std::string::npos) {
    return refuse(R::EmptySearch, "give some words to search for");
  }
  return guard<std::vector<SearchHit>>(store_.get(),
                                       [&] { return journal_->search(query, limit); });
}

const std::vector<std::string>& Session::warnings() const {
  return store_->info().warnings;
}

namespace {

std::optional<SavedSafetyPlan> latest_safety_plan(const std::vector<Event>& events) {
  return latest_note<SavedSafetyPlan>(events, EventType::SafetyPlanSaved, safety_plan_from_json);
}

}  // namespace

Result<std::optional<SavedSafetyPlan>> Session::safety_plan() {
  auto r = refresh();
  if (!r) return r.error();
  return latest_safety_plan(events_);
}

Result<Outcome> Session::run(const cmd::SaveSafetyPlan& c) {
  const std::optional<SavedSafetyPlan> now = latest_safety_plan(events_);
  const std::int64_t latest = now ? now->seq : 0;
  if (c.base_seq && *c.base_seq != latest) {
    return refuse(R::ChangedElsewhere,
                  "your safety plan was saved by another Kindly since you opened it",
                  "both versions are kept: open it again to see the newer one");
  }
  Event e = make(EventType::SafetyPlanSaved, nullptr);
  e.note = safety_plan_to_json(c.plan);
  auto r = append({e});
  if (!r) return r.error();
  Outcome o = with_events(r.value());
  o.safety_plan = latest_safety_plan(events_);
  return o;
}

Result<std::vector<Event>> Session::history() {
  auto r = refresh();
  if (!r) return r.error();
  return events_;
}

// ---- the data folder as files -------------------------------------------------------------

Result<data_ops::ExportSummary> Session::export_full(const fs::path& out) {
  return data_ops::export_full(*store_, out, {course_->id, course_->version});
}

Result<BackupInfo> Session::backup(const fs::path& out) {
  return data_ops::backup_to(*store_, out);
}

}  // namespace kindly
