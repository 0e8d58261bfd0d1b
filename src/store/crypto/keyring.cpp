#include "store/crypto/keyring.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "core/common/assert.hpp"
#include "core/common/text.hpp"
#include "store/crypto/password.hpp"

namespace xinqiao::store {
namespace {

using core::Error;

constexpr std::size_t kGcmNonce = 12, kGcmTag = 16, kSm4Iv = 16, kSm3Mac = 32;

struct CtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const auto* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string Base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), U(bytes), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

core::Result<std::string> Unbase64(std::string_view text) {
    if (text.size() % 4 != 0) return Error::Internal("a stored value is malformed");
    std::string out(3 * text.size() / 4 + 1, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), U(text), static_cast<int>(text.size()));
    if (n < 0) return Error::Internal("a stored value is malformed");
    std::size_t len = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts padding bytes as output.
    if (!text.empty() && text.back() == '=') --len;
    if (text.size() > 1 && text[text.size() - 2] == '=') --len;
    out.resize(len);
    return out;
}

const EVP_MD* Sha256() {
    static EVP_MD* const kMd = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return kMd;
}
const EVP_MD* Sm3() {
    static EVP_MD* const kMd = EVP_MD_fetch(nullptr, "SM3", nullptr);
    return kMd;
}

std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const auto* r = HMAC(md, key.data(), static_cast<int>(key.size()), U(data), data.size(), out, &len);
    XINQIAO_ASSERT(r != nullptr, "HMAC does not fail on valid input");
    return std::string(reinterpret_cast<char*>(out), len);
}

std::size_t KeyBytes(CipherAlgorithm a) { return a == CipherAlgorithm::kAes256Gcm ? 32 : 16 + 32; }

}  // namespace

std::string_view CipherAlgorithmName(CipherAlgorithm a) {
    return a == CipherAlgorithm::kAes256Gcm ? "aes-256-gcm" : "sm4-ctr-hmac-sm3";
}

std::string ToHex(std::string_view bytes) { return core::ToHex(bytes); }

std::string FromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) return {};
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return {};
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

// OpenSSL 3 looks algorithms up by name on every implicit use; fetch once and keep them.
const EVP_CIPHER* Gcm() {
    static EVP_CIPHER* const kCipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return kCipher;
}
const EVP_CIPHER* Sm4CtrCipher() {
    static EVP_CIPHER* const kCipher = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
    return kCipher;
}

// One reusable context per thread; the AES key schedule is redone only when the key changes.
struct GcmEncryptor {
    Ctx ctx{EVP_CIPHER_CTX_new()};
    std::string key;
};

std::string Aes256GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad, std::string_view plaintext) {
    thread_local GcmEncryptor enc;
    EVP_CIPHER_CTX* ctx = enc.ctx.get();
    int len = 0;
    std::string out(plaintext.size() + kGcmTag, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    bool ok = true;
    if (enc.key != key || nonce.size() != kGcmNonce) {
        ok = EVP_EncryptInit_ex(ctx, Gcm(), nullptr, nullptr, nullptr) == 1 &&
             EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1 &&
             EVP_EncryptInit_ex(ctx, nullptr, nullptr, U(key), U(nonce)) == 1;
        enc.key = nonce.size() == kGcmNonce ? std::string(key) : std::string();
    } else {
        ok = EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, U(nonce)) == 1;
    }
    ok = ok &&
         (aad.empty() || EVP_EncryptUpdate(ctx, nullptr, &len, U(aad), static_cast<int>(aad.size())) == 1) &&
         EVP_EncryptUpdate(ctx, o, &len, U(plaintext), static_cast<int>(plaintext.size())) == 1;
    int fin = 0;
    ok = ok && EVP_EncryptFinal_ex(ctx, o + len, &fin) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kGcmTag, o + plaintext.size()) == 1;
    XINQIAO_ASSERT(ok, "AES-256-GCM encryption does not fail on valid input");
    return out;
}

