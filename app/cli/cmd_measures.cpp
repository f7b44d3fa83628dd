// Questionnaire commands: `kindly measures` (what is due, and every past answer with its
// scores and the change in honest words) and `kindly measure ID` (answer at the terminal, or
// --answers for scripts, or --skip for "not now"). Both take --json. When a safety rule fires
// the course's crisis lines are shown at once (text on stdout; in JSON under "crisis_lines").
#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

using json = nlohmann::ordered_json;

// 14, 2.5: a score as people write it.
std::string score_text(double v) {
  std::ostringstream o;
  o << (std::abs(v - std::round(v)) < 1e-9 ? std::round(v) : std::round(v * 100) / 100);
  return o.str();
}

// "at the start", "after week 4", "30 days after the last week", "" (no set time).
std::string occasion_text(const std::string& key) {
  if (key == "begin") return "at the start";
  if (key.rfind("after-week-", 0) == 0) return "after week " + key.substr(11);
  if (key.rfind("days-after-last-week-", 0) == 0)
    return key.substr(21) + " days after the last week";
  return "";
}

json crisis_json(const Course& c) {
  json lines = json::array();
  for (const auto& l : c.resources.crisis_lines)
    lines.push_back({{"country", l.country},
                     {"code", l.code},
                     {"name", l.name},
                     {"phone", l.phone},
                     {"text", l.text},
                     {"url", l.url},
                     {"hours", l.hours}});
  return lines;
}

// The safety message: gentle, at once, with every crisis line the course gives.
std::string safety_text(const Course& c) {
  std::string t =
      "\nThank you for answering honestly. One of your answers tells of thoughts of being "
      "better off dead or of hurting yourself. You do not have to carry this alone: please "
      "reach out to someone today. If you might act on these thoughts, call your local "
      "emergency number now.\nPeople you can talk to now:";
  for (const auto& l : c.resources.crisis_lines) {
    t += "\n  " + l.country + ": " + l.name;
    if (!l.phone.empty()) t += ", " + l.phone;
    if (!l.text.empty()) t += ", text " + l.text;
    if (!l.url.empty()) t += ", " + l.url;
    if (!l.hours.empty()) t += " (" + l.hours + ")";
  }
  return t;
}

std::string change_line(const MeasureOutcome& m, const Measure& def) {
  if (!m.previous_total) return "";
  std::string t = "\nSince last time (" + score_text(*m.previous_total) + "): ";
  if (m.change == Change::NotJudged) return t + "the course gives no figures to judge change.";
  return t + change_words(m.change) + " (a change of " +
         score_text(def.reliable_change->threshold()) + " or more counts as reliable).";
}

int cmd_measure(const Context& ctx, const std::string& id, const std::string& answers_text,
                bool skip) {
  return with_session(ctx, [&](Session& s) {
    const Measure* m = s.course().measure(id);
    if (skip) {
      auto r = s.apply(cmd::SkipMeasure{id});
      if (!r) return report(ctx, r.error());
      return ok(ctx, outcome_json(*r), "Not now: " + m->title + " will wait until its next time.");
    }
    cmd::AnswerMeasure a{id, {}};
    if (m != nullptr && !answers_text.empty()) {
      std::vector<std::string> parts;
      std::stringstream in(answers_text);
      for (std::string p; std::getline(in, p, ',');) parts.push_back(p);
      if (parts.size() != m->items.size())
        return usage(ctx, "--answers: " + m->title + " has " + std::to_string(m->items.size()) +
                              " questions; " + std::to_string(parts.size()) +
                              " answers were given");
      for (std::size_t i = 0; i < parts.size(); ++i) {
        try {
          std::size_t used = 0;
          const int v = std::stoi(parts[i], &used);
          if (used != parts[i].size()) throw std::invalid_argument(parts[i]);
          a.answers[m->items[i].id] = v;
        } catch (const std::exception&) {
          return usage(ctx, "--answers takes whole numbers separated by commas (got '" +
                                answers_text + "')");
        }
      }
    } else if (m != nullptr) {
      // At the terminal: the intro, then one question at a time with the scale.
      ctx.io.out << m->intro << "\n";
      for (std::size_t i = 0; i < m->items.size(); ++i) {
        ctx.io.out << "\n" << (i + 1) << ". " << m->items[i].text << "\n";
        for (const auto& v : m->scale) ctx.io.out << "   " << v.value << "  " << v.label << "\n";
        for (;;) {
          ctx.io.out << "Your answer: " << std::flush;
          std::string line;
          if (!std::getline(std::cin, line))
            return usage(ctx, "no answer was given; nothing was recorded");
          try {
            std::size_t used = 0;
            const int v = std::stoi(line, &used);
            if (used == line.size() && m->has_value(v)) {
              a.answers[m->items[i].id] = v;
              break;
            }
          } catch (const std::exception&) {
          }
          ctx.io.out << "Please type one of the numbers shown.\n";
        }
      }
    }
    auto r = s.apply(a);
    if (!r) return report(ctx, r.error());
    const MeasureOutcome& mo = *r->measure;
    std::string text = std::string(answers_text.empty() ? "\n" : "") + "Answered " + m->title +
                       ": " + score_text(mo.score.total);
    if (!mo.score.band.empty()) text += " (" + mo.score.band + ")";
    text += ". This is not a diagnosis.";
    for (const auto& sub : m->subscales)
      text += "\n  " + sub.title + ": " + score_text(mo.score.subscales.at(sub.id));
    text += change_line(mo, *m);
    json j = outcome_json(*r);
    if (r->safety_help) {
      text += safety_text(s.course());
      j["crisis_lines"] = crisis_json(s.course());
    }
    return ok(ctx, j, text);
  });
}

