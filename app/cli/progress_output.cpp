// Output of the progress commands: opening the session, errors and exit codes, JSON and text.
#include <cstdio>
#include <ostream>
#include <sstream>

#include "kindly/gates.h"
#include "kindly/loader.h"
#include "kindly/practice_plan.h"
#include "kindly/reminders.h"
#include "progress_cli.h"

namespace kindly::cli {

using json = nlohmann::ordered_json;

int with_session(const Context& ctx, const std::function<int(Session&)>& fn, bool writes) {
  std::string why;
  auto clock = clock_from_option(ctx.global.now, &why);
  if (!clock) return usage(ctx, why);
  const std::string dir = resolve_course_dir(ctx.global);
  LoadResult loaded = load_course(dir);
  if (!loaded.course) {
    return report(ctx, Error::refused(RefusalCode::CourseHasErrors,
                                      "the course at " + dir + " has " +
                                          std::to_string(loaded.error_count()) + " error(s)",
                                      "run `kindly validate " + dir + "` for details"));
  }
  const std::string data_dir = resolve_data_dir(ctx.global);
  StoreOptions options;
  options.read_only = !writes && Store::is_read_only(data_dir);
  auto session = Session::open(loaded.course, data_dir, clock, options);
  if (!session) return report(ctx, session.error());
  for (const auto& w : session.value()->warnings()) {
    ctx.io.err << "kindly: warning: " << w << "\n";
  }
  if (session.value()->progress().clock_was_ahead) {
    ctx.io.err << "kindly: warning: the clock was ahead of the real time when Kindly last ran; "
                  "progress is shown at the real time again, and nothing that opened has "
                  "closed\n";
  }
  try {
    return fn(*session.value());
  } catch (const DataError& e) {
    return report(ctx, Error::data(e.what(), e.path()));
  }
}

int report(const Context& ctx, const Error& e) {
  const bool data = e.kind == ErrorKind::Data;
  if (ctx.global.json) {
    json err{{"kind", data ? "data" : "refused"}, {"message", e.message}};
    if (e.code != RefusalCode::None) err["code"] = refusal_id(e.code);
    if (!e.hint.empty()) err["hint"] = e.hint;
    if (!e.path.empty()) err["path"] = e.path;
    ctx.io.out << json{{"ok", false}, {"error", err}}.dump(2) << "\n";
  } else {
    ctx.io.err << "kindly: " << e.message << "\n";
    if (!e.hint.empty()) ctx.io.err << "  " << e.hint << "\n";
  }
  return data ? kDataProblem : kRefused;
}

int usage(const Context& ctx, const std::string& message) {
  if (ctx.global.json) {
    ctx.io.out << json{{"ok", false}, {"error", {{"kind", "usage"}, {"message", message}}}}.dump(2)
               << "\n";
  } else {
    ctx.io.err << "kindly: " << message << "\n";
  }
  return kUsage;
}

int ok(const Context& ctx, json j, const std::string& text) {
  if (ctx.global.json) {
    json out{{"ok", true}};
    for (auto& [k, v] : j.items()) out[k] = v;
    ctx.io.out << out.dump(2) << "\n";
  } else if (!text.empty()) {
    ctx.io.out << text;
    if (text.back() != '\n') ctx.io.out << "\n";
  }
  return kOk;
}

std::string module_label(const Module& m) {
  return m.optional ? m.title : "week " + std::to_string(m.number);
}

std::string minutes_text(int minutes) {
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

namespace {

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string item_title(const Course& c, const std::string& id) {
  const Item* it = c.item(id);
  return it != nullptr ? it->title : id;
}

}  // namespace

std::string outcome_text(const Course& c, const Progress& p, const Outcome& o) {
  std::string text;
  for (const auto& id : o.items_done) text += "\nDone: " + item_title(c, id);
  if (o.pacing && !o.credited && !o.events.empty()) {
    text +=
        "\nThis counts toward your practice time. To tick the practice in the week, a "
        "session of " +
        minutes_text(o.credit_minutes) + " or more is needed.";
  }
  if (!o.events.empty() && o.pacing) {
    // Homework counted in days: where it stands now.
    if (const WeekProgress* w = p.module(o.events.front().module)) {
      for (const auto& it : w->items) {
        if (it.need > 1 && it.sessions > 0 && !it.done) {
          text += "\n" + it.title + ": " + std::to_string(it.have) + " of " +
                  std::to_string(it.need) + " days";
        }
      }
    }
  }
  for (const auto& [subscale, score] : o.scores) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", score);
    text += "\n  " + (subscale.empty() ? std::string("score") : subscale) + ": " + buf;
  }
  if (o.pacing && o.pacing->difficult) {
    text += "\nThat sounds like it was hard. It is fine to stop, or to come back to the ground";
    if (const Practice* g = c.practice(o.pacing->grounding_practice)) text += " with " + g->title;
    text += ".";
  }
  if (o.pacing && o.pacing->suggest_slower) {
    text +=
        "\nThis week has had several hard practices: go slower, stay longer in the week, "
        "or choose lighter practices.";
  }
  for (const auto& id : o.weeks_completed) {
    if (const Module* m = c.module(id))
      text += "\n" + capitalised(module_label(*m)) + " is complete.";
  }
  for (const auto& id : o.weeks_opened) {
    const Module* m = c.module(id);
    if (m != nullptr && !m->optional)
      text += "\n" + capitalised(module_label(*m)) + " is now open.";
  }
  return text;
}

json outcome_json(const Outcome& o) {
  json events = json::array();
  for (const Event& e : o.events) events.push_back(event_json(e));
  json j;
  j["event"] = o.events.empty() ? json(nullptr) : event_json(o.events.front());
  j["events"] = events;
  j["weeks_opened"] = o.weeks_opened;
  j["weeks_started"] = o.weeks_started;
  j["weeks_completed"] = o.weeks_completed;
  j["items_now_done"] = o.items_done;
  j["items_undone"] = o.items_undone;
  if (o.pacing) {
    j["credited"] = o.credited;
    j["credit_minutes"] = o.credit_minutes;
    j["difficult"] = o.pacing->difficult;
    j["suggest_slower"] = o.pacing->suggest_slower;
    j["grounding_practice"] =
        o.pacing->grounding_practice.empty() ? json(nullptr) : json(o.pacing->grounding_practice);
  }
  if (!o.scores.empty()) j["scores"] = o.scores;
  if (o.entry) j["entry"] = entry_json(*o.entry);
  if (o.removed > 0) j["removed"] = o.removed;
  if (o.measure) {
    const MeasureOutcome& m = *o.measure;
    json mj{{"id", m.measure}, {"occasion", m.occasion}, {"skipped", m.skipped}};
    if (!m.skipped) {
      mj["total"] = m.score.total;
      mj["band"] = m.score.band;
      mj["subscales"] = m.score.subscales;
      mj["previous_total"] = m.previous_total ? json(*m.previous_total) : json(nullptr);
      mj["change"] = to_string(m.change);
      mj["change_words"] = change_words(m.change);
    }
    j["measure"] = mj;
    j["safety_help"] = o.safety_help;
    j["safety_rules"] = m.score.safety_rules;
  }
  return j;
}

json time_json(const std::optional<TimePoint>& t) {
  return t ? json(format_time(*t)) : json(nullptr);
}

json event_json(const Event& e) {
  json j{{"seq", e.seq},
         {"type", to_string(e.type)},
         {"at", format_time(e.at)},
         {"recorded_at", format_time(e.recorded_at)}};
  if (!e.course_id.empty()) j["course_id"] = e.course_id;
  if (!e.course_version.empty()) j["course_version"] = e.course_version;
  if (!e.module.empty()) j["module"] = e.module;
  if (e.week != 0) j["week"] = e.week;
  if (!e.item.empty()) j["item"] = e.item;
  if (!e.practice.empty()) j["practice"] = e.practice;
  if (e.minutes != 0) j["minutes"] = e.minutes;
  if (!e.note.empty()) j["note"] = e.note;
  if (e.distress_before) j["distress_before"] = *e.distress_before;
  if (e.distress_after) j["distress_after"] = *e.distress_after;
  if (!e.answers.empty()) j["answers"] = e.answers;
  if (e.entry_id != 0) j["entry_id"] = e.entry_id;
  if (!e.reason.empty()) j["reason"] = e.reason;
  return j;
}

json entry_json(const JournalEntry& e) {
  return json{{"id", e.id},
              {"created_at", format_time(e.created_at)},
              {"updated_at", format_time(e.updated_at)},
              {"deleted_at", time_json(e.deleted_at)},
              {"module", e.module.empty() ? json(nullptr) : json(e.module)},
              {"week", e.week == 0 ? json(nullptr) : json(e.week)},
              {"item", e.item.empty() ? json(nullptr) : json(e.item)},
              {"prompt", e.item.empty() ? json(nullptr) : json(e.prompt + 1)},
              {"revisions", e.revisions},
              {"text", e.text}};
}

namespace {

json week_json(const Course& c, const Progress& p, const WeekProgress& w) {
  json items = json::array();
  for (const ItemProgress& it : w.items) {
    json i{{"id", it.id},
           {"kind", to_string(it.kind)},
           {"title", it.title},
           {"required", it.required},
           {"done", it.done},
           {"ticked", it.ticked},
           {"progress", {{"have", it.have}, {"need", it.need}}},
           {"done_at", time_json(it.done_at)}};
    if (it.sessions > 0)
      i["practice"] = {{"sessions", it.sessions}, {"minutes", it.practice_minutes}};
    if (it.journal_entries > 0) i["journal_entries"] = it.journal_entries;
    if (!it.answers.empty()) {
      i["answers"] = it.answers;
      i["scores"] = it.scores;
      i["answered_at"] = time_json(it.answered_at);
    }
    items.push_back(std::move(i));
  }
  json j{{"number", w.number},
         {"id", w.id},
         {"title", w.title},
         {"state", to_string(w.state)},
         {"unlocked_at", time_json(w.unlocked_at)},
         {"started_at", time_json(w.started_at)},
         {"completed_at", time_json(w.completed_at)},
         {"unlocks_at", time_json(w.unlocks_at)},
         {"locked_reason", w.locked_reason.empty() ? json(nullptr) : json(w.locked_reason)},
         {"lock_reason", to_string(w.lock_reason)},
         {"min_days", w.min_days},
         {"required", {{"done", w.required_done}, {"total", w.required_total}}},
         {"moved_on", w.moved_on},
         {"moved_on_reason", w.moved_on ? json(w.moved_on_reason) : json(nullptr)},
         {"practice",
          {{"sessions", w.practice_sessions},
           {"minutes", w.practice_minutes},
           {"difficult", w.difficult_practices}}},
         {"items", std::move(items)}};
  if (w.optional) j["after_week"] = w.after_week;
  if (w.state == WeekState::Locked) {
    // The gate as the engine explains it (gates.h): ids for scripts, beside the sentence.
    const LockExplanation why = why_locked(c, p, w.id);
    j["lock"] = {{"gate", to_string(why.gate)},
                 {"waits_for", why.waits_for.empty() ? json(nullptr) : json(why.waits_for)},
                 {"until", time_json(why.until)},
                 {"missing_items", why.missing_items},
                 {"can_move_on", why.can_move_on}};
    if (why.gate == LockReason::Paused) j["lock"]["wait_days_left"] = why.wait_days_left;
  }
  return j;
}

std::string day_and_time(TimePoint t) {
  const std::string full = format_time(t);  // 2026-12-01T09:30:00+00:00
  return format_day(t) + " " + full.substr(11, 5);
}

}  // namespace

json status_json(const Course& c, const Progress& p) {
  json weeks = json::array();
  for (const auto& w : p.weeks) weeks.push_back(week_json(c, p, w));
  json modules = json::array();
  for (const auto& w : p.modules) modules.push_back(week_json(c, p, w));
  json last7 = json::array();
  for (const auto& d : p.stats.last_7_days) {
    last7.push_back(
        {{"day", format_date(d.day)}, {"minutes", d.minutes}, {"sessions", d.sessions}});
  }
  json orphans = json::array();
  for (const auto& o : p.orphans) {
    orphans.push_back({{"seq", o.seq},
                       {"type", to_string(o.type)},
                       {"kind", o.kind},
                       {"id", o.id},
                       {"at", format_time(o.at)}});
  }
  return json{
      {"course", {{"id", c.id}, {"title", c.title}, {"version", c.version}}},
      {"begun", p.begun},
      {"begun_at", time_json(p.begun_at)},
      {"begun_with", p.begun ? json{{"id", p.begun_course_id}, {"version", p.begun_course_version}}
                             : json(nullptr)},
      {"now", format_time(p.now)},
      {"current_week", p.current_week},
      {"paused", p.paused},
      {"paused_at", time_json(p.paused_at)},
      {"paused_reason", p.paused ? json(p.paused_reason) : json(nullptr)},
      {"weeks", std::move(weeks)},
      {"modules", std::move(modules)},
      {"stats",
       {{"days_practised_last_7", p.stats.days_practised_last_7},
        {"last_7_days", std::move(last7)},
        {"total_minutes", p.stats.total_minutes},
        {"total_sessions", p.stats.total_sessions},
        {"total_days", p.stats.total_days},
        {"last_practice_at", time_json(p.stats.last_practice_at)}}},
      {"suggest_slower", p.suggest_slower},
      {"orphans", std::move(orphans)},
      {"events", p.event_count}};
}

std::string status_text(const Course& c, const Progress& p) {
  std::ostringstream o;
  o << c.title << " (" << c.id << " " << c.version << ")\n";
  if (!p.begun) {
    o << "Not begun yet. Start with: kindly begin\n";
    return o.str();
  }
  o << "Begun " << format_day(*p.begun_at) << "; now " << day_and_time(p.now) << "; current week "
    << p.current_week << "\n";
  if (p.paused) {
    o << "The course is resting since " << format_day(*p.paused_at)
      << ": reminders are off and the weeks wait for you. Resume with: kindly resume\n";
  }
  auto week_block = [&](const WeekProgress& w) {
    o << "\n";
    if (w.optional) {
      o << w.title << " (optional, after week " << w.after_week << "): ";
    } else {
      o << "Week " << w.number << ": " << w.title << ": ";
    }
    o << to_string(w.state);
    if (w.state == WeekState::Locked) {
      o << "\n  " << w.locked_reason << "\n";
      return;
    }
    if (w.started_at) o << ", started " << format_day(*w.started_at);
    if (!w.optional) o << ", " << w.required_done << "/" << w.required_total << " required done";
    if (w.moved_on) o << ", moved on (" << w.moved_on_reason << ")";
    o << "\n";
    for (const ItemProgress& it : w.items) {
      char line[256];
      const std::string progress =
          it.need > 1 ? std::to_string(it.have) + "/" + std::to_string(it.need) : "";
      std::snprintf(line, sizeof line, "  [%c] %-20s %-10s %-8s %s", it.done ? 'x' : ' ',
                    it.id.c_str(), to_string(it.kind), it.required ? "required" : "",
                    progress.c_str());
      std::string s = line;
      while (!s.empty() && s.back() == ' ') s.pop_back();
      o << s << "\n";
    }
  };
  for (const auto& w : p.weeks) {
    week_block(w);
    for (const auto& m : p.modules) {
      if (m.after_week == w.number) week_block(m);
    }
  }
  o << "\nPractice: " << p.stats.days_practised_last_7 << " of the last 7 days; "
    << p.stats.total_minutes << " minutes in " << p.stats.total_sessions << " session(s) in all\n";
  if (p.suggest_slower) {
    o << "This week has had several hard practices: it is fine to go slower, stay longer in "
         "the week, or choose lighter practices.\n";
  }
  if (!p.orphans.empty()) {
    o << "\nKept from an earlier version of the course (" << p.orphans.size() << "):\n";
    for (const auto& orphan : p.orphans) {
      o << "  #" << orphan.seq << " " << to_string(orphan.type) << ": " << orphan.kind << " '"
        << orphan.id << "' is no longer in the course\n";
    }
  }
  return o.str();
}

std::string event_text(const Event& e) {
  std::ostringstream o;
  o << "#" << e.seq << "  " << format_time(e.recorded_at) << "  " << to_string(e.type);
  switch (e.type) {
    case EventType::Begun:
      o << "  " << e.course_id << " " << e.course_version;
      break;
    case EventType::WeekStarted:
      o << "  " << e.module;
      break;
    case EventType::ItemDone:
    case EventType::ItemUndone:
    case EventType::Reflected:
      o << "  " << e.item;
      break;
    case EventType::CheckinAnswered: {
      o << "  " << e.item << " ";
      for (std::size_t i = 0; i < e.answers.size(); ++i) o << (i ? "," : "") << e.answers[i];
      break;
    }
    case EventType::PracticeLogged:
      o << "  " << e.practice << " " << e.minutes << " min from " << e.module;
      if (e.at != e.recorded_at) o << " at " << format_time(e.at);
      if (e.distress_before || e.distress_after) {
        o << " distress " << (e.distress_before ? std::to_string(*e.distress_before) : "-") << "->"
          << (e.distress_after ? std::to_string(*e.distress_after) : "-");
      }
      if (!e.note.empty()) o << " \"" << e.note << "\"";
      break;
    case EventType::MovedOn:
      o << "  " << e.module << " \"" << e.reason << "\"";
      break;
    case EventType::MeasureAnswered:
    case EventType::MeasureSkipped:
      o << "  " << e.item;
      if (!e.practice.empty()) o << " (" << e.practice << ")";
      if (e.type == EventType::MeasureAnswered) {
        o << " ";
        for (std::size_t i = 0; i < e.answers.size(); ++i) o << (i ? "," : "") << e.answers[i];
      }
      break;
    case EventType::CoursePaused:
      if (!e.reason.empty()) o << "  \"" << e.reason << "\"";
      break;
    case EventType::CourseResumed:
    case EventType::SafetyPlanSaved:  // the plan's words stay out of the history's text
      break;
    case EventType::PracticePlanSaved:
      if (auto plan = practice_plan_from_json(e.note)) {
        if (plan->empty()) {
          o << "  cleared";
        } else {
          for (std::size_t i = 0; i < plan->practices.size(); ++i)
            o << (i ? "," : "  ") << plan->practices[i];
          o << " " << format_weekdays(plan->weekdays) << " "
            << format_hhmm(plan->hour, plan->minute);
        }
      }
      break;
  }
  return o.str();
}

}  // namespace kindly::cli
