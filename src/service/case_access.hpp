#pragma once
// A crisis case as one principal may act on it: shared by the case, referral and follow-up
// services, so every door into a case checks the same way.

#include <cstdint>
#include <string>

#include "core/ports/data_store.hpp"
#include "service/audit_writer.hpp"
#include "service/principal.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {

struct CaseAccess {
    core::ports::Case c;
    Subject subject;
    core::auth::Role via = core::auth::Role::kPsychologyTeacher;
};

// "no case with id N".
std::string CaseNotFoundMessage(std::int64_t id);

// The case if the principal may do `action` on its student; unknown cases and cases the principal
// may not see (kViewRisk) answer the same kNotFound, seen but not `action` kPermissionDenied.
core::Result<CaseAccess> AuthorizedCase(core::ports::Repositories& r, const Principal& p, std::int64_t id,
                                        core::auth::Action action);

// The audit trail's name for a case.
AuditTarget CaseTarget(const core::ports::Case& c);

// Whether the principal may also do `action` on the case's student (a second permission on top of
// the one AuthorizedCase checked).
bool MayAlso(const Principal& p, const CaseAccess& a, core::auth::Action action);

}  // namespace xinqiao::service
