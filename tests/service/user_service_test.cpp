#include "service/user_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/org_service.hpp"
#include "store/org_repository.hpp"
#include "store/student_repository.hpp"
#include "support/people.hpp"
#include "support/test_auth.hpp"

namespace xinqiao::service {
namespace {

using core::ErrorCode;
using core::auth::Role;
using core::org::OrgKind;
using core::org::OrgUnit;

constexpr const char* kPassword = "user service 1";

// A county with two schools (one class each, two students in school A), staff on both, and the
// administrators of school A and of the county. Runs on SQLite and PostgreSQL.
class UserServiceTest : public ::testing::TestWithParam<testing::Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, GetParam());
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            const auto make = [&](const OrgUnit* parent, OrgKind kind, const char* name,
                                  std::optional<core::org::SchoolStage> stage = std::nullopt) {
                return orgs.Create({parent ? std::optional(parent->id) : std::nullopt, kind, name, "", stage, false},
                                   parent);
            };
            const auto junior = core::org::SchoolStage::kJunior;
            XINQIAO_ASSIGN_OR_RETURN(county_, make(nullptr, OrgKind::kCounty, "明湖区"));
            XINQIAO_ASSIGN_OR_RETURN(school_a_, make(&county_, OrgKind::kSchool, "明湖一中", junior));
            XINQIAO_ASSIGN_OR_RETURN(school_b_, make(&county_, OrgKind::kSchool, "明湖二中", junior));
            XINQIAO_ASSIGN_OR_RETURN(const auto grade_a, make(&school_a_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(const auto grade_b, make(&school_b_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(class_a_, make(&grade_a, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(class_b_, make(&grade_b, OrgKind::kClass, "100%_班"));
            store::SqlStudentRepository students(s, testing::TestKeyring());
            for (const char* number : {"G1", "G2"}) {
                XINQIAO_RETURN_IF_ERROR(students.Insert(testing::StudentOfClass(class_a_, number, "学生", {2013, 5, 6})));
            }
            return core::Ok();
        }));
        accounts_ = std::make_unique<testing::TestAuth>(t_->db());
        users_ = std::make_unique<UserService>(accounts_->data, accounts_->clock, accounts_->random);
        orgs_ = std::make_unique<OrgService>(accounts_->data, accounts_->clock);
        admin_a_ = Staff("admin.a", Role::kAdmin, school_a_);
        county_admin_ = Staff("admin.county", Role::kAdmin, county_);
        bureau_ = Staff("bureau.zhao", Role::kBureauStaff, county_);
        teacher_a_ = Staff("teacher.wang", Role::kClassTeacher, class_a_);
        psych_a_ = Staff("psych.chen", Role::kPsychologyTeacher, school_a_);
        teacher_b_ = Staff("teacher.li", Role::kClassTeacher, class_b_);
    }

    Principal Staff(const std::string& login, Role role, const OrgUnit& unit) {
        return accounts_->Staff(login, role, unit, "老师" + login, kPassword);
    }

    std::vector<std::string> Logins(const Principal& p, const OrgUnit& unit, const std::string& text = "") {
        core::auth::AccountQuery q;
        q.text = text;
        auto page = users_->List(p, unit.id, q);
        EXPECT_TRUE(page) << page.error().message;
        std::vector<std::string> out;
        if (page) {
            for (const auto& v : page->items) out.push_back(v.account.login);
        }
        return out;
    }

    std::vector<core::auth::Grant> GrantsOf(const Principal& who) {
        std::vector<core::auth::Grant> out;
        EXPECT_TRUE(accounts_->data.Read([&](core::ports::Repositories& r) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(out, r.Grants().Of(who.account_id));
            return core::Ok();
        }));
        return out;
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<testing::TestAuth> accounts_;
    std::unique_ptr<UserService> users_;
    std::unique_ptr<OrgService> orgs_;
    OrgUnit county_, school_a_, school_b_, class_a_, class_b_;
    Principal admin_a_, county_admin_, bureau_, teacher_a_, psych_a_, teacher_b_;
};

TEST_P(UserServiceTest, ListsTheStaffOfTheSubtreeOnlyWithTheirGrants) {
    // Administrators are listed (who has access matters) but managed only by the operator.
    EXPECT_EQ(Logins(admin_a_, school_a_), (std::vector<std::string>{"admin.a", "psych.chen", "teacher.wang"}));
    EXPECT_EQ(Logins(county_admin_, county_), (std::vector<std::string>{"admin.a", "admin.county", "bureau.zhao",
                                                                         "psych.chen", "teacher.li", "teacher.wang"}));
    EXPECT_EQ(Logins(county_admin_, county_, "WANG"), (std::vector<std::string>{"teacher.wang"}));
    EXPECT_EQ(Logins(county_admin_, county_, "老师psych"), (std::vector<std::string>{"psych.chen"}));
    EXPECT_TRUE(Logins(county_admin_, county_, "%").empty());  // a literal percent sign, not a wildcard

    core::auth::AccountQuery q;
    q.page_size = 5;
    q.page = 2;
    auto page = users_->List(county_admin_, county_.id, q);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 6);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].account.login, "teacher.wang");
    ASSERT_EQ(page->items[0].grants.size(), 1u);
    EXPECT_EQ(page->items[0].grants[0].unit_name, "1班");
    EXPECT_TRUE(page->items[0].manageable);
    EXPECT_TRUE(page->items[0].account.activated);
    q.page = 1;
    auto first = users_->List(county_admin_, county_.id, q);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->items[0].account.login, "admin.a");
    EXPECT_FALSE(first->items[0].manageable);

    // Another school's admin, or anyone without kManageUsers, learns nothing.
    EXPECT_EQ(users_->List(admin_a_, school_b_.id, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users_->List(admin_a_, county_.id, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users_->List(psych_a_, school_a_.id, {}).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(UserServiceTest, GrantsOnlyRolesThatBelongOnTheUnitToAccountsTheAdminManages) {
    ASSERT_TRUE(users_->Grant(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_a_.id));
    EXPECT_EQ(GrantsOf(psych_a_).size(), 2u);
    ASSERT_TRUE(users_->Grant(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_a_.id));  // idempotent
    EXPECT_EQ(GrantsOf(psych_a_).size(), 2u);

    const auto misfit = users_->Grant(admin_a_, psych_a_.account_id, Role::kClassTeacher, school_a_.id);
    ASSERT_FALSE(misfit);
    EXPECT_EQ(misfit.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(misfit.error().field, "/role");
    EXPECT_EQ(users_->Grant(admin_a_, psych_a_.account_id, Role::kAdmin, school_a_.id).error().code,
              ErrorCode::kInvalidArgument);
    // Another school's unit, another school's teacher, an administrator: as if unknown.
    EXPECT_EQ(users_->Grant(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_b_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(users_->Grant(admin_a_, teacher_b_.account_id, Role::kClassTeacher, class_a_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(users_->Grant(admin_a_, admin_a_.account_id, Role::kPsychologyTeacher, school_a_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(users_->Grant(admin_a_, 999999, Role::kClassTeacher, class_a_.id).error().code, ErrorCode::kNotFound);
    // The bureau's account spans the county: school A's admin does not manage it.
    EXPECT_EQ(users_->Grant(admin_a_, bureau_.account_id, Role::kClassTeacher, class_a_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(GrantsOf(teacher_b_).size(), 1u);
}

TEST_P(UserServiceTest, RevokesAHeldGrantAndSaysWhenThereIsNone) {
    ASSERT_TRUE(users_->Revoke(admin_a_, teacher_a_.account_id, Role::kClassTeacher, class_a_.id));
    EXPECT_TRUE(GrantsOf(teacher_a_).empty());
    EXPECT_EQ(users_->Revoke(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_a_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(users_->Revoke(admin_a_, teacher_b_.account_id, Role::kClassTeacher, class_b_.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(GrantsOf(teacher_b_).size(), 1u);
}

TEST_P(UserServiceTest, AReissuedActivationCodeSetsANewPassword) {
    auto code = users_->IssueActivation(admin_a_, teacher_a_.account_id);
    ASSERT_TRUE(code) << code.error().message;
    auto activated = accounts_->auth.ActivateStaff("teacher.wang", code->code, "a brand new pass 2", "10.0.0.1", "t");
    ASSERT_TRUE(activated) << activated.error().message;
    EXPECT_TRUE(accounts_->auth.SignIn("teacher.wang", "a brand new pass 2", "", "10.0.0.1", "t"));
    EXPECT_FALSE(accounts_->auth.SignIn("teacher.wang", kPassword, "", "10.0.0.1", "t"));
    EXPECT_EQ(users_->IssueActivation(admin_a_, teacher_b_.account_id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users_->IssueActivation(admin_a_, county_admin_.account_id).error().code, ErrorCode::kNotFound);
}

TEST_P(UserServiceTest, EveryChangeIsAudited) {
    ASSERT_TRUE(users_->Grant(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_a_.id));
    ASSERT_TRUE(users_->Revoke(admin_a_, psych_a_.account_id, Role::kClassTeacher, class_a_.id));
    ASSERT_TRUE(users_->IssueActivation(admin_a_, psych_a_.account_id));
    std::vector<std::string> actions;
    ASSERT_TRUE(accounts_->data.Read([&](core::ports::Repositories& r) -> core::Status {
        core::audit::AuditQuery q;
        q.action_prefix = "account.";
        XINQIAO_ASSIGN_OR_RETURN(auto page, r.Audit().Query(q, {school_a_.path}, false));
        for (const auto& e : page.items) {
            if (e.actor_id == admin_a_.account_id) actions.push_back(e.action);
        }
        return core::Ok();
    }));
    std::sort(actions.begin(), actions.end());
    EXPECT_EQ(actions, (std::vector<std::string>{"account.grant.class_teacher", "account.issue_activation",
                                                 "account.revoke.class_teacher"}));
}

TEST_P(UserServiceTest, SummaryCountsWhatLiesUnderEachUnit) {
    auto s = orgs_->Summary(bureau_, county_.id);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->unit.counts.schools, 2);
    EXPECT_EQ(s->unit.counts.classes, 2);
    EXPECT_EQ(s->unit.counts.students, 2);
    ASSERT_EQ(s->children.size(), 2u);
    EXPECT_EQ(s->children[0].unit.name, "明湖一中");
    EXPECT_EQ(s->children[0].counts.schools, 1);
    EXPECT_EQ(s->children[0].counts.students, 2);
    EXPECT_EQ(s->children[1].counts.students, 0);
    EXPECT_EQ(orgs_->Summary(teacher_a_, school_b_.id).error().code, ErrorCode::kNotFound);
}

TEST_P(UserServiceTest, SearchFindsUnitsByNameInsideTheCallersScope) {
    auto found = orgs_->Search(bureau_, "一中");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].unit.id, school_a_.id);
    EXPECT_EQ((*found)[0].trail, (std::vector<std::string>{"明湖区"}));

    auto classes = orgs_->Search(bureau_, "班");
    ASSERT_TRUE(classes);
    EXPECT_EQ(classes->size(), 2u);
    auto literal = orgs_->Search(bureau_, "%_");
    ASSERT_TRUE(literal);
    ASSERT_EQ(literal->size(), 1u);
    EXPECT_EQ((*literal)[0].unit.id, class_b_.id);
    EXPECT_EQ((*literal)[0].trail, (std::vector<std::string>{"明湖区", "明湖二中", "七年级"}));

    auto scoped = orgs_->Search(teacher_a_, "班");
    ASSERT_TRUE(scoped);
    ASSERT_EQ(scoped->size(), 1u);
    EXPECT_EQ((*scoped)[0].unit.id, class_a_.id);
    EXPECT_EQ(orgs_->Search(bureau_, "  ").error().field, "q");
    EXPECT_EQ(orgs_->Search(bureau_, std::string(51, 'x')).error().field, "q");
}

INSTANTIATE_TEST_SUITE_P(Drivers, UserServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
