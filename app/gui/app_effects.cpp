// App, continued: the UI effects (sound, files, reminders) and the per-frame data of the
// practice player, progress, resources and export screens. Files go through the Session's
// data operations (kindly/data_ops.h). Contents: sound · spoken guidance · take it with you
// (a practice as a sound file) · the interrupted practice and closing · reports, export,
// backup · reminder and autostart · per-frame data · wake-ups.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "app.h"
#include "desktop.h"
#include "kindly/atomic_file.h"
#include "kindly/audio.h"
#include "kindly/bell.h"
#include "kindly/charts.h"
#include "kindly/completion.h"
#include "kindly/data_ops.h"
#include "kindly/practice_plan.h"
#include "kindly/recordings.h"
#include "kindly/reminders.h"
#include "kindly/render.h"
#include "kindly/report.h"
#include "kindly/speech.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

std::string expand_home(const std::string& path) {
  if (path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + path.substr(1);
  }
  return path;
}

ReminderSchedule schedule_of(const GuiSettings& g) {
  ReminderSchedule s;
  s.enabled = g.reminder_enabled;
  s.hour = g.reminder_hour;
  s.minute = g.reminder_minute;
  if (auto d = parse_weekdays(g.reminder_days)) s.weekdays = *d;
  return s;
}

std::optional<TimePoint> last_fired(const GuiSettings& g) {
  if (g.reminder_last_fired.empty()) return std::nullopt;
  return parse_time(g.reminder_last_fired);
}

}  // namespace

audio::Player& App::audio() {
  if (!audio_) {
    audio_ = std::make_unique<audio::Player>();
    audio_->set_volume(settings_.volume);
    audio_->set_muted(settings_.muted);
  }
  return *audio_;
}

// ---- sound --------------------------------------------------------------------------------

void App::run_effect(const ui::PlayBell& e) {
  if (!e.chime) {
    audio().play_bell(e.soft ? 0.6 : 1.0);
    return;
  }
  // The chime at a step change (Guidance::Chime): the bell's tone, an octave up, quieter and
  // two seconds long, so it has rung out well before the next step; rendered once.
  static const std::vector<std::int16_t> chime = [] {
    BellParams p;
    p.seconds = 2.0;
    p.frequency_hz = 440;
    p.level = 0.35;
    p.beat_hz = 0;
    for (BellPartial& q : p.partials) q.decay_s = std::min(q.decay_s, 0.6);
    return to_pcm16(render_bell(p));
  }();
  if (!settings_.muted) audio().play_pcm(chime, BellParams{}.sample_rate);
}

void App::run_effect(const ui::PlayAudio& e) {
  if (!audio().play_file(e.path, data_key().get())) {
    log("audio file could not be played: " + audio().last_error());
    notice(Notice::Kind::Info,
           "The recording could not be played; the script is here to follow instead.", 6);
  }
}

void App::run_effect(const ui::StopSound&) {
  if (audio_) audio_->stop();
}

void App::run_effect(const ui::SetVolume& e) {
  settings_.volume = std::clamp(e.volume, 0.0, 1.0);
  if (audio_) audio_->set_volume(settings_.volume);
  save_window_settings();
}

void App::run_effect(const ui::SetMuted& e) {
  settings_.muted = e.muted;
  if (audio_) audio_->set_muted(settings_.muted);
  save_window_settings();
}

void App::run_effect(const ui::SetGuidance& e) {
  settings_.guidance = e.guidance;
  model_.guidance = e.guidance;
  save_window_settings();
}

// ---- spoken guidance -----------------------------------------------------------------------

speech::Speaker& App::speaker() {
  if (!speaker_) speaker_ = speech::Speaker::create(&audio());
  return *speaker_;
}

void App::use_speaker(std::unique_ptr<speech::Speaker> s) {
  speaker_ = std::move(s);
  model_.voice_state = Model::Voice::Untried;
  model_.voices.clear();
}

