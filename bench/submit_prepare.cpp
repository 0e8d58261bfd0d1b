// Prepares the submission load of bench/submit: on a demo database, a bureau's campaign (PHQ-9 +
// GAD-7) over the whole demo city, sign-in codes for its classes, and a signed-in session for
// each student with an assignment, written as "token<TAB>csrf<TAB>assignment_id" lines for wrk.
// Sessions are written directly (they are what a student's sign-in stores); everything else
// goes through the services, as in production.
//
//   xinqiao_submit_prepare DB_URL KEY_FILE OUT_FILE
//   xinqiao_submit_prepare --count DB_URL   (prints how many assignments are completed)

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/screening/campaign.hpp"
#include "service/campaign_service.hpp"
#include "service/student_service.hpp"
#include "store/xlsx_writer.hpp"
#include "store/crypto/keyring.hpp"
#include "store/crypto/password.hpp"
#include "store/data_store.hpp"
#include "store/database.hpp"
#include "store/instrument_files.hpp"

namespace {

using namespace xinqiao;

class SystemClock final : public core::ports::Clock {
public:
    std::int64_t NowUnixMillis() override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

int Fail(const core::Error& e) {
    std::cerr << "submit_prepare: " << e.message << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--count") {
        auto db = store::OpenDatabase({argv[2]});
        if (!db) return Fail(db.error());
        std::int64_t completed = 0, responses = 0;
        auto counted = (*db)->Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(auto a, s.Query("SELECT COUNT(*) FROM assignments WHERE state = 'completed'"));
            XINQIAO_ASSIGN_OR_RETURN(auto r, s.Query("SELECT COUNT(*) FROM responses"));
            completed = a.Int(0, 0);
            responses = r.Int(0, 0);
            return core::Ok();
        });
        if (!counted) return Fail(counted.error());
        std::cout << completed << " " << responses << "\n";
        return 0;
    }
    if (argc != 4) {
        std::cerr << "usage: xinqiao_submit_prepare DB_URL KEY_FILE OUT_FILE\n";
        return 2;
    }
    auto db = store::OpenDatabase({argv[1]});
    if (!db) return Fail(db.error());
    auto keyring = store::Keyring::LoadFile(argv[2]);
    if (!keyring) return Fail(keyring.error());
    store::SqlDataStore data(**db, *keyring);
    SystemClock clock;
    store::OpenSslRandom random;
    auto instruments = store::LoadInstruments("instruments");
    if (!instruments) return Fail(instruments.error());
    auto rules = store::LoadRiskRules("risk-rules", *instruments);
    if (!rules) return Fail(rules.error());
    service::InstrumentLibrary library(std::move(*instruments), std::move(*rules));

    // The operator's principal: the whole tree.
    service::Principal op;
    op.grants = {{core::auth::Role::kBureauStaff, 0, "/"}, {core::auth::Role::kPsychologyTeacher, 0, "/"}};
    op.request_id = "bench";
    auto anchors = store::FindDemoAnchors(**db);
    if (!anchors) return Fail(anchors.error());

    store::XlsxWriter sheets;
    service::CampaignService campaigns(data, clock, library, sheets);
    service::NewCampaign n;
    n.unit_id = anchors->city;
    n.name = "bench";
    n.grades = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    n.instruments = {"phq9", "gad7"};
    n.opens_ms = clock.NowUnixMillis() - 60000;
    n.closes_ms = n.opens_ms + 7LL * 24 * 60 * 60 * 1000;
    auto campaign = campaigns.Create(op, n);
    if (!campaign) return Fail(campaign.error());

    // Accounts for every class of the county (what printing the code sheets does).
    std::vector<core::org::OrgUnitId> classes;
    auto listed = data.Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto city, r.Orgs().Get(anchors->city));
        XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().Subtree(city));
        for (const auto& u : units) {
            if (u.kind == core::org::OrgKind::kClass) classes.push_back(u.id);
        }
        return core::Ok();
    });
    if (!listed) return Fail(listed.error());
    service::StudentService students(data, clock, random);
    for (auto c : classes) {
        auto sheet = students.IssueClassCodes(op, c, {});
        if (!sheet) return Fail(sheet.error());
    }

    // A session for each student with an assignment, 5,000 to a transaction.
    std::vector<std::pair<std::int64_t, std::int64_t>> pending;  // account, assignment
    auto found = (*db)->Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(
            auto rs, s.Query("SELECT l.account_id, a.id FROM assignments a JOIN account_students l "
                             "ON l.student_id = a.student_id AND l.relation = 'self' WHERE a.campaign_id = $1 ORDER BY a.id",
                             {campaign->campaign.id}));
        for (std::size_t i = 0; i < rs.rows(); ++i) pending.emplace_back(rs.Int(i, 0), rs.Int(i, 1));
        return core::Ok();
    });
    if (!found) return Fail(found.error());
    std::ofstream out(argv[3]);
    const std::int64_t now = clock.NowUnixMillis();
    for (std::size_t start = 0; start < pending.size(); start += 5000) {
        auto written = data.Write([&](core::ports::Repositories& r) -> core::Status {
            for (std::size_t i = start; i < std::min(pending.size(), start + 5000); ++i) {
                const std::string token = random.HexToken(32), csrf = random.HexToken(16);
                XINQIAO_RETURN_IF_ERROR(r.Accounts().InsertSession(token, {pending[i].first, csrf, now, now, false}));
                out << token << '\t' << csrf << '\t' << pending[i].second << '\n';
            }
            return core::Ok();
        });
        if (!written) return Fail(written.error());
    }
    std::cerr << "submit_prepare: campaign " << campaign->campaign.id << ", " << classes.size() << " classes, "
              << pending.size() << " students signed in\n";
    return 0;
}
