// Routes for auditors: querying and exporting the audit trail.

#include <boost/json.hpp>

#include "core/audit/audit_query.hpp"
#include "core/audit/audit_words.hpp"
#include "service/audit_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

boost::json::object EntryJson(const service::AuditEntryView& v) {
    boost::json::object o = ToJson(v.entry);
    o["action_words"] = WordsJson(v.action);
    o["actor_name"] = v.actor_name.empty() ? boost::json::value(nullptr) : boost::json::value(v.actor_name);
    o["actor_role_words"] = WordsJson(v.actor_role);
    o["target_type_words"] = WordsJson(v.target_type);
    o["target"] = v.target.empty() ? boost::json::value(nullptr) : boost::json::value(v.target);
    return o;
}

}  // namespace

void AddAuditRoutes(Router& router, service::AuditService& audit) {
    router.Add("GET", "/api/v1/audit/actions", [](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        boost::json::array items;
        for (const auto& a : core::audit::AuditActions()) {
            items.push_back({{"code", a.code}, {"zh", a.words.zh}, {"en", a.words.en}});
        }
        return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
    });
    router.Add("GET", "/api/v1/audit", [&audit](Request& req) {
        auto q = core::audit::ParseAuditQuery(req.query);
        if (!q) return Problem(req, q.error());
        return Answer(req, audit.Query(*req.principal, *q), [&](const service::AuditPageView& page) {
            boost::json::array items;
            for (const auto& e : page.items) items.emplace_back(EntryJson(e));
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
