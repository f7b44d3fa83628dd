// Markdown. Contents: parse (md4c callbacks -> MdDoc) · links (asking, opening) · layout (word
// wrap across fonts) · draw.
#include "markdown.h"

#include <md4c.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "theme.h"
#include "widgets.h"

extern char** environ;

namespace kindly::gui {
namespace {

// ---- parse -------------------------------------------------------------------------------

struct ListState {
  bool ordered = false;
  unsigned next = 1;
};

struct Parser {
  MdDoc doc;
  int quote_depth = 0;
  std::vector<ListState> lists;
  int bold = 0, italic = 0, code = 0, link = 0;
  std::vector<std::string> hrefs;  // of the links the text is in, innermost last
  bool in_block = false;           // text goes to doc.blocks.back()
  bool fresh_item = false;         // a list item opened and has no text block yet
  std::string pending_bullet;      // bullet for the item's first block

  MdBlock& open(MdBlock::Kind kind, int level = 0) {
    MdBlock b;
    b.kind = kind;
    b.level = level;
    b.quote_depth = quote_depth;
    b.list_depth = static_cast<int>(lists.size());
    if (fresh_item) {
      b.bullet = pending_bullet;
      fresh_item = false;
    }
    doc.blocks.push_back(std::move(b));
    in_block = true;
    return doc.blocks.back();
  }

  void add_text(const std::string& s) {
    if (!in_block) open(lists.empty() ? MdBlock::Kind::Paragraph : MdBlock::Kind::ListItem);
    auto& spans = doc.blocks.back().spans;
    const bool b = bold > 0, i = italic > 0, c = code > 0, l = link > 0;
    const std::string href = l && !hrefs.empty() ? hrefs.back() : std::string();
    if (!spans.empty() && spans.back().bold == b && spans.back().italic == i &&
        spans.back().code == c && spans.back().link == l && spans.back().href == href &&
        spans.back().text != "\n") {
      spans.back().text += s;
    } else {
      spans.push_back(MdSpan{s, b, i, c, l, href});
    }
  }
};

std::string decode_entity(const std::string& e) {
  if (e == "&amp;") return "&";
  if (e == "&lt;") return "<";
  if (e == "&gt;") return ">";
  if (e == "&quot;") return "\"";
  if (e == "&apos;") return "'";
  if (e == "&nbsp;") return "\xC2\xA0";
  if (e == "&mdash;") return "\xE2\x80\x94";
  if (e == "&ndash;") return "\xE2\x80\x93";
  if (e.size() > 3 && e[1] == '#') {
    unsigned long cp = 0;
    try {
      cp = (e[2] == 'x' || e[2] == 'X') ? std::stoul(e.substr(3), nullptr, 16)
                                        : std::stoul(e.substr(2), nullptr, 10);
    } catch (...) {
      return e;
    }
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
  }
  return e;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto& p = *static_cast<Parser*>(user);
  switch (type) {
    case MD_BLOCK_QUOTE:
      ++p.quote_depth;
      p.in_block = false;
      break;
    case MD_BLOCK_UL:
      p.lists.push_back({false, 1});
      p.in_block = false;
      break;
    case MD_BLOCK_OL:
      p.lists.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start});
      p.in_block = false;
      break;
    case MD_BLOCK_LI:
      if (!p.lists.empty()) {
        auto& l = p.lists.back();
        p.pending_bullet = l.ordered ? std::to_string(l.next++) + "." : "\xE2\x80\xA2";
      } else {
        p.pending_bullet = "\xE2\x80\xA2";
      }
      p.fresh_item = true;
      p.in_block = false;
      break;
    case MD_BLOCK_HR:
      p.open(MdBlock::Kind::Rule);
      p.in_block = false;
      break;
    case MD_BLOCK_H:
      p.open(MdBlock::Kind::Heading,
             static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level));
      break;
    case MD_BLOCK_CODE:
      p.open(MdBlock::Kind::Code);
      break;
    case MD_BLOCK_P:
      p.open(p.lists.empty() ? MdBlock::Kind::Paragraph : MdBlock::Kind::ListItem);
      break;
    default:
      break;
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* user) {
  auto& p = *static_cast<Parser*>(user);
  switch (type) {
    case MD_BLOCK_QUOTE:
      --p.quote_depth;
      p.in_block = false;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (!p.lists.empty()) p.lists.pop_back();
      p.in_block = false;
      break;
    case MD_BLOCK_LI:
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_P:
      p.in_block = false;
      p.fresh_item = false;
      break;
    default:
      break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
  auto& p = *static_cast<Parser*>(user);
  if (type == MD_SPAN_EM) ++p.italic;
  if (type == MD_SPAN_STRONG) ++p.bold;
  if (type == MD_SPAN_CODE) ++p.code;
  if (type == MD_SPAN_A) {
    ++p.link;
    const auto* a = static_cast<const MD_SPAN_A_DETAIL*>(detail);
    p.hrefs.emplace_back(a->href.text != nullptr ? std::string(a->href.text, a->href.size)
                                                 : std::string());
  }
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* user) {
  auto& p = *static_cast<Parser*>(user);
  if (type == MD_SPAN_EM) --p.italic;
  if (type == MD_SPAN_STRONG) --p.bold;
  if (type == MD_SPAN_CODE) --p.code;
  if (type == MD_SPAN_A) {
    --p.link;
    if (!p.hrefs.empty()) p.hrefs.pop_back();
  }
  return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  auto& p = *static_cast<Parser*>(user);
  const std::string s(text, size);
  switch (type) {
    case MD_TEXT_NULLCHAR:
      break;
    case MD_TEXT_BR:
      if (!p.in_block) p.add_text("");
      p.doc.blocks.back().spans.push_back(MdSpan{"\n"});
      break;
    case MD_TEXT_SOFTBR:
      p.add_text(" ");
      break;
    case MD_TEXT_ENTITY:
      p.add_text(decode_entity(s));
      break;
    default:
      p.add_text(s);
      break;
  }
  return 0;
}

// ---- links ---------------------------------------------------------------------------------

// The one question about a link at a time: which address, asked where (the line is drawn
// under the paragraph that holds the link, so it is on screen where the click was).
struct LinkQuestion {
  std::string asked;           // the address clicked; empty when nothing is asked
  const MdDoc* doc = nullptr;  // the document and block it is in
  std::size_t block = 0;
  std::string said;  // what happened when it was opened, shown in the same place
};
LinkQuestion g_link;
const MdDoc* g_drawing = nullptr;  // the document and block draw_markdown is drawing
std::size_t g_block = 0;
std::mutex g_late_mutex;
std::string g_late;  // a failure xdg-open reported after it started (its exit status)

bool web_or_mail(const std::string& a) {
  return a.rfind("https://", 0) == 0 || a.rfind("http://", 0) == 0 || a.rfind("mailto:", 0) == 0;
}

// Starts `xdg-open ADDRESS` (the address is one argument: no shell sees it) and waits for it
// on a thread of its own, so that a failure it reports later is shown too.
std::string open_with_xdg_open(const std::string& address) {
  std::string arg = address;
  char name[] = "xdg-open";
  char* argv[] = {name, arg.data(), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ);
  if (rc != 0) {
    return "Kindly could not start xdg-open (" + std::string(std::strerror(rc)) +
           "), so nothing was opened. The address is " + address + ".";
  }
  std::thread([pid, address] {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::lock_guard<std::mutex> l(g_late_mutex);
      g_late = "Your browser could not be started for " + address + " (xdg-open failed).";
    }
  }).detach();
  return "Asked your browser to open " + address + ".";
}

