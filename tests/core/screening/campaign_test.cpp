#include "core/screening/campaign.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::screening {
namespace {

using org::SchoolStage;

TEST(GradeLevel, ReadsTheNamesSchoolsUse) {
    EXPECT_EQ(GradeLevel(SchoolStage::kPrimary, "四年级", "", 2026), 4);
    EXPECT_EQ(GradeLevel(SchoolStage::kPrimary, "六年级", "", 2026), 6);
    EXPECT_EQ(GradeLevel(SchoolStage::kPrimary, "七年级", "", 2026), std::nullopt);
    EXPECT_EQ(GradeLevel(SchoolStage::kJunior, "七年级", "", 2026), 7);
    EXPECT_EQ(GradeLevel(SchoolStage::kJunior, "初二", "", 2026), 8);
    EXPECT_EQ(GradeLevel(SchoolStage::kJunior, "一年级", "", 2026), 7);  // a junior school's own first year
    EXPECT_EQ(GradeLevel(SchoolStage::kSenior, "高一", "", 2026), 10);
    EXPECT_EQ(GradeLevel(SchoolStage::kSenior, "高三", "", 2026), 12);
    EXPECT_EQ(GradeLevel(SchoolStage::kVocational, "二年级", "", 2026), 11);
    EXPECT_EQ(GradeLevel(SchoolStage::kPrimary, "5年级", "", 2026), 5);
    EXPECT_EQ(GradeLevel(SchoolStage::kPrimary, "兴趣班", "", 2026), std::nullopt);
    EXPECT_EQ(GradeLevel(SchoolStage::kSenior, "高四", "", 2026), std::nullopt);
    // Universities: the intake year in the class name.
    EXPECT_EQ(GradeLevel(SchoolStage::kUniversity, "心理学院", "2026级1班", 2026), 13);
    EXPECT_EQ(GradeLevel(SchoolStage::kUniversity, "心理学院", "2023级2班", 2026), 16);
    EXPECT_EQ(GradeLevel(SchoolStage::kUniversity, "心理学院", "2027级1班", 2026), std::nullopt);
    EXPECT_EQ(GradeLevel(SchoolStage::kUniversity, "心理学院", "1班", 2026), std::nullopt);
}

TEST(GradeLevel, NamesAndSchoolYears) {
    EXPECT_EQ(GradeLevelName(4), "四年级");
    EXPECT_EQ(GradeLevelName(10), "高一");
    EXPECT_EQ(GradeLevelName(13), "大一");
    // The school year turns on September 1st, China time (2026-08-31T16:00Z).
    EXPECT_EQ(SchoolYearOf(1788192000000 - 1), 2025);
    EXPECT_EQ(SchoolYearOf(1788192000000), 2026);
    EXPECT_EQ(ChinaDayStartMs({2026, 9, 1}), 1788192000000);
    EXPECT_EQ(ChinaDateOf(1788192000000), (Date{2026, 9, 1}));
    EXPECT_EQ(ChinaDateOf(1788192000000 - 1), (Date{2026, 8, 31}));
}

Campaign Valid() {
    Campaign c;
    c.name = "秋季测评";
    c.grades = {4, 5};
    c.battery = {{"phq9", "v"}, {"gad7", "v"}};
    c.opens_ms = 1000;
    c.closes_ms = 1000 + 86400000;
    return c;
}

TEST(Campaign, ValidationNamesTheField) {
    EXPECT_TRUE(ValidateCampaign(Valid()));
    auto c = Valid();
    c.name = " 秋季 ";
    EXPECT_EQ(ValidateCampaign(c).error().field, "/name");
    c = Valid();
    c.grades = {};
    EXPECT_EQ(ValidateCampaign(c).error().field, "/grades");
    c.grades = {4, 4};
    EXPECT_EQ(ValidateCampaign(c).error().field, "/grades");
    c.grades = {17};
    EXPECT_EQ(ValidateCampaign(c).error().field, "/grades");
    c = Valid();
    c.battery.clear();
    EXPECT_EQ(ValidateCampaign(c).error().field, "/instruments");
    c = Valid();
    c.closes_ms = c.opens_ms;
    EXPECT_EQ(ValidateCampaign(c).error().field, "/closes_on");
    c.closes_ms = c.opens_ms + kMaxWindowMs + 1;
    EXPECT_EQ(ValidateCampaign(c).error().field, "/closes_on");
}

TEST(Campaign, InstrumentsFitTheAgesOfTheGrades) {
    Instrument teen;  // like PHQ-9: 12 and up
    teen.short_name = "PHQ-9";
    teen.min_age = 12;
    Instrument child;  // like CES-DC: 6 to 17
    child.short_name = "CES-DC";
    child.min_age = 6;
    child.max_age = 17;
    Instrument any;
    any.short_name = "ANY";
    EXPECT_EQ(TypicalAge(1), 6);
    EXPECT_EQ(TypicalAge(7), 12);
    EXPECT_EQ(TypicalAge(13), 18);
    // The edges: 七年级 (12) is the first grade for 12 and up, 高三 (17) the last for up to 17.
    EXPECT_TRUE(CheckAges({&teen}, {7, 8, 12, 13, 16}));
    const auto six = CheckAges({&teen}, {6, 7});
    ASSERT_FALSE(six);
    EXPECT_EQ(six.error().field, "/grades");
    EXPECT_EQ(six.error().message, "PHQ-9 is meant for ages 12 and up; students of 六年级 are about 11");
    EXPECT_TRUE(CheckAges({&child}, {1, 12}));
    const auto university = CheckAges({&child}, {12, 13});
    ASSERT_FALSE(university);
    EXPECT_EQ(university.error().message, "CES-DC is meant for ages up to 17; students of 大一 are about 18");
    EXPECT_TRUE(CheckAges({&any}, {1, 16}));
    // The first instrument that does not fit is named, whatever the others.
    EXPECT_EQ(CheckAges({&any, &child, &teen}, {4}).error().message.substr(0, 5), "PHQ-9");
}

TEST(Campaign, PhasesAndWhatBlocksAnswering) {
    auto c = Valid();
    Assignment a;
    EXPECT_EQ(PhaseAt(c, 999), Phase::kScheduled);
    EXPECT_EQ(WhyNotAnswerable(c, a, 999), Blocker::kNotOpen);
    EXPECT_EQ(PhaseAt(c, 1000), Phase::kOpen);
    EXPECT_EQ(WhyNotAnswerable(c, a, 1000), std::nullopt);
    EXPECT_EQ(PhaseAt(c, c.closes_ms), Phase::kEnded);
    EXPECT_EQ(WhyNotAnswerable(c, a, c.closes_ms), Blocker::kClosed);
    a.consent = Consent::kPending;
    EXPECT_EQ(WhyNotAnswerable(c, a, 1000), Blocker::kConsentPending);
    a.consent = Consent::kRefused;
    EXPECT_EQ(WhyNotAnswerable(c, a, 1000), Blocker::kConsentRefused);
    a.consent = Consent::kGiven;
    a.state = AssignmentState::kCompleted;
    EXPECT_EQ(WhyNotAnswerable(c, a, 1000), Blocker::kSubmitted);
    c.closed = true;
    EXPECT_EQ(PhaseAt(c, 1000), Phase::kClosed);
    EXPECT_EQ(BlockerName(Blocker::kConsentPending), "consent_pending");
}

TEST(Campaign, CountedFromTheCampaignsUnitDownToTheClass) {
    auto c = Valid();
    c.org_path = "/1/5/";
    EXPECT_EQ(CountedUnits(c, "/1/5/23/40/"), (std::vector<org::OrgUnitId>{5, 23, 40}));
    c.org_path = "/1/5/23/40/";
    EXPECT_EQ(CountedUnits(c, "/1/5/23/40/"), (std::vector<org::OrgUnitId>{40}));
}

Instrument WithCritical(bool missing_is_positive) {
    Instrument in;
    in.id = "t";
    for (int n = 1; n <= 3; ++n) {
        Item item;
        item.n = n;
        item.options = {{0, {"no", {}}}, {1, {"some", {}}}, {2, {"much", {}}}};
        in.items.push_back(item);
    }
    in.items[2].critical = Critical{{Op::kGreaterOrEqual, 1, Level::kII}, {}, missing_is_positive, "r"};
    return in;
}

TEST(Campaign, CareFollowsTheCriticalItemsFirstCondition) {
    const auto in = WithCritical(false);
    EXPECT_FALSE(NeedsCare(in, {0, 2, 0}, true));
    EXPECT_TRUE(NeedsCare(in, {0, 0, 1}, false));
    EXPECT_FALSE(NeedsCare(in, {0, 0, std::nullopt}, true));
    const auto declined = WithCritical(true);
    EXPECT_FALSE(NeedsCare(declined, {0, 0, std::nullopt}, false));  // not yet answered
    EXPECT_TRUE(NeedsCare(declined, {0, 0, std::nullopt}, true));    // declined in a submission
}

TEST(Campaign, DraftsAreCheckedItemByItem) {
    const auto in = WithCritical(false);
    const std::vector<const Instrument*> battery{&in};
    EXPECT_TRUE(ValidateDraft(battery, {{"t", {0, std::nullopt, 2}}}));
    EXPECT_EQ(ValidateDraft(battery, {{"t", {0, 3, 2}}}).error().field, "/answers/t/1");
    EXPECT_EQ(ValidateDraft(battery, {{"t", {0}}}).error().field, "/answers/t");
    EXPECT_EQ(ValidateDraft(battery, {{"x", {0, 0, 0}}}).error().field, "/answers/x");
}

}  // namespace
}  // namespace xinqiao::core::screening
