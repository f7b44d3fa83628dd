// The fold: (course, events, now) -> Progress.
//
// Sections: the transition table · time (gates, fold time) · builder state · items and
// weeks · gates (unlocking) · applying events · snapshots · look-ups.
#include "kindly/progress.h"

#include "kindly/gates.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace kindly {

// ---- the transition table ---------------------------------------------------------------

namespace {

using S = WeekState;
// kTransitions[state][trigger]. Rows: Locked, Available, InProgress, Completed.
// Columns: Unlock, Start, RequiredMet, RequiredUnmet.
constexpr std::array<std::array<WeekState, 4>, 4> kTransitions{{
    //           Unlock         Start          RequiredMet    RequiredUnmet
    /*Locked*/ {{S::Available, S::Locked, S::Locked, S::Locked}},
    /*Avail.*/ {{S::Available, S::InProgress, S::Available, S::Available}},
    /*InProg*/ {{S::InProgress, S::InProgress, S::Completed, S::InProgress}},
    /*Compl.*/ {{S::Completed, S::Completed, S::Completed, S::InProgress}},
}};

}  // namespace

WeekState transition(WeekState from, WeekTrigger trigger) {
  return kTransitions[static_cast<std::size_t>(from)][static_cast<std::size_t>(trigger)];
}

const char* to_string(WeekState s) {
  switch (s) {
    case WeekState::Locked:
      return "locked";
    case WeekState::Available:
      return "available";
    case WeekState::InProgress:
      return "in_progress";
    case WeekState::Completed:
      return "completed";
  }
  return "?";
}

const char* to_string(WeekTrigger t) {
  switch (t) {
    case WeekTrigger::Unlock:
      return "unlock";
    case WeekTrigger::Start:
      return "start";
    case WeekTrigger::RequiredMet:
      return "required_met";
    case WeekTrigger::RequiredUnmet:
      return "required_unmet";
  }
  return "?";
}

const char* to_string(LockReason r) {
  switch (r) {
    case LockReason::None:
      return "none";
    case LockReason::NotBegun:
      return "not_begun";
    case LockReason::PreviousLocked:
      return "previous_locked";
    case LockReason::PreviousNotStarted:
      return "previous_not_started";
    case LockReason::TimeGate:
      return "time_gate";
    case LockReason::RequiredItems:
      return "required_items";
    case LockReason::Paused:
      return "paused";
  }
  return "?";
}

// ---- time (gates, fold time) ------------------------------------------------------------

FoldTime fold_time(TimePoint now, std::optional<TimePoint> latest) {
  if (!latest || *latest <= now) return {now, false};
  if (*latest - now > kClockSlack) return {now, true};
  return {*latest, false};
}

LocalDate start_day(TimePoint start, std::optional<int> utc_offset) {
  return utc_offset ? date_at_offset(start, *utc_offset) : local_date(start);
}

TimePoint week_gate(TimePoint start, std::optional<int> utc_offset, int min_days) {
  if (min_days <= 0) return start;
  const LocalDate day = add_days(start_day(start, utc_offset), min_days);
  if (!utc_offset || utc_offset_seconds(start) == *utc_offset) return local_midnight(day);
  return midnight_at_offset(day, *utc_offset);
}

// ---- builder state ----------------------------------------------------------------------

namespace {

struct ItemState {
  bool ticked = false;
  int sessions = 0;
  int credited = 0;  // sessions long enough to count (gating.practice_credit)
  int minutes = 0;
  int qualifying_days = 0;  // homework with a practice target: days with enough minutes
  std::vector<int> answers;
  std::optional<TimePoint> answered_at;
  int journal = 0;
  bool done = false;
  std::optional<TimePoint> done_at;
};

struct ModState {
  const Module* mod = nullptr;
  WeekState state = WeekState::Locked;
  std::optional<TimePoint> unlocked_at, started_at, completed_at;
  TimePoint gate_at{};                 // the next week's time gate (set when started)
  std::optional<int> start_offset;     // the starting event's utc_offset
  int pause_days = 0;                  // days pauses added to the next week's time gate
  std::optional<TimePoint> met_since;  // required items all done since
  bool moved_on = false;
  std::optional<TimePoint> moved_on_at;
  std::string reason;
  int minutes = 0, sessions = 0, difficult = 0;
  int required_done = 0, required_total = 0;
  std::vector<ItemState> items;
  std::unordered_map<std::string, std::vector<int>> by_practice;  // practice id -> items
};

}  // namespace

