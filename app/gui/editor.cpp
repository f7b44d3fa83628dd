// Wrapped editor. Contents: UTF-8 · stand-ins for what ImGui cannot carry · soft wrap ·
// unwrap · caret mapping · the widget.
#include "editor.h"

#include <imgui.h>
#include <imgui_internal.h>  // ImGuiContext::ActiveId
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include "fonts.h"

namespace kindly::gui {
namespace {

// ---- UTF-8 ----------------------------------------------------------------------------------

// The code point at s[i] and its length in bytes; a byte that does not start valid UTF-8
// (overlong, a surrogate, truncated) is returned as itself with length 1 and `ok` false.
struct Decoded {
  char32_t cp;
  std::size_t len;
  bool ok;
};

Decoded decode(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return {c, 1, true};
  std::size_t len = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {c, 1, false};
  }
  if (i + len > s.size()) return {c, 1, false};
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return {c, 1, false};
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {c, 1, false};
  return {cp, len, true};
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---- stand-ins ------------------------------------------------------------------------------
//
// ImGui 1.86 (16-bit ImWchar) turns every code point above U+FFFF into U+FFFD when it decodes
// the buffer, on every edit: typed emoji, and emoji already in an entry. So those never reach
// it: each gets a stand-in from the Private Use Area, the same one for the whole run. Private
// Use characters the user wrote get stand-ins too (or they could not be told from ours), and
// so does '\r' (or it could not be told from a soft break).

constexpr char32_t kFirstStandIn = 0xE000;
constexpr char32_t kLastStandIn = 0xF8FF;
constexpr char32_t kRawByte = 0x110000;  // above Unicode: "this byte, which was not UTF-8"

struct StandIns {
  std::vector<char32_t> original;  // index: stand-in - kFirstStandIn
  std::unordered_map<char32_t, char32_t> stand_in;
};

StandIns& stand_ins() {
  static StandIns s;
  return s;
}

bool needs_stand_in(char32_t cp) {
  return cp == '\r' || cp > 0xFFFF || (cp >= kFirstStandIn && cp <= kLastStandIn);
}

// The stand-in for `cp`, or 0 when all 6400 are taken (then ImGui gets U+FFFD, as before).
char32_t stand_in_for(char32_t cp) {
  StandIns& s = stand_ins();
  if (auto it = s.stand_in.find(cp); it != s.stand_in.end()) return it->second;
  const char32_t next = kFirstStandIn + static_cast<char32_t>(s.original.size());
  if (next > kLastStandIn) return 0;
  s.original.push_back(cp);
  s.stand_in.emplace(cp, next);
  return next;
}

// The wrapped editor that had the keyboard when last drawn (0: none), and the stand-ins typed
// for it, to insert at its caret in its next frame (UTF-8).
ImGuiID g_active_editor = 0;
std::string g_typed_stand_ins;

// ---- soft wrap helpers ----------------------------------------------------------------------

float text_w(ImFont* f, const char* b, const char* e) {
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, b, e).x;
}

// The end of the longest run of whole characters from `b` (at least one) no wider than `width`.
std::size_t fit(const std::string& s, std::size_t b, std::size_t e, ImFont* font, float width) {
  float w = 0;
  std::size_t i = b;
  while (i < e) {
    const Decoded d = decode(s, i);
    const ImWchar c = d.ok && d.cp <= 0xFFFF ? static_cast<ImWchar>(d.cp) : 0xFFFD;
    w += font->GetCharAdvance(c);
    if (w > width && i > b) break;
    i += d.len;
  }
  return i;
}

// Soft breaks in the buffer.
bool space_break_at(const std::string& buf, std::size_t i) {
  return i + 1 < buf.size() && buf[i] == '\r' && buf[i + 1] == '\n';
}
bool word_break_at(const std::string& buf, std::size_t i) {
  return i + 2 < buf.size() && buf[i] == '\r' && buf[i + 1] == '\r' && buf[i + 2] == '\n';
}

// Buffer index -> editor text index (a space break stands for one space, a word break for
// nothing).
int to_plain(const std::string& buf, int b) {
  int p = 0;
  std::size_t i = 0;
  while (static_cast<int>(i) < b && i < buf.size()) {
    if (word_break_at(buf, i)) {
      i += 3;
    } else if (space_break_at(buf, i)) {
      i += 2;
      ++p;
    } else {
      ++i;
      ++p;
    }
  }
  return p;
}

// Editor text index -> buffer index.
int to_buffer(const std::string& buf, int p) {
  int seen = 0;
  std::size_t i = 0;
  while (i < buf.size()) {
    if (seen == p) return static_cast<int>(i);
    if (word_break_at(buf, i)) {
      i += 3;
    } else if (space_break_at(buf, i)) {
      i += 2;
      ++seen;
    } else {
      ++i;
      ++seen;
    }
  }
  return static_cast<int>(buf.size());
}

struct CallbackData {
  EditorState* st;
  ImFont* font;
  float width;
};

// Characters typed for the editor that ImGui could not take (see editor_takes_char) go in at
// the caret, in place of the selection.
bool insert_typed(ImGuiInputTextCallbackData* data) {
  if (g_typed_stand_ins.empty()) return false;
  if (data->HasSelection()) {
    const int a = std::min(data->SelectionStart, data->SelectionEnd);
    data->DeleteChars(a, std::abs(data->SelectionEnd - data->SelectionStart));
    data->CursorPos = a;
  }
  data->InsertChars(data->CursorPos, g_typed_stand_ins.c_str(),
                    g_typed_stand_ins.c_str() + g_typed_stand_ins.size());
  data->SelectionStart = data->SelectionEnd = data->CursorPos;
  g_typed_stand_ins.clear();
  return true;
}

int on_edit(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && !insert_typed(data)) return 0;
  auto* cd = static_cast<CallbackData*>(data->UserData);
  const std::string buf(data->Buf, static_cast<std::size_t>(data->BufTextLen));
  const std::string plain = unwrap(buf);
  const std::string wrapped = soft_wrap(plain, cd->font, cd->width);
  if (wrapped == buf) return 0;
  const int cursor_plain = to_plain(buf, data->CursorPos);
  data->DeleteChars(0, data->BufTextLen);
  data->InsertChars(0, wrapped.c_str(), wrapped.c_str() + wrapped.size());
  const int c = to_buffer(wrapped, cursor_plain);
  data->CursorPos = c;
  data->SelectionStart = data->SelectionEnd = c;
  return 0;
}

}  // namespace