void App::note_voice() {
  if (!speaker_) return;
  const speech::Backend b = speaker_->backend();
  const Model::Voice before = model_.voice_state;
  model_.voice_state = b == speech::Backend::None ? Model::Voice::None : Model::Voice::Ready;
  model_.voice_backend = speech::to_string(b);
  model_.voice_reason = b == speech::Backend::None ? speaker_->reason() : std::string();
  if (model_.voice_state != before) {
    log(std::string("speech: ") + (b == speech::Backend::None
                                       ? "no voice (" + model_.voice_reason + ")"
                                       : "voice through " + model_.voice_backend));
  }
}

void App::run_effect(const ui::Speak& e) {
  // speak() connects on the speaker's own thread; voices() waits for the answer, so the
  // backend() read below is the chosen one, not "not tried yet".
  if (model_.voice_state == Model::Voice::Untried) run_effect(ui::ProbeSpeech{});
  const int id = ++model_.speech_said;
  speaker().speak(e.text, voice_options(), [done = speech_done_, id] { done->store(id); });
  note_voice();
}

speech::VoiceOptions App::voice_options() const {
  speech::VoiceOptions o;
  if (model_.course && !model_.course->language.empty()) o.language = model_.course->language;
  o.voice = settings_.voice;
  o.rate = settings_.speech_rate;
  o.volume = settings_.muted ? 0.0 : settings_.speech_volume * settings_.volume;
  return o;
}

void App::run_effect(const ui::PauseSpeech&) {
  if (speaker_) speaker_->pause();
}

void App::run_effect(const ui::ResumeSpeech&) {
  if (speaker_) speaker_->resume();
}

void App::run_effect(const ui::StopSpeech&) {
  if (speaker_) speaker_->stop();
}

void App::run_effect(const ui::ProbeSpeech&) {
  model_.voices.clear();
  for (const speech::Voice& v : speaker().voices()) {
    model_.voices.push_back({v.id, v.name, v.language});
  }
  note_voice();
}

void App::run_effect(const ui::SetVoice& e) {
  settings_.voice = e.voice;
  settings_.speech_rate = std::clamp(e.rate, -100, 100);
  settings_.speech_volume = std::clamp(e.volume, 0.0, 1.0);
  save_window_settings();
}

// ---- take it with you: a practice as a sound file ----------------------------------------

// Renders on a thread of its own (synthesis takes seconds) with the settings' voice; the
// course is shared and immutable, so the thread only reads it.
void App::run_effect(const ui::RenderPractice& e) {
  if (!model_.course || render_) return;
  const Practice* p = model_.course->practice(e.practice);
  if (!p) return;
  const std::string path = expand_home(e.path);
  const auto format = speech::format_for(path);
  if (!format) {
    model_.render_status = "The file name must end in .wav, .flac or .ogg; nothing was saved.";
    return;
  }
  speech::RenderOptions o;
  o.voice.voice = settings_.voice;
  o.voice.rate = settings_.speech_rate;
  {
    // The user's own recordings (then the course's step audio) in place of the voice.
    std::vector<std::filesystem::path> files;
    for (std::size_t k = 0; k < p->script.size(); ++k) {
      auto own = find_recording(model_.data_dir, p->id, static_cast<int>(k) + 1);
      files.push_back(own ? *own : p->script[k].audio);
    }
    o.step_audio = speech::step_audio_from_files(std::move(files), data_key());
  }
  std::shared_ptr<const Course> course = load_.course;
  model_.render_busy = p->title;
  model_.render_status.clear();
  log("render: " + p->id);
  render_ = std::make_shared<RenderJob>();
  auto work = [course, id = p->id, title = p->title, path, o,
               f = *format]() -> std::pair<bool, std::string> {
    try {
      std::error_code ec;
      const std::filesystem::path folder = std::filesystem::path(path).parent_path();
      if (!folder.empty()) std::filesystem::create_directories(folder, ec);
      auto r = speech::render_practice(*course, *course->practice(id), o);
      if (!r) return {false, sentence(r.error().message)};
      auto bytes = speech::encode(r->pcm, f);
      if (!bytes) return {false, sentence(bytes.error().message)};
      auto saved = data_ops::save_file(path, bytes.value());
      if (!saved) return {false, sentence(saved.error().message)};
      const int s = static_cast<int>(std::lround(r->seconds()));
      return {true, "Saved " + title + " (" + std::to_string(s / 60) + " min " +
                        std::to_string(s % 60) + " s, " + speech::to_string(f) + ") to " + path +
                        "."};
    } catch (const std::exception& ex) {
      return {false, std::string("It could not be made: ") + ex.what()};
    }
  };
  std::thread([job = render_, work] {
    auto r = work();
    std::lock_guard lock(job->m);
    job->result = std::move(r);
  }).detach();
}

