// Result: success, or an error as a value.
//
// Two kinds of error leave the engine:
//   Refused - the user asked for something the course or their data does not allow right now
//             ("week 3 is locked until Monday 8 Dec: ..."). The CLI exits 1; the GUI shows it.
//   Data    - the database cannot be used: corrupt, from a newer Kindly, unwritable, or the
//             data folder cannot be created. The CLI exits 3; the GUI shows a "data problem"
//             screen. The database is never modified when this happens.
// `message` is a complete sentence for the user; `path` names the file concerned (Data only).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "kindly/refusal.h"

namespace kindly {

enum class ErrorKind { Refused, Data };

struct Error {
  ErrorKind kind = ErrorKind::Refused;
  std::string message;  // user-readable, no trailing period needed
  std::string path;     // Data: the file or folder concerned; may be empty
  std::string hint;     // optional next step ("run `kindly begin` first"); may be empty
  RefusalCode code = RefusalCode::None;  // Refused: why, from refusal.h (tests assert it)

  static Error refused(RefusalCode code, std::string msg, std::string hint = {}) {
    return {ErrorKind::Refused, std::move(msg), {}, std::move(hint), code};
  }
  static Error data(std::string msg, std::string path = {}) {
    return {ErrorKind::Data, std::move(msg), std::move(path), {}, RefusalCode::None};
  }
};

// Thrown inside the engine for data problems (SQLite errors, I/O); the Session turns it into
// an Error of kind Data. Code that talks to Store directly may catch it.
class DataError : public std::runtime_error {
 public:
  DataError(const std::string& msg, std::string path)
      : std::runtime_error(msg), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Result<T>: a T or an Error. Result<> (void) carries no value.
template <class T = void>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}  // NOLINT
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

}  // namespace kindly
