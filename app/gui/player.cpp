// The practice player's timing and flow state (see player.h).
#include "player.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kindly::gui {

PracticeTimer::PracticeTimer(std::vector<double> lengths, bool open, std::vector<double> speech)
    : lengths_(std::move(lengths)), open_(open && lengths_.empty()), speech_(std::move(speech)) {
  double at = 0;
  for (double p : lengths_) {
    starts_.push_back(at);
    at += std::max(0.0, p);
  }
  total_ = at;
}

void PracticeTimer::start(double now) {
  *this = PracticeTimer(lengths_, open_, speech_);
  started_ = true;
  start_at_ = now;
}

void PracticeTimer::restore(double now, double position, double active) {
  start(now);
  active = std::max(0.0, active);
  start_at_ = now - active;
  position = open_ ? std::max(0.0, position) : std::clamp(position, 0.0, total_);
  // Ahead of the time practised: steps were skipped; behind it: words ran long (held).
  skipped_ = std::max(0.0, position - active);
  held_ = std::max(0.0, active - position);
}

void PracticeTimer::speech_started(double now) {
  if (!started_ || stopped_ || open_) return;
  if (speaking_) speech_ended(now);
  speaking_step_ = step(now);  // before speaking_ is set: the step showing now, unheld
  speaking_ = true;
}

void PracticeTimer::speech_ended(double now) {
  if (!speaking_) return;
  held_ += current_hold(now);
  speaking_ = false;
}

namespace {
double max_hold(double words) {
  return 3 * words + 10;
}
}  // namespace

double PracticeTimer::current_hold(double now) const {
  if (!speaking_ || speaking_step_ >= step_count()) return 0;
  const auto i = static_cast<std::size_t>(speaking_step_);
  const double len = std::max(0.0, lengths_[i]);
  if (len <= 0) return 0;  // a 0-second step passes at once
  const double words = i < speech_.size() ? std::clamp(speech_[i], 0.0, len) : 0.0;
  // Held just short of the step's end, so the step showing stays the one being spoken.
  const double hold_at = starts_[i] + std::min(words, len - 1e-3);
  // A voice that never says it is done (a sound server gone quiet) holds no longer than
  // three times the estimate and ten seconds more: the practice always goes on.
  return std::clamp(raw_active(now) + skipped_ - held_ - hold_at, 0.0, max_hold(words));
}

double PracticeTimer::script_time(double now) const {
  return raw_active(now) + skipped_ - held_ - current_hold(now);
}

void PracticeTimer::pause(double now) {
  if (!running(now)) return;
  paused_ = true;
  paused_at_ = now;
}

void PracticeTimer::resume(double now) {
  if (!paused_ || stopped_) return;
  paused_total_ += now - paused_at_;
  paused_ = false;
}

void PracticeTimer::skip_step(double now) {
  if (!started_ || stopped_ || open_ || finished(now)) return;
  speech_ended(now);  // skipped words: the hold so far stays practised time
  const int i = step(now);
  const double next = i + 1 < step_count() ? starts_[i + 1] : total_;
  skipped_ += next - position(now);
}

void PracticeTimer::stop(double now) {
  if (!started_ || stopped_) return;
  if (paused_) resume(now);
  speech_ended(now);
  stopped_ = true;
  stopped_at_ = now;
}

double PracticeTimer::raw_active(double now) const {
  if (!started_) return 0;
  double end = now;
  if (stopped_) end = stopped_at_;
  if (paused_) end = std::min(end, paused_at_);
  return std::max(0.0, end - start_at_ - paused_total_);
}

double PracticeTimer::position(double now) const {
  const double p = script_time(now);
  return open_ ? p : std::min(p, total_);
}

double PracticeTimer::active_seconds(double now) const {
  const double a = raw_active(now);
  if (open_) return a;
  // Once the script's end is reached, time after it is not practice.
  const double over = script_time(now) - total_;
  return over > 0 ? std::max(0.0, a - over) : a;
}

bool PracticeTimer::finished(double now) const {
  return started_ && !open_ && script_time(now) >= total_;
}

bool PracticeTimer::running(double now) const {
  return started_ && !paused_ && !stopped_ && !finished(now);
}

int PracticeTimer::step(double now) const {
  if (starts_.empty()) return 0;
  const double pos = position(now);
  int i = 0;
  for (int k = 0; k < step_count(); ++k) {
    if (starts_[k] <= pos) i = k;
  }
  // A step whose time is used up moves on to the next (so 0-second steps pass too).
  while (i + 1 < step_count() && pos >= starts_[i] + lengths_[i]) ++i;
  return i;
}

double PracticeTimer::step_start(int i) const {
  if (i < 0 || i >= step_count()) return total_;
  return starts_[i];
}

double PracticeTimer::step_length(int i) const {
  if (i < 0 || i >= step_count()) return 0;
  return std::max(0.0, lengths_[i]);
}

double PracticeTimer::fraction(double now) const {
  if (open_ || total_ <= 0) return finished(now) ? 1.0 : 0.0;
  return std::clamp(position(now) / total_, 0.0, 1.0);
}

