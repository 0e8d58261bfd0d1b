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
    core::cases::Case c;
    Subject subject;
    core::auth::Role via = core::auth::Role::kPsychologyTeacher;
};

// What a change made on a version of a case someone else changed first answers (kAborted).
inline constexpr const char* kCaseChanged = "this case has changed since you opened it; look at it again";

// "no case with id N".
std::string CaseNotFoundMessage(std::int64_t id);

// The case if the principal may do `action` on its student; unknown cases and cases the principal
// may not see (kViewRisk) answer the same kNotFound, seen but not `action` kPermissionDenied.
core::Result<CaseAccess> AuthorizedCase(core::ports::Repositories& r, const Principal& p, std::int64_t id,
                                        core::auth::Action action);

// The audit trail's name for a case.
AuditTarget CaseTarget(const core::cases::Case& c);

// Puts a record of `kind` on the step the case is on, written by the principal (in the role that
// allowed the case), and bumps the case's version so whoever has it open sees a new one (kAborted
// when someone changed it first). The caller checks the step allows it.
core::Status AppendCaseRecord(core::ports::Repositories& r, const Principal& p, CaseAccess& a,
                              core::cases::RecordKind kind, const std::string& subtype, const std::string& body,
                              std::int64_t now);

// Whether the principal may also do `action` on the case's student (a second permission on top of
// the one AuthorizedCase checked).
bool MayAlso(const Principal& p, const CaseAccess& a, core::auth::Action action);

}  // namespace xinqiao::service
