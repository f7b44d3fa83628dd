// App. Contents: routes · start-up (course, clock, session) · frame (layout, shortcuts,
// screens, exception boundary) · journal queries · log. Actions (engine requests and UI
// effects) are run in app_actions.cpp; sound, files and per-frame data in app_effects.cpp.
#include "app.h"

#include <imgui_internal.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <exception>

#include "keys.h"
#include "kindly/audio.h"
#include "kindly/crypto.h"
#include "kindly/logging.h"
#include "kindly/speech.h"
#include "widgets.h"

namespace kindly::gui {

// ---- routes --------------------------------------------------------------------------------

std::optional<Route> parse_route(const std::string& name, const Course* course) {
  Route r;
  if (name == "welcome") return Route{Screen::Welcome};
  if (name == "home" || name == "today") return Route{Screen::Home};
  if (name == "journal") return Route{Screen::Journal};
  if (name == "settings") return Route{Screen::Settings};
  if (name == "problems") return Route{Screen::Problems};
  if (name == "progress") return Route{Screen::Progress};
  if (name == "resources") return Route{Screen::Resources};
  if (name == "export") return Route{Screen::Export};
  if (name == "safety-plan") return Route{Screen::SafetyPlan};
  if (name == "good-time") return Route{Screen::GoodTime};
  if (name == "letter") return Route{Screen::Letter};
  if (name == "plan") return Route{Screen::Plan};
  if (name == "compare") return Route{Screen::Compare};
  if (name == "unlock") return Route{Screen::Unlock};
  if (name == "recovery-key") return Route{Screen::Settings};  // screenshots: a sample key shown
  if (name.rfind("measure/", 0) == 0 && course) {
    r.screen = Screen::Measure;
    r.item = name.substr(8);
    // measure/ID/safety-help: what answering with its safety rules met shows (screenshots).
    if (const auto slash = r.item.find('/');
        slash != std::string::npos && r.item.substr(slash + 1) == "safety-help") {
      r.item.resize(slash);
      r.prompt = 1;
    }
    for (const Measure& m : course->measures) {
      if (m.id == r.item) return r;
    }
    return std::nullopt;
  }
  if (name.rfind("record/", 0) == 0 && course) {
    r.screen = Screen::Record;
    r.item = name.substr(7);
    if (!course->practice(r.item)) return std::nullopt;
    return r;
  }
  if (name.rfind("practice/", 0) == 0 && course) {
    // practice/ID or practice/ID/SECONDS (start that far in, for screenshots); ID "open" is an
    // untimed timer.
    r.screen = Screen::Practice;
    r.item = name.substr(9);
    if (const auto slash = r.item.find('/'); slash != std::string::npos) {
      // Screenshots of the later stages: "after" (How are you now?) and "difficult" (the
      // panel the engine's pacing answer opens, with sample minutes).
      const std::string stage = r.item.substr(slash + 1);
      r.item.resize(slash);
      if (stage == "after" || stage == "difficult") {
        r.prompt = stage == "after" ? 1 : 2;
        r.seconds = 7 * 60;
        if (r.item == "open" || course->practice(r.item) || course->item(r.item)) return r;
        return std::nullopt;
      }
      if (stage == "begin") {  // begun at once (the real-sound test: no clicks needed)
        r.begin = true;
        if (course->practice(r.item) || course->item(r.item)) return r;
        return std::nullopt;
      }
      r.item += "/" + stage;
      try {
        r.seconds = std::max(0, std::stoi(r.item.substr(slash + 1)));
      } catch (...) {
        return std::nullopt;
      }
      r.item.resize(slash);
    }
    if (r.item == "open" || course->practice(r.item)) return r;
    const Item* it = course->item(r.item);
    if (it && (it->kind == ItemKind::Meditation || it->kind == ItemKind::Informal)) return r;
    return std::nullopt;
  }
  if (name.rfind("checkin/", 0) == 0 && course) {
    r.screen = Screen::Checkin;
    r.item = name.substr(8);
    const Item* it = course->item(r.item);
    if (!it || it->kind != ItemKind::Checkin) return std::nullopt;
    return r;
  }
  if (name.rfind("week/", 0) == 0) {
    const std::string arg = name.substr(5);
    r.screen = Screen::Week;
    if (!course) return std::nullopt;
    try {
      std::size_t used = 0;
      const int n = std::stoi(arg, &used);
      if (used == arg.size()) {
        const Module* m = course->week(n);
        if (!m) return std::nullopt;
        r.module = m->id;
        return r;
      }
    } catch (...) {
    }
    if (!course->module(arg)) return std::nullopt;
    r.module = arg;
    return r;
  }
  if (name.rfind("reflection/", 0) == 0) {
    r.screen = Screen::Reflection;
    r.item = name.substr(11);
    if (!course) return std::nullopt;
    const Item* it = course->item(r.item);
    if (!it || it->kind != ItemKind::Reflection) return std::nullopt;
    return r;
  }
  return std::nullopt;
}

namespace {

// Where Escape goes back to from `r`: a reflection or check-in to its week, a week or a
// side screen to Today. None for Today, the welcome, the problems and the practice screen
// (the player asks before it stops).
std::optional<Route> parent_route(const Route& r, const Course* course) {
  switch (r.screen) {
    case Screen::Reflection:
    case Screen::Checkin: {
      const Module* in = nullptr;
      if (course && course->item(r.item, &in) && in) return Route{Screen::Week, in->id};
      return Route{Screen::Home};
    }
    case Screen::Week:
    case Screen::Journal:
    case Screen::Settings:
    case Screen::Progress:
    case Screen::Resources:
    case Screen::Export:
    case Screen::SafetyPlan:
    case Screen::Measure:
    case Screen::Letter:
    case Screen::Plan:
    case Screen::Compare:
      return Route{Screen::Home};
    case Screen::GoodTime:
      return Route{Screen::Welcome};
    case Screen::Record:
      if (course && course->practice(r.item)) return Route{Screen::Practice, {}, r.item};
      return Route{Screen::Home};
    case Screen::Welcome:
    case Screen::Home:
    case Screen::Problems:
    case Screen::Practice:
    case Screen::Unlock:
      break;
  }
  return std::nullopt;
}

// Closes a question a screen has open ("Move this entry to the trash?", "Move on?", "Restore
// from a backup?"), as its No button would. False when none is open.
bool cancel_open_question(ScreenState& s) {
  bool any = false;
  if (s.journal_confirm_delete != 0) s.journal_confirm_delete = 0, any = true;
  if (s.confirm_move_on) s.confirm_move_on = false, any = true;
  if (s.confirm_restore) s.confirm_restore = false, any = true;
  return any;
}

}  // namespace

// ---- start-up ------------------------------------------------------------------------------

App::App(const AppConfig& config) : config_(config) {
  model_.course_dir = config.course_dir;
  model_.data_dir = config.data_dir;
  model_.log_file = (default_log_dir() / "kindly.log").string();
  settings_file_ = settings_path(config.data_dir).string();
  model_.settings_file = settings_file_;
  settings_ = config.settings ? *config.settings : load_settings(settings_file_);
  if (!config.theme.empty()) {
    if (auto t = theme_from_name(config.theme)) settings_.theme = *t;
  }
  state_.font_px = settings_.font_px;

  try {
    load_ = load_course(config.course_dir);
  } catch (const std::exception& e) {
    load_ = LoadResult{};
    Diagnostic d;
    d.code = Code::NotACourse;
    d.message = std::string("the course could not be read: ") + e.what();
    load_.diagnostics.push_back(d);
  }
  model_.load = &load_;
  model_.course = load_.course.get();

  std::string clock_error;
  try {
    clock_ = clock_from_option(config.now, &clock_error);
  } catch (const std::exception& e) {
    clock_error = e.what();
  }
  if (!clock_) {
    startup_problem_ = "the time given with --now or KINDLY_NOW does not parse: " + clock_error;
    clock_ = std::make_shared<SystemClock>();
  }

  if (!config.secret_given) set_unlock_source(nullptr);  // the unlock screen asks (app_lock.cpp)
  open_session();
  set_unlock_source(nullptr);  // from here on only the unlock screen answers
  note_lock_status();
  load_resume();  // an interrupted practice to offer (app_effects.cpp)
  if (!model_.data_problem.empty()) log("data problem: " + model_.data_problem);
  if (model_.progress && model_.progress->clock_was_ahead) {
    notice(Notice::Kind::Info,
           "The clock was ahead of the real time when Kindly last ran. Your progress is shown "
           "at the real time again, and nothing that opened has closed.",
           0);
  }
  if (load_.has_errors()) log("course has " + std::to_string(load_.error_count()) + " errors");
  // What the app had to tell when it last closed (App::save_draft), shown once.
  if (!settings_.pending_notice.empty() && !config.fixed_screen) {
    notice(Notice::Kind::Info, settings_.pending_notice, 0);
    settings_.pending_notice.clear();
    save_window_settings();
  }

  // First screen.
  Route first = first_route();
  if (!config.screen.empty()) {
    if (auto r = parse_route(config.screen, model_.course)) first = *r;
    // Screenshots: the recovery key as it is shown once, with a key made for the picture.
    if (config.screen == "recovery-key") {
      std::string raw;
      model_.recovery_key = crypto::new_recovery_key(&raw);
      first = Route{Screen::Settings};
    }
  }
  model_.route = first;
  if (first.screen == Screen::Reflection || first.screen == Screen::Letter) go(first);
  if (first.screen == Screen::Measure && first.prompt == 1) show_safety_help_sample(first.item);
}

// "measure/ID/safety-help" (screenshots): the measure answered at its lowest with every safety
// rule met, scored by the engine and worded as a real answer is, without writing anything.
void App::show_safety_help_sample(const std::string& measure) {
  if (!model_.course) return;
  for (const Measure& m : model_.course->measures) {
    if (m.id != measure || m.safety.empty()) continue;
    std::map<std::string, int> answers;
    for (const MeasureItem& it : m.items) answers[it.id] = m.lowest();
    for (const MeasureSafetyRule& rule : m.safety) answers[rule.item] = rule.at_or_above;
    Outcome o;
    o.measure = MeasureOutcome{m.id, "", false, score_measure(m, answers)};
    o.safety_help = !o.measure->score.safety_rules.empty();
    word_measure(o);
  }
}

App::~App() = default;

Route App::first_route() const {
  if (model_.data_locked) return Route{Screen::Unlock};
  if (!load_.course || !model_.data_problem.empty()) return Route{Screen::Problems};
  if (!model_.progress || !model_.progress->begun) return Route{Screen::Welcome};
  return Route{Screen::Home};
}

void App::open_session() {
  session_.reset();
  model_.progress = nullptr;
  model_.data_problem.clear();
  model_.data_problem_path.clear();
  model_.data_locked = false;
  if (!load_.course) return;
  try {
    auto s = Session::open(load_.course, config_.data_dir, clock_);
    const RefusalCode code = s.ok() ? RefusalCode{} : s.error().code;
    if (s.ok()) {
      session_ = std::move(s.value());
      model_.progress = &session_->progress();
    } else if (s.error().kind == ErrorKind::Refused &&
               (code == RefusalCode::PassphraseNeeded || code == RefusalCode::WrongPassphrase ||
                code == RefusalCode::WrongRecoveryKey)) {
      // Locked: the unlock screen asks (a wrong one is said there in one line).
      model_.data_locked = true;
      model_.unlock_error =
          code == RefusalCode::PassphraseNeeded ? std::string() : sentence(s.error().message) + ".";
    } else {
      model_.data_problem = s.error().message;
      model_.data_problem_path = s.error().path;
    }
  } catch (const std::exception& e) {
    model_.data_problem = e.what();
  }
}

void App::setup_fonts_and_style(float content_scale) {
  use_fonts(load_fonts(*ImGui::GetIO().Fonts, font_plan(content_scale)), content_scale);
}

FontPlan App::font_plan(float content_scale) const {
  FontPlan plan;
  plan.base_px = settings_.font_px;
  plan.scale = content_scale > 0 ? content_scale : 1.0f;
  if (model_.course) plan.course_characters = model_.course->characters;
  return plan;
}

void App::use_fonts(const Fonts& fonts, float content_scale) {
  scale_ = content_scale > 0 ? content_scale : 1.0f;
  fonts_ = fonts;
  model_.fonts = &fonts_;
  apply_theme(settings_.theme, scale_ * settings_.font_px / kDefaultFontPx);
  fonts_dirty_ = false;
}

// ---- frame ---------------------------------------------------------------------------------

void App::frame() {
  model_.time = ImGui::GetTime();
  lock_frame_start();    // unlocking, Ctrl+L, the idle lock (app_lock.cpp)
  clear_widget_rects();  // test hooks describe this frame only
  keys::begin_frame();   // Tab, Enter and Escape for every screen (keys.h)
  // The clock moves on (a week may open at midnight): re-fold now and then.
  if (session_ && model_.time - last_refresh_ > 60.0) {
    last_refresh_ = model_.time;
    try {
      (void)session_->refresh();
    } catch (const std::exception& e) {
      log(std::string("refresh failed: ") + e.what());
    }
  }
  // Notices that have run their time.
  std::erase_if(model_.notices,
                [&](const Notice& n) { return n.until > 0 && n.until <= model_.time; });
  if (journal_dirty_) refresh_journal();
  prepare_screens();

  Actions out;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##kindly", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar();

  const float nav_pad_x = std::round(18 * scale_);
  const float nav_w = navigator_width(model_, vp->WorkSize.x, nav_pad_x);
  bool failed = false;
  std::string what;
  try {
    // A practice running (and its "How are you now?") has the window to itself.
    const bool calm = model_.route.screen == Screen::Practice && state_.practice.whole_window();
    if (model_.course && model_.data_problem.empty() && !model_.data_locked && !calm) {
      ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().sidebar);
      ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(nav_pad_x, std::round(22 * scale_)));
      ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
      ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, std::round(6 * scale_));
      // Flattened: Tab and the arrows move between the navigator and the screen as one.
      ImGui::BeginChild("##navigator", ImVec2(nav_w, 0), false,
                        ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
      ImGui::PopStyleVar(3);
      draw_navigator(model_, state_, out);
      ImGui::EndChild();
      ImGui::PopStyleColor();
      if (current_theme() == Theme::Contrast) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(b.x, a.y), b, u32(palette().text), 2.0f);
      }
      ImGui::SameLine(0, 0);
    }
    draw_content(out);
    keys::end_frame();
  } catch (const std::exception& e) {
    failed = true;
    what = e.what();
  } catch (...) {
    failed = true;
    what = "unknown error";
  }
  if (failed) {
    keys::end_frame();
    reset_cards();
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    log("draw failed: " + what);
    notice(Notice::Kind::Problem, "Something went wrong drawing this screen (" + what +
                                      "). Your writing is safe; try another screen.");
    return;
  }
  ImGui::End();

  if (settle_frames_ > 0) --settle_frames_;
  for (const Action& a : out) run(a);

  // Autosave within a second of a pause.
  if (state_.draft.dirty() && model_.time - state_.draft.last_edit >= 0.75) save_draft(false);
}

