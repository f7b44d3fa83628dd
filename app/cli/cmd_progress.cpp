// Progress commands: begin, status, start, done, undo, log, checkin, move-on, history.
// Each is a thin call into Session; the text says what happened using what Progress reports.
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

std::string week_label(const WeekProgress& w) {
  return w.optional ? w.title : "week " + std::to_string(w.number);
}

// "Week 1 is complete." when an event completed its week.
std::string completion_note(const Session& s, const std::string& module, WeekState before) {
  const WeekProgress* w = s.progress().module(module);
  if (w != nullptr && before != WeekState::Completed && w->state == WeekState::Completed) {
    std::string l = week_label(*w);
    l[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(l[0])));
    return "\n" + l + " is complete.";
  }
  return "";
}

// Weeks that opened during a command.
std::string opened_note(const Progress& before, const Progress& after) {
  std::string out;
  for (std::size_t i = 0; i < after.weeks.size() && i < before.weeks.size(); ++i) {
    if (before.weeks[i].state == WeekState::Locked && after.weeks[i].state != WeekState::Locked) {
      out += "\nWeek " + std::to_string(after.weeks[i].number) + " is now open.";
    }
  }
  return out;
}

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

int cmd_begin(const Context& ctx) {
  return with_session(ctx, [&](Session& s) {
    auto r = s.begin();
    if (!r) return report(ctx, r.error());
    return ok(ctx, {{"event", event_json(*r)}},
              "Began " + s.course().title + " on " + format_day(r->at) +
                  ".\nWeek 1 is open: kindly start 1");
  });
}

int cmd_status(const Context& ctx) {
  return with_session(
      ctx,
      [&](Session& s) {
        if (ctx.global.json) {
          ctx.io.out << status_json(s.course(), s.progress()).dump(2) << "\n";
          return static_cast<int>(kOk);
        }
        ctx.io.out << status_text(s.course(), s.progress());
        return static_cast<int>(kOk);
      },
      /*writes=*/false);
}

int cmd_start(const Context& ctx, const std::string& which) {
  return with_session(ctx, [&](Session& s) {
    const Progress before = s.progress();
    Result<Event> r = Error::refused("");
    bool numeric = !which.empty() && which.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) {
      r = s.start_week(std::stoi(which));
    } else {
      r = s.start_module(which);
    }
    if (!r) return report(ctx, r.error());
    const WeekProgress* w = s.progress().module(r->module);
    std::string label = w != nullptr ? week_label(*w) : r->module;
    std::string text =
        r->seq == 0
            ? "You started " + label + " on " + format_day(r->at) + "."
            : "Started " + label + (w && !w->optional ? ": " + w->title : std::string()) + ".";
    return ok(ctx, {{"event", event_json(*r)}, {"recorded", r->seq != 0}},
              text + opened_note(before, s.progress()));
  });
}

