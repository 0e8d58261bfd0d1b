#include "core/common/params.hpp"

#include "core/common/text.hpp"

namespace xinqiao::core {

Result<std::int64_t> ParsePositiveParam(const std::string& key, const std::string& value, std::int64_t max) {
    const auto v = ParseInt64(value);
    if (!v || *v < 1 || *v > max) {
        return Error::InvalidArgument(key + " must be a whole number from 1 to " + std::to_string(max), key);
    }
    return *v;
}

}  // namespace xinqiao::core
