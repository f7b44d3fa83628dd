// Session: the questionnaire commands (AnswerMeasure, SkipMeasure) and queries. Apart from
// session.cpp so that the measures' share of the command path stays in one place.
#include <algorithm>

#include "kindly/session.h"

namespace kindly {

namespace {

using R = RefusalCode;

Error refuse(RefusalCode code, std::string msg, std::string hint = {}) {
  return Error::refused(code, std::move(msg), std::move(hint));
}

std::string in_quotes(const std::string& s) {
  return "'" + s + "'";
}

std::string scale_values(const Measure& m) {
  std::string out;
  for (const auto& v : m.scale) out += (out.empty() ? "" : ", ") + std::to_string(v.value);
  return out;
}

}  // namespace

std::vector<DueMeasure> Session::measures_due() const {
  return kindly::measures_due(*course_, progress_, events_, progress_.now);
}

std::vector<MeasureRecord> Session::measure_records() const {
  return kindly::measure_records(*course_, events_);
}

Result<Outcome> Session::run(const cmd::AnswerMeasure& c) {
  if (!progress_.begun)
    return refuse(R::NotBegun, "you have not begun the course yet", "begin the course first");
  const Measure* m = course_->measure(c.measure);
  if (m == nullptr)
    return refuse(R::NoSuchMeasure, "there is no questionnaire " + in_quotes(c.measure));
  for (const auto& [id, value] : c.answers) {
    if (m->item(id) == nullptr)
      return refuse(R::NoSuchMeasureItem,
                    m->title + " has no question " + in_quotes(id.substr(0, 64)));
    if (!m->has_value(value))
      return refuse(R::AnswerNotOnScale, "the answer to " + in_quotes(id) + " (" +
                                             std::to_string(value) + ") is not on " + m->title +
                                             "'s scale (" + scale_values(*m) + ")");
  }
  for (std::size_t i = 0; i < m->items.size(); ++i)
    if (!c.answers.count(m->items[i].id))
      return refuse(R::MissingMeasureAnswer,
                    "question " + std::to_string(i + 1) + " of " + m->title + " (" +
                        in_quotes(m->items[i].id) + ") has no answer",
                    "every question needs an answer; choose 'not now' to skip it all");

  Event e = make(EventType::MeasureAnswered, nullptr);
  e.item = m->id;
  auto due = kindly::measures_due(*course_, progress_, events_, progress_.now);
  for (const auto& d : due)
    if (d.measure == m) e.practice = d.occasion.key();
  for (const auto& item : m->items) {
    e.note += (e.note.empty() ? "" : ",") + item.id;
    e.answers.push_back(c.answers.at(item.id));
  }
  auto r = append({e});
  if (!r) return r.error();
  Outcome out;
  out.events = r.value();
  MeasureOutcome mo;
  mo.measure = m->id;
  mo.occasion = e.practice;
  const auto records = measure_records();
  if (!records.empty() && records.back().measure == m->id && !records.back().skipped) {
    mo.score = records.back().score;
    mo.previous_total = records.back().previous_total;
    mo.change = records.back().change;
  } else {
    mo.score = score_measure(*m, c.answers);  // another process appended in between
  }
  out.safety_help = !mo.score.safety_rules.empty();
  out.measure = std::move(mo);
  return out;
}

Result<Outcome> Session::run(const cmd::SkipMeasure& c) {
  if (!progress_.begun)
    return refuse(R::NotBegun, "you have not begun the course yet", "begin the course first");
  const Measure* m = course_->measure(c.measure);
  if (m == nullptr)
    return refuse(R::NoSuchMeasure, "there is no questionnaire " + in_quotes(c.measure));
  auto due = kindly::measures_due(*course_, progress_, events_, progress_.now);
  auto it =
      std::find_if(due.begin(), due.end(), [&](const DueMeasure& d) { return d.measure == m; });
  if (it == due.end())
    return refuse(R::MeasureNotDue, m->title + " is not due now, so there is nothing to skip");
  Event e = make(EventType::MeasureSkipped, nullptr);
  e.item = m->id;
  e.practice = it->occasion.key();
  auto r = append({e});
  if (!r) return r.error();
  Outcome out;
  out.events = r.value();
  MeasureOutcome mo;
  mo.measure = m->id;
  mo.occasion = e.practice;
  mo.skipped = true;
  out.measure = std::move(mo);
  return out;
}

}  // namespace kindly
