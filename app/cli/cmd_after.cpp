// After the last week (issue 16, part 7): `kindly plan` (the keep-practising plan: show, set,
// clear), `kindly compare` (week 1 beside the last week) and `kindly completion-record`. Each
// takes --json; the rules (what is due, what may be saved) are the engine's.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli.h"
#include "kindly/completion.h"
#include "kindly/reminders.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

using json = nlohmann::ordered_json;

// "08:00" for the local time of day of `t`.
std::string clock_time(TimePoint t) {
  return format_time(t).substr(11, 5);
}

std::string practice_name(const Course& c, const std::string& id) {
  const Practice* p = c.practice(id);
  return p != nullptr ? p->title : id;
}

json plan_json(const Session& s) {
  const auto saved = s.practice_plan();
  json j{{"saved_at", saved ? time_json(saved->saved_at) : json(nullptr)},
         {"seq", saved ? json(saved->seq) : json(nullptr)},
         {"versions", saved ? saved->versions : 0}};
  if (!saved || saved->plan.empty()) {
    j["plan"] = nullptr;
  } else {
    const PracticePlan& p = saved->plan;
    json practices = json::array();
    for (const auto& id : p.practices)
      practices.push_back({{"id", id}, {"title", practice_name(s.course(), id)}});
    j["plan"] = {{"practices", practices},
                 {"days", format_weekdays(p.weekdays)},
                 {"time", format_hhmm(p.hour, p.minute)}};
  }
  json available = json::array();
  for (const auto& [id, p] : s.course().practices)
    available.push_back({{"id", id}, {"title", p.title}});
  j["course_practices"] = available;
  j["course_complete"] = course_completed_at(s.course(), s.progress()).has_value();
  const auto next = s.plan_reminder(std::nullopt);
  j["next_reminder"] =
      next ? json{{"at", format_time(next->at)}, {"practice", next->practice}} : json(nullptr);
  return j;
}

std::string plan_text(const Session& s) {
  const auto saved = s.practice_plan();
  if (!saved || saved->plan.empty()) {
    std::string t =
        "No keep-practising plan yet. Choose the practices that helped, the days and a time:\n"
        "  kindly plan set --practices ID,ID --days mon,wed,fri --time 08:00\nThe course's "
        "practices:\n";
    for (const auto& [id, p] : s.course().practices) t += "  " + id + "  " + p.title + "\n";
    return t;
  }
  const PracticePlan& p = saved->plan;
  std::ostringstream o;
  o << "Your keep-practising plan (saved " << format_day(saved->saved_at) << "):\n";
  for (const auto& id : p.practices)
    o << "  " << practice_name(s.course(), id) << " (" << id << ")\n";
  o << "On " << format_weekdays(p.weekdays) << " at " << format_hhmm(p.hour, p.minute) << ".\n";
  if (const auto next = s.plan_reminder(std::nullopt)) {
    o << "Next reminder: " << format_day(next->at) << " at " << clock_time(next->at) << ", "
      << practice_name(s.course(), next->practice) << ".\n";
  } else if (!course_completed_at(s.course(), s.progress())) {
    o << "The reminders follow it once the last week is complete.\n";
  } else if (s.progress().paused) {
    o << "The course is resting, so there are no reminders until you resume.\n";
  }
  return o.str();
}

struct PlanOptions {
  std::string practices;
  std::string days;
  std::string time;
};

