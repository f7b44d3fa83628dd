// The Recorder: a PulseAudio record stream read in short chunks on a thread of its own, each
// chunk measured (RMS, for the level meter) and appended to a 16-bit WAV through libsndfile.
//
// Both libraries are loaded with dlopen on first use (kindly/dynlib.h), like the Player's.
//
// Sections: the libraries · the take (thread) · the public API.
#include "kindly/recorder.h"

#if KINDLY_AUDIO_HAVE_SNDFILE
#include <sndfile.h>
#endif
#if KINDLY_AUDIO_HAVE_PULSE
#include <pulse/error.h>
#include <pulse/simple.h>
#endif
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "kindly/dynlib.h"

namespace kindly::audio {

namespace fs = std::filesystem;

const char* to_string(RecorderState s) {
  switch (s) {
    case RecorderState::Idle:
      return "idle";
    case RecorderState::Recording:
      return "recording";
    case RecorderState::Finished:
      return "finished";
    case RecorderState::Failed:
      return "failed";
  }
  return "?";
}

namespace {

// ---- the libraries --------------------------------------------------------------------------

#if KINDLY_AUDIO_HAVE_SNDFILE
struct SndWriter {
  dynlib::Library lib{"libsndfile.so.1"};
  decltype(&sf_open) open = nullptr;
  decltype(&sf_open_fd) open_fd = nullptr;
  decltype(&sf_writef_short) writef_short = nullptr;
  decltype(&sf_close) close = nullptr;
  decltype(&sf_strerror) strerror = nullptr;
  SndWriter() {
    KINDLY_DYNLIB_BIND(lib, open, sf_open);
    KINDLY_DYNLIB_BIND(lib, open_fd, sf_open_fd);
    KINDLY_DYNLIB_BIND(lib, writef_short, sf_writef_short);
    KINDLY_DYNLIB_BIND(lib, close, sf_close);
    KINDLY_DYNLIB_BIND(lib, strerror, sf_strerror);
  }
};
const SndWriter& snd() {
  static const SndWriter api;
  return api;
}
#endif

#if KINDLY_AUDIO_HAVE_PULSE
struct PulseRecord {
  dynlib::Library lib{"libpulse-simple.so.0"};
  decltype(&pa_simple_new) simple_new = nullptr;
  decltype(&pa_simple_read) simple_read = nullptr;
  decltype(&pa_simple_free) simple_free = nullptr;
  decltype(&pa_strerror) strerror = nullptr;
  PulseRecord() {
    KINDLY_DYNLIB_BIND(lib, simple_new, pa_simple_new);
    KINDLY_DYNLIB_BIND(lib, simple_read, pa_simple_read);
    KINDLY_DYNLIB_BIND(lib, simple_free, pa_simple_free);
    KINDLY_DYNLIB_BIND(lib, strerror, pa_strerror);
  }
};
const PulseRecord& pulse() {
  static const PulseRecord api;
  return api;
}

// A record stream on the default source, or nullptr with `why` set.
pa_simple* open_stream(const RecorderOptions& o, std::string& why) {
  const PulseRecord& pa = pulse();
  if (!pa.lib.ok()) {
    why = pa.lib.error();
    return nullptr;
  }
  pa_sample_spec ss{};
  ss.format = PA_SAMPLE_S16LE;
  ss.rate = static_cast<std::uint32_t>(o.sample_rate);
  ss.channels = 1;
  pa_buffer_attr attr{};
  attr.maxlength = static_cast<std::uint32_t>(-1);
  attr.tlength = attr.prebuf = attr.minreq = static_cast<std::uint32_t>(-1);
  attr.fragsize = static_cast<std::uint32_t>(o.sample_rate * 2 * o.chunk.count() / 1000);
  int err = 0;
  pa_simple* s = pa.simple_new(nullptr, o.app_name.c_str(), PA_STREAM_RECORD, nullptr,
                               "Your own voice", &ss, nullptr, &attr, &err);
  if (!s) why = std::string("no sound input: ") + pa.strerror(err);
  return s;
}
#endif

}  // namespace

// ---- the take (thread) ----------------------------------------------------------------------

struct Recorder::Impl {
  RecorderOptions options;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  RecorderState state = RecorderState::Idle;
  std::string error;
  std::atomic<bool> stop_asked{false};
  std::atomic<double> level{0.0};
  std::atomic<long long> frames{0};
  std::atomic<bool> hit_max{false};
  std::thread thread;
  int memory_fd = -1;  // start_in_memory(): our own descriptor of the take's memfd

  void close_memory() {
    if (memory_fd >= 0) ::close(memory_fd);
    memory_fd = -1;
  }

  void finish(RecorderState s, std::string why = {}) {
    std::lock_guard<std::mutex> lock(mu);
    state = s;
    if (!why.empty()) error = std::move(why);
    cv.notify_all();
  }

