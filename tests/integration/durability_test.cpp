// An acknowledged submission is never lost and never stored twice, not even when the server is
// killed with SIGKILL in the middle of a submission load: students submit from several threads,
// the server is killed once enough have been acknowledged, and a new server on the same database
// must hold every acknowledged submission exactly once, with counters that agree; submitting
// again with the same keys stores nothing more.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>

#include "http_client.hpp"
#include "service/campaign_service.hpp"
#include "service/student_service.hpp"
#include "store/xlsx_writer.hpp"
#include "store/data_store.hpp"
#include "store/instrument_files.hpp"
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
constexpr int kClasses = 6;
constexpr int kPerClass = 40;
constexpr int kThreads = 8;
constexpr int kKillAfter = 60;  // acknowledged submissions before the kill

struct Ticket {
    std::string token, csrf;
    std::int64_t assignment = 0;
};

class Durability : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(db_, GetParam());
        std::vector<OrgUnit> classes;
        ASSERT_TRUE(db_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository orgs(s);
            XINQIAO_ASSIGN_OR_RETURN(county_, orgs.Create({std::nullopt, OrgKind::kCounty, "明湖区", "", std::nullopt, false}, nullptr));
            XINQIAO_ASSIGN_OR_RETURN(const auto school, orgs.Create({county_.id, OrgKind::kSchool, "明湖中学", "",
                                                                     core::org::SchoolStage::kJunior, false},
                                                                    &county_));
            XINQIAO_ASSIGN_OR_RETURN(const auto grade, orgs.Create({school.id, OrgKind::kGrade, "七年级", "", std::nullopt, false}, &school));
            store::SqlStudentRepository students(s, TestKeyring());
            for (int c = 0; c < kClasses; ++c) {
                XINQIAO_ASSIGN_OR_RETURN(const auto klass, orgs.Create({grade.id, OrgKind::kClass, std::to_string(c + 1) + "班",
                                                                        "", std::nullopt, false},
                                                                       &grade));
                classes.push_back(klass);
                for (int i = 0; i < kPerClass; ++i) {
                    XINQIAO_RETURN_IF_ERROR(
                        students.Insert(StudentOfClass(klass, "D" + std::to_string(c * 1000 + i), "学生", {2013, 1, 1})));
                }
            }
            return core::Ok();
        }));
        TestAuth accounts(db_->db());
        auto instruments = store::LoadInstruments(XINQIAO_INSTRUMENTS).value();
        auto rules = store::LoadRiskRules(XINQIAO_RISK_RULES, instruments).value();
        service::InstrumentLibrary library(std::move(instruments), std::move(rules));
        service::Principal op;
        op.grants = {{core::auth::Role::kBureauStaff, county_.id, county_.path},
                     {core::auth::Role::kPsychologyTeacher, county_.id, county_.path}};
        store::XlsxWriter sheets;
        service::CampaignService campaigns(accounts.data, accounts.clock, library, sheets);
        // The server runs on the real clock: the window is around now.
        const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        accounts.clock.Advance(now - accounts.clock.NowUnixMillis());
        service::NewCampaign n;
        n.unit_id = county_.id;
        n.name = "durability";
        n.grades = {7};
        n.instruments = {"phq9", "gad7"};
        n.opens_ms = now - 60000;
        n.closes_ms = now + 86400000;
        const auto campaign = campaigns.Create(op, n);
        ASSERT_TRUE(campaign) << campaign.error().message;
        service::StudentService students(accounts.data, accounts.clock, accounts.random);
        for (const auto& c : classes) ASSERT_TRUE(students.IssueClassCodes(op, c.id, {}));
        // A session per student, as a sign-in stores it.
        ASSERT_TRUE(db_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT l.account_id, a.id FROM assignments a JOIN account_students l "
                                                      "ON l.student_id = a.student_id AND l.relation = 'self' ORDER BY a.id"));
            for (std::size_t i = 0; i < rs.rows(); ++i) {
                tickets_.push_back({accounts.random.HexToken(32), accounts.random.HexToken(16), testing::IntCell(rs, i, 1)});
                account_of_.push_back(testing::IntCell(rs, i, 0));
            }
            return core::Ok();
        }));
        ASSERT_EQ(tickets_.size(), static_cast<std::size_t>(kClasses * kPerClass));
        ASSERT_TRUE(accounts.data.Write([&](core::ports::Repositories& r) -> core::Status {
            for (std::size_t i = 0; i < tickets_.size(); ++i) {
                XINQIAO_RETURN_IF_ERROR(
                    r.Sessions().Insert(tickets_[i].token, {account_of_[i], tickets_[i].csrf, now, now, false}));
            }
            return core::Ok();
        }));
    }

    std::unique_ptr<ServerProcess> Start() {
        auto server = std::make_unique<ServerProcess>(
            kBinary, std::vector<std::string>{"--listen", "127.0.0.1:0", "--db", db_->url(), "--access-log", "off",
                                              "--key-file", TestKeyFile(), "--workers", "16"});
        EXPECT_GT(server->port(), 0);
        return server;
    }

    static std::optional<HttpReply> Submit(int port, const Ticket& t) {
        const std::string body = R"({"idempotency_key":"durable-)" + std::to_string(t.assignment) +
                                 R"(","answers":{"phq9":[0,1,0,1,0,0,0,1,0,0],"gad7":[1,0,0,0,1,0,0,0]}})";
        return Fetch(port, "POST", "/api/v1/assignments/" + std::to_string(t.assignment) + "/submission", body,
                     "Cookie: xq_session=" + t.token + "\r\nX-CSRF-Token: " + t.csrf +
                         "\r\nContent-Type: application/json\r\n");
    }

    std::int64_t Scalar(const std::string& sql) { return CountOf(db_->db(), sql); }

    std::unique_ptr<TestDatabase> db_;
    OrgUnit county_;
    std::vector<Ticket> tickets_;
    std::vector<std::int64_t> account_of_;
};

