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

AuditTarget CaseTarget(const core::cases::Case& c) { return {"case", std::to_string(c.id), c.org_path}; }

core::Status AppendCaseRecord(core::ports::Repositories& r, const Principal& p, CaseAccess& a,
                              core::cases::RecordKind kind, const std::string& subtype, const std::string& body,
                              std::int64_t now) {
    core::cases::CaseRecord record;
    record.case_id = a.c.id;
    record.step = a.c.step;
    record.kind = kind;
    record.subtype = subtype;
    record.body = body;
    record.author_id = p.account_id;
    record.author_role = std::string(core::auth::RoleName(a.via));
    record.created_ms = now;
    XINQIAO_ASSIGN_OR_RETURN([[maybe_unused]] const auto id, r.Cases().AddRecord(record));
    XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Cases().Update(a.c));
    if (!written) return core::Error::Aborted(kCaseChanged);
    return core::Ok();
}

bool MayAlso(const Principal& p, const CaseAccess& a, core::auth::Action action) {
    return core::auth::Authorize(p.grants, action, a.subject.target).allowed();
}

}  // namespace xinqiao::service
