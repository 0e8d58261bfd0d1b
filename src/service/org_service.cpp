#include "service/org_service.hpp"

#include <algorithm>
#include <optional>

#include "core/common/text.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::org::OrgUnit;
using core::org::OrgUnitId;
using core::ports::Repositories;

using core::auth::Action;

constexpr const char* kNoSuchParent = "parent_id does not exist";
// A grant whose path is "/" covers the whole tree (the command-line operator's principal).
constexpr OrgUnitId kWholeTree = 0;

std::string NotFoundMessage(OrgUnitId id) { return "no org unit with id " + std::to_string(id); }

// The unit `id` if the principal may do `action` on it. Unknown and out-of-scope ids answer the
// same kNotFound.
Result<OrgUnit> Visible(Repositories& r, const Principal& p, OrgUnitId id, Action action) {
    auto unit = r.Orgs().Get(id);
    if (!unit) {
        if (unit.error().code == core::ErrorCode::kNotFound) return Error::NotFound(NotFoundMessage(id));
        return unit;
    }
    XINQIAO_RETURN_IF_ERROR(Require(p, action, {unit->path}, NotFoundMessage(id)));
    return unit;
}

// A parent named in a request body that does not exist (or that the principal cannot see) is
// a bad argument, not a missing resource: the resource addressed by the URL is there.
Result<OrgUnit> LoadParent(Repositories& r, const Principal& p, OrgUnitId id) {
    auto parent = Visible(r, p, id, Action::kViewAggregates);
    if (!parent && parent.error().code == core::ErrorCode::kNotFound) {
        return Error::InvalidArgument(kNoSuchParent, "/parent_id");
    }
    return parent;
}

// The units of the grants that let the principal see their subtree, minus those inside another
// of them; `kWholeTree` stands for the operator's grant on everything.
std::vector<OrgUnitId> TopUnitIds(const Principal& p) {
    std::vector<core::auth::Grant> tops;
    for (const auto& g : p.grants) {
        if (core::auth::RuleFor(g.role, Action::kViewAggregates).effect != core::auth::Effect::kAllow) continue;
        tops.push_back(g);
    }
    std::vector<OrgUnitId> ids;
    for (const auto& g : tops) {
        bool nested = false;
        for (const auto& other : tops) {
            nested = nested || (other.unit_path != g.unit_path && core::org::IsInSubtree(g.unit_path, other.unit_path));
        }
        if (!nested && std::find(ids.begin(), ids.end(), g.unit_id) == ids.end()) ids.push_back(g.unit_id);
    }
    return ids;
}

Result<std::vector<OrgUnit>> TopUnits(Repositories& r, const Principal& p) {
    const auto ids = TopUnitIds(p);
    const bool whole_tree = std::find(ids.begin(), ids.end(), kWholeTree) != ids.end();
    XINQIAO_ASSIGN_OR_RETURN(auto units, whole_tree ? r.Orgs().ListRoots() : r.Orgs().GetMany(ids));
    std::sort(units.begin(), units.end(), [](const OrgUnit& a, const OrgUnit& b) {
        return a.name != b.name ? a.name < b.name : a.id < b.id;
    });
    return units;
}

}  // namespace

Result<std::vector<OrgUnit>> OrgService::ListRoots(const Principal& p) {
    return ReadResult(store_, [&](Repositories& r) { return TopUnits(r, p); });
}

Result<UnitSummary> OrgService::Summary(const Principal& p, OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<UnitSummary> {
        UnitSummary s;
        XINQIAO_ASSIGN_OR_RETURN(s.unit.unit, Visible(r, p, id, Action::kViewAggregates));
        XINQIAO_ASSIGN_OR_RETURN(s.unit.counts, r.Orgs().Counts(s.unit.unit.path));
        XINQIAO_ASSIGN_OR_RETURN(auto children, r.Orgs().Children(id));
        for (auto& child : children) {
            XINQIAO_ASSIGN_OR_RETURN(auto counts, r.Orgs().Counts(child.path));
            s.children.push_back({std::move(child), counts});
        }
        return s;
    });
}

Result<std::vector<FoundUnit>> OrgService::Search(const Principal& p, const std::string& text) {
    const std::string wanted(core::TrimAscii(text));
    if (wanted.empty() || !core::IsValidUtf8(wanted) || core::CodePointCount(wanted) > kMaxSearchText) {
        return Error::InvalidArgument("give 1 to " + std::to_string(kMaxSearchText) + " characters to search for", "q");
    }
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<FoundUnit>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto tops, TopUnits(r, p));
        std::vector<OrgUnit> found;
        for (const auto& top : tops) {
            XINQIAO_ASSIGN_OR_RETURN(auto units, r.Orgs().Search(top.path, wanted, kMaxSearchResults));
            for (auto& u : units) found.push_back(std::move(u));
        }
        std::sort(found.begin(), found.end(), [](const OrgUnit& a, const OrgUnit& b) {
            return a.depth != b.depth ? a.depth < b.depth : a.name != b.name ? a.name < b.name : a.id < b.id;
        });
        if (found.size() > static_cast<std::size_t>(kMaxSearchResults)) found.resize(kMaxSearchResults);
        // The names along each path, read once per distinct ancestor.
        std::vector<OrgUnitId> above;
        for (const auto& u : found) {
            for (OrgUnitId a : core::org::PathIds(u.path)) {
                if (a != u.id && std::find(above.begin(), above.end(), a) == above.end()) above.push_back(a);
            }
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto ancestors, r.Orgs().GetMany(above));
        std::vector<FoundUnit> out;
        for (auto& u : found) {
            FoundUnit f;
            for (OrgUnitId a : core::org::PathIds(u.path)) {
                for (const auto& anc : ancestors) {
                    if (anc.id == a && a != u.id) f.trail.push_back(anc.name);
                }
            }
            f.unit = std::move(u);
            out.push_back(std::move(f));
        }
        return out;
    });
}

