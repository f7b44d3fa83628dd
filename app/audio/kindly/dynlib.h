// Optional shared libraries loaded on first use with dlopen()/dlsym(), so that start-up
// neither maps them nor the libraries they depend on (libnotify pulls in glib, gio, gobject,
// gdk-pixbuf...; libpulse-simple and libsndfile pull in systemd, dbus, FLAC, vorbis, opus...).
//
// The usual shape: a struct holding a Library and one function pointer per function used,
// each declared with the header's type, made once in a function-local static:
//
//   struct Api {
//     dynlib::Library lib{"libnotify.so.4"};
//     decltype(&notify_init) init = nullptr;
//     Api() { KINDLY_DYNLIB_BIND(lib, init, notify_init); }
//   };
//   static const Api api;  // if (!api.lib.ok()) -> api.lib.error()
//
// Used by kindly_audio (PulseAudio, libsndfile) and the GUI (libnotify).
#pragma once

#include <string>
#include <type_traits>

namespace kindly::dynlib {

class Library {
 public:
  // dlopen(soname, RTLD_NOW | RTLD_LOCAL). The handle is never closed, so function pointers
  // taken from it stay valid until the process ends (also in other threads during exit).
  explicit Library(std::string soname);
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  // Opened, and every symbol asked for so far was found.
  bool ok() const { return error_.empty(); }
  // The first failure, e.g. "libnotify.so.4 is not installed", "libnotify.so.4 cannot be
  // loaded: <dlerror>" or "libnotify.so.4 lacks notify_init"; empty while ok().
  const std::string& error() const { return error_; }
  const std::string& soname() const { return soname_; }

  // The address of `name` in the library or its dependencies; nullptr when missing (error()
  // then names it, unless an earlier failure is already recorded).
  void* symbol(const char* name);

  // Sets `fn` to the function `name` (nullptr when missing); true when found.
  template <class Fn>
  bool bind(Fn& fn, const char* name) {
    static_assert(std::is_pointer_v<Fn> && std::is_function_v<std::remove_pointer_t<Fn>>,
                  "bind() sets a function pointer");
    // dlsym() returns functions as void*: conditionally-supported in ISO C++, well defined
    // with POSIX and GCC/Clang.
    fn = reinterpret_cast<Fn>(symbol(name));
    return fn != nullptr;
  }

 private:
  std::string soname_;
  void* handle_ = nullptr;
  std::string error_;
};

}  // namespace kindly::dynlib

// Binds `field`, declared as decltype(&function), to `function` in `lib`: the name looked up
// and the header's signature come from the same token, so they cannot drift apart.
#define KINDLY_DYNLIB_BIND(lib, field, function) (lib).bind<decltype(&function)>((field), #function)
