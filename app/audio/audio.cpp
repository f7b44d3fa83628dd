// The audio thread: one sound at a time, written to a PulseAudio simple stream in short
// chunks so that stop(), volume changes and shutdown take effect within a chunk.
//
// libpulse-simple and libsndfile are not linked: they (and the many libraries they depend
// on) are loaded with dlopen the first time a sound plays or a file is opened, so a start of
// Kindly that plays nothing never maps them. Their headers still give every type and
// signature (kindly/dynlib.h).
//
// Sections: the libraries · sounds · the PulseAudio stream · the thread · the public API.
#include "kindly/audio.h"

#if KINDLY_AUDIO_HAVE_SNDFILE
#include <sndfile.h>
#endif
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kindly/bell.h"
#include "kindly/dynlib.h"
#include "kindly/recordings.h"

#if KINDLY_AUDIO_HAVE_PULSE
#include <pulse/error.h>
#include <pulse/simple.h>
#endif

namespace kindly::audio {

const char* to_string(Status s) {
  switch (s) {
    case Status::Unknown:
      return "unknown";
    case Status::Ready:
      return "ready";
    case Status::Unavailable:
      return "unavailable";
  }
  return "?";
}

namespace {

// ---- the libraries ------------------------------------------------------------------------
// Each is loaded once (a function-local static), on first use, and never unloaded.

#if KINDLY_AUDIO_HAVE_SNDFILE
struct Sndfile {
  dynlib::Library lib{"libsndfile.so.1"};
  decltype(&sf_open) open = nullptr;
  decltype(&sf_open_virtual) open_virtual = nullptr;
  decltype(&sf_readf_float) readf_float = nullptr;
  decltype(&sf_close) close = nullptr;
  decltype(&sf_strerror) strerror = nullptr;
  Sndfile() {
    KINDLY_DYNLIB_BIND(lib, open, sf_open);
    KINDLY_DYNLIB_BIND(lib, open_virtual, sf_open_virtual);
    KINDLY_DYNLIB_BIND(lib, readf_float, sf_readf_float);
    KINDLY_DYNLIB_BIND(lib, close, sf_close);
    KINDLY_DYNLIB_BIND(lib, strerror, sf_strerror);
  }
};
const Sndfile& sndfile() {
  static const Sndfile api;
  return api;
}
#endif

#if KINDLY_AUDIO_HAVE_PULSE
// libpulse-simple; pa_strerror and the sample-spec helpers come from libpulse, its dependency.
struct Pulse {
  dynlib::Library lib{"libpulse-simple.so.0"};
  decltype(&pa_simple_new) simple_new = nullptr;
  decltype(&pa_simple_write) simple_write = nullptr;
  decltype(&pa_simple_drain) simple_drain = nullptr;
  decltype(&pa_simple_flush) simple_flush = nullptr;
  decltype(&pa_simple_free) simple_free = nullptr;
  decltype(&pa_strerror) strerror = nullptr;
  decltype(&pa_sample_spec_valid) sample_spec_valid = nullptr;
  decltype(&pa_usec_to_bytes) usec_to_bytes = nullptr;
  Pulse() {
    KINDLY_DYNLIB_BIND(lib, simple_new, pa_simple_new);
    KINDLY_DYNLIB_BIND(lib, simple_write, pa_simple_write);
    KINDLY_DYNLIB_BIND(lib, simple_drain, pa_simple_drain);
    KINDLY_DYNLIB_BIND(lib, simple_flush, pa_simple_flush);
    KINDLY_DYNLIB_BIND(lib, simple_free, pa_simple_free);
    KINDLY_DYNLIB_BIND(lib, strerror, pa_strerror);
    KINDLY_DYNLIB_BIND(lib, sample_spec_valid, pa_sample_spec_valid);
    KINDLY_DYNLIB_BIND(lib, usec_to_bytes, pa_usec_to_bytes);
  }
};
const Pulse& pulse() {
  static const Pulse api;
  return api;
}
#endif

// ---- sounds -------------------------------------------------------------------------------

// A source of interleaved float frames.
struct Sound {
  virtual ~Sound() = default;
  virtual int rate() const = 0;
  virtual int channels() const = 0;
  virtual double gain() const { return 1.0; }
  // Fills up to `frames` frames; returns how many (0 at the end).
  virtual std::size_t read(float* out, std::size_t frames) = 0;
  virtual double duration() const = 0;
};

struct PcmSound final : Sound {
  std::shared_ptr<const std::vector<float>> pcm;
  int sample_rate = 48000;
  double volume = 1.0;
  std::size_t at = 0;
  int rate() const override { return sample_rate; }
  int channels() const override { return 1; }
  double gain() const override { return volume; }
  std::size_t read(float* out, std::size_t frames) override {
    const std::size_t n = std::min(frames, pcm->size() - at);
    std::copy_n(pcm->data() + at, n, out);
    at += n;
    return n;
  }
  double duration() const override {
    return static_cast<double>(pcm->size()) / std::max(1, sample_rate);
  }
};

// Mono 16-bit PCM handed over by the caller (speech); `finished` reports how it ended.
struct Pcm16Sound final : Sound {
  std::vector<std::int16_t> pcm;
  int sample_rate = 22050;
  std::size_t at = 0;
  std::function<void(bool)> finished;
  int rate() const override { return sample_rate; }
  int channels() const override { return 1; }
  std::size_t read(float* out, std::size_t frames) override {
    const std::size_t n = std::min(frames, pcm.size() - at);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(pcm[at + i]) / 32768.0f;
    at += n;
    return n;
  }
  double duration() const override {
    return static_cast<double>(pcm.size()) / std::max(1, sample_rate);
  }
};

#if KINDLY_AUDIO_HAVE_SNDFILE
// Audio bytes held in memory, read by libsndfile through its virtual I/O (a sealed recording,
// opened: it never reaches a file).
struct MemoryReader {
  std::string bytes;
  sf_count_t pos = 0;
  static MemoryReader& of(void* p) { return *static_cast<MemoryReader*>(p); }
  static sf_count_t length(void* p) { return static_cast<sf_count_t>(of(p).bytes.size()); }
  static sf_count_t seek(sf_count_t offset, int whence, void* p) {
    MemoryReader& f = of(p);
    const sf_count_t size = length(p);
    const sf_count_t base = whence == SEEK_CUR ? f.pos : whence == SEEK_END ? size : 0;
    f.pos = std::clamp<sf_count_t>(base + offset, 0, size);
    return f.pos;
  }
  static sf_count_t read(void* out, sf_count_t count, void* p) {
    MemoryReader& f = of(p);
    const sf_count_t n = std::clamp<sf_count_t>(length(p) - f.pos, 0, count);
    if (n > 0) std::memcpy(out, f.bytes.data() + f.pos, static_cast<std::size_t>(n));
    f.pos += n;
    return n;
  }
  static sf_count_t write(const void*, sf_count_t, void*) { return 0; }
  static sf_count_t tell(void* p) { return of(p).pos; }
};

struct FileSound final : Sound {
  std::unique_ptr<MemoryReader> memory;  // set for a sealed recording; read by `file`
  SF_VIRTUAL_IO io{MemoryReader::length, MemoryReader::seek, MemoryReader::read,
                   MemoryReader::write, MemoryReader::tell};
  SNDFILE* file = nullptr;
  SF_INFO info{};
  ~FileSound() override {
    if (file) sndfile().close(file);
  }
  int rate() const override { return info.samplerate; }
  int channels() const override { return info.channels; }
  std::size_t read(float* out, std::size_t frames) override {
    const sf_count_t n = sndfile().readf_float(file, out, static_cast<sf_count_t>(frames));
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  double duration() const override {
    return info.samplerate > 0 ? static_cast<double>(info.frames) / info.samplerate : 0.0;
  }
};
#endif

// ---- the PulseAudio stream ----------------------------------------------------------------

class Stream {
 public:
  ~Stream() { close(); }
  // Opens a playback stream for the given format; false with *error on failure.
  bool open(const Options& o, int rate, int channels, std::string* error) {
#if KINDLY_AUDIO_HAVE_PULSE
    const Pulse& pa = pulse();
    if (!pa.lib.ok()) {
      *error = pa.lib.error();
      return false;
    }
    pa_sample_spec spec{};
    spec.format = PA_SAMPLE_FLOAT32LE;
    spec.rate = static_cast<std::uint32_t>(rate);
    spec.channels = static_cast<std::uint8_t>(channels);
    if (!pa.sample_spec_valid(&spec)) {
      *error = "unsupported audio format (" + std::to_string(rate) + " Hz, " +
               std::to_string(channels) + " channels)";
      return false;
    }
    pa_buffer_attr attr{};
    attr.maxlength = static_cast<std::uint32_t>(-1);
    attr.tlength = static_cast<std::uint32_t>(
        pa.usec_to_bytes(static_cast<pa_usec_t>(o.latency.count()) * 1000, &spec));
    attr.prebuf = static_cast<std::uint32_t>(-1);
    attr.minreq = static_cast<std::uint32_t>(-1);
    attr.fragsize = static_cast<std::uint32_t>(-1);
    int err = 0;
    s_ = pa.simple_new(nullptr, o.app_name.c_str(), PA_STREAM_PLAYBACK, nullptr, "practice", &spec,
                       nullptr, &attr, &err);
    if (!s_) {
      *error = pa.strerror(err);
      return false;
    }
    return true;
#else
    (void)o;
    (void)rate;
    (void)channels;
    *error = "this Kindly was built without PulseAudio";
    return false;
#endif
  }
  bool write(const float* data, std::size_t samples, std::string* error) {
#if KINDLY_AUDIO_HAVE_PULSE
    int err = 0;
    if (pulse().simple_write(s_, data, samples * sizeof(float), &err) < 0) {
      *error = pulse().strerror(err);
      return false;
    }
    return true;
#else
    (void)data;
    (void)samples;
    (void)error;
    return false;
#endif
  }
  void drain() {
#if KINDLY_AUDIO_HAVE_PULSE
    int err = 0;
    if (s_) pulse().simple_drain(s_, &err);
#endif
  }
  void flush() {
#if KINDLY_AUDIO_HAVE_PULSE
    int err = 0;
    if (s_) pulse().simple_flush(s_, &err);
#endif
  }
  void close() {
#if KINDLY_AUDIO_HAVE_PULSE
    if (s_) pulse().simple_free(s_);
    s_ = nullptr;
#endif
  }

