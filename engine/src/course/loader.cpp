// The curriculum interpreter: course folder -> Course, or every problem in it.
//
// Sections:
//   1. Paths that must stay inside the course folder
//   2. Practices (files in practices/ and inline in items)
//   3. Items and modules
//   4. course.yaml and resources.yaml
//   4b. Measures (questionnaires, inline in course.yaml or in their own files)
//   5. Checks across files (ids, references, week numbers, occasions, unused files)
//   6. load_course, source_line
#include "kindly/loader.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <system_error>
#include <thread>

#include <utf8.h>

#include "kindly/timeline.h"
#include "schema.h"
#include "yaml_tree.h"

namespace kindly {

namespace fs = std::filesystem;
using detail::MapReader;
using detail::YNode;

namespace {

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

// 4, 2.5, 0.25: a score as people write it.
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

struct Where {
  std::string file;
  int line = 0;
  int col = 0;
  std::string at() const { return file + ":" + std::to_string(line); }
};

// A reference to a practice, checked once every practice is known.
struct PracticeRef {
  std::string id;
  std::string file;
  const YNode* node;
  std::optional<ItemKind> expect_kind;  // the item's kind, when the item plays it
};

struct Loader {
  fs::path root;  // canonical course folder
  LoadLimits limits;
  detail::Diagnostics diags;
  std::map<std::string, std::unique_ptr<YNode>> trees;  // keeps nodes alive for messages
  std::set<std::string> used_files;                     // course-relative, normalized
  Course course;
  std::map<std::string, Where> practice_defs, item_defs, module_defs;
  std::vector<PracticeRef> refs;
  std::set<std::string> broken_practices;  // ids (file stems) of practice files that failed
  bool module_failed = false;
  std::map<std::string, std::string> texts;  // file -> text, to turn byte columns into characters
  std::set<char32_t> characters;             // non-ASCII characters seen in any file
  std::map<std::size_t, const YNode*> number_nodes;      // module index -> its 'number'
  std::map<std::size_t, const YNode*> after_week_nodes;  // module index -> its 'after_week'
  std::map<std::string, const YNode*> minutes_nodes;     // practice id -> its 'minutes' value
  bool practices_dir_failed = false;  // refused (K012/K010): references cannot be checked
  std::map<std::string, Where> measure_defs, measure_item_defs;
  // measure index -> (occasion index -> its node): 'after_week' is checked against the weeks
  std::map<std::size_t, std::vector<const YNode*>> occasion_nodes;

  // ---- 1. Paths -------------------------------------------------------------------------

  // Resolves a course-relative path written at `at` in `file`. Reports K012 / K010.
  std::optional<fs::path> resolve(const std::string& file, const YNode* at, const std::string& rel,
                                  bool must_exist = true) {
    if (rel.empty()) {
      diags.error(Code::EmptyValue, file, at, "path is empty");
      return std::nullopt;
    }
    fs::path p(rel);
    if (p.is_absolute() || rel.front() == '~') {
      diags.error(Code::PathEscapes, file, at, "path " + quote(rel) + " is absolute",
                  "write it relative to the course folder");
      return std::nullopt;
    }
    fs::path norm = p.lexically_normal();
    if (norm.empty() || *norm.begin() == "..") {
      diags.error(Code::PathEscapes, file, at, "path " + quote(rel) + " leaves the course folder");
      return std::nullopt;
    }
    fs::path abs = root / norm;
    std::error_code ec;
    auto st = fs::symlink_status(abs, ec);
    if (ec || !fs::exists(st)) {
      if (must_exist)
        diags.error(Code::MissingFile, file, at, "file " + quote(rel) + " does not exist");
      return std::nullopt;
    }
    fs::path real = fs::canonical(abs, ec);
    if (ec) {
      diags.error(Code::PathEscapes, file, at,
                  "path " + quote(rel) + " cannot be resolved (" + ec.message() + ")",
                  "check for a symbolic link loop");
      return std::nullopt;
    }
    auto [r, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (r != root.end()) {
      diags.error(Code::PathEscapes, file, at,
                  "path " + quote(rel) + " points outside the course folder (via a symbolic link)");
      return std::nullopt;
    }
    used_files.insert(fs::relative(real, root).generic_string());
    return real;
  }

  // An audio file: resolve()'s checks (K012, K010), then a format the app can play (K017).
  std::optional<fs::path> resolve_audio(const std::string& file, const YNode* at,
                                        const std::string& rel) {
    std::string ext = fs::path(rel).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    static const char* const kAudio[] = {".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3"};
    if (std::none_of(std::begin(kAudio), std::end(kAudio),
                     [&](const char* e) { return ext == e; })) {
      diags.error(Code::BadValue, file, at,
                  "audio file " + quote(rel) + " is not a format Kindly plays",
                  "use .wav, .flac, .ogg, .opus or .mp3");
      return std::nullopt;
    }
    return resolve(file, at, rel);
  }

  // ---- prefetch: parse the course's files on all cores before the (sequential) checks ----
  //
  // yaml-cpp's scanner is most of a load's cost, and files parse independently. Only files
  // that resolve() would accept (inside the folder, regular) are prefetched; load_yaml()
  // still resolves every path itself, so diagnostics are exactly those of a sequential load.
  struct Parsed {
    std::string text;
    std::unique_ptr<YNode> tree;
    std::vector<Diagnostic> diags;
    bool read_ok = false;
  };
  std::map<std::string, Parsed> prefetched;

  void prefetch(const std::vector<std::string>& rels) {
    struct Job {
      std::string key;
      fs::path path;
      Parsed* out;
    };
    std::vector<Job> jobs;
    for (const auto& rel : rels) {
      fs::path norm = fs::path(rel).lexically_normal();
      if (rel.empty() || norm.is_absolute() || norm.empty() || *norm.begin() == "..") continue;
      std::error_code ec;
      fs::path real = fs::canonical(root / norm, ec);
      if (ec || !fs::is_regular_file(real, ec)) continue;
      auto [r, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
      if (r != root.end()) continue;
      std::string key = norm.generic_string();
      if (prefetched.count(key)) continue;
      jobs.push_back({key, real, &prefetched[key]});
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i; (i = next++) < jobs.size();) {
        Parsed& p = *jobs[i].out;  // each job writes only its own entry
        p.read_ok = detail::read_text_file(jobs[i].path, jobs[i].key, limits, &p.text, &p.diags);
        if (p.read_ok) p.tree = detail::parse_yaml(p.text, jobs[i].key, limits, &p.diags);
      }
    };
    unsigned n = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), 4u);
    n = std::min<unsigned>(n, static_cast<unsigned>(jobs.size()));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }

  // Reads and parses a YAML file given by a course-relative path. Null on problems.
  const YNode* load_yaml(const std::string& rel, const std::string& from_file, const YNode* at) {
    fs::path abs;
    if (from_file.empty()) {
      abs = root / rel;
    } else {
      auto resolved = resolve(from_file, at, rel);
      if (!resolved) return nullptr;
      abs = *resolved;
    }
    std::string key = fs::path(rel).lexically_normal().generic_string();
    used_files.insert(key);
    std::string text;
    std::unique_ptr<YNode> tree;
    if (auto pre = prefetched.find(key); pre != prefetched.end()) {
      Parsed p = std::move(pre->second);
      prefetched.erase(pre);
      for (auto& d : p.diags) diags.add(std::move(d));
      if (!p.read_ok) return nullptr;
      text = std::move(p.text);
      tree = std::move(p.tree);
    } else {
      if (!detail::read_text_file(abs, key, limits, &text, &diags.list())) return nullptr;
      tree = detail::parse_yaml(text, key, limits, &diags.list());
    }
    note_characters(text);
    texts[key] = std::move(text);
    if (!tree) return nullptr;
    const YNode* raw = tree.get();
    trees[key] = std::move(tree);
    return raw;
  }

  // Reads a Markdown file referenced from `file`. Empty optional on problems.
  std::optional<std::string> load_markdown(const std::string& file, const YNode* at,
                                           const std::string& rel) {
    auto abs = resolve(file, at, rel);
    if (!abs) return std::nullopt;
    std::string text;
    std::string key = fs::relative(*abs, root).generic_string();
    if (!detail::read_text_file(*abs, key, limits, &text, &diags.list())) return std::nullopt;
    note_characters(text);
    return text;
  }

  // Adds the non-ASCII characters of `text` (valid UTF-8: read_text_file checked) to
  // `characters`.
  void note_characters(const std::string& text) {
    for (auto it = text.begin(); it != text.end();) {
      const char32_t c = utf8::unchecked::next(it);
      if (c >= 0x80) characters.insert(c);
    }
  }

  // ---- 2. Practices ---------------------------------------------------------------------

  // Reads the practice keys (everything but id and kind) from `r` into `p`.
  void read_practice_fields(MapReader& r, Practice& p, bool title_required) {
    const std::string& file = r.file();
    if (auto v = r.text("title", title_required)) p.title = *v;
    if (auto v = r.text("summary", false)) p.summary = *v;
    if (auto v = r.text("intro", false)) p.intro = *v;
    if (auto v = r.text("caution", false)) p.caution = *v;
    if (auto v = r.integer("minutes", true, 1, 180, Code::BadDuration)) p.minutes = int(*v);
    if (auto v = r.boolean("grounding")) p.grounding = *v;
    if (const YNode* script = r.seq("script", true)) {
      if (script->items.empty()) diags.error(Code::EmptyValue, file, script, "script has no steps");
      int n = 0;
      for (const auto& step : script->items) {
        ++n;
        MapReader s(diags, file, *step, "script step " + std::to_string(n));
        if (!s.ok()) continue;
        ScriptStep st;
        if (auto v = s.text("text", true)) st.text = *v;
        if (auto v = s.integer("pause", false, 0, 3600, Code::BadDuration)) st.pause_s = int(*v);
        if (auto v = s.text("audio", false); v && !v->empty()) {
          if (auto abs = resolve_audio(file, s.find("audio"), *v)) st.audio = *abs;
        }
        s.finish();
        p.script.push_back(std::move(st));
      }
    }
    if (const YNode* pacer = r.map("pacer", false)) {
      MapReader pr(diags, file, *pacer, "pacer");
      Pacer pc;
      if (auto v = pr.number("inhale", true, 0.5, 30, Code::BadDuration)) pc.inhale_s = *v;
      if (auto v = pr.number("hold_in", false, 0, 30, Code::BadDuration)) pc.hold_in_s = *v;
      if (auto v = pr.number("exhale", true, 0.5, 30, Code::BadDuration)) pc.exhale_s = *v;
      if (auto v = pr.number("hold_out", false, 0, 30, Code::BadDuration)) pc.hold_out_s = *v;
      pr.finish();
      p.pacer = pc;
    }
    if (auto v = r.text("audio", false); v && !v->empty()) {
      if (auto abs = resolve_audio(file, r.find("audio"), *v)) p.audio = *abs;
    }
    if (const YNode* bells = r.map("bells", false)) {
      MapReader br(diags, file, *bells, "bells");
      if (auto v = br.boolean("start")) p.bells.start = *v;
      if (auto v = br.boolean("end")) p.bells.end = *v;
      if (auto v = br.integer("interval_minutes", false, 0, 180, Code::BadDuration))
        p.bells.interval_minutes = int(*v);
      br.finish();
    }
    p.file = file;
    // K022 compares the timeline with these minutes once the course's speaking rate is known.
    if (!p.id.empty()) minutes_nodes.emplace(p.id, r.find("minutes"));  // the first one wins
  }

  void add_practice(Practice p, const std::string& file, const YNode* at) {
    if (p.id.empty()) return;
    auto [it, fresh] = practice_defs.emplace(p.id, Where{file, at ? at->line : 0, 0});
    if (!fresh) {
      diags.error(Code::DuplicateId, file, at,
                  "practice id " + quote(p.id) + " is already used at " + it->second.at());
      return;
    }
    course.practices.emplace(p.id, std::move(p));
  }

  void load_practice_file(const std::string& rel) {
    const YNode* root_node = load_yaml(rel, {}, nullptr);
    if (!root_node) {
      // Its own diagnostic says why; do not also report every reference to it.
      broken_practices.insert(fs::path(rel).stem().string());
      return;
    }
    MapReader r(diags, rel, *root_node, "practice");
    if (!r.ok()) return;
    Practice p;
    auto id = r.id("id", true);
    if (id) p.id = *id;
    // A refused id is this file's own error; references to the practice would only echo it.
    if (!id) broken_practices.insert(fs::path(rel).stem().string());
    if (auto kind = r.text("kind", true)) {
      if (*kind == "meditation") {
        p.kind = ItemKind::Meditation;
      } else if (*kind == "informal") {
        p.kind = ItemKind::Informal;
      } else {
        diags.error(Code::BadValue, rel, r.find("kind"),
                    "practice kind must be 'meditation' or 'informal', not " + quote(*kind),
                    detail::hint_for(*kind, {"meditation", "informal"}));
      }
    }
    read_practice_fields(r, p, true);
    r.finish();
    add_practice(std::move(p), rel, r.find("id"));
  }