Route App::shown_route() const {
  Route r = model_.route;
  if (model_.data_locked) return Route{Screen::Unlock};
  const bool has_course = model_.course && model_.data_problem.empty();
  if (!has_course && r.screen != Screen::Settings) r.screen = Screen::Problems;
  // Before Begin: the welcome, and the screens it and the good-time page lead to.
  const bool before_begin = r.screen == Screen::Settings || r.screen == Screen::Problems ||
                            r.screen == Screen::GoodTime || r.screen == Screen::SafetyPlan ||
                            r.screen == Screen::Resources;
  if (has_course && !config_.fixed_screen && model_.progress && !model_.progress->begun &&
      !before_begin) {
    r.screen = Screen::Welcome;
  }
  return r;
}

// Long because it is the router in one piece: a new screen's scroll and focus, the readable
// column, the notices, one screen per route, and Escape when no screen took it.
void App::draw_content(Actions& out) {
  // A screen opens at its top with the keyboard on its first control (or where the screen
  // puts it), whatever the screen before it had scrolled to.
  const Route r = shown_route();
  const bool opened = !drawn_route_ || !(r == *drawn_route_);
  drawn_route_ = r;
  if (opened) settle_frames_ = 2;
  // Twice: the focus put on the first control would scroll to it in the second frame. A
  // screen that opens at an item scrolls to it after this (SetScrollHereY).
  if (opened || settle_frames_ == 1) ImGui::SetNextWindowScroll(ImVec2(0, 0));
  const float pad_x = std::round(40 * scale_), pad_y = std::round(32 * scale_);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad_x, pad_y));
  ImGui::BeginChild("##content", ImVec2(0, 0), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NavFlattened);
  ImGui::PopStyleVar();
  keys::set_opening(opened, opened || settle_frames_ == 1);

  // A readable column, centred.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float col = std::min(avail, std::round(44.0f * fonts_.ui->FontSize));
  const float indent = std::max(0.0f, std::floor((avail - col) * 0.5f));
  model_.content_width = col;
  if (indent > 0) ImGui::Indent(indent);

  // Notices (refusals, problems) sit above the screen.
  for (std::size_t i = 0; i < model_.notices.size(); ++i) {
    const Notice& n = model_.notices[i];
    const Palette& p = palette();
    const ImVec4 bg = n.kind == Notice::Kind::Info ? p.accent_soft : p.warm_soft;
    begin_card(col);
    ImGui::PushID(static_cast<int>(i));
    text_wrapped(n.text, col - 120 * scale_);
    ImGui::SameLine(col - 90 * scale_);
    if (link_button("Dismiss")) model_.notices[i].until = model_.time;
    ImGui::PopID();
    end_card(&bg);
    vspace(8 * scale_);
  }

  if (opened) keys::focus_next_control();  // the screen's first control, after the notices
  switch (r.screen) {
    case Screen::Welcome:
      draw_welcome(model_, state_, out);
      break;
    case Screen::Home:
      draw_home(model_, state_, out);
      break;
    case Screen::Week:
      draw_week(model_, state_, out);
      break;
    case Screen::Reflection:
      draw_reflection(model_, state_, out);
      break;
    case Screen::Journal:
      draw_journal(model_, state_, out);
      break;
    case Screen::Settings:
      draw_settings(model_, state_, out);
      break;
    case Screen::Problems:
      draw_problems(model_, state_, out);
      break;
    case Screen::Practice:
      draw_practice(model_, state_, out);
      break;
    case Screen::Progress:
      draw_progress(model_, state_, out);
      break;
    case Screen::Resources:
      draw_resources(model_, state_, out);
      break;
    case Screen::Checkin:
      draw_checkin(model_, state_, out);
      break;
    case Screen::Export:
      draw_export(model_, state_, out);
      break;
    case Screen::Record:
      draw_record(model_, state_, out);
      break;
    case Screen::SafetyPlan:
      draw_safety_plan(model_, state_, out);
      break;
    case Screen::Measure:
      draw_measure(model_, state_, out);
      break;
    case Screen::GoodTime:
      draw_good_time(model_, state_, out);
      break;
    case Screen::Letter:
      draw_letter(model_, state_, out);
      break;
    case Screen::Plan:
      draw_plan(model_, state_, out);
      break;
    case Screen::Compare:
      draw_compare(model_, state_, out);
      break;
    case Screen::Unlock:
      draw_unlock(model_, state_, out);
      break;
  }
  vspace(40 * scale_);
  keys::set_opening(false, false);
  if (indent > 0) ImGui::Unindent(indent);
  ImGui::EndChild();
  // Escape that no screen took: close the open question, else go back.
  if (keys::take_escape() && !cancel_open_question(state_)) {
    if (auto back = parent_route(r, model_.course)) out.push_back(go_to(*back));
  }
}