 private:
#if KINDLY_AUDIO_HAVE_PULSE
  pa_simple* s_ = nullptr;
#endif
};

std::atomic<bool> g_logged_unavailable{false};

}  // namespace

// ---- the thread ---------------------------------------------------------------------------

struct Player::Impl {
  Options options;
  mutable std::mutex m;
  mutable std::condition_variable cv;       // wakes the thread
  mutable std::condition_variable idle_cv;  // wakes wait_idle()
  std::unique_ptr<Sound> next;              // queued sound (replaces any earlier queued one)
  bool busy = false;                        // the thread is playing a sound
  bool quit = false;
  std::atomic<bool> cancel{false};  // stop the sound playing now
  std::atomic<double> volume{1.0};
  std::atomic<bool> muted{false};
  bool paused = false;  // under m; the play loop waits on cv while it is set
  Status status = Status::Unknown;
  std::string last_error;
  std::chrono::steady_clock::time_point failed_at{};
  std::atomic<double> position{0.0};
  std::atomic<double> duration{0.0};
  std::shared_ptr<const std::vector<float>> bell;  // rendered once, on first use (thread only)
  std::thread thread;

  bool warm = false;  // under m: warm_up() asked for the bell to be rendered ahead

  void run() {
    std::unique_lock lock(m);
    for (;;) {
      cv.wait(lock, [&] { return quit || next || warm; });
      if (quit) return;
      if (warm && !next) {
        warm = false;
        lock.unlock();
        PcmSound s;
        prepare(s);  // renders the bell now, so the first one rings on time
#if KINDLY_AUDIO_HAVE_PULSE
        // Loads libpulse-simple and meets the server once (both slow the first time), so the
        // first sound is not late. Plays nothing; a missing server is found again on play.
        if (pulse().lib.ok()) {
          Stream probe;
          std::string ignored;
          (void)probe.open(options, options.bell_sample_rate, 1, &ignored);
        }
#endif
        lock.lock();
        continue;
      }
      warm = false;
      std::unique_ptr<Sound> sound = std::move(next);
      busy = true;
      cancel = false;
      lock.unlock();
      play(*sound);
      sound.reset();
      lock.lock();
      busy = false;
      idle_cv.notify_all();
    }
  }

