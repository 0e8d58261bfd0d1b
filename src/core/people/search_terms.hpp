#pragma once
// Finding a student by what a teacher types: the name or part of it (雪蕾), the initials of its
// pinyin (zxl for 张雪蕾, which is how staff type on a phone), the full pinyin (zhangxuelei), or
// the start of the student number. Each student's terms are written beside the student as the row
// is written, and a search is one prefix range over them: an index, never a scan of names.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

namespace xinqiao::core::people {

// What a search box may hold, in characters.
inline constexpr std::size_t kMaxSearchLength = 32;
// A search answers at most this many people; more asks the person to type more.
inline constexpr int kMaxSearchMatches = 200;

// The key a search for `q` looks for: spaces (ASCII and full-width) and the name dot (·) dropped,
// full-width letters and digits made ASCII, letters lower-case. Empty when `q` is blank (no
// search). kInvalidArgument, field "q", for bad UTF-8, a control character or more than
// kMaxSearchLength characters. The message never repeats what was typed.
Result<std::string> SearchKey(std::string_view q);

// The search terms of a student named `name` with `student_number`, given `syllables`, the
// pinyin of each character of the name (lower-case ASCII; empty for a character that is not
// Han; see store/pinyin.hpp): every ending of the name (so part of a name matches as a prefix),
// the initials and the full pinyin when the name has Han characters, and the student number.
// Each term is as SearchKey() would make it; no term repeats.
std::vector<std::string> SearchTerms(std::string_view name, const std::vector<std::string>& syllables,
                                     std::string_view student_number);

// The exclusive upper bound of the terms that start with `key`: key followed by U+10FFFF, which
// no term holds, compared bytewise.
std::string SearchUpperBound(std::string_view key);

}  // namespace xinqiao::core::people
