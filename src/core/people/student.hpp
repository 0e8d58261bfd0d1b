#pragma once
// Students, their guardians and staff members: the people of the org tree.
// Names, ID numbers and phones are T1 data: they never appear in logs, errors or URLs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::people {

using StudentId = std::int64_t;
using GuardianId = std::int64_t;
using StaffId = std::int64_t;

enum class Gender { kMale, kFemale };
std::string_view GenderName(Gender g);
std::optional<Gender> ParseGender(std::string_view name);

// 特殊群体 flags (GLOSSARY.md: SpecialSituation). Bit values are stored in the database:
// never renumber, only append.
enum class SpecialSituation : std::uint32_t {
    kLeftBehind = 1u << 0,    // 留守
    kSingleParent = 1u << 1,  // 单亲
    kLowIncome = 1u << 2,     // 贫困 (family in financial difficulty)
    kDisability = 1u << 3,    // 残疾
    kMigrant = 1u << 4,       // 流动 (随迁子女)
    kBereaved = 1u << 5,      // 丧亲
    kOrphaned = 1u << 6,      // 孤儿 / 事实无人抚养
    kBullied = 1u << 7,       // 遭受欺凌
};
const std::vector<SpecialSituation>& AllSpecialSituations();
// Wire names: "left_behind", "single_parent", "low_income", "disability", "migrant",
// "bereaved", "orphaned", "bullied".
std::string_view SpecialSituationName(SpecialSituation s);
std::optional<SpecialSituation> ParseSpecialSituation(std::string_view name);

// The kinds of support a student in a special situation receives (结对帮扶): "study" 学业辅导,
// "counselling" 心理辅导, "financial" 经济资助, "home_visit" 家访, "care" 生活关爱, "other".
const std::vector<std::string_view>& SupportKinds();
bool IsSupportKind(std::string_view name);

// A set of SpecialSituation flags.
class SpecialSituations {
public:
    SpecialSituations() = default;
    explicit SpecialSituations(std::uint32_t bits) : bits_(bits) {}
    bool Has(SpecialSituation s) const { return (bits_ & static_cast<std::uint32_t>(s)) != 0; }
    void Set(SpecialSituation s) { bits_ |= static_cast<std::uint32_t>(s); }
    std::uint32_t bits() const { return bits_; }
    bool empty() const { return bits_ == 0; }
    bool operator==(const SpecialSituations&) const = default;

private:
    std::uint32_t bits_ = 0;
};

struct Student {
    StudentId id = 0;
    org::OrgUnitId county_id = 0;
    org::OrgUnitId school_id = 0;
    org::OrgUnitId grade_id = 0;  // the class's parent: a grade, or a faculty in a university
    org::OrgUnitId class_id = 0;
    std::string org_path;         // the class's path; the student is in every unit above it
    std::string student_number;   // 学籍号, unique within a school
    std::string name;
    Gender gender = Gender::kFemale;
    Date birth_date;
    std::string id_number;        // GB 11643 resident ID number; may be empty
    SpecialSituations special_situations;
};

enum class GuardianRelation { kFather, kMother, kGrandfather, kGrandmother, kOtherRelative, kOther };
std::string_view GuardianRelationName(GuardianRelation r);
std::optional<GuardianRelation> ParseGuardianRelation(std::string_view name);

struct Guardian {
    GuardianId id = 0;
    StudentId student_id = 0;
    org::OrgUnitId county_id = 0;
    std::string name;
    GuardianRelation relation = GuardianRelation::kMother;
    std::string phone;
    bool is_primary = false;
};

// What a staff member does; accounts and permissions (issue #3) build on this.
enum class StaffPosition {
    kPsychologyTeacher,  // 心理健康教师
    kClassTeacher,       // 班主任
    kSchoolLeader,       // 校领导
    kCounsellor,         // 辅导员 (universities)
    kBureauStaff,        // 教育局工作人员
    kDoctor,             // 医生 (partner hospital)
    kHotlineOperator,    // 热线接线员
    kOther,
};
std::string_view StaffPositionName(StaffPosition p);
std::optional<StaffPosition> ParseStaffPosition(std::string_view name);

struct StaffMember {
    StaffId id = 0;
    org::OrgUnitId org_unit_id = 0;  // where they work (a school, a class for a class teacher, ...)
    std::optional<org::OrgUnitId> county_id;
    std::string name;
    StaffPosition position = StaffPosition::kOther;
    std::string phone;
    std::optional<std::int64_t> account_id;  // the account they sign in with, if any
    std::string staff_number;                // 工号, "" if unknown
};

// A note about a student: a talk, a home contact, an observation in the teacher's words (T3).
struct StudentNote {
    std::int64_t id = 0;
    StudentId student_id = 0;
    std::optional<std::int64_t> author_id;
    std::string author_role;  // core::auth::RoleName of the role the author wrote in
    std::string author_name;  // filled when read
    std::string created_at;   // RFC 3339 UTC
    std::string body;         // plaintext in memory, sealed at rest
};
inline constexpr std::size_t kMaxNoteCodePoints = 5000;
// A note's body: valid UTF-8, not blank, at most kMaxNoteCodePoints. kInvalidArgument on "/body".
Status ValidateNoteBody(const std::string& body);

// Mainland mobile ("1" and ten digits) or landline ("0" area code, optional '-', 7-8 digits).
bool IsValidPhone(std::string_view phone);

// "138****5678": the first three and last four digits kept. Short numbers are fully hidden.
std::string MaskPhone(std::string_view phone);
// A name as those who may not read it whole see it: its first and last characters with the
// ones between starred (张雪蕾 -> 张*蕾, 欧阳娜娜 -> 欧**娜); a two-character name keeps its first
// (李明 -> 李*), a one-character name is one star.
std::string MaskName(std::string_view name);

// Validates a student's own fields (not placement): name, student number (1..32 ASCII letters
// and digits), birth date plausible for a student on `today` (ages 3..60), ID number if
// present (checksum, and its birth date must match). kInvalidArgument naming the field.
Status ValidateStudent(const Student& s, const Date& today);

}  // namespace xinqiao::core::people
