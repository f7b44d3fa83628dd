// The calm controls (widgets.h, "calm controls"): built on ImGui's own behaviour (buttons,
// combo popups, sliders) so mouse, keyboard and focus work as ImGui's do, drawn our way.
//
// Contents: helpers (colours, focus ring, wake-ups) · stepper · select · slider · chips and
// segments · toggle · tooltips.
#include <imgui.h>
#include <imgui_internal.h>  // GetItemID (public only from 1.88)

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "widgets.h"

namespace kindly::gui {
namespace {

// ---- helpers ------------------------------------------------------------------------------

// A colour at the current style alpha, so controls inside BeginDisabled look disabled.
ImU32 col(const ImVec4& c) {
  return ImGui::GetColorU32(c);
}

ImVec4 mixed(const ImVec4& a, const ImVec4& b, float t) {
  return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t,
                a.w + (b.w - a.w) * t);
}

// Where the visible part of an ImGui label ends ("Volume##volume" -> "Volume").
const char* visible_end(const char* label) {
  const char* e = std::strstr(label, "##");
  return e ? e : label + std::strlen(label);
}

// The keyboard focus ring around the last item (ImGui draws its own for Button and the
// slider; this is for items drawn by hand).
void focus_ring(float rounding) {
  if (!ImGui::IsItemFocused() || !ImGui::GetIO().NavVisible) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float d = 3.0f;
  ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - d, a.y - d), ImVec2(b.x + d, b.y + d),
                                      ImGui::GetColorU32(ImGuiCol_NavHighlight), rounding + d, 0,
                                      2.0f);
}

double g_wake_at = -1;

// A small round button with a minus or a plus drawn in it (the stepper's).
bool round_button(const char* id, bool plus, float size) {
  const Palette& p = palette();
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
  const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 c(a.x + size * 0.5f, a.y + size * 0.5f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = size * 0.5f - 1.0f;
  if (hovered || held)
    dl->AddCircleFilled(c, r, col(held ? mixed(p.accent_soft, p.accent, 0.2f) : p.accent_soft), 32);
  const float thick = current_theme() == Theme::Contrast ? 2.0f : 1.5f;
  dl->AddCircle(c, r, col(p.accent), 32, thick);
  const float s = std::round(size * 0.22f);
  dl->AddLine(ImVec2(c.x - s, c.y), ImVec2(c.x + s, c.y), col(p.accent), 2.0f);
  if (plus) dl->AddLine(ImVec2(c.x, c.y - s), ImVec2(c.x, c.y + s), col(p.accent), 2.0f);
  focus_ring(size * 0.5f);
  return pressed;
}

// The chevron of a select, pointing down, centred at `c`.
void chevron(ImDrawList* dl, ImVec2 c, float s, ImU32 colour) {
  const ImVec2 pts[3] = {ImVec2(c.x - s, c.y - s * 0.5f), ImVec2(c.x, c.y + s * 0.5f),
                         ImVec2(c.x + s, c.y - s * 0.5f)};
  dl->AddPolyline(pts, 3, colour, 0, 1.6f);
}

// A pill-shaped button: a soft accent fill and an accent outline when `on`, else outlined.
bool pill_button(const char* label, bool on) {
  const Palette& p = palette();
  const float h = ImGui::GetFrameHeight();
  const bool hc = current_theme() == Theme::Contrast;
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, h * 0.5f);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, on || hc ? 2.0f : 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Button, on ? p.accent_soft : ImVec4(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                        on ? mixed(p.accent_soft, p.card, 0.4f) : p.accent_soft);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, mixed(p.accent_soft, p.accent, 0.25f));
  ImGui::PushStyleColor(ImGuiCol_Text, p.text);
  ImGui::PushStyleColor(ImGuiCol_Border, on ? p.accent : ImGui::GetStyleColorVec4(ImGuiCol_Border));
  const bool r = ImGui::Button(label);
  ImGui::PopStyleColor(5);
  ImGui::PopStyleVar(2);
  remember_widget(label);
  return r;
}

}  // namespace

void wake_me_in(double seconds) {
  if (!ImGui::GetCurrentContext()) return;
  const double now = ImGui::GetTime(), t = now + std::max(0.0, seconds);
  // A wake-up already past (its frame has been drawn) gives way to the new one.
  if (g_wake_at <= now || t < g_wake_at) g_wake_at = t;
}

