// The authorization matrix: every role x endpoint x (own scope, sibling scope, parent scope)
// against a running server, compared with what the policy table in src/core/auth says. It
// prints how many cases it ran; any difference is a violation.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "core/auth/policy.hpp"
#include "core/screening/campaign.hpp"
#include "http_client.hpp"
#include "service/auth_service.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/account_repository.hpp"
#include "store/org_repository.hpp"
#include "store/student_repository.hpp"
#include "support/fake_clock.hpp"
#include "support/test_auth.hpp"
#include "support/people.hpp"
#include "support/test_db.hpp"

namespace xinqiao::testing {
namespace {

using core::auth::Action;
using core::auth::Role;
using core::org::OrgKind;
using core::org::OrgUnit;

const std::string kBinary = XINQIAO_BINARY;
constexpr const char* kPassword = "matrix password 1";

// province / city / county K (+ sibling K2) / school S (+ S2) / grade G (+ G2) / class A (+ B).
// Classes C (in G2), D (in S2) and E (in K2) hold the students of the sibling scopes.
struct Tree {
    OrgUnit province, city, county, county2, school, school2, grade, grade2, class_a, class_b;
    OrgUnit class_c, school2_grade, class_d, school3, school3_grade, class_e;
};

struct Scope {
    const char* name;
    const OrgUnit* unit;
};

class AuthorizationMatrix : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(db_, GetParam());
        ASSERT_TRUE(db_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository repo(s);
            const auto make = [&](const OrgUnit* parent, OrgKind kind, const char* name,
                                  std::optional<core::org::SchoolStage> stage, OrgUnit& out) -> core::Status {
                XINQIAO_ASSIGN_OR_RETURN(out, repo.Create({parent ? std::optional(parent->id) : std::nullopt, kind, name,
                                                           "", stage, false},
                                                          parent));
                return core::Ok();
            };
            const auto junior = core::org::SchoolStage::kJunior;
            XINQIAO_RETURN_IF_ERROR(make(nullptr, OrgKind::kProvince, "某省", std::nullopt, t_.province));
            XINQIAO_RETURN_IF_ERROR(make(&t_.province, OrgKind::kCity, "某市", std::nullopt, t_.city));
            XINQIAO_RETURN_IF_ERROR(make(&t_.city, OrgKind::kCounty, "甲县", std::nullopt, t_.county));
            XINQIAO_RETURN_IF_ERROR(make(&t_.city, OrgKind::kCounty, "乙县", std::nullopt, t_.county2));
            XINQIAO_RETURN_IF_ERROR(make(&t_.county, OrgKind::kSchool, "甲中", junior, t_.school));
            XINQIAO_RETURN_IF_ERROR(make(&t_.county, OrgKind::kSchool, "乙中", junior, t_.school2));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school, OrgKind::kGrade, "七年级", std::nullopt, t_.grade));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school, OrgKind::kGrade, "八年级", std::nullopt, t_.grade2));
            XINQIAO_RETURN_IF_ERROR(make(&t_.grade, OrgKind::kClass, "1班", std::nullopt, t_.class_a));
            XINQIAO_RETURN_IF_ERROR(make(&t_.grade, OrgKind::kClass, "2班", std::nullopt, t_.class_b));
            XINQIAO_RETURN_IF_ERROR(make(&t_.grade2, OrgKind::kClass, "1班", std::nullopt, t_.class_c));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school2, OrgKind::kGrade, "七年级", std::nullopt, t_.school2_grade));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school2_grade, OrgKind::kClass, "1班", std::nullopt, t_.class_d));
            XINQIAO_RETURN_IF_ERROR(make(&t_.county2, OrgKind::kSchool, "丙中", junior, t_.school3));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school3, OrgKind::kGrade, "七年级", std::nullopt, t_.school3_grade));
            XINQIAO_RETURN_IF_ERROR(make(&t_.school3_grade, OrgKind::kClass, "1班", std::nullopt, t_.class_e));
            // One student in each class that some scope below names.
            store::SqlStudentRepository students(s, TestKeyring());
            int number = 0;
            for (const OrgUnit* c : {&t_.class_a, &t_.class_b, &t_.class_c, &t_.class_d, &t_.class_e}) {
                ++number;
                XINQIAO_ASSIGN_OR_RETURN(const auto id, students.Insert(StudentOfClass(*c, "M" + std::to_string(number),
                                                                                      "学生" + std::to_string(number),
                                                                                      {2012, 3, 4})));
                student_in_[c->id] = {id, c->path};
            }
            return core::Ok();
        }));
        TestAuth accounts(db_->db());
        auto& auth = accounts.auth;
        const auto& op = accounts.op;
        // A teacher the pairing endpoint pairs; never signed in, so pairing changes no one's reach.
        ASSERT_TRUE(auth.CreateAccount(op, "m.pairable", "结对老师", kPassword));
        ASSERT_TRUE(auth.GrantRole(op, "m.pairable", Role::kClassTeacher, t_.class_a.id));
        for (Role role : core::auth::AllRoles()) {
            const std::string login = "m." + std::string(core::auth::RoleName(role));
            ASSERT_TRUE(auth.CreateAccount(op, login, "矩阵", kPassword));
            ASSERT_TRUE(auth.GrantRole(op, login, role, GrantUnit(role).id));
            // Relationships: the student is the class A student; the guardian is their parent;
            // the class teacher is paired with the class B student, outside their class.
            std::optional<core::auth::StudentLink> link;
            if (role == Role::kStudent) link = {student_in_[t_.class_a.id].id, core::auth::StudentRelation::kSelf};
            if (role == Role::kGuardian) link = {student_in_[t_.class_a.id].id, core::auth::StudentRelation::kChild};
            if (role == Role::kClassTeacher) {
                link = {student_in_[t_.class_b.id].id, core::auth::StudentRelation::kPaired};
            }
            if (link) {
                ASSERT_TRUE(db_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
                    store::SqlAccountRepository accounts_repo(s, TestKeyring());
                    XINQIAO_ASSIGN_OR_RETURN(const auto account, accounts_repo.FindByLogin(login));
                    links_[role] = *link;
                    return store::SqlStudentLinkRepository(s).Link(account.id, *link, 0);
                }));
            }
            if (core::auth::RequiresTwoFactor(role)) {
                const auto enrolled = auth.EnrollTwoFactor(op, login);
                ASSERT_TRUE(enrolled);
                recovery_[role] = enrolled->recovery_codes[0];
            }
        }
        server_ = std::make_unique<ServerProcess>(
            kBinary, std::vector<std::string>{"--listen", "127.0.0.1:0", "--db", db_->url(), "--access-log", "off",
                                              "--key-file", TestKeyFile(),
                                              "--argon2-memory-kib", "1024", "--argon2-iterations", "1"});
        ASSERT_GT(server_->port(), 0);
    }

    // Where each role's grant sits: county-level roles on the county, school roles on the
    // school, the grade lead on the grade, class-level roles on the class.
    const OrgUnit& GrantUnit(Role role) const {
        switch (role) {
            case Role::kSchoolLeader:
            case Role::kPsychologyTeacher: return t_.school;
            case Role::kGradeLead: return t_.grade;
            case Role::kClassTeacher:
            case Role::kPeerObserver:
            case Role::kStudent:
            case Role::kGuardian: return t_.class_a;
            default: return t_.county;
        }
    }
    const OrgUnit& Sibling(const OrgUnit& u) const {
        if (u.id == t_.county.id) return t_.county2;
        if (u.id == t_.school.id) return t_.school2;
        if (u.id == t_.grade.id) return t_.grade2;
        return t_.class_b;
    }
    const OrgUnit& Parent(const OrgUnit& u) const {
        if (u.id == t_.county.id) return t_.city;
        if (u.id == t_.school.id) return t_.county;
        if (u.id == t_.grade.id) return t_.school;
        return t_.grade;
    }
    // A student inside the scope: for "own", one under the grant's unit; for "sibling" and
    // "parent", one under the sibling unit (inside the parent, outside the grant).
    const OrgUnit& StudentClass(const OrgUnit& grant_unit, bool own) const {
        if (own) return t_.class_a;
        if (grant_unit.id == t_.county.id) return t_.class_e;
        if (grant_unit.id == t_.school.id) return t_.class_d;
        if (grant_unit.id == t_.grade.id) return t_.class_c;
        return t_.class_b;
    }

    struct PlacedStudent {
        std::int64_t id = 0;
        std::string class_path;
    };

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<ServerProcess> server_;
    Tree t_;
    std::map<Role, std::string> recovery_;  // second factor for the roles that need one
    std::map<core::org::OrgUnitId, PlacedStudent> student_in_;  // by class
    std::map<Role, core::auth::StudentLink> links_;
};

