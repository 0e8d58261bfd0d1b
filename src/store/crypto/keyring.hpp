#pragma once
// Encryption at rest for sensitive values (ID numbers, phones; later notes and answers), and
// keyed hashes for looking them up without plaintext.
//
// Algorithms, chosen per deployment by the key's algorithm:
//   aes-256-gcm     AES-256-GCM, 96-bit random nonce, 128-bit tag (the default);
//   sm4-ctr-hmac-sm3  国密: SM4-CTR with a random 128-bit IV, then HMAC-SM3 over
//                   context || IV || ciphertext (encrypt-then-MAC; OpenSSL 3.0 on Debian 12
//                   has no SM4-GCM).
// A sealed value is "v1:<key id>:<base64 of nonce|ciphertext|tag>", so every value names its
// key and keys can be rotated. The context (e.g. "students.id_number") is bound into the tag,
// so a ciphertext moved to another column fails to open.
//
// Lookup hashes are HMAC-SHA256 (HMAC-SM3 for 国密 keyrings) with a separate lookup key that
// is never used for encryption and does not change when encryption keys rotate.
//
// Key file (mode 0600 or stricter; refused if group or others may read it):
//   # comment
//   active 1
//   key 1 aes-256-gcm <64 hex>            (sm4-ctr-hmac-sm3: <96 hex> = 16 SM4 + 32 MAC bytes)
//   lookup <64 hex> hmac-sha256              (or hmac-sm3; fixed for the life of the data)

#include <map>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace xinqiao::store {

enum class CipherAlgorithm { kAes256Gcm, kSm4CtrHmacSm3 };
std::string_view CipherAlgorithmName(CipherAlgorithm a);

class Keyring {
public:
    // Parses key file text. kInvalidArgument naming the line for anything malformed.
    static core::Result<Keyring> Parse(std::string_view text);
    // Reads and parses `path`, refusing a file that group or others can read (kFailedPrecondition).
    static core::Result<Keyring> LoadFile(const std::string& path);
    // Key file text with a fresh random key (id 1) and lookup key.
    static std::string Generate(CipherAlgorithm algorithm);
    // Writes Generate() to `path` with mode 0600; kAlreadyExists if the file exists.
    static core::Status CreateFile(const std::string& path, CipherAlgorithm algorithm);

    // Seals `plaintext` with the active key, bound to `context`.
    std::string Encrypt(std::string_view plaintext, std::string_view context) const;
    // Opens a sealed value. kInternal if it names an unknown key or fails its integrity check
    // (never saying what it held).
    core::Result<std::string> Decrypt(std::string_view sealed, std::string_view context) const;
    // Lower-case hex keyed hash of `value`, for equality lookups.
    std::string LookupHash(std::string_view value) const;

    int active_key_id() const { return active_; }
    CipherAlgorithm active_algorithm() const { return keys_.at(active_).algorithm; }

private:
    struct Key {
        CipherAlgorithm algorithm;
        std::string bytes;
    };
    std::map<int, Key> keys_;
    int active_ = 0;
    std::string lookup_key_;
    bool lookup_sm3_ = false;  // the lookup key's algorithm never follows key rotation
};

// The primitives, exposed for known-answer tests.
// AES-256-GCM: returns ciphertext || 16-byte tag.
std::string Aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad, std::string_view plaintext);
// nullopt-like failure as an empty optional when the tag does not verify.
core::Result<std::string> Aes256GcmOpen(std::string_view key, std::string_view nonce, std::string_view aad,
                                        std::string_view sealed);
std::string Sm4Ctr(std::string_view key, std::string_view iv, std::string_view data);
std::string HmacSm3(std::string_view key, std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string ToHex(std::string_view bytes);
std::string FromHex(std::string_view hex);  // "" for malformed input

}  // namespace xinqiao::store
