// Does kindly.db-wal belong to kindly.db? SQLite cannot tell: a write-ahead log names no
// database, and SQLite replays any valid one it finds beside the file (and checkpoints it
// into the file when it closes). Kindly looks first (docs/reliability.md, "Whose WAL is it").
//
//   scan_wal()       reads the WAL's header and frames as SQLite would (magic, format version,
//                    header checksum, then each frame's salts and cumulative checksum) and
//                    counts the frames of committed transactions: those are what SQLite would
//                    replay. Only read(2) is used: nothing is written, nothing is locked.
//   WalCopy          a private copy of kindly.db and kindly.db-wal in a fresh 0700 temp folder,
//                    where SQLite may replay the log without touching the user's files. Used
//                    to compare identities, and kept as the database a read-only Store reads
//                    when it cannot open the original with its log (a read-only folder).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace kindly::detail {

struct WalScan {
  bool exists = false;          // there is a -wal file
  bool valid_header = false;    // magic, version and header checksum are right
  std::uint32_t page_size = 0;  // from the header
  std::int64_t frames = 0;      // valid frames up to and including the last commit frame
};

WalScan scan_wal(const std::filesystem::path& wal);

// The page size in a database file's header; 0 if the file is shorter than its header.
std::uint32_t db_page_size(const std::filesystem::path& db);

// A private temp folder holding copies of a database (and its log); removed when destroyed.
class WalCopy {
 public:
  WalCopy() = default;
  ~WalCopy();
  WalCopy(WalCopy&& o) noexcept : dir_(std::move(o.dir_)) { o.dir_.clear(); }
  WalCopy& operator=(WalCopy&& o) noexcept;
  WalCopy(const WalCopy&) = delete;
  WalCopy& operator=(const WalCopy&) = delete;

  // Creates the folder and copies `db` into it as kindly.db. Throws std::runtime_error.
  static WalCopy of_database(const std::filesystem::path& db);
  // Copies `wal` beside the copy, as kindly.db-wal.
  void add_wal(const std::filesystem::path& wal);

  bool empty() const { return dir_.empty(); }
  std::filesystem::path db() const { return dir_ / "kindly.db"; }

 private:
  std::filesystem::path dir_;
};

}  // namespace kindly::detail