double widgets_wake_in() {
  if (g_wake_at < 0 || !ImGui::GetCurrentContext()) return -1;
  const double left = g_wake_at - ImGui::GetTime();
  if (left <= 0) {  // the frame just drawn was the one asked for
    g_wake_at = -1;
    return -1;
  }
  return left;
}

// ---- stepper ------------------------------------------------------------------------------

int stepper_value(int v, long long delta, int lo, int hi) {
  if (lo > hi) std::swap(lo, hi);
  const long long r = static_cast<long long>(v) + delta;
  return static_cast<int>(std::clamp<long long>(r, lo, hi));
}

bool stepper(const char* id, int* v, int step, int step_fast, int lo, int hi) {
  const int before = *v;
  *v = stepper_value(*v, 0, lo, hi);
  const float h = ImGui::GetFrameHeight();
  const float gap = std::round(ImGui::GetStyle().ItemInnerSpacing.x * 0.6f);
  const int delta = ImGui::GetIO().KeyCtrl ? step_fast : step;
  ImGui::PushID(id);
  ImGui::PushButtonRepeat(true);
  ImGui::BeginDisabled(*v <= lo);
  if (round_button("-", false, h)) *v = stepper_value(*v, -static_cast<long long>(delta), lo, hi);
  ImGui::EndDisabled();
  remember_widget(std::string(id) + "-");
  ImGui::SameLine(0, gap);
  // The value, typed in if wished: wide enough for the largest value, centred.
  char widest[16];
  std::snprintf(widest, sizeof widest, "%d", std::abs(hi) > std::abs(lo) ? hi : lo);
  const float w = ImGui::CalcTextSize(widest).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::min(w, ImGui::GetFontSize() * 5));
  int typed = *v;
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, h * 0.5f);
  if (ImGui::InputScalar("##value", ImGuiDataType_S32, &typed, nullptr, nullptr, "%d",
                         ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_AutoSelectAll)) {
    *v = stepper_value(typed, 0, lo, hi);
  }
  ImGui::PopStyleVar();
  remember_widget(std::string(id) + "=");
  ImGui::SameLine(0, gap);
  ImGui::BeginDisabled(*v >= hi);
  if (round_button("+", true, h)) *v = stepper_value(*v, delta, lo, hi);
  ImGui::EndDisabled();
  remember_widget(std::string(id) + "+");
  ImGui::PopButtonRepeat();
  ImGui::PopID();
  return *v != before;
}

// ---- select -------------------------------------------------------------------------------

bool begin_select(const char* id, const char* preview) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float w = ImGui::CalcItemWidth();
  const float h = ImGui::GetFrameHeight();
  const ImGuiStyle& st = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, h * 0.5f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(st.FramePadding.y, st.FramePadding.y));
  ImGui::PushStyleVar(ImGuiStyleVar_PopupRounding, st.FrameRounding);
  const bool open =
      ImGui::BeginCombo(id, "", ImGuiComboFlags_NoArrowButton | ImGuiComboFlags_HeightLarge);
  ImGui::PopStyleVar(3);
  // The preview and the chevron, drawn over the closed field in the window it belongs to.
  const float chev = std::round(ImGui::GetFontSize() * 0.28f);
  const ImVec4 clip(pos.x + st.FramePadding.x, pos.y, pos.x + w - h, pos.y + h);
  const char* text = preview ? preview : "";
  ImFont* font = ImGui::GetFont();
  dl->AddText(font, ImGui::GetFontSize(),
              ImVec2(pos.x + st.FramePadding.x * 1.2f, pos.y + st.FramePadding.y), col(p.text),
              text, nullptr, 0.0f, &clip);
  chevron(dl, ImVec2(pos.x + w - h * 0.55f, pos.y + h * 0.5f), chev, col(p.text));
  if (!open) remember_widget(id);
  return open;
}

void end_select() {
  ImGui::EndCombo();
}

bool select_item(const char* label, bool selected) {
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_Header, p.accent_soft);
  const bool r = ImGui::Selectable(label, selected);
  ImGui::PopStyleColor();
  if (selected) {
    // The chosen item has keyboard focus when the list opens, however it was opened, so Up
    // and Down move from it.
    ImGui::SetItemDefaultFocus();
    if (ImGui::IsWindowAppearing())
      ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
    // A check mark at the end of the chosen row.
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float s = std::round(ImGui::GetFontSize() * 0.22f);
    const ImVec2 c(b.x - s * 2.5f, (a.y + b.y) * 0.5f);
    const ImVec2 pts[3] = {ImVec2(c.x - s, c.y), ImVec2(c.x - s * 0.3f, c.y + s * 0.8f),
                           ImVec2(c.x + s, c.y - s * 0.8f)};
    ImGui::GetWindowDrawList()->AddPolyline(pts, 3, col(p.accent), 0, 2.0f);
  }
  remember_widget(label);
  return r;
}