struct ProgressBuilder::State {
  const Course* course = nullptr;
  std::vector<ModState> mods;   // course order
  std::vector<int> week_index;  // week number - 1 -> index in mods
  std::unordered_map<std::string, int> mod_by_id;
  std::unordered_map<std::string, std::pair<int, int>> item_by_id;
  int first_locked = 0;  // index into week_index of the first locked week

  bool begun = false;
  std::optional<TimePoint> begun_at;
  std::string course_id, course_version;
  bool any = false;
  TimePoint hw{};  // effective now: max recorded_at so far
  // Each forward step of hw by more than kClockSlack: (hw before, hw after). A long absence
  // or a clock that ran ahead; a later time more than kClockSlack behind tells which.
  std::vector<std::pair<TimePoint, TimePoint>> jumps;
  std::vector<Orphan> orphans;
  std::map<LocalDate, DayMinutes> days;
  // Minutes per local day for each homework item with a practice target, by (module, item).
  // Kept out of ModState so that snapshots copy only what time can change.
  std::vector<std::vector<std::map<LocalDate, int>>> homework_days;
  int total_minutes = 0, total_sessions = 0;
  std::optional<TimePoint> last_practice_at;
  std::int64_t count = 0;
  // The course is paused since (cmd::Pause), and the user's words.
  std::optional<TimePoint> paused_since;
  std::string paused_reason;

  // ---- items and weeks ----
  void evaluate_item(const Item& it, ItemState& s, int* have, int* need) const;
  void update_module(int mi, TimePoint t);
  // ---- gates ----
  void unlock(int mi, TimePoint t);
  void force_unlock(int mi, TimePoint t);
  void touch(int mi, TimePoint t, std::optional<int> offset);
  void recover(TimePoint t);
  bool items_ok(const ModState& m) const;
  void advance(TimePoint t);
  void resume(TimePoint t);
  // ---- events ----
  void apply(const Event& e);
  void practice(const Event& e, TimePoint t);
  void orphan(const Event& e, const char* kind, const std::string& id);
  Progress snapshot(TimePoint now, const std::string& open_through) const;
};

// ---- items and weeks ----------------------------------------------------------------------

void ProgressBuilder::State::evaluate_item(const Item& it, ItemState& s, int* have,
                                           int* need) const {
  int h = 0, n = 1;
  bool done = s.ticked;
  switch (it.kind) {
    case ItemKind::Reading:
      break;
    case ItemKind::Meditation:
    case ItemKind::Informal:
      done = done || s.credited > 0;
      break;
    case ItemKind::Reflection:
      done = done || s.journal > 0;
      break;
    case ItemKind::Checkin:
      done = done || !s.answers.empty();
      break;
    case ItemKind::Homework:
      if (it.target && it.target->type == HomeworkTarget::Type::PracticeDays) {
        n = std::max(1, it.target->days);
        h = s.qualifying_days;
        done = done || h >= n;
        if (have != nullptr) *have = h;
        if (need != nullptr) *need = n;
        s.done = done;
        return;
      }
      break;
  }
  h = done ? 1 : 0;
  if (have != nullptr) *have = h;
  if (need != nullptr) *need = n;
  s.done = done;
}

// Re-evaluates the module's items after an event at time t and fires RequiredMet/Unmet.
void ProgressBuilder::State::update_module(int mi, TimePoint t) {
  ModState& m = mods[static_cast<std::size_t>(mi)];
  int done = 0;
  for (std::size_t i = 0; i < m.items.size(); ++i) {
    const Item& it = m.mod->items[i];
    ItemState& s = m.items[i];
    const bool was = s.done;
    evaluate_item(it, s, nullptr, nullptr);
    if (s.done && !was) s.done_at = t;
    if (!s.done) s.done_at.reset();
    if (it.required && s.done) ++done;
  }
  m.required_done = done;
  const bool met = done == m.required_total;
  if (met && !m.met_since) m.met_since = t;
  if (!met) m.met_since.reset();
  const WeekState before = m.state;
  m.state = transition(m.state, met ? WeekTrigger::RequiredMet : WeekTrigger::RequiredUnmet);
  if (m.state == WeekState::Completed && before != WeekState::Completed) m.completed_at = t;
  if (m.state != WeekState::Completed) m.completed_at.reset();
}

