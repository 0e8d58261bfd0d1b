#include "core/auth/account_query.hpp"

#include <set>

#include "core/common/params.hpp"
#include "core/common/text.hpp"

namespace xinqiao::core::auth {

Result<AccountQuery> ParseAccountQuery(const std::vector<std::pair<std::string, std::string>>& params) {
    AccountQuery q;
    std::set<std::string> seen;
    for (const auto& [key, value] : params) {
        if (!seen.insert(key).second) return Error::InvalidArgument(key + " is given more than once", key);
        if (key == "q") {
            q.text = std::string(TrimAscii(value));
            if (!IsValidUtf8(q.text) || HasControlCharacter(q.text) || CodePointCount(q.text) > AccountQuery::kMaxText) {
                return Error::InvalidArgument("q must be at most " + std::to_string(AccountQuery::kMaxText) +
                                              " characters of plain text", key);
            }
        } else if (key == "page") {
            XINQIAO_ASSIGN_OR_RETURN(auto v, ParsePositiveParam(key, value, 1'000'000));
            q.page = static_cast<int>(v);
        } else if (key == "page_size") {
            XINQIAO_ASSIGN_OR_RETURN(auto v, ParsePositiveParam(key, value, AccountQuery::kMaxPageSize));
            q.page_size = static_cast<int>(v);
        } else {
            return Error::InvalidArgument("unknown parameter " + key, key);
        }
    }
    return q;
}

}  // namespace xinqiao::core::auth