int select_typeahead(const std::vector<std::string>& items, int current, unsigned ch) {
  if (ch > 127 || !std::isalnum(static_cast<unsigned char>(ch)) || items.empty()) return -1;
  const int n = static_cast<int>(items.size());
  const int want = std::tolower(static_cast<unsigned char>(ch));
  const int from = current >= 0 && current < n ? current : -1;
  for (int k = 1; k <= n; ++k) {
    const int i = (from + k + n) % n;
    if (!items[static_cast<std::size_t>(i)].empty() &&
        std::tolower(static_cast<unsigned char>(items[static_cast<std::size_t>(i)][0])) == want) {
      return i;
    }
  }
  return -1;
}

bool select(const char* id, int* current, const std::vector<std::string>& items) {
  const int n = static_cast<int>(items.size());
  const bool valid = *current >= 0 && *current < n;
  bool changed = false;
  if (begin_select(id, valid ? items[static_cast<std::size_t>(*current)].c_str() : "")) {
    // A letter typed while the list is open picks the next item starting with it.
    const ImGuiIO& io = ImGui::GetIO();
    for (int k = 0; k < io.InputQueueCharacters.Size; ++k) {
      const int i = select_typeahead(items, *current, io.InputQueueCharacters[k]);
      if (i >= 0 && i != *current) {
        *current = i;
        changed = true;
      }
    }
    if (changed) ImGui::CloseCurrentPopup();
    for (int i = 0; i < n && !changed; ++i) {
      ImGui::PushID(i);
      if (select_item(items[static_cast<std::size_t>(i)].c_str(), i == *current) && i != *current) {
        *current = i;
        changed = true;
      }
      ImGui::PopID();
    }
    end_select();
  }
  return changed;
}

bool select(const char* id, int* current, const char* const items[], int count) {
  std::vector<std::string> v(items, items + std::max(0, count));
  return select(id, current, v);
}

// ---- slider -------------------------------------------------------------------------------

bool slider_int(const char* label, int* v, int lo, int hi, const char* format) {
  const Palette& p = palette();
  const ImGuiStyle& st = ImGui::GetStyle();
  const char* vis_end = visible_end(label);
  const float item_w = ImGui::CalcItemWidth();  // before the label uses SetNextItemWidth up
  if (vis_end != label) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label, vis_end);
    ImGui::SameLine();
  }
  char widest[32], now[32];
  std::snprintf(widest, sizeof widest, format, hi);
  // The value beside the track is given room for the widest value, so nothing moves.
  const float value_w = ImGui::CalcTextSize(widest).x;
  const float w = std::max(ImGui::GetFontSize() * 4, item_w - value_w - st.ItemInnerSpacing.x);
  const float knob = std::round(ImGui::GetFontSize() * 0.95f);
  // ImGui's slider, invisible, gives the behaviour (drag, click, keys, focus ring).
  ImGui::PushStyleVar(ImGuiStyleVar_GrabMinSize, knob);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
  const ImVec4 clear(0, 0, 0, 0);
  for (ImGuiCol c : {ImGuiCol_FrameBg, ImGuiCol_FrameBgHovered, ImGuiCol_FrameBgActive,
                     ImGuiCol_SliderGrab, ImGuiCol_SliderGrabActive, ImGuiCol_Text}) {
    ImGui::PushStyleColor(c, clear);
  }
  ImGui::SetNextItemWidth(w);
  std::string id = std::string("##slider") + label;
  const bool changed = ImGui::SliderInt(id.c_str(), v, lo, hi, "",
                                        ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput);
  ImGui::PopStyleColor(6);
  ImGui::PopStyleVar(2);
  remember_widget(std::string(label, vis_end));
  // The track and the knob where ImGui puts its grab: 2 px in, half a grab from each end.
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float range = static_cast<float>(hi - lo);
  const float grab = std::max(knob, (b.x - a.x - 4) / (range + 1));
  const float x0 = a.x + 2 + grab * 0.5f, x1 = b.x - 2 - grab * 0.5f;
  const float t = range > 0 ? static_cast<float>(std::clamp(*v, lo, hi) - lo) / range : 0.0f;
  const float cy = (a.y + b.y) * 0.5f, x = x0 + (x1 - x0) * t;
  const float th = std::max(2.0f, std::round(ImGui::GetFontSize() * 0.16f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(x0, cy - th * 0.5f), ImVec2(x1, cy + th * 0.5f), col(p.track), th);
  if (current_theme() == Theme::Contrast) {
    dl->AddRect(ImVec2(x0, cy - th * 0.5f), ImVec2(x1, cy + th * 0.5f), col(p.text), th);
  }
  dl->AddRectFilled(ImVec2(x0, cy - th * 0.5f), ImVec2(x, cy + th * 0.5f), col(p.accent), th);
  const bool hot = ImGui::IsItemActive() || ImGui::IsItemHovered();
  dl->AddCircleFilled(ImVec2(x, cy), knob * (hot ? 0.55f : 0.5f), col(p.accent), 32);
  dl->AddCircleFilled(ImVec2(x, cy), knob * 0.22f, col(p.card), 24);
  ImGui::SameLine(0, st.ItemInnerSpacing.x);
  std::snprintf(now, sizeof now, format, *v);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(now);
  ImGui::SameLine(0, 0);
  ImGui::Dummy(ImVec2(std::max(0.0f, value_w - ImGui::CalcTextSize(now).x), 0));
  return changed;
}

