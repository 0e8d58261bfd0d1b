#pragma once
// Listing the staff accounts of a subtree: a search text and paging, from URL query parameters.

#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"

namespace xinqiao::core::auth {

struct AccountQuery {
    static constexpr int kDefaultPageSize = 20;
    static constexpr int kMaxPageSize = 200;
    static constexpr std::size_t kMaxText = 50;  // code points

    std::string text;  // in the login or the name; empty = everyone
    int page = 1;      // 1-based
    int page_size = kDefaultPageSize;
};

// Parses `q`, `page` and `page_size`. An unknown or repeated parameter or a bad value is
// kInvalidArgument whose field is the parameter name.
Result<AccountQuery> ParseAccountQuery(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace xinqiao::core::auth
