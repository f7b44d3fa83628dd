// Progress commands: begin, status, start, done, undo, log, checkin, move-on, pause, resume,
// history.
// Each builds one Command for Session::apply and words the Outcome it returns.
// The journal commands are in cmd_journal.cpp. docs/cli.md documents all of them.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>
#include <sstream>

#include "cli.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

using json = nlohmann::ordered_json;

std::vector<int> parse_answers(const std::string& text, std::string* error) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    try {
      std::size_t used = 0;
      int v = std::stoi(part, &used);
      if (used != part.size()) throw std::invalid_argument(part);
      out.push_back(v);
    } catch (const std::exception&) {
      *error = "--answers takes whole numbers separated by commas, e.g. 3,4,2 (got '" + text + "')";
      return {};
    }
  }
  if (out.empty()) *error = "--answers is empty";
  return out;
}

// ---- the commands ---------------------------------------------------------------------------

// Runs one command through the Session and prints its outcome (outcome_text / outcome_json
// in progress_output.cpp), or the refusal.
// `named` is the item the text already names, so "Done:" does not say it twice.
int apply_and_print(const Context& ctx, Session& s, const Command& c, std::string text,
                    const std::string& named = {}) {
  auto r = s.apply(c);
  if (!r) return report(ctx, r.error());
  Outcome shown = *r;
  std::erase(shown.items_done, named);
  text += outcome_text(s.course(), s.progress(), shown);
  return ok(ctx, outcome_json(*r), text);
}

int cmd_begin(const Context& ctx) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(cmd::Begin{});
    if (!r) return report(ctx, r.error());
    return ok(ctx, outcome_json(*r),
              "Began " + s.course().title + " on " + format_day(r->events.front().at) +
                  ".\nWeek 1 is open: kindly start 1" +
                  (measures_due_text(s).empty() ? "" : "\n" + measures_due_text(s)));
  });
}

int cmd_status(const Context& ctx) {
  return with_session(
      ctx,
      [&](Session& s) {
        if (ctx.global.json) {
          json j = status_json(s.course(), s.progress());
          j["measures_due"] = measures_due_json(s);
          j["follow_up"] = follow_up_json(s);
          ctx.io.out << j.dump(2) << "\n";
          return static_cast<int>(kOk);
        }
        ctx.io.out << status_text(s.course(), s.progress());
        if (const std::string due = measures_due_text(s); !due.empty()) ctx.io.out << due << "\n";
        if (const std::string next = follow_up_text(s); !next.empty()) ctx.io.out << next << "\n";
        return static_cast<int>(kOk);
      },
      /*writes=*/false);
}

int cmd_start(const Context& ctx, const std::string& which) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(cmd::Start{which});
    if (!r) return report(ctx, r.error());
    const Module* m = s.course().find_module(which);
    const WeekProgress* w = s.progress().module(m->id);
    std::string text =
        r->events.empty()
            ? "You started " + module_label(*m) + " on " + format_day(*w->started_at) + "."
            : "Started " + module_label(*m) + (m->optional ? std::string() : ": " + m->title) + ".";
    json j = outcome_json(*r);
    j["recorded"] = !r->events.empty();
    return ok(ctx, j, text + outcome_text(s.course(), s.progress(), *r));
  });
}

int cmd_done(const Context& ctx, const std::string& item, bool undo) {
  return with_session(ctx, [&](Session& s) {
    const Item* it = s.course().item(item);
    const std::string name = it != nullptr ? it->title : item;
    if (undo) {
      return apply_and_print(ctx, s, cmd::Untick{item}, "Removed the tick from " + name + ".");
    }
    return apply_and_print(ctx, s, cmd::Tick{item}, "Marked " + name + " done.", item);
  });
}

struct LogOptions {
  std::string practice;
  int minutes = 0;
  std::string at;
  std::string week;
  std::string note;
  std::optional<int> before;
  std::optional<int> after;
};

