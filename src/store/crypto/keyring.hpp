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
//
// Rotation (`xinqiao admin rotate-key`): RotateFile() adds a key with the next id and makes it
// active; old keys stay in the file so every value keeps opening while ReencryptAll() (in
// data_store.hpp) moves values to the new key in batches. A keyring loaded with LoadFile()
// follows its file: at most once a second it looks whether the file changed and, if so, loads
// it again (keeping the old material if the new file is unusable or its lookup key differs), so
// a running server starts sealing with the new key within a second. Meeting a key id it does not
// know also makes it look at once.
//
// Threading: all const methods are safe to call from many threads.

#include <map>
#include <memory>
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
    // Adds a new random key (next id, `algorithm`) to the key file at `path` and makes it
    // active, replacing the file atomically (mode 0600). Returns the new key id.
    static core::Result<int> RotateFile(const std::string& path, CipherAlgorithm algorithm);

    // Seals `plaintext` with the active key, bound to `context`.
    std::string Encrypt(std::string_view plaintext, std::string_view context) const;
    // Opens a sealed value. kInternal if it names an unknown key or fails its integrity check
    // (never saying what it held).
    core::Result<std::string> Decrypt(std::string_view sealed, std::string_view context) const;
    // Lower-case hex keyed hash of `value`, for equality lookups.
    std::string LookupHash(std::string_view value) const;

    int active_key_id() const;
    CipherAlgorithm active_algorithm() const;
    // True if `sealed` was sealed with the active key.
    bool IsSealedWithActiveKey(std::string_view sealed) const;

    // Loads the file again now if it changed (LoadFile keyrings only). kFailedPrecondition,
    // keeping the current keys, if the new file is unusable or changes the lookup key.
    core::Status Reload() const;

private:
    struct Key {
        CipherAlgorithm algorithm;
        std::string bytes;
    };
    struct Material {
        std::map<int, Key> keys;
        int active = 0;
        std::string lookup_key;
        bool lookup_sm3 = false;  // the lookup key's algorithm never follows key rotation
    };
    struct Source;  // the file a LoadFile keyring follows

    // The keys in force, after looking at the file if a second has passed.
    std::shared_ptr<const Material> Current() const;
    core::Status ReloadIfChanged(bool force) const;

    std::shared_ptr<Source> source_;  // shared by copies, so all of them follow the file
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
