// render_practice (steps, pauses and bells into one Pcm) and encode (libsndfile into memory,
// through its virtual I/O, so the caller writes the bytes atomically with data_ops::save_file).
//
// Sections: the library · rendering · encoding.
#include "kindly/render.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "kindly/bell.h"
#include "kindly/dynlib.h"
#include "kindly/recordings.h"

#if KINDLY_SPEECH_HAVE_SNDFILE
#include <sndfile.h>
#endif

namespace kindly::speech {

namespace {

// ---- the library ----------------------------------------------------------------------------

#if KINDLY_SPEECH_HAVE_SNDFILE
struct Sndfile {
  dynlib::Library lib{"libsndfile.so.1"};
  decltype(&sf_open_virtual) open_virtual = nullptr;
  decltype(&sf_writef_short) writef_short = nullptr;
  decltype(&sf_close) close = nullptr;
  decltype(&sf_strerror) strerror = nullptr;
  decltype(&sf_format_check) format_check = nullptr;
  decltype(&sf_open) open = nullptr;
  decltype(&sf_readf_float) readf_float = nullptr;
  Sndfile() {
    KINDLY_DYNLIB_BIND(lib, open, sf_open);
    KINDLY_DYNLIB_BIND(lib, readf_float, sf_readf_float);
    KINDLY_DYNLIB_BIND(lib, open_virtual, sf_open_virtual);
    KINDLY_DYNLIB_BIND(lib, writef_short, sf_writef_short);
    KINDLY_DYNLIB_BIND(lib, close, sf_close);
    KINDLY_DYNLIB_BIND(lib, strerror, sf_strerror);
    KINDLY_DYNLIB_BIND(lib, format_check, sf_format_check);
  }
};
const Sndfile& sndfile() {
  static const Sndfile api;
  return api;
}
#endif

// ---- rendering ------------------------------------------------------------------------------

// `in` at rate `from` as `to` Hz (linear interpolation: recordings only, speech is made at
// the output rate).
std::vector<std::int16_t> resample(const std::vector<std::int16_t>& in, int from, int to) {
  if (from == to || in.empty() || from <= 0) return in;
  const auto n = static_cast<std::size_t>(std::llround(double(in.size()) * to / from));
  std::vector<std::int16_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = double(i) * from / to;
    const auto j = static_cast<std::size_t>(x);
    const double f = x - double(j);
    const double a = in[std::min(j, in.size() - 1)], b = in[std::min(j + 1, in.size() - 1)];
    out[i] = static_cast<std::int16_t>(std::lround(a + (b - a) * f));
  }
  return out;
}

std::size_t at_sample(double seconds, int rate) {
  return static_cast<std::size_t>(std::llround(std::max(0.0, seconds) * rate));
}

}  // namespace

