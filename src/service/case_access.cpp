#include "service/case_access.hpp"

#include "service/read_result.hpp"

namespace xinqiao::service {

std::string CaseNotFoundMessage(std::int64_t id) { return "no case with id " + std::to_string(id); }

core::Result<CaseAccess> AuthorizedCase(core::ports::Repositories& r, const Principal& p, std::int64_t id,
                                        core::auth::Action action) {
    XINQIAO_ASSIGN_OR_RETURN(auto c, NotFoundAs(r.Cases().Get(id), CaseNotFoundMessage(id)));
    XINQIAO_ASSIGN_OR_RETURN(auto seen, SubjectOfRecord(r, p, c.student_id, action, CaseNotFoundMessage(id),
                                                        "you cannot do this on cases about this student"));
    return CaseAccess{std::move(c), std::move(seen.first), seen.second};
}

AuditTarget CaseTarget(const core::ports::Case& c) { return {"case", std::to_string(c.id), c.org_path}; }

bool MayAlso(const Principal& p, const CaseAccess& a, core::auth::Action action) {
    return core::auth::Authorize(p.grants, action, a.subject.target).allowed();
}

}  // namespace xinqiao::service
