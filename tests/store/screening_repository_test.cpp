// The screening repository's contract, on SQLite and PostgreSQL: campaigns and where they are
// listed, the placements eligibility reads, assignments with drafts (sealed, dropped on
// completion), responses and assessments for the archive, the counters kept per unit, and the
// rows of an export.
#include <tuple>

#include "core/ports/screening.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::screening::Assignment;
using core::screening::AssignmentState;
using core::screening::Campaign;
using core::screening::Consent;
using core::screening::Level;
using core::screening::Progress;
using core::screening::StoredAssessment;
using core::screening::StoredResponse;
using testing::Backend;

class ScreeningRepositoryContract : public testing::RepositoryContract {
protected:
    core::screening::CampaignId AddCampaign(const core::org::OrgUnit& unit, const std::string& name, std::int64_t created) {
        Campaign c;
        c.unit_id = unit.id;
        c.org_path = unit.path;
        c.name = name;
        c.grades = {7, 8};
        c.battery = {{"phq9", "v-phq9"}, {"gad7", "v-gad7"}};
        c.opens_ms = kNow;
        c.closes_ms = kNow + 14 * 24 * kHour;
        c.consent_required = true;
        c.created_by = psych_;
        c.created_ms = created;
        const auto id = Write([&](Repositories& r) { return r.Screening().InsertCampaign(c); });
        EXPECT_TRUE(id) << id.error().message;
        return id ? *id : 0;
    }

    // Assigns the campaign to `students` of `klass`; returns their assignments in the order given.
    std::vector<Assignment> Assign(core::screening::CampaignId campaign, const core::org::OrgUnit& klass,
                                   const std::vector<core::people::StudentId>& students) {
        std::vector<Assignment> batch;
        for (const auto s : students) {
            Assignment a;
            a.campaign_id = campaign;
            a.student_id = s;
            a.class_id = klass.id;
            a.org_path = klass.path;
            a.consent = Consent::kPending;
            batch.push_back(a);
        }
        EXPECT_TRUE(Write([&](Repositories& r) { return r.Screening().InsertAssignments(batch); }));
        std::vector<Assignment> out;
        for (const auto s : students) {
            const auto mine = Read([&](Repositories& r) { return r.Screening().AssignmentsOfStudent(s); }).value();
            for (const auto& a : mine) {
                if (a.campaign_id == campaign) out.push_back(a);
            }
        }
        return out;
    }
};

TEST_P(ScreeningRepositoryContract, ACampaignReadsBackAndIsListedWhereItCoversOrLies) {
    const auto county = AddCampaign(county_, "全区秋季测评", kNow);
    const auto school = AddCampaign(school_, "一中补测", kNow + 1);
    const auto other = AddCampaign(other_school_, "二中测评", kNow + 2);

    const auto c = Read([&](Repositories& r) { return r.Screening().GetCampaign(county); });
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->name, "全区秋季测评");
    EXPECT_EQ(c->org_path, county_.path);
    EXPECT_EQ(c->grades, (std::vector<int>{7, 8}));
    ASSERT_EQ(c->battery.size(), 2u);
    EXPECT_EQ(c->battery[0].instrument_id, "phq9") << "answering order is kept";
    EXPECT_EQ(c->battery[1].version, "v-gad7");
    EXPECT_TRUE(c->consent_required);
    EXPECT_FALSE(c->anonymous);
    EXPECT_FALSE(c->closed);
    EXPECT_EQ(c->created_by, psych_);

    Campaign changed = *c;
    changed.name = "全区秋季心理测评";
    changed.closes_ms += kHour;
    changed.closed = true;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().UpdateCampaign(changed); }));
    const auto now = Read([&](Repositories& r) { return r.Screening().GetCampaign(county); }).value();
    EXPECT_EQ(now.name, "全区秋季心理测评");
    EXPECT_EQ(now.closes_ms, c->closes_ms + kHour);
    EXPECT_TRUE(now.closed);

    const auto ids = [&](const std::vector<std::string>& paths, int limit) {
        std::vector<core::screening::CampaignId> out;
        const auto listed = Read([&](Repositories& r) { return r.Screening().ListCampaigns(paths, limit); });
        EXPECT_TRUE(listed) << listed.error().message;
        for (const auto& x : *listed) out.push_back(x.id);
        return out;
    };
    EXPECT_EQ(ids({class1_.path}, 10), (std::vector<core::screening::CampaignId>{school, county}))
        << "a class sees the campaigns covering it, newest first";
    EXPECT_EQ(ids({county_.path}, 10), (std::vector<core::screening::CampaignId>{other, school, county}))
        << "a county sees those lying under it too";
    EXPECT_EQ(ids({county_.path}, 1), (std::vector<core::screening::CampaignId>{other}));

    const auto missing = Read([&](Repositories& r) { return r.Screening().GetCampaign(other + 1000); });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(ScreeningRepositoryContract, PlacementsAreTheStudentsOfASubtreeWithTheirNames) {
    const auto placements = Read([&](Repositories& r) { return r.Screening().Placements(school_.path); });
    ASSERT_TRUE(placements) << placements.error().message;
    ASSERT_EQ(placements->size(), 3u) << "丁丁 is in the other school";
    for (const auto& p : *placements) {
        EXPECT_EQ(p.school_id, school_.id);
        EXPECT_EQ(p.grade_name, "七年级");
        EXPECT_EQ(p.stage, core::org::SchoolStage::kJunior);
        if (p.student_id == cat_) {
            EXPECT_EQ(p.class_name, "2班");
            EXPECT_EQ(p.org_path, class2_.path);
        }
    }
}

