#include "http/api.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <random>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/roster/staff_import.hpp"
#include "core/roster/student_import.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"

namespace xinqiao::http {
namespace {

using core::Error;
using core::org::OrgUnitId;

constexpr const char* kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

boost::json::object Items(const std::vector<core::org::OrgUnit>& units) {
    boost::json::array items;
    items.reserve(units.size());
    for (const auto& u : units) items.emplace_back(ToJson(u));
    return {{"items", std::move(items)}};
}

// Ids in paths are positive integers; anything else names no unit.
core::Result<OrgUnitId> PathId(const Request& req) {
    const auto id = core::ParseInt64(req.PathParam("id"));
    if (!id || *id <= 0) return Error::NotFound("no org unit with this id");
    return *id;
}

// A roster file upload: the unit from the path, ?dry_run=true|false, and a spreadsheet body.
struct Upload {
    core::org::OrgUnitId unit = 0;
    bool dry_run = false;
};

core::Result<Upload> RosterUpload(const Request& req) {
    Upload u;
    XINQIAO_ASSIGN_OR_RETURN(u.unit, PathId(req));
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

core::Result<std::optional<core::org::SchoolStage>> ReadStage(const FieldReader& f) {
    XINQIAO_ASSIGN_OR_RETURN(auto stage, f.OptString("stage"));
    if (!stage) return std::optional<core::org::SchoolStage>();
    const auto parsed = core::org::ParseSchoolStage(*stage);
    if (!parsed) {
        return Error::InvalidArgument("stage must be primary, junior, senior, vocational or university", "/stage");
    }
    return std::optional<core::org::SchoolStage>(parsed);
}

core::Result<core::org::NewOrgUnit> DecodeNewOrgUnit(const Request& req) {
    XINQIAO_ASSIGN_OR_RETURN(const auto obj, ParseJsonObject(req));
    const FieldReader f(obj);
    XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({"parent_id", "kind", "name", "code", "stage", "is_boarding"}));
    core::org::NewOrgUnit n;
    XINQIAO_ASSIGN_OR_RETURN(n.parent_id, f.OptId("parent_id"));
    XINQIAO_ASSIGN_OR_RETURN(const std::string kind, f.String("kind"));
    const auto parsed = core::org::ParseOrgKind(kind);
    if (!parsed) return Error::InvalidArgument("kind is not a kind of org unit", "/kind");
    n.kind = *parsed;
    XINQIAO_ASSIGN_OR_RETURN(n.name, f.String("name"));
    XINQIAO_ASSIGN_OR_RETURN(const auto code, f.OptString("code"));
    n.code = code.value_or("");
    XINQIAO_ASSIGN_OR_RETURN(n.stage, ReadStage(f));
    XINQIAO_ASSIGN_OR_RETURN(const auto boarding, f.OptBool("is_boarding"));
    n.is_boarding = boarding.value_or(false);
    return n;
}

core::Result<service::OrgUnitPatch> DecodePatch(const Request& req) {
    XINQIAO_ASSIGN_OR_RETURN(const auto obj, ParseJsonObject(req));
    const FieldReader f(obj);
    if (f.Has("kind")) return Error::InvalidArgument("the kind of a unit cannot be changed", "/kind");
    XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({"parent_id", "name", "code", "stage", "is_boarding"}));
    service::OrgUnitPatch p;
    if (f.Has("name")) {
        XINQIAO_ASSIGN_OR_RETURN(p.name, f.String("name"));
    }
    if (f.Has("code")) {
        XINQIAO_ASSIGN_OR_RETURN(const auto code, f.OptString("code"));
        p.code = code.value_or("");
    }
    if (f.Has("parent_id")) {
        XINQIAO_ASSIGN_OR_RETURN(p.parent_id, f.OptId("parent_id"));
    }
    if (f.Has("stage")) {
        XINQIAO_ASSIGN_OR_RETURN(p.stage, ReadStage(f));
    }
    if (f.Has("is_boarding")) {
        XINQIAO_ASSIGN_OR_RETURN(const auto b, f.OptBool("is_boarding"));
        if (!b) return Error::InvalidArgument("is_boarding must be true or false", "/is_boarding");
        p.is_boarding = b;
    }
    if (obj.empty()) return Error::InvalidArgument("the body names no field to change", "");
    return p;
}

boost::json::object CountsJson(const core::ports::SubtreeCounts& c) {
    return {{"schools", c.schools}, {"classes", c.classes}, {"students", c.students}};
}

boost::json::object UnitWithCountsJson(const service::UnitWithCounts& u) {
    auto o = ToJson(u.unit);
    o["counts"] = CountsJson(u.counts);
    return o;
}

core::Result<std::int64_t> AccountPathId(const Request& req) {
    const auto id = core::ParseInt64(req.PathParam("id"));
    if (!id || *id <= 0) return Error::NotFound("no account with this id");
    return *id;
}

// The role and unit of /accounts/{id}/grants/{role}/{unit}.
core::Result<std::pair<core::auth::Role, OrgUnitId>> GrantPath(const Request& req) {
    const auto role = core::auth::ParseRole(req.PathParam("role"));
    if (!role) return Error::InvalidArgument("unknown role", "role");
    const auto unit = core::ParseInt64(req.PathParam("unit"));
    if (!unit || *unit <= 0) return Error::NotFound("no org unit with this id");
    return std::make_pair(*role, *unit);
}

boost::json::object AccountJson(const service::AccountView& v) {
    boost::json::array grants;
    for (const auto& g : v.grants) {
        grants.push_back({{"role", core::auth::RoleName(g.role)}, {"org_unit_id", g.unit_id}, {"unit_name", g.unit_name}});
    }
    return {{"id", v.account.id},
            {"login", v.account.login},
            {"display_name", v.account.display_name},
            {"disabled", v.account.disabled},
            {"activated", v.account.activated},
            {"manageable", v.manageable},
            {"grants", std::move(grants)}};
}

core::Result<core::people::StudentId> StudentPathId(const Request& req) {
    const auto id = core::ParseInt64(req.PathParam("id"));
    if (!id || *id <= 0) return Error::NotFound("no student with this id");
    return *id;
}

boost::json::object NoteJson(const core::people::StudentNote& n) {
    return {{"id", n.id},
            {"author", {{"id", OrNull(n.author_id)},
                        {"display_name", n.author_name},
                        {"role", n.author_role}}},
            {"created_at", n.created_at},
            {"body", n.body}};
}

boost::json::object NotesJson(const std::vector<core::people::StudentNote>& notes) {
    boost::json::array items;
    for (const auto& n : notes) items.emplace_back(NoteJson(n));
    return {{"items", std::move(items)}};
}

// A student's profile: T1 fields and guardians with masked phones; what the viewer may open.
boost::json::object ProfileJson(const service::StudentProfile& p) {
    boost::json::object o = ToJson(core::people::StudentListItem{p.student, p.grade_name, p.class_name});
    o["school_name"] = p.school_name;
    boost::json::array guardians;
    for (const auto& g : p.guardians) {
        guardians.push_back({{"name", g.name},
                             {"relation", core::people::GuardianRelationName(g.relation)},
                             {"phone_masked", g.phone.empty() ? boost::json::value(nullptr)
                                                              : boost::json::value(core::people::MaskPhone(g.phone))},
                             {"is_primary", g.is_primary}});
    }
    o["guardians"] = std::move(guardians);
    boost::json::array relations;
    for (auto r : p.relations) relations.emplace_back(core::ports::StudentRelationName(r));
    o["your_relations"] = std::move(relations);
    o["notes_access"] = p.may_view_records ? "allowed" : (p.may_break_glass ? "break_glass" : "none");
    return o;
}

// Decodes a body with exactly one required string member `key`.
core::Result<std::string> OneString(const Request& req, std::string_view key) {
    XINQIAO_ASSIGN_OR_RETURN(const auto obj, ParseJsonObject(req));
    const FieldReader f(obj);
    XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({key}));
    return f.String(key);
}

