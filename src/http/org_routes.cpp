// Routes for the org tree: roots, units, children, ancestors, counts, search, students of a
// subtree; creating, renaming and moving units.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "service/org_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

using core::Error;

boost::json::object Items(const std::vector<core::org::OrgUnit>& units) {
    boost::json::array items;
    items.reserve(units.size());
    for (const auto& u : units) items.emplace_back(ToJson(u));
    return {{"items", std::move(items)}};
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

boost::json::object CountsJson(const core::org::SubtreeCounts& c) {
    return {{"schools", c.schools}, {"classes", c.classes}, {"students", c.students}};
}

boost::json::object UnitWithCountsJson(const service::UnitWithCounts& u) {
    auto o = ToJson(u.unit);
    o["counts"] = CountsJson(u.counts);
    return o;
}

}  // namespace

void AddOrgRoutes(Router& router, service::OrgService& orgs) {
    router.Add("GET", "/api/v1/org-units", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, orgs.ListRoots(*req.principal), Items);
    });
    router.Add("POST", "/api/v1/org-units", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto n = DecodeNewOrgUnit(req);
        if (!n) return Problem(req, n.error());
        auto created = orgs.Create(*req.principal, *n);
        if (!created) return Problem(req, created.error());
        Response r = JsonResponse(201, ToJson(*created));
        r.headers.emplace_back("Location", "/api/v1/org-units/" + std::to_string(created->id));
        return r;
    });
    router.Add("GET", "/api/v1/org-units/{id}", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs.Get(*req.principal, *id), [](const auto& u) { return ToJson(u); });
    });
    router.Add("PATCH", "/api/v1/org-units/{id}", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        auto patch = DecodePatch(req);
        if (!patch) return Problem(req, patch.error());
        return Answer(req, orgs.Update(*req.principal, *id, *patch), [](const auto& u) { return ToJson(u); });
    });
    router.Add("GET", "/api/v1/org-units/{id}/children", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs.Children(*req.principal, *id), Items);
    });
    router.Add("GET", "/api/v1/org-units/{id}/ancestors", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs.Ancestors(*req.principal, *id), Items);
    });
    router.Add("GET", "/api/v1/org-units/{id}/students", [&orgs](Request& req) {
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        auto query = core::people::ParseStudentQuery(req.query);
        if (!query) return Problem(req, query.error());
        return Answer(req, orgs.ListStudents(*req.principal, *id, *query), [&](const core::people::StudentPage& page) {
            boost::json::array items;
            items.reserve(page.items.size());
            for (const auto& item : page.items) items.emplace_back(ToJson(item));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"more", page.more},
                                       {"page", query->page},
                                       {"page_size", query->page_size}};
        });
    });
    router.Add("GET", "/api/v1/org-units/{id}/summary", [&orgs](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, orgs.Summary(*req.principal, *id), [](const service::UnitSummary& s) {
            boost::json::array children;
            for (const auto& c : s.children) children.emplace_back(UnitWithCountsJson(c));
            auto o = UnitWithCountsJson(s.unit);
            o["children"] = std::move(children);
            return o;
        });
    });
    router.Add("GET", "/api/v1/org-units/search", [&orgs](Request& req) {
        std::string text;
        for (const auto& [key, value] : req.query) {
            if (key != "q") return Problem(req, Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64)));
            text = value;
        }
        return Answer(req, orgs.Search(*req.principal, text), [](const std::vector<service::FoundUnit>& found) {
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
}

}  // namespace xinqiao::http