// ---- gates (unlocking) ----------------------------------------------------------------------

void ProgressBuilder::State::unlock(int mi, TimePoint t) {
  ModState& m = mods[static_cast<std::size_t>(mi)];
  if (m.state != WeekState::Locked) return;
  m.state = transition(m.state, WeekTrigger::Unlock);
  m.unlocked_at = t;
  if (!m.mod->optional) {
    // Optional modules open with the week they follow.
    for (std::size_t j = 0; j < mods.size(); ++j) {
      if (mods[j].mod->optional && mods[j].mod->after_week == m.mod->number) {
        unlock(static_cast<int>(j), t);
      }
    }
    while (
        first_locked < static_cast<int>(week_index.size()) &&
        mods[static_cast<std::size_t>(week_index[static_cast<std::size_t>(first_locked)])].state !=
            WeekState::Locked) {
      ++first_locked;
    }
  }
}

// Evidence that a module was open (something was recorded in it): it opens, with every
// earlier week, so that no week is open while an earlier one is locked.
void ProgressBuilder::State::force_unlock(int mi, TimePoint t) {
  const Module& mod = *mods[static_cast<std::size_t>(mi)].mod;
  const int upto = mod.optional ? mod.after_week : mod.number;
  for (int w = 1; w <= upto && w <= static_cast<int>(week_index.size()); ++w) {
    unlock(week_index[static_cast<std::size_t>(w - 1)], t);
  }
  unlock(mi, t);
}

// Something was done in module mi at time t: it opens if it had to, and starts.
// `offset` is the event's recorded zone: the gate is fixed here, once (week_gate()).
void ProgressBuilder::State::touch(int mi, TimePoint t, std::optional<int> offset) {
  ModState& m = mods[static_cast<std::size_t>(mi)];
  if (m.state == WeekState::Locked) force_unlock(mi, t);
  m.state = transition(m.state, WeekTrigger::Start);
  if (!m.started_at) {
    m.started_at = t;
    m.start_offset = offset;
    m.gate_at = week_gate(t, offset, m.mod->min_days + m.pause_days);
  }
}

// An event recorded at t, more than kClockSlack before an earlier one: the clock had run
// ahead. A week started after t (by that clock) is read as started at the last time recorded
// before the clock jumped (r; t if it crept ahead instead), so a week started "in 2100" gates
// from r, not from 2100 (and not for ever). Nothing else is moved: what opened stays open,
// and the other recorded times stay as the log has them.
void ProgressBuilder::State::recover(TimePoint t) {
  TimePoint r = t;
  for (const auto& [before, after] : jumps) {
    if (after > t + kClockSlack) {
      r = std::min(before, t);
      break;
    }
  }
  std::erase_if(jumps, [t](const auto& j) { return j.second > t; });
  for (ModState& m : mods) {
    if (m.started_at && *m.started_at > t) {
      m.started_at = r;
      m.gate_at = week_gate(r, m.start_offset, m.mod->min_days + m.pause_days);
    }
  }
}

bool ProgressBuilder::State::items_ok(const ModState& m) const {
  return !course->gating.require_items || m.met_since.has_value() ||
         (m.moved_on && course->gating.allow_move_on);
}

// Opens every week whose gate holds at time t (weeks open in order, one after another).
void ProgressBuilder::State::advance(TimePoint t) {
  if (!begun) return;
  while (first_locked > 0 && first_locked < static_cast<int>(week_index.size())) {
    const ModState& prev =
        mods[static_cast<std::size_t>(week_index[static_cast<std::size_t>(first_locked - 1)])];
    if (!prev.started_at || t < prev.gate_at || !items_ok(prev)) return;
    // Paused: a time gate that had not passed when the pause began waits for the resume.
    if (paused_since && prev.gate_at > *paused_since) return;
    // The instant the gate opened: the time gate, or when the items condition was met.
    TimePoint at = prev.gate_at;
    if (course->gating.require_items) {
      std::optional<TimePoint> since;
      if (prev.met_since) since = prev.met_since;
      if (prev.moved_on && course->gating.allow_move_on && prev.moved_on_at &&
          (!since || *prev.moved_on_at < *since)) {
        since = prev.moved_on_at;
      }
      if (since && *since > at) at = *since;
    }
    if (at > t) at = t;
    unlock(week_index[static_cast<std::size_t>(first_locked)], at);
  }
}

