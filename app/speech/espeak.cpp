// The espeak-ng synthesizer: libespeak-ng.so.1, loaded with dlopen on first use, initialised
// once per process in AUDIO_OUTPUT_SYNCHRONOUS mode (espeak_Synth returns when the text is
// done; the samples reach our callback as they are made). espeak-ng keeps global state and
// is not re-entrant, so every call goes through one process-wide mutex.
//
// Sections: the library · voices and options · the synthesizer.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>

#include "kindly/dynlib.h"
#include "kindly/speech.h"
#include "speech_internal.h"

#if KINDLY_SPEECH_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif

namespace kindly::speech {

namespace {

// ---- the library ----------------------------------------------------------------------------

#if KINDLY_SPEECH_HAVE_ESPEAK
struct Espeak {
  dynlib::Library lib{"libespeak-ng.so.1"};
  decltype(&espeak_Initialize) initialize = nullptr;
  decltype(&espeak_SetSynthCallback) set_synth_callback = nullptr;
  decltype(&espeak_Synth) synth = nullptr;
  decltype(&espeak_SetVoiceByName) set_voice_by_name = nullptr;
  decltype(&espeak_SetVoiceByProperties) set_voice_by_properties = nullptr;
  decltype(&espeak_SetParameter) set_parameter = nullptr;
  decltype(&espeak_ListVoices) list_voices = nullptr;
  Espeak() {
    KINDLY_DYNLIB_BIND(lib, initialize, espeak_Initialize);
    KINDLY_DYNLIB_BIND(lib, set_synth_callback, espeak_SetSynthCallback);
    KINDLY_DYNLIB_BIND(lib, synth, espeak_Synth);
    KINDLY_DYNLIB_BIND(lib, set_voice_by_name, espeak_SetVoiceByName);
    KINDLY_DYNLIB_BIND(lib, set_voice_by_properties, espeak_SetVoiceByProperties);
    KINDLY_DYNLIB_BIND(lib, set_parameter, espeak_SetParameter);
    KINDLY_DYNLIB_BIND(lib, list_voices, espeak_ListVoices);
  }
};

// Everything below is guarded by this one mutex (espeak-ng is not re-entrant).
std::mutex g_mutex;
int g_sample_rate = 0;              // > 0 once initialised
std::string g_init_error;           // set when initialisation failed (not retried)
std::vector<std::int16_t>* g_sink;  // where the callback puts samples (during a synth only)

const Espeak& api() {
  static const Espeak a;
  return a;
}

int collect(short* wav, int n, espeak_EVENT*) {
  if (g_sink && wav && n > 0) g_sink->insert(g_sink->end(), wav, wav + n);
  return 0;  // continue
}

// Loads and initialises espeak-ng once; false with *error when that is impossible.
bool ensure_initialised(std::string* error) {
  if (g_sample_rate > 0) return true;
  if (g_init_error.empty()) {
    const Espeak& e = api();
    if (!e.lib.ok()) {
      g_init_error = e.lib.error();
    } else {
      const int rate =
          e.initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
      if (rate <= 0) {
        g_init_error = "espeak-ng could not start (is espeak-ng-data installed?)";
      } else {
        e.set_synth_callback(collect);
        g_sample_rate = rate;
      }
    }
  }
  if (g_sample_rate > 0) return true;
  if (error) *error = g_init_error;
  return false;
}

#endif

}  // namespace

// ---- voices and options ---------------------------------------------------------------------

std::string espeak_language(const std::string& language) {
  std::string s;
  for (char c : language)
    s += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s.empty() ? "en" : s;
}

int espeak_words_per_minute(int rate, int normal) {
  // espeak-ng's own rate is 175 words a minute; -100..100 is a factor of 1/2..2 around the
  // normal rate, inside what espeak-ng accepts (80..450).
  const double base = normal > 0 ? normal : 175.0;
  const double r = std::clamp(rate, -100, 100) / 100.0;
  return std::clamp(static_cast<int>(std::lround(base * std::pow(2.0, r))), 80, 450);
}

std::size_t first_sentence_end(const std::string& text, std::size_t min_bytes) {
  const auto space = [&](std::size_t i) {
    return i >= text.size() || text[i] == ' ' || text[i] == '\n' || text[i] == '\t';
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t after = 0;  // the byte after a sentence's end mark, 0 when there is none here
    if (text[i] == '.' || text[i] == '!' || text[i] == '?') after = i + 1;
    if (text.compare(i, 3, "\u2026") == 0) after = i + 3;
    if (after == 0 || !space(after) || after < min_bytes) continue;
    while (after < text.size() && space(after)) ++after;
    return after < text.size() ? after : text.size();
  }
  return text.size();
}

// ---- the synthesizer ------------------------------------------------------------------------

namespace {

class EspeakSynthesizer final : public Synthesizer {
 public:
  std::optional<Pcm> synthesize(const std::string& text, const VoiceOptions& o,
                                std::string* error) override {
#if KINDLY_SPEECH_HAVE_ESPEAK
    std::lock_guard lock(g_mutex);
    if (!ensure_initialised(error)) return std::nullopt;
    const Espeak& e = api();
    if (!select_voice(o, error)) return std::nullopt;
    e.set_parameter(espeakRATE, espeak_words_per_minute(o.rate, o.words_per_minute), 0);
    e.set_parameter(espeakVOLUME,
                    static_cast<int>(std::lround(std::clamp(o.volume, 0.0, 1.0) * 100)), 0);
    Pcm pcm;
    pcm.sample_rate = g_sample_rate;
    g_sink = &pcm.samples;
    const espeak_ERROR rc = e.synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                    espeakCHARS_UTF8, nullptr, nullptr);
    g_sink = nullptr;
    if (rc != EE_OK) {
      if (error) *error = "espeak-ng could not speak the text (error " + std::to_string(rc) + ")";
      return std::nullopt;
    }
    return pcm;
#else
    (void)text;
    (void)o;
    if (error) *error = "this Kindly was built without espeak-ng";
    return std::nullopt;
#endif
  }

