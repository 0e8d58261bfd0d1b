#include "store/crypto/keyring.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
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

// Bumped in a forked child, whose threads must not repeat the parent's nonces.
std::atomic<std::uint64_t> fork_generation{0};

// A fresh AES-GCM nonce. Each thread draws a random 96-bit starting point once and counts up from
// it (the last 64 bits, big-endian), drawing anew after 2^32 nonces and after a fork. Distinct
// 96-bit nonces are all GCM needs (its block counter lives outside them), and a nonce repeats only
// if two threads' runs of at most 2^32 overlap somewhere in 2^96: no likelier than two random
// nonces colliding. A CSPRNG call per nonce took a quarter of sealing an answer (OpenSSL checks
// for a fork with a getpid() system call and takes a lock each time). Not for SM4-CTR's IVs: a
// CTR IV counts up per block itself, so consecutive IVs would share keystream.
std::string FreshGcmNonce() {
    constexpr std::uint64_t kDrawAfter = std::uint64_t{1} << 32;
    struct Run {
        unsigned char nonce[kGcmNonce] = {};
        std::uint64_t used = kDrawAfter;
        std::uint64_t generation = 0;
    };
    // Watched from the first nonce on: a fork before it has no run to repeat.
    static const bool watching_forks = [] {
        ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); });
        return true;
    }();
    (void)watching_forks;
    thread_local Run run;
    const std::uint64_t generation = fork_generation.load(std::memory_order_relaxed);
    if (run.used >= kDrawAfter || run.generation != generation) {
        const std::string start = RandomBytes(kGcmNonce);
        std::copy(start.begin(), start.end(), run.nonce);
        run.used = 0;
        run.generation = generation;
    }
    for (std::size_t i = kGcmNonce; i-- > kGcmNonce - 8;) {
        if (++run.nonce[i] != 0) break;
    }
    ++run.used;
    return std::string(reinterpret_cast<const char*>(run.nonce), kGcmNonce);
}

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

struct Keyring::Source {
    std::string path;  // empty: parsed from text, never reloaded
    std::mutex mu;
    std::shared_ptr<const Material> material;
    std::chrono::steady_clock::time_point last_check;
    struct stat seen {};  // the file as last loaded
};

core::Result<Keyring> Keyring::Parse(std::string_view text) {
    Material k;
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
            if (!(words >> k.active)) return Error::InvalidArgument(where + ": expected active <key id>", "key_file");
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
            if (k.keys.count(id)) return Error::InvalidArgument(where + ": key " + std::to_string(id) + " twice", "key_file");
            k.keys.emplace(id, Key{a, std::move(bytes)});
        } else if (kind == "lookup") {
            std::string hex, algorithm = "hmac-sha256";
            words >> hex >> algorithm;
            if (algorithm != "hmac-sha256" && algorithm != "hmac-sm3") {
                return Error::InvalidArgument(where + ": a lookup key is hmac-sha256 or hmac-sm3", "key_file");
            }
            k.lookup_sm3 = algorithm == "hmac-sm3";
            k.lookup_key = FromHex(hex);
            if (k.lookup_key.size() != 32) return Error::InvalidArgument(where + ": a lookup key has 64 hex digits", "key_file");
        } else {
            return Error::InvalidArgument(where + ": unknown entry " + kind, "key_file");
        }
    }
    if (!k.keys.count(k.active)) return Error::InvalidArgument("the key file names no usable active key", "key_file");
    if (k.lookup_key.empty()) return Error::InvalidArgument("the key file has no lookup key", "key_file");
    Keyring ring;
    ring.source_ = std::make_shared<Source>();
    ring.source_->material = std::make_shared<const Material>(std::move(k));
    return ring;
}