// The course resumes at t after a pause: every time gate the pause held moves later by the
// pause's length in whole days (nearest; a pause of a few minutes moves nothing), counted from
// when its week started if that was during the pause.
void ProgressBuilder::State::resume(TimePoint t) {
  const TimePoint since = *paused_since;
  paused_since.reset();
  paused_reason.clear();
  for (ModState& m : mods) {
    if (!m.started_at || m.gate_at <= since) continue;
    const TimePoint from = std::max(since, *m.started_at);
    if (t <= from) continue;
    const auto held = std::chrono::duration_cast<std::chrono::seconds>(t - from).count();
    const int days = static_cast<int>((held + 43200) / 86400);
    if (days == 0) continue;
    m.pause_days += days;
    m.gate_at = week_gate(*m.started_at, m.start_offset, m.mod->min_days + m.pause_days);
  }
}

// ---- applying events ------------------------------------------------------------------------

void ProgressBuilder::State::orphan(const Event& e, const char* kind, const std::string& id) {
  orphans.push_back({e.seq, e.type, kind, id, e.recorded_at});
}

void ProgressBuilder::State::practice(const Event& e, TimePoint t) {
  // Stats count every practice, whatever the course says now.
  total_minutes += e.minutes;
  ++total_sessions;
  const LocalDate day = local_date(e.at);
  auto [it, inserted] = days.try_emplace(day, DayMinutes{day, 0, 0});
  it->second.minutes += e.minutes;
  ++it->second.sessions;
  if (!last_practice_at || e.at > *last_practice_at) last_practice_at = e.at;

  const bool known_practice = course->practice(e.practice) != nullptr;
  auto mit = mod_by_id.find(e.module);
  if (mit == mod_by_id.end()) {
    orphan(e, "module", e.module);
    if (!known_practice) orphan(e, "practice", e.practice);
    return;
  }
  if (!known_practice) orphan(e, "practice", e.practice);
  const int mi = mit->second;
  touch(mi, t, e.utc_offset);
  ModState& m = mods[static_cast<std::size_t>(mi)];
  m.minutes += e.minutes;
  ++m.sessions;
  if (is_difficult(course->pacing, e.distress_before, e.distress_after)) ++m.difficult;
  std::vector<int> targets;
  if (auto pit = m.by_practice.find(e.practice); pit != m.by_practice.end()) targets = pit->second;
  if (!e.item.empty()) {
    // Logged for a specific item of this module: it counts for that item too.
    for (std::size_t i = 0; i < m.mod->items.size(); ++i) {
      if (m.mod->items[i].id == e.item &&
          std::find(targets.begin(), targets.end(), static_cast<int>(i)) == targets.end()) {
        targets.push_back(static_cast<int>(i));
      }
    }
  }
  for (int i : targets) {
    ItemState& s = m.items[static_cast<std::size_t>(i)];
    ++s.sessions;
    s.minutes += e.minutes;
    const Item& item = m.mod->items[static_cast<std::size_t>(i)];
    if (const Practice* pr = course->practice(e.practice);
        pr == nullptr || e.minutes >= credit_minutes(*course, *pr)) {
      ++s.credited;
    }
    if (item.kind == ItemKind::Homework && item.target) {
      const int min_minutes = std::max(1, item.target->minutes_per_day);
      int& on_day = homework_days[static_cast<std::size_t>(mi)][static_cast<std::size_t>(i)][day];
      const bool was = on_day >= min_minutes;
      on_day += e.minutes;
      if (!was && on_day >= min_minutes) ++s.qualifying_days;
    }
  }
  update_module(mi, t);
}

