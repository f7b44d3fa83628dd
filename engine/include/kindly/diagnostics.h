// Diagnostics: every problem the curriculum interpreter finds, as a value.
//
// All codes live here. Tests assert codes (never message text). Printed GCC-style:
//   weeks/week-03.yaml:14:5: error[K012]: unknown key 'minuts' (did you mean 'minutes'?)
#pragma once

#include <string>
#include <vector>

namespace kindly {

enum class Severity { Warning, Error };

// The list below is the reference; docs/curriculum-format.md explains each code.
#define KINDLY_DIAGNOSTIC_CODES(X)                                                          \
  X(K001, YamlSyntax, "YAML syntax error")                                                  \
  X(K002, MissingKey, "a required key is missing")                                          \
  X(K003, WrongType, "a value has the wrong type")                                          \
  X(K004, UnknownKey, "unknown key (warning)")                                              \
  X(K005, DuplicateId, "an id is used twice")                                               \
  X(K006, UnknownPractice, "reference to a practice that does not exist")                   \
  X(K007, BadDuration, "a length of time is outside its range")                             \
  X(K008, EmptyModule, "a week or module has no items")                                     \
  X(K009, WeekNumbering, "week numbers have a gap or a repeat")                             \
  X(K010, MissingFile, "a referenced file does not exist")                                  \
  X(K011, NotUtf8, "a file is not valid UTF-8 or has a NUL byte")                           \
  X(K012, PathEscapes, "a path leaves the course folder")                                   \
  X(K013, AliasRejected, "YAML anchors and aliases are not allowed")                        \
  X(K014, TooDeep, "nesting is too deep")                                                   \
  X(K015, FileTooLarge, "a file is over the size limit")                                    \
  X(K016, UnsupportedFormat, "unsupported format_version")                                  \
  X(K017, BadValue, "a value is out of range or not one of the allowed values")             \
  X(K018, EmptyValue, "a text that must not be empty is empty")                             \
  X(K019, NotACourse, "the folder has no course.yaml or cannot be read")                    \
  X(K020, BadId, "an id is over 64 characters or uses other than a-z, 0-9, '-', '_'")       \
  X(K021, TooManyNodes, "a file has more YAML nodes than the limit")                        \
  X(K022, ScriptLength, "speech plus pauses is over 10% from the stated minutes (warning)") \
  X(K023, UnknownItemKind, "unknown item kind")                                             \
  X(K024, ExtraFile, "a YAML file in the course folder is not used (warning)")              \
  X(K025, UnknownMeasureItem, "a measure's subscale or safety rule names no item of it")    \
  X(K026, BandCoverage, "a measure's score bands overlap, leave a gap or miss scores")      \
  X(K027, BadOccasion, "a measure is asked after a week the course lacks, or twice at once")

enum class Code {
#define KINDLY_X(code, name, summary) name,
  KINDLY_DIAGNOSTIC_CODES(KINDLY_X)
#undef KINDLY_X
};

const char* code_id(Code c);       // "K004"
const char* code_summary(Code c);  // "unknown key (warning)"

struct Diagnostic {
  Code code = Code::YamlSyntax;
  Severity severity = Severity::Error;
  std::string file;  // path relative to the course folder ("weeks/week-01.yaml")
  int line = 0;      // 1-based; 1 for a whole file, 0 only when the file cannot be read
  int col = 0;       // 1-based; 0 when unknown
  std::string message;
  std::string hint;  // may be empty ("did you mean 'minutes'?")
};

// "file:line:col: error[K004]: message (hint)". Without `source_line` it is one line; with a
// non-empty source line it adds the line and a caret under the column.
std::string format_diagnostic(const Diagnostic& d, const std::string& source_line = {});

}  // namespace kindly
