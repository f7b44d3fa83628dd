// Charts drawn with ImDrawList (see widgets_charts.h). Contents: helpers · heat map · week
// bars · check-in lines · completion.
#include "widgets_charts.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "theme.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
  return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t,
                a.w + (b.w - a.w) * t);
}

float text_w(ImFont* f, const std::string& s) {
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str()).x;
}

void text_at(ImDrawList* dl, ImFont* f, ImVec2 at, const ImVec4& c, const std::string& s) {
  dl->AddText(f, f->FontSize, ImVec2(std::round(at.x), std::round(at.y)), u32(c), s.c_str());
}

// Shade for `minutes` on a scale up to `max`: five steps from the track colour to the accent.
int level_of(int minutes, int max) {
  if (minutes <= 0 || max <= 0) return 0;
  return std::clamp(1 + (minutes * 4 - 1) / max, 1, 4);
}

// The shades skip the middle of the ramp from accent_soft to the accent, where neither the
// text colour nor accent_text reads at 4.5:1 (tests/gui/test_look.cpp); the most minutes go
// past the accent toward the text colour instead.
ImVec4 level_color(int level) {
  const Palette& p = palette();
  switch (level) {
    case 0:
      return p.track;
    case 1:
      return p.accent_soft;
    case 2:
      return mix(p.accent_soft, p.accent, 0.3f);
    case 3:
      return p.accent;
    default:
      return mix(p.accent, p.text, 0.35f);
  }
}

// WCAG 2.x relative luminance (for choosing the more readable of two colours).
float luminance(const ImVec4& c) {
  auto lin = [](float v) {
    return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f);
  };
  return 0.2126f * lin(c.x) + 0.7152f * lin(c.y) + 0.0722f * lin(c.z);
}
float contrast(const ImVec4& a, const ImVec4& b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

ImVec4 series_color(std::size_t i) {
  const Palette& p = palette();
  // High contrast gives warm and link the same light blue: use its green there instead.
  const ImVec4 warm = current_theme() == Theme::Contrast ? p.done : p.warm;
  const ImVec4 c[] = {p.accent, warm, p.link, p.error, p.locked, p.done};
  return c[i % 6];
}

// A series' point: circle, square, diamond, triangle... so series differ by shape as well as
// colour (two colours can look alike in a theme, or to a reader).
void marker(ImDrawList* dl, ImVec2 c, float r, ImU32 col, std::size_t series) {
  switch (series % 4) {
    case 0:
      dl->AddCircleFilled(c, r, col, 16);
      break;
    case 1:
      dl->AddRectFilled(ImVec2(c.x - r * 0.85f, c.y - r * 0.85f),
                        ImVec2(c.x + r * 0.85f, c.y + r * 0.85f), col);
      break;
    case 2:
      dl->AddQuadFilled(ImVec2(c.x, c.y - r * 1.2f), ImVec2(c.x + r * 1.2f, c.y),
                        ImVec2(c.x, c.y + r * 1.2f), ImVec2(c.x - r * 1.2f, c.y), col);
      break;
    default:
      dl->AddTriangleFilled(ImVec2(c.x, c.y - r * 1.2f), ImVec2(c.x + r * 1.1f, c.y + r * 0.8f),
                            ImVec2(c.x - r * 1.1f, c.y + r * 0.8f), col);
      break;
  }
}

}  // namespace

// ---- heat map ----------------------------------------------------------------------------------

ImVec4 heat_level_color(int level) {
  return level_color(level);
}

ImVec4 heat_number_color(int level) {
  const Palette& p = palette();
  const ImVec4 bg = level_color(level);
  return contrast(p.text, bg) >= contrast(p.accent_text, bg) ? p.text : p.accent_text;
}

