// Course model helpers: kind names, look-ups and the measures' small rules.
#include "kindly/course.h"

#include <array>
#include <cmath>
#include <utility>

namespace kindly {

namespace {
constexpr std::array<std::pair<ItemKind, const char*>, 6> kKindNames{{
    {ItemKind::Reading, "reading"},
    {ItemKind::Meditation, "meditation"},
    {ItemKind::Informal, "informal"},
    {ItemKind::Reflection, "reflection"},
    {ItemKind::Homework, "homework"},
    {ItemKind::Checkin, "checkin"},
}};
}  // namespace

const char* to_string(ItemKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "?";
}

std::optional<ItemKind> item_kind_from_string(const std::string& s) {
  for (const auto& [k, name] : kKindNames)
    if (s == name) return k;
  return std::nullopt;
}

int Practice::script_seconds() const {
  int total = 0;
  for (const auto& step : script) total += step.pause_s;
  return total;
}

const Module* Course::week(int number) const {
  for (const auto& m : modules)
    if (!m.optional && m.number == number) return &m;
  return nullptr;
}

const Module* Course::module(const std::string& id) const {
  for (const auto& m : modules)
    if (m.id == id) return &m;
  return nullptr;
}

const Module* Course::find_module(const std::string& id_or_number) const {
  if (const Module* m = module(id_or_number)) return m;
  if (id_or_number.empty() || id_or_number.size() > 4 ||
      id_or_number.find_first_not_of("0123456789") != std::string::npos) {
    return nullptr;
  }
  return week(std::stoi(id_or_number));
}

const Item* Course::item(const std::string& id, const Module** in) const {
  for (const auto& m : modules)
    for (const auto& it : m.items)
      if (it.id == id) {
        if (in) *in = &m;
        return &it;
      }
  return nullptr;
}

const Practice* Course::practice(const std::string& id) const {
  auto found = practices.find(id);
  return found == practices.end() ? nullptr : &found->second;
}

const Measure* Course::measure(const std::string& id) const {
  for (const auto& m : measures)
    if (m.id == id) return &m;
  return nullptr;
}

std::string MeasureOccasion::key() const {
  switch (kind) {
    case Kind::Begin:
      return "begin";
    case Kind::AfterWeek:
      return "after-week-" + std::to_string(n);
    case Kind::DaysAfterLastWeek:
      return "days-after-last-week-" + std::to_string(n);
  }
  return "?";
}

double ReliableChange::threshold() const {
  const double se_diff = sd * std::sqrt(2.0) * std::sqrt(1.0 - reliability);
  return 1.96 * se_diff;
}

bool Measure::has_value(int v) const {
  for (const auto& s : scale)
    if (s.value == v) return true;
  return false;
}

const MeasureItem* Measure::item(const std::string& item_id) const {
  for (const auto& i : items)
    if (i.id == item_id) return &i;
  return nullptr;
}

const MeasureBand* Measure::band(double score) const {
  for (const auto& b : bands)
    if (score >= b.from - 1e-9 && score <= b.to + 1e-9) return &b;
  return nullptr;
}

int Course::week_count() const {
  int n = 0;
  for (const auto& m : modules)
    if (!m.optional) ++n;
  return n;
}

}  // namespace kindly