LinkOpener g_opener = &open_with_xdg_open;

// Makes the word of a link at [a, b] a button (mouse and keyboard), without moving the cursor.
void link_target(const MdSpan& span, const void* id, ImVec2 a, ImVec2 b) {
  if (b.x - a.x < 1 || b.y - a.y < 1) return;
  const ImVec2 saved = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(a);
  ImGui::PushID(id);
  if (ImGui::InvisibleButton("##link", ImVec2(b.x - a.x, b.y - a.y))) {
    g_link.asked = span.href;
    g_link.doc = g_drawing;
    g_link.block = g_block;
    g_link.said.clear();
  }
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  remember_widget("link:" + span.href);
  ImGui::PopID();
  ImGui::SetCursorScreenPos(saved);
}

// Under the block that holds the clicked link: the one-line question, then what happened.
void link_question(const MdDoc& doc, std::size_t block, const Fonts& fonts, float width) {
  if (g_link.doc != &doc || g_link.block != block) return;
  {
    std::lock_guard<std::mutex> l(g_late_mutex);
    if (!g_late.empty()) {
      g_link.said = g_late;
      g_late.clear();
    }
  }
  if (!g_link.asked.empty()) {
    ImGui::PushFont(fonts.ui);
    if (web_or_mail(g_link.asked)) {
      text_wrapped("Open " + g_link.asked + " in your browser?", width);
      if (soft_button("Open in browser")) {
        g_link.said = g_opener(g_link.asked);
        g_link.asked.clear();
      }
      ImGui::SameLine();
      if (soft_button("Cancel")) g_link.asked.clear();
    } else {
      text_wrapped("Kindly opens only web and e-mail links; this one is " + g_link.asked + ".",
                   width);
      if (soft_button("Close")) g_link.asked.clear();
    }
    ImGui::PopFont();
  } else if (!g_link.said.empty()) {
    muted(g_link.said, width, fonts.small);
  }
}

}  // namespace

