// Routes for administrators: the staff accounts of a subtree, grants, fresh activation codes.

#include <boost/json.hpp>

#include "core/auth/account_query.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "service/user_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

using core::Error;
using core::org::OrgUnitId;

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

}  // namespace

void AddUserRoutes(Router& router, service::UserService& users) {
    router.Add("GET", "/api/v1/org-units/{id}/accounts", [&users](Request& req) {
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        auto q = core::auth::ParseAccountQuery(req.query);
        if (!q) return Problem(req, q.error());
        return Answer(req, users.List(*req.principal, *id, *q), [&](const service::AccountViewPage& page) {
            boost::json::array items;
            for (const auto& v : page.items) items.emplace_back(AccountJson(v));
            return boost::json::object{{"items", std::move(items)},
                                       {"total", page.total},
                                       {"page", q->page},
                                       {"page_size", q->page_size}};
        });
    });
    router.Add("PUT", "/api/v1/accounts/{id}/grants/{role}/{unit}", [&users](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        auto grant = GrantPath(req);
        if (!grant) return Problem(req, grant.error());
        if (auto s = users.Grant(*req.principal, *id, grant->first, grant->second); !s) return Problem(req, s.error());
        return NoContent();
    });
    router.Add("DELETE", "/api/v1/accounts/{id}/grants/{role}/{unit}", [&users](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        auto grant = GrantPath(req);
        if (!grant) return Problem(req, grant.error());
        if (auto s = users.Revoke(*req.principal, *id, grant->first, grant->second); !s) return Problem(req, s.error());
        return NoContent();
    });
    router.Add("POST", "/api/v1/accounts/{id}/activation", [&users](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = AccountPathId(req);
        if (!id) return Problem(req, id.error());
        Response r = Answer(req, users.IssueActivation(*req.principal, *id), [](const service::ActivationCode& c) {
            return boost::json::object{{"code", c.code}, {"expires_at", core::FormatRfc3339Millis(c.expires_ms)}};
        }, 201);
        r.headers.emplace_back("Cache-Control", "no-store");  // shown once
        return r;
    });
}

}  // namespace xinqiao::http
