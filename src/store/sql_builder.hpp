#pragma once
// Builds a WHERE clause with numbered parameters as conditions are added, so each combination
// of filters is one cached statement with contiguous $1..$n (PostgreSQL requires that).

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace xinqiao::store {

struct SqlBuilder {
    std::string sql;
    Params params;

    // Appends `before`, a placeholder bound to `v`, then `after`.
    void Add(std::string_view before, Value v, std::string_view after = "") {
        params.push_back(std::move(v));
        sql += before;
        sql += "$" + std::to_string(params.size());
        sql += after;
    }
    void Text(std::string_view text) { sql += text; }
};

}  // namespace xinqiao::store
