#pragma once
// The screening fixture shared by the screening and alert service tests: a county with a junior
// school (七年级: two classes of three, 八年级: one class of two) and a primary school (三年级: one
// class of two), staff on each level, the students of class 1 signed in with their codes.

#include <gtest/gtest.h>

#include <memory>

#include "core/roster/xlsx.hpp"
#include "service/answering_service.hpp"
#include "service/campaign_service.hpp"
#include "service/student_service.hpp"
#include "store/instrument_files.hpp"
#include "store/org_repository.hpp"
#include "store/student_repository.hpp"
#include "store/xlsx_writer.hpp"
#include "store/zlib_inflater.hpp"
#include "support/people.hpp"
#include "support/test_auth.hpp"

namespace xinqiao::service::fixture {

using core::ErrorCode;
using core::auth::Role;
using core::org::OrgKind;
using core::org::OrgUnit;
using core::screening::AssignmentState;
using core::screening::BatteryAnswers;
using core::screening::Level;

constexpr const char* kPassword = "screening test 1";
constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;

inline InstrumentLibrary ShippedLibrary() {
    auto instruments = store::LoadInstruments(XINQIAO_INSTRUMENTS).value();
    auto rules = store::LoadRiskRules(XINQIAO_RISK_RULES, instruments).value();
    return InstrumentLibrary(std::move(instruments), std::move(rules));
}

// A county with a junior school (七年级: two classes of three, 八年级: one class of two) and a
// primary school (三年级: one class of two), staff on each level, students signed in with their
// codes. The whole path from a bureau's campaign to a student's archive, on SQLite and PostgreSQL.
class ScreeningFixture : public ::testing::TestWithParam<testing::Backend> {
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
            XINQIAO_ASSIGN_OR_RETURN(county_, make(nullptr, OrgKind::kCounty, "明湖区"));
            XINQIAO_ASSIGN_OR_RETURN(school_, make(&county_, OrgKind::kSchool, "明湖一中", core::org::SchoolStage::kJunior));
            XINQIAO_ASSIGN_OR_RETURN(grade7_, make(&school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(class1_, make(&grade7_, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(class2_, make(&grade7_, OrgKind::kClass, "2班"));
            XINQIAO_ASSIGN_OR_RETURN(grade8_, make(&school_, OrgKind::kGrade, "初二"));
            XINQIAO_ASSIGN_OR_RETURN(class3_, make(&grade8_, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(primary_, make(&county_, OrgKind::kSchool, "明湖小学", core::org::SchoolStage::kPrimary));
            XINQIAO_ASSIGN_OR_RETURN(grade3_, make(&primary_, OrgKind::kGrade, "三年级"));
            XINQIAO_ASSIGN_OR_RETURN(class4_, make(&grade3_, OrgKind::kClass, "1班"));
            store::SqlStudentRepository students(s, testing::TestKeyring());
            int n = 0;
            for (const OrgUnit* c : {&class1_, &class1_, &class1_, &class2_, &class2_, &class2_, &class3_, &class3_,
                                     &class4_, &class4_}) {
                ++n;
                XINQIAO_ASSIGN_OR_RETURN(const auto id, students.Insert(testing::StudentOfClass(
                                                            *c, "S" + std::to_string(n), "学生" + std::to_string(n),
                                                            {2013, 5, 6})));
                if (c == &class1_) class1_students_.push_back(id);
            }
            return core::Ok();
        }));
        accounts_ = std::make_unique<testing::TestAuth>(t_->db());
        students_ = std::make_unique<StudentService>(accounts_->data, accounts_->clock, accounts_->random);
        campaigns_ = std::make_unique<CampaignService>(accounts_->data, accounts_->clock, library_, sheets_);
        answering_ = std::make_unique<AnsweringService>(accounts_->data, accounts_->clock, library_);
        class_teacher_ = Staff("teacher.wang", Role::kClassTeacher, class1_);
        psych_ = Staff("psych.chen", Role::kPsychologyTeacher, school_);
        leader_ = Staff("leader.li", Role::kSchoolLeader, school_);
        bureau_ = Staff("bureau.zhao", Role::kBureauStaff, county_);
        // The students of class 1 sign in with the codes their class teacher printed.
        const auto sheet = students_->IssueClassCodes(class_teacher_, class1_.id, {});
        ASSERT_TRUE(sheet) << sheet.error().message;
        for (const auto& code : sheet->codes) {
            auto session = accounts_->auth.SignInStudent(code.student_number, code.code, "10.0.0.1", "t");
            ASSERT_TRUE(session) << session.error().message;
            pupils_.push_back(session->principal);
        }
    }

    Principal Staff(const std::string& login, Role role, const OrgUnit& unit) {
        return accounts_->Staff(login, role, unit, "老师", kPassword);
    }

    NewCampaign Junior(bool consent = false, bool anonymous = false) {
        NewCampaign n;
        n.unit_id = county_.id;
        n.name = "2026年秋季心理健康测评";
        n.grades = {7, 8};
        n.instruments = {"phq9", "gad7"};
        const auto today = core::screening::ChinaDateOf(accounts_->clock.NowUnixMillis());
        n.opens_ms = core::screening::ChinaDayStartMs(today);
        n.closes_ms = n.opens_ms + 14 * kDay;
        n.consent_required = consent;
        n.anonymous = anonymous;
        return n;
    }

    // Every item answered `value` (PHQ-9 item 10, the unscored difficulty question, too).
    BatteryAnswers All(int phq, int gad) const {
        return {{"phq9", core::screening::Answers(library_.Find("phq9")->items.size(), phq)},
                {"gad7", core::screening::Answers(library_.Find("gad7")->items.size(), gad)}};
    }

    // The first questionnaire of a signed-in student.
    core::screening::AssignmentId MineFirst(const Principal& pupil) {
        const auto mine = answering_->Mine(pupil);
        EXPECT_TRUE(mine) << mine.error().message;
        if (!mine || mine->empty()) return 0;
        return mine->front().assignment.id;
    }

    std::int64_t Count(const std::string& sql, const store::Params& params = {}) { return testing::CountOf(t_->db(), sql, params); }

    std::string AllText(const std::string& table) { return testing::AllText(t_->db(), table); }

    InstrumentLibrary library_ = ShippedLibrary();
    store::XlsxWriter sheets_;
    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<testing::TestAuth> accounts_;
    std::unique_ptr<StudentService> students_;
    std::unique_ptr<CampaignService> campaigns_;
    std::unique_ptr<AnsweringService> answering_;
    OrgUnit county_, school_, grade7_, class1_, class2_, grade8_, class3_, primary_, grade3_, class4_;
    std::vector<core::people::StudentId> class1_students_;
    Principal class_teacher_, psych_, leader_, bureau_;
    std::vector<Principal> pupils_;
};

}  // namespace xinqiao::service::fixture