void App::poll_render() {
  if (!render_) return;
  std::pair<bool, std::string> done;
  {
    std::lock_guard lock(render_->m);
    if (!render_->result) return;
    done = *render_->result;
  }
  render_.reset();
  const auto& [ok, text] = done;
  model_.render_busy.clear();
  model_.render_status = ok ? text : "The sound file was not saved: " + text;
  log(ok ? "render: saved" : "render: failed");
}

// ---- the interrupted practice and closing --------------------------------------------------

namespace {
std::filesystem::path resume_path(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "practice-resume.ini";
}
}  // namespace

void App::load_resume() {
  model_.resume.reset();
  std::ifstream in(resume_path(config_.data_dir), std::ios::binary);
  if (!in) return;
  std::ostringstream text;
  text << in.rdbuf();
  model_.resume = parse_resume(text.str());
  if (!model_.resume) log("practice-resume.ini is not one Kindly wrote; not offered");
}

void App::run_effect(const ui::KeepResume& e) {
  if (!config_.fixed_screen) {  // screenshots never write into the data folder
    auto r = write_file_atomic(resume_path(config_.data_dir), format_resume(e.state));
    if (!r) log("practice-resume.ini could not be written: " + r.error().message);
  }
  model_.resume = e.state;
}

void App::run_effect(const ui::ClearResume&) {
  std::error_code ec;
  std::filesystem::remove(resume_path(config_.data_dir), ec);
  model_.resume.reset();
}

void App::run_effect(const ui::Close&) {
  PracticeFlow& fl = state_.practice;
  // "Log and close" that the engine refused: stay, with its notice (the resume file keeps
  // the minutes).
  if (fl.confirm_close && !fl.result && !fl.error.empty()) return;
  if (fl.result) run_effect(ui::ClearResume{});
  close_requested_ = true;
  log(fl.result ? "closed after logging the practice" : "closed mid-practice");
}

bool App::confirm_close() {
  PracticeFlow& fl = state_.practice;
  if (close_requested_ || !fl.in_progress(model_.time)) return true;
  if (!fl.confirm_close) {
    fl.confirm_close = true;
    fl.confirm_stop = false;
    fl.timer.pause(model_.time);
    if (audio_) audio_->stop();
    if (speaker_) speaker_->pause();
    // Asked on the player, wherever the user was.
    if (model_.route.screen != Screen::Practice) {
      go(Route{.screen = Screen::Practice, .module = fl.route_module, .item = fl.route_item});
    }
  }
  return false;
}

// ---- reports, export, backup -----------------------------------------------------------------

void App::run_effect(const ui::BuildReport&) {
  state_.report_dirty = true;
  report_events_ = -1;
}

void App::run_effect(const ui::SaveReport& e) {
  if (!session_) return;
  const std::string path = expand_home(e.path);
  auto r = data_ops::save_file(path, model_.report);
  if (!r) {
    report(r.error());
    return;
  }
  notice(Notice::Kind::Info, "Saved the report to " + path + ".", 8);
  log("report saved");
}