boost::json::object SessionJson(const service::Principal& p) {
    boost::json::array grants;
    for (const auto& g : p.grants) {
        grants.push_back({{"role", core::auth::RoleName(g.role)}, {"org_unit_id", g.unit_id}});
    }
    return {{"account", {{"id", p.account_id}, {"login", p.login}, {"display_name", p.display_name}}},
            {"grants", std::move(grants)},
            {"csrf_token", p.csrf_token}};
}

std::string NowRfc3339() {
    const auto now = std::chrono::system_clock::now();
    return core::FormatRfc3339Millis(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

std::string_view KnownMethod(const std::string& m) {
    for (std::string_view k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (m == k) return k;
    }
    return "OTHER";
}

}  // namespace

Api::Api(ApiServices services, AccessLog& log, bool secure_cookies)
    : orgs_(services.orgs),
      auth_(services.auth),
      audit_(services.audit),
      roster_(services.roster),
      students_(services.students),
      users_(services.users),
      instruments_(services.instruments),
      campaigns_(services.campaigns),
      answering_(services.answering),
      alerts_(services.alerts),
      signals_(services.signals),
      webhooks_(services.webhooks),
      cases_(services.cases),
      referrals_(services.referrals),
      follow_ups_(services.follow_ups),
      teams_(services.teams),
      secure_cookies_(secure_cookies),
      health_(services.health),
      log_(log),
      id_prefix_(std::random_device{}()) {
    AddRoutes();
}

void Api::AddRoutes() {
    router_.Add("GET", "/healthz", [](Request&) { return JsonResponse(200, {{"status", "ok"}}); });
    router_.Add("GET", "/readyz", [this](Request& req) {
        const auto ready = health_.Ready();
        if (!ready) return ProblemResponse(503, "unavailable", "the database cannot be reached", req.request_id);
        return JsonResponse(200, {{"status", "ready"}});
    });
    router_.Add("GET", "/metrics", [this](Request&) {
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics_.Render(health_.PoolFigures());
        return r;
    });
    router_.Add("GET", "/api/openapi.json", [](Request&) {
        Response r;
        r.body = OpenApiDocument();
        return r;
    });

    AddSessionRoutes();
    AddStudentRoutes();
    AddOrgRoutes();
    AddUserRoutes();
    AddInstrumentRoutes();
    AddCampaignRoutes();
    AddAnsweringRoutes();
    AddAlertRoutes();
    AddSignalRoutes();
    AddWebhookRoutes();
    AddCaseRoutes();
    AddReferralRoutes();
    AddTeamRoutes();
    router_.Add("GET", "/api/v1/session", [](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return JsonResponse(200, SessionJson(*req.principal));
    });
    router_.Add("DELETE", "/api/v1/session", [this](Request& req) {
        if (auto s = auth_.SignOut(req.session_token, req.request_id); !s) return Problem(req, s.error());
        Response r;
        r.status = 204;
        r.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
        return r;
    });
    router_.Add("POST", "/api/v1/session/sign-out-everywhere", [this](Request& req) {
        if (auto s = auth_.SignOutEverywhere(req.principal->account_id, req.request_id); !s) {
            return Problem(req, s.error());
        }
        Response r;
        r.status = 204;
        r.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
        return r;
    });

    router_.Add("GET", "/api/v1/audit", [this](Request& req) {
        auto q = core::audit::ParseAuditQuery(req.query);
        if (!q) return Problem(req, q.error());
        return Answer(req, audit_.Query(*req.principal, *q), [&](const core::audit::AuditPage& page) {
            boost::json::array items;
            for (const auto& e : page.items) items.emplace_back(ToJson(e));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"page", q->page},
                                       {"page_size", q->page_size}};
        });
    });
    router_.Add("GET", "/api/v1/audit/export", [this](Request& req) {
        auto q = core::audit::ParseAuditQuery(req.query, core::audit::AuditQuery::kMaxExportRows);
        if (!q) return Problem(req, q.error());
        auto csv = audit_.ExportCsv(*req.principal, *q);
        if (!csv) return Problem(req, csv.error());
        Response r;
        r.content_type = "text/csv; charset=utf-8";
        r.body = std::move(csv).value();
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit.csv\"");
        return r;
    });

    router_.Add("POST", "/api/v1/org-units/{id}/students/import", [this](Request& req) {
        auto upload = RosterUpload(req);
        if (!upload) return Problem(req, upload.error());
        auto report = roster_.ImportStudents(*req.principal, upload->unit, req.body, upload->dry_run);
        if (!report) return Problem(req, report.error());
        return JsonResponse(200, boost::json::object{{"dry_run", report->dry_run},
                                                     {"data_rows", report->data_rows},
                                                     {"created", report->created},
                                                     {"updated", report->updated},
                                                     {"unchanged", report->unchanged},
                                                     {"guardians_added", report->guardians_added},
                                                     {"problems", ProblemsJson(report->problems)}});
    });
    router_.Add("POST", "/api/v1/org-units/{id}/staff/import", [this](Request& req) {
        auto upload = RosterUpload(req);
        if (!upload) return Problem(req, upload.error());
        auto report = roster_.ImportStaff(*req.principal, upload->unit, req.body, upload->dry_run);
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

}

void Api::AddOrgRoutes() {
    router_.Add("GET", "/api/v1/org-units", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, orgs_.ListRoots(*req.principal), Items);
    });
    router_.Add("POST", "/api/v1/org-units", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto n = DecodeNewOrgUnit(req);
        if (!n) return Problem(req, n.error());
        auto created = orgs_.Create(*req.principal, *n);
        if (!created) return Problem(req, created.error());
        Response r = JsonResponse(201, ToJson(*created));
        r.headers.emplace_back("Location", "/api/v1/org-units/" + std::to_string(created->id));
        return r;
    });
    router_.Add("GET", "/api/v1/org-units/{id}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs_.Get(*req.principal, *id), [](const auto& u) { return ToJson(u); });
    });
    router_.Add("PATCH", "/api/v1/org-units/{id}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        auto patch = DecodePatch(req);
        if (!patch) return Problem(req, patch.error());
        return Answer(req, orgs_.Update(*req.principal, *id, *patch), [](const auto& u) { return ToJson(u); });
    });
    router_.Add("GET", "/api/v1/org-units/{id}/children", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs_.Children(*req.principal, *id), Items);
    });
    router_.Add("GET", "/api/v1/org-units/{id}/ancestors", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs_.Ancestors(*req.principal, *id), Items);
    });
    router_.Add("GET", "/api/v1/org-units/{id}/students", [this](Request& req) {
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        auto query = core::people::ParseStudentQuery(req.query);
        if (!query) return Problem(req, query.error());
        return Answer(req, orgs_.ListStudents(*req.principal, *id, *query), [&](const core::people::StudentPage& page) {
            boost::json::array items;
            items.reserve(page.items.size());
            for (const auto& item : page.items) items.emplace_back(ToJson(item));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"page", query->page},
                                       {"page_size", query->page_size}};
        });
    });
    router_.Add("GET", "/api/v1/org-units/{id}/summary", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs_.Summary(*req.principal, *id), [](const service::UnitSummary& s) {
            boost::json::array children;
            for (const auto& c : s.children) children.emplace_back(UnitWithCountsJson(c));
            auto o = UnitWithCountsJson(s.unit);
            o["children"] = std::move(children);
            return o;
        });
    });
    router_.Add("GET", "/api/v1/org-units/search", [this](Request& req) {
        std::string text;
        for (const auto& [key, value] : req.query) {
            if (key != "q") return Problem(req, Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64)));
            text = value;
        }
        return Answer(req, orgs_.Search(*req.principal, text), [](const std::vector<service::FoundUnit>& found) {
            boost::json::array items;
            for (const auto& f : found) {
                auto o = ToJson(f.unit);
                boost::json::array trail;
                for (const auto& name : f.trail) trail.emplace_back(name);
                o["trail"] = std::move(trail);
                items.emplace_back(std::move(o));
            }
            return boost::json::object{{"items", std::move(items)}};
        });
    });
    // The header row of a roster file, to fill in and upload.
    router_.Add("GET", "/api/v1/roster-templates/{kind}", [](Request& req) {
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

void Api::AddUserRoutes() {
    router_.Add("GET", "/api/v1/org-units/{id}/accounts", [this](Request& req) {
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        auto q = core::auth::ParseAccountQuery(req.query);
        if (!q) return Problem(req, q.error());
        return Answer(req, users_.List(*req.principal, *id, *q), [&](const service::AccountViewPage& page) {
            boost::json::array items;
            for (const auto& v : page.items) items.emplace_back(AccountJson(v));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"page", q->page},
                                       {"page_size", q->page_size}};
        });
    });
    router_.Add("PUT", "/api/v1/accounts/{id}/grants/{role}/{unit}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        auto grant = GrantPath(req);
        if (!grant) return Problem(req, grant.error());
        if (auto s = users_.Grant(*req.principal, *id, grant->first, grant->second); !s) return Problem(req, s.error());
        return NoContent();
    });
    router_.Add("DELETE", "/api/v1/accounts/{id}/grants/{role}/{unit}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        auto grant = GrantPath(req);
        if (!grant) return Problem(req, grant.error());
        if (auto s = users_.Revoke(*req.principal, *id, grant->first, grant->second); !s) return Problem(req, s.error());
        return NoContent();
    });
    router_.Add("POST", "/api/v1/accounts/{id}/activation", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        Response r = Answer(req, users_.IssueActivation(*req.principal, *id), [](const service::ActivationCode& c) {
            return boost::json::object{{"code", c.code}, {"expires_at", core::FormatRfc3339Millis(c.expires_ms)}};
        }, 201);
        r.headers.emplace_back("Cache-Control", "no-store");  // shown once
        return r;
    });
}