int cmd_done(const Context& ctx, const std::string& item, bool undo) {
  return with_session(ctx, [&](Session& s) {
    const Progress before = s.progress();
    const WeekProgress* in = nullptr;
    before.item(item, &in);
    const WeekState was = in != nullptr ? in->state : WeekState::Locked;
    auto r = undo ? s.undo(item) : s.done(item);
    if (!r) return report(ctx, r.error());
    std::string text = undo ? "Removed the tick from " + item + "." : "Marked " + item + " done.";
    if (!undo) text += completion_note(s, r->module, was);
    text += opened_note(before, s.progress());
    return ok(ctx, {{"event", event_json(*r)}}, text);
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
  PracticeLog log;
  log.practice = o.practice;
  log.minutes = o.minutes;
  log.note = o.note;
  log.distress_before = o.before;
  log.distress_after = o.after;
  if (!o.at.empty()) {
    std::string why;
    auto t = parse_time(o.at, &why);
    if (!t) return usage(ctx, "--at: " + why);
    log.at = t;
  }
  if (!o.week.empty()) {
    if (o.week.find_first_not_of("0123456789") == std::string::npos) {
      log.week = std::stoi(o.week);
    } else {
      log.module = o.week;
    }
  }
  return with_session(ctx, [&](Session& s) {
    const Progress before = s.progress();
    auto r = s.log_practice(log);
    if (!r) return report(ctx, r.error());
    const Event& e = r->event;
    const WeekProgress* w = s.progress().module(e.module);
    const Practice* pr = s.course().practice(e.practice);
    std::string text = "Logged " + (pr ? pr->title : e.practice) + ", " +
                       std::to_string(e.minutes) + " min, " + format_day(e.at) + ", from " +
                       (w ? week_label(*w) : e.module) + ".";
    for (const auto& id : r->items_now_done) text += "\nDone: " + id;
    if (w != nullptr) {
      for (const auto& it : w->items) {
        if (it.need > 1 && it.sessions > 0 && !it.done) {
          text += "\n" + it.id + ": " + std::to_string(it.have) + "/" + std::to_string(it.need) +
                  " days";
        }
      }
    }
    if (r->difficult) {
      text += "\nThat sounds like it was hard. It is fine to stop, or to come back to the ground";
      if (const Practice* g = s.course().practice(r->grounding_practice)) {
        text += " with " + g->title;
      }
      text += ".";
    }
    if (r->suggest_slower) {
      text +=
          "\nThis week has had several hard practices: go slower, stay longer in the week, "
          "or choose lighter practices.";
    }
    text += opened_note(before, s.progress());
    json j{{"event", event_json(e)},
           {"items_now_done", r->items_now_done},
           {"difficult", r->difficult},
           {"suggest_slower", r->suggest_slower},
           {"grounding_practice",
            r->grounding_practice.empty() ? json(nullptr) : json(r->grounding_practice)}};
    return ok(ctx, j, text);
  });
}

int cmd_checkin(const Context& ctx, const std::string& item, const std::string& answers_text) {
  std::string why;
  auto answers = parse_answers(answers_text, &why);
  if (!why.empty()) return usage(ctx, why);
  return with_session(ctx, [&](Session& s) {
    auto r = s.checkin(item, answers);
    if (!r) return report(ctx, r.error());
    std::string text = "Answered " + item + ".";
    for (const auto& [subscale, score] : r->scores) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f", score);
      text += "\n  " + (subscale.empty() ? std::string("score") : subscale) + ": " + buf;
    }
    return ok(ctx, {{"event", event_json(r->event)}, {"scores", r->scores}}, text);
  });
}

int cmd_move_on(const Context& ctx, const std::string& reason) {
  return with_session(ctx, [&](Session& s) {
    const Progress before = s.progress();
    auto r = s.move_on(reason);
    if (!r) return report(ctx, r.error());
    std::string text = "Moved on from week " + std::to_string(r->week) + ". Your reason is kept.";
    const WeekProgress* next = s.progress().week(r->week + 1);
    if (next != nullptr && next->state == WeekState::Locked && next->unlocks_at) {
      text += "\nWeek " + std::to_string(next->number) + " opens on " +
              format_day(*next->unlocks_at) + ".";
    }
    text += opened_note(before, s.progress());
    return ok(ctx, {{"event", event_json(*r)}}, text);
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
  log->add_option("--minutes", lo->minutes, "How long, in minutes (1-600)")
      ->required()
      ->check(CLI::Range(1, 600));
  log->add_option("--at", lo->at, "When (ISO-8601; default now)")->type_name("TIME");
  log->add_option("--week", lo->week, "Week it belongs to (default: the current week)")
      ->type_name("N");
  log->add_option("--note", lo->note, "A note to keep with it")->type_name("TEXT");
  log->add_option("--before", lo->before, "Distress before, 0-10")->check(CLI::Range(0, 10));
  log->add_option("--after", lo->after, "Distress after, 0-10")->check(CLI::Range(0, 10));
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

  app.add_subcommand("history", "Everything you did, oldest first")->callback([&ctx, exit_code] {
    *exit_code = cmd_history(ctx);
  });

  add_journal_commands(app, ctx, exit_code);
}

}  // namespace kindly::cli