core::Result<std::string> Aes256GcmOpen(std::string_view key, std::string_view nonce, std::string_view aad,
                                        std::string_view sealed) {
    if (sealed.size() < kGcmTag) return Error::Internal("a stored value failed its integrity check");
    const std::string_view ct = sealed.substr(0, sealed.size() - kGcmTag);
    std::string tag(sealed.substr(sealed.size() - kGcmTag));
    Ctx ctx(EVP_CIPHER_CTX_new());
    int len = 0, fin = 0;
    std::string out(ct.size(), '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    const bool ok =
        EVP_DecryptInit_ex(ctx.get(), Gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1 &&
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, U(key), U(nonce)) == 1 &&
        (aad.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(aad), static_cast<int>(aad.size())) == 1) &&
        EVP_DecryptUpdate(ctx.get(), o, &len, U(ct), static_cast<int>(ct.size())) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTag, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), o + len, &fin) == 1;
    if (!ok) return Error::Internal("a stored value failed its integrity check");
    return out;
}

std::string Sm4Ctr(std::string_view key, std::string_view iv, std::string_view data) {
    Ctx ctx(EVP_CIPHER_CTX_new());
    int len = 0, fin = 0;
    std::string out(data.size(), '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    const bool ok = EVP_EncryptInit_ex(ctx.get(), Sm4CtrCipher(), nullptr, U(key), U(iv)) == 1 &&
                    EVP_EncryptUpdate(ctx.get(), o, &len, U(data), static_cast<int>(data.size())) == 1 &&
                    EVP_EncryptFinal_ex(ctx.get(), o + len, &fin) == 1;
    XINQIAO_ASSERT(ok, "SM4-CTR does not fail on valid input");
    return out;
}

std::string HmacSm3(std::string_view key, std::string_view data) { return Hmac(Sm3(), key, data); }
std::string HmacSha256(std::string_view key, std::string_view data) { return Hmac(Sha256(), key, data); }

core::Result<Keyring> Keyring::Parse(std::string_view text) {
    Keyring k;
    std::istringstream in{std::string(text)};
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string where = "key file line " + std::to_string(number);
        std::istringstream words(std::string(core::TrimAscii(line.substr(0, line.find('#')))));
        std::string kind;
        if (!(words >> kind)) continue;
        if (kind == "active") {
            if (!(words >> k.active_)) return Error::InvalidArgument(where + ": expected active <key id>", "key_file");
        } else if (kind == "key") {
            int id = 0;
            std::string algorithm, hex;
            if (!(words >> id >> algorithm >> hex) || id <= 0) {
                return Error::InvalidArgument(where + ": expected key <id> <algorithm> <hex>", "key_file");
            }
            CipherAlgorithm a;
            if (algorithm == "aes-256-gcm") a = CipherAlgorithm::kAes256Gcm;
            else if (algorithm == "sm4-ctr-hmac-sm3") a = CipherAlgorithm::kSm4CtrHmacSm3;
            else return Error::InvalidArgument(where + ": unknown algorithm " + algorithm, "key_file");
            std::string bytes = FromHex(hex);
            if (bytes.size() != KeyBytes(a)) {
                return Error::InvalidArgument(where + ": a " + algorithm + " key has " + std::to_string(KeyBytes(a) * 2) +
                                                  " hex digits",
                                              "key_file");
            }
            if (k.keys_.count(id)) return Error::InvalidArgument(where + ": key " + std::to_string(id) + " twice", "key_file");
            k.keys_.emplace(id, Key{a, std::move(bytes)});
        } else if (kind == "lookup") {
            std::string hex, algorithm = "hmac-sha256";
            words >> hex >> algorithm;
            if (algorithm != "hmac-sha256" && algorithm != "hmac-sm3") {
                return Error::InvalidArgument(where + ": a lookup key is hmac-sha256 or hmac-sm3", "key_file");
            }
            k.lookup_sm3_ = algorithm == "hmac-sm3";
            k.lookup_key_ = FromHex(hex);
            if (k.lookup_key_.size() != 32) return Error::InvalidArgument(where + ": a lookup key has 64 hex digits", "key_file");
        } else {
            return Error::InvalidArgument(where + ": unknown entry " + kind, "key_file");
        }
    }
    if (!k.keys_.count(k.active_)) return Error::InvalidArgument("the key file names no usable active key", "key_file");
    if (k.lookup_key_.empty()) return Error::InvalidArgument("the key file has no lookup key", "key_file");
    return k;
}