  void unavailable(const std::string& why) {
    {
      std::lock_guard g(m);
      status = Status::Unavailable;
      last_error = why;
      failed_at = std::chrono::steady_clock::now();
    }
    if (!g_logged_unavailable.exchange(true))
      spdlog::info("audio: no sound output ({}); Kindly stays silent", why);
  }

  // The bell is rendered once, on this thread, so play_bell() never waits for it.
  void prepare(Sound& s) {
    auto* pcm = dynamic_cast<PcmSound*>(&s);
    if (!pcm || pcm->pcm) return;
    if (!bell) {
      BellParams p;
      p.sample_rate = options.bell_sample_rate;
      p.seconds = options.bell_seconds;
      p.level = 0.8;
      bell = std::make_shared<const std::vector<float>>(render_bell(p));
    }
    pcm->pcm = bell;
  }

  // Plays `s`, then tells a Pcm16Sound's `finished` how it ended (not when cancelled).
  void play(Sound& s) {
    const int how = play_sound(s);  // 1 played to the end, 0 no output, -1 cancelled
    auto* pcm16 = dynamic_cast<Pcm16Sound*>(&s);
    if (pcm16 && pcm16->finished && how >= 0) pcm16->finished(how == 1);
  }

  // Waits while paused (returns false when cancelled meanwhile). The stream keeps its place.
  bool wait_unpaused() {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return !paused || cancel || quit || muted; });
    return !(cancel || muted);
  }

