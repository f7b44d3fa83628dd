// Diagnostic codes and GCC-style formatting.
#include "kindly/diagnostics.h"

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
    // Caret under the column, counting UTF-8 code points and keeping tabs as tabs.
    int cp = 1;
    for (std::size_t i = 0; i < source_line.size() && cp < d.col; ++i) {
      unsigned char ch = static_cast<unsigned char>(source_line[i]);
      if ((ch & 0xC0) == 0x80) continue;
      out += ch == '\t' ? '\t' : ' ';
      ++cp;
    }
    out += "^";
  }
  return out;
}

}  // namespace kindly
