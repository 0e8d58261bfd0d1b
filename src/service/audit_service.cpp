#include "service/audit_service.hpp"

#include "service/audit_writer.hpp"

namespace xinqiao::service {
namespace {

using core::auth::Action;

struct Scopes {
    std::vector<std::string> paths;
    bool include_global = false;
};

core::Result<Scopes> AuditScopes(const Principal& p) {
    Scopes s;
    for (const auto& g : p.grants) {
        if (core::auth::RuleFor(g.role, Action::kReadAudit).effect != core::auth::Effect::kAllow) continue;
        s.paths.push_back(g.unit_path);
        // A grant on a top-level unit ("/1/") or the whole tree ("/") also covers "/" entries.
        s.include_global = s.include_global || core::org::PathIds(g.unit_path).size() <= 1;
    }
    if (s.paths.empty()) return core::Error::PermissionDenied("reading the audit trail needs an auditor grant");
    return s;
}

// RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula.
std::string Cell(const std::string& v) {
    std::string out = v;
    if (!out.empty() && (out[0] == '=' || out[0] == '+' || out[0] == '-' || out[0] == '@')) out = "'" + out;
    if (out.find_first_of(",\"\n\r") == std::string::npos) return out;
    std::string quoted = "\"";
    for (char c : out) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

core::Result<core::audit::AuditPage> AuditService::Query(const Principal& p, const core::audit::AuditQuery& q) {
    XINQIAO_ASSIGN_OR_RETURN(const Scopes scopes, AuditScopes(p));
    core::audit::AuditPage page;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(page, r.Audit().Query(q, scopes.paths, scopes.include_global));
        return core::Ok();
    }));
    return page;
}

core::Result<std::string> AuditService::ExportCsv(const Principal& p, core::audit::AuditQuery q) {
    XINQIAO_ASSIGN_OR_RETURN(const Scopes scopes, AuditScopes(p));
    q.page = 1;
    q.page_size = core::audit::AuditQuery::kMaxExportRows;
    std::string csv = "\xEF\xBB\xBFid,at,actor_id,actor_role,action,target_type,target_id,org_path,request_id,reason,hash\r\n";
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto page, r.Audit().Query(q, scopes.paths, scopes.include_global));
        for (const auto& e : page.items) {
            csv += std::to_string(e.id) + "," + Cell(e.at) + "," + (e.actor_id ? std::to_string(*e.actor_id) : "") + "," +
                   Cell(e.actor_role) + "," + Cell(e.action) + "," + Cell(e.target_type) + "," + Cell(e.target_id) +
                   "," + Cell(e.org_path) + "," + Cell(e.request_id) + "," + Cell(e.reason) + "," + e.hash + "\r\n";
        }
        return AppendAudit(r, clock_, p.AsActor(core::auth::Role::kAuditor), "audit.export",
                           {"audit_log", std::to_string(page.items.size()) + " entries", scopes.paths.front()});
    }));
    return csv;
}

}  // namespace xinqiao::service