void ProgressBuilder::State::apply(const Event& e) {
  ++count;
  if (!any || e.recorded_at > hw) {
    if (any && e.recorded_at - hw > kClockSlack) jumps.emplace_back(hw, e.recorded_at);
    hw = e.recorded_at;
  } else if (hw - e.recorded_at > kClockSlack) {
    // Recorded by a clock that ran ahead: go on from this event's time (see recover()).
    hw = e.recorded_at;
    recover(hw);
  }
  any = true;
  const TimePoint t = hw;
  advance(t);  // the gates as they stood just before this event

  switch (e.type) {
    case EventType::Begun:
      if (!begun) {
        begun = true;
        begun_at = t;
        course_id = e.course_id;
        course_version = e.course_version;
        if (!week_index.empty()) unlock(week_index[0], t);
        for (std::size_t j = 0; j < mods.size(); ++j) {
          if (mods[j].mod->optional && mods[j].mod->after_week == 0) {
            unlock(static_cast<int>(j), t);
          }
        }
      }
      break;
    case EventType::WeekStarted:
    case EventType::MovedOn: {
      auto mit = mod_by_id.find(e.module);
      if (mit == mod_by_id.end()) {
        orphan(e, "module", e.module);
        break;
      }
      touch(mit->second, t, e.utc_offset);
      if (e.type == EventType::MovedOn) {
        ModState& m = mods[static_cast<std::size_t>(mit->second)];
        if (!m.moved_on) m.moved_on_at = t;
        m.moved_on = true;
        m.reason = e.reason;
      }
      update_module(mit->second, t);
      break;
    }
    case EventType::PracticeLogged:
      practice(e, t);
      break;
    case EventType::CoursePaused:
      if (begun && !paused_since) {
        paused_since = t;
        paused_reason = e.reason;
      }
      break;
    case EventType::CourseResumed:
      if (paused_since) resume(t);
      break;
    case EventType::SafetyPlanSaved:
    case EventType::PracticePlanSaved:
      break;  // the user's own documents: no part of the course's progress
    case EventType::MeasureAnswered:
    case EventType::MeasureSkipped:
      break;  // measures never gate weeks (measures.h reads them from the log)
    case EventType::ItemDone:
    case EventType::ItemUndone:
    case EventType::CheckinAnswered:
    case EventType::Reflected: {
      auto iit = item_by_id.find(e.item);
      if (iit == item_by_id.end()) {
        orphan(e, "item", e.item);
        break;
      }
      const auto [mi, ii] = iit->second;
      touch(mi, t, e.utc_offset);
      ItemState& s = mods[static_cast<std::size_t>(mi)].items[static_cast<std::size_t>(ii)];
      if (e.type == EventType::ItemDone) s.ticked = true;
      if (e.type == EventType::ItemUndone) s.ticked = false;
      if (e.type == EventType::CheckinAnswered) {
        s.answers = e.answers;
        s.answered_at = t;
      }
      if (e.type == EventType::Reflected) ++s.journal;
      update_module(mi, t);
      break;
    }
  }
  advance(t);
}

ProgressBuilder::ProgressBuilder(const Course& course) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.course = &course;
  s.mods.reserve(course.modules.size());
  for (const Module& mod : course.modules) {
    ModState m;
    m.mod = &mod;
    m.items.resize(mod.items.size());
    for (std::size_t i = 0; i < mod.items.size(); ++i) {
      const Item& it = mod.items[i];
      if (it.required) ++m.required_total;
      if ((it.kind == ItemKind::Meditation || it.kind == ItemKind::Informal) &&
          !it.practice.empty()) {
        m.by_practice[it.practice].push_back(static_cast<int>(i));
      }
      if (it.kind == ItemKind::Homework && it.target &&
          it.target->type == HomeworkTarget::Type::PracticeDays) {
        m.by_practice[it.target->practice].push_back(static_cast<int>(i));
      }
      s.item_by_id.emplace(it.id,
                           std::make_pair(static_cast<int>(s.mods.size()), static_cast<int>(i)));
    }
    if (m.required_total == 0) m.met_since = TimePoint{};
    s.homework_days.emplace_back(mod.items.size());
    s.mod_by_id.emplace(mod.id, static_cast<int>(s.mods.size()));
    s.mods.push_back(std::move(m));
  }
  std::vector<std::pair<int, int>> weeks;  // (number, index)
  for (std::size_t j = 0; j < s.mods.size(); ++j) {
    if (!s.mods[j].mod->optional) weeks.emplace_back(s.mods[j].mod->number, static_cast<int>(j));
  }
  std::sort(weeks.begin(), weeks.end());
  for (const auto& [number, index] : weeks) s.week_index.push_back(index);
}

