#pragma once
// ReferralRepository and FollowUpRepository over a Session; their words sealed with the keyring.

#include "core/ports/follow_ups.hpp"
#include "core/ports/referrals.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlReferralRepository final : public core::ports::ReferralRepository {
public:
    SqlReferralRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Insert(const core::cases::Referral& r) override;
    Result<core::cases::Referral> Get(std::int64_t id, bool details) override;
    Result<std::vector<core::cases::Referral>> OfCase(std::int64_t case_id, bool details) override;
    Result<bool> Update(const core::cases::Referral& r) override;
    Result<bool> IsReferredTo(std::int64_t student_id, const std::vector<core::org::OrgUnitId>& hospitals) override;
    Result<std::vector<core::cases::ReferralRow>> ToHospitals(const std::vector<core::org::OrgUnitId>& hospitals,
                                                              int limit) override;
    Result<std::vector<core::org::OrgUnitId>> PartnerHospitals(const std::string& student_path) override;

private:
    // The kReferralColumns of a row; the sealed words opened only with `details`.
    Result<core::cases::Referral> ReadReferral(Row& row, bool details) const;
    Result<std::vector<core::cases::Referral>> Read(const ResultSet& rs, bool details) const;

    Session& session_;
    const Keyring& keyring_;
};

class SqlFollowUpRepository final : public core::ports::FollowUpRepository {
public:
    SqlFollowUpRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Status Insert(const std::vector<core::cases::FollowUp>& visits) override;
    Result<core::cases::FollowUp> Get(std::int64_t id) override;
    Result<std::vector<core::cases::FollowUp>> OfCase(std::int64_t case_id, bool notes) override;
    Result<int> OpenCount(std::int64_t case_id) override;
    Result<bool> Finish(const core::cases::FollowUp& f) override;
    Result<std::vector<core::cases::FollowUpRow>> InUnit(const std::string& path, const core::Date& from,
                                                         const core::Date& to, bool open_only, int limit) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
