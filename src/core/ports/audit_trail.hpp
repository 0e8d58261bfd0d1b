#pragma once
// The append-only audit trail (审计日志). See core/ports/data_store.hpp for threading.

#include <string>
#include <vector>

#include "core/audit/audit_chain.hpp"
#include "core/audit/audit_query.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

// The append-only audit trail.
class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    // Seals `entry` onto the end of the chain (its id, prev_hash and hash are set here) and
    // stores it in the current transaction: it commits or rolls back with the operation it
    // records. Appends are serialized across connections and processes.
    virtual Result<audit::AuditEntry> Append(audit::AuditEntry entry) = 0;
    // Entries matching `q` whose org_path lies under one of `scopes` (materialized paths), or
    // is "/" (system-wide entries) when `include_global`; newest first.
    virtual Result<audit::AuditPage> Query(const audit::AuditQuery& q, const std::vector<std::string>& scopes,
                                           bool include_global) = 0;
};

}  // namespace xinqiao::core::ports
