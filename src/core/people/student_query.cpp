#include "core/people/student_query.hpp"

#include <set>

#include "core/common/params.hpp"
#include "core/common/text.hpp"
#include "core/people/search_terms.hpp"

namespace xinqiao::core::people {

Result<StudentQuery> ParseStudentQuery(const std::vector<std::pair<std::string, std::string>>& params) {
    StudentQuery q;
    std::set<std::string> seen;
    for (const auto& [key, value] : params) {
        if (!seen.insert(key).second) return Error::InvalidArgument(key + " is given more than once", key);
        if (key == "page") {
            XINQIAO_ASSIGN_OR_RETURN(auto v, ParsePositiveParam(key, value, 1'000'000));
            q.page = static_cast<int>(v);
        } else if (key == "page_size") {
            XINQIAO_ASSIGN_OR_RETURN(auto v, ParsePositiveParam(key, value, StudentQuery::kMaxPageSize));
            q.page_size = static_cast<int>(v);
        } else if (key == "sort") {
            std::string_view s = value;
            q.descending = !s.empty() && s.front() == '-';
            if (q.descending) s.remove_prefix(1);
            if (s == "roster") q.sort = StudentSort::kRoster;
            else if (s == "student_number") q.sort = StudentSort::kStudentNumber;
            else if (s == "name") q.sort = StudentSort::kName;
            else if (s == "birth_date") q.sort = StudentSort::kBirthDate;
            else return Error::InvalidArgument("sort must be roster, student_number, name or birth_date, optionally with a leading '-'", key);
        } else if (key == "grade" || key == "class") {
            XINQIAO_ASSIGN_OR_RETURN(auto v, ParsePositiveParam(key, value, INT64_MAX));
            (key == "grade" ? q.grade_id : q.class_id) = v;
        } else if (key == "gender") {
            const auto g = ParseGender(value);
            if (!g) return Error::InvalidArgument("gender must be male or female", key);
            q.gender = g;
        } else if (key == "special_group") {
            for (const auto name : Split(value, ',')) {
                const auto s = ParseSpecialSituation(name);
                if (!s) {
                    return Error::InvalidArgument(
                        "special_group must be a comma-separated list of left_behind, single_parent, low_income, "
                        "disability, migrant, bereaved, orphaned, bullied", key);
                }
                q.any_special.Set(*s);
            }
        } else if (key == "q") {
            XINQIAO_ASSIGN_OR_RETURN(q.search, SearchKey(value));
        } else {
            return Error::InvalidArgument("unknown parameter " + key, key);
        }
    }
    return q;
}

}  // namespace xinqiao::core::people
