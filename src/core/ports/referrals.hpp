#pragma once
// Storage of hospital referrals (转介) from crisis cases. Their words (reason, the hospital's
// feedback, the return assessment and plan) are T3 and sealed at rest; states, days and verdicts
// are T2. See core/ports/data_store.hpp for threading.

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

class ReferralRepository {
public:
    virtual ~ReferralRepository() = default;
    // kAlreadyExists when the case has a referral under way.
    virtual Result<std::int64_t> Insert(const cases::Referral& r) = 0;
    // With `details` the T3 words are opened; without, they stay empty.
    virtual Result<cases::Referral> Get(std::int64_t id, bool details) = 0;
    // Oldest first.
    virtual Result<std::vector<cases::Referral>> OfCase(std::int64_t case_id, bool details) = 0;
    // Writes everything but the ids, student, hospital and creation over the stored referral,
    // bumping its version, only if the stored version is still `r.version`.
    virtual Result<bool> Update(const cases::Referral& r) = 0;
    // Whether the student has a referral, not declined, to one of `hospitals` on a case still open.
    virtual Result<bool> IsReferredTo(std::int64_t student_id, const std::vector<org::OrgUnitId>& hospitals) = 0;
    // Those referrals to `hospitals` (all of them), newest first, without their words.
    virtual Result<std::vector<cases::ReferralRow>> ToHospitals(const std::vector<org::OrgUnitId>& hospitals,
                                                                int limit) = 0;
    // The hospitals a student under `student_path` may be referred to: those directly under a unit
    // above the student (the county's, then the city's), nearest first.
    virtual Result<std::vector<org::OrgUnitId>> PartnerHospitals(const std::string& student_path) = 0;
};

}  // namespace xinqiao::core::ports
