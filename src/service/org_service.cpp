#include "service/org_service.hpp"

#include <algorithm>

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

}  // namespace

Result<std::vector<OrgUnit>> OrgService::ListRoots() {
    std::vector<OrgUnit> roots;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(roots, r.Orgs().ListRoots());
        return core::Ok();
    }));
    return roots;
}

Result<OrgUnit> OrgService::Get(OrgUnitId id) {
    OrgUnit unit;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(unit, r.Orgs().Get(id));
        return core::Ok();
    }));
    return unit;
}

Result<std::vector<OrgUnit>> OrgService::Children(OrgUnitId id) {
    std::vector<OrgUnit> children;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_RETURN_IF_ERROR(r.Orgs().Get(id));
        XINQIAO_ASSIGN_OR_RETURN(children, r.Orgs().Children(id));
        return core::Ok();
    }));
    return children;
}

Result<std::vector<OrgUnit>> OrgService::Ancestors(OrgUnitId id) {
    std::vector<OrgUnit> ancestors;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, r.Orgs().Get(id));
        std::vector<OrgUnitId> ids = core::org::PathIds(unit.path);
        XINQIAO_ASSERT(!ids.empty() && ids.back() == id, "a unit's path ends with its own id");
        ids.pop_back();
        XINQIAO_ASSIGN_OR_RETURN(ancestors, r.Orgs().GetMany(ids));
        std::sort(ancestors.begin(), ancestors.end(), [](const OrgUnit& a, const OrgUnit& b) { return a.depth < b.depth; });
        return core::Ok();
    }));
    return ancestors;
}

Result<OrgUnit> OrgService::Create(const core::org::NewOrgUnit& unit) {
    OrgUnit created;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        std::optional<OrgUnit> parent;
        if (unit.parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(parent, LoadParent(r, *unit.parent_id));
        }
        const OrgUnit* p = parent ? &*parent : nullptr;
        XINQIAO_RETURN_IF_ERROR(core::org::ValidatePlacement(unit, p));
        XINQIAO_ASSIGN_OR_RETURN(created, r.Orgs().Create(unit, p));
        return core::Ok();
    }));
    return created;
}

Result<OrgUnit> OrgService::Update(OrgUnitId id, const OrgUnitPatch& patch) {
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

        if (attributes_change) XINQIAO_RETURN_IF_ERROR(r.Orgs().UpdateAttributes(unit));
        if (patch.parent_id && *patch.parent_id != unit.parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(unit, r.Orgs().Move(unit, p));
        }
        result = std::move(unit);
        return core::Ok();
    }));
    return result;
}

Result<core::people::StudentPage> OrgService::ListStudents(OrgUnitId id, const core::people::StudentQuery& query) {
    core::people::StudentPage page;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, r.Orgs().Get(id));
        XINQIAO_ASSIGN_OR_RETURN(page, r.Students().ListInSubtree(unit.path, query));
        return core::Ok();
    }));
    return page;
}

}  // namespace xinqiao::service