int cmd_plan_set(const Context& ctx, const PlanOptions& o) {
  cmd::SavePracticePlan c;
  // Split by hand: getline would drop an empty id after a trailing comma.
  for (std::size_t from = 0;;) {
    const std::size_t comma = o.practices.find(',', from);
    const std::string id = o.practices.substr(from, comma - from);
    if (id.empty())
      return usage(
          ctx, "--practices takes practice ids separated by commas (got '" + o.practices + "')");
    c.plan.practices.push_back(id);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  auto days = parse_weekdays(o.days);
  if (!days)
    return usage(ctx, "--days: '" + o.days +
                          "' is not a set of days (e.g. mon,wed,fri, daily, weekdays, weekends)");
  c.plan.weekdays = *days;
  auto hm = parse_hhmm(o.time);
  if (!hm) return usage(ctx, "--time: '" + o.time + "' is not a time of day as HH:MM");
  std::tie(c.plan.hour, c.plan.minute) = *hm;
  return with_session(ctx, [&](Session& s) {
    const auto cur = s.practice_plan();
    c.base_seq = cur ? cur->seq : 0;
    auto r = s.apply(c);
    if (!r) return report(ctx, r.error());
    json j = outcome_json(*r);
    j["practice_plan"] = plan_json(s);
    return ok(ctx, j,
              "Saved your keep-practising plan. Earlier versions are kept.\n" + plan_text(s));
  });
}

int cmd_plan_clear(const Context& ctx) {
  return with_session(ctx, [&](Session& s) {
    const auto cur = s.practice_plan();
    auto r = s.apply(cmd::SavePracticePlan{PracticePlan{}, cur ? cur->seq : 0});
    if (!r) return report(ctx, r.error());
    json j = outcome_json(*r);
    j["practice_plan"] = plan_json(s);
    return ok(ctx, j,
              "Cleared your keep-practising plan; its reminders stop. Earlier versions are kept "
              "in your history.");
  });
}

json opt(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}

json opt(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json record_json(const std::optional<MeasureRecord>& r) {
  if (!r) return nullptr;
  return {{"at", format_time(r->at)},
          {"occasion", r->occasion},
          {"total", r->score.total},
          {"band", r->score.band}};
}

json compare_json(const FirstLastComparison& c) {
  const CheckinComparison& ck = c.checkin;
  json answers = json::array(), scores = json::array(), measures = json::array();
  for (const auto& a : ck.answers)
    answers.push_back({{"question", a.question},
                       {"text", a.text},
                       {"first", opt(a.first)},
                       {"last", opt(a.last)}});
  for (const auto& sc : ck.scores)
    scores.push_back({{"subscale", sc.subscale}, {"first", opt(sc.first)}, {"last", opt(sc.last)}});
  for (const auto& m : c.measures)
    measures.push_back({{"id", m.measure->id},
                        {"title", m.measure->title},
                        {"first", record_json(m.first)},
                        {"last", record_json(m.last)},
                        {"change", to_string(m.change)},
                        {"change_words", change_words(m.change)}});
  return {{"first_week", c.first_week},
          {"last_week", c.last_week},
          {"last_week_complete", c.last_week_complete},
          {"checkin",
           {{"first_item", ck.first_item},
            {"last_item", ck.last_item},
            {"first_at", time_json(ck.first_at)},
            {"last_at", time_json(ck.last_at)},
            {"scale_min", ck.scale_min},
            {"scale_max", ck.scale_max},
            {"answers", answers},
            {"scores", scores}}},
          {"measures", measures}};
}

std::string cell(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "-";
}

std::string cell(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *v);
  return buf;
}

std::string compare_text(const FirstLastComparison& c) {
  const CheckinComparison& ck = c.checkin;
  std::ostringstream o;
  o << "Week " << c.first_week << " beside week " << c.last_week;
  if (!c.last_week_complete) o << " (the last week is not complete yet)";
  o << "\n\nCheck-in (" << ck.scale_min << "-" << ck.scale_max << "), week " << c.first_week
    << " / week " << c.last_week << ":\n";
  for (const auto& a : ck.answers)
    o << "  " << a.text << "  " << cell(a.first) << " / " << cell(a.last) << "\n";
  for (const auto& sc : ck.scores)
    o << "  Mean, " << (sc.subscale.empty() ? "other questions" : sc.subscale) << "  "
      << cell(sc.first) << " / " << cell(sc.last) << "\n";
  if (!c.measures.empty()) o << "\nQuestionnaires (not a diagnosis):\n";
  for (const auto& m : c.measures) {
    auto side = [](const std::optional<MeasureRecord>& r) {
      if (!r) return std::string("not answered");
      return cell(std::optional<double>(r->score.total)) +
             (r->score.band.empty() ? "" : " (" + r->score.band + ")");
    };
    o << "  " << m.measure->title << ": " << side(m.first) << " / " << side(m.last);
    if (m.change != Change::NotJudged) o << ", " << change_words(m.change);
    o << "\n";
  }
  return o.str();
}

struct RecordOptions {
  std::string out;
  std::string format;  // --format; default from --out's extension
  bool measures = false;
  bool letter = false;
};

int cmd_completion_record(const Context& ctx, const RecordOptions& o) {
  std::string format = o.format.empty() ? format_from_name(o.out) : o.format;
  if (format == "markdown") format = "md";
  if (format != "md" && format != "html")
    return usage(ctx, o.format.empty()
                          ? "end --out with .md or .html, or say which with --format md|html"
                          : "--format takes md or html (got '" + o.format + "')");
  return with_session(
      ctx,
      [&](Session& s) {
        auto text = make_completion_record(
            s, format == "html" ? ReportFormat::Html : ReportFormat::Markdown, o.measures,
            o.letter);
        if (!text) return report(ctx, text.error());
        json j{{"format", format}, {"measures", o.measures}, {"letter", o.letter}};
        std::string what = "your completion record (";
        what += format == "html" ? "HTML" : "Markdown";
        what += o.measures ? ", with questionnaires" : ", no questionnaires";
        what += o.letter ? ", with your letter of learning)" : ", no journal text)";
        return write_out(ctx, o.out, text.value(), std::move(j), what);
      },
      false);
}

}  // namespace

