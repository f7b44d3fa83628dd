// Diagnostic codes and GCC-style formatting.
#include "kindly/diagnostics.h"

#include <utf8.h>

#include <string_view>

namespace kindly {

const char* code_id(Code c) {
  switch (c) {
#define KINDLY_X(code, name, summary) \
  case Code::name:                    \
    return #code;
    KINDLY_DIAGNOSTIC_CODES(KINDLY_X)
#undef KINDLY_X
  }
  return "K000";
}

const char* code_summary(Code c) {
  switch (c) {
#define KINDLY_X(code, name, summary) \
  case Code::name:                    \
    return summary;
    KINDLY_DIAGNOSTIC_CODES(KINDLY_X)
#undef KINDLY_X
  }
  return "";
}

std::string format_diagnostic(const Diagnostic& d, const std::string& source_line) {
  std::string out = d.file.empty() ? std::string("<course>") : d.file;
  if (d.line > 0) {
    out += ":" + std::to_string(d.line);
    if (d.col > 0) out += ":" + std::to_string(d.col);
  }
  out += d.severity == Severity::Error ? ": error[" : ": warning[";
  out += code_id(d.code);
  out += "]: ";
  out += d.message;
  if (!d.hint.empty()) out += " (" + d.hint + ")";
  if (!source_line.empty() && d.line > 0) {
    out += "\n  " + source_line + "\n  ";
    // Caret under the column, counting characters and keeping tabs as tabs. A line that is
    // not valid UTF-8 has each bad sequence counted as one character.
    const std::string line = utf8::replace_invalid(source_line);
    int cp = 1;
    for (auto it = line.begin(); it != line.end() && cp < d.col; ++cp)
      out += utf8::unchecked::next(it) == '\t' ? '\t' : ' ';
    out += "^";
  }
  return out;
}

}  // namespace kindly
