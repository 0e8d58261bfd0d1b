#pragma once
// The one way services write the audit trail: an entry appended in the caller's transaction,
// so it commits or rolls back with the operation it records.

#include <string>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/actor.hpp"

namespace xinqiao::service {

struct AuditTarget {
    std::string type;      // "org_unit", "account", "student", ...
    std::string id;
    std::string org_path;  // where in the tree it lies, for auditors' scope; "/" = system-wide
};

core::Status AppendAudit(core::ports::Repositories& r, core::ports::Clock& clock, const Actor& actor,
                         std::string action, AuditTarget target, std::string reason = {});

}  // namespace xinqiao::service