  int play_sound(Sound& s) {
    prepare(s);
    position = 0.0;
    duration = s.duration();
    {
      std::lock_guard g(m);
      if (status == Status::Unavailable &&
          std::chrono::steady_clock::now() - failed_at < options.retry_after)
        return 0;  // failed recently: stay silent without trying again
    }
    Stream stream;
    std::string error;
    if (!stream.open(options, s.rate(), s.channels(), &error)) {
      unavailable(error);
      return 0;
    }
    {
      std::lock_guard g(m);
      status = Status::Ready;
    }
    const std::size_t chunk_frames = static_cast<std::size_t>(std::max(1, s.rate() / 20));  // 50 ms
    const std::size_t ch = static_cast<std::size_t>(s.channels());
    std::vector<float> buf(chunk_frames * ch);
    std::size_t played = 0;
    for (;;) {
      if (!wait_unpaused()) {
        stream.flush();
        return -1;
      }
      const std::size_t n = s.read(buf.data(), chunk_frames);
      if (n == 0) break;
      const float g = static_cast<float>(std::clamp(volume.load() * s.gain(), 0.0, 1.0));
      for (std::size_t i = 0; i < n * ch; ++i) buf[i] = std::clamp(buf[i] * g, -1.0f, 1.0f);
      if (!stream.write(buf.data(), n * ch, &error)) {
        unavailable(error);
        return 0;
      }
      played += n;
      position = static_cast<double>(played) / s.rate();
    }
    if (cancel) return -1;
    stream.drain();
    return cancel ? -1 : 1;
  }

  // `length`: the sound's duration in seconds, shown at once (before the thread starts it).
  void enqueue(std::unique_ptr<Sound> s, double length) {
    std::lock_guard g(m);
    position = 0.0;
    duration = length;
    next = std::move(s);
    cancel = true;  // replaces what is playing
    paused = false;
    cv.notify_all();
  }
};

// ---- the public API -----------------------------------------------------------------------

Player::Player(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->thread = std::thread([this] { impl_->run(); });
}

Player::~Player() {
  {
    std::lock_guard g(impl_->m);
    impl_->quit = true;
    impl_->cancel = true;
    impl_->cv.notify_all();
  }
  impl_->thread.join();
}

void Player::play_bell(double volume) {
  if (impl_->muted) return;
  auto s = std::make_unique<PcmSound>();  // pcm stays empty: the audio thread renders the bell
  s->sample_rate = impl_->options.bell_sample_rate;
  s->volume = std::clamp(volume, 0.0, 1.0);
  impl_->enqueue(std::move(s), impl_->options.bell_seconds);
}

