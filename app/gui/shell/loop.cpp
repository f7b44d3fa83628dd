// The desktop app's start-up and event-driven loop (see loop.h). Contents: signals · options
// · start-up timing · the atlas rebuilt for the user's characters · the loop (sleeping, window
// changes, one frame, closing) · run().
#include "shell/loop.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "app.h"
#include "font_texture.h"
#include "fonts.h"
#include "shell/instance.h"
#include "shell/screenshot.h"
#include "shell/window.h"
#include "theme.h"

namespace kindly::gui {
namespace {

using Clock = std::chrono::steady_clock;
using shell::window_events;

// ---- signals --------------------------------------------------------------------------------

volatile std::sig_atomic_t g_quit = 0;
// SIGUSR1 with KINDLY_SNAPSHOT=FILE.png set: write the live window to FILE.png (for checking a
// real session by eye, e.g. text typed with xdotool).
volatile std::sig_atomic_t g_snapshot = 0;
void on_usr1(int) {
  g_snapshot = 1;
}
// SIGTERM / SIGINT close the window the normal way (drafts and window placement are saved).
void on_signal(int) {
  g_quit = 1;
}

// ---- options --------------------------------------------------------------------------------

bool parse_size(const std::string& s, int* w, int* h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    *w = std::stoi(s.substr(0, x));
    *h = std::stoi(s.substr(x + 1));
  } catch (...) {
    return false;
  }
  return *w >= 320 && *h >= 240 && *w <= 8192 && *h <= 8192;
}

// kOk when the GUI's options make sense and there is a display; else the exit code, after
// saying why on `err`.
int check_options(const kindly::cli::Context& ctx, shell::WindowSpec* spec) {
  std::ostream& err = ctx.io.err;
  spec->screenshot = !ctx.gui.screenshot.empty();
  if (!parse_size(ctx.gui.size, &spec->width, &spec->height)) {
    err << "kindly: --size must look like 1280x800 (got '" << ctx.gui.size << "')\n";
    return kindly::cli::kUsage;
  }
  if (!ctx.gui.theme.empty() && !theme_from_name(ctx.gui.theme)) {
    err << "kindly: unknown theme '" << ctx.gui.theme << "' (light, dark, contrast)\n";
    return kindly::cli::kUsage;
  }
  if (!shell::has_display(ctx.global.env)) {
    err << shell::kNoDisplay;
    return kindly::cli::kRefused;
  }
  return kindly::cli::kOk;
}

// What stops the app once it is built: a course or data folder it cannot use, or (for a
// screenshot) a screen name the course has no screen for. Empty when none.
std::string startup_problem(const App& app, const kindly::cli::Context& ctx, bool screenshot) {
  if (!app.startup_problem().empty()) return app.startup_problem();
  if (screenshot && !ctx.gui.screen.empty() && app.model().course &&
      !parse_route(ctx.gui.screen, app.model().course)) {
    return "unknown screen '" + ctx.gui.screen +
           "' (welcome, home, week/N, reflection/ITEM, journal, settings, problems, "
           "practice/ID, progress, resources, checkin/ID, export)";
  }
  return {};
}

// ---- start-up timing (KINDLY_FRAME_TIMING) ----------------------------------------------------

struct StartupTimes {
  Clock::time_point start, glfw, app, fonts, window, joined, ready;
  bool fonts_cached = false;  // the atlas came from the cache
};

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// After the first frame: where start-up went. `launch` is KINDLY_FRAME_TIMING's value; when it
// holds the launch time (ns since the epoch, from `date +%s%N`), the time before run()
// (loading, linking) is counted too.
void print_startup_timing(std::ostream& err, const StartupTimes& t, Clock::time_point f0,
                          const FontTexture& font_texture, const std::string& launch) {
  glFinish();
  const auto now = Clock::now();
  const double launch_ns = std::strtod(launch.c_str(), nullptr);
  const double since_epoch_ns =
      std::chrono::duration<double, std::nano>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  err << "first frame: " << ms_between(t.start, now) << " ms after start";
  if (launch_ns > 1e15) err << ", " << (since_epoch_ns - launch_ns) / 1e6 << " ms after launch";
  err << " (font atlas " << ImGui::GetIO().Fonts->TexWidth << "x" << ImGui::GetIO().Fonts->TexHeight
      << (font_texture.one_channel() ? ", one channel" : ", RGBA") << ")\n";
  err << "start-up: display " << ms_between(t.start, t.glfw) << " ms, window "
      << ms_between(t.glfw, t.window) << " ms (meanwhile course and data "
      << ms_between(t.glfw, t.app) << " ms, fonts " << ms_between(t.app, t.fonts) << " ms"
      << (t.fonts_cached ? " from the cache" : "") << "), waited " << ms_between(t.window, t.joined)
      << " ms, OpenGL set-up " << ms_between(t.joined, t.ready) << " ms, first draw "
      << ms_between(f0, now) << " ms\n";
}

// ---- the atlas rebuilt for the user's characters --------------------------------------------
//
// When the user writes (or an entry shown holds) a character the atlas lacks (note_user_text),
// a new atlas is built on a worker thread while the app keeps drawing with the old one; once it
// is ready, between two frames, it takes the old one's place: only the texture upload is on the
// frame's path.
class AtlasRebuild {
 public:
  explicit AtlasRebuild(std::string cache_dir) : cache_dir_(std::move(cache_dir)) {}
  AtlasRebuild(const AtlasRebuild&) = delete;
  AtlasRebuild& operator=(const AtlasRebuild&) = delete;

