#pragma once
// Referral of a crisis case to a partner hospital (医教协作绿色通道) and the return to school
// (复学). The case team refers (kManageCases and kReferrals, the case on its referral step); the
// hospital it went to sees only the students referred to it, accepts or declines, records the
// outcome and assesses the return; the school records the return plan. The words of a referral are
// T3 and shared only with the case team (kReferrals): the hospital's feedback never reaches a class
// teacher. Every step is on the case's timeline (without words) and in the audit trail.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct ReferralView {
    core::cases::Referral r;  // with its words
    std::string student_name, class_name, school_name;
    bool by_hospital = false;  // the reader works at the hospital it went to
};

// A partner hospital a student may be referred to, and whether someone there receives referrals
// in Xinqiao (an enabled account with the hospital partner role). Without one, the school sends
// the printed referral letter instead.
struct PartnerHospital {
    core::org::OrgUnit unit;
    bool receives_online = false;
};

// What one step of a referral records; which members matter depends on `action`.
struct ReferralAnswer {
    core::cases::ReferralAction action = core::cases::ReferralAction::kAccept;
    std::string text;  // decline, withdraw: why; outcome: recommendations; return assessment; return plan
    core::cases::ReferralOutcome outcome;  // kOutcome (its recommendations taken from `text`)
    core::cases::ReturnVerdict verdict = core::cases::ReturnVerdict::kReady;  // kReturnAssessment
    std::optional<core::Date> return_day;  // kReturnPlan
};
inline constexpr std::size_t kMaxReferralTextCodePoints = 3000;

class ReferralService {
public:
    ReferralService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // The partner hospitals the case's student may be referred to (the county's, then the city's).
    core::Result<std::vector<PartnerHospital>> Hospitals(const Principal& p, std::int64_t case_id);
    // Refers the case's student to `hospital_id` with `reason`, at whatever step the open case is
    // on (a student at level I cannot wait for step 6), with no referral under way (kAlreadyExists).
    core::Result<std::int64_t> Refer(const Principal& p, std::int64_t case_id, core::org::OrgUnitId hospital_id,
                                     const std::string& reason);
    // One referral with its words, for the case team and the hospital it went to. Audited.
    core::Result<ReferralView> Get(const Principal& p, std::int64_t id);
    // The referrals to the hospitals where the principal works, on cases still open, newest first;
    // a withdrawn one shows the student's name masked, and opens no more.
    core::Result<std::vector<core::cases::ReferralRow>> ForHospital(const Principal& p);
    // One step on the version the person saw (kAborted when it changed since): accept, decline,
    // outcome and return assessment by the hospital it went to; the return plan, and withdrawing
    // a referral the hospital has not answered, by the school.
    core::Status Answer(const Principal& p, std::int64_t id, std::int64_t version, const ReferralAnswer& answer);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
