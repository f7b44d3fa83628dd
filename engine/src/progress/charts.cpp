// Chart data: heat map days, minutes per week, check-in series, completion.
#include "kindly/charts.h"

#include <algorithm>
#include <map>

namespace kindly {

namespace {

std::string label_of(const Module& m) {
  return m.optional ? m.title : std::to_string(m.number);
}

}  // namespace

HeatMap heat_map(const Course& course, const std::vector<Event>& events, const Progress& p) {
  HeatMap h;
  h.today = local_date(p.now);
  std::map<LocalDate, DayMinutes> by_day;
  for (const auto& e : events) {
    if (e.type != EventType::PracticeLogged) continue;
    const LocalDate d = local_date(e.at);
    auto [it, inserted] = by_day.try_emplace(d, DayMinutes{d, 0, 0});
    it->second.minutes += e.minutes;
    ++it->second.sessions;
  }
  std::optional<LocalDate> first;
  if (p.begun_at) first = local_date(*p.begun_at);
  if (!by_day.empty() && (!first || by_day.begin()->first < *first)) first = by_day.begin()->first;
  h.first_day = first.value_or(h.today);
  LocalDate last = add_days(h.first_day, std::max(1, 7 * course.week_count()) - 1);
  if (!first) last = h.today;
  last = std::max(last, h.today);
  if (!by_day.empty()) last = std::max(last, by_day.rbegin()->first);
  h.last_day = last;
  const int n = days_between(h.first_day, h.last_day) + 1;
  h.days.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const LocalDate d = add_days(h.first_day, i);
    auto it = by_day.find(d);
    DayMinutes dm = it != by_day.end() ? it->second : DayMinutes{d, 0, 0};
    h.max_minutes = std::max(h.max_minutes, dm.minutes);
    h.total_minutes += dm.minutes;
    if (dm.minutes > 0) ++h.days_practised;
    h.days.push_back(dm);
  }
  return h;
}

std::vector<WeekMinutes> minutes_per_week(const Course& course, const std::vector<Event>& events) {
  std::vector<WeekMinutes> out;
  std::map<std::string, std::size_t> index;
  for (const auto& m : course.modules) {
    WeekMinutes w;
    w.module = m.id;
    w.week = m.number;
    w.optional = m.optional;
    w.title = m.title;
    w.label = label_of(m);
    index[m.id] = out.size();
    out.push_back(std::move(w));
  }
  for (const auto& e : events) {
    if (e.type != EventType::PracticeLogged) continue;
    auto it = index.find(e.module);
    if (it == index.end()) continue;  // a module the course no longer has
    WeekMinutes& w = out[it->second];
    const Practice* pr = course.practice(e.practice);
    if (!pr) {
      w.other_minutes += e.minutes;
      ++w.other_sessions;
    } else if (pr->kind == ItemKind::Informal) {
      w.informal_minutes += e.minutes;
      ++w.informal_sessions;
    } else {
      w.formal_minutes += e.minutes;
      ++w.formal_sessions;
    }
  }
  return out;
}

bool CheckinChart::empty() const {
  for (const auto& s : series)
    for (const auto& v : s.per_week)
      if (v) return false;
  return true;
}

CheckinChart checkin_chart(const Course& course, const Progress& p) {
  CheckinChart c;
  c.weeks = course.week_count();
  bool have_scale = false;
  std::vector<std::string> order;
  for (const auto& m : course.modules) {
    for (const auto& it : m.items) {
      if (it.kind != ItemKind::Checkin || !it.checkin) continue;
      if (!have_scale) {
        c.scale_min = it.checkin->scale_min;
        c.scale_max = it.checkin->scale_max;
        have_scale = true;
      }
      for (const auto& q : it.checkin->questions)
        if (std::find(order.begin(), order.end(), q.subscale) == order.end())
          order.push_back(q.subscale);
    }
  }
  for (const auto& name : order) {
    CheckinSeries s;
    s.subscale = name;
    s.per_week.assign(static_cast<std::size_t>(c.weeks), std::nullopt);
    for (const auto& w : p.weeks) {
      if (w.number < 1 || w.number > c.weeks) continue;
      double sum = 0;
      int n = 0;
      for (const auto& item : w.items) {
        if (item.kind != ItemKind::Checkin || !item.answered_at) continue;
        auto sc = item.scores.find(name);
        if (sc == item.scores.end()) continue;
        sum += sc->second;
        ++n;
      }
      if (n > 0) s.per_week[static_cast<std::size_t>(w.number - 1)] = sum / n;
    }
    c.series.push_back(std::move(s));
  }
  return c;
}

std::vector<WeekCompletion> completion_per_week(const Course& course, const Progress& p) {
  std::vector<WeekCompletion> out;
  for (const auto& m : course.modules) {
    WeekCompletion c;
    c.module = m.id;
    c.week = m.number;
    c.optional = m.optional;
    c.title = m.title;
    c.label = label_of(m);
    if (const WeekProgress* w = p.module(m.id)) {
      c.state = w->state;
      c.required_done = w->required_done;
      c.required_total = w->required_total;
      c.moved_on = w->moved_on;
    } else {
      for (const auto& it : m.items)
        if (it.required) ++c.required_total;
    }
    out.push_back(std::move(c));
  }
  return out;
}

ChartData chart_data(const Course& course, const std::vector<Event>& events, const Progress& p) {
  return {heat_map(course, events, p), minutes_per_week(course, events), checkin_chart(course, p),
          completion_per_week(course, p)};
}

}  // namespace kindly
