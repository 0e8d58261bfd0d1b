// Routes for auditors: querying and exporting the audit trail.

#include <boost/json.hpp>

#include "core/audit/audit_query.hpp"
#include "service/audit_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

void AddAuditRoutes(Router& router, service::AuditService& audit) {
    router.Add("GET", "/api/v1/audit", [&audit](Request& req) {
        auto q = core::audit::ParseAuditQuery(req.query);
        if (!q) return Problem(req, q.error());
        return Answer(req, audit.Query(*req.principal, *q), [&](const core::audit::AuditPage& page) {
            boost::json::array items;
            for (const auto& e : page.items) items.emplace_back(ToJson(e));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"page", q->page},
                                       {"page_size", q->page_size}};
        });
    });
    router.Add("GET", "/api/v1/audit/export", [&audit](Request& req) {
        auto q = core::audit::ParseAuditQuery(req.query, core::audit::AuditQuery::kMaxExportRows);
        if (!q) return Problem(req, q.error());
        auto csv = audit.ExportCsv(*req.principal, *q);
        if (!csv) return Problem(req, csv.error());
        Response r;
        r.content_type = "text/csv; charset=utf-8";
        r.body = std::move(csv).value();
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit.csv\"");
        return r;
    });
}

}  // namespace xinqiao::http
