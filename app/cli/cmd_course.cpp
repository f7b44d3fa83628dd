// `kindly validate` and `kindly course`: the curriculum interpreter from the shell.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli.h"
#include "kindly/loader.h"

namespace kindly::cli {

namespace {

using nlohmann::json;

json diagnostic_json(const Diagnostic& d) {
  return json{{"code", code_id(d.code)},
              {"severity", d.severity == Severity::Error ? "error" : "warning"},
              {"file", d.file},
              {"line", d.line},
              {"col", d.col},
              {"message", d.message},
              {"hint", d.hint}};
}

void print_diagnostics(const LoadResult& r, const std::string& dir, std::ostream& out) {
  for (const auto& d : r.diagnostics)
    out << format_diagnostic(d, source_line(dir, d.file, d.line)) << "\n";
}

int validate(const Context& ctx, const std::string& dir_arg, bool strict) {
  std::string dir = dir_arg.empty() ? resolve_course_dir(ctx.global) : dir_arg;
  LoadResult r = load_course(dir);
  bool failed = r.has_errors() || (strict && r.warning_count() > 0);
  if (ctx.global.json) {
    json j{{"ok", !failed},
           {"course_dir", dir},
           {"errors", r.error_count()},
           {"warnings", r.warning_count()},
           {"diagnostics", json::array()}};
    for (const auto& d : r.diagnostics) j["diagnostics"].push_back(diagnostic_json(d));
    if (r.course) j["course"] = {{"id", r.course->id}, {"title", r.course->title}};
    ctx.io.out << j.dump(2) << "\n";
    return failed ? kRefused : kOk;
  }
  print_diagnostics(r, dir, ctx.io.err);
  if (!failed) {
    const Course& c = *r.course;
    std::size_t items = 0;
    for (const auto& m : c.modules) items += m.items.size();
    ctx.io.out << "ok: " << c.title << " (" << c.week_count() << " weeks, "
               << c.modules.size() - static_cast<std::size_t>(c.week_count()) << " optional, "
               << items << " items, " << c.practices.size() << " practices";
    if (r.warning_count()) ctx.io.out << ", " << r.warning_count() << " warnings";
    ctx.io.out << ")\n";
    return kOk;
  }
  ctx.io.err << dir << ": " << r.error_count() << " error(s), " << r.warning_count()
             << " warning(s)" << (strict && !r.has_errors() ? " (warnings fail with --strict)" : "")
             << "\n";
  return kRefused;
}

int outline(const Context& ctx) {
  std::string dir = resolve_course_dir(ctx.global);
  LoadResult r = load_course(dir);
  if (!r.course) {
    print_diagnostics(r, dir, ctx.io.err);
    ctx.io.err << dir << ": the course has " << r.error_count()
               << " error(s); run 'kindly validate' for details\n";
    return kRefused;
  }
  const Course& c = *r.course;
  if (ctx.global.json) {
    json j{{"id", c.id},
           {"title", c.title},
           {"version", c.version},
           {"language", c.language},
           {"format_version", c.format_version},
           {"gating",
            {{"min_days", c.gating.min_days},
             {"require_items", c.gating.require_items},
             {"allow_move_on", c.gating.allow_move_on}}},
           {"modules", json::array()}};
    for (const auto& m : c.modules) {
      json jm{{"id", m.id},       {"number", m.number},    {"optional", m.optional},
              {"title", m.title}, {"theme", m.theme},      {"min_days", m.min_days},
              {"file", m.file},   {"items", json::array()}};
      for (const auto& it : m.items) {
        json ji{{"id", it.id},
                {"kind", to_string(it.kind)},
                {"title", it.title},
                {"required", it.required},
                {"minutes", it.minutes}};
        if (!it.practice.empty()) ji["practice"] = it.practice;
        jm["items"].push_back(ji);
      }
      j["modules"].push_back(jm);
    }
    ctx.io.out << j.dump(2) << "\n";
    return kOk;
  }
  std::ostream& out = ctx.io.out;
  out << c.title << " (" << c.id << " " << c.version << ")\n";
  for (const auto& m : c.modules) {
    out << "\n";
    if (m.optional)
      out << "Optional: " << m.title;
    else
      out << "Week " << m.number << ": " << m.title;
    if (!m.theme.empty()) out << " — " << m.theme;
    out << "\n";
    for (const auto& it : m.items) {
      out << "  " << (it.required ? "* " : "  ") << it.id << "  [" << to_string(it.kind) << "]  "
          << it.title;
      if (it.minutes > 0) out << "  (" << it.minutes << " min)";
      out << "\n";
    }
  }
  out << "\n* required\n";
  return kOk;
}

}  // namespace

void add_course_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto dir = std::make_shared<std::string>();
  auto strict = std::make_shared<bool>(false);
  auto* v = app.add_subcommand("validate", "Check a course folder and report every problem");
  v->add_option("DIR", *dir, "Course folder (default: --course or the bundled course)");
  v->add_flag("--strict", *strict, "Treat warnings as errors");
  v->callback([&ctx, exit_code, dir, strict] { *exit_code = validate(ctx, *dir, *strict); });

  auto* c = app.add_subcommand("course", "Print the course outline as Kindly understood it");
  c->callback([&ctx, exit_code] { *exit_code = outline(ctx); });
}

}  // namespace kindly::cli
