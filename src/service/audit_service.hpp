#pragma once
// Auditors reading the audit trail: queries by actor, action, target and time, and CSV export.
// Needs the kReadAudit grant; an auditor sees the entries under their grants' units, and the
// system-wide ones ("/": accounts, sign-ins before a grant applies) when a grant is on a
// top-level unit. Every export is itself audited.

#include <optional>
#include <string>
#include <vector>

#include "core/audit/audit_query.hpp"
#include "core/common/words.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

// One entry as an auditor reads it: the stored codes, and who and what they stand for.
struct AuditEntryView {
    core::audit::AuditEntry entry;
    std::optional<core::Words> action;      // the action in words (core/audit/audit_words.hpp)
    std::optional<core::Words> actor_role;
    std::string actor_name;                 // the account's display name; empty for the system
    std::optional<core::Words> target_type;
    // The target described: a student (or the student of an alert, case, referral or follow-up)
    // by masked name and class ("张*蕾 · 七年级1班"), an account by its display name, a unit by
    // its name. Empty when it no longer exists or is of another kind.
    std::string target;
};

struct AuditPageView {
    std::vector<AuditEntryView> items;
    std::int64_t total = 0;
};

class AuditService {
public:
    AuditService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // kPermissionDenied without an auditor grant.
    core::Result<AuditPageView> Query(const Principal& p, const core::audit::AuditQuery& q);
    // The matching entries (up to kMaxExportRows) as CSV, UTF-8 with a byte-order mark so
    // Excel opens Chinese text correctly, with the same words and descriptions as the page
    // beside the stored codes. Audited as "audit.export".
    core::Result<std::string> ExportCsv(const Principal& p, core::audit::AuditQuery q);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
