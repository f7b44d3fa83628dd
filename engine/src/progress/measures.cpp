// Measures: scoring, reliable change and what is due (measures.h).
#include "kindly/measures.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "kindly/practice_plan.h"

namespace kindly {

namespace {

double score_items(const Measure& m, const std::vector<std::string>& ids,
                   const std::map<std::string, int>& answers) {
  double sum = 0;
  int n = 0;
  for (const auto& id : ids) {
    const MeasureItem* item = m.item(id);
    auto a = answers.find(id);
    if (item == nullptr || a == answers.end()) continue;
    sum += item->reverse ? m.lowest() + m.highest() - a->second : a->second;
    ++n;
  }
  if (m.scoring == Measure::Scoring::Mean) return n > 0 ? sum / n : 0.0;
  return sum;
}

std::vector<std::string> split_ids(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string id; std::getline(in, id, ',');)
    if (!id.empty()) out.push_back(id);
  return out;
}

// N days after the last week: whole days of 24 hours from the moment it was completed.
TimePoint follow_up_moment(TimePoint last_week_done, int days) {
  return last_week_done + std::chrono::hours{24} * days;
}

// The moment an occasion fell due, or nullopt when it has not (yet).
std::optional<TimePoint> occasion_moment(const MeasureOccasion& o, const Course& course,
                                         const Progress& p) {
  if (!p.begun || !p.begun_at) return std::nullopt;
  auto week_done = [&](int n) -> std::optional<TimePoint> {
    const WeekProgress* w = p.week(n);
    if (w == nullptr) return std::nullopt;
    if (w->completed_at) return w->completed_at;
    // Moved on without its core practices: the week is over when the next one opened.
    if (const WeekProgress* next = p.week(n + 1); next && w->moved_on) return next->unlocked_at;
    return std::nullopt;
  };
  switch (o.kind) {
    case MeasureOccasion::Kind::Begin:
      return p.begun_at;
    case MeasureOccasion::Kind::AfterWeek:
      return week_done(o.n);
    case MeasureOccasion::Kind::DaysAfterLastWeek: {
      auto last = week_done(course.week_count());
      if (!last) return std::nullopt;
      return follow_up_moment(*last, o.n);
    }
  }
  return std::nullopt;
}

}  // namespace

MeasureScore score_measure(const Measure& m, const std::map<std::string, int>& answers) {
  MeasureScore s;
  std::vector<std::string> all;
  for (const auto& i : m.items) all.push_back(i.id);
  s.total = score_items(m, all, answers);
  for (const auto& sub : m.subscales) s.subscales[sub.id] = score_items(m, sub.items, answers);
  if (const MeasureBand* b = m.band(s.total)) s.band = b->label;
  for (const auto& rule : m.safety) {
    auto a = answers.find(rule.item);
    if (a != answers.end() && a->second >= rule.at_or_above) s.safety_rules.push_back(rule.id);
  }
  return s;
}

const char* change_words(Change c) {
  switch (c) {
    case Change::ReliableImprovement:
      return "a reliable improvement";
    case Change::ReliableWorsening:
      return "a reliable worsening";
    case Change::WithinUsual:
      return "within the usual ups and downs";
    case Change::NotJudged:
      return "";
  }
  return "";
}

const char* to_string(Change c) {
  switch (c) {
    case Change::ReliableImprovement:
      return "reliable_improvement";
    case Change::ReliableWorsening:
      return "reliable_worsening";
    case Change::WithinUsual:
      return "within_usual";
    case Change::NotJudged:
      return "not_judged";
  }
  return "not_judged";
}

Change judge_change(const Measure& m, double before, double after) {
  if (!m.reliable_change) return Change::NotJudged;
  const double threshold = m.reliable_change->threshold();
  const double rise = after - before;  // a rise means worse when higher is worse
  const double worse = m.higher_is_better ? -rise : rise;
  // A hair of tolerance so that a change exactly at the threshold counts, as published.
  if (worse >= threshold - 1e-9) return Change::ReliableWorsening;
  if (-worse >= threshold - 1e-9) return Change::ReliableImprovement;
  return Change::WithinUsual;
}

std::vector<MeasureRecord> measure_records(const Course& course, const std::vector<Event>& events) {
  std::vector<MeasureRecord> out;
  std::map<std::string, double> last_total;
  for (const Event& e : events) {
    if (e.type != EventType::MeasureAnswered && e.type != EventType::MeasureSkipped) continue;
    const Measure* m = course.measure(e.item);
    if (m == nullptr) continue;
    MeasureRecord r;
    r.measure = m->id;
    r.occasion = e.practice;
    r.at = e.at;
    r.skipped = e.type == EventType::MeasureSkipped;
    if (!r.skipped) {
      const auto ids = split_ids(e.note);
      for (std::size_t i = 0; i < ids.size() && i < e.answers.size(); ++i)
        if (m->item(ids[i]) != nullptr) r.answers[ids[i]] = e.answers[i];
      const bool whole = std::all_of(m->items.begin(), m->items.end(),
                                     [&](const MeasureItem& it) { return r.answers.count(it.id); });
      if (whole) {
        r.score = score_measure(*m, r.answers);
        if (auto prev = last_total.find(m->id); prev != last_total.end()) {
          r.previous_total = prev->second;
          r.change = judge_change(*m, prev->second, r.score.total);
        }
        last_total[m->id] = r.score.total;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<DueMeasure> latest_occasion(const Measure& m, const Course& course,
                                          const Progress& progress, TimePoint now) {
  std::optional<DueMeasure> best;
  for (const auto& o : m.ask) {
    auto at = occasion_moment(o, course, progress);
    if (!at || *at > now) continue;
    if (!best || *at >= best->since) best = DueMeasure{&m, o, *at};
  }
  return best;
}

std::vector<DueMeasure> measures_due(const Course& course, const Progress& progress,
                                     const std::vector<Event>& events, TimePoint now) {
  std::vector<DueMeasure> out;
  for (const Measure& m : course.measures) {
    auto due = latest_occasion(m, course, progress, now);
    if (!due) continue;
    const bool covered = std::any_of(events.begin(), events.end(), [&](const Event& e) {
      return (e.type == EventType::MeasureAnswered || e.type == EventType::MeasureSkipped) &&
             e.item == m.id && e.at >= due->since;
    });
    if (!covered) out.push_back(*due);
  }
  return out;
}

std::optional<FollowUp> next_follow_up(const Course& course, const Progress& progress,
                                       const std::vector<Event>& events,
                                       std::optional<TimePoint> last_fired, TimePoint now) {
  if (progress.paused) return std::nullopt;
  const std::optional<TimePoint> done = course_completed_at(course, progress);
  if (!done) return std::nullopt;
  const auto due = measures_due(course, progress, events, now);
  std::optional<FollowUp> best;
  for (const Measure& m : course.measures) {
    for (const MeasureOccasion& o : m.ask) {
      if (o.kind != MeasureOccasion::Kind::DaysAfterLastWeek) continue;
      const TimePoint at = follow_up_moment(*done, o.n);
      if (last_fired && at <= *last_fired) continue;
      if (at <= now && std::none_of(due.begin(), due.end(), [&](const DueMeasure& d) {
            return d.measure == &m && d.occasion.key() == o.key();
          }))
        continue;  // answered, skipped, or passed over by a later occasion
      if (best && at > best->at) continue;
      if (!best || at < best->at) best = FollowUp{at, o.n, {}, at <= now};
      if (std::find(best->measures.begin(), best->measures.end(), &m) == best->measures.end())
        best->measures.push_back(&m);
    }
  }
  return best;
}

}  // namespace kindly
