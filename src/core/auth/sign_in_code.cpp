#include "core/auth/sign_in_code.hpp"

namespace xinqiao::core::auth {
namespace {

constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
// The largest multiple of the alphabet size below 256: bytes at or above it are redrawn, so
// every character is equally likely.
constexpr unsigned kUnbiasedLimit = 256 - 256 % kAlphabet.size();

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace

std::string NewAccessCode(ports::RandomSource& random, int length) {
    std::string chars;
    while (static_cast<int>(chars.size()) < length) {
        const std::string hex = random.HexToken(length * 2);
        for (std::size_t i = 0; i + 1 < hex.size() && static_cast<int>(chars.size()) < length; i += 2) {
            const unsigned byte = static_cast<unsigned>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1]));
            if (byte < kUnbiasedLimit) chars += kAlphabet[byte % kAlphabet.size()];
        }
    }
    std::string out;
    for (int i = 0; i < length; ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += chars[static_cast<std::size_t>(i)];
    }
    return out;
}

std::optional<std::string> NormalizeAccessCode(std::string_view typed, int length) {
    if (typed.size() > 64) return std::nullopt;
    std::string out;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        out += c;
    }
    if (static_cast<int>(out.size()) != length) return std::nullopt;
    return out;
}

}  // namespace xinqiao::core::auth