  // An explicit folder that leaves the course folder (K012) or is missing (K010) is one
  // error; the practices it would hold are then unknown, so references to them are not
  // reported as well (practices_dir_failed).
  void load_practices_dir(const std::string& course_file, const YNode* at, const std::string& dir,
                          bool explicit_dir) {
    std::error_code ec;
    fs::path abs = root / fs::path(dir).lexically_normal();
    if (explicit_dir) {
      const std::size_t before = diags.list().size();
      auto real = resolve(course_file, at, dir, /*must_exist=*/false);
      if (!real && diags.list().size() == before)
        diags.error(Code::MissingFile, course_file, at,
                    "practices folder " + quote(dir) + " does not exist");
      else if (real && !fs::is_directory(*real, ec))
        diags.error(Code::MissingFile, course_file, at,
                    "practices folder " + quote(dir) + " is not a folder");
      if (!real || !fs::is_directory(*real, ec)) {
        practices_dir_failed = true;
        return;
      }
    } else if (!fs::is_directory(abs, ec)) {
      return;
    }
    std::vector<std::string> files;
    for (fs::directory_iterator it(abs, ec), end; !ec && it != end; it.increment(ec)) {
      auto ext = it->path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      if (files.size() >= limits.max_files) {
        diags.error(
            Code::FileTooLarge, course_file, at,
            "practices folder has more than " + std::to_string(limits.max_files) + " files");
        break;
      }
      files.push_back((fs::path(dir) / it->path().filename()).lexically_normal().generic_string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& rel : files) {
      // A practice file that is a symlink out of the folder is refused like any other path.
      if (!resolve(course_file, at, rel)) continue;
      load_practice_file(rel);
    }
  }

  // ---- 3. Items and modules -------------------------------------------------------------

  void read_checkin(MapReader& r, Item& item) {
    const std::string& file = r.file();
    Checkin c;
    if (const YNode* scale = r.map("scale", false)) {
      MapReader s(diags, file, *scale, "scale");
      const auto lo = s.integer("min", true, -10, 10);
      const auto hi = s.integer("max", true, -10, 20);
      if (lo) c.scale_min = int(*lo);
      if (hi) c.scale_max = int(*hi);
      if (auto v = s.text("min_label", false)) c.min_label = *v;
      if (auto v = s.text("max_label", false)) c.max_label = *v;
      // A rule between two values points at the second one it names.
      if (lo && hi && (c.scale_max <= c.scale_min || c.scale_max - c.scale_min > 10))
        diags.error(Code::BadValue, file, s.find("max"),
                    "scale: max must be above min, by at most 10 (is " +
                        std::to_string(c.scale_min) + " to " + std::to_string(c.scale_max) + ")");
      s.finish();
    }
    if (const YNode* qs = r.seq("questions", true)) {
      if (qs->items.empty()) diags.error(Code::EmptyValue, file, qs, "check-in has no questions");
      std::map<std::string, int> seen;
      for (const auto& qn : qs->items) {
        MapReader q(diags, file, *qn, "question");
        if (!q.ok()) continue;
        CheckinQuestion cq;
        if (auto v = q.id("id", true)) {
          cq.id = *v;
          auto [it, fresh] = seen.emplace(cq.id, qn->line);
          if (!fresh)
            diags.error(Code::DuplicateId, file, q.find("id"),
                        "question id " + quote(cq.id) + " is already used on line " +
                            std::to_string(it->second));
        }
        if (auto v = q.text("text", true)) cq.text = *v;
        if (auto v = q.text("subscale", false)) cq.subscale = *v;
        if (auto v = q.boolean("reverse")) cq.reverse = *v;
        q.finish();
        c.questions.push_back(std::move(cq));
      }
    }
    item.checkin = std::move(c);
  }

  void read_homework(MapReader& r, Item& item, const Module& m) {
    const std::string& file = r.file();
    const YNode* tn = r.map("target", true);
    if (!tn) return;
    MapReader t(diags, file, *tn, "homework target");
    HomeworkTarget target;
    if (t.has("task")) {
      target.type = HomeworkTarget::Type::Task;
      auto task = t.boolean("task");
      if (task && !*task)
        diags.error(Code::BadValue, file, t.find("task"), "homework target: 'task' must be true");
      if (t.has("practice"))
        diags.error(Code::BadValue, file, t.find("practice"),
                    "homework target: give either 'task: true' or 'practice', not both");
    } else {
      target.type = HomeworkTarget::Type::PracticeDays;
      if (auto v = t.id("practice", true)) {
        target.practice = *v;
        refs.push_back({*v, file, t.find("practice"), std::nullopt});
      }
      int window = m.min_days > 0 ? m.min_days : 7;
      if (auto v = t.integer("days", true, 1, 60)) {
        target.days = int(*v);
        if (target.days > window)
          diags.error(Code::BadValue, file, t.find("days"),
                      "homework target asks for " + std::to_string(target.days) +
                          " days, but the week lasts " + std::to_string(window));
      }
      if (auto v = t.integer("minutes", false, 0, 180, Code::BadDuration))
        target.minutes_per_day = int(*v);
    }
    t.finish();
    item.target = target;
  }

  void read_item(const YNode& node, const std::string& file, Module& m) {
    MapReader r(diags, file, node, "item");
    if (!r.ok()) return;
    Item item;
    item.line = node.line;
    if (auto v = r.id("id", true)) item.id = *v;
    if (!item.id.empty()) {
      auto [it, fresh] = item_defs.emplace(item.id, Where{file, node.line, node.col});
      if (!fresh)
        diags.error(Code::DuplicateId, file, r.find("id"),
                    "item id " + quote(item.id) + " is already used at " + it->second.at());
    }
    auto kind_text = r.text("kind", true);
    std::optional<ItemKind> kind;
    if (kind_text) {
      kind = item_kind_from_string(*kind_text);
      if (!kind)
        diags.error(Code::UnknownItemKind, file, r.find("kind"),
                    "unknown item kind " + quote(*kind_text),
                    detail::hint_for(*kind_text, {"reading", "meditation", "informal", "reflection",
                                                  "homework", "checkin"}));
    }
    if (kind) item.kind = *kind;
    bool is_practice = kind && (*kind == ItemKind::Meditation || *kind == ItemKind::Informal);
    bool is_ref = is_practice && r.has("practice");
    if (auto v = r.text("title", kind && !is_ref)) item.title = *v;
    if (auto v = r.boolean("required")) item.required = *v;
    if (auto v = r.text("description", false)) item.text = *v;

    if (kind) switch (*kind) {
        case ItemKind::Reading: {
          bool has_text = r.has("text"), has_file = r.has("text_file");
          if (has_text && has_file)
            diags.error(Code::BadValue, file, r.find("text_file"),
                        "reading: give either 'text' or 'text_file', not both");
          if (has_file) {
            if (auto rel = r.text("text_file", true))
              if (auto md = load_markdown(file, r.find("text_file"), *rel)) item.text = *md;
          } else if (auto v = r.text("text", true)) {
            item.text = *v;
          }
          if (auto v = r.integer("minutes", false, 0, 120, Code::BadDuration))
            item.minutes = int(*v);
          break;
        }
        case ItemKind::Meditation:
        case ItemKind::Informal: {
          if (is_ref) {
            if (auto v = r.id("practice", true)) {
              item.practice = *v;
              refs.push_back({*v, file, r.find("practice"), *kind});
            }
          } else {
            Practice p;
            p.id = item.id;
            p.kind = *kind;
            read_practice_fields(r, p, true);
            add_practice(std::move(p), file, r.find("id"));
            item.practice = item.id;
          }
          break;
        }
        case ItemKind::Reflection: {
          if (const YNode* ps = r.seq("prompts", true)) {
            if (ps->items.empty())
              diags.error(Code::EmptyValue, file, ps, "reflection has no prompts");
            for (const auto& pn : ps->items) {
              if (!pn->is_scalar() || pn->value.find_first_not_of(" \t\n") == std::string::npos) {
                diags.error(pn->is_scalar() ? Code::EmptyValue : Code::WrongType, file, pn.get(),
                            "a prompt should be non-empty text");
                continue;
              }
              item.prompts.push_back(pn->value);
            }
          }
          break;
        }
        case ItemKind::Homework:
          read_homework(r, item, m);
          break;
        case ItemKind::Checkin:
          read_checkin(r, item);
          break;
      }
    if (kind || !kind_text) r.finish();  // with an unknown kind, every other key looks unknown
    m.items.push_back(std::move(item));
  }

  void load_module(const std::string& rel, const YNode* at) {
    const YNode* node = load_yaml(rel, "course.yaml", at);
    if (!node) {
      module_failed = true;  // numbering checks would only echo this file's own problem
      return;
    }
    std::string key = fs::path(rel).lexically_normal().generic_string();
    MapReader r(diags, key, *node, "module");
    if (!r.ok()) return;
    Module m;
    m.file = key;
    m.min_days = course.gating.min_days;
    if (auto v = r.id("id", true)) {
      m.id = *v;
      auto [it, fresh] = module_defs.emplace(m.id, Where{key, node->line, node->col});
      if (!fresh)
        diags.error(Code::DuplicateId, key, r.find("id"),
                    "module id " + quote(m.id) + " is already used at " + it->second.at());
    }
    if (auto v = r.boolean("optional")) m.optional = *v;
    if (m.optional) {
      if (r.has("number"))
        diags.error(Code::BadValue, key, r.find("number"), "an optional module has no week number",
                    "remove 'number' or 'optional'");
      if (auto v = r.integer("after_week", false, 0, 1000)) m.after_week = int(*v);
    } else {
      if (auto v = r.integer("number", true, 1, 1000)) m.number = int(*v);
      if (r.has("after_week"))
        diags.error(Code::BadValue, key, r.find("after_week"),
                    "'after_week' is only for optional modules");
    }
    if (auto v = r.text("title", true)) m.title = *v;
    if (auto v = r.text("theme", false)) m.theme = *v;
    bool has_reading = r.has("reading"), has_file = r.has("reading_file");
    if (has_reading && has_file)
      diags.error(Code::BadValue, key, r.find("reading_file"),
                  "give either 'reading' or 'reading_file', not both");
    if (has_file) {
      if (auto rf = r.text("reading_file", true))
        if (auto md = load_markdown(key, r.find("reading_file"), *rf)) m.reading = *md;
    } else if (has_reading) {
      if (auto v = r.text("reading", true)) m.reading = *v;
    } else {
      diags.error(Code::MissingKey, key, node, "module: missing key 'reading' (or 'reading_file')");
    }
    if (auto v = r.integer("min_days", false, 0, 60, Code::BadDuration)) m.min_days = int(*v);
    const YNode* items = r.seq("items", true);
    if (items) {
      if (items->items.empty())
        diags.error(Code::EmptyModule, key, items, "module " + quote(m.id) + " has no items");
      for (const auto& in : items->items) read_item(*in, key, m);
    }
    r.finish();
    course.modules.push_back(std::move(m));
    const std::size_t index = course.modules.size() - 1;
    if (course.modules.back().optional)
      after_week_nodes[index] = r.find("after_week");
    else
      number_nodes[index] = r.find("number");
  }

  // ---- 4. course.yaml and resources.yaml ------------------------------------------------

  void load_resources(const std::string& rel, const YNode* at) {
    const YNode* node = load_yaml(rel, "course.yaml", at);
    if (!node) return;
    std::string key = fs::path(rel).lexically_normal().generic_string();
    MapReader r(diags, key, *node, "resources");
    if (!r.ok()) return;
    Resources& res = course.resources;
    if (auto v = r.text("title", true)) res.title = *v;
    if (auto v = r.text("text", true)) res.text = *v;
    if (const YNode* lines = r.seq("crisis_lines", true)) {
      for (const auto& ln : lines->items) {
        MapReader l(diags, key, *ln, "crisis line");
        if (!l.ok()) continue;
        CrisisLine c;
        if (auto v = l.text("country", true)) c.country = *v;
        if (auto v = l.text("code", true)) {
          c.code = *v;
          bool ok = c.code.size() == 2 && std::all_of(c.code.begin(), c.code.end(), [](char ch) {
                      return ch >= 'A' && ch <= 'Z';
                    });
          if (!ok)
            diags.error(
                Code::BadValue, key, l.find("code"),
                "crisis line: code " + quote(c.code) + " should be two capital letters (ISO 3166)");
        }
        if (auto v = l.text("name", true)) c.name = *v;
        if (auto v = l.text("phone", false)) c.phone = *v;
        if (auto v = l.text("text", false)) c.text = *v;
        if (auto v = l.text("url", false)) c.url = *v;
        if (auto v = l.text("hours", false)) c.hours = *v;
        if (c.phone.empty() && c.text.empty() && c.url.empty())
          diags.error(
              Code::MissingKey, key, ln.get(),
              "crisis line " + quote(c.name) + " needs at least one of 'phone', 'text', 'url'");
        l.finish();
        res.crisis_lines.push_back(std::move(c));
      }
    }
    r.finish();
  }

  void load_course_file() {
    std::error_code ec;
    if (!fs::exists(root / "course.yaml", ec)) {
      diags.add({Code::NotACourse, Severity::Error, "course.yaml", 0, 0,
                 "no course.yaml in " + root.string(), "a course folder starts with course.yaml"});
      return;
    }
    const YNode* node = load_yaml("course.yaml", {}, nullptr);
    if (!node) return;
    MapReader r(diags, "course.yaml", *node, "course.yaml");
    if (!r.ok()) return;
    if (auto v = r.integer("format_version", true, -1000000, 1000000)) {
      course.format_version = int(*v);
      if (*v != 1) {
        diags.error(Code::UnsupportedFormat, "course.yaml", r.find("format_version"),
                    "format_version " + std::to_string(*v) + " is not supported",
                    "this Kindly reads format_version 1");
        return;
      }
    }
    if (auto v = r.id("id", true)) course.id = *v;
    if (auto v = r.text("title", true)) course.title = *v;
    if (auto v = r.text("version", true)) course.version = *v;
    if (auto v = r.text("language", true)) {
      course.language = *v;
      if (!detail::is_valid_language_tag(*v))
        diags.error(Code::BadValue, "course.yaml", r.find("language"),
                    "language " + quote(*v) + " is not a BCP 47 tag",
                    "write language[-Script][-REGION], e.g. 'en', 'de', 'pt-BR', 'sr-Latn'");
    }
    if (auto v = r.text("description", true)) course.description = *v;
    if (auto v = r.text("welcome", false)) course.welcome = *v;
    if (const YNode* g = r.map("gating", false)) {
      MapReader gr(diags, "course.yaml", *g, "gating");
      if (auto v = gr.integer("min_days", false, 0, 60, Code::BadDuration))
        course.gating.min_days = int(*v);
      if (auto v = gr.boolean("require_items")) course.gating.require_items = *v;
      if (auto v = gr.boolean("allow_move_on")) course.gating.allow_move_on = *v;
      if (auto v = gr.number("practice_credit", false, 0.0, 1.0))
        course.gating.practice_credit = *v;
      gr.finish();
    }
    if (const YNode* p = r.map("pacing", false)) {
      MapReader pr(diags, "course.yaml", *p, "pacing");
      if (auto v = pr.integer("high_after", false, 1, 10)) course.pacing.high_after = int(*v);
      if (auto v = pr.integer("sharp_rise", false, 1, 10)) course.pacing.sharp_rise = int(*v);
      if (auto v = pr.integer("repeats_in_week", false, 1, 20))
        course.pacing.repeats_in_week = int(*v);
      if (auto v = pr.id("grounding_practice", false)) {
        course.pacing.grounding_practice = *v;
        refs.push_back({*v, "course.yaml", pr.find("grounding_practice"), std::nullopt});
      }
      pr.finish();
    }
    if (const YNode* sp = r.map("speech", false)) {
      MapReader sr(diags, "course.yaml", *sp, "speech");
      if (auto v = sr.integer("words_per_minute", false, 80, 220))
        course.speech.words_per_minute = int(*v);
      sr.finish();
    }
    std::string practices_dir = "practices";
    bool explicit_dir = false;
    if (auto v = r.text("practices_dir", false); v && !v->empty()) {
      practices_dir = *v;
      explicit_dir = true;
    }
    {
      // Every file the course will read, parsed on all cores first.
      std::vector<std::string> files;
      std::error_code ec;
      const fs::path dir_norm = fs::path(practices_dir).lexically_normal();
      const bool inside = !dir_norm.is_absolute() && !dir_norm.empty() && *dir_norm.begin() != "..";
      for (fs::directory_iterator it = inside ? fs::directory_iterator(root / dir_norm, ec)
                                              : fs::directory_iterator(),
                                  end;
           !ec && it != end && files.size() < limits.max_files; it.increment(ec))
        if (it->path().extension() == ".yaml" || it->path().extension() == ".yml")
          files.push_back((fs::path(practices_dir) / it->path().filename()).generic_string());
      if (const YNode* mods = r.find("modules"); mods && mods->is_seq())
        for (const auto& mn : mods->items)
          if (mn->is_scalar() && files.size() < 2 * limits.max_files) files.push_back(mn->value);
      if (const YNode* res = r.find("resources"); res && res->is_scalar())
        files.push_back(res->value);
      prefetch(files);
    }
    // Too many files in an implicit folder is reported at the top of course.yaml.
    load_practices_dir("course.yaml", explicit_dir ? r.find("practices_dir") : node, practices_dir,
                       explicit_dir);

    if (const YNode* mods = r.seq("modules", true)) {
      if (mods->items.empty())
        diags.error(Code::EmptyModule, "course.yaml", mods, "course has no modules");
      std::map<std::string, int> listed;
      for (const auto& mn : mods->items) {
        if (!mn->is_scalar()) {
          diags.error(Code::WrongType, "course.yaml", mn.get(),
                      "a module should be a file path, but is " + std::string(mn->kind_name()));
          continue;
        }
        std::string norm = fs::path(mn->value).lexically_normal().generic_string();
        auto [it, fresh] = listed.emplace(norm, mn->line);
        if (!fresh) {
          diags.error(Code::DuplicateId, "course.yaml", mn.get(),
                      "module file " + quote(mn->value) + " is already listed on line " +
                          std::to_string(it->second));
          continue;
        }
        if (listed.size() > limits.max_files) {
          diags.error(Code::FileTooLarge, "course.yaml", mn.get(), "too many modules");
          break;
        }
        load_module(mn->value, mn.get());
      }
    }
    if (auto v = r.text("resources", true)) load_resources(*v, r.find("resources"));
    if (const YNode* ms = r.seq("measures", false)) load_measures(*ms);
    r.finish();
  }

  // ---- 4b. Measures ---------------------------------------------------------------------

  void read_measure_scale(MapReader& r, Measure& m) {
    const std::string& file = r.file();
    const YNode* sc = r.seq("scale", true);
    if (!sc) return;
    if (sc->items.size() < 2)
      diags.error(Code::BadValue, file, sc, "measure scale: needs at least two values");
    for (const auto& vn : sc->items) {
      MapReader v(diags, file, *vn, "scale value");
      if (!v.ok()) continue;
      MeasureScaleValue sv;
      auto val = v.integer("value", true, -100, 100);
      if (val) sv.value = int(*val);
      if (auto t = v.text("label", true)) sv.label = *t;
      v.finish();
      if (!val) continue;
      if (!m.scale.empty() && sv.value <= m.scale.back().value) {
        diags.error(Code::BadValue, file, v.find("value"),
                    "measure scale: values must rise, but " + std::to_string(sv.value) +
                        " comes after " + std::to_string(m.scale.back().value));
        continue;
      }
      m.scale.push_back(std::move(sv));
    }
  }

  void read_measure_items(MapReader& r, Measure& m) {
    const std::string& file = r.file();
    const YNode* its = r.seq("items", true);
    if (!its) return;
    if (its->items.empty()) diags.error(Code::EmptyValue, file, its, "measure has no items");
    for (const auto& in : its->items) {
      MapReader q(diags, file, *in, "measure item");
      if (!q.ok()) continue;
      MeasureItem mi;
      if (auto v = q.id("id", true)) {
        mi.id = *v;
        auto [it, fresh] = measure_item_defs.emplace(mi.id, Where{file, in->line, in->col});
        if (!fresh)
          diags.error(Code::DuplicateId, file, q.find("id"),
                      "measure item id " + quote(mi.id) + " is already used at " + it->second.at());
      }
      if (auto v = q.text("text", true)) mi.text = *v;
      if (auto v = q.boolean("reverse")) mi.reverse = *v;
      q.finish();
      m.items.push_back(std::move(mi));
    }
  }

  // Names an item of `m`, or reports K025 at `at`.
  bool check_measure_item(const Measure& m, const std::string& id, const std::string& file,
                          const YNode* at, const std::string& what) {
    if (m.item(id)) return true;
    std::vector<std::string> ids;
    for (const auto& i : m.items) ids.push_back(i.id);
    diags.error(Code::UnknownMeasureItem, file, at,
                what + " names " + quote(id) + ", which is not an item of measure " + quote(m.id),
                detail::hint_for(id, ids));
    return false;
  }

  void read_measure_subscales(MapReader& r, Measure& m) {
    const std::string& file = r.file();
    const YNode* subs = r.seq("subscales", false);
    if (!subs) return;
    std::set<std::string> seen;
    for (const auto& sn : subs->items) {
      MapReader q(diags, file, *sn, "subscale");
      if (!q.ok()) continue;
      MeasureSubscale sub;
      if (auto v = q.id("id", true)) {
        sub.id = *v;
        if (!seen.insert(sub.id).second)
          diags.error(Code::DuplicateId, file, q.find("id"),
                      "subscale id " + quote(sub.id) + " is used twice in measure " + quote(m.id));
      }
      if (auto v = q.text("title", true)) sub.title = *v;
      if (const YNode* ids = q.seq("items", true)) {
        if (ids->items.empty()) diags.error(Code::EmptyValue, file, ids, "subscale has no items");
        for (const auto& idn : ids->items) {
          if (!idn->is_scalar()) {
            diags.error(
                Code::WrongType, file, idn.get(),
                "a subscale item should be an item id, but is " + std::string(idn->kind_name()));
            continue;
          }
          if (check_measure_item(m, idn->value, file, idn.get(), "subscale " + quote(sub.id)))
            sub.items.push_back(idn->value);
        }
      }
      q.finish();
      m.subscales.push_back(std::move(sub));
    }
  }

  // The lowest and highest score a measure can give (sum or mean of its items).
  static std::pair<double, double> score_range(const Measure& m) {
    const double n = m.scoring == Measure::Scoring::Sum ? double(m.items.size()) : 1.0;
    return {n * m.lowest(), n * m.highest()};
  }

  // Bands rise without overlap or gap and cover every score (K026). Sum scores are whole
  // numbers, so a band starts one above the last one's end; mean bands share their ends (a
  // score on the boundary belongs to the higher band).
  void read_measure_bands(MapReader& r, Measure& m) {
    const std::string& file = r.file();
    const YNode* bands = r.seq("bands", false);
    if (!bands) return;
    const bool sum = m.scoring == Measure::Scoring::Sum;
    const auto [lo, hi] = score_range(m);
    bool ok = !m.items.empty() && m.scale.size() >= 2;
    for (const auto& bn : bands->items) {
      MapReader b(diags, file, *bn, "score band");
      if (!b.ok()) {
        ok = false;
        continue;
      }
      MeasureBand band;
      auto from = b.number("from", true, -10000, 10000);
      auto to = b.number("to", true, -10000, 10000);
      if (auto v = b.text("label", true)) band.label = *v;
      b.finish();
      if (!from || !to) {
        ok = false;
        continue;
      }
      band.from = *from;
      band.to = *to;
      if (!ok) continue;
      std::string problem;
      if (band.to < band.from) {
        problem = "ends before it starts";
      } else if (sum && (band.from != std::floor(band.from) || band.to != std::floor(band.to))) {
        problem = "should start and end on whole numbers (the score is a sum)";
      } else if (m.bands.empty() && band.from != lo) {
        problem = "should start at the lowest score, " + format_number(lo);
      } else if (!m.bands.empty()) {
        const double want = sum ? m.bands.back().to + 1 : m.bands.back().to;
        if (band.from != want)
          problem = std::string(band.from < want ? "overlaps" : "leaves a gap after") +
                    " the band before it (it should start at " + format_number(want) + ")";
      }
      if (problem.empty() && &bn == &bands->items.back() && band.to != hi)
        problem = "should end at the highest score, " + format_number(hi);
      if (!problem.empty()) {
        diags.error(Code::BandCoverage, file, bn.get(),
                    "measure " + quote(m.id) + ": score band " + quote(band.label) + " " + problem);
        ok = false;
      }
      m.bands.push_back(std::move(band));
    }
  }

  void read_measure_ask(MapReader& r, Measure& m, std::size_t index) {
    const std::string& file = r.file();
    const YNode* ask = r.seq("ask", true);
    if (!ask) return;
    if (ask->items.empty()) diags.error(Code::EmptyValue, file, ask, "measure is never asked");
    std::map<std::string, int> seen;
    for (const auto& an : ask->items) {
      MapReader a(diags, file, *an, "time to ask");
      if (!a.ok()) continue;
      MeasureOccasion o;
      const bool has_at = a.has("at"), has_week = a.has("after_week"),
                 has_days = a.has("days_after_last_week");
      if (int(has_at) + int(has_week) + int(has_days) != 1) {
        diags.error(Code::BadValue, file, an.get(),
                    "a time to ask needs exactly one of 'at: begin', 'after_week', "
                    "'days_after_last_week'");
        a.finish();
        continue;
      }
      const YNode* node = nullptr;
      if (has_at) {
        auto v = a.text("at", true);
        if (v && *v != "begin") {
          diags.error(Code::BadValue, file, a.find("at"), "'at' can only be 'begin'",
                      detail::hint_for(*v, {"begin"}));
          v.reset();
        }
        if (!v) {
          a.finish();
          continue;
        }
        o.kind = MeasureOccasion::Kind::Begin;
      } else if (has_week) {
        auto v = a.integer("after_week", true, 1, 1000);
        if (!v) {
          a.finish();
          continue;
        }
        o.kind = MeasureOccasion::Kind::AfterWeek;
        o.n = int(*v);
        node = a.find("after_week");
      } else {
        auto v = a.integer("days_after_last_week", true, 1, 3650, Code::BadDuration);
        if (!v) {
          a.finish();
          continue;
        }
        o.kind = MeasureOccasion::Kind::DaysAfterLastWeek;
        o.n = int(*v);
      }
      a.finish();
      auto [it, fresh] = seen.emplace(o.key(), an->line);
      if (!fresh) {
        diags.error(Code::BadOccasion, file, an.get(),
                    "measure " + quote(m.id) + " is already asked " + o.key() + " (line " +
                        std::to_string(it->second) + ")");
        continue;
      }
      m.ask.push_back(o);
      occasion_nodes[index].push_back(node);
    }
  }

  void read_measure_safety(MapReader& r, Measure& m) {
    const std::string& file = r.file();
    const YNode* rules = r.seq("safety", false);
    if (!rules) return;
    std::set<std::string> seen;
    for (const auto& rn : rules->items) {
      MapReader q(diags, file, *rn, "safety rule");
      if (!q.ok()) continue;
      MeasureSafetyRule rule;
      if (auto v = q.id("id", true)) {
        rule.id = *v;
        if (!seen.insert(rule.id).second)
          diags.error(Code::DuplicateId, file, q.find("id"),
                      "safety rule id " + quote(rule.id) + " is used twice");
      }
      bool ok = true;
      if (auto v = q.id("item", true)) {
        ok = check_measure_item(m, *v, file, q.find("item"), "safety rule " + quote(rule.id));
        rule.item = *v;
      } else {
        ok = false;
      }
      if (auto v = q.integer("at_or_above", true, -100, 100)) {
        rule.at_or_above = int(*v);
        if (!m.scale.empty() && (*v <= m.lowest() || *v > m.highest()))
          diags.error(Code::BadValue, file, q.find("at_or_above"),
                      "safety rule " + quote(rule.id) + ": " + std::to_string(*v) +
                          " should be above the scale's lowest value and at most its highest (" +
                          std::to_string(m.lowest()) + " to " + std::to_string(m.highest()) + ")");
      }
      q.finish();
      if (ok) m.safety.push_back(std::move(rule));
    }
  }

  void read_measure(const YNode& node, const std::string& file) {
    MapReader r(diags, file, node, "measure");
    if (!r.ok()) return;
    Measure m;
    m.file = file;
    m.line = node.line;
    if (auto v = r.id("id", true)) {
      m.id = *v;
      auto [it, fresh] = measure_defs.emplace(m.id, Where{file, node.line, node.col});
      if (!fresh)
        diags.error(Code::DuplicateId, file, r.find("id"),
                    "measure id " + quote(m.id) + " is already used at " + it->second.at());
    }
    if (auto v = r.text("title", true)) m.title = *v;
    if (auto v = r.text("intro", true)) m.intro = *v;
    if (auto v = r.text("licence", true)) m.licence = *v;
    if (auto v = r.text("scoring", false)) {
      if (*v == "mean") {
        m.scoring = Measure::Scoring::Mean;
      } else if (*v != "sum") {
        diags.error(Code::BadValue, file, r.find("scoring"),
                    "scoring must be 'sum' or 'mean', not " + quote(*v),
                    detail::hint_for(*v, {"sum", "mean"}));
      }
    }
    if (auto v = r.text("higher_is", false)) {
      if (*v == "better") {
        m.higher_is_better = true;
      } else if (*v != "worse") {
        diags.error(Code::BadValue, file, r.find("higher_is"),
                    "higher_is must be 'worse' or 'better', not " + quote(*v),
                    detail::hint_for(*v, {"worse", "better"}));
      }
    }
    read_measure_scale(r, m);
    read_measure_items(r, m);
    read_measure_subscales(r, m);
    read_measure_bands(r, m);
    read_measure_ask(r, m, course.measures.size());
    read_measure_safety(r, m);
    if (const YNode* rc = r.map("reliable_change", false)) {
      MapReader q(diags, file, *rc, "reliable_change");
      ReliableChange c;
      auto sd = q.number("sd", true, 0.001, 10000);
      auto rel = q.number("reliability", true, 0.0, 0.999);
      if (rel && *rel <= 0)
        diags.error(Code::BadValue, file, q.find("reliability"),
                    "reliable_change: reliability must be above 0");
      if (auto v = q.text("source", true)) c.source = *v;
      q.finish();
      if (sd && rel) {
        c.sd = *sd;
        c.reliability = *rel;
        m.reliable_change = c;
      }
    }
    r.finish();
    course.measures.push_back(std::move(m));
  }

  // course.yaml 'measures': each entry a measure written inline or the path of a file with one.
  void load_measures(const YNode& list) {
    for (const auto& mn : list.items) {
      if (mn->is_scalar()) {
        const YNode* node = load_yaml(mn->value, "course.yaml", mn.get());
        if (!node) continue;
        read_measure(*node, fs::path(mn->value).lexically_normal().generic_string());
      } else {
        read_measure(*mn, "course.yaml");
      }
    }
  }

  // ---- 5. Checks across files -----------------------------------------------------------

  // K027: a measure asked after a week the course does not have.
  void check_occasions() {
    if (module_failed) return;
    const int weeks = course.week_count();
    for (std::size_t i = 0; i < course.measures.size(); ++i) {
      const Measure& m = course.measures[i];
      for (std::size_t j = 0; j < m.ask.size(); ++j)
        if (m.ask[j].kind == MeasureOccasion::Kind::AfterWeek && m.ask[j].n > weeks)
          diags.error(Code::BadOccasion, m.file, occasion_nodes[i][j],
                      "measure " + quote(m.id) + " is asked after week " +
                          std::to_string(m.ask[j].n) + ", but the course has " +
                          std::to_string(weeks) + " weeks");
    }
  }

  void check_references() {
    std::vector<std::string> ids;
    for (const auto& [id, _] : course.practices) ids.push_back(id);
    for (const auto& ref : refs) {
      const Practice* p = course.practice(ref.id);
      if (!p && (broken_practices.count(ref.id) || practices_dir_failed)) continue;
      if (!p) {
        diags.error(Code::UnknownPractice, ref.file, ref.node,
                    "no practice with id " + quote(ref.id), detail::hint_for(ref.id, ids));
        continue;
      }
      if (ref.expect_kind && *ref.expect_kind != p->kind)
        diags.error(Code::BadValue, ref.file, ref.node,
                    "practice " + quote(ref.id) + " is " + to_string(p->kind) +
                        ", but the item is " + to_string(*ref.expect_kind));
    }
    // Fill in what items take from their practice.
    for (auto& m : course.modules)
      for (auto& item : m.items)
        if (const Practice* p = item.practice.empty() ? nullptr : course.practice(item.practice)) {
          if (item.title.empty()) item.title = p->title;
          item.minutes = p->minutes;
        }
  }

  void check_week_numbers() {
    if (module_failed) return;
    int expected = 1;
    std::map<int, std::string> seen;
    for (std::size_t i = 0; i < course.modules.size(); ++i) {
      const Module& m = course.modules[i];
      if (m.optional || m.number == 0) continue;
      const YNode* at = number_nodes.count(i) ? number_nodes[i] : nullptr;
      if (auto it = seen.find(m.number); it != seen.end()) {
        diags.error(Code::WeekNumbering, m.file, at,
                    "week " + std::to_string(m.number) + " is already " + it->second);
      } else if (m.number != expected) {
        diags.error(Code::WeekNumbering, m.file, at,
                    "week " + std::to_string(m.number) + " comes where week " +
                        std::to_string(expected) + " was expected",
                    "weeks are numbered 1, 2, 3 ... in the order course.yaml lists them");
      }
      seen.emplace(m.number, m.file);
      expected = std::max(expected, m.number) + 1;
    }
    int weeks = course.week_count();
    for (std::size_t i = 0; i < course.modules.size(); ++i) {
      const Module& m = course.modules[i];
      if (m.optional && m.after_week > weeks)
        diags.error(Code::BadValue, m.file, after_week_nodes[i],
                    "optional module " + quote(m.id) + " comes after week " +
                        std::to_string(m.after_week) + ", but the course has " +
                        std::to_string(weeks) + " weeks");
    }
  }

  // K022: a practice whose timeline (speech + pauses) is more than 10% away from its minutes.
  void check_timing() {
    for (const auto& [id, p] : course.practices) {
      auto at = minutes_nodes.find(id);
      if (p.script.empty() || p.minutes <= 0 || at == minutes_nodes.end()) continue;
      const Timeline t = make_timeline(course, p);
      const double stated = p.minutes * 60.0;
      if (std::abs(t.total_s - stated) <= 0.1 * stated) continue;
      char figures[160];
      std::snprintf(figures, sizeof figures,
                    "speech %.1f min + pauses %.1f min = %.1f min, stated %d", t.speech_s / 60,
                    t.pause_s / 60, t.total_s / 60, p.minutes);
      diags.warning(Code::ScriptLength, p.file, at->second,
                    "practice " + quote(id) + ": " + figures,
                    "adjust the pauses or the minutes to within 10%");
    }
  }

  // yaml-cpp counts columns in bytes; people count characters.
  void columns_to_characters() {
    for (auto& d : diags.list()) {
      auto t = texts.find(d.file);
      if (t == texts.end() || d.line <= 0 || d.col <= 1) continue;
      const std::string& text = t->second;
      std::size_t pos = 0;
      for (int l = 1; l < d.line && pos != std::string::npos; ++l) {
        pos = text.find('\n', pos);
        if (pos != std::string::npos) ++pos;
      }
      if (pos == std::string::npos) continue;
      // yaml-cpp's byte columns fall on character boundaries of valid UTF-8 text.
      const std::size_t end = std::min(text.size(), pos + static_cast<std::size_t>(d.col - 1));
      const auto chars = utf8::unchecked::distance(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                                   text.begin() + static_cast<std::ptrdiff_t>(end));
      d.col = static_cast<int>(chars) + 1;
    }
  }

  void check_unused_files() {
    std::error_code ec;
    std::size_t seen = 0;
    auto opts = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(root, opts, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (++seen > 20000) break;
      if (it.depth() > 16) {
        it.disable_recursion_pending();
        continue;
      }
      auto ext = it->path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      if (!it->is_regular_file(ec)) continue;
      std::string rel = fs::relative(it->path(), root, ec).generic_string();
      if (ec || used_files.count(rel)) continue;
      diags.add({Code::ExtraFile, Severity::Warning, rel, 1, 1,  // the whole file
                 "file " + quote(rel) + " is not used by the course",
                 "list it under 'modules' in course.yaml, or move it into the practices folder"});
    }
  }
};

}  // namespace

// ---- 6. Entry points ----------------------------------------------------------------------

bool LoadResult::has_errors() const {
  return error_count() > 0;
}

std::size_t LoadResult::error_count() const {
  return std::count_if(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::size_t LoadResult::warning_count() const {
  return diagnostics.size() - error_count();
}

LoadResult load_course(const fs::path& dir, const LoadLimits& limits) {
  LoadResult result;
  Loader loader;
  loader.limits = limits;
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    result.diagnostics.push_back(
        {Code::NotACourse,
         Severity::Error,
         dir.string(),
         0,
         0,
         "cannot open course folder " + dir.string() +
             (ec ? " (" + ec.message() + ")" : std::string(" (not a folder)")),
         {}});
    return result;
  }
  loader.root = root;
  loader.course.root = root;
  try {
    loader.load_course_file();
    if (!loader.diags.has_errors() || !loader.course.modules.empty()) {
      loader.check_references();
      loader.check_week_numbers();
      loader.check_occasions();
    }
    loader.check_timing();
    if (!loader.trees.empty()) loader.check_unused_files();
    loader.columns_to_characters();
    loader.course.characters.assign(loader.characters.begin(), loader.characters.end());
  } catch (const std::exception& e) {
    // Every expected problem is a diagnostic; this is the last line of defence.
    loader.diags.add({Code::NotACourse,
                      Severity::Error,
                      "course.yaml",
                      0,
                      0,
                      std::string("could not read the course: ") + e.what(),
                      {}});
  }
  result.diagnostics = std::move(loader.diags.list());
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
                   });
  if (!result.has_errors())
    result.course = std::make_shared<const Course>(std::move(loader.course));
  return result;
}

std::string source_line(const fs::path& root, const std::string& file, int line) {
  if (line <= 0 || file.empty()) return {};
  std::error_code ec;
  fs::path p = root / file;
  if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > (1u << 20)) return {};
  std::ifstream in(p, std::ios::binary);
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (n == line) {
      if (n == 1 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.size() > 200) text = text.substr(0, 200) + "...";
      return detail::valid_utf8(text) ? text : std::string();
    }
  }
  return {};
}

}  // namespace kindly
