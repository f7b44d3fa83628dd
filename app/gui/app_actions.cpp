// App: running what screens ask for. Contents: routes (go) · engine requests (one path:
// Session::apply, then the outcome worded once) · UI effects · drafts and autosave · close.
#include <imgui.h>

#include <spdlog/spdlog.h>
#include <algorithm>
#include <cstdio>

#include "app.h"
#include "kindly/completion.h"
#include "kindly/gates.h"
#include "widgets.h"

namespace kindly::gui {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// ---- routes ----------------------------------------------------------------------------

void App::go(const Route& r) {
  save_draft(true);  // every screen change saves what was typed
  save_safety_plan();
  if (r.screen == Screen::SafetyPlan) state_.safety.loaded = false;  // read it fresh
  if (r.screen == Screen::Plan) state_.plan_form.loaded = false;     // read it fresh
  if (r.screen != Screen::Reflection || r.item != model_.route.item ||
      r.prompt != model_.route.prompt || !state_.draft.active) {
    state_.draft = Draft{};
  }
  if (r.screen == Screen::Reflection && !state_.draft.active) {
    Draft d;
    d.active = true;
    d.item = r.item;
    d.prompt = r.prompt;
    if (model_.course) {
      const Module* in = nullptr;
      if (model_.course->item(r.item, &in) && in) d.module = in->id;
    }
    state_.draft = d;
  }
  if (r.screen == Screen::Letter && !state_.draft.active) open_letter();
  state_.confirm_move_on = false;
  state_.move_on_reason.clear();
  state_.journal_confirm_delete = 0;
  state_.journal_versions = 0;
  state_.journal_confirm_version = 0;
  model_.route = r;
  journal_dirty_ = true;
  if (ImGui::GetCurrentContext()) ImGui::SetWindowFocus(nullptr);
}

// ---- one action ---------------------------------------------------------------------------

void App::run(const Action& action) {
  try {
    std::visit(Overloaded{
                   [&](const Request& r) { request(r); },
                   [&](const ui::Go& g) { go(g.route); },
                   [&](const ui::EditEntry& e) { edit_entry(e.entry); },
                   [&](const ui::RefreshJournal&) { journal_dirty_ = true; },
                   [&](const ui::SetTheme& t) {
                     settings_.theme = t.theme;
                     apply_theme(t.theme, scale_ * settings_.font_px / kDefaultFontPx);
                     save_window_settings();
                   },
                   [&](const ui::SetFontPx& f) {
                     settings_.font_px =
                         std::clamp(static_cast<float>(f.px), kMinFontPx, kMaxFontPx);
                     state_.font_px = settings_.font_px;
                     fonts_dirty_ = true;
                     save_window_settings();
                   },
                   [&](const auto& effect) { run_effect(effect); },
               },
               action);
  } catch (const std::exception& e) {
    notice(Notice::Kind::Problem, std::string("That did not work: ") + e.what(), 0);
    log(std::string("action failed: ") + e.what());
  }
}

// ---- engine requests ----------------------------------------------------------------------

bool App::report(const Error& e) {
  std::string msg = sentence(e.message);
  if (!e.hint.empty()) msg += " (" + e.hint + ")";
  if (e.kind == ErrorKind::Data) {
    notice(Notice::Kind::Problem,
           "Your data could not be saved: " + msg + (e.path.empty() ? "" : " [" + e.path + "]"), 0);
    log("data: " + e.message);
  } else {
    notice(Notice::Kind::Refused, msg);
    log(std::string("refused: ") + refusal_id(e.code));
  }
  return false;
}

// The one path for a change: Session::apply, then the outcome worded here, once.
void App::request(const Request& r) {
  if (!session_) return;
  const std::int64_t editing = state_.draft.entry;
  if (const auto* t = std::get_if<cmd::TrashEntry>(&r.command); t && t->id == editing) {
    save_draft(true);  // what was typed is saved before the entry moves to the trash
    state_.draft = Draft{};
  }
  auto out = session_->apply(r.command);
  if (const auto* sp = std::get_if<cmd::SaveSafetyPlan>(&r.command)) {
    out = saved_safety_plan(*sp, std::move(out));
    if (!out) return;
  }
  if (r.reply == Reply::Practice) {
    state_.practice.error = out ? std::string() : out.error().message;
  }
  if (!out) {
    report(out.error());
    return;
  }
  log(std::string(command_name(r.command)) + ": " + std::to_string(out->events.size()) +
      " event(s)");
  if (r.reply == Reply::Practice) {
    state_.practice.result = *out;
    if (const auto* l = std::get_if<cmd::LogPractice>(&r.command)) {
      state_.practice.logged_minutes = l->minutes;
    }
  } else {
    word_outcome(r.command, *out);
  }
  if (out->entry || std::holds_alternative<cmd::EmptyTrash>(r.command)) journal_dirty_ = true;
  if (r.then) go(*r.then);
}

// Notices for what a command changed (the practice player words its own).
void App::word_outcome(const Command& c, const Outcome& o) {
  const Course& course = *model_.course;
  auto title_of = [&](const std::string& module) {
    const Module* m = course.module(module);
    return m == nullptr ? module : m->optional ? m->title : "Week " + std::to_string(m->number);
  };
  if (const auto* l = std::get_if<cmd::LogPractice>(&c)) {
    std::string text = "Logged " + std::to_string(l->minutes) +
                       (l->minutes == 1 ? " minute" : " minutes") +
                       ". Thank you for taking this time for yourself.";
    if (!o.credited) {
      text += " A session of " + std::to_string(o.credit_minutes) +
              " minutes or more ticks the practice in its week.";
    }
    notice(Notice::Kind::Info, text, 6);
    if (o.pacing && o.pacing->difficult) {
      const Practice* g = course.practice(o.pacing->grounding_practice);
      notice(Notice::Kind::Info,
             "That sounded hard. It is fine to stop, open your eyes and come back to the room" +
                 (g == nullptr ? std::string(".") : "; " + g->title + " can help."),
             0);
    }
  } else if (std::holds_alternative<cmd::AnswerCheckin>(c)) {
    notice(Notice::Kind::Info, "Thank you. Your answers are saved.", 4);
  } else if (std::holds_alternative<cmd::TrashEntry>(c)) {
    notice(Notice::Kind::Info, "Moved to the trash. You can restore it from there.", 6);
  } else if (std::holds_alternative<cmd::RestoreEntry>(c)) {
    notice(Notice::Kind::Info, "Restored.", 4);
  } else if (std::holds_alternative<cmd::RestoreVersion>(c) && o.entry) {
    notice(Notice::Kind::Info,
           "Version " + std::to_string(o.restored_from) + " is the text again, kept as version " +
               std::to_string(o.entry->revisions) + ". Every earlier version is still there.",
           8);
  } else if (std::holds_alternative<cmd::SkipMeasure>(c)) {
    notice(Notice::Kind::Info, "Not now, then. It will be offered again at its next time.", 5);
  } else if (const auto* am = std::get_if<cmd::AnswerMeasure>(&c); am && o.measure) {
    word_measure(o);
  } else if (std::holds_alternative<cmd::Pause>(c)) {
    notice(Notice::Kind::Info,
           "The course is resting. Reminders are off and no week's wait runs out while it "
           "rests. Practise or write whenever you like; resume when you are ready.",
           10);
  } else if (std::holds_alternative<cmd::Resume>(c)) {
    notice(Notice::Kind::Info, "Welcome back. The course is running again.", 6);
  } else if (const auto* pp = std::get_if<cmd::SavePracticePlan>(&c)) {
    notice(Notice::Kind::Info,
           pp->plan.empty() ? "Your keep-practising plan is cleared."
                            : "Your keep-practising plan is saved. Every version is kept.",
           6);
  } else if (std::holds_alternative<cmd::MoveOn>(c)) {
    notice(Notice::Kind::Info, "You moved on. Your reason is kept with your history.", 6);
  }
  for (const auto& id : o.weeks_completed) {
    notice(Notice::Kind::Info, title_of(id) + " is complete. Well done for staying with it.", 8);
  }
  for (const auto& id : o.weeks_opened) {
    const Module* m = course.module(id);
    if (m != nullptr && !m->optional && !std::holds_alternative<cmd::Begin>(c)) {
      notice(Notice::Kind::Info, title_of(id) + " is open now.", 8);
    }
  }
}

// ---- drafts ---------------------------------------------------------------------------------

// Opens entry `id` in the editor with its newest text and revision, read from the store now
// (the screen's list may be older: another Kindly may have saved since it was read).
void App::edit_entry(std::int64_t id) {
  save_draft(true);
  if (id == 0) {  // done editing
    state_.draft = Draft{};
    journal_dirty_ = true;
    return;
  }
  if (!session_) return;
  auto shown = session_->journal_show(id);
  if (!shown) {
    report(shown.error());
    journal_dirty_ = true;
    return;
  }
  const JournalEntry& e = shown->entry;
  Draft d;
  d.active = true;
  d.entry = e.id;
  d.revision = e.revisions;
  d.item = e.item;
  d.prompt = e.prompt;
  d.module = e.module;
  d.text = d.saved_text = e.text;
  state_.draft = d;
  state_.journal_versions = 0;
}

// The letter of learning: one journal entry, continued where it was left (its newest text read
// from the database now), or a new one the first time anything is typed.
void App::open_letter() {
  Draft d;
  d.active = true;
  d.item = std::string(kLetterOfLearningItem);
  d.module = std::string(kAfterModule);
  if (session_) {
    JournalFilter f;
    f.item = std::string(kLetterOfLearningItem);
    auto list = session_->journal_list(f);
    if (list && !list->empty()) {
      const JournalEntry* newest = &list->front();
      for (const JournalEntry& e : *list) {
        if (e.updated_at > newest->updated_at) newest = &e;
      }
      d.entry = newest->id;
      d.revision = newest->revisions;
      d.text = d.saved_text = newest->text;
    } else if (!list) {
      report(list.error());
    }
  }
  state_.draft = d;
}

// Saves what is typed: a new entry the first time, then a new revision of it. Another Kindly
// may have changed the entry meanwhile; nothing typed is ever dropped, and the user is told
// (on close, at the next start: the notice waits in the settings).
void App::save_draft(bool force) {
  Draft& d = state_.draft;
  if (!d.dirty() || !session_) return;
  (void)force;
  const bool blank = d.text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank && d.entry == 0) return;  // nothing written yet
  Result<Outcome> r = Error::data("not saved");
  if (d.entry != 0) {
    // keep_both: if another Kindly saved a version since d.revision, the engine keeps it as the
    // version before ours and says so (Outcome::other_revision), in one transaction.
    cmd::EditEntry edit{d.entry, d.text, d.revision};
    edit.keep_both = true;
    r = session_->apply(edit);
    if (r && r->other_revision && r->entry) {
      const std::string text = changed_elsewhere_notice(*r->entry, *r->other_revision);
      notice(Notice::Kind::Info, text, 0);
      if (closing_) settings_.pending_notice = text;  // shown when Kindly opens next
      spdlog::warn("gui: entry {} was changed elsewhere while being edited; both kept", d.entry);
    } else if (!r && (r.error().code == RefusalCode::InTrash ||
                      r.error().code == RefusalCode::NoSuchEntry)) {
      // Trashed or removed elsewhere: what was typed becomes a new entry, nothing is lost.
      const std::int64_t old = d.entry;
      r = session_->apply(cmd::WriteEntry{d.text, d.item, d.prompt, d.module});
      if (!r) r = session_->apply(cmd::WriteEntry{d.text, {}, 0, {}});
      if (r) {
        const std::string text =
            "This entry was moved to the trash or removed by another Kindly while you were "
            "writing. What you typed is kept as a new entry.";
        notice(Notice::Kind::Problem, text, 0);
        if (closing_) settings_.pending_notice = text;
        spdlog::warn("gui: entry {} vanished while being edited; saved as entry {}", old,
                     r->entry ? r->entry->id : 0);
      }
    }
  } else {
    r = session_->apply(cmd::WriteEntry{d.text, d.item, d.prompt, d.module});
  }
  if (!r) {
    d.error = r.error().message;
    d.last_edit = model_.time;  // try again after the next pause
    spdlog::warn("gui: autosave failed: {}", refusal_id(r.error().code));
    return;
  }
  if (r->entry) {
    d.entry = r->entry->id;
    d.revision = r->entry->revisions;
  }
  d.saved_text = d.text;
  d.error.clear();
  journal_dirty_ = true;
}