// ---- chips and segments -------------------------------------------------------------------

bool choice(const char* label, bool active) {
  return pill_button(label, active);
}

bool choice(const char* label, int* v, int v_button) {
  const bool r = pill_button(label, *v == v_button);
  if (r) *v = v_button;
  return r;
}

bool chip(const char* label, bool* v) {
  const bool r = pill_button(label, *v);
  if (r) *v = !*v;
  return r;
}

bool segmented(const char* id, int* current, const char* const labels[], int n) {
  const Palette& p = palette();
  const ImGuiStyle& st = ImGui::GetStyle();
  const float h = ImGui::GetFrameHeight();
  const float inset = 3.0f;
  float total = inset * 2;
  for (int i = 0; i < n; ++i) {
    total += ImGui::CalcTextSize(labels[i], visible_end(labels[i])).x + st.FramePadding.x * 2;
  }
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = (h + inset * 2) * 0.5f;
  dl->AddRectFilled(pos, ImVec2(pos.x + total, pos.y + h + inset * 2), col(p.sidebar), r);
  dl->AddRect(pos, ImVec2(pos.x + total, pos.y + h + inset * 2),
              ImGui::GetColorU32(ImGuiCol_Border), r, 0, st.FrameBorderSize);
  ImGui::PushID(id);
  ImGui::BeginGroup();
  ImGui::SetCursorScreenPos(ImVec2(pos.x + inset, pos.y + inset));
  bool changed = false;
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, h * 0.5f);
  for (int i = 0; i < n; ++i) {
    if (i > 0) ImGui::SameLine(0, 0);
    const bool on = *current == i;
    // The chosen segment: the soft accent with an accent outline (as a chosen chip).
    ImGui::PushStyleColor(ImGuiCol_Button, on ? p.accent_soft : ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.accent_soft);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.accent_soft);
    ImGui::PushStyleColor(ImGuiCol_Border, on ? p.accent : ImVec4(0, 0, 0, 0));
    if (ImGui::Button(labels[i]) && !on) {
      *current = i;
      changed = true;
    }
    ImGui::PopStyleColor(4);
    remember_widget(labels[i]);
  }
  ImGui::PopStyleVar();
  ImGui::EndGroup();
  ImGui::PopID();
  ImGui::SetCursorScreenPos(pos);
  ImGui::Dummy(ImVec2(total, h + inset * 2));
  return changed;
}

// ---- toggle -------------------------------------------------------------------------------