void App::run_effect(const ui::ExportJson& e) {
  if (!session_) return;
  const std::string path = expand_home(e.path);
  auto r = session_->export_full(path);
  if (!r) {
    report(r.error());
    return;
  }
  notice(Notice::Kind::Info,
         "Exported everything (" + std::to_string(r->events) + " events, " +
             std::to_string(r->entries) + " journal entries) to " + path + ".",
         8);
}

void App::run_effect(const ui::Backup& e) {
  if (!session_) return;
  const std::string path = expand_home(e.path);
  auto r = session_->backup(path);
  if (!r) {
    report(r.error());
    return;
  }
  notice(Notice::Kind::Info,
         "Backed up the database to " + path + " (" + std::to_string(r->bytes / 1024) + " KiB).",
         8);
}

void App::run_effect(const ui::Restore& e) {
  const std::string path = expand_home(e.path);
  save_draft(true);  // nothing typed is lost: it is in the database being set aside
  state_.draft = Draft{};
  session_.reset();  // the database is closed while it is replaced
  model_.progress = nullptr;
  auto r = data_ops::restore_from(config_.data_dir, path);
  open_session();
  journal_dirty_ = true;
  charts_events_ = report_events_ = -1;
  if (!r) {
    report(r.error());
    return;
  }
  std::string text = "Restored the backup from " + path + " (" +
                     std::to_string(r->installed.events) + " events, " +
                     std::to_string(r->installed.entries) + " journal entries).";
  if (!r->moved_aside.empty()) {
    text +=
        " The database it replaced is kept as " + r->moved_aside.front().filename().string() + ".";
  }
  notice(Notice::Kind::Info, text, 0);
  log("restored a backup");
  if (session_ && model_.progress && model_.progress->begun) go(Route{Screen::Home});
}

// ---- reminder and autostart ----------------------------------------------------------------

void App::run_effect(const ui::SetReminder& e) {
  settings_.reminder_enabled = e.on;
  if (auto hm = parse_hhmm(e.time)) {
    settings_.reminder_hour = hm->first;
    settings_.reminder_minute = hm->second;
  }
  const std::string d = format_weekdays(e.days);
  if (!d.empty()) settings_.reminder_days = d;
  // A new schedule starts from now: a slot earlier today is not replayed at once.
  settings_.reminder_last_fired = format_time(clock_->now());
  save_window_settings();
  reminder_checked_ = -100;
}

void App::run_effect(const ui::SetAutostart& e) {
  std::string err;
  if (!set_autostart(e.on, self_exe(), &err)) {
    notice(Notice::Kind::Problem, "The login entry could not be changed: " + err, 8);
  }
  model_.autostart = autostart_enabled();
}

// ---- per-frame data ----------------------------------------------------------------------------