// What happened and where both texts are, in the user's words.
std::string App::changed_elsewhere_notice(const JournalEntry& e, int other) const {
  std::string where = "your journal";
  if (model_.course) {
    if (const Module* m = model_.course->module(e.module)) {
      where =
          "your journal (" + (m->optional ? m->title : "week " + std::to_string(m->number)) + ")";
    }
  }
  return "Another Kindly saved a change to the entry of " + format_day(e.created_at) +
         " while you were writing here. Both versions are kept: theirs is version " +
         std::to_string(other) + ", yours is version " + std::to_string(e.revisions) +
         ", its text now. To see or restore either, open the entry in " + where +
         " and choose Versions.";
}

void App::flush() {
  save_draft(true);
  save_safety_plan();
}

// ---- questionnaires -----------------------------------------------------------------------------

// The score in plain words, never a diagnosis; when a safety rule fired, the crisis lines at
// once (the Resources screen) with the safety plan one click away, every time.
void App::word_measure(const Outcome& o) {
  const MeasureOutcome& mo = *o.measure;
  std::string title = mo.measure;
  for (const Measure& m : model_.course->measures) {
    if (m.id == mo.measure) title = m.title;
  }
  char total[32];
  std::snprintf(total, sizeof total, "%g", mo.score.total);
  std::string text = "Thank you. " + title + ": " + total;
  if (!mo.score.band.empty()) text += " (" + mo.score.band + ")";
  text += ". This is not a diagnosis.";
  if (mo.previous_total && mo.change != Change::NotJudged) {
    text += std::string(" Since last time: ") + change_words(mo.change) + ".";
  }
  state_.measure_answers.erase(mo.measure);
  if (o.safety_help) {
    notice(Notice::Kind::Info,
           text +
               " You said you have had thoughts of being better off dead or of hurting "
               "yourself. Thank you for telling the truth. You do not have to carry this alone: "
               "the lines below are free and answer now, and your safety plan is one click away "
               "in the navigator.",
           0);
    go(Route{Screen::Resources});
    return;
  }
  notice(Notice::Kind::Info, text, 10);
  go(Route{Screen::Home});
}