int cmd_log(const Context& ctx, const LogOptions& o) {
  cmd::LogPractice log;
  log.practice = o.practice;
  log.minutes = o.minutes;
  log.note = o.note;
  log.distress_before = o.before;
  log.distress_after = o.after;
  log.module = o.week;
  if (!o.at.empty()) {
    std::string why;
    auto t = parse_time(o.at, &why);
    if (!t) return usage(ctx, "--at: " + why);
    log.at = t;
  }
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(log);
    if (!r) return report(ctx, r.error());
    const Event& e = r->events.front();
    const Module* m = s.course().module(e.module);
    const Practice* pr = s.course().practice(e.practice);
    std::string text = "Logged " + (pr ? pr->title : e.practice) + ", " + minutes_text(e.minutes) +
                       ", " + format_day(e.at) + ", from " + (m ? module_label(*m) : e.module) +
                       ".";
    return ok(ctx, outcome_json(*r), text + outcome_text(s.course(), s.progress(), *r));
  });
}

int cmd_checkin(const Context& ctx, const std::string& item, const std::string& answers_text) {
  std::string why;
  auto answers = parse_answers(answers_text, &why);
  if (!why.empty()) return usage(ctx, why);
  return with_session(ctx, [&](Session& s) {
    const Item* it = s.course().item(item);
    return apply_and_print(ctx, s, cmd::AnswerCheckin{item, answers},
                           "Answered " + (it != nullptr ? it->title : item) + ".", item);
  });
}

int cmd_move_on(const Context& ctx, const std::string& reason) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(cmd::MoveOn{{}, reason});
    if (!r) return report(ctx, r.error());
    const Module* m = s.course().module(r->events.front().module);
    std::string text = "Moved on from " + module_label(*m) + ". Your reason is kept.";
    if (const WeekProgress* next = s.progress().week(m->number + 1);
        next != nullptr && next->state == WeekState::Locked && next->unlocks_at) {
      text += "\nWeek " + std::to_string(next->number) + " opens on " +
              format_day(*next->unlocks_at) + ".";
    }
    return ok(ctx, outcome_json(*r), text + outcome_text(s.course(), s.progress(), *r));
  });
}

int cmd_pause(const Context& ctx, const std::string& reason) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(cmd::Pause{reason});
    if (!r) return report(ctx, r.error());
    std::string text =
        "The course is resting. Reminders are off and no week's wait runs out while it rests; "
        "everything you did is kept. Practising and writing still work.\nResume when you are "
        "ready: kindly resume";
    return ok(ctx, outcome_json(*r), text + outcome_text(s.course(), s.progress(), *r));
  });
}

int cmd_resume(const Context& ctx) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.apply(cmd::Resume{});
    if (!r) return report(ctx, r.error());
    std::string text = "Welcome back. The course is running again.";
    const Progress& p = s.progress();
    for (const WeekProgress& w : p.weeks) {
      if (w.state == WeekState::Locked && w.lock_reason == LockReason::TimeGate && w.unlocks_at) {
        text += "\n" + w.locked_reason + ".";
        break;
      }
    }
    return ok(ctx, outcome_json(*r), text + outcome_text(s.course(), p, *r));
  });
}

int cmd_history(const Context& ctx) {
  return with_session(
      ctx,
      [&](Session& s) {
        auto r = s.history();
        if (!r) return report(ctx, r.error());
        json events = json::array();
        std::string text;
        for (const Event& e : *r) {
          events.push_back(event_json(e));
          text += event_text(e) + "\n";
        }
        if (r->empty()) text = "Nothing yet.\n";
        return ok(ctx, {{"events", events}}, text);
      },
      /*writes=*/false);
}

}  // namespace

