#include "core/auth/policy.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::auth {
namespace {

// A county (/1/2/) with two schools; school 3 has classes 5 and 6.
const std::string kCounty = "/1/2/";
const std::string kSchool = "/1/2/3/";
const std::string kSiblingSchool = "/1/2/4/";
const std::string kClass = "/1/2/3/5/";
const std::string kSiblingClass = "/1/2/3/6/";

Grant On(Role role, const std::string& path) { return {role, org::PathIds(path).back(), path}; }

Target At(const std::string& path) { return Target{path}; }

TEST(Policy, NamesRoundTripAndCoverEveryRole) {
    EXPECT_EQ(AllRoles().size(), 12u);
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r) << RoleName(r);
    for (Action a : AllActions()) EXPECT_NE(ActionName(a), "unknown");
}

TEST(Policy, TiersOfReads) {
    EXPECT_EQ(TierOf(Action::kViewAggregates), Tier::kT0);
    EXPECT_EQ(TierOf(Action::kViewRoster), Tier::kT1);
    EXPECT_EQ(TierOf(Action::kExportRoster), Tier::kT1);
    EXPECT_EQ(TierOf(Action::kViewRisk), Tier::kT2);
    EXPECT_EQ(TierOf(Action::kViewRecords), Tier::kT3);
    EXPECT_EQ(TierOf(Action::kEditRoster), std::nullopt);
    EXPECT_TRUE(IsWrite(Action::kEditOrgTree));
    EXPECT_FALSE(IsWrite(Action::kViewRecords));
}

