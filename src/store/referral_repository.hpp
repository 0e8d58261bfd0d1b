#pragma once
// ReferralRepository and FollowUpRepository over a Session; their words sealed with the keyring.

#include "core/ports/referral_repository.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlReferralRepository final : public core::ports::ReferralRepository {
public:
    SqlReferralRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Insert(const core::ports::Referral& r) override;
    Result<core::ports::Referral> Get(std::int64_t id, bool details) override;
    Result<std::vector<core::ports::Referral>> OfCase(std::int64_t case_id, bool details) override;
    Result<bool> Update(const core::ports::Referral& r) override;
    Result<bool> IsReferredTo(std::int64_t student_id, const std::vector<core::org::OrgUnitId>& hospitals) override;
    Result<std::vector<core::ports::ReferralRow>> ToHospitals(const std::vector<core::org::OrgUnitId>& hospitals,
                                                              int limit) override;
    Result<std::vector<core::org::OrgUnitId>> PartnerHospitals(const std::string& student_path) override;

private:
    // The kReferralColumns of a row; the sealed words opened only with `details`.
    Result<core::ports::Referral> ReadReferral(Row& row, bool details) const;
    Result<std::vector<core::ports::Referral>> Read(const ResultSet& rs, bool details) const;

    Session& session_;
    const Keyring& keyring_;
};

class SqlFollowUpRepository final : public core::ports::FollowUpRepository {
public:
    SqlFollowUpRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Status Insert(const std::vector<core::ports::FollowUp>& visits) override;
    Result<core::ports::FollowUp> Get(std::int64_t id) override;
    Result<std::vector<core::ports::FollowUp>> OfCase(std::int64_t case_id, bool notes) override;
    Result<int> OpenCount(std::int64_t case_id) override;
    Result<bool> Finish(const core::ports::FollowUp& f) override;
    Result<std::vector<core::ports::FollowUpRow>> InUnit(const std::string& path, const core::Date& from,
                                                         const core::Date& to, bool open_only, int limit) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
