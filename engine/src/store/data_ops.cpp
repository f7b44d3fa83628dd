// The data folder as files, behind one entry point (data_ops.h).
//
// Sections: export · import and backup · restore · saving a file.
#include "kindly/data_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <system_error>

#include "kindly/atomic_file.h"
#include "kindly/recordings.h"
#include "kindly/store.h"

namespace kindly::data_ops {

namespace fs = std::filesystem;

namespace {

std::string mib(std::size_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

Result<std::unique_ptr<Store>> open_read_only(const fs::path& data_dir, const char* doing) {
  std::error_code ec;
  if (!fs::exists(data_dir / Store::kFileName, ec)) {
    return Error::refused(RefusalCode::NoData,
                          "there is no Kindly data in " + data_dir.string() + " to " + doing,
                          "check --data-dir");
  }
  StoreOptions ro;
  ro.read_only = true;
  return Store::open(data_dir, ro);
}

}  // namespace

// ---- export -------------------------------------------------------------------------------

namespace {

// The export's text, listing `recordings` (copied beside the export already).
Result<ExportText> export_text(Store& store, const CourseTag& course,
                               std::vector<ExportedRecording> recordings) {
  try {
    DataExport d = read_export(store, course.id, course.version);
    if (course.id.empty()) {
      // No course given (or it does not load): name the one the log was begun with.
      for (const auto& e : d.events) {
        if (e.type == EventType::Begun) {
          d.course_id = e.course_id;
          d.course_version = e.course_version;
          break;
        }
      }
    }
    d.recordings = std::move(recordings);
    ExportText out;
    out.text = export_json(d);
    out.events = static_cast<std::int64_t>(d.events.size());
    out.entries = static_cast<std::int64_t>(d.journal.size());
    // One limit at both ends: what import would refuse is not written.
    if (out.text.size() > kMaxImportBytes) {
      return Error::refused(RefusalCode::TooLarge,
                            "the full export would be " + mib(out.text.size()) +
                                ", more than the " + mib(kMaxImportBytes) +
                                " Kindly can import; nothing was written",
                            "make a backup instead (kindly backup --out FILE): it keeps "
                            "everything, whatever its size");
    }
    return out;
  } catch (const DataError& e) {
    return Error::data(e.what(), e.path());
  }
}

}  // namespace

Result<ExportText> export_full_text(Store& store, const CourseTag& course) {
  return export_text(store, course, {});
}

Result<ExportText> export_full_text(const fs::path& data_dir, const CourseTag& course) {
  auto store = open_read_only(data_dir, "export");
  if (!store) return store.error();
  return export_full_text(*store.value(), course);
}

// The recordings are copied first and the JSON lists what was copied, so the two agree even
// while the app records.
Result<ExportSummary> export_full(Store& store, const fs::path& out, const CourseTag& course) {
  // The file is plain text: of locked data, only where the user chose plain text on purpose
  // (the CLI's --plain, through export_full_text). The app's export has no such choice yet.
  if (store.lock_status().locked) {
    return Error::refused(RefusalCode::PlainExportNeedsFlag,
                          "your data is locked, and the full export is plain text: anyone who "
                          "gets the file could read everything you wrote. Nothing was written",
                          "for an encrypted copy make a backup instead");
  }
  const fs::path data_dir = store.path().parent_path();
  const fs::path beside = recordings_beside(out);
  auto copied = copy_recordings_to(data_dir, beside);
  if (!copied) return copied.error();
  std::vector<ExportedRecording> list;
  for (const auto& r : list_recordings_in(beside))
    list.push_back(
        {r.practice_id, r.step, r.practice_id + "/" + r.path.filename().string(), r.bytes});
  auto text = export_text(store, course, list);
  if (!text) return text.error();
  auto saved = save_file(out, text.value().text);
  if (!saved) return saved.error();
  ExportSummary sum{out, saved.value().bytes, text.value().events, text.value().entries};
  sum.recordings = static_cast<std::int64_t>(list.size());
  if (!list.empty()) sum.recordings_folder = beside;
  return sum;
}

Result<ExportSummary> export_full(const fs::path& data_dir, const fs::path& out,
                                  const CourseTag& course) {
  auto store = open_read_only(data_dir, "export");
  if (!store) return store.error();
  return export_full(*store.value(), out, course);
}

// ---- import and backup ----------------------------------------------------------------------

Result<ImportSummary> import_full(const fs::path& data_dir, const fs::path& file) {
  return import_file(data_dir, file);
}

namespace {

// The database is copied first; the recordings beside it then (a failure there says so, with
// the database backup already whole).
Result<BackupInfo> with_recordings(Result<BackupInfo> db, const fs::path& data_dir,
                                   const fs::path& out) {
  if (!db) return db;
  auto copied = copy_recordings_to(data_dir, recordings_beside(out));
  if (!copied) {
    Error e = copied.error();
    e.message = "the database was backed up to " + out.string() +
                ", but the recordings were not: " + e.message;
    return e;
  }
  db.value().recordings = copied.value();
  return db;
}

}  // namespace

Result<BackupInfo> backup_to(const fs::path& data_dir, const fs::path& out) {
  return with_recordings(backup_data_dir(data_dir, out), data_dir, out);
}

Result<BackupInfo> backup_to(const Store& store, const fs::path& out) {
  return with_recordings(backup_store(store, out), store.path().parent_path(), out);
}

// ---- restore --------------------------------------------------------------------------------

namespace {

// True when another process has kindly.db open in WAL mode: every SQLite connection holds a
// shared lock on the -shm file's "DMS" byte (offset 128) while it is open.
bool in_use(const fs::path& db) {
  fs::path shm = db;
  shm += "-shm";
  const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  lk.l_start = 128;
  lk.l_len = 1;
  const bool held = ::fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

// kindly.db.before-restore-20261201-093000 (UTC), or -2, -3, ... if taken.
fs::path aside_name(const fs::path& db) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = db.string() + ".before-restore-" + stamp;
  std::string name = base;
  std::error_code ec;
  for (int n = 2;; ++n) {
    bool taken = false;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      if (fs::exists(name + suffix, ec)) taken = true;
    if (!taken) return name;
    name = base + "-" + std::to_string(n);
  }
}

}  // namespace

// Order, so that a crash at any point loses nothing and leaves a database in place:
//   1. the backup is checked in a private copy, and that copy written to a temp file in the
//      data folder and fsynced (create_temp_near; nothing of the user's is touched yet);
//   2. the old -wal, -shm and -journal are renamed aside;
//   3. kindly.db is hard-linked to the aside name (kindly.db itself stays);
//   4. the temp file is renamed over kindly.db (atomic) and the folder fsynced.
Result<RestoreSummary> restore_from(const fs::path& data_dir, const fs::path& backup) {
  const fs::path db = data_dir / Store::kFileName;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path live = db;
    live += suffix;
    if (fs::exists(live, ec) && fs::exists(backup, ec) && fs::equivalent(live, backup, ec))
      return Error::refused(RefusalCode::OverLiveDatabase,
                            backup.string() + " is the database in use, not a backup",
                            "give the backup file, e.g. kindly-backup.db");
  }
  if (!fs::is_regular_file(backup, ec))
    return Error::refused(RefusalCode::NoSuchFile,
                          backup.string() + ": no such file (or not a regular file)",
                          "nothing was changed");
  if (in_use(db)) {
    return Error::data(db.string() +
                           " is in use by another Kindly (the app or a command still running); "
                           "nothing was changed. Close it, then try again",
                       db.string());
  }
  if (!fs::is_directory(data_dir, ec)) {
    fs::create_directories(data_dir, ec);
    ::chmod(data_dir.c_str(), 0700);
  }
  auto temp = create_temp_near(db);
  if (!temp) return temp.error();
  auto copied = check_kindly_file(backup, temp.value());
  if (!copied) {
    fs::remove(temp.value(), ec);
    Error e = copied.error();
    e.hint = "nothing was changed";
    return e;
  }
  RestoreSummary sum;
  sum.database = db;
  sum.installed = copied.value();
  auto fail = [&](const std::string& what) -> Error {
    fs::remove(temp.value(), ec);
    std::string moved;
    for (const auto& p : sum.moved_aside) moved += (moved.empty() ? "" : ", ") + p.string();
    return Error::data(
        "cannot restore into " + db.string() + ": " + what + ": " +
            std::generic_category().message(errno) +
            (moved.empty() ? "; nothing was changed"
                           : "; kindly.db is as it was, and its log was moved to " + moved),
        db.string());
  };
  if (fs::exists(db, ec)) {
    const fs::path aside = aside_name(db);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      fs::path from = db, to = aside;
      from += suffix;
      to += suffix;
      if (!fs::exists(from, ec)) continue;
      if (::rename(from.c_str(), to.c_str()) != 0)
        return fail("moving " + from.string() + " aside");
      sum.moved_aside.push_back(to);
    }
    if (::link(db.c_str(), aside.c_str()) != 0) {
      // No hard links here (some file systems): rename instead; a crash before the next
      // step leaves no kindly.db, and the old one under the aside name.
      if (::rename(db.c_str(), aside.c_str()) != 0) return fail("moving " + db.string() + " aside");
    }
    sum.moved_aside.insert(sum.moved_aside.begin(), aside);
  }
  auto committed = commit_temp(temp.value(), db);
  if (!committed) return committed.error();
  const fs::path tree = recordings_beside(backup);
  if (fs::is_directory(tree, ec)) {
    auto rec = restore_recordings_from(tree, data_dir);
    if (!rec) {
      Error e = rec.error();
      e.message = "the database was restored from " + backup.string() +
                  ", but the recordings were not: " + e.message;
      e.hint = "the recordings in the data folder are as they were";
      return e;
    }
    sum.recordings = rec.value().count;
    sum.recordings_moved_aside = rec.value().moved_aside;
  }
  return sum;
}

// ---- saving a file --------------------------------------------------------------------------

Result<SavedFile> save_file(const fs::path& out, std::string_view text) {
  auto w = write_file_atomic(out, text);
  if (!w) {
    // The output file is not the data folder: a bad --out is refused (1), not exit 3.
    Error e = w.error();
    e.kind = ErrorKind::Refused;
    e.hint = "nothing was written; check that the folder of the file exists and is writable";
    return e;
  }
  return SavedFile{out, static_cast<std::int64_t>(text.size())};
}

}  // namespace kindly::data_ops
