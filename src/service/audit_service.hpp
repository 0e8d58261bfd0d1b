#pragma once
// Auditors reading the audit trail: queries by actor, action, target and time, and CSV export.
// Needs the kReadAudit grant; an auditor sees the entries under their grants' units, and the
// system-wide ones ("/": accounts, sign-ins before a grant applies) when a grant is on a
// top-level unit. Every export is itself audited.

#include <string>

#include "core/audit/audit_query.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

class AuditService {
public:
    AuditService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // kPermissionDenied without an auditor grant.
    core::Result<core::audit::AuditPage> Query(const Principal& p, const core::audit::AuditQuery& q);
    // The matching entries (up to kMaxExportRows) as CSV, UTF-8 with a byte-order mark so
    // Excel opens Chinese text correctly. Audited as "audit.export".
    core::Result<std::string> ExportCsv(const Principal& p, core::audit::AuditQuery q);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
