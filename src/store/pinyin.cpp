#include "store/pinyin.hpp"

#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <memory>
#include <unordered_map>

namespace xinqiao::store {
namespace {

// One transliterator of each kind per thread: ICU's are not to be shared between threads.
class Readings {
public:
    Readings() {
        UErrorCode status = U_ZERO_ERROR;
        plain_.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        if (U_FAILURE(status)) plain_.reset();
        status = U_ZERO_ERROR;
        names_.reset(icu::Transliterator::createInstance("Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        if (U_FAILURE(status)) names_.reset();
    }

    // The reading of a Han character anywhere in a name.
    const std::string& Of(UChar32 c) {
        auto [it, added] = plain_cache_.try_emplace(c);
        if (added) it->second = FirstWord(Transliterate(plain_.get(), icu::UnicodeString(c)));
        return it->second;
    }

    // The reading of a name's first character as a surname; `next` (0 if none) is the character
    // after it, which decides a few (长孙 zhang, 万俟 mo, 令狐 ling).
    const std::string& AsSurname(UChar32 first, UChar32 next) {
        const auto key = (static_cast<std::uint64_t>(first) << 32) | static_cast<std::uint32_t>(next);
        auto [it, added] = surname_cache_.try_emplace(key);
        if (!added) return it->second;
        icu::UnicodeString pair(first);
        if (next != 0) pair.append(next);
        // The two together first: the reading that depends on the next character comes out as a
        // word of its own. Some single readings run into the next syllable (曾小 gives
        // "zengxiao"), so when there is no space the first character is read alone.
        const std::string both = Transliterate(names_.get(), pair);
        if (both.find(' ') != std::string::npos) {
            it->second = FirstWord(both);
        } else {
            it->second = FirstWord(Transliterate(names_.get(), icu::UnicodeString(first)));
        }
        if (it->second.empty()) it->second = Of(first);
        return it->second;
    }

private:
    static std::string Transliterate(const icu::Transliterator* t, icu::UnicodeString text) {
        if (!t) return {};
        t->transliterate(text);
        std::string out;
        text.toUTF8String(out);
        return out;
    }

    // The first run of ASCII letters: the syllable, without spaces or marks ICU leaves.
    static std::string FirstWord(const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c >= 'a' && c <= 'z') {
                out.push_back(c);
            } else if (!out.empty()) {
                break;
            }
        }
        return out;
    }

    std::unique_ptr<icu::Transliterator> plain_, names_;
    std::unordered_map<UChar32, std::string> plain_cache_;
    std::unordered_map<std::uint64_t, std::string> surname_cache_;
};

bool IsHan(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN && U_SUCCESS(status);
}

}  // namespace

std::vector<std::string> PinyinOf(std::string_view name) {
    thread_local Readings readings;
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    std::vector<UChar32> chars;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) chars.push_back(text.char32At(i));
    std::vector<std::string> syllables(chars.size());
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (!IsHan(chars[i])) continue;
        syllables[i] = i == 0 ? readings.AsSurname(chars[0], chars.size() > 1 && IsHan(chars[1]) ? chars[1] : 0)
                              : readings.Of(chars[i]);
    }
    return syllables;
}

}  // namespace xinqiao::store