void draw_heat_map(const HeatMap& h, const Fonts& f, float width) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  if (h.days.empty()) {
    muted("Nothing practised yet.", width);
    return;
  }
  // Rows are weeks from the Monday on or before the first day.
  const int first_wd = (weekday(h.first_day) + 6) % 7;  // 0 = Monday
  const LocalDate monday0 = add_days(h.first_day, -first_wd);
  const int span = days_between(monday0, h.last_day) + 1;
  const int rows = (span + 6) / 7;
  const float label_w = std::round(text_w(f.small, "Nov 30 ") + 6);
  const float gap = 4;
  const float cell =
      std::floor(std::min((width - label_w - gap * 6) / 7.0f, f.ui->FontSize * 2.6f));
  const float head_h = f.small->FontSize + 6;

  for (int d = 0; d < 7; ++d) {
    const float x = o.x + label_w + d * (cell + gap);
    text_at(dl, f.small, ImVec2(x + (cell - text_w(f.small, kDays[d])) * 0.5f, o.y), p.muted,
            kDays[d]);
  }
  const float y0 = o.y + head_h;
  int shown_month = -1;
  for (int r = 0; r < rows; ++r) {
    const LocalDate mon = add_days(monday0, r * 7);
    const float y = y0 + r * (cell + gap);
    // Row label: the Monday's date, with the month when it changes.
    const std::string lab =
        (mon.month != shown_month ? std::string(kMonths[mon.month - 1]) + " " : "") +
        std::to_string(mon.day);
    shown_month = mon.month;
    text_at(dl, f.small, ImVec2(o.x, y + (cell - f.small->FontSize) * 0.5f), p.muted, lab);
    for (int d = 0; d < 7; ++d) {
      const LocalDate day = add_days(mon, d);
      const float x = o.x + label_w + d * (cell + gap);
      const int idx = days_between(h.first_day, day);
      if (idx < 0 || idx >= static_cast<int>(h.days.size())) continue;
      const DayMinutes& dm = h.days[static_cast<std::size_t>(idx)];
      const bool future = day > h.today;
      const int lv = level_of(dm.minutes, h.max_minutes);
      const ImVec4 bg =
          future ? ImVec4(p.track.x, p.track.y, p.track.z, p.track.w * 0.4f) : level_color(lv);
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell, y + cell), u32(bg), 4);
      if (day == h.today)
        dl->AddRect(ImVec2(x, y), ImVec2(x + cell, y + cell), u32(p.text), 4, 0, 2);
      const std::string num = std::to_string(day.day);
      const ImVec4 fg = future ? p.locked : heat_number_color(lv);
      text_at(dl, f.small, ImVec2(x + 4, y + 2), fg, num);
      tooltip_over(ImVec2(x, y), ImVec2(x + cell, y + cell),
                   format_day(day) + ": " + std::to_string(dm.minutes) + " min, " +
                       count_of(dm.sessions, "session", "sessions"));
    }
  }
  float y = y0 + rows * (cell + gap) + 6;
  // Legend.
  float x = o.x + label_w;
  text_at(dl, f.small, ImVec2(x, y), p.muted, "None");
  x += text_w(f.small, "None") + 6;
  const float sw = f.small->FontSize;
  for (int lv = 0; lv <= 4; ++lv) {
    dl->AddRectFilled(ImVec2(x, y + 1), ImVec2(x + sw, y + 1 + sw), u32(level_color(lv)), 3);
    x += sw + 3;
  }
  x += 3;
  char more[64];
  std::snprintf(more, sizeof more, "%d min", h.max_minutes);
  text_at(dl, f.small, ImVec2(x, y), p.muted, more);
  y += f.small->FontSize + 8;
  ImGui::Dummy(ImVec2(width, y - o.y));
}

// ---- week bars ---------------------------------------------------------------------------------

