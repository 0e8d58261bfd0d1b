#pragma once
// The pinyin of a person's name, for the search terms of core/people/search_terms.hpp: one
// syllable per character (lower-case ASCII, no tones; empty for a character that is not Han), the
// first character read as a surname (曾 zeng, 单 shan, 解 xie; 长孙 zhang sun). ICU's Han-Latin
// transliterators give the readings; each character's reading is kept once per thread, so a
// million names cost a few thousand transliterations.

#include <string>
#include <string_view>
#include <vector>

namespace xinqiao::store {

std::vector<std::string> PinyinOf(std::string_view name);

}  // namespace xinqiao::store
