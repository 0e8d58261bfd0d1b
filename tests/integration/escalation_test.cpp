// Escalation runs from the database, so it survives restarts and, with several servers on one
// database, happens once: two `xinqiao serve` processes share a database holding alerts nobody
// acknowledged in time; each alert must climb exactly one tier, with one timeline event and
// one audit entry, whichever server took it.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_client.hpp"
#include "store/data_store.hpp"
#include "store/org_repository.hpp"
#include "store/student_repository.hpp"
#include "support/people.hpp"
#include "support/test_auth.hpp"
#include "support/test_db.hpp"

namespace xinqiao::testing {
namespace {

using core::org::OrgKind;
using core::org::OrgUnit;

const std::string kBinary = XINQIAO_BINARY;
constexpr int kAlerts = 150;

class Escalation : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(db_, GetParam());
        std::vector<core::people::StudentId> students;
        OrgUnit county, school, grade, klass;
        ASSERT_TRUE(db_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            XINQIAO_ASSIGN_OR_RETURN(county, orgs.Create({std::nullopt, OrgKind::kCounty, "明湖区", "", std::nullopt, false}, nullptr));
            XINQIAO_ASSIGN_OR_RETURN(school, orgs.Create({county.id, OrgKind::kSchool, "明湖中学", "",
                                                          core::org::SchoolStage::kJunior, false},
                                                         &county));
            XINQIAO_ASSIGN_OR_RETURN(grade, orgs.Create({school.id, OrgKind::kGrade, "七年级", "", std::nullopt, false}, &school));
            XINQIAO_ASSIGN_OR_RETURN(klass, orgs.Create({grade.id, OrgKind::kClass, "1班", "", std::nullopt, false}, &grade));
            store::SqlStudentRepository repo(s, TestKeyring());
            for (int i = 0; i < kAlerts; ++i) {
                XINQIAO_ASSIGN_OR_RETURN(const auto id,
                                         repo.Insert(StudentOfClass(klass, "E" + std::to_string(i), "学生", {2013, 1, 1})));
                students.push_back(id);
            }
            return core::Ok();
        }));
        grade_ = grade.id;
        // Level III alerts raised eight days ago on the class tier: due a day ago, unacknowledged.
        const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        TestAuth accounts(db_->db());
        ASSERT_TRUE(accounts.data.Write([&](core::ports::Repositories& r) -> core::Status {
            const auto place = core::warning::PlaceOf(klass.path, school.id, county.id);
            for (const auto id : students) {
                core::warning::NewAlert a;
                a.student_id = id;
                a.org_path = klass.path;
                a.level = core::screening::Level::kIII;
                a.created_ms = now - 8 * 86400000LL;
                a.due_ms = now - 86400000LL;
                a.tier = core::warning::Tier::kClass;
                a.owners = core::warning::StartOwners(a.level, place);
                XINQIAO_RETURN_IF_ERROR(r.Alerts().Insert(a));
            }
            return core::Ok();
        }));
    }

    std::unique_ptr<ServerProcess> Start(const std::string& interval_ms) {
        auto server = std::make_unique<ServerProcess>(
            kBinary, std::vector<std::string>{"--listen", "127.0.0.1:0", "--db", db_->url(), "--access-log", "off",
                                              "--key-file", TestKeyFile(), "--escalation-interval-ms", interval_ms});
        EXPECT_GT(server->port(), 0);
        return server;
    }

    std::int64_t Scalar(const std::string& sql) { return CountOf(db_->db(), sql); }

    std::unique_ptr<TestDatabase> db_;
    core::org::OrgUnitId grade_ = 0;
};

TEST_P(Escalation, TwoServersOnOneDatabaseEscalateEachAlertOnce) {
    // Both rounds start together and keep racing every 20 ms.
    auto first = Start("20");
    auto second = Start("20");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 0") > 0 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Let both servers run more rounds over the escalated alerts: none may move again (their
    // next step is a week away).
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(first->StopWith(SIGTERM), 0);
    EXPECT_EQ(second->StopWith(SIGTERM), 0);

    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 1 AND tier = 1"), kAlerts);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alert_events WHERE kind = 'escalated'"), kAlerts);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM (SELECT alert_id FROM alert_events WHERE kind = 'escalated' "
                     "GROUP BY alert_id HAVING COUNT(*) <> 1) x"),
              0)
        << "every alert escalated exactly once";
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'alert.escalate' AND actor_role = 'system'"), kAlerts);
    // The grade lead now owns every one of them.
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alert_owners WHERE role = 'grade_lead' AND org_unit_id = " +
                     std::to_string(grade_)),
              kAlerts);
}

TEST_P(Escalation, AServerThatWasDownEscalatesWhatFellDueMeanwhileOnStart) {
    // Nothing runs while no server does; the first round after start takes everything due.
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 0"), kAlerts);
    auto server = Start("50");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 0") > 0 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(server->StopWith(SIGTERM), 0);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 1"), kAlerts);
    // A server with escalation turned off leaves due alerts alone.
    ASSERT_TRUE(db_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute("UPDATE alerts SET escalate_ms = 1"));
        return core::Ok();
    }));
    auto quiet = Start("0");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(quiet->StopWith(SIGTERM), 0);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM alerts WHERE escalations = 1"), kAlerts);
}

INSTANTIATE_TEST_SUITE_P(Drivers, Escalation, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::testing