TEST_P(ScreeningRepositoryContract, AnAssignmentKeepsItsSealedDraftUntilItIsCompleted) {
    const auto campaign = AddCampaign(school_, "一中测评", kNow);
    auto assigned = Assign(campaign, class1_, {bob_, ann_});
    ASSERT_EQ(assigned.size(), 2u);
    const auto in_class = Read([&](Repositories& r) { return r.Screening().AssignmentsOfClass(campaign, class1_.id); });
    ASSERT_TRUE(in_class) << in_class.error().message;
    ASSERT_EQ(in_class->size(), 2u);
    EXPECT_EQ((*in_class)[0].student_number, "S001") << "by student number";
    EXPECT_EQ((*in_class)[0].name, "安安");
    EXPECT_EQ((*in_class)[0].assignment.consent, Consent::kPending);

    Assignment a = assigned[1];  // 安安's
    const core::screening::BatteryAnswers draft = {{"phq9", {1, 2, std::nullopt, 0}}};
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().PutDraft(a.id, draft); }));
    EXPECT_EQ(Read([&](Repositories& r) { return r.Screening().Draft(a.id); }).value(), draft);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Screening().Draft(assigned[0].id); })->empty());

    a.state = AssignmentState::kCompleted;
    a.consent = Consent::kGiven;
    a.draft_version = 3;
    a.submit_key = "key-1";
    a.needs_care = true;
    a.completed_ms = kNow + kHour;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().UpdateAssignment(a); }));
    const auto got = Read([&](Repositories& r) { return r.Screening().GetAssignment(a.id); });
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->state, AssignmentState::kCompleted);
    EXPECT_EQ(got->consent, Consent::kGiven);
    EXPECT_EQ(got->draft_version, 3);
    EXPECT_EQ(got->submit_key, "key-1");
    EXPECT_TRUE(got->needs_care);
    EXPECT_EQ(got->completed_ms, kNow + kHour);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Screening().Draft(a.id); })->empty())
        << "a completed assignment's draft is dropped";

    const auto missing = Read([&](Repositories& r) { return r.Screening().GetAssignment(a.id + 1000); });
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(ScreeningRepositoryContract, ResponsesAndAssessmentsMakeTheArchiveAndTheExport) {
    const auto campaign = AddCampaign(school_, "一中测评", kNow);
    const Assignment a = Assign(campaign, class1_, {ann_}).at(0);
    Assign(campaign, class2_, {cat_});
    for (const auto& [instrument, total, band] :
         {std::tuple{"phq9", 12, "moderate"}, std::tuple{"gad7", 4, "minimal"}}) {
        StoredResponse r;
        r.assignment_id = a.id;
        r.campaign_id = campaign;
        r.student_id = ann_;
        r.class_id = class1_.id;
        r.instrument_id = instrument;
        r.instrument_version = std::string("v-") + instrument;
        r.answers = {2, 1, std::nullopt, 3};
        r.total = total;
        r.band = band;
        r.subscales = {{"somatic", 3}};
        r.alerts = std::string(instrument) == "phq9" ? 1 : 0;
        r.submitted_ms = kNow + kHour;
        ASSERT_TRUE(Write([&](Repositories& repos) { return repos.Screening().InsertResponse(r); }));
    }
    StoredAssessment s;
    s.assignment_id = a.id;
    s.campaign_id = campaign;
    s.student_id = ann_;
    s.level = Level::kII;
    s.reasons = {{Level::kII, "PHQ-9 第9题阳性", "PHQ-9 item 9 positive"}};
    s.assessed_ms = kNow + kHour;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().InsertAssessment(s); }));

    const auto responses = Read([&](Repositories& r) { return r.Screening().Responses(a.id); });
    ASSERT_TRUE(responses) << responses.error().message;
    ASSERT_EQ(responses->size(), 2u);
    EXPECT_EQ((*responses)[0].instrument_id, "phq9") << "in battery order";
    EXPECT_EQ((*responses)[0].answers, (core::screening::Answers{2, 1, std::nullopt, 3}));
    EXPECT_EQ((*responses)[0].subscales.at("somatic"), 3);
    EXPECT_EQ((*responses)[0].alerts, 1);

    const auto assessed = Read([&](Repositories& r) { return r.Screening().AssessmentOf(a.id); }).value();
    ASSERT_TRUE(assessed);
    EXPECT_EQ(assessed->level, Level::kII);
    ASSERT_EQ(assessed->reasons.size(), 1u);
    EXPECT_EQ(assessed->reasons[0].en, "PHQ-9 item 9 positive");
    EXPECT_EQ(Read([&](Repositories& r) { return r.Screening().LatestAssessment(ann_); }).value()->id, assessed->id);
    EXPECT_EQ(Read([&](Repositories& r) { return r.Screening().LatestAssessment(bob_); }).value(), std::nullopt);

    const auto archive = Read([&](Repositories& r) { return r.Screening().Archive(ann_); });
    ASSERT_TRUE(archive) << archive.error().message;
    ASSERT_EQ(archive->size(), 1u);
    EXPECT_EQ((*archive)[0].campaign_name, "一中测评");
    ASSERT_EQ((*archive)[0].responses.size(), 2u);
    EXPECT_TRUE((*archive)[0].responses[0].answers.empty()) << "the archive leaves the answers out";
    EXPECT_EQ((*archive)[0].responses[0].total, 12);

    const auto rows = Read([&](Repositories& r) { return r.Screening().ExportRows(campaign, school_.path); });
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].name, "安安") << "by class, then student number";
    EXPECT_EQ((*rows)[0].class_name, "1班");
    EXPECT_EQ((*rows)[0].school_name, "明湖一中");
    EXPECT_EQ((*rows)[0].level, Level::kII);
    ASSERT_EQ((*rows)[0].reasons.size(), 1u);
    EXPECT_EQ((*rows)[0].scores.at("phq9"), (std::pair<int, std::string>{12, "moderate"}));
    EXPECT_EQ((*rows)[1].name, "晨晨");
    EXPECT_EQ((*rows)[1].level, std::nullopt) << "not yet answered";
    EXPECT_TRUE((*rows)[1].scores.empty());
    EXPECT_EQ(Read([&](Repositories& r) { return r.Screening().ExportRows(campaign, class2_.path); })->size(), 1u);
}

