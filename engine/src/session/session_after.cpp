// Session: after the last week (issue 16, part 7): the keep-practising plan command
// (SavePracticePlan) and the queries the app's reminders and Today read. Apart from session.cpp
// like the measures' share (session_measures.cpp).
#include <algorithm>

#include "kindly/session.h"

namespace kindly {

namespace {

using R = RefusalCode;

Error refuse(RefusalCode code, std::string msg, std::string hint = {}) {
  return Error::refused(code, std::move(msg), std::move(hint));
}

// The plan's checks, in the order a user would fix them; nullopt when it can be saved.
std::optional<Error> check_plan(const Course& course, const PracticePlan& p) {
  if (p.empty()) return std::nullopt;  // clearing
  for (std::size_t i = 0; i < p.practices.size(); ++i) {
    const std::string& id = p.practices[i];
    if (course.practice(id) == nullptr)
      return refuse(R::NoSuchPractice,
                    "there is no practice '" + id.substr(0, 64) + "' in this course",
                    "use a practice id from the course (`kindly plan` lists them)");
    if (std::find(p.practices.begin(), p.practices.begin() + static_cast<long>(i), id) !=
        p.practices.begin() + static_cast<long>(i))
      return refuse(R::PlanRepeatsPractice,
                    course.practice(id)->title + " is in the plan twice; name it once");
  }
  if (std::none_of(p.weekdays.begin(), p.weekdays.end(), [](bool d) { return d; }))
    return refuse(R::PlanNeedsDays, "the plan needs at least one day of the week to practise on");
  if (p.hour < 0 || p.hour > 23 || p.minute < 0 || p.minute > 59)
    return refuse(R::PlanTimeOutOfRange, "the plan's time (" + std::to_string(p.hour) + ":" +
                                             std::to_string(p.minute) +
                                             ") is not a time of day (00:00 to 23:59)");
  return std::nullopt;
}

}  // namespace

std::optional<SavedPracticePlan> Session::practice_plan() const {
  return latest_practice_plan(events_);
}

std::optional<PlanReminder> Session::plan_reminder(std::optional<TimePoint> last_fired) const {
  const auto saved = practice_plan();
  if (!saved) return std::nullopt;
  return next_plan_reminder(*course_, progress_, events_, saved->plan, last_fired, progress_.now);
}

std::optional<FollowUp> Session::next_follow_up(std::optional<TimePoint> last_fired) const {
  return kindly::next_follow_up(*course_, progress_, events_, last_fired, progress_.now);
}

FirstLastComparison Session::compare_first_last() const {
  return kindly::compare_first_last(*course_, progress_, events_);
}

Result<Outcome> Session::run(const cmd::SavePracticePlan& c) {
  const std::optional<SavedPracticePlan> now = latest_practice_plan(events_);
  const std::int64_t latest = now ? now->seq : 0;
  if (c.base_seq && *c.base_seq != latest)
    return refuse(R::ChangedElsewhere,
                  "your keep-practising plan was saved by another Kindly since you opened it",
                  "open it again to see the newer one; both versions are in your history");
  if (auto bad = check_plan(*course_, c.plan)) return *bad;
  if (c.plan.empty() && (!now || now->plan.empty()))
    return refuse(R::NoPracticePlan, "there is no keep-practising plan to clear");
  Event e = make(EventType::PracticePlanSaved, nullptr);
  e.note = practice_plan_to_json(c.plan);
  auto r = append({e});
  if (!r) return r.error();
  Outcome o;
  o.events = r.value();
  o.practice_plan = latest_practice_plan(events_);
  return o;
}

}  // namespace kindly