void draw_week_bars(const std::vector<WeekMinutes>& weeks, const Fonts& f, float width) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  int max = 0;
  for (const auto& w : weeks) max = std::max({max, w.formal_minutes, w.informal_minutes});
  const float chart_h = std::round(f.ui->FontSize * 9);
  const float top = o.y + f.small->FontSize + 4;  // room for values
  const float base = top + chart_h;
  const std::size_t n = std::max<std::size_t>(1, weeks.size());
  const float slot = width / static_cast<float>(n);
  const float bw = std::min(slot * 0.3f, f.ui->FontSize * 1.4f);
  dl->AddLine(ImVec2(o.x, base), ImVec2(o.x + width, base), u32(p.card_border), 1);
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const WeekMinutes& w = weeks[i];
    const float cx = o.x + slot * (static_cast<float>(i) + 0.5f);
    const int vals[2] = {w.formal_minutes, w.informal_minutes};
    const ImVec4 cols[2] = {p.accent, p.warm};
    for (int k = 0; k < 2; ++k) {
      const float x0 = k == 0 ? cx - bw - 1 : cx + 1;
      const float hgt =
          max > 0 ? chart_h * static_cast<float>(vals[k]) / static_cast<float>(max) : 0;
      if (vals[k] > 0) {
        dl->AddRectFilled(ImVec2(x0, base - std::max(2.0f, hgt)), ImVec2(x0 + bw, base),
                          u32(cols[k]), 3, ImDrawFlags_RoundCornersTop);
        const std::string v = std::to_string(vals[k]);
        text_at(dl, f.small,
                ImVec2(x0 + (bw - text_w(f.small, v)) * 0.5f,
                       base - std::max(2.0f, hgt) - f.small->FontSize - 2),
                p.muted, v);
      }
    }
    std::string lab = w.optional ? "R" : w.label;
    if (!w.optional) lab = "Wk " + lab;
    text_at(dl, f.small, ImVec2(cx - text_w(f.small, lab) * 0.5f, base + 4), p.muted, lab);
    tooltip_over(ImVec2(cx - slot * 0.5f, top), ImVec2(cx + slot * 0.5f, base),
                 w.title + ": " + std::to_string(w.formal_minutes) + " min formal, " +
                     std::to_string(w.informal_minutes) + " min informal");
  }
  float y = base + f.small->FontSize + 10;
  // Legend.
  const float sw = f.small->FontSize;
  float x = o.x;
  const char* names[2] = {"Formal (meditation) minutes", "Informal minutes"};
  const ImVec4 cols[2] = {p.accent, p.warm};
  for (int k = 0; k < 2; ++k) {
    dl->AddRectFilled(ImVec2(x, y + 1), ImVec2(x + sw, y + 1 + sw), u32(cols[k]), 3);
    x += sw + 6;
    text_at(dl, f.small, ImVec2(x, y), p.muted, names[k]);
    x += text_w(f.small, names[k]) + 20;
  }
  y += f.small->FontSize + 8;
  ImGui::Dummy(ImVec2(width, y - o.y));
}

// ---- check-in lines ----------------------------------------------------------------------------