void Api::AddInstrumentRoutes() {
    router_.Add("GET", "/api/v1/instruments", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        boost::json::array items;
        for (const auto& in : instruments_.All()) items.emplace_back(Summary(in));
        return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
    });
    // Scores one response offline, for integrations: {"answers": [0, 1, null, ...]} in item
    // order, null for an item not answered. Nothing is stored.
    router_.Add("POST", "/api/v1/instruments/{id}/score", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const std::string id = req.PathParam("id");
        const auto* instrument = instruments_.Find(id);
        if (!instrument) return Problem(req, Error::NotFound("no instrument with this id"));
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"answers"}); !s) return Problem(req, s.error());
        const auto it = obj->find("answers");
        if (it == obj->end() || !it->value().is_array()) {
            return Problem(req, Error::InvalidArgument("answers must be an array of whole numbers or nulls", "/answers"));
        }
        core::screening::Answers answers;
        const auto& array = it->value().as_array();
        if (array.size() > 500) return Problem(req, Error::InvalidArgument("too many answers", "/answers"));
        for (std::size_t i = 0; i < array.size(); ++i) {
            const auto& v = array[i];
            if (v.is_null()) {
                answers.push_back(std::nullopt);
            } else if (v.is_int64() && v.as_int64() >= -1000 && v.as_int64() <= 1000) {
                answers.push_back(static_cast<int>(v.as_int64()));
            } else {
                return Problem(req, Error::InvalidArgument("each answer is a whole number or null", "/answers/" + std::to_string(i)));
            }
        }
        auto scored = instruments_.Score(id, answers);
        if (!scored) {
            // Core names answers 1-based ("answers/3"); the body's JSON pointer is 0-based.
            core::Error e = scored.error();
            if (e.field.rfind("answers/", 0) == 0) {
                e.field = "/answers/" + std::to_string(std::stoi(e.field.substr(8)) - 1);
            } else if (e.field == "answers") {
                e.field = "/answers";
            }
            return Problem(req, e);
        }
        return JsonResponse(200, ToJson(*instrument, *scored, instruments_.AssessAlone(*instrument, *scored)));
    });
}

