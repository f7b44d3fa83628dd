// Wrapped editor. Contents: soft wrap · unwrap · caret mapping · the widget.
#include "editor.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cfloat>

namespace kindly::gui {
namespace {

float text_w(ImFont* f, const char* b, const char* e) {
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, b, e).x;
}

// Buffer index -> plain index (each "\r\n" soft break stands for one space).
int to_plain(const std::string& buf, int b) {
  int p = 0;
  for (int i = 0; i < b && i < static_cast<int>(buf.size()); ++i) {
    if (buf[static_cast<std::size_t>(i)] != '\r') ++p;
  }
  return p;
}

// Plain index -> buffer index.
int to_buffer(const std::string& buf, int p) {
  int seen = 0;
  for (int i = 0; i < static_cast<int>(buf.size()); ++i) {
    if (seen == p) return i;
    if (buf[static_cast<std::size_t>(i)] != '\r') ++seen;
  }
  return static_cast<int>(buf.size());
}

struct CallbackData {
  EditorState* st;
  ImFont* font;
  float width;
};

int on_edit(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
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

std::string unwrap(const std::string& buffer) {
  std::string out;
  out.reserve(buffer.size());
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    if (buffer[i] == '\r' && i + 1 < buffer.size() && buffer[i + 1] == '\n') {
      out += ' ';
      ++i;
    } else if (buffer[i] != '\r') {
      out += buffer[i];
    }
  }
  return out;
}

std::string soft_wrap(const std::string& plain, ImFont* font, float width) {
  if (!font || width <= 0) return plain;
  std::string out;
  out.reserve(plain.size() + plain.size() / 40);
  std::size_t line_start = 0;
  while (line_start <= plain.size()) {
    std::size_t nl = plain.find('\n', line_start);
    if (nl == std::string::npos) nl = plain.size();
    // Greedy wrap of [line_start, nl).
    std::size_t seg = line_start;  // start of the current visual line
    std::size_t last_space = std::string::npos;
    std::size_t i = line_start;
    while (i < nl) {
      if (plain[i] == ' ') last_space = i;
      // Measure up to the end of the current word.
      if (plain[i] != ' ' && (i + 1 == nl || plain[i + 1] == ' ')) {
        const float w = text_w(font, plain.data() + seg, plain.data() + i + 1);
        if (w > width && last_space != std::string::npos && last_space > seg) {
          out.append(plain, seg, last_space - seg);
          out += "\r\n";
          seg = last_space + 1;
          last_space = std::string::npos;
        }
      }
      ++i;
    }
    out.append(plain, seg, nl - seg);
    if (nl < plain.size()) out += '\n';
    line_start = nl + 1;
  }
  return out;
}

bool wrapped_editor(const char* id, std::string* plain, EditorState* st, ImVec2 size,
                    const char* hint) {
  ImFont* font = ImGui::GetFont();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = size.x - style.FramePadding.x * 2 - style.ScrollbarSize - 4;
  if (*plain != st->plain || width != st->width || font != st->font) {
    st->buffer = soft_wrap(*plain, font, width);
    st->plain = *plain;
    st->width = width;
    st->font = font;
  }
  CallbackData cd{st, font, width};
  const bool changed = ImGui::InputTextMultiline(
      id, &st->buffer, size,
      ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_NoHorizontalScroll, on_edit, &cd);
  if (hint && plain->empty() && !ImGui::IsItemActive()) {
    const ImVec2 pos(ImGui::GetItemRectMin().x + style.FramePadding.x,
                     ImGui::GetItemRectMin().y + style.FramePadding.y);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos,
                                        ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
  if (!changed) return false;
  std::string now = unwrap(st->buffer);
  if (now == *plain) return false;
  *plain = now;
  st->plain = now;
  return true;
}

}  // namespace kindly::gui
