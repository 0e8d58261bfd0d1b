#pragma once
// Storage of hospital referrals and follow-up visits on crisis cases. Their words (reason, the
// hospital's feedback, the return assessment and plan, a visit's note) are T3 and sealed at rest;
// states, days and verdicts are T2. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cases/follow_up.hpp"
#include "core/cases/referral.hpp"
#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

// What the hospital recorded after seeing (or not seeing) the student.
struct ReferralOutcome {
    bool attended = false;  // the student came
    bool admitted = false;  // and was admitted
    std::string diagnosis;  // one of cases::DiagnosisCategories()
    std::string recommendations;
};

struct Referral {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path when referred
    org::OrgUnitId hospital_id = 0;
    std::string hospital_name;  // filled when read
    cases::ReferralState state = cases::ReferralState::kSent;
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> created_by;
    std::optional<std::int64_t> answered_ms;  // accepted or declined
    std::optional<std::int64_t> outcome_ms;
    std::optional<cases::ReturnVerdict> verdict;  // the latest return assessment's
    std::optional<std::int64_t> assessed_ms;
    std::string return_day;  // "YYYY-MM-DD", in the return plan
    std::optional<std::int64_t> planned_ms;
    std::int64_t version = 1;
    // T3, sealed; read only when asked for.
    std::string reason;
    std::string decline_reason;
    std::optional<ReferralOutcome> outcome;
    std::string return_assessment;
    std::string return_plan;
};

// A referral as a hospital's list shows it.
struct ReferralRow {
    Referral r;
    std::string student_name, class_name, school_name;
};

class ReferralRepository {
public:
    virtual ~ReferralRepository() = default;
    // kAlreadyExists when the case has a referral under way.
    virtual Result<std::int64_t> Insert(const Referral& r) = 0;
    // With `details` the T3 words are opened; without, they stay empty.
    virtual Result<Referral> Get(std::int64_t id, bool details) = 0;
    // Oldest first.
    virtual Result<std::vector<Referral>> OfCase(std::int64_t case_id, bool details) = 0;
    // Writes everything but the ids, student, hospital and creation over the stored referral,
    // bumping its version, only if the stored version is still `r.version`.
    virtual Result<bool> Update(const Referral& r) = 0;
    // Whether the student has a referral, not declined, to one of `hospitals` on a case still open.
    virtual Result<bool> IsReferredTo(std::int64_t student_id, const std::vector<org::OrgUnitId>& hospitals) = 0;
    // Those referrals to `hospitals` (all of them), newest first, without their words.
    virtual Result<std::vector<ReferralRow>> ToHospitals(const std::vector<org::OrgUnitId>& hospitals, int limit) = 0;
    // The hospitals a student under `student_path` may be referred to: those directly under a unit
    // above the student (the county's, then the city's), nearest first.
    virtual Result<std::vector<org::OrgUnitId>> PartnerHospitals(const std::string& student_path) = 0;
};

struct FollowUp {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t student_id = 0;
    std::string org_path;
    cases::FollowUpPlan plan = cases::FollowUpPlan::kSingle;
    Date due;
    cases::FollowUpState state = cases::FollowUpState::kOpen;
    std::optional<cases::FollowUpResult> result;
    std::string note;  // T3, sealed: how the visit went, or why it was cancelled
    std::optional<std::int64_t> done_ms;
    std::optional<std::int64_t> done_by;
    std::string done_by_name;  // filled when read
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> created_by;
};

struct FollowUpRow {
    FollowUp f;
    std::string student_name, class_name;
};

class FollowUpRepository {
public:
    virtual ~FollowUpRepository() = default;
    virtual Status Insert(const std::vector<FollowUp>& visits) = 0;
    virtual Result<FollowUp> Get(std::int64_t id) = 0;
    // By due day; notes opened only with `notes`.
    virtual Result<std::vector<FollowUp>> OfCase(std::int64_t case_id, bool notes) = 0;
    virtual Result<int> OpenCount(std::int64_t case_id) = 0;
    // Writes state, result, note and who finished it, only if the visit is still open; false if not.
    virtual Result<bool> Finish(const FollowUp& f) = 0;
    // The visits under `path` due from `from` to `to` (inclusive), open ones only or all, by due day.
    virtual Result<std::vector<FollowUpRow>> InUnit(const std::string& path, const Date& from, const Date& to,
                                                    bool open_only, int limit) = 0;
};

}  // namespace xinqiao::core::ports
