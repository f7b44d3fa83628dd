// The course model: what the curriculum interpreter builds from a course folder.
//
// Immutable once built (load_course() hands out a `const Course`), and free of YAML types:
// every consumer (progress engine, CLI, GUI) reads plain structs. The format these come
// from is documented key by key in docs/curriculum-format.md.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kindly {

enum class ItemKind { Reading, Meditation, Informal, Reflection, Homework, Checkin };

// "reading", "meditation", ... (the spelling used in course files and in JSON output).
const char* to_string(ItemKind kind);
std::optional<ItemKind> item_kind_from_string(const std::string& s);

// One paced step of a guided script: show `text`, then wait `pause_s` seconds.
struct ScriptStep {
  std::string text;
  int pause_s = 0;
  // A recording of this step shipped with the course (`audio:` under the step): absolute,
  // inside the course folder, or empty. The app plays it in place of the spoken text; its
  // length is measured by the app (MeasuredSpeech, timeline.h), never by the engine.
  std::filesystem::path audio{};  // (braces: {text, pause} initializers stay warning-free)
};

// Breathing pacer rhythm in seconds. A soothing rhythm of 5-6 breaths a minute is about
// inhale 4.5, exhale 5.5.
struct Pacer {
  double inhale_s = 4.0;
  double hold_in_s = 0.0;
  double exhale_s = 6.0;
  double hold_out_s = 0.0;
  double cycle_s() const { return inhale_s + hold_in_s + exhale_s + hold_out_s; }
};

struct Bells {
  bool start = true;
  bool end = true;
  int interval_minutes = 0;  // 0 = no interval bells
};

// A reusable practice (from practices/*.yaml) or one written inline in a week's item.
struct Practice {
  std::string id;
  ItemKind kind = ItemKind::Meditation;  // Meditation (formal) or Informal
  std::string title;
  std::string summary;  // one line, shown in lists
  std::string intro;    // Markdown shown before starting; may be empty
  std::string caution;  // e.g. a backdraft note shown before starting; may be empty
  int minutes = 0;      // stated length
  std::vector<ScriptStep> script;
  std::optional<Pacer> pacer;
  std::filesystem::path audio;  // absolute path inside the course folder, or empty
  Bells bells;
  bool grounding = false;  // a practice to offer as a way back to the ground
  std::string file;        // course-relative file it was defined in

  int script_seconds() const;  // sum of the steps' pauses
};

// What a homework item asks for.
struct HomeworkTarget {
  enum class Type { PracticeDays, Task };
  Type type = Type::Task;
  std::string practice;     // PracticeDays: the practice id to count
  int days = 0;             // PracticeDays: distinct local days needed in the week
  int minutes_per_day = 0;  // PracticeDays: minimum minutes on a day for it to count (0 = any)
};

struct CheckinQuestion {
  std::string id;  // unique within the check-in
  std::string text;
  std::string subscale;  // may be empty
  bool reverse = false;  // reverse-scored: value' = min + max - value
};

struct Checkin {
  int scale_min = 1;
  int scale_max = 5;
  std::string min_label;
  std::string max_label;
  std::vector<CheckinQuestion> questions;
};

// One thing a week asks of the user.
struct Item {
  std::string id;  // stable and unique across the whole course
  ItemKind kind = ItemKind::Reading;
  std::string title;
  bool required = false;
  std::string text;      // Reading: Markdown body. Others: optional description (Markdown).
  std::string practice;  // Meditation / Informal: id of the practice (referenced or inline)
  std::vector<std::string> prompts;      // Reflection: one or more journal prompts
  std::optional<HomeworkTarget> target;  // Homework
  std::optional<Checkin> checkin;        // Checkin
  int minutes = 0;                       // suggested minutes (practice length for practices)
  int line = 0;                          // 1-based line in `file` where the item starts
};

// A week, or an optional module such as a retreat (which never gates).
struct Module {
  std::string id;
  int number = 0;         // week number 1..N; 0 for optional modules
  bool optional = false;  // optional modules never gate and are never required
  int after_week = 0;     // optional modules: shown after this week
  std::string title;
  std::string theme;
  std::string reading;  // Markdown opening reading
  int min_days = 7;     // days this week stays current before the next can open
  std::vector<Item> items;
  std::string file;  // course-relative path of the module file
};

struct Gating {
  int min_days = 7;           // default for every week
  bool require_items = true;  // required items must be done before the next week opens
  bool allow_move_on = true;  // the user may move on without them (never skips time)
  // A practice log counts toward a week's items (ticks a meditation or informal practice)
  // only when its minutes reach this share of the practice's stated minutes, rounded up
  // (gates.h credit_minutes). 0..1; 0 = any log counts. The log keeps its real minutes.
  double practice_credit = 0.5;
};

// Thresholds for backdraft-aware pacing (distress on 0..10).
struct Pacing {
  int high_after = 7;              // distress after a practice at or above this
  int sharp_rise = 3;              // or after - before at or above this
  int repeats_in_week = 2;         // this many such practices in one week: suggest going slower
  std::string grounding_practice;  // practice id offered as the way back (e.g. soles-of-the-feet)
};

