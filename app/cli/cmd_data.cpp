// `kindly export`, `kindly import`, `kindly backup`: the data folder as files.
//
//   export --format md|html|json --out FILE [--include-entries 3,7]
//       md/html: the progress report (report.h), with only the listed journal entries;
//       json: the full data export (data_export.h). Written atomically; --out - prints it.
//   import FILE
//       into an empty data folder only; validated first; one transaction.
//   backup --out FILE
//       the SQLite backup API into a temp file, then renamed (backup.h).
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "kindly/atomic_file.h"
#include "kindly/backup.h"
#include "kindly/data_export.h"
#include "kindly/loader.h"
#include "kindly/report.h"
#include "kindly/session.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

namespace fs = std::filesystem;

// "1 journal entry", "3 journal entries".
std::string count(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

struct ExportArgs {
  std::string format;
  std::string out;
  std::string entries;
};

std::string format_from_name(const std::string& out) {
  const std::string ext = fs::path(out).extension().string();
  if (ext == ".md" || ext == ".markdown") return "md";
  if (ext == ".html" || ext == ".htm") return "html";
  if (ext == ".json") return "json";
  return "";
}

int write_out(const Context& ctx, const std::string& out, const std::string& text,
              nlohmann::ordered_json j, const std::string& what) {
  if (out == "-") {
    ctx.io.out << text;
    return kOk;
  }
  auto w = write_file_atomic(out, text);
  if (!w) {
    // The output file is not the data folder: a bad --out is refused (1), not exit 3.
    Error e = w.error();
    e.kind = ErrorKind::Refused;
    e.hint = "nothing was written; check that the folder of --out exists and is writable";
    return report(ctx, e);
  }
  j["path"] = out;
  j["bytes"] = text.size();
  return ok(ctx, std::move(j), "Wrote " + what + " to " + out + ".");
}

int export_json_cmd(const Context& ctx, const std::string& out) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  StoreOptions ro;
  ro.read_only = true;
  auto store = Store::open(data_dir, ro);
  if (!store) {
    if (!fs::exists(fs::path(data_dir) / Store::kFileName)) {
      return report(ctx, Error::refused("there is no Kindly data in " + data_dir + " to export",
                                        "check --data-dir"));
    }
    return report(ctx, store.error());
  }
  try {
    std::string id, version;
    LoadResult loaded = load_course(resolve_course_dir(ctx.global));
    if (loaded.course) {
      id = loaded.course->id;
      version = loaded.course->version;
    }
    DataExport d = read_export(*store.value(), id, version);
    if (!loaded.course) {
      // The course does not load: name the one the log was begun with.
      for (const auto& e : d.events) {
        if (e.type == EventType::Begun) {
          d.course_id = e.course_id;
          d.course_version = e.course_version;
          break;
        }
      }
    }
    nlohmann::ordered_json j{
        {"format", "json"}, {"events", d.events.size()}, {"journal_entries", d.journal.size()}};
    return write_out(
        ctx, out, export_json(d), std::move(j),
        "the full export (" + count(static_cast<std::int64_t>(d.events.size()), "event", "events") +
            ", " +
            count(static_cast<std::int64_t>(d.journal.size()), "journal entry", "journal entries") +
            ")");
  } catch (const DataError& e) {
    return report(ctx, Error::data(e.what(), e.path()));
  }
}

int export_report_cmd(const Context& ctx, const std::string& format, const std::string& out,
                      const std::vector<std::int64_t>& ids) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  if (!fs::exists(fs::path(data_dir) / Store::kFileName)) {
    return report(ctx, Error::refused("there is no Kindly data in " + data_dir + " to report on",
                                      "check --data-dir"));
  }
  std::string why;
  auto clock = clock_from_option(ctx.global.now, &why);
  if (!clock) return usage(ctx, why);
  const std::string course_dir = resolve_course_dir(ctx.global);
  LoadResult loaded = load_course(course_dir);
  if (!loaded.course) {
    return report(ctx, Error::refused("the course at " + course_dir + " has " +
                                          std::to_string(loaded.error_count()) + " error(s)",
                                      "run `kindly validate " + course_dir + "` for details"));
  }
  StoreOptions ro;
  ro.read_only = true;
  auto session = Session::open(loaded.course, data_dir, clock, ro);
  if (!session) return report(ctx, session.error());
  try {
    auto text = make_report(*session.value(),
                            format == "html" ? ReportFormat::Html : ReportFormat::Markdown, ids);
    if (!text) return report(ctx, text.error());
    nlohmann::ordered_json j{{"format", format}, {"entries", ids}};
    return write_out(ctx, out, text.value(), std::move(j),
                     std::string(format == "html" ? "the HTML report" : "the Markdown report") +
                         (ids.empty() ? " (no reflections included)"
                                      : " (with " + std::to_string(ids.size()) +
                                            (ids.size() == 1 ? " reflection)" : " reflections)")));
  } catch (const DataError& e) {
    return report(ctx, Error::data(e.what(), e.path()));
  }
}

