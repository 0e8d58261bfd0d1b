#include "core/people/student.hpp"

#include <gtest/gtest.h>

#include "core/people/id_number.hpp"

namespace xinqiao::core::people {
namespace {

Student Valid() {
    Student s;
    s.name = "林晓";
    s.student_number = "2024000123";
    s.gender = Gender::kFemale;
    s.birth_date = Date{2014, 3, 8};
    std::string body = "99010120140308002";
    s.id_number = body + IdNumberCheckCharacter(body);
    return s;
}

const Date kToday{2026, 11, 22};

TEST(Student, ValidStudentPasses) { EXPECT_TRUE(ValidateStudent(Valid(), kToday)); }

TEST(Student, EachBadFieldIsNamed) {
    const struct {
        const char* why;
        void (*spoil)(Student&);
        const char* field;
    } kCases[] = {
        {"empty name", [](Student& s) { s.name = ""; }, "/name"},
        {"number with space", [](Student& s) { s.student_number = "2024 1"; }, "/student_number"},
        {"empty number", [](Student& s) { s.student_number = ""; }, "/student_number"},
        {"born yesterday", [](Student& s) { s.birth_date = Date{2026, 11, 21}; s.id_number.clear(); }, "/birth_date"},
        {"bad checksum", [](Student& s) { s.id_number.back() = s.id_number.back() == '1' ? '2' : '1'; }, "/id_number"},
        {"ID of another birthday", [](Student& s) { s.birth_date = Date{2014, 3, 9}; }, "/id_number"},
    };
    for (const auto& c : kCases) {
        Student s = Valid();
        c.spoil(s);
        const auto r = ValidateStudent(s, kToday);
        ASSERT_FALSE(r) << c.why;
        EXPECT_EQ(r.error().field, c.field) << c.why;
    }
}

TEST(Student, EmptyIdNumberIsAllowed) {
    Student s = Valid();
    s.id_number.clear();
    EXPECT_TRUE(ValidateStudent(s, kToday));
}

TEST(SpecialSituations, FlagsAndNames) {
    SpecialSituations set;
    EXPECT_TRUE(set.empty());
    set.Set(SpecialSituation::kLeftBehind);
    set.Set(SpecialSituation::kOrphaned);
    EXPECT_TRUE(set.Has(SpecialSituation::kLeftBehind));
    EXPECT_FALSE(set.Has(SpecialSituation::kMigrant));
    EXPECT_EQ(set.bits(), 1u | 64u);  // stored in the database: the values must not change
    for (auto s : AllSpecialSituations()) EXPECT_EQ(ParseSpecialSituation(SpecialSituationName(s)), s);
    EXPECT_EQ(AllSpecialSituations().size(), 8u);
}

TEST(Phone, AcceptsMobilesAndLandlines) {
    for (const char* ok : {"13812345678", "10012345678", "010-12345678", "0571-8765432", "02112345678"}) {
        EXPECT_TRUE(IsValidPhone(ok)) << ok;
    }
    for (const char* bad : {"", "1381234567", "138123456789", "23812345678", "010-123", "0a0-12345678", "+8613812345678"}) {
        EXPECT_FALSE(IsValidPhone(bad)) << bad;
    }
}

TEST(Names, EnumsRoundTrip) {
    for (auto g : {Gender::kMale, Gender::kFemale}) EXPECT_EQ(ParseGender(GenderName(g)), g);
    for (auto r : {GuardianRelation::kFather, GuardianRelation::kGrandmother, GuardianRelation::kOther}) {
        EXPECT_EQ(ParseGuardianRelation(GuardianRelationName(r)), r);
    }
    for (auto p : {StaffPosition::kPsychologyTeacher, StaffPosition::kClassTeacher, StaffPosition::kDoctor}) {
        EXPECT_EQ(ParseStaffPosition(StaffPositionName(p)), p);
    }
}

TEST(MaskName, KeepsTheFirstAndLastCharacters) {
    EXPECT_EQ(MaskName("张雪蕾"), "张*蕾");
    EXPECT_EQ(MaskName("欧阳娜娜"), "欧**娜");
    EXPECT_EQ(MaskName("李明"), "李*");
    EXPECT_EQ(MaskName("王"), "*");
    EXPECT_EQ(MaskName(""), "*");
    EXPECT_EQ(MaskName("Ann Lee"), "A*****e");
}

}  // namespace
}  // namespace xinqiao::core::people
