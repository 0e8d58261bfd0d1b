#pragma once
// Sign-in names: 3 to 64 of [a-z0-9._-], upper case folded. Staff numbers (工号) become logins,
// so the staff roster checks them with the same rule.

#include <string>

#include "core/common/result.hpp"

namespace xinqiao::core::auth {

// The login in canonical form. kInvalidArgument naming "/login".
Result<std::string> NormalizeLogin(const std::string& login);

}  // namespace xinqiao::core::auth