int cmd_measures(const Context& ctx) {
  return with_session(
      ctx,
      [&](Session& s) {
        const auto records = s.measure_records();
        json past = json::array();
        std::string text;
        for (const auto& r : records) {
          const Measure* m = s.course().measure(r.measure);
          json j{{"id", r.measure},
                 {"occasion", r.occasion},
                 {"at", format_time(r.at)},
                 {"skipped", r.skipped}};
          std::string line = "  " + format_day(r.at) + "  " + m->title;
          if (const std::string o = occasion_text(r.occasion); !o.empty()) line += " (" + o + ")";
          if (r.skipped) {
            line += ": not now";
          } else {
            j["answers"] = r.answers;
            j["total"] = r.score.total;
            j["band"] = r.score.band;
            j["subscales"] = r.score.subscales;
            j["previous_total"] = r.previous_total ? json(*r.previous_total) : json(nullptr);
            j["change"] = to_string(r.change);
            j["change_words"] = change_words(r.change);
            line += ": " + score_text(r.score.total);
            if (!r.score.band.empty()) line += " (" + r.score.band + ")";
            if (r.previous_total && r.change != Change::NotJudged)
              line += std::string(", ") + change_words(r.change);
          }
          past.push_back(j);
          text += line + "\n";
        }
        if (ctx.global.json) return ok(ctx, {{"due", measures_due_json(s)}, {"past", past}}, "");
        std::string out = measures_due_text(s);
        if (out.empty()) out = "No questionnaire is due now.";
        out += "\n";
        if (!text.empty()) out += "\nYour answers so far (not a diagnosis):\n" + text;
        ctx.io.out << out;
        return static_cast<int>(kOk);
      },
      /*writes=*/false);
}

}  // namespace

json measures_due_json(const Session& s) {
  json due = json::array();
  for (const auto& d : s.measures_due())
    due.push_back({{"id", d.measure->id},
                   {"title", d.measure->title},
                   {"occasion", d.occasion.key()},
                   {"since", format_time(d.since)}});
  return due;
}

std::string measures_due_text(const Session& s) {
  std::string t;
  for (const auto& d : s.measures_due()) {
    if (t.empty()) t = "A short questionnaire is ready. Optional.";
    t += "\n  " + d.measure->title + " (" + occasion_text(d.occasion.key()) + "): kindly measure " +
         d.measure->id + "   (or --skip for not now)";
  }
  return t;
}

json follow_up_json(const Session& s) {
  const auto f = s.next_follow_up(std::nullopt);
  if (!f) return nullptr;
  json ids = json::array();
  for (const Measure* m : f->measures) ids.push_back(m->id);
  return {
      {"at", format_time(f->at)}, {"days", f->days}, {"measures", ids}, {"due_now", f->due_now}};
}

std::string follow_up_text(const Session& s) {
  const auto f = s.next_follow_up(std::nullopt);
  if (!f || f->due_now) return "";  // due now: measures_due_text() says so
  std::string names;
  for (std::size_t i = 0; i < f->measures.size(); ++i)
    names += (i == 0 ? "" : i + 1 == f->measures.size() ? " and " : ", ") + f->measures[i]->title;
  return "Next follow-up: " + names + ", " + std::to_string(f->days) +
         " days after the last week, on " + format_day(f->at) + ". Optional.";
}

void add_measure_commands(CLI::App& app, Context& ctx, int* exit_code) {
  app.add_subcommand("measures", "Questionnaires: which are due, and your past answers")
      ->callback([&ctx, exit_code] { *exit_code = cmd_measures(ctx); });
  auto id = std::make_shared<std::string>();
  auto answers = std::make_shared<std::string>();
  auto skip = std::make_shared<bool>(false);
  auto* m = app.add_subcommand("measure", "Answer a questionnaire (optional; not a diagnosis)");
  m->add_option("ID", *id, "The questionnaire, e.g. phq-9")->required();
  m->add_option("--answers", *answers, "One answer per question in order, e.g. 0,1,2,0");
  m->add_flag("--skip", *skip, "Not now: skip it until its next time");
  m->callback([&ctx, exit_code, id, answers, skip] {
    if (*skip && !answers->empty()) {
      *exit_code = usage(ctx, "give --answers or --skip, not both");
      return;
    }
    *exit_code = cmd_measure(ctx, *id, *answers, *skip);
  });
}

}  // namespace kindly::cli