  // Starts a build when characters were noted, or swaps in a finished one.
  void poll(App& app, FontTexture& texture, float scale, bool timing, std::ostream& err) {
    if (result_.valid()) {
      if (result_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
      const auto t0 = Clock::now();
      Fonts fonts = result_.get();
      texture.release();
      ImFontAtlas* old = ImGui::GetIO().Fonts;
      ImGui::GetIO().Fonts = building_.get();
      app.use_fonts(fonts, scale);
      texture.upload();
      shell::invalidate_frame();  // the same texture name, new glyphs in it
      old->Clear();
      live_ = std::move(building_);  // frees the old atlas when it was a rebuilt one
      window_events().frames_to_draw = 3;
      if (timing) {
        err << "font atlas rebuilt for new characters: " << ms_between(started_, t0)
            << " ms on the worker, " << ms_between(t0, Clock::now()) << " ms to swap in ("
            << live_->TexWidth << "x" << live_->TexHeight << ")\n";
      }
      return;
    }
    if (!user_characters_changed()) return;
    building_ = std::make_unique<ImFontAtlas>();
    started_ = Clock::now();
    FontPlan plan = app.font_plan(scale);
    plan.cache_dir = cache_dir_;
    result_ = std::async(std::launch::async, [plan = std::move(plan), a = building_.get()] {
      Fonts built = load_fonts(*a, plan);
      glfwPostEmptyEvent();  // wakes the loop to swap it in
      return built;
    });
  }
  // Waits for a build under way and drops it (before the atlas is rebuilt in place, and at
  // exit); a later rebuild includes its characters.
  void cancel() {
    if (result_.valid()) result_.wait();
    result_ = {};
    building_.reset();
  }
  ~AtlasRebuild() { cancel(); }

 private:
  std::string cache_dir_;
  std::unique_ptr<ImFontAtlas> building_, live_;
  std::future<Fonts> result_;
  Clock::time_point started_;
};

// Entries the journal shows are the user's writing too: their characters join the atlas. Looked
// at again only when the list changes (its count, ids, lengths or revisions).
void note_shown_entries(const Model& m, std::size_t* seen) {
  std::size_t mark = m.journal.size() * 7919 + m.search_hits.size();
  for (const JournalEntry& e : m.journal) {
    mark = mark * 31 + static_cast<std::size_t>(e.id) + e.text.size() * 131 +
           static_cast<std::size_t>(e.revisions);
  }
  for (const SearchHit& h : m.search_hits) mark = mark * 31 + h.entry.text.size();
  if (mark == *seen) return;
  *seen = mark;
  for (const JournalEntry& e : m.journal) note_user_text(e.text);
  for (const SearchHit& h : m.search_hits) note_user_text(h.snippet);
}

// ---- the loop -------------------------------------------------------------------------------

void rebuild_fonts(App& app, FontTexture& texture, float scale) {
  texture.release();
  app.setup_fonts_and_style(scale);
  texture.upload();
  shell::invalidate_frame();
}

enum class Woken { Draw, Sleep, Quit };

constexpr double kCaretBlinkSeconds = 10.0;

// Nothing to draw: sleep until input, or until the app needs a timed frame (autosave, a
// fading notice, a caret), waking at least once a second only to notice a signal. Every few
// minutes one frame re-reads the clock (a week may open at midnight).
Woken sleep_until_needed(const App& app, double last_draw) {
  shell::WindowEvents& ev = window_events();
  // wake_in() counts from the last frame drawn (its times are that frame's), so the wait is
  // measured from last_draw: a wait longer than one sleep's second still comes due.
  const double need = app.wake_in();
  const double left = need - (glfwGetTime() - last_draw);
  shell::wait_events(need < 0 ? 1.0 : std::clamp(left, 0.0, 1.0));
  if (g_quit) return Woken::Quit;
  if (g_snapshot) ev.frames_to_draw = 1;
  if (ev.frames_to_draw <= 0) {
    const double now = glfwGetTime();
    const bool due = need >= 0 && now - last_draw >= need - 0.01;
    if (!due && now - last_draw < 300.0) return Woken::Sleep;
    ev.frames_to_draw = 1;
  }
  return Woken::Draw;
}

// Before a frame: what the callbacks noticed (focus lost, a new content scale, Ctrl +/-/0)
// and fonts the app asked to rebuild.
void apply_window_changes(GLFWwindow* window, App& app, FontTexture& font_texture,
                          AtlasRebuild& rebuild, float* scale) {
  shell::WindowEvents& ev = window_events();
  if (ev.scale_changed || app.fonts_dirty()) rebuild.cancel();  // rebuilt in place below
  if (ev.focus_lost) {
    ev.focus_lost = false;
    app.flush();  // leaving the window saves what was typed
  }
  if (ev.scale_changed) {
    ev.scale_changed = false;
    *scale = shell::window_scale(window);
    rebuild_fonts(app, font_texture, *scale);
  }
  if (ev.font_delta != 0 || ev.font_reset) {
    const float px = ev.font_reset ? kDefaultFontPx : app.settings().font_px + ev.font_delta;
    ev.font_delta = 0;
    ev.font_reset = false;
    app.run(ui::SetFontPx{static_cast<int>(px)});
  }
  if (app.fonts_dirty()) {
    rebuild_fonts(app, font_texture, *scale);
    ev.frames_to_draw = 3;
  }
}

// Input still waiting (a burst typed just before closing) reaches the editor first; a few
// frames more let ImGui take in the characters it was last given.
void drain_input(GLFWwindow* window, App& app) {
  for (int n = 0; (n < 3 || shell::input_waiting()) && n < 2000; ++n) {
    shell::begin_frame();
    app.frame();
    ImGui::Render();
    shell::release_waiting_input(window);
  }
}

// A second launch on this data folder asked this window to come forward (shell/instance.h).
void bring_forward(GLFWwindow* window) {
  if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) glfwRestoreWindow(window);
  glfwShowWindow(window);
  glfwFocusWindow(window);
  glfwRequestWindowAttention(window);
}

// Another Kindly holds the data folder: it came forward (exit 0), or it did not answer. -1 when
// this launch goes on (it holds the folder, or the lock could not be made: the app then shows
// what is wrong with the folder).
int second_launch(const shell::Instance& in, const kindly::cli::Context& ctx) {
  using S = shell::Instance::State;
  if (in.state() == S::Forwarded) {
    ctx.io.out << shell::kBroughtForward;
    return kindly::cli::kOk;
  }
  if (in.state() == S::NotAnswered) {
    ctx.io.err << "kindly: Kindly is already open for this data folder ("
               << in.lock_file().parent_path().string() << "), but " << in.why()
               << "; switch to its window, or close it and try again\n";
    return kindly::cli::kRefused;
  }
  return -1;
}

// Runs until the window closes or a signal asks it to; then saves drafts and the window's
// place (App::shutdown).
void run_loop(GLFWwindow* window, App& app, FontTexture& font_texture, AtlasRebuild& rebuild,
              float scale, const StartupTimes& times, const Environment& env, std::ostream& err,
              shell::Instance* instance) {
  shell::WindowEvents& ev = window_events();
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  shell::set_frame_mode(shell::frame_mode_from(env.damage),
                        env.damage == "offscreen" || env.damage == "check-offscreen");
  if (!env.snapshot.empty()) std::signal(SIGUSR1, on_usr1);
  bool first = true;
  std::size_t shown_entries = 0;
  double last_draw = glfwGetTime();
  while (!g_quit) {
    // Closing mid-practice asks first (the player shows the question; App::confirm_close).
    if (app.close_requested()) break;
    if (glfwWindowShouldClose(window)) {
      if (app.confirm_close()) break;
      glfwSetWindowShouldClose(window, GLFW_FALSE);
      ev.frames_to_draw = std::max(ev.frames_to_draw, 3);
    }
    if (instance != nullptr && instance->raise_requested()) {
      bring_forward(window);
      instance->raised();
      ev.frames_to_draw = std::max(ev.frames_to_draw, 3);
    }
    rebuild.poll(app, font_texture, scale, env.frame_timing.has_value(), err);
    // KINDLY_BENCH_POLL_LOOP, for `make bench` only: behave like a plain ImGui poll loop (draw
    // every frame, never wait), to compare its idle cost with the event-driven loop's.
    if (env.bench_poll_loop) ev.frames_to_draw = std::max(ev.frames_to_draw, 1);
    if (ev.frames_to_draw <= 0) {
      const Woken woken = sleep_until_needed(app, last_draw);
      if (woken == Woken::Quit) break;
      if (woken == Woken::Sleep) continue;
    } else {
      glfwPollEvents();
    }
    apply_window_changes(window, app, font_texture, rebuild, &scale);
    // The caret stops blinking 10 s after the last key or click, as GTK's does
    // (gtk-cursor-blink-timeout): each blink is a whole frame, and a resting caret costs none.
    ImGui::GetIO().ConfigInputTextCursorBlink = glfwGetTime() - ev.last_typed < kCaretBlinkSeconds;
    const auto f0 = Clock::now();
    shell::begin_frame();
    app.frame();
    note_shown_entries(app.model(), &shown_entries);
    shell::render(window);
    if (g_snapshot && !env.snapshot.empty()) {
      g_snapshot = 0;
      std::string error;
      if (!shell::write_png(window, env.snapshot, &error)) err << "kindly: " << error << "\n";
    }
    shell::present(window);
    if (first && env.frame_timing) {
      print_startup_timing(err, times, f0, font_texture, *env.frame_timing);
    }
    // After the first frame, start-up's temporary memory (font files, the atlas's pixels, the
    // other thread's scratch) was freed into malloc's arenas; hand the free pages back.
    if (first) malloc_trim(0);
    first = false;
    last_draw = glfwGetTime();
    --ev.frames_to_draw;
    shell::release_waiting_input(window);
  }
  drain_input(window, app);
  if (shell::frame_mode_from(env.damage) == shell::FrameMode::Check) {
    const shell::DamageStats s = shell::damage_stats();
    err << "damage check: " << s.partial << " partial frames, " << s.differed
        << " differed from whole ones\n";
  }
  rebuild.cancel();
  shell::remember_window(window, app.settings());
  app.shutdown();
}

AppConfig app_config(const kindly::cli::Context& ctx, bool screenshot) {
  const Paths paths = kindly::cli::paths_of(ctx.global);
  AppConfig cfg;
  cfg.course_dir = paths.course_dir.string();
  cfg.data_dir = paths.data_dir.string();
  cfg.now = ctx.global.now;
  cfg.screen = ctx.gui.screen;
  cfg.fixed_screen = screenshot;
  cfg.theme = ctx.gui.theme;
  cfg.secret_given = ctx.global.passphrase_fd >= 0 || ctx.global.recovery_key_fd >= 0;
  cfg.settings = load_settings(settings_path(cfg.data_dir));  // also where the window was
  return cfg;
}

}  // namespace