// One row per (role on unit, action, target) and the expected effect: the cases a reviewer of
// the privacy tiers would ask about first.
TEST(Policy, DecisionTable) {
    const struct {
        Role role;
        std::string grant_path;
        Action action;
        Target target;
        Effect expected;
        const char* why;
    } kCases[] = {
        {Role::kPsychologyTeacher, kSchool, Action::kViewRecords, At(kClass), Effect::kAllow, "T3 in own school"},
        {Role::kPsychologyTeacher, kSchool, Action::kViewRecords, At(kSiblingSchool), Effect::kDeny, "not in a sibling school"},
        {Role::kPsychologyTeacher, kSchool, Action::kViewAggregates, At(kCounty), Effect::kDeny, "not the parent county"},
        {Role::kPsychologyTeacher, kSchool, Action::kEditOrgTree, At(kSchool), Effect::kDeny, "does not restructure the tree"},
        {Role::kClassTeacher, kClass, Action::kViewRoster, At(kClass), Effect::kAllow, "own class roster"},
        {Role::kClassTeacher, kClass, Action::kViewRisk, At(kClass), Effect::kAllow, "own class risk levels"},
        {Role::kClassTeacher, kClass, Action::kViewRisk, At(kSiblingClass), Effect::kDeny, "not the next class"},
        {Role::kClassTeacher, kClass, Action::kViewRisk, Target{kSiblingClass, false, false, true}, Effect::kAllow,
         "a paired student in another class"},
        {Role::kClassTeacher, kClass, Action::kViewRecords, At(kClass), Effect::kBreakGlass, "T3 only with a reason"},
        {Role::kClassTeacher, kClass, Action::kViewRecords, At(kSiblingClass), Effect::kDeny, "no break-glass outside scope"},
        {Role::kSchoolLeader, kSchool, Action::kViewRisk, At(kClass), Effect::kAllow, "leaders see T2"},
        {Role::kSchoolLeader, kSchool, Action::kViewRecords, At(kClass), Effect::kBreakGlass, "leaders T3 by break-glass"},
        {Role::kBureauStaff, kCounty, Action::kViewRisk, At(kClass), Effect::kAllow, "county sees its schools"},
        {Role::kBureauStaff, kCounty, Action::kEditOrgTree, At(kSchool), Effect::kAllow, "bureau maintains its tree"},
        {Role::kBureauStaff, kCounty, Action::kViewRecords, At(kClass), Effect::kBreakGlass, "bureau T3 by break-glass"},
        {Role::kPeerObserver, kClass, Action::kFileObservation, At(kClass), Effect::kAllow, "files observations"},
        {Role::kPeerObserver, kClass, Action::kViewRoster, At(kClass), Effect::kDeny, "never reads"},
        {Role::kPeerObserver, kClass, Action::kViewAggregates, At(kClass), Effect::kDeny, "not even counts"},
        {Role::kStudent, kClass, Action::kViewRoster, Target{kClass, true}, Effect::kAllow, "own record"},
        {Role::kStudent, kClass, Action::kViewRoster, At(kClass), Effect::kDeny, "not classmates"},
        {Role::kStudent, kClass, Action::kViewRisk, Target{kClass, true}, Effect::kDeny, "not own risk level"},
        {Role::kGuardian, kClass, Action::kViewRoster, Target{kClass, false, true}, Effect::kAllow, "own child"},
        {Role::kGuardian, kClass, Action::kViewRoster, At(kClass), Effect::kDeny, "not other children"},
        {Role::kAdmin, kCounty, Action::kViewRoster, At(kClass), Effect::kDeny, "admins see no student data"},
        {Role::kAdmin, kCounty, Action::kManageUsers, At(kSchool), Effect::kAllow, "admins manage accounts"},
        {Role::kAuditor, kCounty, Action::kReadAudit, At(kSchool), Effect::kAllow, "auditors read the trail"},
        {Role::kAuditor, kCounty, Action::kViewRisk, At(kClass), Effect::kDeny, "and nothing else"},
        {Role::kHospitalPartner, kCounty, Action::kViewRecords, Target{kClass, false, false, false, true}, Effect::kAllow,
         "a referred student"},
        {Role::kHospitalPartner, kCounty, Action::kViewRecords, At(kClass), Effect::kDeny, "not anyone else"},
        {Role::kClassTeacher, kClass, Action::kWriteRecords, At(kClass), Effect::kAllow, "notes of own class"},
        {Role::kClassTeacher, kClass, Action::kWriteRecords, Target{kSiblingSchool + "9/", false, false, true},
         Effect::kAllow, "notes of a paired student elsewhere"},
        {Role::kClassTeacher, kClass, Action::kIssueSignInCodes, Target{kSiblingSchool + "9/", false, false, true},
         Effect::kDeny, "codes only for own class, not paired students"},
        {Role::kBureauStaff, kCounty, Action::kWriteRecords, At(kClass), Effect::kDeny, "the bureau writes no notes"},
        {Role::kAdmin, kCounty, Action::kIssueSignInCodes, At(kClass), Effect::kDeny, "admins see no student names"},
        {Role::kStudent, kClass, Action::kIssueSignInCodes, Target{kClass, true}, Effect::kDeny, "not for themself"},
        {Role::kStudent, kClass, Action::kFileObservation, Target{kClass, true}, Effect::kAllow, "asks for help"},
        {Role::kStudent, kClass, Action::kFileObservation, At(kClass), Effect::kDeny, "not about classmates"},
        {Role::kGuardian, kClass, Action::kFileObservation, Target{kClass, false, true}, Effect::kAllow, "about own child"},
        {Role::kGuardian, kClass, Action::kFileObservation, At(kClass), Effect::kDeny, "not about other children"},
        {Role::kHospitalPartner, kCounty, Action::kFileObservation, Target{kClass, false, false, false, true},
         Effect::kAllow, "about a referred student"},
        {Role::kHospitalPartner, kCounty, Action::kFileObservation, At(kClass), Effect::kDeny, "not about anyone else"},
        {Role::kPeerObserver, kClass, Action::kFileObservation, At(kSiblingClass), Effect::kDeny, "only own class"},
        {Role::kHotlineOperator, kCounty + "7/", Action::kFileObservation, At(kClass), Effect::kAllow,
         "a hotline under the county files about its students"},
        {Role::kHotlineOperator, kCounty + "7/", Action::kFileObservation, At("/1/8/3/5/"), Effect::kDeny,
         "not about another county's"},
        {Role::kHotlineOperator, kCounty + "7/", Action::kViewRoster, At(kClass), Effect::kDeny, "and reads nothing"},
        {Role::kSchoolLeader, kSchool, Action::kFileObservation, At(kClass), Effect::kAllow, "leaders report too"},
        {Role::kBureauStaff, kCounty, Action::kExportRoster, At(kClass), Effect::kDeny, "a bureau exports counts, not names"},
        {Role::kSchoolLeader, kSchool, Action::kExportRoster, At(kClass), Effect::kAllow, "a school exports its students"},
        {Role::kClassTeacher, kClass, Action::kExportRoster, At(kSiblingClass), Effect::kDeny, "not the next class"},
        {Role::kHospitalPartner, kCounty, Action::kExportRoster, Target{kClass, false, false, false, true}, Effect::kDeny,
         "a hospital exports nothing"},
    };
    for (const auto& c : kCases) {
        const auto d = Authorize({On(c.role, c.grant_path)}, c.action, c.target);
        EXPECT_EQ(d.effect, c.expected) << RoleName(c.role) << " " << ActionName(c.action) << ": " << c.why;
        if (c.expected != Effect::kDeny) {
            EXPECT_EQ(d.via, c.role) << c.why;
        }
    }
}