// How fast the guide speaks: the speaking rate that estimates a script's spoken length when
// no synthesized audio measures it (kindly/timeline.h).
struct Speech {
  int words_per_minute = 130;  // course.yaml speech.words_per_minute, 80..220
};

struct CrisisLine {
  std::string country;  // "United Kingdom"
  std::string code;     // ISO 3166 alpha-2, "GB"
  std::string name;     // "Samaritans"
  std::string phone;    // "116 123"; may be empty when text/url only
  std::string text;     // SMS / text option; may be empty
  std::string url;      // may be empty
  std::string hours;    // "24/7"; may be empty
};

struct Resources {
  std::string title;
  std::string text;  // Markdown: when to seek professional help
  std::vector<CrisisLine> crisis_lines;
};

// ---- Measures: questionnaires a course may declare (docs/curriculum-format.md, measures) ----

// One point of a measure's answer scale ("0: Not at all").
struct MeasureScaleValue {
  int value = 0;
  std::string label;
};

struct MeasureItem {
  std::string id;  // unique within the course's measures
  std::string text;
  bool reverse = false;  // reverse-scored: value' = lowest + highest - value
};

struct MeasureSubscale {
  std::string id;
  std::string title;
  std::vector<std::string> items;  // item ids of this measure
};

// A score band with a plain label, both ends included ("0-4: minimal").
struct MeasureBand {
  double from = 0;
  double to = 0;
  std::string label;
};

// When a measure is asked. Occasions are ordered by when they fall due.
struct MeasureOccasion {
  enum class Kind { Begin, AfterWeek, DaysAfterLastWeek };
  Kind kind = Kind::Begin;
  int n = 0;  // AfterWeek: the week number; DaysAfterLastWeek: the days
  // "begin", "after-week-4", "days-after-last-week-30": the spelling in events and JSON.
  std::string key() const;
};

// An answer on `item` at or above `at_or_above` shows help at once (the crisis lines).
struct MeasureSafetyRule {
  std::string id;
  std::string item;
  int at_or_above = 0;
};

// The figures for the Jacobson-Truax reliable change index (docs/course.md shows them).
struct ReliableChange {
  double sd = 0;           // the standard deviation of the score in the reference sample
  double reliability = 0;  // the score's reliability (e.g. Cronbach's alpha), 0 < r < 1
  std::string source;      // where the figures come from
  // 1.96 * SEdiff, SEdiff = sd * sqrt(2) * sqrt(1 - r): a change at least this large is
  // reliable.
  double threshold() const;
};

struct Measure {
  enum class Scoring { Sum, Mean };
  std::string id;
  std::string title;
  std::string intro;                     // Markdown shown before the first question
  std::string licence;                   // copyright / licence note
  std::vector<MeasureScaleValue> scale;  // ascending values
  std::vector<MeasureItem> items;
  std::vector<MeasureSubscale> subscales;
  Scoring scoring = Scoring::Sum;
  bool higher_is_better = false;   // `higher_is: better`; PHQ-9 and GAD-7: a higher score is worse
  std::vector<MeasureBand> bands;  // of the total score, ascending; may be empty
  std::vector<MeasureOccasion> ask;
  std::vector<MeasureSafetyRule> safety;
  std::optional<ReliableChange> reliable_change;
  std::string file;  // course-relative file it was defined in
  int line = 0;

  bool has_value(int v) const;
  int lowest() const { return scale.empty() ? 0 : scale.front().value; }
  int highest() const { return scale.empty() ? 0 : scale.back().value; }
  const MeasureItem* item(const std::string& id) const;
  // The band a total score falls in, or nullptr.
  const MeasureBand* band(double score) const;
};

struct Course {
  int format_version = 1;
  std::string id;
  std::string title;
  std::string version;
  std::string language;
  std::string description;  // Markdown
  std::string welcome;      // Markdown for the first-run screen; may be empty
  Gating gating;
  Pacing pacing;
  Speech speech;
  Resources resources;
  std::vector<Module> modules;                // in the order course.yaml lists them
  std::map<std::string, Practice> practices;  // by id (reusable and inline)
  std::vector<Measure> measures;              // in the order course.yaml lists them
  std::filesystem::path root;                 // absolute course folder
  // Every character above U+007F that the course's files use, sorted and unique: the app
  // makes font glyphs for exactly these (plus its own), so a course in any script displays.
  std::vector<char32_t> characters;

  // Look-ups. Return nullptr when absent.
  const Module* week(int number) const;  // weeks only (not optional modules)
  const Module* module(const std::string& id) const;
  // A module by id, or a week by its number as the user types it ("2" -> week 2).
  const Module* find_module(const std::string& id_or_number) const;
  const Item* item(const std::string& id, const Module** in = nullptr) const;
  const Practice* practice(const std::string& id) const;
  const Measure* measure(const std::string& id) const;
  int week_count() const;  // number of non-optional modules
};

}  // namespace kindly
