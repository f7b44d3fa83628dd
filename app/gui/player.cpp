// The practice player's timing and flow state (see player.h).
#include "player.h"

#include <algorithm>
#include <cmath>

namespace kindly::gui {

PracticeTimer::PracticeTimer(std::vector<int> pauses, bool open)
    : pauses_(std::move(pauses)), open_(open && pauses_.empty()) {
  double at = 0;
  for (int p : pauses_) {
    starts_.push_back(at);
    at += std::max(0, p);
  }
  total_ = at;
}

void PracticeTimer::start(double now) {
  *this = PracticeTimer(pauses_, open_);
  started_ = true;
  start_at_ = now;
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
  const int i = step(now);
  const double next = i + 1 < step_count() ? starts_[i + 1] : total_;
  skipped_ += next - position(now);
}

void PracticeTimer::stop(double now) {
  if (!started_ || stopped_) return;
  if (paused_) resume(now);
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
  const double p = raw_active(now) + skipped_;
  return open_ ? p : std::min(p, total_);
}

double PracticeTimer::active_seconds(double now) const {
  const double a = raw_active(now);
  if (open_) return a;
  // Once the script's end is reached, time after it is not practice.
  const double over = raw_active(now) + skipped_ - total_;
  return over > 0 ? std::max(0.0, a - over) : a;
}

bool PracticeTimer::finished(double now) const {
  return started_ && !open_ && raw_active(now) + skipped_ >= total_;
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
  while (i + 1 < step_count() && pos >= starts_[i] + pauses_[i]) ++i;
  return i;
}

double PracticeTimer::step_start(int i) const {
  if (i < 0 || i >= step_count()) return total_;
  return starts_[i];
}

double PracticeTimer::step_length(int i) const {
  if (i < 0 || i >= step_count()) return 0;
  return std::max(0, pauses_[i]);
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

double PracticeFlow::wake_in(double now, const Practice* p) const {
  if (stage != Stage::Running || !timer.started() || timer.paused() || timer.stopped()) return -1;
  if (timer.finished(now)) return 0.05;  // one frame to ring the end bell and move on
  if (p && p->pacer) return 1.0 / 60.0;
  // The clock shows whole seconds; the step changes on a second boundary too.
  const double a = timer.active_seconds(now);
  return std::max(0.02, std::ceil(a + 1e-6) - a);
}

}  // namespace kindly::gui