TEST(Policy, TheBestGrantDecides) {
    const std::vector<Grant> grants = {On(Role::kClassTeacher, kClass), On(Role::kPsychologyTeacher, kSiblingSchool)};
    const auto own_class = Authorize(grants, Action::kViewRecords, At(kClass));
    EXPECT_EQ(own_class.effect, Effect::kBreakGlass);
    const auto other_school = Authorize(grants, Action::kViewRecords, At(kSiblingSchool + "9/"));
    EXPECT_EQ(other_school.effect, Effect::kAllow);
    EXPECT_EQ(other_school.via, Role::kPsychologyTeacher);
    EXPECT_EQ(Authorize({}, Action::kViewAggregates, At(kClass)).effect, Effect::kDeny);
}

TEST(Policy, PathPrefixesAreNotSubtrees) {
    // "/1/2/3/" must not reach "/1/2/30/": subtree checks compare whole segments.
    const auto d = Authorize({On(Role::kPsychologyTeacher, kSchool)}, Action::kViewRoster, At("/1/2/30/"));
    EXPECT_EQ(d.effect, Effect::kDeny);
}

TEST(Policy, ARegionIsTheSubtreeAboveTheGrantsUnit) {
    EXPECT_EQ(SubtreeReached(Reach::kRegion, "/1/2/7/"), "/1/2/");
    EXPECT_EQ(SubtreeReached(Reach::kRegion, "/7/"), "/");
    EXPECT_EQ(SubtreeReached(Reach::kSubtree, "/1/2/7/"), "/1/2/7/");
    EXPECT_EQ(SubtreeReached(Reach::kSubtreeOrPaired, "/1/2/"), "/1/2/");
}

TEST(Policy, TwoFactorRoles) {
    for (Role r : AllRoles()) {
        const bool expected = r == Role::kAdmin || r == Role::kAuditor || r == Role::kBureauStaff ||
                              r == Role::kPsychologyTeacher;
        EXPECT_EQ(RequiresTwoFactor(r), expected) << RoleName(r);
    }
}