// ---- stand-ins (public) ---------------------------------------------------------------------

std::string to_editor_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const Decoded d = decode(text, i);
    // A byte that is not UTF-8 gets a stand-in too (ImGui would make it U+FFFD): it stands for
    // kRawByte + the byte.
    const char32_t s = !d.ok                  ? stand_in_for(kRawByte + d.cp)
                       : needs_stand_in(d.cp) ? stand_in_for(d.cp)
                                              : 0;
    if (s != 0) {
      encode(s, out);
    } else {
      out.append(text, i, d.len);
    }
    i += d.len;
  }
  return out;
}

std::string from_editor_text(const std::string& editor_text) {
  const StandIns& s = stand_ins();
  std::string out;
  out.reserve(editor_text.size());
  std::size_t i = 0;
  while (i < editor_text.size()) {
    const Decoded d = decode(editor_text, i);
    const std::size_t k = d.cp - kFirstStandIn;
    if (d.ok && d.cp >= kFirstStandIn && d.cp <= kLastStandIn && k < s.original.size()) {
      if (s.original[k] >= kRawByte) {
        out += static_cast<char>(s.original[k] - kRawByte);
      } else {
        encode(s.original[k], out);
      }
    } else {
      out.append(editor_text, i, d.len);
    }
    i += d.len;
  }
  return out;
}

bool editor_has_keyboard() {
  const ImGuiContext* g = ImGui::GetCurrentContext();
  return g && g_active_editor != 0 && g->ActiveId == g_active_editor;
}

bool editor_takes_char(unsigned codepoint) {
  return codepoint != '\r' && needs_stand_in(codepoint) && editor_has_keyboard();
}

