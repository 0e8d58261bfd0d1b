#include "core/roster/staff_import.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "core/auth/login.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "core/roster/columns.hpp"

namespace xinqiao::core::roster {
namespace {

using auth::Role;

enum class Col { kName, kStaffNumber, kRole, kUnit, kPhone };

constexpr std::array<ColumnSpec<Col>, 5> kHeaders = {{
    {Col::kName, {"姓名", "教师姓名", "", ""}},
    {Col::kStaffNumber, {"工号", "教职工号", "教工号", "职工号"}},
    {Col::kRole, {"角色", "岗位", "职务", ""}},
    {Col::kUnit, {"所属单位", "单位", "所在单位", "部门"}},
    {Col::kPhone, {"手机号", "手机", "手机号码", "联系电话"}},
}};
constexpr std::array<Col, 4> kRequired = {Col::kName, Col::kStaffNumber, Col::kRole, Col::kUnit};

// Words a role cell is split on.
constexpr std::array<std::string_view, 8> kRoleSeparators = {"、", ",", "，", ";", "；", "/", " ", "　"};

std::vector<std::string> SplitRoles(std::string_view cell) {
    std::vector<std::string> words;
    std::string current;
    for (std::size_t i = 0; i < cell.size();) {
        bool separator = false;
        for (auto sep : kRoleSeparators) {
            if (cell.substr(i, sep.size()) == sep) {
                if (!current.empty()) words.push_back(std::move(current));
                current.clear();
                i += sep.size();
                separator = true;
                break;
            }
        }
        if (!separator) current += cell[i++];
    }
    if (!current.empty()) words.push_back(std::move(current));
    return words;
}

}  // namespace

std::optional<Role> ParseStaffRole(std::string_view word) {
    static const std::map<std::string_view, Role> kWords = {
        {"教育局", Role::kBureauStaff},          {"教育局工作人员", Role::kBureauStaff},
        {"心理中心", Role::kBureauStaff},        {"区县心理中心", Role::kBureauStaff},
        {"教研员", Role::kBureauStaff},          {"校领导", Role::kSchoolLeader},
        {"校长", Role::kSchoolLeader},           {"副校长", Role::kSchoolLeader},
        {"分管校长", Role::kSchoolLeader},       {"心理教师", Role::kPsychologyTeacher},
        {"心理老师", Role::kPsychologyTeacher},  {"心理健康教师", Role::kPsychologyTeacher},
        {"专职心理教师", Role::kPsychologyTeacher}, {"兼职心理教师", Role::kPsychologyTeacher},
        {"辅导员", Role::kPsychologyTeacher},    {"年级长", Role::kGradeLead},
        {"年级主任", Role::kGradeLead},          {"院系负责人", Role::kGradeLead},
        {"班主任", Role::kClassTeacher},         {"医院", Role::kHospitalPartner},
        {"医生", Role::kHospitalPartner},        {"医院合作方", Role::kHospitalPartner},
        {"热线", Role::kHotlineOperator},        {"热线接线员", Role::kHotlineOperator},
    };
    if (const auto it = kWords.find(word); it != kWords.end()) return it->second;
    const auto named = auth::ParseRole(word);
    if (!named) return std::nullopt;
    switch (*named) {
        case Role::kAdmin:
        case Role::kAuditor:
        case Role::kPeerObserver:
        case Role::kStudent:
        case Role::kGuardian:
            return std::nullopt;
        default:
            return named;
    }
}

Result<ParsedStaffRoster> ParseStaffRoster(const std::vector<CsvRow>& rows) {
    XINQIAO_ASSIGN_OR_RETURN(const auto columns, Columns<Col>::FromHeader(rows, kHeaders, kRequired));
    ParsedStaffRoster out;
    out.staff_number_header = columns.Header(Col::kStaffNumber);
    out.unit_header = columns.Header(Col::kUnit);
    struct Seen {
        int line;
        std::string name, phone;
    };
    std::map<std::string, Seen> logins;  // first row of each 工号
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        ++out.data_rows;
        const std::size_t before = out.problems.size();
        const auto cell = [&](Col c) { return columns.Cell(row, c); };
        const auto problem = [&](Col c, std::string reason) {
            out.problems.push_back({row.line, columns.Header(c), std::move(reason)});
        };

        ImportStaffRow s;
        s.line = row.line;
        s.name = cell(Col::kName);
        s.unit = cell(Col::kUnit);
        s.phone = cell(Col::kPhone);
        if (auto v = org::ValidateName(s.name); !v || CodePointCount(s.name) > 50) {
            problem(Col::kName, s.name.empty() ? "is empty" : "is not a valid name");
        }
        const std::string number = cell(Col::kStaffNumber);
        if (number.empty()) {
            problem(Col::kStaffNumber, "is empty");
        } else if (auto login = auth::NormalizeLogin(number); login && login->starts_with("student-")) {
            problem(Col::kStaffNumber, "may not begin with student- (those names belong to students' accounts)");
        } else if (login) {
            s.login = *login;
        } else {
            problem(Col::kStaffNumber, "must be 3 to 64 letters, digits, '.', '_' or '-' (it becomes the sign-in name)");
        }
        const auto words = SplitRoles(cell(Col::kRole));
        if (words.empty()) problem(Col::kRole, "is empty");
        for (const auto& w : words) {
            const auto role = ParseStaffRole(w);
            if (!role) {
                const auto named = auth::ParseRole(w);
                const bool privileged = w == "管理员" || w == "系统管理员" || w == "审计员" ||
                                        (named && (*named == Role::kAdmin || *named == Role::kAuditor));
                problem(Col::kRole, privileged ? "administrators and auditors are not imported; create them with "
                                                 "xinqiao admin create-user"
                                               : "is not a staff role (心理教师, 班主任, 年级长, 校领导, 教育局, "
                                                 "医院, 热线)");
                break;
            }
            if (std::find(s.roles.begin(), s.roles.end(), *role) == s.roles.end()) s.roles.push_back(*role);
        }
        if (!s.phone.empty() && !people::IsValidPhone(s.phone)) problem(Col::kPhone, "is not a phone number");

        if (out.problems.size() == before) {
            auto [it, fresh] = logins.emplace(s.login, Seen{row.line, s.name, s.phone});
            if (!fresh) {
                // One person on several rows: their roles on different units.
                if (it->second.name != s.name) {
                    problem(Col::kStaffNumber, "repeats the 工号 of line " + std::to_string(it->second.line) +
                                                   " with a different name");
                } else if (!s.phone.empty() && !it->second.phone.empty() && s.phone != it->second.phone) {
                    problem(Col::kPhone, "differs from the phone of the same person on line " +
                                             std::to_string(it->second.line));
                } else if (it->second.phone.empty()) {
                    it->second.phone = s.phone;
                }
            }
        }
        if (out.problems.size() == before) out.rows.push_back(std::move(s));
    }
    return out;
}

std::string StaffRosterTemplate() { return TemplateCsv<Col>(kHeaders); }

}  // namespace xinqiao::core::roster
