// Markdown. Contents: parse (md4c callbacks -> MdDoc) · layout (word wrap across fonts) · draw.
#include "markdown.h"

#include <md4c.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <unordered_map>

#include "theme.h"

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
  bool in_block = false;       // text goes to doc.blocks.back()
  bool fresh_item = false;     // a list item opened and has no text block yet
  std::string pending_bullet;  // bullet for the item's first block

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
    if (!spans.empty() && spans.back().bold == b && spans.back().italic == i &&
        spans.back().code == c && spans.back().link == l && spans.back().text != "\n") {
      spans.back().text += s;
    } else {
      spans.push_back(MdSpan{s, b, i, c, l});
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

int enter_span(MD_SPANTYPE type, void*, void* user) {
  auto& p = *static_cast<Parser*>(user);
  if (type == MD_SPAN_EM) ++p.italic;
  if (type == MD_SPAN_STRONG) ++p.bold;
  if (type == MD_SPAN_CODE) ++p.code;
  if (type == MD_SPAN_A) ++p.link;
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* user) {
  auto& p = *static_cast<Parser*>(user);
  if (type == MD_SPAN_EM) --p.italic;
  if (type == MD_SPAN_STRONG) --p.bold;
  if (type == MD_SPAN_CODE) --p.code;
  if (type == MD_SPAN_A) --p.link;
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

  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const MdBlock& b = doc.blocks[i];
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
  }
}

}  // namespace kindly::gui
