#pragma once
// The audit trail in SQL: appending inside the caller's transaction, and verifying the whole
// chain in batches.

#include <cstdint>
#include <optional>

#include "core/ports/audit_trail.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlAuditLog final : public core::ports::AuditRepository {
public:
    SqlAuditLog(Session& session, core::audit::DigestFn digest) : session_(session), digest_(std::move(digest)) {}
    Result<core::audit::AuditEntry> Append(core::audit::AuditEntry entry) override;
    Result<core::audit::AuditPage> Query(const core::audit::AuditQuery& q, const std::vector<std::string>& scopes,
                                         bool include_global) override;

private:
    Session& session_;
    core::audit::DigestFn digest_;
};

struct AuditVerification {
    std::int64_t entries_checked = 0;
    std::optional<core::audit::ChainBreak> first_break;
};

// Reads the whole trail in id order, `batch_size` entries per read transaction, and checks the
// chain. Memory stays bounded by the batch.
Result<AuditVerification> VerifyAuditTrail(Database& db, const core::audit::DigestFn& digest,
                                           int batch_size = 10000);

}  // namespace xinqiao::store
