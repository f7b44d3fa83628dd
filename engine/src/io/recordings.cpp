// The user's recordings as files: names, folders, atomic saves, removal (recordings.h).
//
// Sections: names · folders · finding and listing · saving · removing · copies.
#include "kindly/recordings.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <system_error>

#include "kindly/atomic_file.h"
#include "kindly/crypto.h"

namespace kindly {

namespace fs = std::filesystem;

// ---- names ----------------------------------------------------------------------------------

bool valid_recording_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool valid_recording_step(int step) {
  return step >= 1 && step <= kMaxRecordingStep;
}

bool valid_recording_extension(std::string_view ext) {
  for (const char* e : kRecordingExtensions)
    if (ext == e) return true;
  return false;
}

fs::path recordings_dir(const fs::path& data_dir) {
  return data_dir / "recordings";
}

std::string recording_file_name(int step, std::string_view ext) {
  if (!valid_recording_step(step) || !valid_recording_extension(ext)) return {};
  std::string n = std::to_string(step);
  if (n.size() < 2) n.insert(0, 2 - n.size(), '0');
  return "step-" + n + "." + std::string(ext);
}

std::optional<std::pair<int, std::string>> parse_recording_file_name(std::string_view name) {
  constexpr std::string_view kPrefix = "step-";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const std::size_t dot = name.find('.', kPrefix.size());
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view digits = name.substr(kPrefix.size(), dot - kPrefix.size());
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int step = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    step = step * 10 + (c - '0');
  }
  const std::string ext(name.substr(dot + 1));
  // Only the canonical spelling counts: "step-1.wav" and "step-001.wav" are not recordings.
  if (recording_file_name(step, ext) != name) return std::nullopt;
  return std::make_pair(step, ext);
}

// ---- folders --------------------------------------------------------------------------------

namespace {

Error bad_name(std::string_view id, int step) {
  if (!valid_recording_id(id))
    return Error::refused(RefusalCode::NoSuchPractice,
                          "\"" + std::string(id) + "\" is not a practice id a recording can use",
                          "a practice id is 1-64 characters of a-z, 0-9, '-' and '_'");
  return Error::refused(RefusalCode::NoSuchPractice,
                        "step " + std::to_string(step) + " is not a step a recording can use",
                        "steps are numbered from 1 to " + std::to_string(kMaxRecordingStep));
}

Error bad_extension(std::string_view ext) {
  return Error::refused(RefusalCode::NoSuchPractice,
                        "\"" + std::string(ext) + "\" is not a recording format Kindly keeps",
                        "use wav, flac or ogg");
}

// A real folder (never a symbolic link) at `dir`, mode 0700, created when missing.
Result<> ensure_private_dir(const fs::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT)
      return Error::data(
          "cannot use the folder " + dir.string() + ": " + std::generic_category().message(errno),
          dir.string());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return Error::data("cannot create the folder " + dir.string() + ": " +
                             std::generic_category().message(errno),
                         dir.string());
    if (::lstat(dir.c_str(), &st) != 0)
      return Error::data("cannot use the folder " + dir.string(), dir.string());
  }
  if (!S_ISDIR(st.st_mode))
    return Error::data(
        dir.string() + " is not a folder (recordings are kept only in a real folder)",
        dir.string());
  if ((st.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0)
    return Error::data(
        "cannot make " + dir.string() + " private: " + std::generic_category().message(errno),
        dir.string());
  return {};
}

// The practice's folder, created (with recordings/) when missing.
Result<fs::path> practice_dir(const fs::path& data_dir, std::string_view id) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec))
    return Error::data("there is no data folder at " + data_dir.string(), data_dir.string());
  const fs::path top = recordings_dir(data_dir);
  if (auto ok = ensure_private_dir(top); !ok) return ok.error();
  const fs::path dir = top / std::string(id);
  if (auto ok = ensure_private_dir(dir); !ok) return ok.error();
  return dir;
}

// A regular file, not a link.
bool is_plain_file(const fs::path& p, std::int64_t* bytes = nullptr) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  if (bytes) *bytes = static_cast<std::int64_t>(st.st_size);
  return true;
}

