#include "core/org/org_unit.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::org {
namespace {

OrgUnit Unit(OrgUnitId id, OrgKind kind, std::string path, std::optional<SchoolStage> stage = std::nullopt,
             std::optional<OrgUnitId> county = std::nullopt) {
    OrgUnit u;
    u.id = id;
    u.kind = kind;
    u.name = "unit" + std::to_string(id);
    u.path = std::move(path);
    u.depth = static_cast<int>(PathIds(u.path).size());
    u.stage = stage;
    u.county_id = county;
    return u;
}

TEST(OrgKind, NamesRoundTrip) {
    for (OrgKind k : AllOrgKinds()) {
        EXPECT_EQ(ParseOrgKind(OrgKindName(k)), k) << OrgKindName(k);
    }
    EXPECT_EQ(AllOrgKinds().size(), 13u);
    EXPECT_EQ(ParseOrgKind("community_station"), OrgKind::kCommunityStation);
    EXPECT_FALSE(ParseOrgKind("School"));
    for (SchoolStage s : AllSchoolStages()) EXPECT_EQ(ParseSchoolStage(SchoolStageName(s)), s);
}

TEST(OrgKind, PlacementTable) {
    using K = OrgKind;
    const struct {
        K child;
        std::optional<K> parent;
        bool allowed;
    } kCases[] = {
        {K::kProvince, std::nullopt, true},  {K::kCity, std::nullopt, true},     {K::kCounty, std::nullopt, true},
        {K::kSchool, std::nullopt, false},   {K::kClass, std::nullopt, false},   {K::kCity, K::kProvince, true},
        {K::kCounty, K::kCity, true},        {K::kTownship, K::kCounty, true},   {K::kSchool, K::kCounty, true},
        {K::kSchool, K::kTownship, true},    {K::kSchool, K::kCity, false},      {K::kGrade, K::kSchool, true},
        {K::kClass, K::kGrade, true},        {K::kClass, K::kFaculty, true},     {K::kClass, K::kSchool, false},
        {K::kDormitory, K::kSchool, true},   {K::kDormitory, K::kClass, false},  {K::kHospital, K::kCity, true},
        {K::kHotline, K::kProvince, true},   {K::kHospital, K::kSchool, false},  {K::kCommunityStation, K::kCounty, true},
        {K::kCommunityStation, K::kCity, false}, {K::kBureauDepartment, K::kCounty, true}, {K::kProvince, K::kCity, false},
    };
    for (const auto& c : kCases) {
        EXPECT_EQ(CanBeChildOf(c.child, c.parent), c.allowed)
            << OrgKindName(c.child) << " under " << (c.parent ? OrgKindName(*c.parent) : "(top)");
    }
}

TEST(OrgUnit, ValidatesNames) {
    EXPECT_TRUE(ValidateName("青溪市第一小学"));
    const struct {
        std::string name;
        const char* why;
    } kBad[] = {
        {"", "empty"},
        {" 一中", "leading space"},
        {"一中 ", "trailing space"},
        {"a\nb", "newline"},
        {std::string("\xFF"), "not UTF-8"},
        {std::string(101, 'a'), "too long"},
    };
    for (const auto& c : kBad) {
        const auto s = ValidateName(c.name);
        ASSERT_FALSE(s) << c.why;
        EXPECT_EQ(s.error().field, "/name") << c.why;
    }
    // 100 Chinese characters are 300 bytes but within the limit.
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "学";
    EXPECT_TRUE(ValidateName(hundred));
}

TEST(OrgUnit, ValidatesCodes) {
    EXPECT_TRUE(ValidateCode(""));
    EXPECT_TRUE(ValidateCode("S-0012_a"));
    EXPECT_FALSE(ValidateCode("S 12"));
    EXPECT_FALSE(ValidateCode(std::string(33, 'a')));
}

TEST(OrgUnit, PlacementNeedsStagesOnSchoolsOnly) {
    const OrgUnit county = Unit(2, OrgKind::kCounty, "/1/2/", std::nullopt, 2);
    NewOrgUnit school{county.id, OrgKind::kSchool, "一中", "", std::nullopt, false};
    EXPECT_EQ(ValidatePlacement(school, &county).error().field, "/stage");
    school.stage = SchoolStage::kJunior;
    EXPECT_TRUE(ValidatePlacement(school, &county));

    NewOrgUnit township{county.id, OrgKind::kTownship, "青石镇", "", SchoolStage::kPrimary, false};
    EXPECT_EQ(ValidatePlacement(township, &county).error().field, "/stage");
    township.stage.reset();
    township.is_boarding = true;
    EXPECT_EQ(ValidatePlacement(township, &county).error().field, "/is_boarding");
}

TEST(OrgUnit, FacultiesOnlyInUniversities) {
    const OrgUnit junior = Unit(3, OrgKind::kSchool, "/1/2/3/", SchoolStage::kJunior, 2);
    const OrgUnit university = Unit(4, OrgKind::kSchool, "/1/2/4/", SchoolStage::kUniversity, 2);
    const NewOrgUnit faculty{3, OrgKind::kFaculty, "文学院", "", std::nullopt, false};
    EXPECT_EQ(ValidatePlacement(faculty, &junior).error().field, "/parent_id");
    EXPECT_TRUE(ValidatePlacement(faculty, &university));
}

TEST(OrgUnit, WrongPlacementNamesTheParent) {
    const OrgUnit city = Unit(1, OrgKind::kCity, "/1/");
    const NewOrgUnit klass{1, OrgKind::kClass, "1班", "", std::nullopt, false};
    const auto s = ValidatePlacement(klass, &city);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "a class cannot be placed under a city");
    EXPECT_EQ(s.error().field, "/parent_id");
    const auto top = ValidatePlacement(klass, nullptr);
    EXPECT_EQ(top.error().message, "a class cannot be placed at the top level");
}

