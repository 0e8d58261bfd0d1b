#include "service/org_service.hpp"

#include <algorithm>
#include <optional>

#include "core/common/time.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::org::OrgUnit;
using core::org::OrgUnitId;
using core::ports::Repositories;

// A parent named in a request body that does not exist is a bad argument, not a missing
// resource: the resource addressed by the URL is there.
Result<OrgUnit> LoadParent(Repositories& repos, OrgUnitId id) {
    auto parent = repos.Orgs().Get(id);
    if (!parent && parent.error().code == core::ErrorCode::kNotFound) {
        return Error::InvalidArgument("parent_id " + std::to_string(id) + " does not exist", "/parent_id");
    }
    return parent;
}

// Runs `fn(repos)` in one read transaction and returns what it produced.
template <typename Fn>
auto ReadResult(core::ports::DataStore& store, Fn fn) -> decltype(fn(std::declval<Repositories&>())) {
    using R = decltype(fn(std::declval<Repositories&>()));
    std::optional<R> out;
    XINQIAO_RETURN_IF_ERROR(store.Read([&](Repositories& r) -> Status {
        out.emplace(fn(r));
        if (!*out) return out->error();
        return core::Ok();
    }));
    return std::move(*out);
}

}  // namespace

Result<std::vector<OrgUnit>> OrgService::ListRoots() {
    return ReadResult(store_, [](Repositories& r) { return r.Orgs().ListRoots(); });
}

Result<OrgUnit> OrgService::Get(OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) { return r.Orgs().Get(id); });
}

Result<std::vector<OrgUnit>> OrgService::Children(OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<OrgUnit>> {
        XINQIAO_RETURN_IF_ERROR(r.Orgs().Get(id));
        return r.Orgs().Children(id);
    });
}

Result<std::vector<OrgUnit>> OrgService::Ancestors(OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<OrgUnit>> {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, r.Orgs().Get(id));
        std::vector<OrgUnitId> ids = core::org::PathIds(unit.path);
        XINQIAO_ASSERT(!ids.empty() && ids.back() == id, "a unit's path ends with its own id");
        ids.pop_back();
        XINQIAO_ASSIGN_OR_RETURN(auto ancestors, r.Orgs().GetMany(ids));
        std::sort(ancestors.begin(), ancestors.end(),
                  [](const OrgUnit& a, const OrgUnit& b) { return a.depth < b.depth; });
        return ancestors;
    });
}

core::Status OrgService::AuditWrite(Repositories& r, const Actor& actor, std::string action, const OrgUnit& unit) {
    core::audit::AuditEntry e;
    e.at = core::FormatRfc3339Millis(clock_.NowUnixMillis());
    e.actor_id = actor.account_id;
    e.actor_role = actor.role;
    e.action = std::move(action);
    e.target_type = "org_unit";
    e.target_id = std::to_string(unit.id);
    e.org_path = unit.path;
    e.request_id = actor.request_id;
    XINQIAO_RETURN_IF_ERROR(r.Audit().Append(std::move(e)));
    return core::Ok();
}

Result<OrgUnit> OrgService::Create(const Actor& actor, const core::org::NewOrgUnit& unit) {
    OrgUnit created;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        std::optional<OrgUnit> parent;
        if (unit.parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(parent, LoadParent(r, *unit.parent_id));
        }
        const OrgUnit* p = parent ? &*parent : nullptr;
        XINQIAO_RETURN_IF_ERROR(core::org::ValidatePlacement(unit, p));
        XINQIAO_ASSIGN_OR_RETURN(created, r.Orgs().Create(unit, p));
        return AuditWrite(r, actor, "org_unit.create", created);
    }));
    return created;
}

Result<OrgUnit> OrgService::Update(const Actor& actor, OrgUnitId id, const OrgUnitPatch& patch) {
    OrgUnit result;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(OrgUnit unit, r.Orgs().Get(id));
        const bool attributes_change = patch.name || patch.code || patch.stage || patch.is_boarding;
        if (patch.name) unit.name = *patch.name;
        if (patch.code) unit.code = *patch.code;
        if (patch.stage) unit.stage = *patch.stage;
        if (patch.is_boarding) unit.is_boarding = *patch.is_boarding;

        // Validate the unit as it will be, under the parent it will have.
        std::optional<OrgUnit> parent;
        const std::optional<OrgUnitId> parent_id = patch.parent_id ? *patch.parent_id : unit.parent_id;
        if (parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(parent, patch.parent_id ? LoadParent(r, *parent_id) : r.Orgs().Get(*parent_id));
        }
        const OrgUnit* p = parent ? &*parent : nullptr;
        XINQIAO_RETURN_IF_ERROR(core::org::ValidateMove(unit, p));

        if (attributes_change) {
            XINQIAO_RETURN_IF_ERROR(r.Orgs().UpdateAttributes(unit));
            XINQIAO_RETURN_IF_ERROR(AuditWrite(r, actor, "org_unit.update", unit));
        }
        if (patch.parent_id && *patch.parent_id != unit.parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(unit, r.Orgs().Move(unit, p));
            XINQIAO_RETURN_IF_ERROR(AuditWrite(r, actor, "org_unit.move", unit));
        }
        result = std::move(unit);
        return core::Ok();
    }));
    return result;
}

Result<core::people::StudentPage> OrgService::ListStudents(OrgUnitId id, const core::people::StudentQuery& query) {
    return ReadResult(store_, [&](Repositories& r) -> Result<core::people::StudentPage> {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, r.Orgs().Get(id));
        return r.Students().ListInSubtree(unit.path, query);
    });
}

}  // namespace xinqiao::service