bool is_plain_dir(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

// ---- finding and listing --------------------------------------------------------------------

std::optional<fs::path> find_recording(const fs::path& data_dir, std::string_view practice_id,
                                       int step) {
  if (!valid_recording_id(practice_id) || !valid_recording_step(step)) return std::nullopt;
  const fs::path top = recordings_dir(data_dir);
  const fs::path dir = top / std::string(practice_id);
  if (!is_plain_dir(top) || !is_plain_dir(dir)) return std::nullopt;
  for (const char* ext : kRecordingExtensions) {
    fs::path p = dir / recording_file_name(step, ext);
    if (is_plain_file(p)) return p;
  }
  return std::nullopt;
}

namespace {

// The recordings of one practice in a tree laid out like <data dir>/recordings.
std::vector<Recording> list_in(const fs::path& top, std::string_view practice_id) {
  std::vector<Recording> out;
  if (!valid_recording_id(practice_id)) return out;
  const fs::path dir = top / std::string(practice_id);
  if (!is_plain_dir(top) || !is_plain_dir(dir)) return out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto parsed = parse_recording_file_name(entry.path().filename().string());
    if (!parsed) continue;
    Recording r;
    if (!is_plain_file(entry.path(), &r.bytes)) continue;
    r.practice_id = std::string(practice_id);
    r.step = parsed->first;
    r.extension = parsed->second;
    r.path = entry.path();
    out.push_back(std::move(r));
  }
  // By step, then in the order find_recording prefers, so the first of a step is the one played.
  auto rank = [](const std::string& ext) {
    int i = 0;
    for (const char* e : kRecordingExtensions) {
      if (ext == e) return i;
      ++i;
    }
    return i;
  };
  std::sort(out.begin(), out.end(), [&](const Recording& a, const Recording& b) {
    if (a.step != b.step) return a.step < b.step;
    return rank(a.extension) < rank(b.extension);
  });
  return out;
}

}  // namespace

std::vector<Recording> list_recordings(const fs::path& data_dir, std::string_view practice_id) {
  return list_in(recordings_dir(data_dir), practice_id);
}

std::vector<Recording> list_recordings_in(const fs::path& top) {
  std::vector<Recording> out;
  if (!is_plain_dir(top)) return out;
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(top, ec)) {
    const std::string name = entry.path().filename().string();
    if (valid_recording_id(name) && is_plain_dir(entry.path())) ids.push_back(name);
  }
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    auto some = list_in(top, id);
    out.insert(out.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  return out;
}

std::vector<Recording> list_recordings(const fs::path& data_dir) {
  return list_recordings_in(recordings_dir(data_dir));
}

// ---- saving ---------------------------------------------------------------------------------

namespace {

// "recording:<practice id>/<file name>": where a sealed recording belongs.
std::string seal_ad(const fs::path& path) {
  return "recording:" + path.parent_path().filename().string() + "/" + path.filename().string();
}

std::string sealed_bytes(const crypto::Key& key, std::string_view plain, const fs::path& path) {
  return std::string(kSealedAudioMagic) + crypto::seal(key, plain, seal_ad(path));
}

// Removes the step's files with extensions other than `keep`; fsyncs the folder if any went.
void remove_other_extensions(const fs::path& dir, int step, std::string_view keep) {
  bool removed = false;
  for (const char* ext : kRecordingExtensions) {
    if (keep == ext) continue;
    const fs::path p = dir / recording_file_name(step, ext);
    if (is_plain_file(p) && ::unlink(p.c_str()) == 0) removed = true;
  }
  if (removed) sync_dir(dir);
}

}  // namespace

