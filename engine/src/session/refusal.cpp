// The refusal code table (refusal.h).
#include "kindly/refusal.h"

#include <array>
#include <cstring>
#include <utility>

namespace kindly {
namespace {

struct Row {
  RefusalCode code;
  const char* id;
  const char* summary;
};

constexpr Row kRows[] = {{RefusalCode::None, "", ""},
#define X(code, name, what) {RefusalCode::name, #code, what},
                         KINDLY_REFUSAL_CODES
#undef X
};

}  // namespace

const char* refusal_id(RefusalCode c) {
  return kRows[static_cast<std::size_t>(c)].id;
}

const char* refusal_summary(RefusalCode c) {
  return kRows[static_cast<std::size_t>(c)].summary;
}

std::optional<RefusalCode> refusal_from_id(std::string_view id) {
  for (const Row& r : kRows) {
    if (r.code != RefusalCode::None && id == r.id) return r.code;
  }
  return std::nullopt;
}

}  // namespace kindly
