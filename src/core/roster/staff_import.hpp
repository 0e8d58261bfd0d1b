#pragma once
// Reading a staff list (教职工名单) into checked rows: who signs in with which staff number, in
// which role, on which unit.
//
// Columns (headers in any order; aliases accepted):
//   required: 姓名, 工号, 角色, 所属单位
//   optional: 手机号
// 工号 becomes the sign-in name, so it follows the login rule (3-64 of letters, digits, . _ -).
// 角色 holds one or more roles (心理教师、班主任 ...), separated by 、 , ; or spaces. Admins and
// auditors are not imported (they are created one by one with `xinqiao admin`); students and
// guardians have their own ways in. 所属单位 names the unit the roles hold on, resolved later
// against the org tree (store-independent here). The same 工号 on several rows (one person,
// roles on different units) is one person if the names agree.

#include <string>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/roster/csv.hpp"
#include "core/roster/student_import.hpp"

namespace xinqiao::core::roster {

struct ImportStaffRow {
    int line = 0;
    std::string name;
    std::string login;  // the 工号, normalized
    std::vector<auth::Role> roles;
    std::string unit;   // as written (trimmed); "" is the unit imported into
    std::string phone;  // "" if not given
};

struct ParsedStaffRoster {
    int data_rows = 0;
    // The 工号 and 所属单位 headers as the file writes them, for problems found later against the
    // database and the org tree.
    std::string staff_number_header, unit_header;
    std::vector<ImportStaffRow> rows;  // rows without problems
    std::vector<ImportProblem> problems;
};

// kInvalidArgument (field "file") if the header row lacks a required column.
Result<ParsedStaffRoster> ParseStaffRoster(const std::vector<CsvRow>& rows);

// The role a staff list means by `word` (心理教师, 班主任, psychology_teacher, ...); empty if it is
// not a role that a staff list may grant.
std::optional<auth::Role> ParseStaffRole(std::string_view word);

// The staff list template: a CSV file with the header row only.
std::string StaffRosterTemplate();

}  // namespace xinqiao::core::roster
