#pragma once
// The codes people type instead of a password: a student's sign-in code (printed by the class
// teacher, with the student number) and a guardian's invitation code. Upper-case letters and
// digits without look-alikes (no 0/O, 1/I/L), grouped by four: "K7QM-3XHD".

#include <optional>
#include <string>
#include <string_view>

#include "core/ports/random_source.hpp"

namespace xinqiao::core::auth {

inline constexpr int kStudentCodeLength = 8;      // 31^8 ~ 8.5e11, tried only with a student number
inline constexpr int kInvitationCodeLength = 12;  // 31^12 ~ 7.9e17, looked up on its own
inline constexpr int kActivationCodeLength = 12;  // staff accounts: more to guard than a student's

// A new random code of `length` characters (a multiple of 4), grouped with '-'.
std::string NewAccessCode(ports::RandomSource& random, int length);

// What the user typed, in canonical form (upper case, no spaces or dashes, the look-alikes
// o->0 excluded), if it could be a code of `length` characters; nullopt otherwise.
std::optional<std::string> NormalizeAccessCode(std::string_view typed, int length);

}  // namespace xinqiao::core::auth