void draw_checkin_lines(const CheckinChart& c, const Fonts& f, float width) {
  const Palette& p = palette();
  if (c.empty() || c.weeks <= 0) {
    muted("No check-ins answered yet. Each week's check-in adds a point here.", width);
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float axis_w = text_w(f.small, "10") + 10;
  const float chart_h = std::round(f.ui->FontSize * 9);
  const float top = o.y + f.small->FontSize * 0.5f;
  const float base = top + chart_h;
  const float x0 = o.x + axis_w;
  const float plot_w = width - axis_w - 10;
  const int lo = c.scale_min, hi = std::max(c.scale_max, c.scale_min + 1);
  auto ypos = [&](double v) {
    return base - chart_h * static_cast<float>((v - lo) / static_cast<double>(hi - lo));
  };
  auto xpos = [&](int week_index) {  // the middle of each week's slot
    return x0 + plot_w * (static_cast<float>(week_index) + 0.5f) / static_cast<float>(c.weeks);
  };
  for (int v = lo; v <= hi; ++v) {
    const float y = ypos(v);
    dl->AddLine(ImVec2(x0, y), ImVec2(x0 + plot_w, y), u32(p.card_border, 0.7f), 1);
    const std::string s = std::to_string(v);
    text_at(dl, f.small,
            ImVec2(o.x + axis_w - 8 - text_w(f.small, s), y - f.small->FontSize * 0.5f), p.muted,
            s);
  }
  for (int w = 0; w < c.weeks; ++w) {
    const std::string s = "Wk " + std::to_string(w + 1);
    text_at(dl, f.small, ImVec2(xpos(w) - text_w(f.small, s) * 0.5f, base + 6), p.muted, s);
  }
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const CheckinSeries& s = c.series[si];
    const ImU32 col = u32(series_color(si));
    std::optional<ImVec2> prev;
    for (std::size_t w = 0; w < s.per_week.size(); ++w) {
      if (!s.per_week[w]) {
        prev.reset();
        continue;
      }
      const ImVec2 pt(xpos(static_cast<int>(w)), ypos(*s.per_week[w]));
      if (prev) dl->AddLine(*prev, pt, col, 2.5f);
      marker(dl, pt, 5.0f, col, si);
      char score[32];
      std::snprintf(score, sizeof score, "%.1f", *s.per_week[w]);
      tooltip_over(ImVec2(pt.x - 6, pt.y - 6), ImVec2(pt.x + 6, pt.y + 6),
                   subscale_name(s.subscale, "Score") + ", week " +
                       std::to_string(static_cast<int>(w) + 1) + ": " + score);
      prev = pt;
    }
  }
  float y = base + f.small->FontSize + 14;
  float x = x0;
  const float sw = f.small->FontSize;
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const std::string name = subscale_name(c.series[si].subscale, "Score");
    const float need = sw + 6 + text_w(f.small, name) + 20;
    if (x + need > o.x + width && x > x0) {
      x = x0;
      y += f.small->FontSize + 6;
    }
    marker(dl, ImVec2(x + sw * 0.5f, y + sw * 0.5f + 1), sw * 0.4f, u32(series_color(si)), si);
    x += sw + 6;
    text_at(dl, f.small, ImVec2(x, y), p.muted, name);
    x += text_w(f.small, name) + 20;
  }
  y += f.small->FontSize + 8;
  ImGui::Dummy(ImVec2(width, y - o.y));
}

// ---- completion --------------------------------------------------------------------------------

void draw_completion(const std::vector<WeekCompletion>& rows, const Fonts& f, float width) {
  const Palette& p = palette();
  const float label_w = std::min(width * 0.58f, f.ui->FontSize * 22);
  for (const WeekCompletion& r : rows) {
    ImGui::PushID(r.module.c_str());
    const std::string lab = (r.optional ? r.title : "Week " + r.label + " \xC2\xB7 " + r.title);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(o, ImVec2(o.x + label_w - 8, o.y + f.ui->FontSize * 1.6f), true);
    text_at(dl, f.ui, o, r.state == WeekState::Locked ? p.locked : p.text, lab);
    dl->PopClipRect();
    const float bx = o.x + label_w;
    const float bw = width - label_w - f.ui->FontSize * 6;
    const float bh = std::round(f.ui->FontSize * 0.45f);
    const float by = o.y + (f.ui->FontSize - bh) * 0.5f + 2;
    dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, by + bh), u32(p.track), bh);
    const float frac = r.required_total > 0 ? static_cast<float>(r.required_done) /
                                                  static_cast<float>(r.required_total)
                                            : (r.state == WeekState::Completed ? 1.0f : 0.0f);
    if (frac > 0) {
      dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + std::max(bh * 2, bw * frac), by + bh),
                        u32(r.state == WeekState::Completed ? p.done : p.accent), bh);
    }
    std::string right;
    if (r.state == WeekState::Locked) {
      right = "not open";
    } else if (r.required_total > 0) {
      right = std::to_string(r.required_done) + " of " + std::to_string(r.required_total);
    } else {
      right = r.state == WeekState::Completed ? "done" : "open";
    }
    if (r.moved_on) right += ", moved on";
    text_at(dl, f.small, ImVec2(bx + bw + 10, o.y + 2), p.muted, right);
    ImGui::Dummy(ImVec2(width, f.ui->FontSize * 1.6f));
    ImGui::PopID();
  }
}

std::string subscale_name(const std::string& subscale, const std::string& whole) {
  if (subscale.empty()) return whole;
  std::string name = subscale;
  for (char& ch : name) {
    if (ch == '_' || ch == '-') ch = ' ';
  }
  if (name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

}  // namespace kindly::gui