core::Result<Keyring> Keyring::LoadFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return Error::FailedPrecondition("no key file at " + path + " (create one with: xinqiao keygen)", "key_file");
    }
    if ((st.st_mode & 077) != 0) {
        return Error::FailedPrecondition("the key file " + path + " may be read by others; chmod 600 it", "key_file");
    }
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return Parse(ss.str());
}

std::string Keyring::Generate(CipherAlgorithm algorithm) {
    return "# Xinqiao keyring. Keep it secret (mode 0600) and back it up apart from the database:\n"
           "# without it the encrypted values cannot be read.\n"
           "active 1\n"
           "key 1 " + std::string(CipherAlgorithmName(algorithm)) + " " + ToHex(RandomBytes(KeyBytes(algorithm))) +
           "\nlookup " + ToHex(RandomBytes(32)) +
           (algorithm == CipherAlgorithm::kSm4CtrHmacSm3 ? " hmac-sm3" : " hmac-sha256") + "\n";
}

core::Status Keyring::CreateFile(const std::string& path, CipherAlgorithm algorithm) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return Error::AlreadyExists("the key file " + path + " already exists");
        return Error::Unavailable("cannot create the key file " + path);
    }
    const std::string text = Generate(algorithm);
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Error::Unavailable("cannot write the key file " + path);
    return core::Ok();
}

std::string Keyring::Encrypt(std::string_view plaintext, std::string_view context) const {
    const Key& key = keys_.at(active_);
    std::string blob;
    if (key.algorithm == CipherAlgorithm::kAes256Gcm) {
        const std::string nonce = RandomBytes(kGcmNonce);
        blob = nonce + Aes256GcmSeal(key.bytes, nonce, context, plaintext);
    } else {
        const std::string iv = RandomBytes(kSm4Iv);
        const std::string ct = Sm4Ctr(std::string_view(key.bytes).substr(0, 16), iv, plaintext);
        const std::string mac = HmacSm3(std::string_view(key.bytes).substr(16), std::string(context) + iv + ct);
        blob = iv + ct + mac;
    }
    return "v1:" + std::to_string(active_) + ":" + Base64(blob);
}

core::Result<std::string> Keyring::Decrypt(std::string_view sealed, std::string_view context) const {
    const auto bad = [] { return Error::Internal("a stored value failed its integrity check"); };
    if (!sealed.starts_with("v1:")) return bad();
    const auto colon = sealed.find(':', 3);
    if (colon == std::string_view::npos) return bad();
    const auto id = core::ParseInt64(sealed.substr(3, colon - 3));
    if (!id || !keys_.count(static_cast<int>(*id))) return Error::Internal("a stored value names a key this server does not have");
    const Key& key = keys_.at(static_cast<int>(*id));
    XINQIAO_ASSIGN_OR_RETURN(const std::string blob, Unbase64(sealed.substr(colon + 1)));
    if (key.algorithm == CipherAlgorithm::kAes256Gcm) {
        if (blob.size() < kGcmNonce + kGcmTag) return bad();
        return Aes256GcmOpen(key.bytes, std::string_view(blob).substr(0, kGcmNonce), context,
                             std::string_view(blob).substr(kGcmNonce));
    }
    if (blob.size() < kSm4Iv + kSm3Mac) return bad();
    const std::string_view iv = std::string_view(blob).substr(0, kSm4Iv);
    const std::string_view ct = std::string_view(blob).substr(kSm4Iv, blob.size() - kSm4Iv - kSm3Mac);
    const std::string_view mac = std::string_view(blob).substr(blob.size() - kSm3Mac);
    const std::string expected = HmacSm3(std::string_view(key.bytes).substr(16), std::string(context) + std::string(iv) + std::string(ct));
    if (!core::ConstantTimeEquals(mac, expected)) return bad();
    return Sm4Ctr(std::string_view(key.bytes).substr(0, 16), iv, ct);
}

std::string Keyring::LookupHash(std::string_view value) const {
    return ToHex(lookup_sm3_ ? HmacSm3(lookup_key_, value) : HmacSha256(lookup_key_, value));
}

}  // namespace xinqiao::store