#if KINDLY_AUDIO_HAVE_SNDFILE
namespace {
// Opens `path` into `s`: a sealed recording is opened with `key` into memory first. Empty, or
// why it could not be opened.
std::string open_sound(FileSound& s, const std::filesystem::path& path, const crypto::Key* key) {
  const Sndfile& sf = sndfile();
  if (!sf.lib.ok()) return path.string() + ": " + sf.lib.error();
  if (is_sealed_recording(path)) {
    auto bytes = read_recording(path, key);
    if (!bytes) return bytes.error().message;
    s.memory = std::make_unique<MemoryReader>();
    s.memory->bytes = std::move(bytes.value());
    s.file = sf.open_virtual(&s.io, SFM_READ, &s.info, s.memory.get());
  } else {
    s.file = sf.open(path.c_str(), SFM_READ, &s.info);
  }
  if (!s.file) return path.string() + ": " + sf.strerror(nullptr);
  if (s.info.channels < 1 || s.info.samplerate < 1) return path.string() + ": no audio in the file";
  return {};
}
}  // namespace
#endif

std::optional<double> recording_seconds(const std::filesystem::path& path, const crypto::Key* key) {
#if KINDLY_AUDIO_HAVE_SNDFILE
  FileSound s;
  if (!open_sound(s, path, key).empty()) return std::nullopt;
  return s.duration();
#else
  (void)path;
  (void)key;
  return std::nullopt;
#endif
}

bool Player::play_file(const std::filesystem::path& path, const crypto::Key* key) {
#if KINDLY_AUDIO_HAVE_SNDFILE
  auto s = std::make_unique<FileSound>();  // open_sound loads libsndfile on the first file
  if (std::string why = open_sound(*s, path, key); !why.empty()) {
    std::lock_guard g(impl_->m);
    impl_->last_error = std::move(why);
    return false;
  }
  if (impl_->muted) return true;
  const double length = s->duration();
  impl_->enqueue(std::move(s), length);
  return true;
#else
  (void)key;
  std::lock_guard g(impl_->m);
  impl_->last_error = path.string() + ": this Kindly was built without libsndfile";
  return false;
#endif
}

bool Player::play_pcm(std::vector<std::int16_t> samples, int sample_rate,
                      std::function<void(bool played)> finished) {
  if (sample_rate < 1 || sample_rate > 192000) {
    std::lock_guard g(impl_->m);
    impl_->last_error = "PCM at " + std::to_string(sample_rate) + " Hz cannot be played";
    return false;
  }
  if (impl_->muted) return true;
  auto s = std::make_unique<Pcm16Sound>();
  s->pcm = std::move(samples);
  s->sample_rate = sample_rate;
  s->finished = std::move(finished);
  const double length = s->duration();
  impl_->enqueue(std::move(s), length);
  return true;
}

void Player::pause() {
  std::lock_guard g(impl_->m);
  if (impl_->busy || impl_->next) impl_->paused = true;
}

void Player::resume() {
  std::lock_guard g(impl_->m);
  impl_->paused = false;
  impl_->cv.notify_all();
}

bool Player::paused() const {
  std::lock_guard g(impl_->m);
  return impl_->paused;
}

void Player::warm_up() {
  std::lock_guard g(impl_->m);
  impl_->warm = true;
  impl_->cv.notify_all();
}

void Player::stop() {
  std::lock_guard g(impl_->m);
  impl_->next.reset();
  impl_->cancel = true;
  impl_->paused = false;
  impl_->cv.notify_all();
}

void Player::set_volume(double v) {
  impl_->volume = std::clamp(v, 0.0, 1.0);
}
double Player::volume() const {
  return impl_->volume;
}

void Player::set_muted(bool muted) {
  impl_->muted = muted;
  if (muted) stop();
}
bool Player::muted() const {
  return impl_->muted;
}

Status Player::status() const {
  std::lock_guard g(impl_->m);
  return impl_->status;
}

std::string Player::last_error() const {
  std::lock_guard g(impl_->m);
  return impl_->last_error;
}

bool Player::playing() const {
  std::lock_guard g(impl_->m);
  return impl_->busy || impl_->next != nullptr;
}

double Player::position_seconds() const {
  return impl_->position;
}
double Player::duration_seconds() const {
  return impl_->duration;
}

bool Player::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->m);
  return impl_->idle_cv.wait_for(lock, timeout, [&] { return !impl_->busy && !impl_->next; });
}

}  // namespace kindly::audio