void add_after_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* plan = app.add_subcommand("plan", "Your keep-practising plan for after the last week");
  plan->callback([&ctx, exit_code, plan] {
    if (!plan->get_subcommands().empty()) return;  // `set` or `clear` ran
    *exit_code = with_session(
        ctx, [&](Session& s) { return ok(ctx, plan_json(s), plan_text(s)); }, false);
  });
  auto po = std::make_shared<PlanOptions>();
  auto* set = plan->add_subcommand("set", "Choose the practices, the days and the time");
  set->add_option("--practices", po->practices, "Practice ids, comma-separated")->required();
  set->add_option("--days", po->days, "mon,wed,fri, daily, weekdays or weekends")->required();
  set->add_option("--time", po->time, "Time of day, HH:MM")->required();
  set->callback([&ctx, exit_code, po] { *exit_code = cmd_plan_set(ctx, *po); });
  plan->add_subcommand("clear", "Clear the plan (its reminders stop)")->callback([&ctx, exit_code] {
    *exit_code = cmd_plan_clear(ctx);
  });

  app.add_subcommand("compare", "Week 1 beside the last week: check-ins and questionnaires")
      ->callback([&ctx, exit_code] {
        *exit_code = with_session(
            ctx,
            [&](Session& s) {
              const FirstLastComparison c = s.compare_first_last();
              return ok(ctx, compare_json(c), compare_text(c));
            },
            false);
      });

  auto ro = std::make_shared<RecordOptions>();
  auto* rec = app.add_subcommand("completion-record",
                                 "Write a record of the course to keep or share (after the last "
                                 "week)");
  rec->add_option("--out", ro->out, "FILE.md or FILE.html (- prints it)")->required();
  rec->add_option("--format", ro->format, "md or html (default: from --out's extension)");
  rec->add_flag("--include-measures", ro->measures, "Add the questionnaires, week 1 and last");
  rec->add_flag("--include-letter", ro->letter, "Add your letter of learning");
  rec->callback([&ctx, exit_code, ro] { *exit_code = cmd_completion_record(ctx, *ro); });
}

}  // namespace kindly::cli