void editor_insert_char(unsigned codepoint) {
  const char32_t s = stand_in_for(codepoint);
  encode(s != 0 ? s : 0xFFFD, g_typed_stand_ins);
}

// ---- soft wrap and unwrap -------------------------------------------------------------------

std::string unwrap(const std::string& buffer) {
  std::string out;
  out.reserve(buffer.size());
  std::size_t i = 0;
  while (i < buffer.size()) {
    if (word_break_at(buffer, i)) {
      i += 3;
    } else if (space_break_at(buffer, i)) {
      out += ' ';
      i += 2;
    } else {
      if (buffer[i] != '\r') out += buffer[i];  // a stray '\r' (the text's own are stand-ins)
      ++i;
    }
  }
  return out;
}

// Greedy, line by line: each word goes on the current line if it fits, else the line breaks at
// the last space; a word wider than a whole line is broken where the line is full.
std::string soft_wrap(const std::string& plain, ImFont* font, float width) {
  if (!font || width <= 0) return plain;
  std::string out;
  out.reserve(plain.size() + plain.size() / 40);
  std::size_t line_start = 0;
  while (line_start <= plain.size()) {
    std::size_t nl = plain.find('\n', line_start);
    if (nl == std::string::npos) nl = plain.size();
    std::size_t seg = line_start;  // start of the current visual line
    std::size_t last_space = std::string::npos;
    std::size_t i = line_start;
    while (i < nl) {
      if (plain[i] == ' ') {
        last_space = i++;
        continue;
      }
      std::size_t word_end = plain.find(' ', i);
      if (word_end == std::string::npos || word_end > nl) word_end = nl;
      if (text_w(font, plain.data() + seg, plain.data() + word_end) <= width) {
        i = word_end;
        continue;
      }
      if (last_space != std::string::npos && last_space > seg) {
        out.append(plain, seg, last_space - seg);
        out += "\r\n";
        seg = last_space + 1;
        last_space = std::string::npos;
        continue;  // the same word again, now at the start of a line
      }
      // The word does not fit even on a line of its own: break it where the line is full.
      const std::size_t cut = fit(plain, seg, word_end, font, width);
      if (cut >= word_end) {
        i = word_end;
        continue;
      }
      out.append(plain, seg, cut - seg);
      out += "\r\r\n";
      seg = i = cut;
      last_space = std::string::npos;
    }
    out.append(plain, seg, nl - seg);
    if (nl < plain.size()) out += '\n';
    line_start = nl + 1;
  }
  return out;
}

// ---- the widget -----------------------------------------------------------------------------

bool wrapped_editor(const char* id, std::string* plain, EditorState* st, ImVec2 size,
                    const char* hint) {
  ImFont* font = ImGui::GetFont();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = size.x - style.FramePadding.x * 2 - style.ScrollbarSize - 4;
  if (*plain != st->plain || width != st->width || font != st->font) {
    if (*plain != st->plain) note_user_text(*plain);  // the atlas grows to what is written
    st->buffer = soft_wrap(to_editor_text(*plain), font, width);
    st->plain = *plain;
    st->width = width;
    st->font = font;
  }
  CallbackData cd{st, font, width};
  const bool changed = ImGui::InputTextMultiline(id, &st->buffer, size,
                                                 ImGuiInputTextFlags_CallbackEdit |
                                                     ImGuiInputTextFlags_CallbackAlways |
                                                     ImGuiInputTextFlags_NoHorizontalScroll,
                                                 on_edit, &cd);
  const bool active = ImGui::IsItemActive();
  if (active) {
    g_active_editor = ImGui::GetItemID();
  } else if (g_active_editor == ImGui::GetItemID()) {
    g_active_editor = 0;
  }
  if (hint && plain->empty() && !active) {
    const ImVec2 pos(ImGui::GetItemRectMin().x + style.FramePadding.x,
                     ImGui::GetItemRectMin().y + style.FramePadding.y);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos,
                                        ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
  if (!changed) return false;
  std::string now = from_editor_text(unwrap(st->buffer));
  if (now == *plain) return false;
  note_user_text(now);
  *plain = now;
  st->plain = now;
  return true;
}

}  // namespace kindly::gui