void set_link_opener(LinkOpener opener) {
  g_opener = opener != nullptr ? opener : &open_with_xdg_open;
}

const std::string& link_asked() {
  return g_link.asked;
}

namespace {

// ---- layout and draw ---------------------------------------------------------------------

struct Faces {
  ImFont* regular;
  ImFont* italic;
  ImFont* bold;
  ImFont* code;
};

ImFont* face_for(const MdSpan& s, const Faces& f) {
  if (s.code) return f.code;
  if (s.bold) return f.bold;
  if (s.italic) return f.italic;
  return f.regular;
}

// Draws spans wrapped to `width` starting at `origin`; returns the height used.
float draw_spans(const std::vector<MdSpan>& spans, const Faces& faces, ImFont* override_font,
                 ImVec2 origin, float width, float line_gap, ImU32 col, ImU32 link_col, bool draw) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float x = 0, y = 0;
  float line_h = 0;
  auto font_line = [&](ImFont* f) { return f->FontSize * line_gap; };
  for (const auto& span : spans) {
    ImFont* f = override_font ? override_font : face_for(span, faces);
    if (span.text == "\n") {
      y += std::max(line_h, font_line(f));
      x = 0;
      line_h = 0;
      continue;
    }
    const char* s = span.text.data();
    const char* end = s + span.text.size();
    while (s < end) {
      // One word plus the spaces after it.
      const char* w_end = s;
      while (w_end < end && *w_end != ' ') ++w_end;
      const char* sp_end = w_end;
      while (sp_end < end && *sp_end == ' ') ++sp_end;
      const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, s, w_end).x;
      const float w_sp = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, s, sp_end).x;
      if (x > 0 && x + w > width) {
        y += line_h;
        x = 0;
        line_h = 0;
        if (s == w_end) {  // only spaces left on a wrapped line
          s = sp_end;
          continue;
        }
      }
      line_h = std::max(line_h, font_line(f));
      if (draw && w_end > s) {
        const ImVec2 pos(origin.x + x, origin.y + y + (font_line(f) - f->FontSize) * 0.5f);
        const ImU32 c = span.link ? link_col : col;
        if (span.code) {
          dl->AddRectFilled(ImVec2(pos.x - 3, pos.y - 1),
                            ImVec2(pos.x + w + 3, pos.y + f->FontSize + 1),
                            u32(palette().card_border, 0.6f), 4.0f);
        }
        dl->AddText(f, f->FontSize, pos, c, s, w_end);
        if (span.link) {
          dl->AddLine(ImVec2(pos.x, pos.y + f->FontSize), ImVec2(pos.x + w, pos.y + f->FontSize),
                      link_col, 1.0f);
          if (!span.href.empty()) link_target(span, s, pos, ImVec2(pos.x + w, pos.y + f->FontSize));
        }
      }
      x += w_sp;
      s = sp_end;
    }
  }
  if (line_h > 0) y += line_h;
  return y;
}

std::unordered_map<std::string, MdDoc>& cache() {
  static std::unordered_map<std::string, MdDoc> c;
  return c;
}

}  // namespace

MdDoc parse_markdown(const std::string& text) {
  Parser p;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = on_text;
  md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &p);
  // Drop empty blocks (e.g. an item whose only content was a nested list).
  std::erase_if(p.doc.blocks, [](const MdBlock& b) {
    return b.kind != MdBlock::Kind::Rule && b.spans.empty() && b.bullet.empty();
  });
  return std::move(p.doc);
}

std::string markdown_plain_text(const MdDoc& doc) {
  std::string out;
  for (const auto& b : doc.blocks) {
    if (!out.empty()) out += "\n";
    if (!b.bullet.empty()) out += b.bullet + " ";
    for (const auto& s : b.spans) out += s.text;
  }
  return out;
}

void draw_markdown(const std::string& text, const Fonts& fonts, float max_width, Prose prose) {
  auto& c = cache();
  auto it = c.find(text);
  if (it == c.end()) {
    if (c.size() > 128) c.clear();
    it = c.emplace(text, parse_markdown(text)).first;
  }
  draw_markdown(it->second, fonts, max_width, prose);
}