Result<Recording> save_recording(const fs::path& data_dir, std::string_view practice_id, int step,
                                 std::string_view bytes, std::string_view ext,
                                 const crypto::Key* key) {
  if (!valid_recording_id(practice_id) || !valid_recording_step(step))
    return bad_name(practice_id, step);
  if (!valid_recording_extension(ext)) return bad_extension(ext);
  if (static_cast<std::int64_t>(bytes.size()) > kMaxRecordingBytes)
    return Error::refused(RefusalCode::TooLarge,
                          "the recording is " + std::to_string(bytes.size() >> 20) +
                              " MB, over Kindly's limit of " +
                              std::to_string(kMaxRecordingBytes >> 20) + " MB",
                          "record a shorter step");
  auto dir = practice_dir(data_dir, practice_id);
  if (!dir) return dir.error();
  Recording r;
  r.practice_id = std::string(practice_id);
  r.step = step;
  r.extension = std::string(ext);
  r.path = dir.value() / recording_file_name(step, ext);
  // A link or folder squatting on the name is not ours to write through.
  struct stat st {};
  if (::lstat(r.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return Error::data(r.path.string() + " is not a regular file, so it was left as it is",
                       r.path.string());
  AtomicWriteOptions o;
  o.mode = 0600;
  const auto ok = key ? write_file_atomic(r.path, sealed_bytes(*key, bytes, r.path), o)
                      : write_file_atomic(r.path, bytes, o);
  if (!ok) return ok.error();
  remove_other_extensions(dir.value(), step, ext);
  r.bytes = static_cast<std::int64_t>(bytes.size());
  return r;
}

Result<Recording> save_recording_file(const fs::path& data_dir, std::string_view practice_id,
                                      int step, const fs::path& source, std::string_view ext,
                                      const crypto::Key* key) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec))
    return Error::refused(RefusalCode::NoSuchFile,
                          source.string() + " does not exist or is not a regular file");
  const auto size = fs::file_size(source, ec);
  if (ec) return Error::refused(RefusalCode::UnreadableFile, "cannot read " + source.string());
  if (static_cast<std::int64_t>(size) > kMaxRecordingBytes)
    return Error::refused(RefusalCode::TooLarge,
                          source.string() + " is " + std::to_string(size >> 20) +
                              " MB, over Kindly's limit of " +
                              std::to_string(kMaxRecordingBytes >> 20) + " MB for a recording");
  std::ifstream in(source, std::ios::binary);
  std::string bytes;
  bytes.resize(size);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)) ||
      in.peek() != std::char_traits<char>::eof())
    return Error::refused(RefusalCode::UnreadableFile,
                          "cannot read " + source.string() + ", or it changed while it was read");
  return save_recording(data_dir, practice_id, step, bytes, ext, key);
}

// ---- sealed recordings ----------------------------------------------------------------------

namespace {

// The whole file, if it is a regular file within the limit (a sealed one adds its header).
Result<std::string> read_whole(const fs::path& path) {
  std::int64_t size = 0;
  if (!is_plain_file(path, &size))
    return Error::refused(RefusalCode::NoSuchFile, path.string() + " is not a recording file");
  if (size > kMaxRecordingBytes + 4096)
    return Error::refused(RefusalCode::TooLarge,
                          path.string() + " is over Kindly's limit for a recording");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    return Error::refused(RefusalCode::UnreadableFile, "cannot read " + path.string());
  return bytes;
}

bool starts_sealed(std::string_view bytes) {
  return bytes.substr(0, kSealedAudioMagic.size()) == kSealedAudioMagic;
}

}  // namespace

bool is_sealed_recording(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kSealedAudioMagic.size(), '\0');
  return in.read(head.data(), static_cast<std::streamsize>(head.size())) && starts_sealed(head);
}

Result<std::string> read_recording(const fs::path& path, const crypto::Key* key) {
  auto bytes = read_whole(path);
  if (!bytes || !starts_sealed(bytes.value())) return bytes;
  if (!key)
    return Error::refused(RefusalCode::PassphraseNeeded,
                          path.string() + " is sealed by the passphrase, and the data is locked",
                          "unlock the data first");
  auto plain = crypto::open(*key, std::string_view(bytes.value()).substr(kSealedAudioMagic.size()),
                            seal_ad(path));
  if (!plain)
    return Error::refused(
        RefusalCode::UnreadableFile,
        path.string() +
            " is sealed but does not open with this data's key: it is damaged, "
            "cut short or from another data folder; it was left as it is",
        "put back a backup's copy (kindly restore FILE), or record the step again");
  return std::move(*plain);
}

