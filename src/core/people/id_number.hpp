#pragma once
// Resident ID numbers per GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
// sequence (odd for men, even for women), ISO 7064 MOD 11-2 check character.

#include <optional>
#include <string>
#include <string_view>

#include "core/common/date.hpp"

namespace xinqiao::core::people {

// The check character ('0'-'9' or 'X') for the first 17 digits. Requires: 17 ASCII digits.
char IdNumberCheckCharacter(std::string_view first17);

// True if `id` is 18 characters, digits with a correct check character, and a real birth date.
bool IsValidIdNumber(std::string_view id);

// The birth date encoded in a valid ID number.
std::optional<Date> IdNumberBirthDate(std::string_view id);

// "990101********123X" style: region code and last four kept, the birth date hidden.
std::string MaskIdNumber(std::string_view id);

}  // namespace xinqiao::core::people
