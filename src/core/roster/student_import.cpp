#include "core/roster/student_import.hpp"

#include <array>
#include <map>

#include "core/common/text.hpp"
#include "core/people/id_number.hpp"
#include "core/roster/columns.hpp"

namespace xinqiao::core::roster {
namespace {

using people::SpecialSituation;

enum class Col {
    kName, kGender, kBirthDate, kStudentNumber, kGrade, kClass, kIdNumber, kGuardian, kGuardianPhone,
    kGuardianRelation, kLeftBehind, kSingleParent, kLowIncome, kDisability, kMigrant, kBereaved, kOrphaned,
};

constexpr std::array<ColumnSpec<Col>, 17> kHeaders = {{
    {Col::kName, {"姓名", "学生姓名", "", ""}},
    {Col::kGender, {"性别", "", "", ""}},
    {Col::kBirthDate, {"出生日期", "出生年月日", "出生年月", ""}},
    {Col::kStudentNumber, {"学籍号", "全国学籍号", "学号", ""}},
    {Col::kGrade, {"年级", "院系", "", ""}},
    {Col::kClass, {"班级", "班别", "班", ""}},
    {Col::kIdNumber, {"身份证号", "身份证号码", "身份证件号", "身份证件号码"}},
    {Col::kGuardian, {"监护人", "监护人姓名", "家长姓名", ""}},
    {Col::kGuardianPhone, {"监护人电话", "家长电话", "联系电话", "监护人手机号"}},
    {Col::kGuardianRelation, {"监护人关系", "与学生关系", "关系", ""}},
    {Col::kLeftBehind, {"留守儿童", "留守", "", ""}},
    {Col::kSingleParent, {"单亲", "单亲家庭", "", ""}},
    {Col::kLowIncome, {"贫困", "家庭经济困难", "建档立卡", ""}},
    {Col::kDisability, {"残疾", "残疾儿童", "", ""}},
    {Col::kMigrant, {"流动", "流动儿童", "随迁子女", ""}},
    {Col::kBereaved, {"丧亲", "", "", ""}},
    {Col::kOrphaned, {"孤儿", "事实无人抚养", "孤儿或事实无人抚养", "孤儿/事实无人抚养"}},
}};
constexpr std::array<Col, 6> kRequired = {Col::kName, Col::kGender, Col::kBirthDate,
                                          Col::kStudentNumber, Col::kGrade, Col::kClass};

std::optional<bool> ParseFlag(std::string_view v) {
    for (std::string_view yes : {"是", "Y", "y", "1", "√", "有", "yes", "Yes", "YES"}) {
        if (v == yes) return true;
    }
    for (std::string_view no : {"", "否", "N", "n", "0", "无", "no", "No", "NO"}) {
        if (v == no) return false;
    }
    return std::nullopt;
}

std::optional<people::GuardianRelation> ParseRelation(std::string_view v) {
    using R = people::GuardianRelation;
    static const std::map<std::string_view, R> kMap = {
        {"父亲", R::kFather}, {"爸爸", R::kFather},      {"父", R::kFather},          {"母亲", R::kMother},
        {"妈妈", R::kMother}, {"母", R::kMother},        {"祖父", R::kGrandfather},   {"爷爷", R::kGrandfather},
        {"外祖父", R::kGrandfather}, {"外公", R::kGrandfather}, {"祖母", R::kGrandmother}, {"奶奶", R::kGrandmother},
        {"外祖母", R::kGrandmother}, {"外婆", R::kGrandmother}, {"其他亲属", R::kOtherRelative}, {"亲属", R::kOtherRelative},
        {"其他", R::kOther},
    };
    const auto it = kMap.find(v);
    if (it == kMap.end()) return std::nullopt;
    return it->second;
}

}  // namespace

std::optional<Date> ParseLooseDate(std::string_view text) {
    if (auto d = ParseDate(text)) return d;
    bool all_digits = true;
    for (char c : text) all_digits = all_digits && c >= '0' && c <= '9';
    if (text.size() == 8 && all_digits) {
        return ParseDate(std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                         std::string(text.substr(6, 2)));
    }
    // 2014/3/8 or 2014.3.8 (also 2014-3-8)
    int parts[3] = {0, 0, 0};
    int index = 0, digits = 0;
    char sep = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            parts[index] = parts[index] * 10 + (c - '0');
            if (++digits > 4) return std::nullopt;
        } else if ((c == '/' || c == '.' || c == '-') && index < 2 && digits > 0 && (sep == 0 || sep == c)) {
            sep = c;
            ++index;
            digits = 0;
        } else {
            return std::nullopt;
        }
    }
    if (index != 2 || digits == 0 || !IsValidDate(parts[0], parts[1], parts[2])) return std::nullopt;
    return Date{parts[0], parts[1], parts[2]};
}