Response Api::SignedIn(const service::NewSession& session, int status, const boost::json::object* extra) const {
    auto body = SessionJson(session.principal);
    if (extra) {
        for (const auto& [key, value] : *extra) body[key] = value;
    }
    Response r = JsonResponse(status, std::move(body));
    r.headers.emplace_back("Set-Cookie", SessionCookie(session.token, 12 * 60 * 60));
    return r;
}

void Api::AddSessionRoutes() {
    // Staff sign in with login, password and (for some roles) a TOTP code; students with their
    // student number and the code from the class's code sheet.
    router_.Add("POST", "/api/v1/session", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (f.Has("student_number")) {
            if (auto s = f.OnlyKnown({"student_number", "code"}); !s) return Problem(req, s.error());
            auto number = f.String("student_number");
            if (!number) return Problem(req, number.error());
            auto code = f.String("code");
            if (!code) return Problem(req, code.error());
            auto session = auth_.SignInStudent(*number, *code, req.client_address, req.request_id);
            if (!session) return Problem(req, session.error());
            return SignedIn(*session);
        }
        if (auto s = f.OnlyKnown({"login", "password", "totp"}); !s) return Problem(req, s.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto second_factor = f.OptString("totp");
        if (!second_factor) return Problem(req, second_factor.error());
        auto session = auth_.SignIn(*login, *password, second_factor->value_or(""), req.client_address, req.request_id);
        if (!session) return Problem(req, session.error());
        return SignedIn(*session);
    }, Access::kOpen);
    router_.Add("POST", "/api/v1/guardian-invitations/redeem", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"code", "login", "password", "display_name"}); !s) return Problem(req, s.error());
        auto code = f.String("code");
        if (!code) return Problem(req, code.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto name = f.OptString("display_name");
        if (!name) return Problem(req, name.error());
        auto session = auth_.RedeemInvitation(*code, *login, name->value_or(""), *password, req.client_address,
                                              req.request_id);
        if (!session) return Problem(req, session.error());
        return SignedIn(*session);
    }, Access::kOpen);
    router_.Add("POST", "/api/v1/staff-activations/redeem", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"login", "code", "password"}); !s) return Problem(req, s.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto code = f.String("code");
        if (!code) return Problem(req, code.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto activated = auth_.ActivateStaff(*login, *code, *password, req.client_address, req.request_id);
        if (!activated) return Problem(req, activated.error());
        boost::json::object extra;
        if (activated->two_factor) {
            // Once only: the authenticator secret and the recovery codes.
            boost::json::array codes;
            for (const auto& c : activated->two_factor->recovery_codes) codes.emplace_back(c);
            extra["two_factor"] = {{"secret", activated->two_factor->secret},
                                   {"otpauth_uri", activated->two_factor->otpauth_uri},
                                   {"recovery_codes", std::move(codes)}};
        }
        Response r = SignedIn(activated->session, 200, &extra);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }, Access::kOpen);
}