Result<int> reseal_recordings(const fs::path& data_dir, const crypto::Key& key, bool seal) {
  std::vector<Recording> todo;
  for (Recording& r : list_recordings(data_dir))
    if (is_sealed_recording(r.path) != seal) todo.push_back(std::move(r));
  // Every one is read (and opened) before any is written: one that does not open stops it
  // with nothing changed.
  for (const Recording& r : todo)
    if (auto bytes = read_recording(r.path, &key); !bytes) return bytes.error();
  int changed = 0;
  AtomicWriteOptions o;
  o.mode = 0600;
  for (const Recording& r : todo) {
    auto bytes = read_recording(r.path, &key);
    if (!bytes) return bytes.error();
    const auto ok = seal ? write_file_atomic(r.path, sealed_bytes(key, bytes.value(), r.path), o)
                         : write_file_atomic(r.path, bytes.value(), o);
    if (!ok) return ok.error();
    ++changed;
  }
  return changed;
}

// ---- removing -------------------------------------------------------------------------------

Result<bool> remove_recording(const fs::path& data_dir, std::string_view practice_id, int step) {
  if (!valid_recording_id(practice_id) || !valid_recording_step(step))
    return bad_name(practice_id, step);
  const fs::path dir = recordings_dir(data_dir) / std::string(practice_id);
  if (!is_plain_dir(recordings_dir(data_dir)) || !is_plain_dir(dir)) return false;
  bool removed = false;
  for (const char* ext : kRecordingExtensions) {
    const fs::path p = dir / recording_file_name(step, ext);
    if (!is_plain_file(p)) continue;
    if (::unlink(p.c_str()) != 0)
      return Error::data(
          "cannot delete " + p.string() + ": " + std::generic_category().message(errno),
          p.string());
    removed = true;
  }
  if (removed && !sync_dir(dir))
    return Error::data("deleted, but cannot sync the folder " + dir.string(), dir.string());
  return removed;
}

Result<int> remove_all_recordings(const fs::path& data_dir, std::string_view practice_id) {
  if (!valid_recording_id(practice_id)) return bad_name(practice_id, 1);
  int n = 0;
  for (const auto& r : list_recordings(data_dir, practice_id)) {
    auto ok = remove_recording(data_dir, practice_id, r.step);
    if (!ok) return ok.error();
    if (ok.value()) ++n;
  }
  const fs::path dir = recordings_dir(data_dir) / std::string(practice_id);
  std::error_code ec;
  if (is_plain_dir(dir) && fs::is_empty(dir, ec) && ::rmdir(dir.c_str()) == 0)
    sync_dir(recordings_dir(data_dir));
  return n;
}

// ---- copies ---------------------------------------------------------------------------------

fs::path recordings_beside(const fs::path& file) {
  fs::path p = file;
  p += ".recordings";
  return p;
}

namespace {

Error copy_error(const std::string& what, const fs::path& p) {
  return Error::data("cannot copy the recordings: " + what + " " + p.string() + ": " +
                         std::generic_category().message(errno),
                     p.string());
}

// A fresh temp folder "<dest>.tmp-XXXXXX" (0700) beside `dest`.
Result<fs::path> temp_dir_beside(const fs::path& dest) {
  std::string t = dest.string() + ".tmp-XXXXXX";
  if (!::mkdtemp(t.data())) return copy_error("creating a folder beside", dest);
  return fs::path(t);
}

}  // namespace

