// libsodium behind kindly/crypto.h.
#include "kindly/crypto.h"

#include <sodium.h>

#include <cctype>
#include <stdexcept>

namespace kindly::crypto {

namespace {
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kRecoveryBytes = 20;
constexpr const char* kBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);
}  // namespace

// 3 passes over 128 MiB: about 0.23 s on the development machine (docs/privacy.md).
const KdfParams kDefaultKdf{3, 128u * 1024u * 1024u};
const KdfParams kTestKdf{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};

void init() {
  if (sodium_init() < 0) throw std::runtime_error("the cryptography library could not start");
}

Key::Key() {
  init();
  bytes_ = static_cast<unsigned char*>(sodium_malloc(kKeyBytes));
  if (bytes_ == nullptr) throw std::runtime_error("no memory for a key");
  sodium_mlock(bytes_, kKeyBytes);
  sodium_memzero(bytes_, kKeyBytes);
}

Key::~Key() {
  sodium_memzero(bytes_, kKeyBytes);
  sodium_munlock(bytes_, kKeyBytes);
  sodium_free(bytes_);
}

std::unique_ptr<Key> Key::random() {
  auto k = std::make_unique<Key>();
  randombytes_buf(k->data(), kKeyBytes);
  return k;
}

std::string random_bytes(std::size_t n) {
  init();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::unique_ptr<Key> derive_from_passphrase(std::string_view passphrase, std::string_view salt,
                                            const KdfParams& p) {
  if (salt.size() != kSaltBytes) throw std::runtime_error("a key salt of the wrong size");
  auto k = std::make_unique<Key>();
  if (crypto_pwhash(k->data(), kKeyBytes, passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), p.ops, p.mem,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("not enough memory to derive the key from the passphrase");
  }
  return k;
}

std::unique_ptr<Key> derive_from_recovery(std::string_view raw, std::string_view salt) {
  auto k = std::make_unique<Key>();
  std::string input(salt);
  input += raw;
  crypto_generichash(k->data(), kKeyBytes, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), reinterpret_cast<const unsigned char*>("kindly-recovery-v1"),
                     18);
  sodium_memzero(input.data(), input.size());
  return k;
}

std::string seal(const Key& key, std::string_view plain, std::string_view ad) {
  std::string out(1 + kNonce + plain.size() + kTag, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  o[0] = kSealVersion;
  randombytes_buf(o + 1, kNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      o + 1 + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, o + 1, key.data());
  out.resize(1 + kNonce + len);
  return out;
}

std::optional<std::string> open(const Key& key, std::string_view sealed, std::string_view ad) {
  if (sealed.size() < 1 + kNonce + kTag || static_cast<unsigned char>(sealed[0]) != kSealVersion)
    return std::nullopt;
  const auto* s = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - 1 - kNonce - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr, s + 1 + kNonce,
          sealed.size() - 1 - kNonce, reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          s + 1, key.data()) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::string wrap(const Key& kek, const Key& data_key, std::string_view ad) {
  return seal(kek, std::string_view(reinterpret_cast<const char*>(data_key.data()), kKeyBytes), ad);
}

std::unique_ptr<Key> unwrap(const Key& kek, std::string_view wrapped, std::string_view ad) {
  auto plain = open(kek, wrapped, ad);
  if (!plain || plain->size() != kKeyBytes) return nullptr;
  auto k = std::make_unique<Key>();
  std::copy(plain->begin(), plain->end(), reinterpret_cast<char*>(k->data()));
  sodium_memzero(plain->data(), plain->size());
  return k;
}

std::string new_recovery_key(std::string* raw) {
  const std::string bytes = random_bytes(kRecoveryBytes);
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  int chars = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      if (chars > 0 && chars % 4 == 0) out += '-';
      out += kBase32[(acc >> bits) & 31];
      ++chars;
    }
  }
  if (raw != nullptr) *raw = bytes;
  return out;
}

std::optional<std::string> recovery_key_bytes(std::string_view typed) {
  std::string bytes;
  std::uint32_t acc = 0;
  int bits = 0;
  int chars = 0;
  for (char ch : typed) {
    if (ch == '-' || std::isspace(static_cast<unsigned char>(ch))) continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const char* p = std::char_traits<char>::find(kBase32, 32, c);
    if (p == nullptr) return std::nullopt;
    acc = (acc << 5) | static_cast<std::uint32_t>(p - kBase32);
    bits += 5;
    ++chars;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (chars != 32 || bytes.size() != kRecoveryBytes) return std::nullopt;
  return bytes;
}

std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int a = val(hex[i]), b = val(hex[i + 1]);
    if (a < 0 || b < 0) return std::nullopt;
    out += static_cast<char>(a * 16 + b);
  }
  return out;
}

}  // namespace kindly::crypto