void Api::AddStudentRoutes() {
    router_.Add("GET", "/api/v1/me/students", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, students_.Mine(*req.principal), [](const auto& items) {
            boost::json::array out;
            for (const auto& item : items) out.emplace_back(ToJson(item));
            return boost::json::object{{"items", std::move(out)}};
        });
    });
    router_.Add("GET", "/api/v1/students/{id}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students_.Get(*req.principal, *id), ProfileJson);
    });
    router_.Add("GET", "/api/v1/students/{id}/notes", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students_.Notes(*req.principal, *id), NotesJson);
    });
    router_.Add("POST", "/api/v1/students/{id}/notes", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        auto body = OneString(req, "body");
        if (!body) return Problem(req, body.error());
        return Answer(req, students_.AddNote(*req.principal, *id, *body), NoteJson, 201);
    });
    // Roles that may open notes only with a reason send it in the body, never in the URL.
    router_.Add("POST", "/api/v1/students/{id}/notes/break-glass", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        auto reason = OneString(req, "reason");
        if (!reason) return Problem(req, reason.error());
        return Answer(req, students_.BreakGlassNotes(*req.principal, *id, *reason), NotesJson);
    });
    router_.Add("PUT", "/api/v1/students/{id}/pairings/{login}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        if (auto s = students_.Pair(*req.principal, *id, req.PathParam("login")); !s) return Problem(req, s.error());
        return NoContent();
    });
    router_.Add("DELETE", "/api/v1/students/{id}/pairings/{login}", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        if (auto s = students_.Unpair(*req.principal, *id, req.PathParam("login")); !s) return Problem(req, s.error());
        return NoContent();
    });
    router_.Add("POST", "/api/v1/students/{id}/guardian-invitations", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students_.InviteGuardian(*req.principal, *id), [](const service::IssuedInvitation& inv) {
            return boost::json::object{{"code", inv.code}, {"expires_at", core::FormatRfc3339Millis(inv.expires_ms)}};
        }, 201);
    });
    router_.Add("POST", "/api/v1/org-units/{id}/sign-in-codes", [this](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = PathId(req);
        if (!id) return Problem(req, id.error());
        std::vector<core::people::StudentId> only;
        if (!req.body.empty()) {
            auto obj = ParseJsonObject(req);
            if (!obj) return Problem(req, obj.error());
            const FieldReader f(*obj);
            if (auto s = f.OnlyKnown({"student_ids"}); !s) return Problem(req, s.error());
            auto ids = f.OptIds("student_ids", 500);
            if (!ids) return Problem(req, ids.error());
            only = std::move(ids).value();
        }
        return Answer(req, students_.IssueClassCodes(*req.principal, *id, only), [](const service::ClassCodeSheet& sheet) {
            boost::json::array codes;
            for (const auto& c : sheet.codes) {
                codes.push_back({{"student_id", c.student_id},
                                 {"student_number", c.student_number},
                                 {"name", c.name},
                                 {"code", c.code}});
            }
            return boost::json::object{{"school_name", sheet.school_name},
                                       {"grade_name", sheet.grade_name},
                                       {"class_name", sheet.class_name},
                                       {"codes", std::move(codes)}};
        });
    });
}

