#include "service/audit_writer.hpp"

#include "core/common/time.hpp"

namespace xinqiao::service {

core::Status AppendAudit(core::ports::Repositories& r, core::ports::Clock& clock, const Actor& actor,
                         std::string action, AuditTarget target, std::string reason) {
    core::audit::AuditEntry e;
    e.at = core::FormatRfc3339Millis(clock.NowUnixMillis());
    e.actor_id = actor.account_id;
    e.actor_role = actor.role;
    e.action = std::move(action);
    e.target_type = std::move(target.type);
    e.target_id = std::move(target.id);
    e.org_path = std::move(target.org_path);
    e.request_id = actor.request_id;
    e.reason = std::move(reason);
    XINQIAO_RETURN_IF_ERROR(r.Audit().Append(std::move(e)));
    return core::Ok();
}

}  // namespace xinqiao::service
