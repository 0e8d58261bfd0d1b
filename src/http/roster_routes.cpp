// Routes for loading people from spreadsheets: the template of a roster file, and importing
// students and staff (with a dry run) into an org unit.

#include <boost/json.hpp>

#include "core/common/time.hpp"
#include "core/roster/staff_import.hpp"
#include "core/roster/student_import.hpp"
#include "service/roster_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

using core::Error;

constexpr const char* kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A roster file upload: the unit from the path, ?dry_run=true|false, and a spreadsheet body.
struct Upload {
    core::org::OrgUnitId unit = 0;
    bool dry_run = false;
};

core::Result<Upload> RosterUpload(const Request& req) {
    Upload u;
    XINQIAO_ASSIGN_OR_RETURN(u.unit, OrgUnitPathId(req));
    for (const auto& [key, value] : req.query) {
        if (key == "dry_run" && (value == "true" || value == "false")) {
            u.dry_run = value == "true";
        } else {
            return Error::InvalidArgument(key == "dry_run" ? "dry_run must be true or false"
                                                           : "unknown parameter " + key.substr(0, 64),
                                          key.substr(0, 64));
        }
    }
    if (req.content_type != "text/csv" && req.content_type != "application/octet-stream" &&
        req.content_type != kXlsxMediaType) {
        return Error::InvalidArgument("send the file as an .xlsx workbook or as text/csv", "content-type");
    }
    return u;
}

boost::json::array ProblemsJson(const std::vector<core::roster::ImportProblem>& problems) {
    boost::json::array out;
    for (const auto& p : problems) out.push_back({{"line", p.line}, {"column", p.column}, {"reason", p.reason}});
    return out;
}

}  // namespace

void AddRosterRoutes(Router& router, service::RosterService& roster) {
    router.Add("POST", "/api/v1/org-units/{id}/students/import", [&roster](Request& req) {
        auto upload = RosterUpload(req);
        if (!upload) return Problem(req, upload.error());
        auto report = roster.ImportStudents(*req.principal, upload->unit, req.body, upload->dry_run);
        if (!report) return Problem(req, report.error());
        return JsonResponse(200, boost::json::object{{"dry_run", report->dry_run},
                                                     {"data_rows", report->data_rows},
                                                     {"created", report->created},
                                                     {"updated", report->updated},
                                                     {"unchanged", report->unchanged},
                                                     {"guardians_added", report->guardians_added},
                                                     {"problems", ProblemsJson(report->problems)}});
    });
    router.Add("POST", "/api/v1/org-units/{id}/staff/import", [&roster](Request& req) {
        auto upload = RosterUpload(req);
        if (!upload) return Problem(req, upload.error());
        auto report = roster.ImportStaff(*req.principal, upload->unit, req.body, upload->dry_run);
        if (!report) return Problem(req, report.error());
        boost::json::array activations;
        for (const auto& a : report->activations) {
            activations.push_back({{"line", a.line},
                                   {"login", a.login},
                                   {"name", a.name},
                                   {"code", a.code},
                                   {"expires_at", core::FormatRfc3339Millis(a.expires_ms)}});
        }
        Response r = JsonResponse(200, boost::json::object{{"dry_run", report->dry_run},
                                                           {"data_rows", report->data_rows},
                                                           {"created", report->created},
                                                           {"updated", report->updated},
                                                           {"unchanged", report->unchanged},
                                                           {"grants_added", report->grants_added},
                                                           {"problems", ProblemsJson(report->problems)},
                                                           {"activations", std::move(activations)}});
        r.headers.emplace_back("Cache-Control", "no-store");  // activation codes: shown once
        return r;
    });
    // The header row of a roster file, to fill in and upload.
    router.Add("GET", "/api/v1/roster-templates/{kind}", [](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const std::string& kind = req.PathParam("kind");
        if (kind != "students" && kind != "staff") return Problem(req, Error::NotFound("templates are students and staff"));
        Response r;
        r.content_type = "text/csv; charset=utf-8";
        r.body = kind == "students" ? core::roster::StudentRosterTemplate() : core::roster::StaffRosterTemplate();
        // An ASCII name for old clients and the Chinese one (RFC 6266 filename*) for everyone else.
        const std::string chinese = kind == "students" ? "%E5%AD%A6%E7%94%9F%E5%90%8D%E5%8D%95%E6%A8%A1%E6%9D%BF.csv" : "%E6%95%99%E8%81%8C%E5%B7%A5%E5%90%8D%E5%8D%95%E6%A8%A1%E6%9D%BF.csv";
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + kind + "-template.csv\"; filename*=UTF-8''" + chinese);
        return r;
    });
}

}  // namespace xinqiao::http
