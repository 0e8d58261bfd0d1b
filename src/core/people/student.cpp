#include "core/people/student.hpp"

#include <algorithm>
#include <vector>

#include "core/common/enum_names.hpp"
#include "core/common/text.hpp"
#include "core/common/written.hpp"
#include "core/people/id_number.hpp"

namespace xinqiao::core::people {
namespace {

constexpr NameTable<Gender, 2> kGenders = {{
    {Gender::kMale, "male"},
    {Gender::kFemale, "female"},
}};

constexpr NameTable<SpecialSituation, 8> kSituations = {{
    {SpecialSituation::kLeftBehind, "left_behind"},
    {SpecialSituation::kSingleParent, "single_parent"},
    {SpecialSituation::kLowIncome, "low_income"},
    {SpecialSituation::kDisability, "disability"},
    {SpecialSituation::kMigrant, "migrant"},
    {SpecialSituation::kBereaved, "bereaved"},
    {SpecialSituation::kOrphaned, "orphaned"},
    {SpecialSituation::kBullied, "bullied"},
}};

constexpr NameTable<GuardianRelation, 6> kRelations = {{
    {GuardianRelation::kFather, "father"},
    {GuardianRelation::kMother, "mother"},
    {GuardianRelation::kGrandfather, "grandfather"},
    {GuardianRelation::kGrandmother, "grandmother"},
    {GuardianRelation::kOtherRelative, "other_relative"},
    {GuardianRelation::kOther, "other"},
}};

constexpr NameTable<StaffPosition, 8> kPositions = {{
    {StaffPosition::kPsychologyTeacher, "psychology_teacher"},
    {StaffPosition::kClassTeacher, "class_teacher"},
    {StaffPosition::kSchoolLeader, "school_leader"},
    {StaffPosition::kCounsellor, "counsellor"},
    {StaffPosition::kBureauStaff, "bureau_staff"},
    {StaffPosition::kDoctor, "doctor"},
    {StaffPosition::kHotlineOperator, "hotline_operator"},
    {StaffPosition::kOther, "other"},
}};

bool AllDigits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::string_view GenderName(Gender g) { return NameOf(kGenders, g); }
std::optional<Gender> ParseGender(std::string_view name) { return ParseName(kGenders, name); }

const std::vector<SpecialSituation>& AllSpecialSituations() {
    static const std::vector<SpecialSituation> kAll = ValuesOf(kSituations);
    return kAll;
}
std::string_view SpecialSituationName(SpecialSituation s) { return NameOf(kSituations, s); }
std::optional<SpecialSituation> ParseSpecialSituation(std::string_view name) { return ParseName(kSituations, name); }

std::string_view GuardianRelationName(GuardianRelation r) { return NameOf(kRelations, r); }
std::optional<GuardianRelation> ParseGuardianRelation(std::string_view name) { return ParseName(kRelations, name); }

std::string_view StaffPositionName(StaffPosition p) { return NameOf(kPositions, p); }
std::optional<StaffPosition> ParseStaffPosition(std::string_view name) { return ParseName(kPositions, name); }

std::string MaskPhone(std::string_view phone) {
    if (phone.size() < 8) return std::string(phone.size(), '*');
    return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') + std::string(phone.substr(phone.size() - 4));
}

std::string MaskName(std::string_view name) {
    std::vector<std::string_view> chars;
    for (std::size_t i = 0; i < name.size();) {
        std::size_t n = 1;
        const auto lead = static_cast<unsigned char>(name[i]);
        if (lead >= 0xF0) n = 4;
        else if (lead >= 0xE0) n = 3;
        else if (lead >= 0xC0) n = 2;
        n = std::min(n, name.size() - i);
        chars.push_back(name.substr(i, n));
        i += n;
    }
    if (chars.size() <= 1) return "*";
    std::string out(chars.front());
    if (chars.size() == 2) return out + "*";
    out.append(chars.size() - 2, '*');
    return out.append(chars.back());
}

Status ValidateNoteBody(const std::string& body) {
    return CheckWritten(body, kMaxNoteCodePoints, "the note", "/body");
}

bool IsValidPhone(std::string_view phone) {
    if (phone.size() == 11 && phone[0] == '1') return AllDigits(phone);
    if (phone.empty() || phone[0] != '0') return false;
    const auto dash = phone.find('-');
    if (dash == std::string_view::npos) return phone.size() >= 10 && phone.size() <= 12 && AllDigits(phone);
    const auto area = phone.substr(0, dash), local = phone.substr(dash + 1);
    return area.size() >= 3 && area.size() <= 4 && AllDigits(area) && local.size() >= 7 && local.size() <= 8 &&
           AllDigits(local);
}

Status ValidateStudent(const Student& s, const Date& today) {
    XINQIAO_RETURN_IF_ERROR(org::ValidateName(s.name, "/name"));
    if (CodePointCount(s.name) > 50) return Error::InvalidArgument("name is longer than 50 characters", "/name");
    if (s.student_number.empty() || s.student_number.size() > 32) {
        return Error::InvalidArgument("student number must have 1 to 32 characters", "/student_number");
    }
    for (char c : s.student_number) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!ok) return Error::InvalidArgument("student number may hold only letters and digits", "/student_number");
    }
    const int age = AgeOn(s.birth_date, today);
    if (age < 3 || age > 60) return Error::InvalidArgument("birth date is not plausible for a student", "/birth_date");
    if (!s.id_number.empty()) {
        if (!IsValidIdNumber(s.id_number)) {
            return Error::InvalidArgument("ID number is not a valid 18-character resident ID number", "/id_number");
        }
        if (*IdNumberBirthDate(s.id_number) != s.birth_date) {
            return Error::InvalidArgument("ID number does not match the birth date", "/id_number");
        }
    }
    return Ok();
}

const std::vector<std::string_view>& SupportKinds() {
    static const std::vector<std::string_view> kAll = {"study", "counselling", "financial", "home_visit", "care", "other"};
    return kAll;
}

bool IsSupportKind(std::string_view name) {
    for (const auto k : SupportKinds()) {
        if (k == name) return true;
    }
    return false;
}

}  // namespace xinqiao::core::people
