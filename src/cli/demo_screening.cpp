#include "cli/demo_screening.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/screening/scoring.hpp"
#include "service/answering_service.hpp"
#include "service/campaign_service.hpp"
#include "service/student_service.hpp"
#include "store/xlsx_writer.hpp"

namespace xinqiao::cli {
namespace {

using core::auth::Role;
using core::screening::Answers;
using core::screening::Instrument;

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// splitmix64: the same numbers from the same seed on every platform.
struct Dice {
    std::uint64_t state;
    std::uint64_t Next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

// Synthetic answers of a student whose `distress` (0..1) raises every answer; critical items
// (thoughts of self-harm) are answered positively far more rarely. `partial`: the first half only.
Answers Synthetic(const Instrument& in, double distress, Dice& dice, bool partial) {
    Answers a(in.items.size());
    const std::size_t asked = partial ? in.items.size() / 2 : in.items.size();
    for (std::size_t i = 0; i < asked; ++i) {
        const auto& item = in.items[i];
        if (item.options.empty() || !core::screening::IsAsked(item, a)) continue;
        const double reach = (0.55 + 3.0 * distress) * (item.critical ? 0.6 : 1.0);
        auto pick = std::min(item.options.size() - 1, static_cast<std::size_t>(dice.Unit() * reach));
        if (item.reverse) pick = item.options.size() - 1 - pick;
        a[i] = item.options[pick].value;
    }
    return a;
}

core::Result<service::Principal> DemoPrincipal(core::ports::Repositories& r, const std::string& login, Role role,
                                              core::org::OrgUnitId unit_id) {
    XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(login));
    XINQIAO_ASSIGN_OR_RETURN(const auto unit, r.Orgs().Get(unit_id));
    service::Principal p;
    p.account_id = account.id;
    p.login = login;
    p.display_name = account.display_name;
    p.grants = {{role, unit.id, unit.path}};
    p.request_id = "demo";
    return p;
}

// Time as the demo's story tells it: the campaign is launched ten days ago and answered since.
class StoryClock final : public core::ports::Clock {
public:
    std::int64_t NowUnixMillis() override { return now_ms; }
    std::int64_t now_ms = 0;
};

}  // namespace

core::Result<DemoScreening> LoadDemoScreening(store::Database& db, store::SqlDataStore& data, core::ports::Clock& clock,
                                              core::ports::RandomSource& random,
                                              const service::InstrumentLibrary& library, std::uint64_t seed) {
    XINQIAO_ASSIGN_OR_RETURN(const auto at, store::FindDemoAnchors(db));
    service::Principal bureau, psych;  // psych: the operator (no account)
    core::people::StudentId left_to_answer = 0;
    std::vector<core::org::OrgUnitId> classes, schools;
    XINQIAO_RETURN_IF_ERROR(data.Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(bureau, DemoPrincipal(r, "demo.bureau", Role::kBureauStaff, at.county));
        // The code sheets of the whole county are printed by the operator, as a psychology
        // teacher there would print their school's.
        XINQIAO_ASSIGN_OR_RETURN(const auto county, r.Orgs().Get(at.county));
        psych.login = "operator";
        psych.grants = {{Role::kPsychologyTeacher, county.id, county.path}};
        psych.request_id = "demo";
        XINQIAO_ASSIGN_OR_RETURN(const auto demo_class, r.Students().ListClass(at.klass));
        if (!demo_class.empty()) left_to_answer = demo_class.front().id;
        XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().Subtree(county));
        for (const auto& u : units) {
            if (u.kind == core::org::OrgKind::kSchool) schools.push_back(u.id);
            if (u.kind == core::org::OrgKind::kClass && u.id != at.klass) classes.push_back(u.id);
        }
        return core::Ok();
    }));

    // The county's bureau launched it ten days ago for 七年级 to 高三 with PHQ-9 and GAD-7 (meant
    // for ages 12 and up).
    const std::int64_t now = clock.NowUnixMillis();
    StoryClock story;
    story.now_ms = now - 10 * kDayMs;
    store::XlsxWriter sheets;
    service::CampaignService campaigns(data, story, library, sheets);
    service::NewCampaign n;
    n.unit_id = at.county;
    n.name = std::to_string(core::screening::SchoolYearOf(now)) + "学年学生心理健康测评（演示）";
    n.grades = {7, 8, 9, 10, 11, 12};
    n.instruments = {"phq9", "gad7"};
    n.opens_ms = story.now_ms + 60 * 1000;
    n.closes_ms = now + 20 * kDayMs;
    XINQIAO_ASSIGN_OR_RETURN(const auto campaign, campaigns.Create(bureau, n));

    // The county's class teachers printed code sheets (the demo class has its own already). Most
    // of the demo school has answered; the other schools are further behind or further ahead.
    story.now_ms += 2 * 60 * 1000;
    service::StudentService students(data, story, random);
    for (auto c : classes) XINQIAO_RETURN_IF_ERROR(students.IssueClassCodes(psych, c, {}));
    struct Pupil {
        std::int64_t assignment, account;
        core::org::OrgUnitId klass, school;
        std::string path;
    };
    std::vector<Pupil> pupils;
    XINQIAO_RETURN_IF_ERROR(db.Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(
            auto rs, s.Query("SELECT a.id, l.account_id, a.class_id, st.school_id, o.path FROM assignments a "
                             "JOIN account_students l ON l.student_id = a.student_id AND l.relation = 'self' "
                             "JOIN students st ON st.id = a.student_id JOIN org_units o ON o.id = a.class_id "
                             "WHERE a.campaign_id = $1 AND a.student_id <> $2 ORDER BY a.id",
                             {campaign.campaign.id, left_to_answer}));
        rs.Each([&](store::Row& row) {
            pupils.push_back({row.Int(), row.Int(), row.Int(), row.Int(), row.Text()});
        });
        return core::Ok();
    }));
    const auto* phq9 = library.Find("phq9");
    const auto* gad7 = library.Find("gad7");
    if (!phq9 || !gad7) return core::Error::FailedPrecondition("the demo screening needs the phq9 and gad7 instruments");
    service::AnsweringService answering(data, story, library);
    Dice dice{seed * 7919 + 17};
    std::map<core::org::OrgUnitId, double> pace;  // school -> share of students who have answered
    for (auto school : schools) pace[school] = school == at.school ? 0.8 : 0.9 * dice.Unit();
    const std::int64_t first_day = story.now_ms;
    for (std::size_t i = 0; i < pupils.size(); ++i) {
        const auto& pupil = pupils[i];
        // Classes answered one after another over the nine days since.
        story.now_ms = first_day + static_cast<std::int64_t>(9.0 * kDayMs * static_cast<double>(i) /
                                                             static_cast<double>(pupils.size()));
        service::Principal student;
        student.account_id = pupil.account;
        student.grants = {{Role::kStudent, pupil.klass, pupil.path}};
        student.request_id = "demo";
        const double roll = dice.Unit();
        const double distress = std::pow(dice.Unit(), 3.0);
        const double answered = pace[pupil.school];
        if (roll < answered) {
            core::screening::BatteryAnswers answers{{"phq9", Synthetic(*phq9, distress, dice, false)},
                                                    {"gad7", Synthetic(*gad7, distress, dice, false)}};
            XINQIAO_RETURN_IF_ERROR(
                answering.Submit(student, pupil.assignment, "demo-answers-" + std::to_string(pupil.assignment), answers));
        } else if (roll < answered + 0.08) {
            core::screening::BatteryAnswers answers{{"phq9", Synthetic(*phq9, distress, dice, true)}};
            XINQIAO_RETURN_IF_ERROR(answering.SaveDraft(student, pupil.assignment, 0, answers));
        }
    }

    DemoScreening out;
    out.name = n.name;
    XINQIAO_RETURN_IF_ERROR(data.Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto counted, r.Screening().ProgressOf(campaign.campaign.id, {at.county}));
        out.progress = counted.at(0);
        return core::Ok();
    }));
    return out;
}

}  // namespace xinqiao::cli