TEST(Policy, RoleTraits) {
    for (Role r : AllRoles()) {
        const bool staff = r != Role::kAdmin && r != Role::kAuditor && r != Role::kStudent && r != Role::kGuardian &&
                           r != Role::kPeerObserver;
        EXPECT_EQ(IsUserManaged(r), staff || r == Role::kPeerObserver) << RoleName(r);
        EXPECT_EQ(MayServeOnCrisisTeam(r), staff) << RoleName(r);
        EXPECT_EQ(MayBePaired(r), r == Role::kClassTeacher || r == Role::kGradeLead || r == Role::kPsychologyTeacher)
            << RoleName(r);
    }
}

TEST(Policy, OnlyAnAdministratorEditsTheTopOfTheTree) {
    const auto admin = AuthorizeTopLevelEdit({On(Role::kBureauStaff, kCounty), On(Role::kAdmin, kCounty)});
    EXPECT_TRUE(admin.allowed());
    EXPECT_EQ(admin.via, Role::kAdmin);
    // A bureau edits its own tree, but the top is outside every subtree.
    EXPECT_FALSE(AuthorizeTopLevelEdit({On(Role::kBureauStaff, "/1/")}).allowed());
    EXPECT_FALSE(AuthorizeTopLevelEdit({}).allowed());
}

TEST(Policy, ManagingAnAccountNeedsEveryOneOfItsGrants) {
    const std::vector<Grant> admin = {On(Role::kAdmin, kCounty)};
    EXPECT_TRUE(MayManageGrants(admin, {On(Role::kClassTeacher, kClass), On(Role::kPsychologyTeacher, kSchool)}));
    EXPECT_TRUE(MayManageGrants(admin, {On(Role::kPeerObserver, kClass)}));
    EXPECT_TRUE(MayManageGrants(admin, {})) << "an account with no grants";
    EXPECT_FALSE(MayManageGrants(admin, {On(Role::kClassTeacher, kClass), On(Role::kClassTeacher, "/1/8/3/5/")}))
        << "one grant in another county puts the whole account out of reach";
    for (Role r : {Role::kAdmin, Role::kAuditor, Role::kStudent, Role::kGuardian}) {
        EXPECT_FALSE(MayManageGrants(admin, {On(r, kClass)})) << RoleName(r);
    }
    EXPECT_FALSE(MayManageGrants({On(Role::kPsychologyTeacher, kSchool)}, {On(Role::kClassTeacher, kClass)}))
        << "only administrators manage users";
}

TEST(Policy, WhoJoinsACrisisTeam) {
    EXPECT_TRUE(MayJoinCrisisTeam({On(Role::kClassTeacher, kClass)}, kSchool)) << "staff below the team's unit";
    EXPECT_TRUE(MayJoinCrisisTeam({On(Role::kBureauStaff, kCounty)}, kSchool)) << "staff above it";
    EXPECT_FALSE(MayJoinCrisisTeam({On(Role::kPsychologyTeacher, kSiblingSchool)}, kSchool)) << "not a sibling school";
    EXPECT_TRUE(MayJoinCrisisTeam({On(Role::kHospitalPartner, kCounty + "7/")}, kSchool))
        << "a partner hospital of the county";
    EXPECT_FALSE(MayJoinCrisisTeam({On(Role::kHospitalPartner, "/1/8/7/")}, kSchool)) << "not another county's hospital";
    for (Role r : {Role::kAdmin, Role::kAuditor, Role::kPeerObserver, Role::kStudent, Role::kGuardian}) {
        EXPECT_FALSE(MayJoinCrisisTeam({On(r, kClass)}, kSchool)) << RoleName(r);
    }
}

TEST(Policy, NoRoleReadsT3WithoutBeingScoped) {
    // Every allow or break-glass on T3 is bounded by a reach: no role has a blanket reach.
    for (Role r : AllRoles()) {
        const Rule rule = RuleFor(r, Action::kViewRecords);
        if (rule.effect == Effect::kDeny) continue;
        EXPECT_EQ(Authorize({On(r, kSchool)}, Action::kViewRecords, At("/9/")).effect, Effect::kDeny) << RoleName(r);
    }
}

}  // namespace
}  // namespace xinqiao::core::auth