ProgressBuilder::~ProgressBuilder() = default;
ProgressBuilder::ProgressBuilder(ProgressBuilder&&) noexcept = default;
ProgressBuilder& ProgressBuilder::operator=(ProgressBuilder&&) noexcept = default;

void ProgressBuilder::apply(const Event& e) {
  s_->apply(e);
}

// ---- snapshots --------------------------------------------------------------------------------

namespace {

std::map<std::string, double> checkin_scores(const Item& it, const std::vector<int>& answers) {
  std::map<std::string, double> out;
  if (!it.checkin || answers.empty()) return out;
  std::map<std::string, std::pair<double, int>> sums;
  const auto& qs = it.checkin->questions;
  for (std::size_t i = 0; i < qs.size() && i < answers.size(); ++i) {
    int v = answers[i];
    if (qs[i].reverse) v = it.checkin->scale_min + it.checkin->scale_max - v;
    auto& [sum, n] = sums[qs[i].subscale];
    sum += v;
    ++n;
  }
  for (const auto& [name, sn] : sums) out[name] = sn.first / sn.second;
  return out;
}

}  // namespace

Progress ProgressBuilder::snapshot(TimePoint now) const {
  return s_->snapshot(now, {});
}

Progress ProgressBuilder::snapshot(TimePoint now, const std::string& open_through) const {
  return s_->snapshot(now, open_through);
}