// ---- the safety plan --------------------------------------------------------------------------

void App::save_safety_plan() {
  if (auto save = safety_plan_save(state_.safety)) run(*save);
}

// After a SaveSafetyPlan: another Kindly saved the plan since this one was read. The words
// typed here are saved anyway (both versions stay in the history) and the user is told; the
// form then holds what was saved.
Result<Outcome> App::saved_safety_plan(const cmd::SaveSafetyPlan& c, Result<Outcome> out) {
  SafetyPlanForm& form = state_.safety;
  if (!out && out.error().code == RefusalCode::ChangedElsewhere) {
    out = session_->apply(cmd::SaveSafetyPlan{c.plan, std::nullopt});
    if (out) {
      notice(Notice::Kind::Info,
             "Another Kindly saved your safety plan while you were writing here. Both versions "
             "are kept in your history; the words on this screen are the plan now.",
             0);
    }
  }
  if (!out) {
    form.error = sentence(out.error().message);
    report(out.error());
    return out;
  }
  form.error.clear();
  if (out->safety_plan) {
    form.saved = c.plan;
    form.base = out->safety_plan->seq;
    form.saved_at = out->safety_plan->saved_at;
  }
  return out;
}

bool App::save_window_settings() {
  return save_settings(settings_file_, settings_);
}

void App::shutdown() {
  closing_ = true;
  flush();
  save_window_settings();
  // Closed mid-practice without asking (a signal, a session ending): it can be resumed.
  if (!close_requested_ && state_.practice.in_progress(model_.time)) {
    run_effect(ui::KeepResume{state_.practice.resume_state(model_.time)});
  }
}

}  // namespace kindly::gui