Result<int> copy_recordings_to(const fs::path& data_dir, const fs::path& dest) {
  const auto all = list_recordings(data_dir);
  std::error_code ec;
  struct stat st {};
  const bool old_copy = ::lstat(dest.c_str(), &st) == 0;
  if (old_copy && !S_ISDIR(st.st_mode))
    return Error::refused(RefusalCode::IsAFolder,
                          dest.string() + " is in the way of the recordings' folder",
                          "move it, or choose another file name");
  if (all.empty()) {
    if (old_copy) fs::remove_all(dest, ec);
    return 0;
  }
  auto temp = temp_dir_beside(dest);
  if (!temp) return temp.error();
  auto fail = [&](Error e) -> Error {
    fs::remove_all(temp.value(), ec);
    return e;
  };
  for (const auto& r : all) {
    const fs::path dir = temp.value() / r.practice_id;
    if (auto ok = ensure_private_dir(dir); !ok) return fail(ok.error());
    std::ifstream in(r.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return fail(copy_error("reading", r.path));
    if (auto ok = write_file_atomic(dir / r.path.filename(), bytes); !ok) return fail(ok.error());
  }
  // Replace an older copy: aside, the new one in, then the old one removed.
  fs::path aside;
  if (old_copy) {
    auto a = temp_dir_beside(dest);
    if (!a) return fail(a.error());
    aside = a.value();
    ::rmdir(aside.c_str());
    if (::rename(dest.c_str(), aside.c_str()) != 0) return fail(copy_error("replacing", dest));
  }
  if (::rename(temp.value().c_str(), dest.c_str()) != 0) {
    Error e = copy_error("renaming into", dest);
    if (!aside.empty()) ::rename(aside.c_str(), dest.c_str());
    return fail(e);
  }
  if (!aside.empty()) fs::remove_all(aside, ec);
  const fs::path parent = dest.parent_path().empty() ? fs::path(".") : dest.parent_path();
  sync_dir(parent);
  return static_cast<int>(all.size());
}

namespace {

// recordings.before-restore-20261201-093000 (UTC), or -2, -3, ... if taken.
fs::path aside_name(const fs::path& dir) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = dir.string() + ".before-restore-" + stamp;
  std::string name = base;
  std::error_code ec;
  for (int n = 2; fs::exists(fs::symlink_status(name, ec)); ++n)
    name = base + "-" + std::to_string(n);
  return name;
}

}  // namespace

Result<RecordingsRestored> restore_recordings_from(const fs::path& tree, const fs::path& data_dir) {
  RecordingsRestored done;
  const auto all = list_recordings_in(tree);
  for (const auto& r : all)
    if (r.bytes > kMaxRecordingBytes)
      return Error::refused(RefusalCode::TooLarge,
                            r.path.string() + " is over Kindly's limit of " +
                                std::to_string(kMaxRecordingBytes >> 20) + " MB for a recording",
                            "nothing was changed");
  if (all.empty()) return done;
  const fs::path live = recordings_dir(data_dir);
  auto temp = temp_dir_beside(live);
  if (!temp) return temp.error();
  std::error_code ec;
  auto fail = [&](Error e) -> Error {
    fs::remove_all(temp.value(), ec);
    return e;
  };
  for (const auto& r : all) {
    const fs::path dir = temp.value() / r.practice_id;
    if (auto ok = ensure_private_dir(dir); !ok) return fail(ok.error());
    std::ifstream in(r.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (static_cast<std::int64_t>(bytes.size()) != r.bytes)
      return fail(
          Error::refused(RefusalCode::UnreadableFile,
                         "cannot read " + r.path.string() + ", or it changed while it was read",
                         "nothing was changed"));
    if (auto ok = write_file_atomic(dir / r.path.filename(), bytes); !ok) return fail(ok.error());
    ++done.count;
  }
  struct stat st {};
  if (::lstat(live.c_str(), &st) == 0) {
    done.moved_aside = aside_name(live);
    if (::rename(live.c_str(), done.moved_aside.c_str()) != 0)
      return fail(copy_error("moving aside", live));
  }
  if (::rename(temp.value().c_str(), live.c_str()) != 0) {
    Error e = copy_error("renaming into", live);
    if (!done.moved_aside.empty()) ::rename(done.moved_aside.c_str(), live.c_str());
    return fail(e);
  }
  sync_dir(data_dir);
  return done;
}

}  // namespace kindly
