// The lock's cryptography (libsodium), kept small: a key in locked memory, Argon2id to turn a
// passphrase into a key-encryption key, XChaCha20-Poly1305 to seal a value, and the recovery
// key's words. docs/privacy.md says what is sealed and why these choices.
//
// A sealed value is: one version byte (kSealVersion), a 24-byte random nonce, then the
// ciphertext with its 16-byte tag. The associated data names where the value belongs (a
// column), so a value moved elsewhere does not open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kindly::crypto {

constexpr unsigned char kSealVersion = 1;
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kSaltBytes = 16;

// Throws std::runtime_error when libsodium cannot start (no entropy source).
void init();

// A 32-byte key in memory from sodium_malloc (guard pages, locked with sodium_mlock so it is
// never swapped), wiped and freed when destroyed.
class Key {
 public:
  Key();  // zeroed; filled by random(), derive() or unwrap()
  ~Key();
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  unsigned char* data() { return bytes_; }
  const unsigned char* data() const { return bytes_; }
  static std::unique_ptr<Key> random();

 private:
  unsigned char* bytes_;
};

// Argon2id cost: ops (passes) and memory in bytes. kDefaultKdf is what `kindly lock set` uses;
// docs/privacy.md gives the measured unlock time. kTestKdf is the library's minimum, for tests.
struct KdfParams {
  std::uint64_t ops = 0;
  std::size_t mem = 0;
};
extern const KdfParams kDefaultKdf;
extern const KdfParams kTestKdf;

std::string random_bytes(std::size_t n);

// The key-encryption key from a passphrase (Argon2id13). Throws std::runtime_error when the
// memory cannot be had.
std::unique_ptr<Key> derive_from_passphrase(std::string_view passphrase, std::string_view salt,
                                            const KdfParams& p);
// The key-encryption key from a recovery key: the recovery key has 160 random bits, so a
// keyed BLAKE2b hash is enough (no slow hash needed). `words` is normalised first
// (recovery_key_bytes).
std::unique_ptr<Key> derive_from_recovery(std::string_view raw, std::string_view salt);

std::string seal(const Key& key, std::string_view plain, std::string_view ad);
// nullopt when the value is not sealed with this key and this associated data (wrong key,
// moved, damaged or cut short).
std::optional<std::string> open(const Key& key, std::string_view sealed, std::string_view ad);

// A data key sealed by a key-encryption key, and back.
std::string wrap(const Key& kek, const Key& data_key, std::string_view ad);
std::unique_ptr<Key> unwrap(const Key& kek, std::string_view wrapped, std::string_view ad);

// A new recovery key as the user writes it down: 32 letters and digits (Crockford base32, no
// I, L, O or U) in eight groups of four, e.g. "7KQ2-M9XD-...". `raw` gets its 20 bytes.
std::string new_recovery_key(std::string* raw);
// The 20 bytes of a recovery key as typed: case, spaces and dashes do not matter, O reads as
// 0 and I or L as 1. nullopt when it is not 32 such characters.
std::optional<std::string> recovery_key_bytes(std::string_view typed);

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace kindly::crypto
