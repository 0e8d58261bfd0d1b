#include "core/demo/region_generator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/people/id_number.hpp"

namespace xinqiao::core::demo {
namespace {

using org::OrgKind;
using org::OrgUnit;
using people::SpecialSituation;

// Keeps everything the generator emits and checks structural invariants as it goes.
class RecordingSink final : public RegionSink {
public:
    Status AddOrgUnit(const OrgUnit& u) override {
        if (u.parent_id && !units.count(*u.parent_id)) return Error::Internal("unit before its parent");
        units[u.id] = u;
        return Ok();
    }
    Status AddStudent(const people::Student& s, const std::vector<people::Guardian>& g) override {
        if (!units.count(s.class_id)) return Error::Internal("student before class");
        students.push_back(s);
        guardians += static_cast<std::int64_t>(g.size());
        for (const auto& one : g) {
            if (one.student_id != s.id || !people::IsValidPhone(one.phone) || one.phone.rfind("100", 0) != 0) {
                return Error::Internal("bad guardian");
            }
        }
        int primaries = 0;
        for (const auto& one : g) primaries += one.is_primary ? 1 : 0;
        if (primaries != 1) return Error::Internal("a student needs exactly one primary guardian");
        return Ok();
    }
    Status AddStaff(const people::StaffMember& m) override {
        staff.push_back(m);
        return Ok();
    }

