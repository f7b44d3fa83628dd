// `kindly journal add|list|show|edit|versions|restore-version|delete|restore|search|
// empty-trash`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <memory>
#include <ostream>

#include "cli.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

using json = nlohmann::ordered_json;

// The text argument: the words given, or standard input for "-".
std::string text_of(const std::vector<std::string>& words) {
  if (words.size() == 1 && words[0] == "-") {
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    while (!all.empty() && (all.back() == '\n' || all.back() == '\r')) all.pop_back();
    return all;
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string first_line(const std::string& text, std::size_t max = 60) {
  std::string l = text.substr(0, text.find('\n'));
  if (l.size() > max) l = l.substr(0, max - 3) + "...";
  return l;
}

std::string entry_line(const JournalEntry& e) {
  std::string where = e.item.empty() ? (e.week ? "week " + std::to_string(e.week) : "-") : e.item;
  return "#" + std::to_string(e.id) + "  " + format_date(local_date(e.created_at)) + "  " + where +
         (e.deleted_at ? "  (in trash)" : "") + "  " + first_line(e.text);
}

std::string entry_header(const JournalEntry& e) {
  std::string h = "Entry #" + std::to_string(e.id) + ", written " + format_time(e.created_at);
  if (e.updated_at != e.created_at) h += ", edited " + format_time(e.updated_at);
  if (!e.item.empty()) h += "\nFor " + e.item + " (prompt " + std::to_string(e.prompt + 1) + ")";
  if (e.week != 0) h += (e.item.empty() ? "\nIn week " : ", week ") + std::to_string(e.week);
  if (e.deleted_at) h += "\nIn the trash since " + format_time(*e.deleted_at);
  return h;
}

struct AddOptions {
  std::string item;
  int prompt = 1;
  int week = 0;
  std::vector<std::string> text;
};

struct ListOptions {
  bool trash = false;
  bool all = false;
  int week = 0;
  std::string item;
};

}  // namespace

// Long because it declares every `kindly journal` subcommand with its options and callback
// in one place, as CLI11 wants them; each callback is a few lines over Session.
void add_journal_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* journal = app.add_subcommand("journal", "Your journal: write, read, search");
  journal->require_subcommand(1);

  auto ao = std::make_shared<AddOptions>();
  auto* add = journal->add_subcommand("add", "Write an entry (TEXT, or - to read stdin)");
  add->add_option("--item", ao->item, "The reflection it answers, e.g. w1-reflection");
  add->add_option("--prompt", ao->prompt, "Which of the item's prompts (1, 2, ...)")
      ->check(CLI::Range(1, 100));
  add->add_option("--week", ao->week, "The week it belongs to (default: the item's or current)");
  add->add_option("TEXT", ao->text, "The entry")->required();
  add->callback([&ctx, exit_code, ao] {
    *exit_code = with_session(ctx, [&](Session& s) {
      cmd::WriteEntry d;
      d.item = ao->item;
      d.prompt = ao->prompt - 1;
      if (ao->week > 0) d.module = std::to_string(ao->week);
      d.text = text_of(ao->text);
      auto r = s.apply(d);
      if (!r) return report(ctx, r.error());
      return ok(ctx, outcome_json(*r),
                "Saved entry #" + std::to_string(r->entry->id) + "." +
                    outcome_text(s.course(), s.progress(), *r));
    });
  });

  auto lo = std::make_shared<ListOptions>();
  auto* list = journal->add_subcommand("list", "List entries, newest first");
  list->add_flag("--trash", lo->trash, "Only entries in the trash");
  list->add_flag("--all", lo->all, "Entries in the trash too");
  list->add_option("--week", lo->week, "Only this week's entries");
  list->add_option("--item", lo->item, "Only entries for this item");
  list->callback([&ctx, exit_code, lo] {
    *exit_code = with_session(
        ctx,
        [&](Session& s) {
          JournalFilter f;
          f.trash = lo->trash ? JournalFilter::Trash::Only
                    : lo->all ? JournalFilter::Trash::Include
                              : JournalFilter::Trash::Exclude;
          f.item = lo->item;
          if (lo->week > 0) {
            const Module* m = s.course().week(lo->week);
            if (m == nullptr) {
              return report(ctx, Error::refused(RefusalCode::NoSuchModule,
                                                "there is no week " + std::to_string(lo->week)));
            }
            f.module = m->id;
          }
          auto r = s.journal_list(f);
          if (!r) return report(ctx, r.error());
          json entries = json::array();
          std::string text;
          for (const auto& e : *r) {
            entries.push_back(entry_json(e));
            text += entry_line(e) + "\n";
          }
          if (r->empty()) text = lo->trash ? "The trash is empty.\n" : "No entries.\n";
          return ok(ctx, {{"entries", entries}}, text);
        },
        /*writes=*/false);
  });

  auto show_id = std::make_shared<std::int64_t>(0);
  auto* show = journal->add_subcommand("show", "Show an entry and its earlier versions");
  show->add_option("ID", *show_id, "Entry number")->required();
  show->callback([&ctx, exit_code, show_id] {
    *exit_code = with_session(
        ctx,
        [&](Session& s) {
          auto r = s.journal_show(*show_id);
          if (!r) return report(ctx, r.error());
          json revs = json::array();
          std::string text = entry_header(r->entry) + "\n\n" + r->entry.text + "\n";
          for (const auto& rev : r->revisions) {
            revs.push_back(
                {{"rev", rev.rev}, {"saved_at", format_time(rev.saved_at)}, {"text", rev.text}});
          }
          if (r->revisions.size() > 1) {
            text += "\nEarlier versions:\n";
            for (std::size_t i = 0; i + 1 < r->revisions.size(); ++i) {
              const auto& rev = r->revisions[i];
              text += "  " + std::to_string(rev.rev) + ". " + format_time(rev.saved_at) + ": " +
                      first_line(rev.text) + "\n";
            }
          }
          return ok(ctx, {{"entry", entry_json(r->entry)}, {"revisions", revs}}, text);
        },
        /*writes=*/false);
  });

  auto edit_id = std::make_shared<std::int64_t>(0);
  auto edit_text = std::make_shared<std::vector<std::string>>();
  auto* edit = journal->add_subcommand("edit", "Replace an entry's text (the old text is kept)");
  edit->add_option("ID", *edit_id, "Entry number")->required();
  edit->add_option("TEXT", *edit_text, "The new text, or - to read stdin")->required();
  edit->callback([&ctx, exit_code, edit_id, edit_text] {
    *exit_code = with_session(ctx, [&](Session& s) {
      auto r = s.apply(cmd::EditEntry{*edit_id, text_of(*edit_text), std::nullopt});
      if (!r) return report(ctx, r.error());
      return ok(ctx, outcome_json(*r),
                "Saved entry #" + std::to_string(r->entry->id) + " (version " +
                    std::to_string(r->entry->revisions) + "; earlier versions are kept).");
    });
  });

  auto ver_id = std::make_shared<std::int64_t>(0);
  auto* versions = journal->add_subcommand("versions", "List every version of an entry's text");
  versions->add_option("ID", *ver_id, "Entry number")->required();
  versions->callback([&ctx, exit_code, ver_id] {
    *exit_code = with_session(
        ctx,
        [&](Session& s) {
          auto r = s.journal_show(*ver_id);
          if (!r) return report(ctx, r.error());
          json list = json::array();
          const std::size_t n = r->revisions.size();
          std::string text = "Entry #" + std::to_string(r->entry.id) + " has " + std::to_string(n) +
                             (n == 1 ? " version" : " versions") + ", oldest first:\n";
          for (std::size_t i = 0; i < n; ++i) {
            const auto& rev = r->revisions[i];
            const bool now = i + 1 == n;
            list.push_back({{"rev", rev.rev},
                            {"saved_at", format_time(rev.saved_at)},
                            {"current", now},
                            {"text", rev.text}});
            text += "  " + std::to_string(rev.rev) + ". " + format_time(rev.saved_at) + "  " +
                    first_line(rev.text) + (now ? "  (the text now)" : "") + "\n";
          }
          if (n > 1) {
            text += "kindly journal restore-version " + std::to_string(r->entry.id) +
                    " N makes version N the text again (as a new version).\n";
          }
          return ok(ctx, {{"entry", entry_json(r->entry)}, {"versions", list}}, text);
        },
        /*writes=*/false);
  });

  auto rv_id = std::make_shared<std::int64_t>(0);
  auto rv_rev = std::make_shared<int>(0);
  auto* restore_version = journal->add_subcommand(
      "restore-version", "Make an earlier version the text again (nothing is removed)");
  restore_version->add_option("ID", *rv_id, "Entry number")->required();
  restore_version->add_option("REV", *rv_rev, "Version number (see journal versions)")->required();
  restore_version->callback([&ctx, exit_code, rv_id, rv_rev] {
    *exit_code = with_session(ctx, [&](Session& s) {
      auto r = s.apply(cmd::RestoreVersion{*rv_id, *rv_rev});
      if (!r) return report(ctx, r.error());
      json j = outcome_json(*r);
      j["restored_from"] = r->restored_from;
      const int now = r->entry->revisions;
      return ok(ctx, j,
                "Entry #" + std::to_string(r->entry->id) + " has version " +
                    std::to_string(r->restored_from) + "'s text again, saved as version " +
                    std::to_string(now) + "; versions 1 to " + std::to_string(now - 1) +
                    " are kept.");
    });
  });

  auto del_id = std::make_shared<std::int64_t>(0);
  auto* del = journal->add_subcommand("delete", "Move an entry to the trash");
  del->add_option("ID", *del_id, "Entry number")->required();
  del->callback([&ctx, exit_code, del_id] {
    *exit_code = with_session(ctx, [&](Session& s) {
      auto r = s.apply(cmd::TrashEntry{*del_id});
      if (!r) return report(ctx, r.error());
      const std::string id = std::to_string(r->entry->id);
      return ok(ctx, outcome_json(*r),
                "Moved entry #" + id + " to the trash (kindly journal restore " + id +
                    " brings it back).");
    });
  });

  auto res_id = std::make_shared<std::int64_t>(0);
  auto* restore = journal->add_subcommand("restore", "Bring an entry back from the trash");
  restore->add_option("ID", *res_id, "Entry number")->required();
  restore->callback([&ctx, exit_code, res_id] {
    *exit_code = with_session(ctx, [&](Session& s) {
      auto r = s.apply(cmd::RestoreEntry{*res_id});
      if (!r) return report(ctx, r.error());
      return ok(ctx, outcome_json(*r), "Restored entry #" + std::to_string(r->entry->id) + ".");
    });
  });

  auto yes = std::make_shared<bool>(false);
  auto* empty = journal->add_subcommand("empty-trash", "Remove the entries in the trash for good");
  empty->add_flag("--yes", *yes, "Confirm: the entries cannot be brought back");
  empty->callback([&ctx, exit_code, yes] {
    *exit_code = with_session(ctx, [&](Session& s) {
      auto r = s.apply(cmd::EmptyTrash{*yes});
      if (!r) {
        Error e = r.error();
        if (!*yes) e.hint = "run `kindly journal empty-trash --yes` to confirm";
        return report(ctx, e);
      }
      json j = outcome_json(*r);
      j["removed"] = r->removed;
      return ok(ctx, j,
                "Removed " + std::to_string(r->removed) + " entr" +
                    (r->removed == 1 ? "y" : "ies") + " for good.");
    });
  });

  auto query = std::make_shared<std::vector<std::string>>();
  auto limit = std::make_shared<int>(50);
  auto* search = journal->add_subcommand("search",
                                         "Full-text search (a trailing * matches "
                                         "word starts)");
  search->add_option("QUERY", *query, "Words to find")->required();
  search->add_option("--limit", *limit, "At most this many results")->check(CLI::Range(1, 100000));
  search->callback([&ctx, exit_code, query, limit] {
    *exit_code = with_session(
        ctx,
        [&](Session& s) {
          auto r = s.journal_search(text_of(*query), *limit);
          if (!r) return report(ctx, r.error());
          json hits = json::array();
          std::string text;
          for (const auto& h : *r) {
            json j = entry_json(h.entry);
            j["snippet"] = h.snippet;
            hits.push_back(j);
            text += "#" + std::to_string(h.entry.id) + "  " +
                    format_date(local_date(h.entry.created_at)) + "  " + h.snippet + "\n";
          }
          if (r->empty()) text = "No entries match.\n";
          return ok(ctx, {{"results", hits}}, text);
        },
        /*writes=*/false);
  });
  // Global options (--json, --now, ...) may come after the journal subcommand too.
  for (auto* sub : journal->get_subcommands({})) sub->fallthrough();
}

}  // namespace kindly::cli