std::string Api::SessionCookie(const std::string& token, std::int64_t max_age_s) const {
    return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(max_age_s) + (secure_cookies_ ? "; Secure" : "");
}

std::optional<Response> Api::Authenticate(Request& request) {
    if (request.session_token.empty()) {
        return ProblemResponse(401, "unauthenticated", "sign in first", request.request_id);
    }
    auto principal = auth_.Authenticate(request.session_token);
    if (!principal) return ProblemResponse(principal.error(), request.request_id);
    const bool reads = request.method == "GET" || request.method == "HEAD";
    if (!reads && (request.csrf_token.empty() || !core::ConstantTimeEquals(request.csrf_token, principal->csrf_token))) {
        return ProblemResponse(403, "csrf", "this request needs the X-CSRF-Token header of the session",
                               request.request_id);
    }
    principal->request_id = request.request_id;
    request.principal = std::move(principal).value();
    return std::nullopt;
}

Response Api::Handle(Request& request) {
    const auto match = router_.Find(request.method, request.path);
    request.route = match.route;
    // Every /api/v1/ route needs a session, except the ways of signing in (Access::kOpen); so
    // does an unknown one, so a stranger learns nothing about which routes exist.
    if (request.path.starts_with("/api/v1/") && match.access == Access::kSignedIn) {
        if (auto refused = Authenticate(request)) return *refused;
    }
    if (!match.handler && site_ && request.method == "GET" && !request.path.starts_with("/api/")) {
        if (auto page = site_->Serve(request.path, request.accept_encoding, request.if_none_match)) {
            request.route = "web";
            return std::move(*page);
        }
    }
    if (!match.handler) {
        if (!match.allowed.empty()) {
            std::string allow;
            for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
            Response r = ProblemResponse(405, "method_not_allowed", "this resource does not support " +
                                         std::string(KnownMethod(request.method)), request.request_id);
            r.headers.emplace_back("Allow", allow);
            return r;
        }
        return ProblemResponse(404, "not_found", "no such resource", request.request_id);
    }
    request.path_params = match.params;
    return (*match.handler)(request);
}

void Api::Record(const Request& request, const Response& response, double seconds) {
    const std::string method(KnownMethod(request.method));
    const std::string& route = request.route.empty() ? std::string("unmatched") : request.route;
    metrics_.Observe(route, method, response.status, seconds);
    log_.Write({NowRfc3339(), request.request_id, method, route, response.status, seconds * 1000,
                request.body.size(), response.body.size()});
}

std::string Api::RequestIdFor(std::string_view client_value) {
    bool ok = !client_value.empty() && client_value.size() <= 64;
    for (char c : client_value) {
        ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                    c == '_' || c == '.');
    }
    if (ok) return std::string(client_value);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%012llx", static_cast<unsigned long long>(id_prefix_ & 0xFFFFFFFFu),
                  static_cast<unsigned long long>(id_counter_.fetch_add(1) + 1));
    return buf;
}

}  // namespace xinqiao::http
