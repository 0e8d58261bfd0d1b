#include "service/team_service.hpp"

#include <algorithm>

#include "core/common/text.hpp"
#include "core/common/written.hpp"
#include "core/people/student.hpp"
#include "core/screening/campaign.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::auth::Role;
using core::org::OrgKind;
using core::ports::Repositories;

// A team belongs on a school or on a bureau's county or city.
Status TeamUnit(const core::org::OrgUnit& u) {
    if (u.kind == OrgKind::kSchool || u.kind == OrgKind::kCounty || u.kind == OrgKind::kCity) return core::Ok();
    return Error::InvalidArgument("a crisis team belongs to a school, a county or a city", "id");
}

}  // namespace

core::Date TeamService::SchoolYearStart() const {
    return core::Date{core::screening::SchoolYearOf(clock_.NowUnixMillis()), 9, 1};
}

Result<std::vector<core::cases::TeamMember>> TeamService::Team(const Principal& p, core::org::OrgUnitId unit) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::cases::TeamMember>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewRisk));
        XINQIAO_RETURN_IF_ERROR(TeamUnit(u));
        return r.Teams().Members(u.id);
    });
}

Status TeamService::PutMember(const Principal& p, core::org::OrgUnitId unit, const std::string& login, const std::string& duty) {
    if (duty != "lead" && duty != "member") return Error::InvalidArgument("duty must be lead or member", "/duty");
    return store_.Write([&](Repositories& r) -> Status {
        Role via = Role::kPsychologyTeacher;
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kManageCases, &via));
        XINQIAO_RETURN_IF_ERROR(TeamUnit(u));
        XINQIAO_ASSIGN_OR_RETURN(const auto account, core::ports::FindAccount(r.Accounts(), login));
        if (!account) return Error::NotFound("there is no account with this login");
        XINQIAO_ASSIGN_OR_RETURN(const auto grants, r.Grants().Of(account->id));
        if (!core::auth::MayJoinCrisisTeam(grants, u.path)) {
            return Error::FailedPrecondition("only staff of this unit or above it, or doctors of a partner hospital, join its crisis team");
        }
        XINQIAO_RETURN_IF_ERROR(r.Teams().Put(u.id, account->id, duty, clock_.NowUnixMillis()));
        return AppendAudit(r, clock_, p.AsActor(via), "crisis_team.put", {"org_unit", std::to_string(u.id), u.path});
    });
}

Status TeamService::RemoveMember(const Principal& p, core::org::OrgUnitId unit, const std::string& login) {
    return store_.Write([&](Repositories& r) -> Status {
        Role via = Role::kPsychologyTeacher;
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kManageCases, &via));
        XINQIAO_ASSIGN_OR_RETURN(const auto account, core::ports::FindAccount(r.Accounts(), login));
        if (!account) return Error::NotFound("this account is not on the team");
        XINQIAO_ASSIGN_OR_RETURN(const bool removed, r.Teams().Remove(u.id, account->id));
        if (!removed) return Error::NotFound("this account is not on the team");
        return AppendAudit(r, clock_, p.AsActor(via), "crisis_team.remove", {"org_unit", std::to_string(u.id), u.path});
    });
}

Result<std::vector<core::people::LedgerRow>> TeamService::Ledger(const Principal& p, core::org::OrgUnitId unit,
                                                                 std::uint32_t situations, const std::string& search,
                                                                 int limit, int offset) {
    if (limit < 1 || limit > 500) return Error::InvalidArgument("limit must be between 1 and 500", "limit");
    if (offset < 0) return Error::InvalidArgument("offset must not be negative", "offset");
    const auto since = SchoolYearStart();
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::people::LedgerRow>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewRoster));
        return r.Supports().Ledger(u.path, situations, search, since, limit, offset);
    });
}

Result<std::vector<CoverageView>> TeamService::Coverage(const Principal& p, core::org::OrgUnitId unit) {
    const auto since = SchoolYearStart();
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<CoverageView>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewAggregates));
        const bool exact = SeesExactCounts(p, {u.path});
        XINQIAO_ASSIGN_OR_RETURN(const auto rows, r.Supports().Coverage(u.path, since));
        std::vector<CoverageView> out;
        for (const auto& row : rows) {
            CoverageView v{row.school_id, row.school_name, CountOf(row.flagged, exact), CountOf(row.paired, exact),
                           CountOf(row.supported, exact), {}};
            for (const auto n : row.by_situation) v.by_situation.push_back(CountOf(n, exact));
            out.push_back(std::move(v));
        }
        return out;
    });
}

Result<std::int64_t> TeamService::AddSupport(const Principal& p, core::people::StudentId student, const NewSupport& in) {
    if (!core::people::IsSupportKind(in.kind)) {
        return Error::InvalidArgument("kind must be study, counselling, financial, home_visit, care or other", "/kind");
    }
    const auto today = core::screening::ChinaDateOf(clock_.NowUnixMillis());
    if (in.given_on > today) return Error::InvalidArgument("support cannot be recorded ahead of time", "/given_on");
    XINQIAO_RETURN_IF_ERROR(core::CheckWritten(in.note, 1000, "the note", "/note", false));
    return WriteResult(store_, [&](Repositories& r) -> Result<std::int64_t> {
        XINQIAO_ASSIGN_OR_RETURN(const auto allowed, AuthorizedSubject(r, p, student, Action::kWriteRecords));
        const auto& s = allowed.first.student;
        if (s.special_situations.empty()) {
            return Error::FailedPrecondition("the student is not in the ledger: no special situation is recorded");
        }
        core::people::Support support;
        support.student_id = student;
        support.org_path = s.org_path;
        support.kind = in.kind;
        support.note = std::string(core::TrimAscii(in.note));
        support.given_on = in.given_on;
        support.author_id = p.account_id;
        support.created_ms = clock_.NowUnixMillis();
        XINQIAO_ASSIGN_OR_RETURN(const auto id, r.Supports().Add(support));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(allowed.second), "student.support",
                                            {"student", std::to_string(student), s.org_path}));
        return id;
    });
}

Result<std::vector<core::people::Support>> TeamService::Supports(const Principal& p, core::people::StudentId student) {
    return WriteResult(store_, [&](Repositories& r) -> Result<std::vector<core::people::Support>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto allowed, AuthorizedSubject(r, p, student, Action::kViewRoster));
        const auto records = core::auth::Authorize(p.grants, Action::kViewRecords, allowed.first.target);
        XINQIAO_ASSIGN_OR_RETURN(auto rows, r.Supports().OfStudent(student, records.allowed()));
        // The notes are T3: reading them is in the audit trail.
        if (records.allowed() && !rows.empty()) {
            XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(records.via), "student.supports.read",
                                                {"student", std::to_string(student), allowed.first.student.org_path}));
        }
        return rows;
    });
}

}  // namespace xinqiao::service