  // The whole take; `fd` is the open WAV file (owned from here on).
  void run(int fd, fs::path path) {
#if KINDLY_AUDIO_HAVE_PULSE && KINDLY_AUDIO_HAVE_SNDFILE
    auto fail = [&](std::string why) {
      ::unlink(path.c_str());
      finish(RecorderState::Failed, std::move(why));
    };
    const SndWriter& sf = snd();
    if (!sf.lib.ok()) {
      ::close(fd);
      return fail(sf.lib.error());
    }
    std::string why;
    pa_simple* stream = open_stream(options, why);
    if (!stream) {
      ::close(fd);
      return fail(why);
    }
    SF_INFO info{};
    info.samplerate = options.sample_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* out = sf.open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!out) {
      pulse().simple_free(stream);
      ::close(fd);
      return fail(std::string("cannot write the recording: ") + sf.strerror(nullptr));
    }
    const std::size_t chunk =
        static_cast<std::size_t>(options.sample_rate * options.chunk.count() / 1000);
    const long long max_frames =
        static_cast<long long>(options.sample_rate) * options.max_length.count();
    std::vector<std::int16_t> buf(std::max<std::size_t>(chunk, 1));
    std::string problem;
    while (!stop_asked.load()) {
      int err = 0;
      if (pulse().simple_read(stream, buf.data(), buf.size() * 2, &err) < 0) {
        problem = std::string("the sound input stopped: ") + pulse().strerror(err);
        break;
      }
      double sum = 0;
      for (std::int16_t v : buf) sum += double(v) * double(v);
      level.store(std::sqrt(sum / double(buf.size())) / 32768.0);
      const long long left = max_frames - frames.load();
      const sf_count_t n = static_cast<sf_count_t>(std::min<long long>(left, buf.size()));
      if (sf.writef_short(out, buf.data(), n) != n) {
        problem = std::string("cannot write the recording: ") + sf.strerror(out);
        break;
      }
      frames += n;
      if (frames.load() >= max_frames) {
        hit_max = true;
        break;
      }
    }
    pulse().simple_free(stream);
    const int closed = sf.close(out);  // writes the header's sizes; closes fd
    level.store(0.0);
    if (problem.empty() && closed != 0) problem = "cannot finish the recording file";
    if (!problem.empty()) return fail(problem);
    finish(RecorderState::Finished);
#else
    ::close(fd);
    ::unlink(path.c_str());
    finish(RecorderState::Failed, "this Kindly was built without sound input");
#endif
  }
};

// ---- the public API -------------------------------------------------------------------------

std::optional<double> audio_file_seconds(const fs::path& path) {
#if KINDLY_AUDIO_HAVE_SNDFILE
  const SndWriter& sf = snd();
  if (!sf.lib.ok()) return std::nullopt;
  SF_INFO info{};
  SNDFILE* f = sf.open(path.c_str(), SFM_READ, &info);
  if (!f) return std::nullopt;
  sf.close(f);
  if (info.samplerate <= 0) return std::nullopt;
  return double(info.frames) / double(info.samplerate);
#else
  (void)path;
  return std::nullopt;
#endif
}

Recorder::Recorder(RecorderOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

Recorder::~Recorder() {
  stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->close_memory();
}

std::string Recorder::probe(const RecorderOptions& options) {
#if KINDLY_AUDIO_HAVE_PULSE && KINDLY_AUDIO_HAVE_SNDFILE
  if (!snd().lib.ok()) return snd().lib.error();
  std::string why;
  pa_simple* s = open_stream(options, why);
  if (!s) return why;
  pulse().simple_free(s);
  return {};
#else
  (void)options;
  return "this Kindly was built without sound input";
#endif
}

bool Recorder::start(const fs::path& wav) {
  if (!ready_to_start()) return false;
  const int fd = ::open(wav.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    return cannot_start("cannot create " + wav.string() + ": " + std::strerror(err));
  }
  begin(fd, wav);
  return true;
}

bool Recorder::start_in_memory() {
  if (!ready_to_start()) return false;
  const int fd = ::memfd_create("kindly-take", MFD_CLOEXEC);
  const int keep = fd >= 0 ? ::dup(fd) : -1;  // the thread's copy is closed by libsndfile
  if (keep < 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    return cannot_start(std::string("cannot hold the take in memory: ") + std::strerror(err));
  }
  impl_->memory_fd = keep;
  begin(fd, {});
  return true;
}

std::optional<std::string> Recorder::take_bytes() const {
  if (state() != RecorderState::Finished || impl_->memory_fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(impl_->memory_fd, &st) != 0) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t at = 0;
  while (at < bytes.size()) {
    const ssize_t n =
        ::pread(impl_->memory_fd, bytes.data() + at, bytes.size() - at, static_cast<off_t>(at));
    if (n <= 0) return std::nullopt;
    at += static_cast<std::size_t>(n);
  }
  return bytes;
}

bool Recorder::ready_to_start() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->state == RecorderState::Recording) {
      impl_->error = "a recording is already running";
      return false;
    }
  }
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->close_memory();
  return true;
}

bool Recorder::cannot_start(std::string why) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->state = RecorderState::Failed;
  impl_->error = std::move(why);
  return false;
}

void Recorder::begin(int fd, const fs::path& wav) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->state = RecorderState::Recording;
    impl_->error.clear();
  }
  impl_->stop_asked = false;
  impl_->frames = 0;
  impl_->hit_max = false;
  impl_->level = 0.0;
  impl_->thread = std::thread([this, fd, wav] { impl_->run(fd, wav); });
}

void Recorder::stop() {
  impl_->stop_asked = true;
}

bool Recorder::wait_done(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout,
                            [&] { return impl_->state != RecorderState::Recording; });
}

RecorderState Recorder::state() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->state;
}

std::string Recorder::last_error() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->error;
}

double Recorder::level() const {
  return impl_->level.load();
}

double Recorder::seconds() const {
  return double(impl_->frames.load()) / double(std::max(1, impl_->options.sample_rate));
}

bool Recorder::hit_max_length() const {
  return impl_->hit_max.load();
}

}  // namespace kindly::audio