    std::map<org::OrgUnitId, OrgUnit> units;
    std::vector<people::Student> students;
    std::vector<people::StaffMember> staff;
    std::int64_t guardians = 0;
};

const Date kToday{2026, 11, 22};

TEST(DemoRegion, HasTheShapeTheIssueAsksFor) {
    RecordingSink sink;
    const auto summary = GenerateRegion({20260901, 30000, kToday}, sink);
    ASSERT_TRUE(summary) << summary.error().message;

    std::map<OrgKind, int> kinds;
    std::map<org::SchoolStage, int> stages;
    for (const auto& [id, u] : sink.units) {
        ++kinds[u.kind];
        if (u.kind == OrgKind::kSchool) ++stages[*u.stage];
        // Every unit obeys the placement rules and carries a consistent path.
        const OrgUnit* parent = u.parent_id ? &sink.units.at(*u.parent_id) : nullptr;
        EXPECT_TRUE(org::CanBeChildOf(u.kind, parent ? std::optional(parent->kind) : std::nullopt)) << u.name;
        EXPECT_EQ(u.path, org::ChildPath(parent ? parent->path : "", u.id));
        EXPECT_TRUE(org::ValidateName(u.name)) << u.name;
    }
    EXPECT_EQ(kinds[OrgKind::kCity], 1);
    EXPECT_EQ(kinds[OrgKind::kCounty], 4);
    EXPECT_GE(kinds[OrgKind::kSchool], 36);
    EXPECT_LE(kinds[OrgKind::kSchool], 44);
    for (auto stage : org::AllSchoolStages()) EXPECT_GE(stages[stage], 1) << org::SchoolStageName(stage);
    EXPECT_EQ(stages[org::SchoolStage::kUniversity], 1);
    EXPECT_GE(kinds[OrgKind::kFaculty], 3);
    EXPECT_GE(kinds[OrgKind::kDormitory], 1);
    EXPECT_GE(kinds[OrgKind::kTownship], 1);
    EXPECT_GE(kinds[OrgKind::kHospital], 1);
    EXPECT_GE(kinds[OrgKind::kHotline], 1);
    EXPECT_GE(kinds[OrgKind::kCommunityStation], 1);
    EXPECT_GE(kinds[OrgKind::kBureauDepartment], 1);

    const auto n = static_cast<double>(sink.students.size());
    EXPECT_NEAR(n, 30000, 30);  // only rounding separates the plan from the result
    EXPECT_EQ(summary->students, static_cast<std::int64_t>(sink.students.size()));
    EXPECT_EQ(summary->guardians, sink.guardians);
}

TEST(DemoRegion, StudentsArePlausibleAndSynthetic) {
    RecordingSink sink;
    ASSERT_TRUE(GenerateRegion({7, 20000, kToday}, sink));
    std::set<std::string> id_numbers;
    std::map<org::OrgUnitId, std::set<std::string>> numbers_by_school;
    std::map<org::OrgUnitId, int> class_sizes;
    for (const auto& s : sink.students) {
        EXPECT_TRUE(people::ValidateStudent(s, kToday)) << s.student_number;
        EXPECT_EQ(s.id_number.substr(0, 2), "99") << "demo ID numbers use a region code no real region has";
        EXPECT_TRUE(id_numbers.insert(s.id_number).second) << "ID numbers are unique";
        EXPECT_TRUE(numbers_by_school[s.school_id].insert(s.student_number).second);
        const OrgUnit& klass = sink.units.at(s.class_id);
        EXPECT_EQ(klass.kind, OrgKind::kClass);
        EXPECT_EQ(s.org_path, klass.path);
        EXPECT_EQ(s.grade_id, *klass.parent_id);
        EXPECT_EQ(s.county_id, klass.county_id);
        ++class_sizes[s.class_id];

        // Age fits the stage: a primary pupil is 5-13, a university student 16-25.
        const auto stage = *sink.units.at(s.school_id).stage;
        const int age = AgeOn(s.birth_date, kToday);
        switch (stage) {
            case org::SchoolStage::kPrimary: EXPECT_TRUE(age >= 5 && age <= 13) << age; break;
            case org::SchoolStage::kJunior: EXPECT_TRUE(age >= 11 && age <= 16) << age; break;
            case org::SchoolStage::kSenior:
            case org::SchoolStage::kVocational: EXPECT_TRUE(age >= 14 && age <= 19) << age; break;
            case org::SchoolStage::kUniversity: EXPECT_TRUE(age >= 16 && age <= 25) << age; break;
        }
    }
    for (const auto& [klass, size] : class_sizes) {
        EXPECT_GE(size, 10) << sink.units.at(klass).name;
        EXPECT_LE(size, 50) << sink.units.at(klass).name;
    }
}

TEST(DemoRegion, SpecialSituationSharesAreCloseToNationalFigures) {
    RecordingSink sink;
    ASSERT_TRUE(GenerateRegion({11, 100000, kToday}, sink));
    double compulsory = 0, left_behind = 0, migrant = 0, disability = 0, orphaned = 0;
    for (const auto& s : sink.students) {
        const auto stage = *sink.units.at(s.school_id).stage;
        if (stage != org::SchoolStage::kPrimary && stage != org::SchoolStage::kJunior) {
            EXPECT_FALSE(s.special_situations.Has(SpecialSituation::kLeftBehind));
            continue;
        }
        ++compulsory;
        left_behind += s.special_situations.Has(SpecialSituation::kLeftBehind);
        migrant += s.special_situations.Has(SpecialSituation::kMigrant);
        disability += s.special_situations.Has(SpecialSituation::kDisability);
        orphaned += s.special_situations.Has(SpecialSituation::kOrphaned);
    }
    // 2022 national statistics: 9.8 % left-behind, 8.6 % migrant, 0.6 % disability.
    EXPECT_NEAR(left_behind / compulsory, 0.098, 0.02);
    EXPECT_NEAR(migrant / compulsory, 0.086, 0.02);
    EXPECT_NEAR(disability / compulsory, 0.006, 0.003);
    EXPECT_GT(orphaned, 0);
}

TEST(DemoRegion, SameSeedSameRegionOtherSeedOtherRegion) {
    RecordingSink a, b, c;
    ASSERT_TRUE(GenerateRegion({42, 5000, kToday}, a));
    ASSERT_TRUE(GenerateRegion({42, 5000, kToday}, b));
    ASSERT_TRUE(GenerateRegion({43, 5000, kToday}, c));
    ASSERT_EQ(a.students.size(), b.students.size());
    for (std::size_t i = 0; i < a.students.size(); ++i) {
        ASSERT_EQ(a.students[i].name, b.students[i].name);
        ASSERT_EQ(a.students[i].id_number, b.students[i].id_number);
        ASSERT_EQ(a.students[i].special_situations, b.students[i].special_situations);
    }
    std::size_t same_names = 0;
    for (std::size_t i = 0; i < std::min(a.students.size(), c.students.size()); ++i) {
        same_names += a.students[i].name == c.students[i].name;
    }
    EXPECT_LT(same_names, a.students.size() / 10);
}

TEST(DemoRegion, SchoolsHavePsychologyTeachersAsPlanned) {
    RecordingSink sink;
    ASSERT_TRUE(GenerateRegion({20260901, 30000, kToday}, sink));
    std::map<org::OrgUnitId, int> psychology;
    for (const auto& m : sink.staff) {
        if (m.position == people::StaffPosition::kPsychologyTeacher) ++psychology[m.org_unit_id];
    }
    for (const auto& [id, u] : sink.units) {
        if (u.kind == OrgKind::kSchool && u.stage == org::SchoolStage::kUniversity) {
            EXPECT_GE(psychology[id], 2) << "universities: at least two, one per 4000 students";
        }
    }
}

TEST(DemoRegion, RejectsAbsurdSizes) {
    RecordingSink sink;
    EXPECT_EQ(GenerateRegion({1, 10, kToday}, sink).error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(sink.units.empty());
}

}  // namespace
}  // namespace xinqiao::core::demo