double App::wake_in() const {
  // A screen just opened (or is about to): draw it now, and a frame more for its layout.
  if (settle_frames_ > 0 || (drawn_route_ && !(shown_route() == *drawn_route_))) return 0;
  if (model_.unlocking) return 0;  // "Unlocking..." is on screen: unlock now
  double w = -1;
  auto consider = [&](double s) {
    s = std::max(0.05, s);
    if (w < 0 || s < w) w = s;
  };
  if (session_ && model_.has_passphrase && model_.idle_lock_minutes > 0) {
    consider(last_activity_ + model_.idle_lock_minutes * 60.0 - model_.time);  // the idle lock
  }
  if (state_.draft.dirty()) consider(state_.draft.last_edit + 0.8 - model_.time);
  if (state_.practice.begin_pending) consider(1.5 - model_.time);  // practice/ID/begin
  // The practice player: every frame while the pacer moves, else on the clock's seconds.
  if (const double pw = effects_wake_in(); pw >= 0) w = w < 0 ? pw : std::min(w, pw);
  for (const Notice& n : model_.notices) {
    if (n.until > 0) consider(n.until - model_.time);
  }
  if (const double ww = widgets_wake_in(); ww >= 0) consider(ww);  // tooltips, sound status
  // A blinking caret while a text field has focus: wake exactly when it turns on or off
  // (ImGui shows it for 0.8 s of every 1.2 s). Not once it has stopped blinking (shell/loop.cpp).
  if (ImGuiContext* g = ImGui::GetCurrentContext();
      g && ImGui::GetIO().WantTextInput && ImGui::GetIO().ConfigInputTextCursorBlink) {
    const ImGuiInputTextState& st = g->InputTextState;
    if (st.ID != 0 && st.ID == g->ActiveId) {
      const float anim = st.CursorAnim;
      if (anim < 0) {
        consider(-anim + 0.01);
      } else {
        const float phase = std::fmod(anim, 1.2f);
        consider((phase < 0.8f ? 0.8f - phase : 1.2f - phase) + 0.01);
      }
    } else {
      consider(0.5);
    }
  }
  return w;
}

