#pragma once
// Builds a WHERE clause with numbered parameters as conditions are added, so each combination
// of filters is one cached statement with contiguous $1..$n (PostgreSQL requires that).

#include <string>
#include <string_view>
#include <vector>

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
    // "$i, $j, ..." bound to `values`, for an IN list (callers make sure it is not empty).
    template <typename T>
    void List(const std::vector<T>& values) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) sql += ", ";
            params.emplace_back(values[i]);
            sql += "$" + std::to_string(params.size());
        }
    }
};

// A student's class named with its grade ("七年级" + "1班" = "七年级1班", as core::org::ClassLabel
// names it), for a query over `students s`: join kClassJoins, select kClassLabel.
inline constexpr const char* kClassJoins =
    " JOIN org_units cl ON cl.id = s.class_id JOIN org_units gr ON gr.id = s.grade_id ";
inline constexpr const char* kClassLabel =
    "CASE WHEN substr(cl.name, 1, length(gr.name)) = gr.name THEN cl.name ELSE gr.name || cl.name END";

// A LIKE pattern (escape character: backslash) matching values that contain `text` literally, with ASCII
// letters lowered: compare it with lower(column), which folds ASCII on SQLite and PostgreSQL.
inline std::string LikeContains(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out + "%";
}

}  // namespace xinqiao::store
