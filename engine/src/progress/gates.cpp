// Gates: queries beside the transition table (see gates.h). Pure over (course, progress).
#include "kindly/gates.h"

#include <algorithm>
#include <cmath>

#include "kindly/command.h"

namespace kindly {
namespace {

// The module a locked one waits on: the week before, or the week an optional module follows.
const WeekProgress* waits_on(const Progress& p, const WeekProgress& w) {
  if (w.optional) return w.after_week > 0 ? p.week(w.after_week) : nullptr;
  return w.number > 1 ? p.week(w.number - 1) : nullptr;
}

std::vector<std::string> core_items_not_done(const WeekProgress& w) {
  std::vector<std::string> out;
  for (const ItemProgress& ip : w.items) {
    if (ip.required && !ip.done) out.push_back(ip.id);
  }
  return out;
}

std::string titles(const Course& c, const std::vector<std::string>& ids) {
  std::string s;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Item* it = c.item(ids[i]);
    if (i > 0) s += i + 1 == ids.size() ? " and " : ", ";
    s += it != nullptr ? it->title : ids[i];
  }
  return s;
}

}  // namespace

LockExplanation why_locked(const Course& course, const Progress& progress,
                           const std::string& module) {
  LockExplanation why;
  why.module = module;
  const WeekProgress* w = progress.module(module);
  if (w == nullptr || w->state != WeekState::Locked) return why;
  why.gate = w->lock_reason;
  why.until = w->unlocks_at;
  why.wait_days_left = w->wait_days_left;
  if (const WeekProgress* prev = waits_on(progress, *w)) {
    why.waits_for = prev->id;
    why.waits_for_started = prev->started_day;
    if (!w->optional && course.gating.require_items && !prev->moved_on) {
      why.missing_items = core_items_not_done(*prev);
    }
    why.can_move_on = !w->optional && can_move_on(course, progress, prev->id).allowed;
  }
  return why;
}

std::string describe_lock(const Course& course, const LockExplanation& why) {
  if (why.gate == LockReason::None) return {};
  const Module* m = course.module(why.module);
  const std::string me = m == nullptr  ? why.module
                         : m->optional ? m->title
                                       : "Week " + std::to_string(m->number);
  const Module* prev = course.module(why.waits_for);
  const std::string pn = prev == nullptr  ? std::string("the week before")
                         : prev->optional ? prev->title
                                          : "week " + std::to_string(prev->number);
  const std::string todo = titles(course, why.missing_items);
  switch (why.gate) {
    case LockReason::None:
      return {};
    case LockReason::NotBegun:
      return me + " opens once you begin the course";
    case LockReason::PreviousLocked:
      if (m != nullptr && m->optional) return me + " opens with " + pn;
      return me + " opens after " + pn + ", which is not open yet";
    case LockReason::PreviousNotStarted:
      return me + " opens a while after you start " + pn;
    case LockReason::TimeGate: {
      std::string s = me + " opens on " + (why.until ? format_day(*why.until) : "a later day");
      if (why.waits_for_started)
        s += ": " + pn + " was started on " + format_day(*why.waits_for_started);
      if (!todo.empty())
        s +=
            ", and " + todo + " " + (why.missing_items.size() == 1 ? "is" : "are") + " still to do";
      return s;
    }
    case LockReason::Paused: {
      std::string s = me + " waits while the course is resting";
      if (why.wait_days_left > 0) {
        const int d = why.wait_days_left;
        s += ": it opens " + std::to_string(d) + (d == 1 ? " day" : " days") + " after you resume";
      }
      if (!todo.empty())
        s += ", once " + todo + " " + (why.missing_items.size() == 1 ? "is" : "are") + " done";
      return s;
    }
    case LockReason::RequiredItems: {
      std::string s = me + " opens when " + todo + " in " + pn + " " +
                      (why.missing_items.size() == 1 ? "is" : "are") + " done";
      if (why.can_move_on) s += ", or when you choose to move on";
      return s;
    }
  }
  return {};
}

MoveOnCheck can_move_on(const Course& course, const Progress& progress, const std::string& from) {
  MoveOnCheck c;
  auto no = [&](RefusalCode why) {
    c.allowed = false;
    c.why = why;
    return c;
  };
  if (!progress.begun) return no(RefusalCode::NotBegun);
  const WeekProgress* w =
      from.empty() ? progress.week(progress.current_week) : progress.module(from);
  if (w == nullptr) return no(RefusalCode::NoSuchModule);
  c.from = w->id;
  if (!course.gating.allow_move_on) return no(RefusalCode::MoveOnNotAllowed);
  if (w->optional || w->number != progress.current_week) return no(RefusalCode::NotCurrentWeek);
  const WeekProgress* next = progress.week(w->number + 1);
  if (next == nullptr) return no(RefusalCode::LastWeek);
  c.to = next->id;
  if (next->state != WeekState::Locked) return no(RefusalCode::NextAlreadyOpen);
  if (!w->started_at) return no(RefusalCode::WeekNotStarted);
  if (w->moved_on) return no(RefusalCode::AlreadyMovedOn);
  c.missing_items = core_items_not_done(*w);
  if (!course.gating.require_items || c.missing_items.empty()) {
    return no(RefusalCode::NothingToMoveOn);
  }
  c.allowed = true;
  return c;
}

int credit_minutes(const Course& course, const Practice& practice) {
  const double share = std::clamp(course.gating.practice_credit, 0.0, 1.0);
  const int need = static_cast<int>(std::ceil(share * practice.minutes - 1e-9));
  return std::clamp(need, kMinLogMinutes, kMaxLogMinutes);
}

bool is_difficult(const Pacing& p, std::optional<int> before, std::optional<int> after) {
  if (!after) return false;
  return *after >= p.high_after || (before && *after - *before >= p.sharp_rise);
}

int default_log_minutes(const Course& course, const Item& item) {
  int m = item.minutes;
  if (m <= 0) {
    if (const Practice* p = course.practice(item.practice)) m = p->minutes;
  }
  if (item.kind == ItemKind::Homework && item.target &&
      item.target->type == HomeworkTarget::Type::PracticeDays) {
    const Practice* tp = course.practice(item.target->practice);
    m = std::max(item.target->minutes_per_day, tp != nullptr ? tp->minutes : 0);
  }
  if (m <= 0) m = 10;
  return std::clamp(m, kMinLogMinutes, kMaxLogMinutes);
}

}  // namespace kindly