// Long because it gathers, once per frame, what each screen that needs engine data will read
// (sound state, the reminder, charts, the report), each guarded by the route that needs it.
void App::prepare_screens() {
  model_.volume = settings_.volume;
  model_.sound_muted = settings_.muted;
  model_.guidance = settings_.guidance;
  if (model_.render_default_path.empty()) {
    const char* home = std::getenv("HOME");
    std::error_code ec;
    model_.render_default_path =
        home && *home && std::filesystem::is_directory(std::filesystem::path(home) / "Music", ec)
            ? "~/Music"
            : (std::filesystem::path(config_.data_dir) / "exports").string();
  }
  model_.voice = settings_.voice;
  model_.speech_rate = settings_.speech_rate;
  model_.speech_volume = settings_.speech_volume;
  model_.speech_done = speech_done_->load();
  poll_render();
  // Settings and the player ask for a voice before they draw, so what they say the first
  // time is already true (and nothing below it moves when the answer comes).
  if ((model_.route.screen == Screen::Settings || model_.route.screen == Screen::Practice) &&
      settings_.guidance == Guidance::Spoken && model_.voice_state == Model::Voice::Untried) {
    run_effect(ui::ProbeSpeech{});
  }
  // The player's cues, as they happen (the real-sound test reads them from the log).
  const auto& cues = state_.practice.cues;
  if (cues.size() < cues_logged_) cues_logged_ = 0;
  for (; cues_logged_ < cues.size(); ++cues_logged_) {
    const PracticeFlow::Cue& c = cues[cues_logged_];
    spdlog::info("gui: player cue: step {} {} at {:.2f} s (timeline {:.2f} s)", c.step, c.kind,
                 c.at, c.planned);
  }
  if (audio_) model_.audio_status = audio::to_string(audio_->status());
  model_.audio_playing = audio_ && audio_->playing();
  if (audio_) model_.audio_error = audio_->last_error();
  // Leaving the player mid-practice pauses it (and its recording); coming back resumes there.
  if (model_.route.screen != Screen::Practice &&
      state_.practice.stage == PracticeFlow::Stage::Running &&
      state_.practice.timer.running(model_.time)) {
    state_.practice.timer.pause(model_.time);
    if (audio_) audio_->stop();
    if (speaker_) speaker_->pause();
  }
  // The daily reminder: checked every few seconds of drawing (extras_wake_in wakes the loop
  // when it is due).
  try {
    const ReminderSchedule rs = schedule_of(settings_);
    model_.reminder_enabled = rs.enabled;
    model_.reminder_hour = rs.hour;
    model_.reminder_minute = rs.minute;
    model_.reminder_days = rs.weekdays;
    const TimePoint now = clock_->now();
    if (model_.time - reminder_checked_ > 5.0) {
      reminder_checked_ = model_.time;
      model_.autostart = autostart_enabled();
      const bool resting = model_.progress != nullptr && model_.progress->paused;
      if (resting && reminder_due(rs, last_fired(settings_), now)) {
        // The course rests (cmd::Pause): the slot passes silently, so resuming brings no
        // reminder that was missed.
        settings_.reminder_last_fired = format_time(now);
        save_window_settings();
        log("reminder skipped: the course is resting");
      } else if (after_course_reminders(now)) {
        // After the course the plan's reminder takes the daily one's place.
      } else if (reminder_due(rs, last_fired(settings_), now)) {
        settings_.reminder_last_fired = format_time(now);
        save_window_settings();
        std::string err;
        if (notify("Time to practise", "A few kind minutes for yourself, whenever suits you today.",
                   &err)) {
          log("reminder shown");
        } else {
          log("reminder: no notification (" + err + ")");
          notice(Notice::Kind::Info,
                 "Your reminder: a few kind minutes for yourself, whenever suits you today.", 0);
        }
      }
    }
    model_.reminder_next.clear();
    if (model_.progress != nullptr && model_.progress->paused) {
      model_.reminder_next = "none while the course is resting";
    } else if (auto next = next_reminder(rs, last_fired(settings_), now)) {
      model_.reminder_next = format_day(*next) + " at " + format_hhmm(rs.hour, rs.minute);
    }
  } catch (const std::exception& e) {
    log(std::string("reminder failed: ") + e.what());
  }
  prepare_recording();
  if (model_.route.screen == Screen::Practice && !audio_warmed_) {
    audio().warm_up();  // the bell rendered before Begin, so it rings on time
    // The voice too: connected, its language loaded and the sound server met before Begin,
    // so the first words are not late (docs/performance.md, "Speech").
    if (settings_.guidance == Guidance::Spoken) speaker().prepare(voice_options());
    audio_warmed_ = true;
  }
  if (!session_ || !model_.course || !model_.progress) return;
  const Screen sc = model_.route.screen;
  if ((sc == Screen::Home || sc == Screen::Measure || sc == Screen::Progress) &&
      measures_events_ != model_.progress->event_count) {
    // Questionnaires due now (Today) and answered before (the progress screen).
    auto h = session_->history();
    if (h.ok()) {
      model_.measures_due =
          measures_due(*model_.course, *model_.progress, h.value(), model_.progress->now);
      model_.measure_records = measure_records(*model_.course, h.value());
      measures_events_ = model_.progress->event_count;
    }
  }
  if (sc == Screen::Home || sc == Screen::Plan || sc == Screen::Compare || sc == Screen::Letter) {
    prepare_after_course();
  }
  if (sc == Screen::SafetyPlan && !state_.safety.loaded) {
    auto plan = session_->safety_plan();
    if (plan.ok()) {
      load_safety_form(state_.safety, plan.value());
    } else {
      state_.safety.error = sentence(plan.error().message);
    }
  }
  // A screen change clears the journal list (refresh_journal): the report screen re-reads it.
  if (!(model_.route == prepared_route_)) {
    prepared_route_ = model_.route;
    report_events_ = -1;
    after_events_ = -1;
  }
  const std::int64_t count = model_.progress->event_count;
  try {
    if ((sc == Screen::Progress || sc == Screen::Checkin || sc == Screen::Export) &&
        (charts_events_ != count || !model_.charts)) {
      auto h = session_->history();
      if (h.ok()) {
        model_.charts = chart_data(*model_.course, h.value(), *model_.progress);
        charts_events_ = count;
      }
    }
    if (sc == Screen::Export) {
      if (report_events_ < 0 || state_.report_dirty || report_events_ != count) {
        // The reflections to choose from.
        JournalFilter f;
        auto list = session_->journal_list(f);
        if (list.ok()) model_.journal = list.value();
        std::vector<std::int64_t> ids;
        for (const auto& e : model_.journal) {
          auto it = state_.report_include.find(e.id);
          if (it != state_.report_include.end() && it->second) ids.push_back(e.id);
        }
        auto r = make_report(
            *session_, state_.report_format == 0 ? ReportFormat::Markdown : ReportFormat::Html, ids,
            state_.report_measures);
        auto preview = state_.report_format == 0 ? r
                                                 : make_report(*session_, ReportFormat::Markdown,
                                                               ids, state_.report_measures);
        if (r.ok() && preview.ok()) {
          model_.report = r.value();
          model_.report_preview = preview.value();
          model_.report_error.clear();
        } else {
          model_.report.clear();
          model_.report_error = r.error().message;
        }
        report_events_ = count;
        state_.report_dirty = false;
      }
    }
  } catch (const std::exception& e) {
    log(std::string("screen data failed: ") + e.what());
  }
}

