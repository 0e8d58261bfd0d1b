#pragma once
// CaseRepository over a Session; record bodies sealed with the keyring.

#include "core/ports/cases.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlCaseRepository final : public core::ports::CaseRepository {
public:
    SqlCaseRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Insert(const core::cases::Case& c) override;
    Result<core::cases::Case> Get(std::int64_t id) override;
    Result<std::optional<core::cases::Case>> OpenOf(std::int64_t student_id) override;
    Result<std::vector<core::cases::Case>> OfStudent(std::int64_t student_id) override;
    Result<bool> Update(const core::cases::Case& c) override;
    Result<std::int64_t> AddRecord(const core::cases::CaseRecord& r) override;
    Result<std::vector<core::cases::CaseRecord>> Records(std::int64_t case_id, bool bodies) override;
    Status AddEvent(const core::cases::CaseEvent& e) override;
    Result<std::int64_t> AddConference(const core::cases::CaseConference& c) override;
    Result<std::vector<core::cases::CaseConference>> Conferences(std::int64_t case_id, bool words) override;
    Result<std::vector<core::cases::CaseEvent>> Events(std::int64_t case_id) override;
    Result<std::vector<core::cases::RegisterCounts>> Counts(const std::string& path, const core::Date& today,
                                                            std::int64_t since_ms) override;
    Result<std::vector<core::cases::RegisterRow>> Register(const std::string& path,
                                                           std::optional<core::cases::CaseState> state,
                                                           const std::string& search, int limit, int offset) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