Result<OrgUnit> OrgService::Get(const Principal& p, OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) { return Visible(r, p, id, Action::kViewAggregates); });
}

Result<std::vector<OrgUnit>> OrgService::Children(const Principal& p, OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<OrgUnit>> {
        XINQIAO_RETURN_IF_ERROR(Visible(r, p, id, Action::kViewAggregates));
        return r.Orgs().Children(id);
    });
}

Result<std::vector<OrgUnit>> OrgService::Ancestors(const Principal& p, OrgUnitId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<OrgUnit>> {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, Visible(r, p, id, Action::kViewAggregates));
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
    return AppendAudit(r, clock_, actor, std::move(action), {"org_unit", std::to_string(unit.id), unit.path});
}

Result<OrgUnit> OrgService::Create(const Principal& p, const core::org::NewOrgUnit& unit) {
    OrgUnit created;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        std::optional<OrgUnit> parent;
        std::optional<core::auth::Role> via;
        if (unit.parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(parent, LoadParent(r, p, *unit.parent_id));
            XINQIAO_ASSIGN_OR_RETURN(via, Require(p, Action::kEditOrgTree, {parent->path}, kNoSuchParent));
        } else if (const auto top = core::auth::AuthorizeTopLevelEdit(p.grants); top.allowed()) {
            via = top.via;
        } else {
            return core::Error::PermissionDenied("only an administrator creates top-level units");
        }
        const OrgUnit* parent_ptr = parent ? &*parent : nullptr;
        XINQIAO_RETURN_IF_ERROR(core::org::ValidatePlacement(unit, parent_ptr));
        XINQIAO_ASSIGN_OR_RETURN(created, r.Orgs().Create(unit, parent_ptr));
        return AuditWrite(r, p.AsActor(via), "org_unit.create", created);
    }));
    return created;
}

Result<OrgUnit> OrgService::Update(const Principal& p, OrgUnitId id, const OrgUnitPatch& patch) {
    OrgUnit result;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(OrgUnit unit, Visible(r, p, id, Action::kViewAggregates));
        XINQIAO_ASSIGN_OR_RETURN(const auto via, Require(p, Action::kEditOrgTree, {unit.path}, NotFoundMessage(id)));
        const bool attributes_change = patch.name || patch.code || patch.stage || patch.is_boarding;
        if (patch.name) unit.name = *patch.name;
        if (patch.code) unit.code = *patch.code;
        if (patch.stage) unit.stage = *patch.stage;
        if (patch.is_boarding) unit.is_boarding = *patch.is_boarding;

        // Validate the unit as it will be, under the parent it will have.
        std::optional<OrgUnit> parent;
        const std::optional<OrgUnitId> parent_id = patch.parent_id ? *patch.parent_id : unit.parent_id;
        if (parent_id) {
            XINQIAO_ASSIGN_OR_RETURN(parent, patch.parent_id ? LoadParent(r, p, *parent_id) : r.Orgs().Get(*parent_id));
        }
        const bool moves = patch.parent_id && *patch.parent_id != unit.parent_id;
        if (moves) {
            if (parent) {
                XINQIAO_RETURN_IF_ERROR(Require(p, Action::kEditOrgTree, {parent->path}, kNoSuchParent));
            } else if (!core::auth::AuthorizeTopLevelEdit(p.grants).allowed()) {
                return core::Error::PermissionDenied("only an administrator moves units to the top level");
            }
        }
        const OrgUnit* parent_ptr = parent ? &*parent : nullptr;
        XINQIAO_RETURN_IF_ERROR(core::org::ValidateMove(unit, parent_ptr));

        if (attributes_change) {
            XINQIAO_RETURN_IF_ERROR(r.Orgs().UpdateAttributes(unit));
            XINQIAO_RETURN_IF_ERROR(AuditWrite(r, p.AsActor(via), "org_unit.update", unit));
        }
        if (moves) {
            XINQIAO_ASSIGN_OR_RETURN(unit, r.Orgs().Move(unit, parent_ptr));
            XINQIAO_RETURN_IF_ERROR(AuditWrite(r, p.AsActor(via), "org_unit.move", unit));
        }
        result = std::move(unit);
        return core::Ok();
    }));
    return result;
}

Result<core::people::StudentPage> OrgService::ListStudents(const Principal& p, OrgUnitId id,
                                                           const core::people::StudentQuery& query) {
    return ReadResult(store_, [&](Repositories& r) -> Result<core::people::StudentPage> {
        XINQIAO_ASSIGN_OR_RETURN(const OrgUnit unit, Visible(r, p, id, Action::kViewRoster));
        return query.search.empty() ? r.Students().ListInSubtree(unit.path, query) : r.Students().Search(unit, query);
    });
}

}  // namespace xinqiao::service
