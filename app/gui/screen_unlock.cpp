// The lock on screen: the unlock screen, the recovery key shown once, and Settings > Privacy
// (set, change or remove the passphrase, Lock now, the idle time). App does every step through
// the engine (app_lock.cpp); the secrets are typed into ScreenState's fixed buffers.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "keys.h"
#include "ui.h"
#include "widgets.h"

namespace kindly::gui {
namespace {

using Buffer = std::array<char, ScreenState::kSecretBytes>;

// A field for a secret: its label above, the characters hidden (unless `shown`). True when
// Enter was pressed in it.
bool secret_field(const Fonts& f, const char* label, const char* id, Buffer& buf, float width,
                  bool focus, bool shown = false) {
  ImGui::PushFont(f.ui_bold);
  ImGui::TextUnformatted(label);
  ImGui::PopFont();
  ImGui::SetNextItemWidth(std::min(width, f.ui->FontSize * 22));
  if (focus) ImGui::SetKeyboardFocusHere();
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (!shown) flags |= ImGuiInputTextFlags_Password;
  const bool enter = ImGui::InputText(id, buf.data(), buf.size(), flags);
  remember_widget(id);
  vspace(6);
  return enter;
}

void refusal_line(const std::string& text, float width) {
  if (text.empty()) return;
  const ImVec4 c = palette().error;
  text_wrapped(text, width, &c);
  remember_widget("refusal");
  vspace(6);
}

}  // namespace

// ---- the unlock screen ----------------------------------------------------------------------

void draw_unlock(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, "Your journal is locked",
        "What you wrote is encrypted on this computer. Your passphrase opens it.", width);
  if (m.unlocking) {
    muted("Unlocking\xE2\x80\xA6", width);
    remember_widget("Unlocking");
    return;
  }
  const bool focus = s.unlock_focus;
  s.unlock_focus = false;
  bool enter = false;
  if (s.unlock_recovery) {
    enter =
        secret_field(f, "Your recovery key", "##recovery-key", s.unlock_secret, width, focus, true);
    muted("The 32 letters and digits you wrote down; dashes, spaces and case do not matter.", width,
          f.small);
  } else {
    enter = secret_field(f, "Passphrase", "##passphrase", s.unlock_secret, width, focus);
  }
  refusal_line(m.unlock_error, width);
  if (primary_button("Unlock") || enter) out.push_back(ui::Unlock{});
  remember_widget("Unlock");
  vspace(10);
  const char* other =
      s.unlock_recovery ? "Use my passphrase instead" : "Use my recovery key instead";
  if (link_button(other)) {
    wipe_secret(s.unlock_secret);
    wipe_text_input_state();
    s.unlock_recovery = !s.unlock_recovery;
    s.unlock_focus = true;
  }
  remember_widget(other);
  vspace(16);
  muted(
      "Without your passphrase and without your recovery key, what you wrote cannot be "
      "recovered, by you or by anyone.",
      width, f.small);
}

// ---- the recovery key, shown once -----------------------------------------------------------

// Large, in groups of four, each character in a cell of its own width (the app has no monospace
// face: the cells line the characters up as one would).
void draw_recovery_key(const Model& m, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  title(f, "Your recovery key",
        "Your journal is locked with your passphrase. This key is the only other way in.", width);
  begin_card(width);
  ImGui::PushFont(f.h1);
  const float cell = std::round(ImGui::CalcTextSize("W").x * 1.05f);
  const float gap = cell * 0.8f, line_h = ImGui::GetTextLineHeight() * 1.3f;
  const std::string& key = m.recovery_key;
  const int per_line = width > cell * 22 ? 4 : 2;  // groups on one line
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int group = 0, in_group = 0;
  ImVec2 at = origin;
  for (char c : key) {
    if (c == '-') {
      ++group;
      in_group = 0;
      at.x += gap;
      if (group % per_line == 0) at = ImVec2(origin.x, at.y + line_h);
      continue;
    }
    const char glyph[2] = {c, 0};
    const float w = ImGui::CalcTextSize(glyph).x;
    dl->AddText(ImVec2(at.x + std::round((cell - w) * 0.5f), at.y), u32(palette().text), glyph);
    at.x += cell;
    ++in_group;
  }
  ImGui::Dummy(ImVec2(std::max(1.0f, (cell * 4 + gap) * per_line), at.y - origin.y + line_h));
  ImGui::PopFont();
  remember_widget("recovery key");
  end_card();
  vspace(10);
  text_wrapped(
      "Write it down on paper and keep it away from this computer. If you forget your "
      "passphrase, this key opens your journal. Without your passphrase and without this "
      "recovery key, what you wrote cannot be recovered, by you or by anyone.",
      width);
  muted("Kindly shows it this once and does not keep it.", width, f.small);
  vspace(10);
  if (soft_button("Copy")) ImGui::SetClipboardText(key.c_str());
  remember_widget("Copy");
  ImGui::SameLine();
  if (primary_button("I have written it down")) out.push_back(ui::RecoveryKeyWrittenDown{});
  remember_widget("I have written it down");
}