namespace {

// Reads a key file that only its owner may read.
core::Result<std::string> ReadPrivateFile(const std::string& path, struct stat& st) {
    if (::stat(path.c_str(), &st) != 0) {
        return Error::FailedPrecondition("no key file at " + path + " (create one with: xinqiao keygen)", "key_file");
    }
    if ((st.st_mode & 077) != 0) {
        return Error::FailedPrecondition("the key file " + path + " may be read by others; chmod 600 it", "key_file");
    }
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool SameFile(const struct stat& a, const struct stat& b) {
    return a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_size == b.st_size &&
           a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

}  // namespace

std::shared_ptr<const Keyring::Material> Keyring::Current() const {
    XINQIAO_ASSERT(source_ != nullptr, "a Keyring comes from Parse or LoadFile");
    if (!source_->path.empty()) (void)ReloadIfChanged(false);
    std::lock_guard lock(source_->mu);
    return source_->material;
}

core::Status Keyring::Reload() const { return ReloadIfChanged(true); }

core::Status Keyring::ReloadIfChanged(bool force) const {
    if (source_->path.empty()) return core::Ok();
    const auto now = std::chrono::steady_clock::now();
    struct stat seen {};
    std::shared_ptr<const Material> current;
    {
        std::lock_guard lock(source_->mu);
        if (!force && now - source_->last_check < std::chrono::seconds(1)) return core::Ok();
        source_->last_check = now;
        seen = source_->seen;
        current = source_->material;
    }
    struct stat st {};
    if (::stat(source_->path.c_str(), &st) != 0 || SameFile(st, seen)) return core::Ok();
    XINQIAO_ASSIGN_OR_RETURN(const std::string text, ReadPrivateFile(source_->path, st));
    XINQIAO_ASSIGN_OR_RETURN(const Keyring fresh, Parse(text));
    const auto material = fresh.source_->material;
    if (material->lookup_key != current->lookup_key || material->lookup_sm3 != current->lookup_sm3) {
        return Error::FailedPrecondition("the key file's lookup key changed; keeping the keys in use", "key_file");
    }
    std::lock_guard lock(source_->mu);
    source_->material = material;
    source_->seen = st;
    return core::Ok();
}

int Keyring::active_key_id() const { return Current()->active; }
CipherAlgorithm Keyring::active_algorithm() const {
    const auto m = Current();
    return m->keys.at(m->active).algorithm;
}

bool Keyring::IsSealedWithActiveKey(std::string_view sealed) const {
    return sealed.starts_with("v1:" + std::to_string(Current()->active) + ":");
}

core::Result<Keyring> Keyring::LoadFile(const std::string& path) {
    struct stat st {};
    XINQIAO_ASSIGN_OR_RETURN(const std::string text, ReadPrivateFile(path, st));
    XINQIAO_ASSIGN_OR_RETURN(Keyring k, Parse(text));
    k.source_->path = path;
    k.source_->seen = st;
    k.source_->last_check = std::chrono::steady_clock::now();
    return k;
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

core::Result<int> Keyring::RotateFile(const std::string& path, CipherAlgorithm algorithm) {
    struct stat st {};
    XINQIAO_ASSIGN_OR_RETURN(const std::string text, ReadPrivateFile(path, st));
    XINQIAO_ASSIGN_OR_RETURN(const Keyring current, Parse(text));
    const int id = current.source_->material->keys.rbegin()->first + 1;
    // Keep every line but the active one; old keys must stay to open older values.
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        std::istringstream words(std::string(core::TrimAscii(line.substr(0, line.find('#')))));
        std::string kind;
        if (words >> kind && kind == "active") continue;
        out += line + "\n";
    }
    out += "# key " + std::to_string(id) + " added by xinqiao admin rotate-key\n";
    out += "key " + std::to_string(id) + " " + std::string(CipherAlgorithmName(algorithm)) + " " +
           ToHex(RandomBytes(KeyBytes(algorithm))) + "\n";
    out += "active " + std::to_string(id) + "\n";
    XINQIAO_RETURN_IF_ERROR(Parse(out));  // never write a file that would not load

    const std::string tmp = path + ".new";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return Error::Unavailable("cannot write " + tmp);
    const bool ok = ::fchmod(fd, 0600) == 0 &&
                    ::write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return Error::Unavailable("cannot replace the key file " + path);
    }
    const std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return id;
}

std::string Keyring::Encrypt(std::string_view plaintext, std::string_view context) const {
    const auto material = Current();
    const int active = material->active;
    const Key& key = material->keys.at(active);
    std::string blob;
    if (key.algorithm == CipherAlgorithm::kAes256Gcm) {
        const std::string nonce = FreshGcmNonce();
        blob = nonce + Aes256GcmSeal(key.bytes, nonce, context, plaintext);
    } else {
        const std::string iv = RandomBytes(kSm4Iv);
        const std::string ct = Sm4Ctr(std::string_view(key.bytes).substr(0, 16), iv, plaintext);
        const std::string mac = HmacSm3(std::string_view(key.bytes).substr(16), std::string(context) + iv + ct);
        blob = iv + ct + mac;
    }
    return "v1:" + std::to_string(active) + ":" + Base64(blob);
}

core::Result<std::string> Keyring::Decrypt(std::string_view sealed, std::string_view context) const {
    const auto bad = [] { return Error::Internal("a stored value failed its integrity check"); };
    if (!sealed.starts_with("v1:")) return bad();
    const auto colon = sealed.find(':', 3);
    if (colon == std::string_view::npos) return bad();
    const auto id = core::ParseInt64(sealed.substr(3, colon - 3));
    if (!id) return bad();
    auto material = Current();
    if (!material->keys.count(static_cast<int>(*id))) {
        // Perhaps rotated a moment ago: look at the file now.
        (void)ReloadIfChanged(true);
        material = Current();
        if (!material->keys.count(static_cast<int>(*id))) {
            return Error::Internal("a stored value names a key this server does not have");
        }
    }
    const Key& key = material->keys.at(static_cast<int>(*id));
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
    const auto m = Current();
    return ToHex(m->lookup_sm3 ? HmacSm3(m->lookup_key, value) : HmacSha256(m->lookup_key, value));
}

}  // namespace xinqiao::store
