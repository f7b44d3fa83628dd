// Fuzzes the import parser (data_export.h): any input either is refused with a message or
// parses; what parses must write out and parse back to the same canonical text (the round
// trip the import promises). Crashes, hangs, leaks, UB and a failed round trip are findings.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kindly/data_export.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = kindly::parse_export(text);
  if (!parsed) {
    if (parsed.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  const std::string once = kindly::export_json(parsed.value());
  auto again = kindly::parse_export(once);
  if (!again) std::abort();
  if (kindly::export_json(again.value()) != once) std::abort();
  return 0;
}