int export_cmd(const Context& ctx, const ExportArgs& a) {
  std::string format = a.format.empty() ? format_from_name(a.out) : a.format;
  if (format == "markdown") format = "md";
  if (format.empty())
    return usage(ctx,
                 "say which format with --format md, html or json (or end --out with "
                 ".md, .html or .json)");
  if (format != "md" && format != "html" && format != "json")
    return usage(ctx, "--format takes md, html or json (got '" + format + "')");
  std::vector<std::int64_t> ids;
  if (!a.entries.empty()) {
    if (format == "json")
      return usage(ctx,
                   "--include-entries is for reports (md, html); the json export holds "
                   "every entry");
    auto parsed = parse_id_list(a.entries);
    if (!parsed)
      return usage(ctx,
                   "--include-entries takes journal entry ids separated by commas, e.g. "
                   "3,7 (got '" +
                       a.entries + "')");
    ids = *parsed;
  }
  return format == "json" ? export_json_cmd(ctx, a.out)
                          : export_report_cmd(ctx, format, a.out, ids);
}

int import_cmd(const Context& ctx, const std::string& file) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  auto r = import_file(data_dir, file);
  if (!r) return report(ctx, r.error());
  const ImportSummary& s = r.value();
  nlohmann::ordered_json j{{"data_dir", data_dir},
                           {"events", s.events},
                           {"journal_entries", s.entries},
                           {"revisions", s.revisions},
                           {"trashed", s.trashed}};
  std::string note;
  LoadResult loaded = load_course(resolve_course_dir(ctx.global));
  if (loaded.course && !s.course_id.empty() && s.course_id != loaded.course->id) {
    note = "\nNote: the export was made with the course '" + s.course_id +
           "', and Kindly is using '" + loaded.course->id +
           "'; progress on ids that course does not have is kept but not shown.";
    j["course_mismatch"] = true;
  }
  return ok(ctx, std::move(j),
            "Imported " + count(s.events, "event", "events") + " and " +
                count(s.entries, "journal entry", "journal entries") + " (" +
                count(s.revisions, "revision", "revisions") + ", " + std::to_string(s.trashed) +
                " in the trash) into " + data_dir + "." + note);
}

int backup_cmd(const Context& ctx, const std::string& out) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  auto r = backup_data_dir(data_dir, out);
  if (!r) return report(ctx, r.error());
  const BackupInfo& b = r.value();
  nlohmann::ordered_json j{{"path", b.path.string()},
                           {"bytes", b.bytes},
                           {"events", b.events},
                           {"journal_entries", b.entries}};
  return ok(ctx, std::move(j),
            "Backed up " + (fs::path(data_dir) / Store::kFileName).string() + " to " + out + " (" +
                count(b.events, "event", "events") + ", " +
                count(b.entries, "journal entry", "journal entries") + ").");
}

}  // namespace

void add_data_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto ex = std::make_shared<ExportArgs>();
  auto* e = app.add_subcommand("export",
                               "Write a progress report (md, html) or the full data export (json)");
  e->add_option("--format", ex->format, "md, html or json (default: from --out's extension)")
      ->type_name("FORMAT");
  e->add_option("--out", ex->out, "File to write (atomically); - for standard output")
      ->required()
      ->type_name("FILE");
  e->add_option("--include-entries", ex->entries,
                "Reports only: journal entry ids to include, e.g. 3,7 (none by default)")
      ->type_name("IDS");
  e->callback([&ctx, exit_code, ex] { *exit_code = export_cmd(ctx, *ex); });

  auto file = std::make_shared<std::string>();
  auto* i = app.add_subcommand("import", "Import a full data export into an empty data folder");
  i->add_option("FILE", *file, "A file written by `kindly export --format json`")
      ->required()
      ->type_name("FILE");
  i->callback([&ctx, exit_code, file] { *exit_code = import_cmd(ctx, *file); });

  auto out = std::make_shared<std::string>();
  auto* b = app.add_subcommand("backup", "Copy the database to a file (SQLite backup API)");
  b->add_option("--out", *out, "Backup file to write")->required()->type_name("FILE");
  b->callback([&ctx, exit_code, out] { *exit_code = backup_cmd(ctx, *out); });
}

}  // namespace kindly::cli
