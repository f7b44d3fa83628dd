// `kindly export`, `kindly import`, `kindly backup`, `kindly restore`: the data folder as
// files, all through kindly/data_ops.h.
//
//   export --format md|html|json --out FILE [--include-entries 3,7]
//       md/html: the progress report (report.h), with only the listed journal entries;
//       json: the full data export (data_export.h). Written atomically; --out - prints it.
//   import FILE
//       into an empty data folder only; validated first; one transaction.
//   backup --out FILE
//       the SQLite backup API into a temp file, then renamed (backup.h).
//   restore BACKUP
//       a checked copy of BACKUP in place of kindly.db; the old one moved aside.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "kindly/data_ops.h"
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
  bool measures = false;  // --include-measures
  bool plain = false;     // --plain: the json export of locked data, as plain text
};

// Is the data in `data_dir` locked? Looked at without unlocking; false when it cannot be
// opened (the command then reports why itself).
bool data_is_locked(const std::string& data_dir) {
  if (!fs::exists(fs::path(data_dir) / Store::kFileName)) return false;
  StoreOptions o;
  o.read_only = true;
  o.skip_unlock = true;
  auto store = Store::open(data_dir, o);
  return store && store.value()->lock_status().locked;
}

}  // namespace

std::string format_from_name(const std::string& out) {
  const std::string ext = fs::path(out).extension().string();
  if (ext == ".md" || ext == ".markdown") return "md";
  if (ext == ".html" || ext == ".htm") return "html";
  if (ext == ".json") return "json";
  return "";
}

// Prints `text` (--out -) or saves it; `what` names it in the message.
int write_out(const Context& ctx, const std::string& out, const std::string& text,
              nlohmann::ordered_json j, const std::string& what) {
  if (out == "-") {
    ctx.io.out << text;
    return kOk;
  }
  auto w = data_ops::save_file(out, text);
  if (!w) {
    Error e = w.error();
    e.hint = "nothing was written; check that the folder of --out exists and is writable";
    return report(ctx, e);
  }
  j["path"] = out;
  j["bytes"] = text.size();
  return ok(ctx, std::move(j), "Wrote " + what + " to " + out + ".");
}

namespace {

int export_json_cmd(const Context& ctx, const std::string& out, bool plain) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  if (data_is_locked(data_dir)) {
    if (!plain) {
      return report(
          ctx, Error::refused(RefusalCode::PlainExportNeedsFlag,
                              "your data is locked, and the full export is plain text: anyone "
                              "who gets the file can read everything you wrote. Nothing was "
                              "written",
                              "for an encrypted copy use `kindly backup --out FILE`; to export "
                              "plain text on purpose add --plain"));
    }
    ctx.io.err << "kindly: warning: the export is plain text: anyone who gets the file can read "
                  "everything you wrote. Keep it somewhere only you can reach, and delete it "
                  "when you are done\n";
  }
  data_ops::CourseTag course;
  LoadResult loaded = load_course(resolve_course_dir(ctx.global));
  if (loaded.course) course = {loaded.course->id, loaded.course->version};
  // Without a course that loads, data_ops names the one the log was begun with.
  auto text = data_ops::export_full_text(data_dir, course);
  if (!text) return report(ctx, text.error());
  const data_ops::ExportText& t = text.value();
  nlohmann::ordered_json j{
      {"format", "json"}, {"events", t.events}, {"journal_entries", t.entries}};
  return write_out(ctx, out, t.text, std::move(j),
                   "the full export (" + count(t.events, "event", "events") + ", " +
                       count(t.entries, "journal entry", "journal entries") + ")");
}

int export_report_cmd(const Context& ctx, const std::string& format, const std::string& out,
                      const std::vector<std::int64_t>& ids, bool measures) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  if (!fs::exists(fs::path(data_dir) / Store::kFileName)) {
    return report(ctx, Error::refused(RefusalCode::NoData,
                                      "there is no Kindly data in " + data_dir + " to report on",
                                      "check --data-dir"));
  }
  std::string why;
  auto clock = clock_from_option(ctx.global.now, &why);
  if (!clock) return usage(ctx, why);
  const std::string course_dir = resolve_course_dir(ctx.global);
  LoadResult loaded = load_course(course_dir);
  if (!loaded.course) {
    return report(ctx, Error::refused(RefusalCode::CourseHasErrors,
                                      "the course at " + course_dir + " has " +
                                          std::to_string(loaded.error_count()) + " error(s)",
                                      "run `kindly validate " + course_dir + "` for details"));
  }
  StoreOptions ro;
  ro.read_only = true;
  auto session = Session::open(loaded.course, data_dir, clock, ro);
  if (!session) return report(ctx, session.error());
  try {
    auto text =
        make_report(*session.value(),
                    format == "html" ? ReportFormat::Html : ReportFormat::Markdown, ids, measures);
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
  return format == "json" ? export_json_cmd(ctx, a.out, a.plain)
                          : export_report_cmd(ctx, format, a.out, ids, a.measures);
}

int import_cmd(const Context& ctx, const std::string& file) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  auto r = data_ops::import_full(data_dir, file);
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
  auto r = data_ops::backup_to(data_dir, out);
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

int restore_cmd(const Context& ctx, const std::string& backup) {
  const std::string data_dir = resolve_data_dir(ctx.global);
  auto r = data_ops::restore_from(data_dir, backup);
  if (!r) return report(ctx, r.error());
  const data_ops::RestoreSummary& s = r.value();
  nlohmann::ordered_json j{{"path", s.database.string()},
                           {"events", s.installed.events},
                           {"journal_entries", s.installed.entries}};
  nlohmann::ordered_json aside = nlohmann::ordered_json::array();
  for (const auto& p : s.moved_aside) aside.push_back(p.string());
  j["moved_aside"] = aside;
  std::string text = "Restored " + backup + " into " + s.database.string() + " (" +
                     count(s.installed.events, "event", "events") + ", " +
                     count(s.installed.entries, "journal entry", "journal entries") + ").";
  if (!s.moved_aside.empty()) {
    text += " The database it replaced was moved to " + s.moved_aside.front().string();
    if (s.moved_aside.size() > 1)
      text += " (with its " + std::to_string(s.moved_aside.size() - 1) +
              (s.moved_aside.size() == 2 ? " companion file" : " companion files") + ")";
    text += "; nothing was deleted.";
  }
  return ok(ctx, std::move(j), text);
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
  e->add_flag("--include-measures", ex->measures,
              "Reports only: include the questionnaires (scores and change; none by default)");
  e->add_flag("--plain", ex->plain,
              "json of locked data: write it as plain text anyway (after a warning)");
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

  auto from = std::make_shared<std::string>();
  auto* r = app.add_subcommand(
      "restore", "Put a backup in place of the database (the current one is moved aside)");
  r->add_option("BACKUP", *from, "A file written by `kindly backup` (or kindly.db.backup-*)")
      ->required()
      ->type_name("FILE");
  r->callback([&ctx, exit_code, from] { *exit_code = restore_cmd(ctx, *from); });
}

}  // namespace kindly::cli
