// Week 1 beside the last week (kindly/compare.h).
#include "kindly/compare.h"

#include <algorithm>

#include "kindly/practice_plan.h"

namespace kindly {

namespace {

// The first (or last) check-in item of week `n`, or nullptr.
const Item* week_checkin(const Course& course, int n, bool last) {
  const Module* m = course.week(n);
  if (m == nullptr) return nullptr;
  const Item* found = nullptr;
  for (const Item& it : m->items) {
    if (it.kind != ItemKind::Checkin || !it.checkin) continue;
    found = &it;
    if (!last) break;
  }
  return found;
}

// Fills one side of the comparison from the item's latest answers.
void fill_side(CheckinComparison& c, const Item* item, const Progress& p, bool last) {
  if (item == nullptr) return;
  (last ? c.last_item : c.first_item) = item->id;
  const ItemProgress* ip = p.item(item->id);
  const bool answered = ip != nullptr && ip->answered_at.has_value();
  if (answered) (last ? c.last_at : c.first_at) = ip->answered_at;
  const Checkin& ck = *item->checkin;
  if (last || c.last_item.empty()) {
    c.scale_min = ck.scale_min;
    c.scale_max = ck.scale_max;
    c.min_label = ck.min_label;
    c.max_label = ck.max_label;
  }
  for (std::size_t q = 0; q < ck.questions.size(); ++q) {
    const CheckinQuestion& question = ck.questions[q];
    auto it = std::find_if(c.answers.begin(), c.answers.end(),
                           [&](const CheckinAnswerPair& a) { return a.question == question.id; });
    if (it == c.answers.end())
      it = c.answers.insert(c.answers.end(), CheckinAnswerPair{question.id, "", {}, {}});
    if (last || it->text.empty()) it->text = question.text;
    if (answered && q < ip->answers.size()) (last ? it->last : it->first) = ip->answers[q];
    auto sc = std::find_if(c.scores.begin(), c.scores.end(), [&](const CheckinScorePair& s) {
      return s.subscale == question.subscale;
    });
    if (sc == c.scores.end())
      sc = c.scores.insert(c.scores.end(), CheckinScorePair{question.subscale, {}, {}});
    if (answered) {
      auto v = ip->scores.find(question.subscale);
      if (v != ip->scores.end()) (last ? sc->last : sc->first) = v->second;
    }
  }
}

}  // namespace

FirstLastComparison compare_first_last(const Course& course, const Progress& progress,
                                       const std::vector<Event>& events) {
  FirstLastComparison out;
  out.last_week = course.week_count();
  out.last_week_complete = course_completed_at(course, progress).has_value();
  fill_side(out.checkin, week_checkin(course, 1, false), progress, false);
  if (out.last_week > 1)
    fill_side(out.checkin, week_checkin(course, out.last_week, true), progress, true);

  const std::string after_last = "after-week-" + std::to_string(out.last_week);
  const auto records = measure_records(course, events);
  for (const Measure& m : course.measures) {
    MeasureComparison mc;
    mc.measure = &m;
    for (const MeasureRecord& r : records) {
      if (r.measure != m.id || r.skipped) continue;
      if (!mc.first && (r.occasion == "begin" || r.occasion == "after-week-1")) mc.first = r;
      if (r.occasion == after_last) mc.last = r;
    }
    if (mc.first && mc.last)
      mc.change = judge_change(m, mc.first->score.total, mc.last->score.total);
    out.measures.push_back(std::move(mc));
  }
  return out;
}

}  // namespace kindly