// The kind a new child of `parent` may have, if any.
std::optional<std::string> ChildKind(OrgKind parent) {
    switch (parent) {
        case OrgKind::kCity: return "county";
        case OrgKind::kCounty: return "township";
        case OrgKind::kSchool: return "grade";
        case OrgKind::kGrade: return "class";
        default: return std::nullopt;
    }
}

TEST_P(AuthorizationMatrix, EveryRoleEndpointAndScopeMatchesThePolicy) {
    const int port = server_->port();
    int cases = 0, violations = 0, counter = 0;
    // Campaign windows are checked against the server's own clock.
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    const std::string today = core::FormatDate(core::screening::ChinaDateOf(now_ms));
    const std::string fortnight = core::FormatDate(core::screening::ChinaDateOf(now_ms + 14LL * 86400000));
    for (Role role : core::auth::AllRoles()) {
        const std::string login = "m." + std::string(core::auth::RoleName(role));
        const std::string second = recovery_.count(role) ? R"(,"totp":")" + recovery_.at(role) + "\"" : "";
        const auto signin = Fetch(port, "POST", "/api/v1/session",
                                  R"({"login":")" + login + R"(","password":")" + kPassword + "\"" + second + "}");
        ASSERT_TRUE(signin && signin->status == 200) << login;
        const std::string cookie = signin->Header("set-cookie");
        const std::string headers = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-CSRF-Token: " +
                                    std::string(boost::json::parse(signin->body).at("csrf_token").as_string()) + "\r\n";
        const std::vector<core::auth::Grant> grants = {{role, GrantUnit(role).id, GrantUnit(role).path}};
        const OrgUnit& own = GrantUnit(role);
        for (const Scope scope : {Scope{"own", &own}, Scope{"sibling", &Sibling(own)}, Scope{"parent", &Parent(own)}}) {
            const OrgUnit& unit = *scope.unit;
            const core::auth::Target target{unit.path};
            const bool visible = core::auth::Authorize(grants, Action::kViewAggregates, target).allowed();
            const auto expect_read = [&](Action action) {
                if (core::auth::Authorize(grants, action, target).allowed()) return 200;
                return visible ? 403 : 404;
            };
            const bool may_edit = core::auth::Authorize(grants, Action::kEditOrgTree, target).allowed();
            const std::string id = std::to_string(unit.id);
            const auto child = ChildKind(unit.kind);
            const std::string new_name = "改" + std::to_string(++counter);

            struct Case {
                std::string method, target, body;
                int expected;
                std::string content_type = "application/json";
            };
            // The student endpoints, on a student placed in this scope, with the role's relations.
            const PlacedStudent& st = student_in_.at(StudentClass(own, scope.unit == &own).id);
            core::auth::Target student_target{st.class_path};
            if (links_.count(role) && links_.at(role).student_id == st.id) {
                const auto rel = links_.at(role).relation;
                student_target.is_self = rel == core::auth::StudentRelation::kSelf;
                student_target.is_own_child = rel == core::auth::StudentRelation::kChild;
                student_target.is_paired = rel == core::auth::StudentRelation::kPaired;
            }
            const bool student_visible =
                core::auth::Authorize(grants, Action::kViewRoster, student_target).allowed();
            const auto expect_on_student = [&](Action action, int ok) {
                if (core::auth::Authorize(grants, action, student_target).allowed()) return ok;
                return student_visible ? 403 : 404;
            };
            const auto records = core::auth::Authorize(grants, Action::kViewRecords, student_target).effect;
            const int break_glass = records != core::auth::Effect::kDeny ? 200 : (student_visible ? 403 : 404);
            const bool may_issue = core::auth::Authorize(grants, Action::kIssueSignInCodes, target).allowed();
            const std::string sid = std::to_string(st.id);

            const std::vector<Case> endpoints = {
                {"GET", "/api/v1/org-units/" + id, "", expect_read(Action::kViewAggregates)},
                {"GET", "/api/v1/org-units/" + id + "/children", "", expect_read(Action::kViewAggregates)},
                {"GET", "/api/v1/org-units/" + id + "/ancestors", "", expect_read(Action::kViewAggregates)},
                {"GET", "/api/v1/org-units/" + id + "/students", "", expect_read(Action::kViewRoster)},
                {"GET", "/api/v1/org-units/" + id + "/summary", "", expect_read(Action::kViewAggregates)},
                {"GET", "/api/v1/org-units/" + id + "/accounts", "", expect_read(Action::kManageUsers)},
                {"PATCH", "/api/v1/org-units/" + id, R"({"code":"M)" + std::to_string(counter) + "\"}",
                 may_edit ? 200 : (visible ? 403 : 404)},
                // A parent out of view is a bad field in the body (400), never a hint it exists.
                {"POST", "/api/v1/org-units",
                 R"({"kind":")" + child.value_or("class") + R"(","name":")" + new_name + R"(","parent_id":)" + id + "}",
                 !visible ? 400 : (!may_edit ? 403 : (child ? 201 : 400))},
                {"POST", "/api/v1/org-units/" + id + "/sign-in-codes", "",
                 may_issue ? (unit.kind == OrgKind::kClass ? 200 : 400) : (visible ? 403 : 404)},
                {"GET", "/api/v1/students/" + sid, "", expect_on_student(Action::kViewRoster, 200)},
                {"GET", "/api/v1/students/" + sid + "/notes", "", expect_on_student(Action::kViewRecords, 200)},
                {"POST", "/api/v1/students/" + sid + "/notes", R"({"body":"谈话记录"})",
                 expect_on_student(Action::kWriteRecords, 201)},
                {"POST", "/api/v1/students/" + sid + "/notes/break-glass", R"({"reason":"家长来电求助"})", break_glass},
                {"PUT", "/api/v1/students/" + sid + "/pairings/m.pairable", "",
                 expect_on_student(Action::kEditRoster, 204)},
                {"POST", "/api/v1/students/" + sid + "/guardian-invitations", "",
                 expect_on_student(Action::kIssueSignInCodes, 201)},
                // Roster files, as dry runs of a header-only file: scope is checked before content.
                {"POST", "/api/v1/org-units/" + id + "/students/import?dry_run=true", "姓名,性别,出生日期,学籍号,年级,班级\n",
                 core::auth::Authorize(grants, Action::kEditRoster, target).allowed()
                     ? (unit.kind == OrgKind::kSchool ? 200 : 400)
                     : (visible ? 403 : 404),
                 "text/csv"},
                {"POST", "/api/v1/org-units/" + id + "/staff/import?dry_run=true", "姓名,工号,角色,所属单位\n",
                 core::auth::Authorize(grants, Action::kManageUsers, target).allowed() ? 200 : (visible ? 403 : 404),
                 "text/csv"},
                // Every scope holds students of 七年级 or 八年级.
                {"POST", "/api/v1/campaigns",
                 R"({"org_unit_id":)" + id + R"(,"name":"测评)" + std::to_string(counter) +
                     R"(","grades":[7,8],"instruments":["phq9"],"opens_on":")" + today + R"(","closes_on":")" +
                     fortnight + "\"}",
                 core::auth::Authorize(grants, Action::kRunCampaigns, target).allowed() ? 201 : (visible ? 403 : 404)},
                {"GET", "/api/v1/students/" + sid + "/archive", "", expect_on_student(Action::kViewRisk, 200)},
            };
            for (const auto& c : endpoints) {
                ++cases;
                const auto r = Fetch(port, c.method, c.target, c.body, headers + "Content-Type: " + c.content_type + "\r\n");
                const int got = r ? r->status : -1;
                if (got != c.expected) {
                    ++violations;
                    ADD_FAILURE() << core::auth::RoleName(role) << " " << c.method << " " << c.target << " ("
                                  << scope.name << " scope): expected " << c.expected << ", got " << got
                                  << (r ? " " + r->body : std::string());
                }
            }
        }
    }
    std::printf("authorization matrix (%s): %d cases, %d violations\n", BackendName(GetParam()).c_str(), cases,
                violations);
    EXPECT_EQ(cases, static_cast<int>(core::auth::AllRoles().size()) * 3 * 19);
    EXPECT_EQ(violations, 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AuthorizationMatrix, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::testing
