// Reading a write-ahead log's header and frames (the format is in SQLite's documentation,
// "WAL file format"), and private copies of a database for looking at its log.
//
// Sections: the WAL format · copies.
#include "wal_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace kindly::detail {

namespace fs = std::filesystem;

// ---- the WAL format ---------------------------------------------------------------------------

namespace {

constexpr std::uint32_t kMagicLittle = 0x377f0682;  // checksums over little-endian words
constexpr std::uint32_t kMagicBig = 0x377f0683;     // ... over big-endian words
constexpr std::uint32_t kFormatVersion = 3007000;
constexpr std::size_t kHeaderBytes = 32;
constexpr std::size_t kFrameHeaderBytes = 24;

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::uint32_t le32(const unsigned char* p) {
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) |
         std::uint32_t{p[0]};
}

// SQLite's WAL checksum: over pairs of 32-bit words, continuing from (s0, s1).
void checksum(const unsigned char* p, std::size_t n, bool big, std::uint32_t& s0,
              std::uint32_t& s1) {
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    const std::uint32_t x0 = big ? be32(p + i) : le32(p + i);
    const std::uint32_t x1 = big ? be32(p + i + 4) : le32(p + i + 4);
    s0 += x0 + s1;
    s1 += x1 + s0;
  }
}

bool read_all(int fd, unsigned char* buf, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, buf + got, n - got);
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  return true;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

WalScan scan_wal(const fs::path& wal) {
  WalScan s;
  Fd f{::open(wal.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return s;
  s.exists = true;
  std::array<unsigned char, kHeaderBytes> h{};
  if (!read_all(f.fd, h.data(), h.size())) return s;
  const std::uint32_t magic = be32(h.data());
  if (magic != kMagicLittle && magic != kMagicBig) return s;
  const bool big = magic == kMagicBig;
  if (be32(h.data() + 4) != kFormatVersion) return s;
  s.page_size = be32(h.data() + 8);
  if (s.page_size < 512 || s.page_size > 65536 || (s.page_size & (s.page_size - 1)) != 0) return s;
  std::uint32_t s0 = 0, s1 = 0;
  checksum(h.data(), 24, big, s0, s1);
  if (s0 != be32(h.data() + 24) || s1 != be32(h.data() + 28)) return s;
  s.valid_header = true;
  const std::uint32_t salt1 = be32(h.data() + 16), salt2 = be32(h.data() + 20);
  std::vector<unsigned char> frame(kFrameHeaderBytes + s.page_size);
  std::int64_t n = 0;
  while (read_all(f.fd, frame.data(), frame.size())) {
    const unsigned char* fh = frame.data();
    if (be32(fh + 8) != salt1 || be32(fh + 12) != salt2 || be32(fh) == 0) break;
    checksum(fh, 8, big, s0, s1);
    checksum(fh + kFrameHeaderBytes, s.page_size, big, s0, s1);
    if (s0 != be32(fh + 16) || s1 != be32(fh + 20)) break;
    ++n;
    if (be32(fh + 4) != 0) s.frames = n;  // a commit frame: everything so far counts
  }
  return s;
}

std::uint32_t db_page_size(const fs::path& db) {
  Fd f{::open(db.c_str(), O_RDONLY | O_CLOEXEC)};
  std::array<unsigned char, 100> h{};
  if (f.fd < 0 || !read_all(f.fd, h.data(), h.size())) return 0;
  const std::uint32_t v = (std::uint32_t{h[16]} << 8) | h[17];
  return v == 1 ? 65536 : v;
}

// ---- copies -----------------------------------------------------------------------------------

namespace {

void copy_private(const fs::path& from, const fs::path& to) {
  Fd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) throw std::runtime_error("cannot read " + from.string());
  Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (out.fd < 0) throw std::runtime_error("cannot write a private copy in " + to.string());
  std::vector<char> buf(1 << 16);
  for (;;) {
    const ssize_t r = ::read(in.fd, buf.data(), buf.size());
    if (r < 0) throw std::runtime_error("cannot read " + from.string());
    if (r == 0) break;
    for (ssize_t done = 0; done < r;) {
      const ssize_t w = ::write(out.fd, buf.data() + done, static_cast<std::size_t>(r - done));
      if (w <= 0) throw std::runtime_error("cannot write a private copy in " + to.string());
      done += w;
    }
  }
}

}  // namespace

WalCopy::~WalCopy() {
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

WalCopy& WalCopy::operator=(WalCopy&& o) noexcept {
  if (this != &o) {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
    dir_ = std::move(o.dir_);
    o.dir_.clear();
  }
  return *this;
}

WalCopy WalCopy::of_database(const fs::path& db) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string tmpl = (base / "kindly-wal-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr)
    throw std::runtime_error("cannot create a private temp folder in " + base.string());
  WalCopy c;
  c.dir_ = tmpl;  // mkdtemp makes it 0700
  copy_private(db, c.db());
  return c;
}

void WalCopy::add_wal(const fs::path& wal) {
  fs::path to = db(), shm = db();
  to += "-wal";
  shm += "-shm";
  // Reading the copy alone may have left an empty log and an index of it: start afresh, so
  // that SQLite rebuilds the index from the copied log.
  std::error_code ec;
  fs::remove(to, ec);
  fs::remove(shm, ec);
  copy_private(wal, to);
}

}  // namespace kindly::detail
