// `kindly safety-plan`: the user's safety plan (kindly/safety_plan.h), shown beside the course's
// crisis lines, and each section set in the user's own words. Saved through Session::apply.
#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "progress_cli.h"

namespace kindly::cli {
namespace {

using json = nlohmann::ordered_json;

json plan_json(const std::optional<SavedSafetyPlan>& saved) {
  json sections = json::array();
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    sections.push_back(
        {{"id", s.id}, {"title", s.title}, {"text", saved ? saved->plan.*s.field : std::string()}});
  }
  return {{"saved_at", saved ? time_json(saved->saved_at) : json(nullptr)},
          {"seq", saved ? json(saved->seq) : json(nullptr)},
          {"versions", saved ? saved->versions : 0},
          {"sections", std::move(sections)}};
}

json lines_json(const Course& c) {
  json lines = json::array();
  for (const CrisisLine& l : c.resources.crisis_lines) {
    lines.push_back({{"country", l.country},
                     {"name", l.name},
                     {"phone", l.phone},
                     {"text", l.text},
                     {"url", l.url},
                     {"hours", l.hours}});
  }
  return lines;
}

std::string lines_text(const Course& c) {
  std::ostringstream o;
  for (const CrisisLine& l : c.resources.crisis_lines) {
    o << "  " << l.country << ": " << l.name;
    if (!l.phone.empty()) o << ", " << l.phone;
    if (!l.text.empty()) o << ", text " << l.text;
    if (!l.hours.empty()) o << " (" << l.hours << ")";
    o << "\n";
  }
  return o.str();
}

std::string plan_text(const Course& c, const std::optional<SavedSafetyPlan>& saved) {
  std::ostringstream o;
  o << "My safety plan";
  if (saved) o << " (saved " << format_day(saved->saved_at) << ")";
  o << "\n";
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    o << "\n" << s.title << "\n";
    const std::string& text = saved ? saved->plan.*s.field : std::string();
    if (text.empty()) {
      o << "  (not written yet: " << s.prompt << ")\n";
    } else {
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) o << "  " << line << "\n";
    }
  }
  o << "\nIf you are in danger now, call your local emergency number. Crisis lines from the "
       "course:\n"
    << lines_text(c);
  if (!saved) o << "\nWrite a section with: kindly safety-plan set SECTION TEXT\n";
  return o.str();
}

std::string text_arg(const std::vector<std::string>& words) {
  if (words.size() == 1 && words[0] == "-") {
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    while (!all.empty() && (all.back() == '\n' || all.back() == '\r')) all.pop_back();
    return all;
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct SetOptions {
  std::string section;
  std::vector<std::string> text;
};

}  // namespace

void add_safety_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* plan = app.add_subcommand("safety-plan", "Your safety plan, in your own words");
  plan->callback([&ctx, exit_code, plan] {
    if (!plan->get_subcommands().empty()) return;  // `set` ran
    *exit_code = with_session(
        ctx,
        [&](Session& s) {
          auto r = s.safety_plan();
          if (!r) return report(ctx, r.error());
          json j = plan_json(*r);
          j["crisis_lines"] = lines_json(s.course());
          return ok(ctx, j, plan_text(s.course(), *r));
        },
        false);
  });

  auto so = std::make_shared<SetOptions>();
  std::string ids;
  for (const SafetyPlanSection& s : safety_plan_sections()) {
    ids += (ids.empty() ? "" : ", ") + std::string(s.id);
  }
  auto* set = plan->add_subcommand("set", "Write one section (TEXT, or - to read stdin)");
  set->add_option("SECTION", so->section, "One of: " + ids)->required();
  set->add_option("TEXT", so->text, "The section's words (empty \"\" clears it)")->required();
  set->callback([&ctx, exit_code, so, ids] {
    const SafetyPlanSection* sec = find_safety_plan_section(so->section);
    if (sec == nullptr) {
      *exit_code = usage(ctx, "there is no section '" + so->section + "': use one of " + ids);
      return;
    }
    *exit_code = with_session(ctx, [&](Session& s) {
      auto cur = s.safety_plan();
      if (!cur) return report(ctx, cur.error());
      cmd::SaveSafetyPlan c;
      if (*cur) c.plan = (*cur)->plan;
      c.base_seq = *cur ? (*cur)->seq : 0;
      c.plan.*(sec->field) = text_arg(so->text);
      auto r = s.apply(c);
      if (!r) return report(ctx, r.error());
      json j = outcome_json(*r);
      j["safety_plan"] = plan_json(r->safety_plan);
      return ok(ctx, j,
                "Saved \"" + std::string(sec->title) +
                    "\" in your safety plan. Earlier versions are kept.");
    });
  });
}

}  // namespace kindly::cli
