// Optional shared libraries loaded on first use (see kindly/dynlib.h).
#include "kindly/dynlib.h"

#include <dlfcn.h>

#include <utility>

namespace kindly::dynlib {

Library::Library(std::string soname) : soname_(std::move(soname)) {
  handle_ = ::dlopen(soname_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_) return;
  const char* why = ::dlerror();
  const std::string detail = why ? why : "unknown error";
  // glibc: "<name>: cannot open shared object file: No such file or directory". The name is
  // ours when the library itself is missing, a dependency's when only that is.
  if (detail.rfind(soname_ + ": cannot open shared object file", 0) == 0) {
    error_ = soname_ + " is not installed";
  } else {
    error_ = soname_ + " cannot be loaded: " + detail;
  }
}

void* Library::symbol(const char* name) {
  if (!handle_) return nullptr;
  void* p = ::dlsym(handle_, name);
  if (!p && error_.empty()) error_ = soname_ + " lacks " + name;
  return p;
}

}  // namespace kindly::dynlib