TEST(OrgUnit, MoveUnderOwnSubtreeIsRefused) {
    const OrgUnit county = Unit(2, OrgKind::kCounty, "/1/2/", std::nullopt, 2);
    const OrgUnit township = Unit(5, OrgKind::kTownship, "/1/2/5/", std::nullopt, 2);
    const OrgUnit other_city = Unit(9, OrgKind::kCity, "/9/");
    EXPECT_EQ(ValidateMove(county, &township).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(ValidateMove(county, &county).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(ValidateMove(county, &other_city));
    EXPECT_TRUE(ValidateMove(county, nullptr));  // a county may stand at the top
}

TEST(OrgPath, BuildsAndParsesPaths) {
    EXPECT_EQ(ChildPath("", 1), "/1/");
    EXPECT_EQ(ChildPath("/1/5/", 23), "/1/5/23/");
    EXPECT_EQ(PathIds("/1/5/23/"), (std::vector<OrgUnitId>{1, 5, 23}));
    EXPECT_TRUE(PathIds("/1/x/").empty());
    EXPECT_TRUE(PathIds("1/5/").empty());
    EXPECT_TRUE(PathIds("/").empty());
}

TEST(OrgPath, SubtreeRangeHoldsExactlyTheSubtree) {
    const std::string path = "/1/5/";
    const std::string bound = SubtreeUpperBound(path);
    EXPECT_EQ(bound, "/1/50");
    const struct {
        std::string path;
        bool inside;
    } kCases[] = {
        {"/1/5/", true},    {"/1/5/23/", true}, {"/1/5/999/7/", true}, {"/1/50/", false},
        {"/1/51/", false},  {"/1/4/", false},   {"/1/", false},        {"/1/6/", false},
    };
    for (const auto& c : kCases) {
        const bool in_range = c.path >= path && c.path < bound;
        EXPECT_EQ(in_range, c.inside) << c.path;
        EXPECT_EQ(IsInSubtree(c.path, path), c.inside) << c.path;
    }
}

TEST(OrgUnit, CountyIdComesFromTheNearestCounty) {
    const OrgUnit city = Unit(1, OrgKind::kCity, "/1/");
    const OrgUnit county = Unit(2, OrgKind::kCounty, "/1/2/", std::nullopt, 2);
    EXPECT_EQ(CountyIdFor(OrgKind::kCounty, 2, &city), 2);
    EXPECT_EQ(CountyIdFor(OrgKind::kSchool, 3, &county), 2);
    EXPECT_EQ(CountyIdFor(OrgKind::kHospital, 4, &city), std::nullopt);
    EXPECT_EQ(CountyIdFor(OrgKind::kCity, 1, nullptr), std::nullopt);
}

TEST(ClassLabel, NamesTheGradeBeforeTheClass) {
    EXPECT_EQ(ClassLabel("七年级", "1班"), "七年级1班");
    EXPECT_EQ(ClassLabel("七年级", "七年级1班"), "七年级1班") << "a class named with its grade is not named twice";
    EXPECT_EQ(ClassLabel("", "1班"), "1班");
    EXPECT_EQ(ClassLabel("高一", "(3)班"), "高一(3)班");
}

}  // namespace
}  // namespace xinqiao::core::org