// ---- run() ----------------------------------------------------------------------------------
//
// Start-up runs on two threads. This one opens the window and its OpenGL context (where Mesa
// loads and starts its compiler); the other loads the course, opens the data folder and builds
// the font atlas (fontconfig look-ups and rasterising every face), none of which needs a
// window. The window opens on the primary monitor unless its remembered place is elsewhere;
// its scale is checked again once it is open. Declaration order keeps the atlas alive longer
// than the ImGui context that uses it, and the App longer than the thread.
int run(const kindly::cli::Context& ctx) {
  StartupTimes t;
  t.start = Clock::now();
  std::ostream& err = ctx.io.err;
  shell::WindowSpec spec;
  if (const int code = check_options(ctx, &spec); code != kindly::cli::kOk) return code;
  const bool screenshot = spec.screenshot;
  // One Kindly per data folder (a screenshot is not an interactive Kindly: it takes no lock).
  std::optional<shell::Instance> instance;
  if (!screenshot) {
    instance.emplace(shell::Instance::claim(kindly::cli::paths_of(ctx.global).data_dir));
    if (const int code = second_launch(*instance, ctx); code >= 0) return code;
  }
  if (!shell::init_glfw()) {
    const std::string& why = shell::glfw_error();
    err << "kindly: could not open the display" << (why.empty() ? "" : ": ") << why
        << "; the command line still works: try 'kindly status' or 'kindly --help'\n";
    return kindly::cli::kRefused;
  }
  t.glfw = Clock::now();
  if (instance && instance->state() == shell::Instance::State::First) {
    instance->listen([] { glfwPostEmptyEvent(); });  // the loop wakes to come forward
  }

  const float scale_guess = screenshot ? 1.0f : shell::monitor_scale(glfwGetPrimaryMonitor());
  const AppConfig cfg = app_config(ctx, screenshot);
  // The built atlas is kept in the user's cache folder (fonts.h, "The atlas cache"); not for a
  // screenshot, which must show what a first start shows.
  const std::string cache_dir =
      screenshot ? std::string() : kindly::cli::paths_of(ctx.global).cache_dir.string();
  const auto plan_at = [&](const App& app, float scale) {
    FontPlan plan = app.font_plan(scale);
    plan.cache_dir = cache_dir;
    return plan;
  };
  ImFontAtlas atlas;
  std::unique_ptr<App> app_owner;
  std::future<Fonts> prepared = std::async(std::launch::async, [&] {
    app_owner = std::make_unique<App>(cfg);
    t.app = Clock::now();
    Fonts built = load_fonts(atlas, plan_at(*app_owner, scale_guess));
    t.fonts = Clock::now();
    t.fonts_cached = built.from_cache;
    return built;
  });

  GLFWwindow* window = shell::open_window(spec, *cfg.settings);
  if (!window) {
    const std::string& why = shell::glfw_error();
    err << "kindly: could not open a window with OpenGL 3" << (why.empty() ? "" : ": ") << why
        << "; the command line still works: try 'kindly --help'\n";
    glfwTerminate();
    return kindly::cli::kRefused;
  }
  t.window = Clock::now();

  Fonts fonts = prepared.get();
  App& app = *app_owner;
  t.joined = Clock::now();
  if (const std::string problem = startup_problem(app, ctx, screenshot); !problem.empty()) {
    err << "kindly: " << problem << "\n";
    glfwDestroyWindow(window);
    glfwTerminate();
    return kindly::cli::kUsage;
  }
  if (app.model().course) {
    glfwSetWindowTitle(window, ("Kindly \xE2\x80\x94 " + app.model().course->title).c_str());
  }

  shell::init_imgui(window, atlas);
  AtlasRebuild rebuild(
      cache_dir);  // may replace `atlas` as io.Fonts; lives until after shutdown_imgui
  FontTexture font_texture;
  font_texture.create_device_objects();  // shaders now, not lazily in the first frame
  const float scale = screenshot ? 1.0f : shell::window_scale(window);
  if (scale != scale_guess) fonts = load_fonts(atlas, plan_at(app, scale));
  app.use_fonts(fonts, scale);
  font_texture.upload();
  t.ready = Clock::now();

  int code = kindly::cli::kOk;
  if (screenshot) {
    code = shell::take_screenshot(window, app, ctx.gui.screenshot,
                                  ctx.global.env.frame_timing.has_value(), t.start, err);
  } else {
    run_loop(window, app, font_texture, rebuild, scale, t, ctx.global.env, err,
             instance ? &*instance : nullptr);
  }

  font_texture.release();
  shell::release_offscreen();
  shell::shutdown_imgui();
  glfwDestroyWindow(window);
  glfwTerminate();
  return code;
}

}  // namespace kindly::gui