// Long because it is one switch over the block kinds md4c produces (headings, paragraphs,
// lists, quotes, rules, code), each laid out in a few lines; a function per kind would
// only move the cases apart.
void draw_markdown(const MdDoc& doc, const Fonts& fonts, float max_width, Prose prose) {
  const Palette& pal = palette();
  const bool reading = prose == Prose::Reading;
  Faces faces{reading ? fonts.serif : fonts.ui, reading ? fonts.serif_italic : fonts.ui,
              reading ? fonts.serif_bold : fonts.ui_bold, fonts.small};
  const float width = std::max(120.0f, std::min(ImGui::GetContentRegionAvail().x, max_width));
  const float indent_step = std::round(faces.regular->FontSize * 1.4f);
  const float para_gap = std::round(faces.regular->FontSize * (reading ? 0.6f : 0.4f));
  const float line_gap = reading ? 1.5f : 1.35f;
  const ImU32 text_col = u32(pal.text);
  const ImU32 link_col = u32(pal.link);
  g_drawing = &doc;

  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const MdBlock& b = doc.blocks[i];
    g_block = i;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    float left = static_cast<float>(b.quote_depth) * indent_step +
                 static_cast<float>(std::max(0, b.list_depth)) * indent_step;
    float height = 0;
    switch (b.kind) {
      case MdBlock::Kind::Rule: {
        const float y = start.y + para_gap;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(start.x + width * 0.3f, y),
                                            ImVec2(start.x + width * 0.7f, y), u32(pal.card_border),
                                            1.0f);
        height = para_gap * 2;
        break;
      }
      case MdBlock::Kind::Heading: {
        ImFont* hf = b.level <= 2 ? fonts.h2 : fonts.ui_bold;
        if (i > 0) ImGui::Dummy(ImVec2(0, para_gap * 0.6f));
        const ImVec2 s2 = ImGui::GetCursorScreenPos();
        height = draw_spans(b.spans, faces, hf, ImVec2(s2.x + left, s2.y), width - left, 1.3f,
                            text_col, link_col, true);
        ImGui::Dummy(ImVec2(width, height));
        ImGui::Dummy(ImVec2(0, para_gap * 0.2f));
        link_question(doc, i, fonts, width);
        continue;
      }
      case MdBlock::Kind::Code: {
        std::string all;
        for (const auto& s : b.spans) all += s.text;
        ImGui::PushFont(fonts.small);
        ImGui::SetCursorScreenPos(ImVec2(start.x + left, start.y));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - left);
        ImGui::TextUnformatted(all.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, para_gap * 0.5f));
        continue;
      }
      case MdBlock::Kind::Paragraph:
      case MdBlock::Kind::ListItem: {
        const float bullet_w = (b.list_depth > 0) ? indent_step : 0.0f;
        const float text_left = left + (b.list_depth > 0 ? 0.0f : 0.0f);
        if (b.quote_depth > 0) {
          Faces qf = faces;
          qf.regular = faces.italic;
          height = draw_spans(b.spans, qf, nullptr, ImVec2(start.x + text_left, start.y),
                              width - text_left, line_gap, u32(pal.text, 0.85f), link_col, true);
          const float bar_x =
              start.x + static_cast<float>(b.quote_depth - 1) * indent_step + indent_step * 0.35f;
          ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(bar_x, start.y + 2),
                                                    ImVec2(bar_x + 3, start.y + height - 2),
                                                    u32(pal.warm, 0.7f), 2.0f);
        } else {
          height = draw_spans(b.spans, faces, nullptr, ImVec2(start.x + text_left, start.y),
                              width - text_left, line_gap, text_col, link_col, true);
        }
        if (!b.bullet.empty()) {
          ImFont* bf = faces.regular;
          const float bw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, b.bullet.c_str()).x;
          const float bx = start.x + text_left - std::max(bw + 8.0f, bullet_w * 0.6f);
          const float by = start.y + (bf->FontSize * line_gap - bf->FontSize) * 0.5f;
          ImGui::GetWindowDrawList()->AddText(bf, bf->FontSize, ImVec2(bx, by), u32(pal.muted),
                                              b.bullet.c_str());
        }
        break;
      }
    }
    ImGui::Dummy(ImVec2(width, height));
    // Tight list items sit close together; paragraphs breathe.
    const bool next_is_item = i + 1 < doc.blocks.size() &&
                              doc.blocks[i + 1].kind == MdBlock::Kind::ListItem &&
                              b.kind == MdBlock::Kind::ListItem;
    ImGui::Dummy(ImVec2(0, next_is_item ? para_gap * 0.15f : para_gap * 0.6f));
    link_question(doc, i, fonts, width);
  }
  g_drawing = nullptr;
}

}  // namespace kindly::gui