namespace {
// The switch and its text (from `text` to `text_end`), identified by `id`.
bool switch_control(const char* id, bool* v, const char* text, const char* text_end) {
  const Palette& p = palette();
  const ImGuiStyle& st = ImGui::GetStyle();
  const float h = ImGui::GetFrameHeight();
  const float th = std::round(ImGui::GetFontSize() * 1.1f), tw = std::round(th * 1.8f);
  // The text wraps within the room left on the line (long labels, large text sizes); the
  // switch stays level with its first line.
  const float wrap = std::max(ImGui::GetFontSize() * 6,
                              ImGui::GetContentRegionAvail().x - tw - st.ItemInnerSpacing.x);
  const ImVec2 ts = ImGui::CalcTextSize(text, text_end, false, wrap);
  const float w = tw + (ts.x > 0 ? st.ItemInnerSpacing.x + ts.x : 0);
  const float total_h = std::max(h, ts.y + st.FramePadding.y * 2);
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(w, total_h));
  if (pressed) *v = !*v;
  const ImVec2 a = ImGui::GetItemRectMin();
  const float y0 = a.y + (h - th) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool hc = current_theme() == Theme::Contrast;
  const ImVec4 off_track = ImGui::IsItemHovered() ? mixed(p.track, p.muted, 0.15f) : p.track;
  dl->AddRectFilled(ImVec2(a.x, y0), ImVec2(a.x + tw, y0 + th), col(*v ? p.accent : off_track),
                    th * 0.5f);
  // The off switch is outlined so it reads as a control (3:1 against the page).
  if (!*v || hc) {
    dl->AddRect(ImVec2(a.x, y0), ImVec2(a.x + tw, y0 + th), col(*v ? p.text : p.muted), th * 0.5f,
                0, hc ? 2.0f : 1.0f);
  }
  const float kr = th * 0.5f - 3.0f;
  const float kx = *v ? a.x + tw - th * 0.5f : a.x + th * 0.5f;
  dl->AddCircleFilled(ImVec2(kx, y0 + th * 0.5f), kr, col(*v ? p.accent_text : p.muted), 24);
  if (ts.x > 0) {
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(a.x + tw + st.ItemInnerSpacing.x, a.y + st.FramePadding.y), col(p.text),
                text, text_end, wrap);
  }
  focus_ring(th * 0.5f);
  return pressed;
}
}  // namespace

bool toggle(const char* label, bool* v) {
  const char* vis_end = visible_end(label);
  const bool r = switch_control(label, v, label, vis_end);
  remember_widget(std::string(label, vis_end));
  return r;
}

bool toggle(const char* id, bool* v, const std::string& text) {
  const bool r = switch_control(id, v, text.c_str(), text.c_str() + text.size());
  remember_widget(id);
  return r;
}

// ---- tooltips -----------------------------------------------------------------------------

namespace {
ImGuiID g_hover_id = 0;
double g_hover_since = 0;
int g_hover_frame = -1;  // the last frame the hovered item was seen hovered
int g_hover_shown = 0;   // frames its tooltip has been drawn in

// A key for the last item: its ID, or for items without one (text) its position.
ImGuiID rect_key(ImVec2 a) {
  unsigned bits[2];
  std::memcpy(&bits[0], &a.x, sizeof(float));
  std::memcpy(&bits[1], &a.y, sizeof(float));
  return (bits[0] * 2654435761u) ^ (bits[1] + 0x9E3779B9u) ^ 1u;
}

// Whether the tooltip of `key` shows this frame: once hovered for kTooltipDelay (the loop is
// woken for that moment), at once when keyboard focus is on it.
bool tooltip_due(ImGuiID key, bool hovered, bool focused) {
  if (!hovered && !focused) {
    if (key == g_hover_id) g_hover_id = 0;
    return false;
  }
  const double now = ImGui::GetTime();
  const int frame = ImGui::GetFrameCount();
  if (key != g_hover_id || g_hover_frame < frame - 1) {  // a new hover, or one come back
    g_hover_id = key;
    g_hover_since = now;
    g_hover_shown = 0;
  }
  g_hover_frame = frame;
  const double shown = now - g_hover_since - (focused ? 0.0 : kTooltipDelay);
  if (shown < 0) {
    wake_me_in(-shown);
    return false;
  }
  // A tooltip sizes itself on a hidden first frame: ask for the frames that show it.
  if (++g_hover_shown <= 2) wake_me_in(1.0 / 60);
  return true;
}

bool item_tooltip_due() {
  const ImGuiID id = ImGui::GetItemID();
  return tooltip_due(id ? id : rect_key(ImGui::GetItemRectMin()), ImGui::IsItemHovered(),
                     ImGui::IsItemFocused() && ImGui::GetIO().NavVisible);
}

void show_tooltip(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}
}  // namespace

bool begin_tooltip() {
  if (!item_tooltip_due()) return false;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
  return true;
}

void end_tooltip() {
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void tooltip(const std::string& text) {
  if (item_tooltip_due()) show_tooltip(text);
}

void tooltip_over(ImVec2 min, ImVec2 max, const std::string& text) {
  const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(min, max);
  if (tooltip_due(rect_key(min), hovered, false)) show_tooltip(text);
}

}  // namespace kindly::gui
