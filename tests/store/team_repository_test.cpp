// The team and support repositories' contract, on SQLite and PostgreSQL: crisis team members
// (leads first, a duty changed in place, removal), support given to students in special
// situations with its note sealed at rest, and the ledger and its counts per school.
#include <algorithm>

#include "core/ports/crisis_teams.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::people::Support;
using testing::Backend;

class TeamRepositoryContract : public testing::RepositoryContract {};

TEST_P(TeamRepositoryContract, MembersAreListedLeadsFirstAndADutyChangesInPlace) {
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Teams().Members(school_.id); })->empty());
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Teams().Put(school_.id, teacher_, "member", kNow); }));
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Teams().Put(school_.id, psych_, "lead", kNow); }));
    auto team = Read([&](Repositories& r) { return r.Teams().Members(school_.id); });
    ASSERT_TRUE(team) << team.error().message;
    ASSERT_EQ(team->size(), 2u);
    EXPECT_EQ((*team)[0].account_id, psych_);
    EXPECT_EQ((*team)[0].duty, "lead");
    EXPECT_EQ((*team)[0].login, "psych.chen");
    EXPECT_EQ((*team)[0].display_name, "陈老师");
    EXPECT_EQ((*team)[1].account_id, teacher_);
    EXPECT_EQ((*team)[1].added_ms, kNow);

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Teams().Put(school_.id, teacher_, "lead", kNow + 1); }));
    team = Read([&](Repositories& r) { return r.Teams().Members(school_.id); });
    ASSERT_EQ(team->size(), 2u) << "a second Put changes the duty, it adds no one";
    EXPECT_EQ((*team)[0].duty, "lead");
    EXPECT_EQ((*team)[1].duty, "lead");

    EXPECT_TRUE(Read([&](Repositories& r) { return r.Teams().Members(county_.id); })->empty()) << "teams are per unit";
    EXPECT_TRUE(Write([&](Repositories& r) { return r.Teams().Remove(school_.id, teacher_); }).value());
    EXPECT_FALSE(Write([&](Repositories& r) { return r.Teams().Remove(school_.id, teacher_); }).value());
    EXPECT_EQ(Read([&](Repositories& r) { return r.Teams().Members(school_.id); })->size(), 1u);
}

TEST_P(TeamRepositoryContract, SupportIsListedNewestFirstWithItsNoteSealed) {
    const auto add = [&](core::Date on, const char* kind, const char* note) {
        Support s;
        s.student_id = cat_;
        s.org_path = class2_.path;
        s.kind = kind;
        s.note = note;
        s.given_on = on;
        s.author_id = teacher_;
        s.created_ms = kNow;
        const auto id = Write([&](Repositories& r) { return r.Supports().Add(s); });
        EXPECT_TRUE(id) << id.error().message;
    };
    add({2026, 9, 10}, "study", "数学补习两小时");
    add({2026, 9, 18}, "home_visit", "家访：奶奶照顾，作业按时");
    EXPECT_FALSE(AnyCellContains("SELECT * FROM supports", "家访"));

    const auto with_notes = Read([&](Repositories& r) { return r.Supports().OfStudent(cat_, true); });
    ASSERT_TRUE(with_notes) << with_notes.error().message;
    ASSERT_EQ(with_notes->size(), 2u);
    EXPECT_EQ((*with_notes)[0].kind, "home_visit") << "newest first";
    EXPECT_EQ((*with_notes)[0].note, "家访：奶奶照顾，作业按时");
    EXPECT_EQ((*with_notes)[0].author_name, "王老师");
    EXPECT_EQ((*with_notes)[0].given_on, (core::Date{2026, 9, 18}));
    const auto without = Read([&](Repositories& r) { return r.Supports().OfStudent(cat_, false); });
    ASSERT_EQ(without->size(), 2u);
    EXPECT_EQ((*without)[0].note, "") << "not even opened";
}

TEST_P(TeamRepositoryContract, TheLedgerListsFlaggedStudentsAndCountsSupportSinceADay) {
    Support s;
    s.student_id = cat_;
    s.org_path = class2_.path;
    s.kind = "care";
    s.given_on = {2026, 9, 15};
    s.created_ms = kNow;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Supports().Add(s); }));

    const auto ledger = Read([&](Repositories& r) { return r.Supports().Ledger(county_.path, 0, "", {2026, 9, 1}, 50, 0); });
    ASSERT_TRUE(ledger) << ledger.error().message;
    ASSERT_EQ(ledger->size(), 1u) << "only 晨晨 is in a special situation";
    EXPECT_EQ((*ledger)[0].student_id, cat_);
    EXPECT_EQ((*ledger)[0].name, "晨晨");
    EXPECT_EQ((*ledger)[0].class_name, "七年级2班") << "the class named with its grade";
    EXPECT_EQ((*ledger)[0].school_name, "明湖一中");
    EXPECT_EQ((*ledger)[0].situations, static_cast<std::uint32_t>(core::people::SpecialSituation::kLeftBehind));
    EXPECT_EQ((*ledger)[0].supports, 1);
    EXPECT_EQ((*ledger)[0].last_support, (core::Date{2026, 9, 15}));
    // A class imported with its grade in its name is not named with it twice.
    auto renamed = class2_;
    renamed.name = "七年级2班";
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Orgs().UpdateAttributes(renamed); }));
    const auto again = Read([&](Repositories& r) { return r.Supports().Ledger(county_.path, 0, "", {2026, 9, 1}, 50, 0); });
    EXPECT_EQ(again->at(0).class_name, "七年级2班");
    const auto later = Read([&](Repositories& r) { return r.Supports().Ledger(county_.path, 0, "", {2026, 9, 16}, 50, 0); });
    EXPECT_EQ(later->at(0).supports, 0) << "support before the day asked about is not counted";
    const auto bereaved = Read([&](Repositories& r) {
        return r.Supports().Ledger(county_.path, static_cast<std::uint32_t>(core::people::SpecialSituation::kBereaved),
                                   "", {2026, 9, 1}, 50, 0);
    });
    EXPECT_TRUE(bereaved->empty());
    EXPECT_EQ(Read([&](Repositories& r) { return r.Supports().Ledger(county_.path, 0, "chen", {2026, 9, 1}, 50, 0); })
                  ->size(),
              1u)
        << "晨晨 by her full pinyin";
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Supports().Ledger(county_.path, 0, "aa", {2026, 9, 1}, 50, 0); })
                    ->empty())
        << "安安 is not in a special situation";
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Supports().Ledger(other_school_.path, 0, "", {2026, 9, 1}, 50, 0); })
                    ->empty());

    const auto coverage = Read([&](Repositories& r) { return r.Supports().Coverage(county_.path, {2026, 9, 1}); });
    ASSERT_TRUE(coverage) << coverage.error().message;
    const auto mine = std::find_if(coverage->begin(), coverage->end(),
                                   [&](const core::people::CoverageRow& c) { return c.school_id == school_.id; });
    ASSERT_NE(mine, coverage->end());
    EXPECT_EQ(mine->flagged, 1);
    EXPECT_EQ(mine->supported, 1);
    EXPECT_EQ(mine->paired, 0);
    ASSERT_FALSE(mine->by_situation.empty());
    EXPECT_EQ(mine->by_situation[0], 1) << "left behind is the first situation";
}

INSTANTIATE_TEST_SUITE_P(Drivers, TeamRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