// ---- commands ------------------------------------------------------------------------------

void App::notice(Notice::Kind k, const std::string& text, double seconds) {
  // One notice per text.
  std::erase_if(model_.notices, [&](const Notice& n) { return n.text == text; });
  model_.notices.push_back(Notice{k, text, seconds > 0 ? model_.time + seconds : 0});
  if (model_.notices.size() > 3) model_.notices.erase(model_.notices.begin());
}

// ---- journal -------------------------------------------------------------------------------

void App::refresh_journal() {
  journal_dirty_ = false;
  model_.journal.clear();
  model_.search_hits.clear();
  model_.versions.clear();
  if (!session_) return;
  try {
    if (state_.journal_versions != 0 && model_.route.screen == Screen::Journal) {
      auto v = session_->journal_show(state_.journal_versions);
      if (v.ok()) model_.versions = v->revisions;
    }
    if (model_.route.screen == Screen::Reflection) {
      JournalFilter f;
      f.item = model_.route.item;
      auto r = session_->journal_list(f);
      if (r.ok()) model_.journal = r.value();
    } else if (model_.route.screen == Screen::Journal) {
      if (!state_.journal_search.empty() && !state_.journal_trash) {
        auto r = session_->journal_search(state_.journal_search, 100);
        if (r.ok()) {
          for (auto& h : r.value()) {
            if (!state_.journal_module.empty() && h.entry.module != state_.journal_module) continue;
            model_.search_hits.push_back(h);
          }
        }
      } else {
        JournalFilter f;
        f.module = state_.journal_module;
        f.trash = state_.journal_trash ? JournalFilter::Trash::Only : JournalFilter::Trash::Exclude;
        auto r = session_->journal_list(f);
        if (r.ok()) model_.journal = r.value();
      }
    }
  } catch (const std::exception& e) {
    log(std::string("journal query failed: ") + e.what());
  }
}

// The engine's log (kindly/logging.h; set up in main). Ids and messages only, never what the
// user wrote.
void App::log(const std::string& line) const {
  spdlog::info("gui: {}", line);
}

}  // namespace kindly::gui