// The sounds of the steps first (they fix the timeline), then the mix: speech copied in at
// each step's start, bells added on top and clipped.
Result<Rendered> render_practice(const Course& course, const Practice& practice,
                                 const RenderOptions& options) {
  if (practice.script.empty())
    return Error::refused(RefusalCode::None,
                          "the practice '" + practice.id + "' has no script to speak");
  std::unique_ptr<Synthesizer> own;
  Synthesizer* synth = options.synthesizer;
  VoiceOptions voice = options.voice;
  if (voice.language.empty()) voice.language = course.language.empty() ? "en" : course.language;
  // The course's speaking rate, so the file keeps the timing the course was written for.
  if (voice.words_per_minute <= 0) voice.words_per_minute = course.speech.words_per_minute;

  std::vector<Pcm> sounds(practice.script.size());
  int rate = 0;
  for (std::size_t i = 0; i < practice.script.size(); ++i) {
    std::optional<Pcm> recorded = options.step_audio ? options.step_audio(i) : std::nullopt;
    if (recorded) {
      sounds[i] = std::move(*recorded);
      continue;
    }
    if (!synth) {
      std::string why;
      own = Synthesizer::open(&why);
      if (!own) return Error::refused(RefusalCode::None, "cannot synthesize speech: " + why);
      synth = own.get();
    }
    std::string why;
    auto pcm = synth->synthesize(practice.script[i].text, voice, &why);
    if (!pcm)
      return Error::refused(RefusalCode::None, "step " + std::to_string(i + 1) + " of '" +
                                                   practice.id + "' could not be spoken: " + why);
    if (rate == 0) rate = pcm->sample_rate;
    sounds[i] = std::move(*pcm);
  }
  if (rate == 0) rate = sounds.front().sample_rate > 0 ? sounds.front().sample_rate : 22050;
  for (auto& s : sounds) {
    s.samples = resample(s.samples, s.sample_rate, rate);
    s.sample_rate = rate;
  }

  Rendered r;
  r.timeline = make_timeline(course, practice, [&](std::size_t i) -> std::optional<double> {
    return i < sounds.size() ? std::optional<double>(sounds[i].seconds()) : std::nullopt;
  });
  const bool end_bell = options.bells && practice.bells.end;
  const double length = r.timeline.total_s + (end_bell ? options.bell_seconds : 0.0);
  std::vector<float> mix(at_sample(length, rate), 0.0f);
  for (std::size_t i = 0; i < sounds.size(); ++i) {
    const double start = r.timeline.steps[i].start_s;
    r.step_start_s.push_back(start);
    const std::size_t at = at_sample(start, rate);
    for (std::size_t k = 0; k < sounds[i].samples.size() && at + k < mix.size(); ++k)
      mix[at + k] += static_cast<float>(sounds[i].samples[k]) / 32768.0f;
  }

  if (options.bells) {
    if (practice.bells.start) r.bell_s.push_back(0.0);
    if (practice.bells.interval_minutes > 0) {
      const double every = practice.bells.interval_minutes * 60.0;
      for (double t = every; t < r.timeline.total_s - 0.5; t += every) r.bell_s.push_back(t);
    }
    if (end_bell) r.bell_s.push_back(r.timeline.total_s);
    BellParams b;
    b.sample_rate = rate;
    b.seconds = options.bell_seconds;
    b.level = std::clamp(options.bell_volume, 0.0, 1.0);
    const std::vector<float> bell = render_bell(b);
    for (double t : r.bell_s) {
      const std::size_t at = at_sample(t, rate);
      for (std::size_t k = 0; k < bell.size() && at + k < mix.size(); ++k) mix[at + k] += bell[k];
    }
  }
  r.pcm.sample_rate = rate;
  r.pcm.samples = to_pcm16(mix);
  return r;
}

// ---- encoding -------------------------------------------------------------------------------

const char* to_string(FileFormat f) {
  switch (f) {
    case FileFormat::Wav:
      return "WAV";
    case FileFormat::Flac:
      return "FLAC";
    case FileFormat::Ogg:
      return "Ogg/Vorbis";
  }
  return "?";
}

std::optional<FileFormat> format_for(const std::string& path) {
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "wav") return FileFormat::Wav;
  if (ext == "flac") return FileFormat::Flac;
  if (ext == "ogg" || ext == "oga") return FileFormat::Ogg;
  return std::nullopt;
}

#if KINDLY_SPEECH_HAVE_SNDFILE
namespace {

// A growable file in memory for libsndfile's virtual I/O (FLAC seeks back to its header).
struct MemoryFile {
  std::string bytes;
  sf_count_t pos = 0;

  static MemoryFile& of(void* p) { return *static_cast<MemoryFile*>(p); }
  static sf_count_t length(void* p) { return static_cast<sf_count_t>(of(p).bytes.size()); }
  static sf_count_t seek(sf_count_t offset, int whence, void* p) {
    MemoryFile& f = of(p);
    const sf_count_t base = whence == SEEK_CUR   ? f.pos
                            : whence == SEEK_END ? static_cast<sf_count_t>(f.bytes.size())
                                                 : 0;
    f.pos = std::max<sf_count_t>(0, base + offset);
    return f.pos;
  }
  static sf_count_t read(void* out, sf_count_t count, void* p) {
    MemoryFile& f = of(p);
    const auto size = static_cast<sf_count_t>(f.bytes.size());
    const sf_count_t n = std::clamp<sf_count_t>(size - f.pos, 0, count);
    if (n > 0) std::memcpy(out, f.bytes.data() + f.pos, static_cast<std::size_t>(n));
    f.pos += n;
    return n;
  }
  static sf_count_t write(const void* in, sf_count_t count, void* p) {
    MemoryFile& f = of(p);
    const auto end = static_cast<std::size_t>(f.pos + count);
    if (f.bytes.size() < end) f.bytes.resize(end);
    std::memcpy(f.bytes.data() + f.pos, in, static_cast<std::size_t>(count));
    f.pos += count;
    return count;
  }
  static sf_count_t tell(void* p) { return of(p).pos; }
};

}  // namespace
#endif