void add_progress_commands(CLI::App& app, Context& ctx, int* exit_code) {
  app.add_subcommand("begin", "Begin the course (week 1 opens)")->callback([&ctx, exit_code] {
    *exit_code = cmd_begin(ctx);
  });
  app.add_subcommand("status", "Where you are: every week, its state and items")
      ->callback([&ctx, exit_code] { *exit_code = cmd_status(ctx); });

  auto week = std::make_shared<std::string>();
  auto* start = app.add_subcommand("start", "Open a week (or an optional module by id)");
  start->add_option("WEEK", *week, "Week number, or a module id such as 'retreat'")->required();
  start->callback([&ctx, exit_code, week] { *exit_code = cmd_start(ctx, *week); });

  auto done_item = std::make_shared<std::string>();
  auto* done = app.add_subcommand("done", "Tick an item (a reading, a task, a practice)");
  done->add_option("ITEM", *done_item, "Item id, e.g. w1-reading")->required();
  done->callback([&ctx, exit_code, done_item] { *exit_code = cmd_done(ctx, *done_item, false); });

  auto undo_item = std::make_shared<std::string>();
  auto* undo = app.add_subcommand("undo", "Remove your tick from an item");
  undo->add_option("ITEM", *undo_item, "Item id")->required();
  undo->callback([&ctx, exit_code, undo_item] { *exit_code = cmd_done(ctx, *undo_item, true); });

  auto lo = std::make_shared<LogOptions>();
  auto* log = app.add_subcommand("log", "Log a practice you did");
  log->add_option("PRACTICE", lo->practice, "Practice id (or the item id of a practice)")
      ->required();
  log->add_option("--minutes", lo->minutes,
                  "How long, in minutes (" + std::to_string(kMinLogMinutes) + "-" +
                      std::to_string(kMaxLogMinutes) + ")")
      ->required()
      ->check(CLI::Range(kMinLogMinutes, kMaxLogMinutes));
  log->add_option("--at", lo->at, "When (ISO-8601; default now)")->type_name("TIME");
  log->add_option("--week", lo->week, "Week it belongs to (default: the current week)")
      ->type_name("N");
  log->add_option("--note", lo->note, "A note to keep with it")->type_name("TEXT");
  log->add_option("--before", lo->before, "Distress before, 0-10")
      ->check(CLI::Range(kMinDistress, kMaxDistress));
  log->add_option("--after", lo->after, "Distress after, 0-10")
      ->check(CLI::Range(kMinDistress, kMaxDistress));
  log->callback([&ctx, exit_code, lo] { *exit_code = cmd_log(ctx, *lo); });

  auto ci_item = std::make_shared<std::string>();
  auto ci_answers = std::make_shared<std::string>();
  auto* checkin = app.add_subcommand("checkin", "Answer a check-in");
  checkin->add_option("ID", *ci_item, "Check-in item id")->required();
  checkin->add_option("--answers", *ci_answers, "One answer per question, e.g. 3,4,2")->required();
  checkin->callback([&ctx, exit_code, ci_item, ci_answers] {
    *exit_code = cmd_checkin(ctx, *ci_item, *ci_answers);
  });

  auto reason = std::make_shared<std::string>();
  auto* move_on =
      app.add_subcommand("move-on", "Move on from the current week without its required items");
  move_on->add_option("--reason", *reason, "Why, in your own words")->required();
  move_on->callback([&ctx, exit_code, reason] { *exit_code = cmd_move_on(ctx, *reason); });

  auto pause_reason = std::make_shared<std::string>();
  auto* pause = app.add_subcommand(
      "pause", "Let the course rest: reminders stop and the weeks' waits hold until you resume");
  pause->add_option("--reason", *pause_reason, "Why, in your own words (optional)");
  pause->callback([&ctx, exit_code, pause_reason] { *exit_code = cmd_pause(ctx, *pause_reason); });
  app.add_subcommand("resume", "Resume a paused course")->callback([&ctx, exit_code] {
    *exit_code = cmd_resume(ctx);
  });

  app.add_subcommand("history", "Everything you did, oldest first")->callback([&ctx, exit_code] {
    *exit_code = cmd_history(ctx);
  });

  add_journal_commands(app, ctx, exit_code);
  add_safety_commands(app, ctx, exit_code);
  add_measure_commands(app, ctx, exit_code);
  add_after_commands(app, ctx, exit_code);
}

}  // namespace kindly::cli