Result<ParsedRoster> ParseStudentRoster(const std::vector<CsvRow>& rows, const Date& today) {
    XINQIAO_ASSIGN_OR_RETURN(const auto columns, Columns<Col>::FromHeader(rows, kHeaders, kRequired));

    ParsedRoster out;
    std::map<std::string, int> numbers_seen, ids_seen;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        ++out.data_rows;
        const std::size_t before = out.problems.size();
        const auto cell = [&](Col c) { return columns.Cell(row, c); };
        const auto problem = [&](Col c, std::string reason) {
            out.problems.push_back({row.line, columns.Header(c), std::move(reason)});
        };

        ImportStudent s;
        s.line = row.line;
        s.student.name = cell(Col::kName);
        s.student.student_number = cell(Col::kStudentNumber);
        s.grade = cell(Col::kGrade);
        s.klass = cell(Col::kClass);
        const std::string gender = cell(Col::kGender);
        if (gender == "男" || gender == "male" || gender == "M") s.student.gender = people::Gender::kMale;
        else if (gender == "女" || gender == "female" || gender == "F") s.student.gender = people::Gender::kFemale;
        else problem(Col::kGender, "must be 男 or 女");
        const auto birth = ParseLooseDate(cell(Col::kBirthDate));
        if (birth) s.student.birth_date = *birth;
        else problem(Col::kBirthDate, "is not a date such as 2014-03-08");
        s.student.id_number = cell(Col::kIdNumber);
        if (s.grade.empty()) problem(Col::kGrade, "is empty");
        if (s.klass.empty()) problem(Col::kClass, "is empty");

        if (birth && out.problems.size() == before) {
            if (auto v = people::ValidateStudent(s.student, today); !v) {
                const Col c = v.error().field == "/name" ? Col::kName
                              : v.error().field == "/student_number" ? Col::kStudentNumber
                              : v.error().field == "/birth_date" ? Col::kBirthDate
                                                                  : Col::kIdNumber;
                problem(c, v.error().message);
            }
        }
        struct FlagCol {
            Col col;
            SpecialSituation situation;
        };
        for (const FlagCol f : {FlagCol{Col::kLeftBehind, SpecialSituation::kLeftBehind},
                                FlagCol{Col::kSingleParent, SpecialSituation::kSingleParent},
                                FlagCol{Col::kLowIncome, SpecialSituation::kLowIncome},
                                FlagCol{Col::kDisability, SpecialSituation::kDisability},
                                FlagCol{Col::kMigrant, SpecialSituation::kMigrant},
                                FlagCol{Col::kBereaved, SpecialSituation::kBereaved},
                                FlagCol{Col::kOrphaned, SpecialSituation::kOrphaned}}) {
            const auto flag = ParseFlag(cell(f.col));
            if (!flag) problem(f.col, "must be 是 or 否");
            else if (*flag) s.student.special_situations.Set(f.situation);
        }
        const std::string guardian = cell(Col::kGuardian), phone = cell(Col::kGuardianPhone),
                          relation = cell(Col::kGuardianRelation);
        if (!guardian.empty() || !phone.empty()) {
            ImportGuardian g;
            g.name = guardian;
            g.phone = phone;
            if (guardian.empty()) problem(Col::kGuardian, "is empty while a phone is given");
            else if (auto v = org::ValidateName(guardian); !v || CodePointCount(guardian) > 50) {
                problem(Col::kGuardian, "is not a valid name");
            }
            if (!phone.empty() && !people::IsValidPhone(phone)) problem(Col::kGuardianPhone, "is not a phone number");
            if (!relation.empty()) {
                const auto rel = ParseRelation(relation);
                if (!rel) problem(Col::kGuardianRelation, "must be 父亲, 母亲, 祖父, 祖母, 其他亲属 or 其他");
                else g.relation = *rel;
            }
            s.guardian = std::move(g);
        }
        if (out.problems.size() == before) {
            if (auto [it, fresh] = numbers_seen.emplace(s.student.student_number, row.line); !fresh) {
                problem(Col::kStudentNumber, "repeats the student number of line " + std::to_string(it->second));
            } else if (!s.student.id_number.empty()) {
                if (auto [it2, fresh2] = ids_seen.emplace(s.student.id_number, row.line); !fresh2) {
                    problem(Col::kIdNumber, "repeats the ID number of line " + std::to_string(it2->second));
                }
            }
        }
        if (out.problems.size() == before) out.rows.push_back(std::move(s));
    }
    return out;
}

std::string StudentRosterTemplate() { return TemplateCsv<Col>(kHeaders); }

}  // namespace xinqiao::core::roster