// ---- after the course ----------------------------------------------------------------------

// The plan, its practice due today (the first slot from the start of today: one earlier today
// is still due), the minutes logged per practice, the comparison and whether a letter exists.
void App::prepare_after_course() {
  if (model_.route.screen == Screen::Plan && !state_.plan_form.loaded) {
    load_plan_form(state_.plan_form, session_->practice_plan());
  }
  const std::int64_t count = model_.progress->event_count;
  if (after_events_ == count) return;
  after_events_ = count;
  model_.practice_plan = session_->practice_plan();
  model_.plan_due.reset();
  if (course_finished(*model_.course, *model_.progress)) {
    const TimePoint today = local_midnight(local_date(model_.progress->now));
    model_.plan_due = session_->plan_reminder(today - std::chrono::seconds(1));
  }
  model_.practice_minutes.clear();
  if (auto h = session_->history(); h.ok()) model_.practice_minutes = minutes_by_practice(*h);
  if (model_.route.screen == Screen::Compare) model_.comparison = session_->compare_first_last();
  JournalFilter f;
  f.item = std::string(kLetterOfLearningItem);
  auto letters = session_->journal_list(f);
  model_.has_letter = letters.ok() && !letters->empty();
}

// A desktop notification, or a notice in the window when there is no notification service.
void App::remind(const std::string& title, const std::string& body) {
  std::string err;
  if (notify(title, body, &err)) {
    log("reminder shown: " + title);
  } else {
    log("reminder: no notification (" + err + ")");
    notice(Notice::Kind::Info, body, 0);
  }
}

