#include "service/follow_up_service.hpp"

#include "core/common/written.hpp"
#include "core/screening/campaign.hpp"
#include "service/audit_writer.hpp"
#include "service/case_access.hpp"
#include "service/read_result.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::cases::FollowUpState;
using core::ports::Repositories;

std::string NoVisit(std::int64_t id) { return "no follow-up with id " + std::to_string(id); }

Status CheckNote(const std::string& note, const char* field) { return core::CheckWritten(note, 2000, "the note", field); }

}  // namespace

core::Date FollowUpService::Today() const { return core::screening::ChinaDateOf(clock_.NowUnixMillis()); }

Result<int> FollowUpService::Plan(const Principal& p, std::int64_t case_id, core::cases::FollowUpPlan plan,
                                  const core::Date& start) {
    if (start < Today()) return Error::InvalidArgument("a plan cannot start in the past", "/start");
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<int> {
        XINQIAO_ASSIGN_OR_RETURN(const auto access, AuthorizedCase(r, p, case_id, Action::kManageCases));
        const auto& c = access.c;
        if (c.state != core::cases::CaseState::kOpen) return Error::FailedPrecondition("the case is closed; reopen it to plan visits");
        std::vector<core::cases::FollowUp> visits;
        for (const auto& day : core::cases::PlanDays(plan, start)) {
            core::cases::FollowUp f;
            f.case_id = case_id;
            f.student_id = c.student_id;
            f.org_path = c.org_path;
            f.plan = plan;
            f.due = day;
            f.created_ms = now;
            f.created_by = p.account_id;
            visits.push_back(std::move(f));
        }
        XINQIAO_RETURN_IF_ERROR(r.FollowUps().Insert(visits));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, case_id, now, "follow_ups_planned", p.account_id, "", c.step,
                                                    std::string(core::cases::FollowUpPlanName(plan))}));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "follow_up.plan", CaseTarget(c)));
        return static_cast<int>(visits.size());
    });
}

Status FollowUpService::Done(const Principal& p, std::int64_t id, core::cases::FollowUpResult result,
                             const std::string& note) {
    XINQIAO_RETURN_IF_ERROR(CheckNote(note, "/note"));
    return Finish(p, id, Action::kWriteRecords, FollowUpState::kDone, result, note);
}

Status FollowUpService::Cancel(const Principal& p, std::int64_t id, const std::string& reason) {
    XINQIAO_RETURN_IF_ERROR(CheckNote(reason, "/reason"));
    return Finish(p, id, Action::kManageCases, FollowUpState::kCancelled, std::nullopt, reason);
}

Status FollowUpService::Finish(const Principal& p, std::int64_t id, Action action, FollowUpState state,
                               std::optional<core::cases::FollowUpResult> result, const std::string& note) {
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto f, NotFoundAs(r.FollowUps().Get(id), NoVisit(id)));
        XINQIAO_ASSIGN_OR_RETURN(const auto access, NotFoundAs(AuthorizedCase(r, p, f.case_id, action), NoVisit(id)));
        if (f.state != FollowUpState::kOpen) {
            return Error::FailedPrecondition("this follow-up is already " + std::string(core::cases::FollowUpStateName(f.state)));
        }
        f.state = state;
        f.result = result;
        f.note = note;
        f.done_ms = now;
        f.done_by = p.account_id;
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.FollowUps().Finish(f));
        if (!written) return Error::Aborted("this follow-up has changed since you opened it; look at it again");
        const std::string kind = state == FollowUpState::kDone ? "follow_up_done" : "follow_up_cancelled";
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, f.case_id, now, kind, p.account_id, "", access.c.step,
                                                    core::FormatDate(f.due)}));
        return AppendAudit(r, clock_, p.AsActor(access.via), state == FollowUpState::kDone ? "follow_up.done" : "follow_up.cancel",
                           {"follow_up", std::to_string(f.id), f.org_path});
    });
}

Result<std::vector<core::cases::FollowUpRow>> FollowUpService::InUnit(const Principal& p, core::org::OrgUnitId unit,
                                                                      const core::Date& from, const core::Date& to,
                                                                      bool open_only) {
    const auto span = core::DaysFromCivil(to) - core::DaysFromCivil(from);
    if (span < 0) return Error::InvalidArgument("to is before from", "to");
    if (span >= kMaxFollowUpRange) return Error::InvalidArgument("a list spans at most 92 days", "to");
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::cases::FollowUpRow>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewRisk));
        return r.FollowUps().InUnit(u.path, from, to, open_only, 1000);
    });
}

Result<std::vector<core::cases::FollowUpRow>> FollowUpService::Overdue(const Principal& p, core::org::OrgUnitId unit) {
    const core::Date yesterday = core::DateFromDays(core::DaysFromCivil(Today()) - 1);
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::cases::FollowUpRow>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewRisk));
        return r.FollowUps().InUnit(u.path, core::Date{2000, 1, 1}, yesterday, true, 1000);
    });
}

}  // namespace xinqiao::service