// ---- Settings > Privacy ---------------------------------------------------------------------

namespace {

void idle_choice(const Model& m, Actions& out) {
  const Fonts& f = *m.fonts;
  muted("Lock by itself after this long without a key or a click:", m.content_width, f.small);
  static const int minutes[] = {0, 5, 15, 30, 60};
  static const char* const labels[] = {"Never", "5 minutes", "15 minutes", "30 minutes",
                                       "60 minutes"};
  int current = 2;
  for (int i = 0; i < 5; ++i) {
    if (minutes[i] == m.idle_lock_minutes) current = i;
  }
  if (segmented("##idle-lock", &current, labels, 5))
    out.push_back(ui::SetIdleLock{minutes[current]});
}

// Cancel: the form closes and nothing typed in it stays in memory (ours or ImGui's).
void cancel_lock_form(ScreenState& s) {
  wipe_secret(s.lock_current);
  wipe_secret(s.lock_new);
  wipe_secret(s.lock_again);
  wipe_text_input_state();
  s.lock_form = ScreenState::LockForm::None;
}

void set_form(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  text_wrapped(
      "Everything you write will be encrypted on this computer, and Kindly will ask for the "
      "passphrase when it opens. If you forget it, only the recovery key shown next can open "
      "your journal.",
      width);
  vspace(6);
  const bool a = secret_field(f, "New passphrase (at least 8 characters)", "##lock-new", s.lock_new,
                              width, keys::opening());
  const bool b = secret_field(f, "The same again", "##lock-again", s.lock_again, width, false);
  refusal_line(m.lock_error, width);
  if (primary_button("Lock my journal") || a || b) out.push_back(ui::LockSet{});
  remember_widget("Lock my journal");
  ImGui::SameLine();
  if (soft_button("Cancel##lock-set")) cancel_lock_form(s);
  remember_widget("Cancel##lock-set");
}

void change_form(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  (void)secret_field(f, "Your passphrase now", "##lock-current", s.lock_current, width, false);
  const bool a = secret_field(f, "New passphrase (at least 8 characters)", "##lock-new", s.lock_new,
                              width, false);
  const bool b = secret_field(f, "The same again", "##lock-again", s.lock_again, width, false);
  refusal_line(m.lock_error, width);
  if (primary_button("Change passphrase") || a || b) out.push_back(ui::LockChange{});
  remember_widget("Change passphrase");
  ImGui::SameLine();
  if (soft_button("Cancel##lock-change")) cancel_lock_form(s);
  remember_widget("Cancel##lock-change");
}

void remove_question(const Model& m, ScreenState& s, Actions& out) {
  const float width = m.content_width;
  text_wrapped(
      "Remove the passphrase? Everything you wrote is stored as plain text on disk again: "
      "anyone who can read your home folder (another account, a stolen disk, a backup "
      "service) can read it.",
      width);
  refusal_line(m.lock_error, width);
  if (soft_button("Yes, remove the passphrase")) out.push_back(ui::LockRemove{});
  remember_widget("Yes, remove the passphrase");
  ImGui::SameLine();
  if (primary_button("Keep it locked")) s.lock_form = ScreenState::LockForm::None;
  remember_widget("Keep it locked");
}

}  // namespace

void privacy_settings(const Model& m, ScreenState& s, Actions& out) {
  const Fonts& f = *m.fonts;
  const float width = m.content_width;
  section(f, "Privacy");
  using Form = ScreenState::LockForm;
  if (!m.has_passphrase) {
    if (s.lock_form == Form::Set) return set_form(m, s, out);
    muted(
        "Your journal is stored as plain text in your data folder: anyone who can read your "
        "home folder can read it.",
        width, f.small);
    if (soft_button("Lock my journal with a passphrase...")) s.lock_form = Form::Set;
    remember_widget("Lock my journal with a passphrase");
    return;
  }
  if (s.lock_form == Form::Change) return change_form(m, s, out);
  if (s.lock_form == Form::Remove) return remove_question(m, s, out);
  muted("Your journal is locked with a passphrase: what you wrote is encrypted on disk.", width,
        f.small);
  if (soft_button("Lock now")) out.push_back(ui::LockNow{});
  remember_widget("Lock now");
  ImGui::SameLine();
  muted("Ctrl+L", 0, f.small);
  idle_choice(m, out);
  vspace(6);
  if (link_button("Change passphrase...")) s.lock_form = Form::Change;
  remember_widget("Change passphrase...");
  ImGui::SameLine(0, 24);
  if (link_button("Remove the passphrase...")) s.lock_form = Form::Remove;
  remember_widget("Remove the passphrase...");
}

}  // namespace kindly::gui