Result<std::string> encode(const Pcm& pcm, FileFormat format) {
#if KINDLY_SPEECH_HAVE_SNDFILE
  const Sndfile& sf = sndfile();
  if (!sf.lib.ok())
    return Error::refused(RefusalCode::None, "cannot write audio: " + sf.lib.error());
  SF_INFO info{};
  info.samplerate = pcm.sample_rate;
  info.channels = 1;
  switch (format) {
    case FileFormat::Wav:
      info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
      break;
    case FileFormat::Flac:
      info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
      break;
    case FileFormat::Ogg:
      info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
      break;
  }
  if (!sf.format_check(&info))
    return Error::refused(RefusalCode::None,
                          std::string("this libsndfile cannot write ") + to_string(format));
  MemoryFile file;
  SF_VIRTUAL_IO io{MemoryFile::length, MemoryFile::seek, MemoryFile::read, MemoryFile::write,
                   MemoryFile::tell};
  SNDFILE* out = sf.open_virtual(&io, SFM_WRITE, &info, &file);
  if (!out)
    return Error::refused(RefusalCode::None, std::string("cannot encode ") + to_string(format) +
                                                 ": " + sf.strerror(nullptr));
  // In blocks, so the Vorbis encoder never sees one huge buffer.
  const std::size_t block = 1 << 16;
  for (std::size_t at = 0; at < pcm.samples.size(); at += block) {
    const auto n = static_cast<sf_count_t>(std::min(block, pcm.samples.size() - at));
    if (sf.writef_short(out, pcm.samples.data() + at, n) != n) {
      const std::string why = sf.strerror(out);
      sf.close(out);
      return Error::refused(RefusalCode::None,
                            std::string("cannot encode ") + to_string(format) + ": " + why);
    }
  }
  if (sf.close(out) != 0)
    return Error::refused(RefusalCode::None,
                          std::string("cannot finish the ") + to_string(format) + " file");
  return std::move(file.bytes);
#else
  (void)pcm;
  return Error::refused(
      RefusalCode::None,
      std::string("this Kindly was built without libsndfile, so it cannot write ") +
          to_string(format));
#endif
}

}  // namespace kindly::speech

namespace kindly::speech {

// A recording (the user's own, or a course's step audio) as mono 16-bit PCM at its own rate:
// channels are averaged. nullopt with *error set when it cannot be read.
std::optional<Pcm> decode_file(const std::filesystem::path& path, std::string* error,
                               const crypto::Key* key) {
#if KINDLY_SPEECH_HAVE_SNDFILE
  const Sndfile& sf = sndfile();
  if (!sf.lib.ok()) {
    if (error) *error = sf.lib.error();
    return std::nullopt;
  }
  SF_INFO info{};
  MemoryFile memory;  // a sealed recording, opened
  SF_VIRTUAL_IO io{MemoryFile::length, MemoryFile::seek, MemoryFile::read, MemoryFile::write,
                   MemoryFile::tell};
  SNDFILE* in = nullptr;
  if (is_sealed_recording(path)) {
    auto bytes = read_recording(path, key);
    if (!bytes) {
      if (error) *error = bytes.error().message;
      return std::nullopt;
    }
    memory.bytes = std::move(bytes.value());
    in = sf.open_virtual(&io, SFM_READ, &info, &memory);
  } else {
    in = sf.open(path.c_str(), SFM_READ, &info);
  }
  if (in == nullptr || info.channels < 1 || info.samplerate <= 0) {
    if (error) *error = path.string() + " cannot be read as sound";
    if (in != nullptr) sf.close(in);
    return std::nullopt;
  }
  Pcm pcm;
  pcm.sample_rate = info.samplerate;
  std::vector<float> block(4096 * static_cast<std::size_t>(info.channels));
  for (;;) {
    const sf_count_t n = sf.readf_float(in, block.data(), 4096);
    if (n <= 0) break;
    for (sf_count_t f = 0; f < n; ++f) {
      float sum = 0;
      for (int c = 0; c < info.channels; ++c) {
        sum += block[static_cast<std::size_t>(f * info.channels + c)];
      }
      const float v = std::clamp(sum / static_cast<float>(info.channels), -1.0f, 1.0f);
      pcm.samples.push_back(static_cast<std::int16_t>(std::lround(v * 32767.0f)));
    }
  }
  sf.close(in);
  return pcm;
#else
  (void)key;
  if (error)
    *error = "this Kindly was built without libsndfile, so it cannot read " + path.string();
  return std::nullopt;
#endif
}

StepAudio step_audio_from_files(std::vector<std::filesystem::path> files,
                                std::shared_ptr<const crypto::Key> key) {
  return [files = std::move(files), key = std::move(key)](std::size_t step) -> std::optional<Pcm> {
    if (step >= files.size() || files[step].empty()) return std::nullopt;
    // Unreadable: the step is spoken instead.
    return decode_file(files[step], nullptr, key.get());
  };
}

}  // namespace kindly::speech