TEST_P(Durability, EveryAcknowledgedSubmissionSurvivesSigkillExactlyOnce) {
    auto server = Start();
    const int port = server->port();
    std::mutex mu;
    std::set<std::int64_t> acknowledged;
    std::atomic<int> acked{0};
    std::atomic<bool> killed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t i = static_cast<std::size_t>(t); i < tickets_.size() && !killed; i += kThreads) {
                const auto r = Submit(port, tickets_[i]);
                if (r && r->status == 200) {
                    std::lock_guard lock(mu);
                    acknowledged.insert(tickets_[i].assignment);
                    ++acked;
                }
            }
        });
    }
    // Kill once enough are acknowledged, while the others are still sending.
    while (acked < kKillAfter) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    server->StopWith(SIGKILL);
    killed = true;
    for (auto& th : threads) th.join();
    ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kKillAfter));
    ASSERT_LT(acknowledged.size(), tickets_.size()) << "the kill came in the middle of the load";

    // A new server on the same database: every acknowledged submission is there, once.
    auto restarted = Start();
    for (std::int64_t id : acknowledged) {
        EXPECT_EQ(Scalar("SELECT COUNT(*) FROM responses WHERE assignment_id = " + std::to_string(id)), 2) << id;
        EXPECT_EQ(Scalar("SELECT COUNT(*) FROM assignments WHERE state = 'completed' AND id = " + std::to_string(id)), 1);
    }
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM (SELECT assignment_id FROM responses GROUP BY assignment_id "
                     "HAVING COUNT(*) <> 2) x"),
              0)
        << "no submission is stored in part or twice";
    const std::int64_t completed = Scalar("SELECT COUNT(*) FROM assignments WHERE state = 'completed'");
    EXPECT_GE(completed, static_cast<std::int64_t>(acknowledged.size()));
    EXPECT_EQ(Scalar("SELECT completed FROM campaign_progress WHERE org_unit_id = " + std::to_string(county_.id)),
              completed)
        << "the counters committed with the submissions";

    // Retried with their keys (a client that never saw the answer), submissions store nothing twice.
    for (const auto& t : tickets_) {
        const auto r = Submit(restarted->port(), t);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << r->body;
    }
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM responses"), static_cast<std::int64_t>(2 * tickets_.size()));
    EXPECT_EQ(Scalar("SELECT completed FROM campaign_progress WHERE org_unit_id = " + std::to_string(county_.id)),
              static_cast<std::int64_t>(tickets_.size()));
    restarted->StopWith(SIGTERM);
}

INSTANTIATE_TEST_SUITE_P(Drivers, Durability, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::testing