// Long because it builds the whole Progress value in one pass, in the order of its fields
// (weeks, their gates, optional modules, the current week, the 7-day stats); each part reads
// the state the previous one computed, so splitting it would pass most of it around.
Progress ProgressBuilder::State::snapshot(TimePoint now, const std::string& open_through) const {
  // Only the modules and the lock cursor change when time moves on; copy those.
  State g;
  g.course = course;
  g.mods = mods;
  g.week_index = week_index;
  g.first_locked = first_locked;
  g.begun = begun;
  g.paused_since = paused_since;
  const FoldTime when = fold_time(now, any ? std::optional<TimePoint>(hw) : std::nullopt);
  const TimePoint T = when.at;
  if (auto it = mod_by_id.find(open_through); begun && it != mod_by_id.end()) {
    g.force_unlock(it->second, T);  // seen open by an earlier run: it stays open
  }
  g.advance(T);

  Progress p;
  p.begun = begun;
  p.begun_at = begun_at;
  p.begun_course_id = course_id;
  p.begun_course_version = course_version;
  p.now = T;
  p.clock_was_ahead = when.clock_was_ahead;
  p.orphans = orphans;
  p.event_count = count;
  p.paused = paused_since.has_value();
  p.paused_at = paused_since;
  p.paused_reason = paused_reason;

  auto build = [&](const ModState& m) {
    WeekProgress w;
    const Module& mod = *m.mod;
    w.id = mod.id;
    w.number = mod.number;
    w.optional = mod.optional;
    w.after_week = mod.after_week;
    w.title = mod.title;
    w.theme = mod.theme;
    w.min_days = mod.min_days;
    w.paused_days = m.pause_days;
    w.state = m.state;
    w.unlocked_at = m.unlocked_at;
    w.started_at = m.started_at;
    if (m.started_at) w.started_day = start_day(*m.started_at, m.start_offset);
    w.completed_at = m.completed_at;
    w.moved_on = m.moved_on;
    w.moved_on_reason = m.reason;
    w.required_done = m.required_done;
    w.required_total = m.required_total;
    w.practice_minutes = m.minutes;
    w.practice_sessions = m.sessions;
    w.difficult_practices = m.difficult;
    for (std::size_t i = 0; i < mod.items.size(); ++i) {
      const Item& it = mod.items[i];
      ItemState s = m.items[i];
      ItemProgress ip;
      ip.id = it.id;
      ip.kind = it.kind;
      ip.title = it.title;
      ip.required = it.required;
      evaluate_item(it, s, &ip.have, &ip.need);
      ip.done = s.done;
      ip.ticked = s.ticked;
      ip.done_at = s.done_at;
      ip.practice_minutes = s.minutes;
      ip.sessions = s.sessions;
      ip.journal_entries = s.journal;
      ip.answers = s.answers;
      ip.answered_at = s.answered_at;
      ip.scores = checkin_scores(it, s.answers);
      w.items.push_back(std::move(ip));
    }
    return w;
  };

  for (std::size_t k = 0; k < g.week_index.size(); ++k) {
    const ModState& m = g.mods[static_cast<std::size_t>(g.week_index[k])];
    WeekProgress w = build(m);
    if (m.state == WeekState::Locked) {
      if (!begun) {
        w.lock_reason = LockReason::NotBegun;
      } else if (k > 0) {
        const ModState& prev = g.mods[static_cast<std::size_t>(g.week_index[k - 1])];
        if (prev.state == WeekState::Locked) {
          w.lock_reason = LockReason::PreviousLocked;
        } else if (!prev.started_at) {
          w.lock_reason = LockReason::PreviousNotStarted;
        } else {
          w.unlocks_at = prev.gate_at;
          w.lock_reason = T < prev.gate_at ? LockReason::TimeGate : LockReason::RequiredItems;
          if (g.paused_since && prev.gate_at > *g.paused_since) {
            // Held by the pause: when it opens depends on when the user resumes.
            w.lock_reason = LockReason::Paused;
            const TimePoint from = std::max(*g.paused_since, *prev.started_at);
            const auto left =
                std::chrono::duration_cast<std::chrono::seconds>(prev.gate_at - from).count();
            w.wait_days_left = static_cast<int>((left + 86399) / 86400);
            w.unlocks_at.reset();
          }
        }
      }
    }
    p.weeks.push_back(std::move(w));
  }
  for (const ModState& m : g.mods) {
    if (!m.mod->optional) continue;
    WeekProgress w = build(m);
    if (m.state == WeekState::Locked) {
      w.lock_reason = begun ? LockReason::PreviousLocked : LockReason::NotBegun;
    }
    p.modules.push_back(std::move(w));
  }

  if (begun) {
    p.current_week = 1;
    for (const WeekProgress& w : p.weeks) {
      if (w.started_at) p.current_week = std::max(p.current_week, w.number);
    }
    if (p.current_week < static_cast<int>(p.weeks.size())) p.next_week = p.current_week + 1;
    if (const WeekProgress* cw = p.week(p.current_week)) {
      p.suggest_slower = cw->difficult_practices >= course->pacing.repeats_in_week;
    }
  }

  // One sentence per locked week, worded in one place (gates.h) from the same gate values.
  for (auto* list : {&p.weeks, &p.modules}) {
    for (WeekProgress& w : *list) {
      if (w.state == WeekState::Locked)
        w.locked_reason = describe_lock(*course, why_locked(*course, p, w.id));
    }
  }

  const LocalDate today = local_date(T);
  for (int d = 6; d >= 0; --d) {
    const LocalDate day = add_days(today, -d);
    auto it = days.find(day);
    DayMinutes dm = it != days.end() ? it->second : DayMinutes{day, 0, 0};
    if (dm.sessions > 0) ++p.stats.days_practised_last_7;
    p.stats.last_7_days.push_back(dm);
  }
  p.stats.total_minutes = total_minutes;
  p.stats.total_sessions = total_sessions;
  p.stats.total_days = static_cast<int>(days.size());
  p.stats.last_practice_at = last_practice_at;
  return p;
}

Progress fold(const Course& course, const std::vector<Event>& events, TimePoint now) {
  ProgressBuilder b(course);
  for (const Event& e : events) b.apply(e);
  return b.snapshot(now);
}

// ---- look-ups -----------------------------------------------------------------------------------

const WeekProgress* Progress::week(int number) const {
  if (number < 1 || number > static_cast<int>(weeks.size())) return nullptr;
  return &weeks[static_cast<std::size_t>(number - 1)];
}

const WeekProgress* Progress::module(const std::string& id) const {
  for (const auto& w : weeks) {
    if (w.id == id) return &w;
  }
  for (const auto& w : modules) {
    if (w.id == id) return &w;
  }
  return nullptr;
}

const ItemProgress* Progress::item(const std::string& id, const WeekProgress** in) const {
  for (const auto* list : {&weeks, &modules}) {
    for (const auto& w : *list) {
      for (const auto& it : w.items) {
        if (it.id == id) {
          if (in != nullptr) *in = &w;
          return &it;
        }
      }
    }
  }
  return nullptr;
}

}  // namespace kindly
