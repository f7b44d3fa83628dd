// Markdown for readings and descriptions: md4c parses, we draw with ImGui.
//
// Supported: paragraphs, headings, emphasis (italic/bold via font variants), inline code,
// links, bullet and numbered lists (nested), block quotes, rules, code blocks, hard breaks.
// Everything wraps to a readable width.
//
// Links: a click (or Enter on a focused link) asks in one line under its paragraph "Open
// https://... in your browser?"; Open hands the address to `xdg-open` (as one argument, no
// shell). Only http, https and mailto addresses are opened; any other is shown and said so.
#pragma once

#include <string>
#include <vector>

#include "fonts.h"

namespace kindly::gui {

struct MdSpan {
  std::string text;
  bool bold = false;
  bool italic = false;
  bool code = false;
  bool link = false;
  std::string href;  // a link's address, as written (link == true)
};

struct MdBlock {
  enum class Kind { Paragraph, Heading, ListItem, Rule, Code };
  Kind kind = Kind::Paragraph;
  int level = 0;        // heading level 1..6
  int list_depth = 0;   // 0 outside lists
  int quote_depth = 0;  // 0 outside block quotes
  std::string bullet;   // "•", "3." for the first block of a list item; empty for continuations
  std::vector<MdSpan> spans;
};

struct MdDoc {
  std::vector<MdBlock> blocks;
};

MdDoc parse_markdown(const std::string& text);

// Plain text of a document (for tests and word counts).
std::string markdown_plain_text(const MdDoc& doc);

enum class Prose { Reading, Interface };

// Draws `text` at the cursor, wrapped to min(available width, max_width) pixels; parses are
// cached by content. Prose::Reading uses the serif faces, Interface the UI faces.
void draw_markdown(const std::string& text, const Fonts& fonts, float max_width,
                   Prose prose = Prose::Reading);
void draw_markdown(const MdDoc& doc, const Fonts& fonts, float max_width,
                   Prose prose = Prose::Reading);

// Opens an address in the browser; returns the sentence to show under the link. The default
// starts `xdg-open ADDRESS`; tests put their own in (nullptr: the default again).
using LinkOpener = std::string (*)(const std::string& address);
void set_link_opener(LinkOpener opener);
// The address a click asked about and not yet answered (Open or Cancel); empty when none.
const std::string& link_asked();

}  // namespace kindly::gui
