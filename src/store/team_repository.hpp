#pragma once
// TeamRepository and SupportRepository over a Session; support notes sealed with the keyring.

#include "core/ports/crisis_teams.hpp"
#include "core/ports/supports.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlTeamRepository final : public core::ports::TeamRepository {
public:
    explicit SqlTeamRepository(Session& session) : session_(session) {}

    Result<std::vector<core::cases::TeamMember>> Members(core::org::OrgUnitId unit) override;
    Status Put(core::org::OrgUnitId unit, std::int64_t account_id, const std::string& duty, std::int64_t now_ms) override;
    Result<bool> Remove(core::org::OrgUnitId unit, std::int64_t account_id) override;

private:
    Session& session_;
};

class SqlSupportRepository final : public core::ports::SupportRepository {
public:
    SqlSupportRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Add(const core::people::Support& s) override;
    Result<std::vector<core::people::Support>> OfStudent(std::int64_t student_id, bool notes) override;
    Result<std::vector<core::people::LedgerRow>> Ledger(const std::string& path, std::uint32_t situations,
                                                        const std::string& search, const core::Date& since, int limit,
                                                        int offset) override;
    Result<std::vector<core::people::CoverageRow>> Coverage(const std::string& path, const core::Date& since) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
