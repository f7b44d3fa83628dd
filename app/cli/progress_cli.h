// Shared by the progress commands (cmd_progress.cpp, cmd_journal.cpp): opening a Session
// from the global options, reporting errors with the right exit code, and JSON/text output.
// No rule about weeks or gates lives here: everything is read from Progress and Session.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "kindly/session.h"

namespace CLI {
class App;
}

namespace kindly::cli {

// Loads the course, builds the clock, opens the session and runs `fn`; returns the exit code.
// Course errors exit 1, a bad --now exits 2, a data problem exits 3. A command that only
// reads passes writes=false: a read-only database is then opened read-only and still works.
// Warnings from opening (a data folder others could read, now fixed) go to stderr.
int with_session(const Context& ctx, const std::function<int(Session&)>& fn, bool writes = true);

// Prints an engine error (text on stderr, or JSON on stdout with --json); returns 1 or 3.
int report(const Context& ctx, const Error& e);
// Prints a usage problem found after parsing (e.g. a bad --at); returns 2.
int usage(const Context& ctx, const std::string& message);
// Prints `j` with --json (adding "ok": true), else `text` (may be empty).
int ok(const Context& ctx, nlohmann::ordered_json j, const std::string& text);

nlohmann::ordered_json time_json(const std::optional<TimePoint>& t);
nlohmann::ordered_json event_json(const Event& e);
nlohmann::ordered_json entry_json(const JournalEntry& e);
nlohmann::ordered_json status_json(const Course& c, const Progress& p);
std::string status_text(const Course& c, const Progress& p);
std::string event_text(const Event& e);  // one line for `history`

// "week 2", or an optional module's title.
std::string module_label(const Module& m);
// "1 minute", "12 minutes".
std::string minutes_text(int minutes);
// What a command changed, in lines that each start with a newline ("\nWeek 2 is now open.").
std::string outcome_text(const Course& c, const Progress& p, const Outcome& o);
// The outcome for --json: events, what changed, pacing and scores.
nlohmann::ordered_json outcome_json(const Outcome& o);

// "md", "html" or "json" from --out's extension (.md/.markdown, .html/.htm, .json); "" else.
std::string format_from_name(const std::string& out);
// Prints `text` (out "-") or saves it atomically to `out`, then reports "Wrote WHAT to OUT."
// (or `j` with path and bytes); a file that cannot be written is a coded refusal.
int write_out(const Context& ctx, const std::string& out, const std::string& text,
              nlohmann::ordered_json j, const std::string& what);

void add_journal_commands(CLI::App& app, Context& ctx, int* exit_code);  // cmd_journal.cpp
void add_safety_commands(CLI::App& app, Context& ctx, int* exit_code);   // cmd_safety.cpp
void add_measure_commands(CLI::App& app, Context& ctx, int* exit_code);  // cmd_measures.cpp
void add_after_commands(CLI::App& app, Context& ctx, int* exit_code);    // cmd_after.cpp
// The measures due now, for status --json and `kindly measures --json`.
nlohmann::ordered_json measures_due_json(const Session& s);
// "A short questionnaire is ready. Optional: kindly measure phq-9" lines, or "".
std::string measures_due_text(const Session& s);
// The next follow-up questionnaire (Session::next_follow_up) for status; null / "" when none
// (the text is also "" while it is due now: measures_due_text() says so).
nlohmann::ordered_json follow_up_json(const Session& s);
std::string follow_up_text(const Session& s);

}  // namespace kindly::cli