  std::vector<Voice> voices() override {
    std::vector<Voice> out;
#if KINDLY_SPEECH_HAVE_ESPEAK
    std::lock_guard lock(g_mutex);
    if (!ensure_initialised(nullptr)) return out;
    const espeak_VOICE** list = api().list_voices(nullptr);
    for (; list && *list; ++list) {
      const espeak_VOICE* v = *list;
      if (!v->identifier || !v->name) continue;
      // `languages`: a priority byte, then a NUL-terminated language, repeated; the first
      // is the voice's own.
      std::string lang = v->languages && v->languages[0] ? v->languages + 1 : "";
      out.push_back({v->identifier, v->name, lang});
    }
#endif
    return out;
  }

 private:
#if KINDLY_SPEECH_HAVE_ESPEAK
  // An explicit voice by its identifier, else the best voice for the language (its base
  // language when there is no voice for the region: "en-ZA" -> "en").
  bool select_voice(const VoiceOptions& o, std::string* error) {
    const Espeak& e = api();
    if (!o.voice.empty()) {
      if (e.set_voice_by_name(o.voice.c_str()) == EE_OK) return true;
      if (error) *error = "espeak-ng has no voice '" + o.voice + "'";
      return false;
    }
    std::string lang = espeak_language(o.language);
    for (;;) {
      espeak_VOICE want{};
      want.languages = lang.c_str();
      if (e.set_voice_by_properties(&want) == EE_OK) return true;
      const auto dash = lang.rfind('-');
      if (dash == std::string::npos) break;
      lang.resize(dash);
    }
    if (error) *error = "espeak-ng has no voice for the language '" + o.language + "'";
    return false;
  }
#endif
};

}  // namespace

std::unique_ptr<Synthesizer> Synthesizer::open(std::string* error) {
#if KINDLY_SPEECH_HAVE_ESPEAK
  std::lock_guard lock(g_mutex);
  if (!ensure_initialised(error)) return nullptr;
  return std::make_unique<EspeakSynthesizer>();
#else
  if (error) *error = "this Kindly was built without espeak-ng";
  return nullptr;
#endif
}

}  // namespace kindly::speech