// After the course: the keep-practising plan's slot (naming the practice due) and the day a
// follow-up questionnaire falls due, each once (the engine says when: practice_plan.h,
// measures.h; both say nothing while the course rests). True when the plan now decides the
// reminder, so the daily one stays quiet.
bool App::after_course_reminders(TimePoint now) {
  if (!session_ || !model_.course || !model_.progress) return false;
  auto fired = [](const std::string& s) -> std::optional<TimePoint> {
    if (s.empty()) return std::nullopt;
    return parse_time(s);
  };
  if (auto fu = session_->next_follow_up(fired(settings_.follow_up_last_fired));
      fu && fu->due_now) {
    settings_.follow_up_last_fired = format_time(now);
    save_window_settings();
    remind("A short questionnaire is ready",
           "The follow-up after the course is ready on Today: optional, a few minutes, never a "
           "diagnosis.");
  }
  const auto plan = session_->practice_plan();
  if (!plan || plan->plan.empty() || !course_finished(*model_.course, *model_.progress)) {
    return false;
  }
  if (auto due = session_->plan_reminder(fired(settings_.plan_reminder_last_fired));
      due && due->at <= now) {
    settings_.plan_reminder_last_fired = format_time(now);
    save_window_settings();
    const Practice* p = model_.course->practice(due->practice);
    remind("Time to practise",
           p ? "From your plan: " + p->title + ". A few kind minutes, whenever suits you today."
             : "A few kind minutes from your plan, whenever suits you.");
  }
  return true;
}

void App::run_effect(const ui::SaveCompletionRecord& e) {
  if (!session_) return;
  auto made = make_completion_record(
      *session_, e.html ? ReportFormat::Html : ReportFormat::Markdown, e.measures, e.letter);
  if (!made) {
    report(made.error());
    return;
  }
  const std::string path = expand_home(e.path);
  auto r = data_ops::save_file(path, made.value());
  if (!r) {
    report(r.error());
    return;
  }
  notice(Notice::Kind::Info, "Saved your completion record to " + path + ".", 8);
  log("completion record saved");
}

double App::effects_wake_in() const {
  double w = -1;
  if (render_) w = 0.25;  // a sound file being made: look for its end
  // A cue not yet in the log (the end bell's, when nothing else moves): one frame writes it.
  if (state_.practice.cues.size() != cues_logged_) w = w < 0 ? 0.02 : std::min(w, 0.02);
  // The reminder: a frame when it is due.
  if (settings_.reminder_enabled && clock_) {
    try {
      if (auto next = next_reminder(schedule_of(settings_), last_fired(settings_), clock_->now())) {
        const double s = std::chrono::duration<double>(*next - clock_->now()).count();
        w = std::clamp(s, 5.0, 3600.0);
      }
    } catch (...) {
    }
  }
  // After the course: a look each minute for the plan's slot and a follow-up falling due.
  if (model_.course && model_.progress && course_finished(*model_.course, *model_.progress)) {
    w = w < 0 ? 60.0 : std::min(w, 60.0);
  }
  // The level meter and the length while a take runs, and a frame to save it once it ends.
  if (model_.recording.pending) w = w < 0 ? 0.05 : std::min(w, 0.05);
  if (model_.route.screen != Screen::Practice) return w;
  const Practice* p = model_.course && !state_.practice.practice.empty()
                          ? model_.course->practice(state_.practice.practice)
                          : nullptr;
  const double pw = state_.practice.wake_in(model_.time, p);
  if (pw >= 0) w = w < 0 ? pw : std::min(w, pw);
  return w;
}

}  // namespace kindly::gui
