#pragma once
// Listing the students of a subtree: paging, sorting and filters, validated from the
// parameters a client sends (URL query parameters).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/people/student.hpp"

namespace xinqiao::core::people {

enum class StudentSort {
    kRoster,         // class by class, then student number: the order of a paper roster
    kStudentNumber,
    kName,
    kBirthDate,
};

struct StudentQuery {
    static constexpr int kDefaultPageSize = 50;
    static constexpr int kMaxPageSize = 500;

    int page = 1;                        // 1-based
    int page_size = kDefaultPageSize;    // 1..kMaxPageSize
    StudentSort sort = StudentSort::kRoster;
    bool descending = false;
    std::optional<org::OrgUnitId> grade_id;   // a grade or faculty
    std::optional<org::OrgUnitId> class_id;
    std::optional<Gender> gender;
    SpecialSituations any_special;       // students with at least one of these; empty = no filter
    std::optional<std::string> name;     // exactly this name (set by services, not a URL parameter)
    std::string search;                  // a SearchKey(): students whose name, pinyin or number match

    std::int64_t Offset() const { return static_cast<std::int64_t>(page - 1) * page_size; }
};

// Parses `page`, `page_size`, `sort` (roster | student_number | name | birth_date, '-' prefix
// for descending), `grade`, `class`, `gender`, `special_group` (comma-separated, any of) and `q`
// (a search, see core/people/search_terms.hpp).
// An unknown parameter, a repeated one or a bad value is kInvalidArgument whose field is the
// parameter name.
Result<StudentQuery> ParseStudentQuery(const std::vector<std::pair<std::string, std::string>>& params);

// A student as a list shows them: with the names of their grade (or faculty) and class.
struct StudentListItem {
    Student student;
    std::string grade_name;
    std::string class_name;
};

struct StudentPage {
    std::vector<StudentListItem> items;
    std::int64_t total = 0;
    // A search stops at kMaxSearchMatches people: true when there were more (type more to narrow).
    bool more = false;
};

}  // namespace xinqiao::core::people
