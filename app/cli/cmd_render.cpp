// `kindly render PRACTICE --out FILE [--voice ID] [--rate N] [--no-bells]`: a practice as one
// sound file to take along (kindly/render.h: espeak-ng for the words, the step pauses as
// silence, the course's bells), WAV, FLAC or Ogg/Vorbis by the extension of FILE, written
// atomically (data_ops::save_file). Everything that can be refused is checked before the
// synthesis starts: the extension, the course, the practice, the folder of FILE.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli.h"
#include "kindly/data_ops.h"
#include "kindly/loader.h"
#include "kindly/recordings.h"
#include "kindly/render.h"
#include "kindly/store.h"
#include "progress_cli.h"

namespace kindly::cli {

namespace {

namespace fs = std::filesystem;

struct RenderArgs {
  std::string practice;
  std::string out;
  std::string voice;
  int rate = 0;
  bool no_bells = false;
};

// "12:05" (minutes:seconds), rounded to the second.
std::string clock_text(double seconds) {
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Per step: the user's recording, else the course's step audio, else "" (spoken).
std::vector<std::filesystem::path> step_recordings(const std::filesystem::path& data_dir,
                                                   const Practice& practice) {
  std::vector<std::filesystem::path> files;
  for (std::size_t k = 0; k < practice.script.size(); ++k) {
    auto own = find_recording(data_dir, practice.id, static_cast<int>(k) + 1);
    files.push_back(own ? *own : practice.script[k].audio);
  }
  return files;
}

int render_cmd(const Context& ctx, const RenderArgs& a) {
  const auto format = speech::format_for(a.out);
  if (!format) return usage(ctx, "--out must end in .wav, .flac or .ogg (got '" + a.out + "')");
  const std::string course_dir = resolve_course_dir(ctx.global);
  LoadResult loaded = load_course(course_dir);
  if (!loaded.course)
    return report(ctx, Error::refused(RefusalCode::CourseHasErrors,
                                      "the course at " + course_dir + " has " +
                                          std::to_string(loaded.error_count()) + " error(s)",
                                      "run `kindly validate " + course_dir + "` for details"));
  const Course& course = *loaded.course;
  const Practice* practice = course.practice(a.practice);
  if (!practice)
    return report(ctx, Error::refused(RefusalCode::NoSuchPractice,
                                      "there is no practice '" + a.practice + "' in this course",
                                      "the practices are listed by `kindly course`"));
  if (practice->script.empty())
    return report(ctx, Error::refused(RefusalCode::None, "the practice '" + a.practice +
                                                             "' has no spoken script to render"));
  const fs::path out(a.out);
  std::error_code ec;
  if (fs::is_directory(out, ec))
    return report(ctx, Error::refused(RefusalCode::IsAFolder,
                                      a.out + " is a folder; --out needs a file name"));
  const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec) || ::access(folder.c_str(), W_OK | X_OK) != 0) {
    Error e = Error::refused(RefusalCode::None, "cannot write " + a.out +
                                                    ": its folder does not exist or is not "
                                                    "writable");
    e.hint = "nothing was written; check that the folder of --out exists and is writable";
    return report(ctx, e);
  }

  speech::RenderOptions o;
  o.voice.voice = a.voice;
  o.voice.rate = a.rate;
  o.bells = !a.no_bells;
  // The user's own recording of a step (kindly/recordings.h), else the course's step audio,
  // in place of the synthetic voice.
  const fs::path data_dir = resolve_data_dir(ctx.global);
  auto files = step_recordings(data_dir, *practice);
  // Recordings sealed by the passphrase open with the data key: the store is opened (and asks
  // for the passphrase) only then.
  std::shared_ptr<const crypto::Key> key;
  if (std::any_of(files.begin(), files.end(),
                  [](const fs::path& f) { return !f.empty() && is_sealed_recording(f); })) {
    StoreOptions so;
    so.read_only = true;
    auto store = Store::open(data_dir, so);
    if (!store) return report(ctx, store.error());
    key = store.value()->data_key();
  }
  o.step_audio = speech::step_audio_from_files(std::move(files), std::move(key));
  auto rendered = speech::render_practice(course, *practice, o);
  if (!rendered) return report(ctx, rendered.error());
  auto bytes = speech::encode(rendered->pcm, *format);
  if (!bytes) return report(ctx, bytes.error());
  auto saved = data_ops::save_file(out, bytes.value());
  if (!saved) return report(ctx, saved.error());

  const double seconds = rendered->seconds();
  nlohmann::ordered_json j{{"practice", practice->id},
                           {"path", a.out},
                           {"format", speech::to_string(*format)},
                           {"bytes", bytes->size()},
                           {"seconds", seconds},
                           {"timeline_seconds", rendered->timeline.total_s},
                           {"step_starts", rendered->step_start_s},
                           {"bells", rendered->bell_s}};
  return ok(ctx, std::move(j),
            "Wrote " + practice->title + " (" + clock_text(seconds) + ", " +
                speech::to_string(*format) + ") to " + a.out + ".");
}

}  // namespace

void add_render_commands(CLI::App& app, Context& ctx, int* exit_code) {
  auto a = std::make_shared<RenderArgs>();
  auto* r = app.add_subcommand(
      "render", "Render a practice (spoken steps, pauses, bells) into a WAV, FLAC or Ogg file");
  r->add_option("PRACTICE", a->practice, "Practice id (see `kindly course`)")->required();
  r->add_option("--out", a->out, "The file to write: .wav, .flac or .ogg")
      ->required()
      ->type_name("FILE");
  r->add_option("--voice", a->voice, "espeak-ng voice (default: the course's language)")
      ->type_name("ID");
  r->add_option("--rate", a->rate, "Speaking rate, -100 (slowest) to 100 (fastest); 0 normal")
      ->check(CLI::Range(-100, 100))
      ->type_name("N");
  r->add_flag("--no-bells", a->no_bells, "Leave out the start, interval and end bells");
  r->callback([&ctx, exit_code, a] { *exit_code = render_cmd(ctx, *a); });
}

}  // namespace kindly::cli
