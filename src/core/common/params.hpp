#pragma once
// Reading the parameters of a URL query.

#include <cstdint>
#include <string>

#include "core/common/result.hpp"

namespace xinqiao::core {

// `value` as a whole number from 1 to `max`; kInvalidArgument whose field is `key` otherwise.
Result<std::int64_t> ParsePositiveParam(const std::string& key, const std::string& value, std::int64_t max);

}  // namespace xinqiao::core