TEST_P(ScreeningRepositoryContract, CountersAddUpPerUnitAndReadZeroWhereNothingWasCounted) {
    const auto campaign = AddCampaign(county_, "全区测评", kNow);
    Progress delta;
    delta.invited = 2;
    delta.completed = 1;
    delta.levels[1] = 1;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().AddProgress(campaign, {county_.id, school_.id}, delta); }));
    Progress refusal;
    refusal.consent_refused = 1;
    refusal.invited = 1;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Screening().AddProgress(campaign, {county_.id}, refusal); }));

    const auto got = Read([&](Repositories& r) {
        return r.Screening().ProgressOf(campaign, {school_.id, class2_.id, county_.id});
    });
    ASSERT_TRUE(got) << got.error().message;
    ASSERT_EQ(got->size(), 3u);
    EXPECT_EQ((*got)[0].invited, 2);
    EXPECT_EQ((*got)[0].completed, 1);
    EXPECT_EQ((*got)[0].levels[1], 1);
    EXPECT_EQ((*got)[0].consent_refused, 0);
    EXPECT_EQ((*got)[1].invited, 0) << "a unit without a row reads zero";
    EXPECT_EQ((*got)[2].invited, 3);
    EXPECT_EQ((*got)[2].consent_refused, 1);
    EXPECT_EQ((*got)[2].levels[1], 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ScreeningRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
