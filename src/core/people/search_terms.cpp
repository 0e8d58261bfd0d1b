#include "core/people/search_terms.hpp"

#include <algorithm>

#include "core/common/text.hpp"

namespace xinqiao::core::people {
namespace {

// Decodes well-formed UTF-8 (checked by the caller) into code points.
std::u32string CodePoints(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(c);
        i += n;
    }
    return out;
}

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// One character as a key holds it: nothing for spaces and name dots, ASCII for full-width forms,
// lower case for letters.
std::u32string Folded(std::u32string_view text) {
    std::u32string out;
    for (char32_t c : text) {
        if (c == U' ' || c == U'\t' || c == 0x3000 || c == 0x00B7 || c == 0x30FB || c == 0x2022) continue;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII forms
        if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
        out.push_back(c);
    }
    return out;
}

std::string Utf8(std::u32string_view text) {
    std::string out;
    for (char32_t c : text) AppendUtf8(out, c);
    return out;
}

bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

}  // namespace

Result<std::string> SearchKey(std::string_view q) {
    if (!IsValidUtf8(q)) return Error::InvalidArgument("q must be UTF-8 text", "q");
    if (HasControlCharacter(q)) return Error::InvalidArgument("q must not hold control characters", "q");
    const std::u32string folded = Folded(CodePoints(q));
    if (folded.size() > kMaxSearchLength) {
        return Error::InvalidArgument("q has at most " + std::to_string(kMaxSearchLength) + " characters", "q");
    }
    return Utf8(folded);
}

std::vector<std::string> SearchTerms(std::string_view name, const std::vector<std::string>& syllables,
                                     std::string_view student_number) {
    std::vector<std::string> terms;
    const std::u32string chars = CodePoints(IsValidUtf8(name) ? name : std::string_view());
    // The name's words: a Han character's syllable, or a run of Latin letters (李Anna: li, anna).
    std::vector<std::string> words;
    bool han = false;
    std::string latin;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const std::string syllable = i < syllables.size() ? syllables[i] : std::string();
        if (IsAsciiLetter(chars[i])) {
            latin.push_back(static_cast<char>(chars[i] | 0x20));
            continue;
        }
        if (!latin.empty()) words.push_back(std::move(latin)), latin.clear();
        if (!syllable.empty()) {
            words.push_back(syllable);
            han = true;
        }
    }
    if (!latin.empty()) words.push_back(std::move(latin));

    const std::u32string folded = Folded(chars);
    for (std::size_t from = 0; from < folded.size(); ++from) terms.push_back(Utf8(folded.substr(from)));
    if (han) {
        std::string initials, full;
        for (const auto& w : words) {
            initials.push_back(w.front());
            full += w;
        }
        terms.push_back(std::move(initials));
        terms.push_back(std::move(full));
    }
    if (IsValidUtf8(student_number)) {
        if (auto number = Utf8(Folded(CodePoints(student_number))); !number.empty()) terms.push_back(std::move(number));
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
}

std::string SearchUpperBound(std::string_view key) { return std::string(key) + "\xF4\x8F\xBF\xBF"; }

}  // namespace xinqiao::core::people
