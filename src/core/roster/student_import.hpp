#pragma once
// Reading a school's student roster from the table it already has (CSV exported from Excel,
// Chinese column headers) into checked rows, with a problem report by line, column and reason.
//
// Columns (headers in any order; aliases accepted):
//   required: 姓名, 性别, 出生日期, 学籍号, 年级, 班级
//   optional: 身份证号, 监护人, 监护人电话, 监护人关系, 留守儿童, 单亲, 贫困, 残疾, 流动, 丧亲,
//             孤儿 (事实无人抚养)
// A row with any problem is not imported; the others are.

#include <optional>
#include <string>
#include <vector>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/people/student.hpp"
#include "core/roster/csv.hpp"

namespace xinqiao::core::roster {

struct ImportProblem {
    int line = 0;
    std::string column;  // the header as written in the file, or "" for the whole row
    std::string reason;  // never repeats the cell's content
};

struct ImportGuardian {
    std::string name;
    people::GuardianRelation relation = people::GuardianRelation::kOther;
    std::string phone;
};

struct ImportStudent {
    int line = 0;
    std::string grade;  // grade (or faculty) name as written
    std::string klass;  // class name as written
    people::Student student;  // name, gender, birth date, student number, ID number, flags
    std::optional<ImportGuardian> guardian;
};

struct ParsedRoster {
    int data_rows = 0;
    std::vector<ImportStudent> rows;  // rows without problems
    std::vector<ImportProblem> problems;
};

// kInvalidArgument (field "file") if the header row lacks a required column; otherwise every
// row is either in `rows` or reported in `problems`. Duplicate student numbers or ID numbers
// within the file are problems on the later row.
Result<ParsedRoster> ParseStudentRoster(const std::vector<CsvRow>& rows, const Date& today);

// Accepted date spellings: 2014-03-08, 2014/3/8, 2014.3.8, 20140308.
std::optional<Date> ParseLooseDate(std::string_view text);

// The student list template: a CSV file with the header row only.
std::string StudentRosterTemplate();

}  // namespace xinqiao::core::roster
