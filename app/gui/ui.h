// The small common shape every screen shares.
//
// A screen is one function `draw_<name>(const Model&, ScreenState&, Commands&)`: it reads the
// engine's progress through `Model` (const), keeps only UI state (text buffers, filters) in
// `ScreenState`, and asks for changes by pushing Commands. App (app.h) runs the commands
// against the engine's Session. No rule about weeks, gates or scoring lives here.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "editor.h"
#include "fonts.h"
#include "kindly/course.h"
#include "kindly/journal.h"
#include "kindly/loader.h"
#include "kindly/progress.h"
#include "theme.h"

namespace kindly::gui {

enum class Screen { Welcome, Home, Week, Reflection, Journal, Settings, Problems };

struct Route {
  Screen screen = Screen::Home;
  std::string module;  // Week: module id ("week-2", "retreat")
  std::string item;    // Reflection: item id
  int prompt = 0;      // Reflection: prompt index
  bool operator==(const Route&) const = default;
};

// "home", "week/2", "reflection/w1-reflection", ... (the --screen spelling). Week numbers and
// module ids are both accepted after "week/".
std::optional<Route> parse_route(const std::string& name, const Course* course);

// What a screen asks the app to do.
struct Command {
  enum class Kind {
    Go,              // route
    Begin,           // begin the course
    StartWeek,       // module (week or optional module)
    Done,            // id (item)
    Undo,            // id (item)
    LogPractice,     // id (practice or item), module, minutes
    OpenReflection,  // id (item), number (prompt)
    EditEntry,       // entry: start editing an existing journal entry
    DeleteEntry,     // entry
    RestoreEntry,    // entry
    SetTheme,        // theme
    SetFontPx,       // number (px)
    MoveOn,          // text (reason)
    RefreshJournal,  // re-query the journal (filter or search changed)
    Checkin,         // id (item), answers
  };
  Kind kind = Kind::Go;
  Route route;
  std::string id;
  std::string module;
  int number = 0;
  int minutes = 0;
  std::int64_t entry = 0;
  std::string text;
  Theme theme = Theme::Light;
  std::vector<int> answers;
};
using Commands = std::vector<Command>;

// A journal text being written. Autosaved within a second of a pause, on every screen change
// and on close.
struct Draft {
  bool active = false;
  std::int64_t entry = 0;  // 0 until first saved
  std::string item;        // reflection it answers (may be empty for a free entry edit)
  int prompt = 0;
  std::string module;
  std::string text;
  std::string saved_text;  // what the store has
  double last_edit = 0;    // ImGui time of the last keystroke
  std::string error;       // last save error, shown under the editor
  bool dirty() const { return active && text != saved_text; }
};

// UI state that is not progress.
struct ScreenState {
  Draft draft;
  EditorState editor;  // the wrapped view of draft.text
  // Journal
  std::string journal_module;  // filter: module id, empty = all
  std::string journal_search;
  bool journal_trash = false;
  std::int64_t journal_confirm_delete = 0;
  // Week screen: "move on" confirmation
  bool confirm_move_on = false;
  // Practice logging minutes per item
  std::map<std::string, int> log_minutes;
  // Week screen: reading items opened, check-in answers being chosen
  std::map<std::string, bool> expanded;
  std::map<std::string, std::vector<int>> checkin_answers;
  // Settings
  float font_px = kDefaultFontPx;
};

// A message shown at the top of the content (a refusal or a saved note).
struct Notice {
  enum class Kind { Info, Refused, Problem };
  Kind kind = Kind::Info;
  std::string text;
  double until = 0;  // ImGui time; 0 = until dismissed
};

// Everything screens may read.
struct Model {
  const LoadResult* load = nullptr;    // always set
  const Course* course = nullptr;      // null when the course has errors
  const Progress* progress = nullptr;  // null when there is no session
  std::string data_problem;            // non-empty: the data folder cannot be used
  std::string data_problem_path;
  std::string course_dir;
  std::string data_dir;
  std::string log_file;
  std::string settings_file;
  const Fonts* fonts = nullptr;
  Route route;
  // Journal data (queried by App when the route or the filter changes)
  std::vector<JournalEntry> journal;   // list for the journal screen / earlier entries
  std::vector<SearchHit> search_hits;  // when journal_search is non-empty
  std::vector<Notice> notices;
  double time = 0;            // ImGui time
  float content_width = 720;  // readable column width for this frame
};

// ---- screens (one file each) -----------------------------------------------------------
void draw_navigator(const Model& m, ScreenState& s, Commands& out);   // screen_navigator.cpp
void draw_welcome(const Model& m, ScreenState& s, Commands& out);     // screen_welcome.cpp
void draw_home(const Model& m, ScreenState& s, Commands& out);        // screen_home.cpp
void draw_week(const Model& m, ScreenState& s, Commands& out);        // screen_week.cpp
void draw_reflection(const Model& m, ScreenState& s, Commands& out);  // screen_reflection.cpp
void draw_journal(const Model& m, ScreenState& s, Commands& out);     // screen_journal.cpp
void draw_settings(const Model& m, ScreenState& s, Commands& out);    // screen_settings.cpp
void draw_problems(const Model& m, ScreenState& s, Commands& out);    // screen_problems.cpp

}  // namespace kindly::gui
