#include "service/user_service.hpp"

#include <algorithm>

#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::auth::Action;
using core::ports::Repositories;

std::string NoAccount(std::int64_t id) { return "no account with id " + std::to_string(id); }

// The unit `id` if the principal manages users there; unknown and out-of-scope ids look alike.
Result<core::org::OrgUnit> ManagedUnit(Repositories& r, const Principal& p, core::org::OrgUnitId id,
                                       core::auth::Role* via = nullptr) {
    return AuthorizedUnit(r, p, id, Action::kManageUsers, via);
}

// An account the principal manages: a staff account (no student behind it) with at least one
// grant, all of them within the principal's reach. Anything else is kNotFound.
Result<std::vector<core::auth::Grant>> ManagedAccount(Repositories& r, const Principal& p, std::int64_t id) {
    auto account = r.Accounts().Get(id);
    if (!account) {
        return account.error().code == core::ErrorCode::kNotFound ? Error::NotFound(NoAccount(id)) : account.error();
    }
    XINQIAO_ASSIGN_OR_RETURN(auto held, r.Grants().Of(id));
    XINQIAO_ASSIGN_OR_RETURN(const auto links, r.StudentLinks().Of(id));
    if (held.empty() || !links.empty() || !core::auth::MayManageGrants(p.grants, held)) return Error::NotFound(NoAccount(id));
    return held;
}

}  // namespace

Result<AccountViewPage> UserService::List(const Principal& p, core::org::OrgUnitId unit_id,
                                          const core::auth::AccountQuery& q) {
    return ReadResult(store_, [&](Repositories& r) -> Result<AccountViewPage> {
        XINQIAO_ASSIGN_OR_RETURN(const auto unit, ManagedUnit(r, p, unit_id));
        XINQIAO_ASSIGN_OR_RETURN(auto page, r.Accounts().ListStaff(unit.path, q.text, q.page, q.page_size));
        AccountViewPage out;
        out.total = page.total;
        std::vector<std::pair<AccountView, std::vector<core::auth::Grant>>> rows;
        std::vector<core::org::OrgUnitId> unit_ids;
        for (auto& item : page.items) {
            XINQIAO_ASSIGN_OR_RETURN(auto held, r.Grants().Of(item.id));
            for (const auto& g : held) {
                if (std::find(unit_ids.begin(), unit_ids.end(), g.unit_id) == unit_ids.end()) unit_ids.push_back(g.unit_id);
            }
            AccountView view;
            view.account = std::move(item);
            view.manageable = core::auth::MayManageGrants(p.grants, held);
            rows.emplace_back(std::move(view), std::move(held));
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().GetMany(unit_ids));
        for (auto& [view, held] : rows) {
            for (const auto& g : held) {
                const auto u = std::find_if(units.begin(), units.end(), [&](const auto& x) { return x.id == g.unit_id; });
                view.grants.push_back({g.role, g.unit_id, u == units.end() ? std::string() : u->name});
            }
            out.items.push_back(std::move(view));
        }
        return out;
    });
}

Status UserService::Grant(const Principal& p, std::int64_t account_id, core::auth::Role role,
                          core::org::OrgUnitId unit_id) {
    return store_.Write([&](Repositories& r) -> Status {
        core::auth::Role via{};
        XINQIAO_ASSIGN_OR_RETURN(const auto unit, ManagedUnit(r, p, unit_id, &via));
        XINQIAO_RETURN_IF_ERROR(ManagedAccount(r, p, account_id));
        if (auto misfit = core::auth::MisfitRole(role, unit.kind)) return Error::InvalidArgument(*misfit, "/role");
        XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(account_id, role, unit_id));
        return AppendAudit(r, clock_, p.AsActor(via), "account.grant." + std::string(core::auth::RoleName(role)),
                           {"account", std::to_string(account_id), unit.path});
    });
}

Status UserService::Revoke(const Principal& p, std::int64_t account_id, core::auth::Role role,
                           core::org::OrgUnitId unit_id) {
    return store_.Write([&](Repositories& r) -> Status {
        core::auth::Role via{};
        XINQIAO_ASSIGN_OR_RETURN(const auto unit, ManagedUnit(r, p, unit_id, &via));
        XINQIAO_ASSIGN_OR_RETURN(const auto held, ManagedAccount(r, p, account_id));
        const bool holds = std::any_of(held.begin(), held.end(),
                                       [&](const auto& g) { return g.role == role && g.unit_id == unit_id; });
        if (!holds) return Error::NotFound("the account does not hold this role on this unit");
        XINQIAO_RETURN_IF_ERROR(r.Grants().Remove(account_id, role, unit_id));
        return AppendAudit(r, clock_, p.AsActor(via), "account.revoke." + std::string(core::auth::RoleName(role)),
                           {"account", std::to_string(account_id), unit.path});
    });
}

Result<ActivationCode> UserService::IssueActivation(const Principal& p, std::int64_t account_id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<ActivationCode> {
        XINQIAO_ASSIGN_OR_RETURN(const auto held, ManagedAccount(r, p, account_id));
        const auto via = core::auth::Authorize(p.grants, Action::kManageUsers, {held.front().unit_path}).via;
        XINQIAO_ASSIGN_OR_RETURN(auto code, StoreNewActivationCode(r, random_, account_id, clock_.NowUnixMillis()));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "account.issue_activation",
                                            {"account", std::to_string(account_id), held.front().unit_path}));
        return code;
    });
}

}  // namespace xinqiao::service
