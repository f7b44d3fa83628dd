// Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.
#include "kindly/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace kindly {

namespace fs = std::filesystem;

const char* to_string(AtomicStep s) {
  switch (s) {
    case AtomicStep::Created:
      return "created";
    case AtomicStep::Written:
      return "written";
    case AtomicStep::Synced:
      return "synced";
    case AtomicStep::Renamed:
      return "renamed";
    case AtomicStep::DirSynced:
      return "dir_synced";
  }
  return "?";
}

namespace {

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

fs::path folder_of(const fs::path& target) {
  fs::path dir = target.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

Error io_error(const std::string& what, const fs::path& target, int err) {
  return Error::data("cannot write " + target.string() + ": " + what + ": " + errno_text(err),
                     target.string());
}

Error crashed(const fs::path& target, AtomicStep s) {
  return Error::data(std::string("simulated crash after step '") + to_string(s) + "'",
                     target.string());
}

bool crash(const AtomicWriteOptions& o, AtomicStep s) {
  return o.crash_after && o.crash_after(s);
}

// Creates the temp file; returns its fd (or -1 with errno set) and fills `path`.
int make_temp(const fs::path& target, mode_t mode, fs::path& path) {
  std::string tmpl =
      (folder_of(target) / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return -1;
  path = tmpl;
  if (::fchmod(fd, mode) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(path.c_str());
    errno = err;
    return -1;
  }
  return fd;
}

Result<> sync_rename_sync(int fd, const fs::path& temp, const fs::path& target,
                          const AtomicWriteOptions& options) {
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return io_error("fsync", target, err);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return io_error("close", target, err);
  }
  if (crash(options, AtomicStep::Synced)) return crashed(target, AtomicStep::Synced);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return io_error("rename", target, err);
  }
  if (crash(options, AtomicStep::Renamed)) return crashed(target, AtomicStep::Renamed);
  if (!sync_dir(folder_of(target))) return io_error("fsync of the folder", target, errno);
  if (crash(options, AtomicStep::DirSynced)) return crashed(target, AtomicStep::DirSynced);
  return {};
}

}  // namespace

bool sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

Result<> write_file_atomic(const fs::path& target, std::string_view data,
                           const AtomicWriteOptions& options) {
  fs::path temp;
  int fd = make_temp(target, options.mode, temp);
  if (fd < 0) return io_error("creating a temporary file", target, errno);
  if (crash(options, AtomicStep::Created)) {
    ::close(fd);
    return crashed(target, AtomicStep::Created);
  }
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return io_error("write", target, err);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (crash(options, AtomicStep::Written)) {
    ::close(fd);
    return crashed(target, AtomicStep::Written);
  }
  return sync_rename_sync(fd, temp, target, options);
}

Result<fs::path> create_temp_near(const fs::path& target, mode_t mode) {
  fs::path temp;
  int fd = make_temp(target, mode, temp);
  if (fd < 0) return io_error("creating a temporary file", target, errno);
  ::close(fd);
  return temp;
}

Result<> commit_temp(const fs::path& temp, const fs::path& target,
                     const AtomicWriteOptions& options) {
  int fd = ::open(temp.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return io_error("reopening the temporary file", target, err);
  }
  return sync_rename_sync(fd, temp, target, options);
}

}  // namespace kindly