int PracticeTimer::minutes_practised(double now) const {
  const int m = static_cast<int>(std::lround(active_seconds(now) / 60.0));
  return std::clamp(m, kMinLogMinutes, kMaxLogMinutes);
}

int PracticeTimer::interval_bells(double now, int interval_minutes) const {
  if (interval_minutes <= 0 || !started_) return 0;
  const double every = interval_minutes * 60.0;
  const double a = active_seconds(now);
  int n = static_cast<int>(std::floor(a / every));
  // No interval bell on the end itself (the end bell rings there).
  if (!open_ && n > 0 && n * every >= total_ - 0.5) --n;
  return std::max(0, n);
}

PacerPoint pacer_at(const Pacer& p, double t) {
  const double cycle = p.cycle_s();
  if (cycle <= 0) return {0, ""};
  double x = std::fmod(std::max(0.0, t), cycle);
  auto ease = [](double u) { return 0.5 - 0.5 * std::cos(std::clamp(u, 0.0, 1.0) * M_PI); };
  if (x < p.inhale_s) return {ease(x / p.inhale_s), "Breathe in"};
  x -= p.inhale_s;
  if (x < p.hold_in_s) return {1.0, "Hold"};
  x -= p.hold_in_s;
  if (x < p.exhale_s) return {1.0 - ease(x / p.exhale_s), "Breathe out"};
  return {0.0, "Rest"};
}

cmd::LogPractice PracticeFlow::log(double now) const {
  cmd::LogPractice l;
  l.practice = item.empty() ? practice : item;
  l.minutes = timer.minutes_practised(now);
  if (before >= 0) l.distress_before = before;
  if (after >= 0) l.distress_after = after;
  l.note = note;
  l.module = module;  // empty: the current week
  return l;
}

bool PracticeFlow::in_progress(double now) const {
  return stage == Stage::Running && timer.started() && !timer.stopped() && !timer.finished(now);
}

ResumeState PracticeFlow::resume_state(double now) const {
  ResumeState r;
  r.route_item = route_item;
  r.module = route_module;
  r.practice = practice;
  r.position = timer.position(now);
  r.active = timer.active_seconds(now);
  r.before = before;
  return r;
}

namespace {

bool parse_number(const std::string& v, double* out) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(d) || d < 0 || d > 1e7) {
    return false;
  }
  *out = d;
  return true;
}

}  // namespace

std::string format_resume(const ResumeState& r) {
  char num[64];
  std::string o = "# Kindly: a practice that was interrupted (removed once it is logged)\n";
  o += "item = " + r.route_item + "\n";
  o += "module = " + r.module + "\n";
  o += "practice = " + r.practice + "\n";
  std::snprintf(num, sizeof num, "%.1f", r.position);
  o += std::string("position = ") + num + "\n";
  std::snprintf(num, sizeof num, "%.1f", r.active);
  o += std::string("active = ") + num + "\n";
  o += "before = " + std::to_string(r.before) + "\n";
  return o;
}

std::optional<ResumeState> parse_resume(const std::string& text) {
  ResumeState r;
  bool position = false, active = false;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(at, nl - at);
    at = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find(" = ");
    if (eq == std::string::npos) return std::nullopt;
    const std::string key = line.substr(0, eq), val = line.substr(eq + 3);
    if (key == "item") {
      r.route_item = val;
    } else if (key == "module") {
      r.module = val;
    } else if (key == "practice") {
      r.practice = val;
    } else if (key == "position") {
      if (!parse_number(val, &r.position)) return std::nullopt;
      position = true;
    } else if (key == "active") {
      if (!parse_number(val, &r.active)) return std::nullopt;
      active = true;
    } else if (key == "before") {
      double b = 0;
      if (val == "-1") {
        r.before = -1;
      } else if (parse_number(val, &b) && b <= 10 && b == std::floor(b)) {
        r.before = static_cast<int>(b);
      } else {
        return std::nullopt;
      }
    }
  }
  if (r.route_item.empty() || !position || !active) {
    return std::nullopt;
  }
  return r;
}

double PracticeFlow::wake_in(double now, const Practice* p) const {
  if (stage != Stage::Running || !timer.started() || timer.paused() || timer.stopped()) return -1;
  if (timer.finished(now)) return 0.05;  // one frame to ring the end bell and move on
  if (p && p->pacer) return 1.0 / 60.0;
  // Words being spoken: look for their end often (the voice's `done` arrives on its own
  // thread; the pause starts then).
  if (timer.speaking()) return 0.1;
  // The clock shows whole seconds; a step changes where the timeline says (words are
  // estimated to a fraction of a second), so wake for whichever comes first.
  const double a = timer.active_seconds(now);
  double w = std::ceil(a + 1e-6) - a;
  const int i = timer.step(now);
  if (i + 1 < timer.step_count()) w = std::min(w, timer.step_start(i + 1) - timer.position(now));
  if (!timer.open()) w = std::min(w, timer.total_seconds() - timer.position(now));
  return std::max(0.02, w);
}

}  // namespace kindly::gui
