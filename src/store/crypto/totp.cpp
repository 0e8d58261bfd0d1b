#include "store/crypto/totp.hpp"

#include <cstdio>

#include "core/common/text.hpp"
#include "store/crypto/keyring.hpp"
#include "store/crypto/password.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace xinqiao::store {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::int64_t kStepSeconds = 30;

}  // namespace

std::string Base32Encode(std::string_view bytes) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char ch : text) {
        if (ch == '=' || ch == ' ') continue;
        const char c = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= '2' && c <= '7') v = c - '2' + 26;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

std::string HotpCode(std::string_view key, std::int64_t step, int digits) {
    unsigned char counter[8];
    for (int i = 7; i >= 0; --i) {
        counter[i] = static_cast<unsigned char>(step & 0xFF);
        step >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), counter, sizeof counter, mac, &len);
    const int offset = mac[len - 1] & 0x0F;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
    std::uint32_t mod = 1;
    for (int i = 0; i < digits; ++i) mod *= 10;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*u", digits, binary % mod);
    return buf;
}

std::string Totp::NewSecret() { return Base32Encode(RandomBytes(20)); }

std::int64_t Totp::Verify(const std::string& secret, const std::string& code, std::int64_t now_ms,
                          std::int64_t after_step) {
    const auto key = Base32Decode(secret);
    if (!key || key->empty() || code.size() != 6) return -1;
    const std::int64_t now_step = now_ms / 1000 / kStepSeconds;
    for (std::int64_t step = now_step - 1; step <= now_step + 1; ++step) {
        if (step > after_step && core::ConstantTimeEquals(HotpCode(*key, step), code)) return step;
    }
    return -1;
}

}  // namespace xinqiao::store
