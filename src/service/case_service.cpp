#include "service/case_service.hpp"

#include <algorithm>
#include <functional>

#include "core/common/written.hpp"
#include "core/screening/campaign.hpp"
#include "service/alert_service.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/case_access.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::cases::Case;
using core::cases::CaseState;
using core::ports::Repositories;

std::vector<core::cases::RecordKind> KindsOn(const std::vector<core::cases::CaseRecord>& records,
                                             core::cases::CaseStep step) {
    std::vector<core::cases::RecordKind> out;
    for (const auto& r : records) {
        if (core::cases::StepOf(r.kind) == step) out.push_back(r.kind);
    }
    return out;
}

// A change by a person on the version they saw: `change` checks and alters the case (at `now`)
// and names the timeline entry; one transaction with its audit entry.
using ChangeFn = std::function<Result<std::string>(Repositories&, CaseAccess&, std::int64_t now)>;
Status Change(core::ports::DataStore& store, core::ports::Clock& clock, const Principal& p, std::int64_t id,
              std::int64_t version, const char* audit_action, const ChangeFn& change) {
    const std::int64_t now = clock.NowUnixMillis();
    return store.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedCase(r, p, id, Action::kManageCases));
        if (access.c.version != version) return Error::Aborted(kCaseChanged);
        XINQIAO_ASSIGN_OR_RETURN(const std::string kind, change(r, access, now));
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Cases().Update(access.c));
        if (!written) return Error::Aborted(kCaseChanged);
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, id, now, kind, p.account_id, "", access.c.step, ""}));
        return AppendAudit(r, clock, p.AsActor(access.via), audit_action, CaseTarget(access.c));
    });
}

}  // namespace

Result<std::int64_t> CaseService::Open(const Principal& p, std::int64_t student_id, std::optional<std::int64_t> alert_id) {
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<std::int64_t> {
        XINQIAO_ASSIGN_OR_RETURN(const auto allowed, AuthorizedSubject(r, p, student_id, Action::kManageCases));
        const auto& [subject, via] = allowed;
        if (alert_id) {
            const std::string no_alert = "no alert with id " + std::to_string(*alert_id) + " about this student";
            XINQIAO_ASSIGN_OR_RETURN(const auto alert, NotFoundAs(r.Alerts().Get(*alert_id), no_alert));
            if (alert.alert.student_id != student_id) return Error::InvalidArgument(no_alert, "/alert_id");
            XINQIAO_RETURN_IF_ERROR(CloseAlertIn(r, alert, core::warning::Outcome::kCaseOpened, now, p.account_id));
        }
        Case c;
        c.student_id = student_id;
        c.org_path = subject.student.org_path;
        c.alert_id = alert_id;
        c.opened_ms = now;
        c.opened_by = p.account_id;
        XINQIAO_ASSIGN_OR_RETURN(c.id, r.Cases().Insert(c));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, c.id, now, "opened", p.account_id, "", c.step,
                                                    alert_id ? "alert" : ""}));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "case.open", CaseTarget(c)));
        return c.id;
    });
}

Result<CaseView> CaseService::Get(const Principal& p, std::int64_t id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<CaseView> {
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedCase(r, p, id, Action::kViewRisk));
        CaseView v;
        v.bodies_shown = MayAlso(p, access, Action::kViewRecords);
        XINQIAO_ASSIGN_OR_RETURN(v.records, r.Cases().Records(id, v.bodies_shown));
        XINQIAO_ASSIGN_OR_RETURN(v.events, r.Cases().Events(id));
        v.referral_details_shown = MayAlso(p, access, Action::kReferrals);
        XINQIAO_ASSIGN_OR_RETURN(v.referrals, r.Referrals().OfCase(id, v.referral_details_shown));
        XINQIAO_ASSIGN_OR_RETURN(v.follow_ups, r.FollowUps().OfCase(id, v.bodies_shown));
        XINQIAO_ASSIGN_OR_RETURN(v.conferences, r.Cases().Conferences(id, v.bodies_shown));
        v.missing = core::cases::Missing(access.c.step, KindsOn(v.records, access.c.step));
        const bool seen_at_hospital = std::any_of(v.referrals.begin(), v.referrals.end(), [](const auto& f) {
            using core::cases::ReferralState;
            return f.state == ReferralState::kSeen || f.state == ReferralState::kReturnAssessed ||
                   f.state == ReferralState::kReturned;
        });
        std::optional<core::screening::Level> level;
        if (access.c.alert_id) {
            XINQIAO_ASSIGN_OR_RETURN(const auto from, r.Alerts().Get(*access.c.alert_id));
            level = from.alert.level;
        }
        v.suggested_plan = core::cases::SuggestedPlan(seen_at_hospital, level);
        const auto& s = access.subject.student;
        v.student_name = s.name;
        XINQIAO_ASSIGN_OR_RETURN(auto where, PlacementOf(r, s));
        v.class_name = std::move(where.class_label);
        v.school_name = std::move(where.school);
        v.c = std::move(access.c);
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "case.read", CaseTarget(v.c)));
        return v;
    });
}

Status CaseService::AddRecord(const Principal& p, std::int64_t id, const NewCaseRecord& in) {
    XINQIAO_RETURN_IF_ERROR(core::CheckWritten(in.body, kMaxCaseRecordCodePoints, "the record", "/body"));
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedCase(r, p, id, Action::kWriteRecords));
        if (auto why = core::cases::WhyNotRecord(access.c.state, access.c.step, in.kind, in.subtype)) {
            return Error::FailedPrecondition(*why);
        }
        if (auto why = core::cases::WhyNotByHand(in.kind, in.subtype)) return Error::FailedPrecondition(*why);
        XINQIAO_RETURN_IF_ERROR(AppendCaseRecord(r, p, access, in.kind, in.subtype, in.body, now));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, id, now, "recorded", p.account_id, "", access.c.step,
                                                    std::string(core::cases::RecordKindName(in.kind))}));
        return AppendAudit(r, clock_, p.AsActor(access.via), "case.record", CaseTarget(access.c));
    });
}

Result<std::int64_t> CaseService::AddConference(const Principal& p, std::int64_t id, const NewConference& in) {
    if (in.held_on > core::screening::ChinaDateOf(clock_.NowUnixMillis())) {
        return Error::InvalidArgument("a conference cannot be held in the future", "/held_on");
    }
    if (in.participants.empty() || in.participants.size() > 30) {
        return Error::InvalidArgument("a conference has 1 to 30 participants", "/participants");
    }
    for (std::size_t i = 0; i < in.participants.size(); ++i) {
        const std::string field = "/participants/" + std::to_string(i);
        XINQIAO_RETURN_IF_ERROR(core::CheckWritten(in.participants[i], 64, "a participant's name", field));
        if (in.participants[i].find_first_of("\r\n") != std::string::npos) {
            return Error::InvalidArgument("a participant's name is one line", field);
        }
    }
    XINQIAO_RETURN_IF_ERROR(core::CheckWritten(in.findings, 3000, "the findings", "/findings"));
    XINQIAO_RETURN_IF_ERROR(core::CheckWritten(in.decisions, 3000, "the decisions", "/decisions"));
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<std::int64_t> {
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedCase(r, p, id, Action::kManageCases));
        if (access.c.state != CaseState::kOpen) return Error::FailedPrecondition("the case is closed; reopen it to add to it");
        core::cases::CaseConference c;
        c.case_id = id;
        c.held_on = in.held_on;
        c.participants = in.participants;
        c.findings = in.findings;
        c.decisions = in.decisions;
        c.author_id = p.account_id;
        c.created_ms = now;
        XINQIAO_ASSIGN_OR_RETURN(c.id, r.Cases().AddConference(c));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, id, now, "conference", p.account_id, "", access.c.step,
                                                    core::FormatDate(in.held_on)}));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "case.conference", CaseTarget(access.c)));
        return c.id;
    });
}

Status CaseService::Advance(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, "case.advance", [&](Repositories& r, CaseAccess& a, std::int64_t) -> Result<std::string> {
        XINQIAO_ASSIGN_OR_RETURN(const auto records, r.Cases().Records(id, false));
        const auto missing = core::cases::Missing(a.c.step, KindsOn(records, a.c.step));
        if (auto why = core::cases::WhyNotAdvance(a.c.state, a.c.step, missing)) return Error::FailedPrecondition(*why);
        a.c.step = *core::cases::NextStep(a.c.step);
        return std::string("advanced");
    });
}

Status CaseService::Close(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, "case.close", [&](Repositories& r, CaseAccess& a, std::int64_t now) -> Result<std::string> {
        XINQIAO_ASSIGN_OR_RETURN(const auto records, r.Cases().Records(id, false));
        bool assessed = false;
        for (const auto& rec : records) assessed = assessed || rec.kind == core::cases::RecordKind::kClosingAssessment;
        XINQIAO_ASSIGN_OR_RETURN(const int open_visits, r.FollowUps().OpenCount(id));
        XINQIAO_ASSIGN_OR_RETURN(const auto referrals, r.Referrals().OfCase(id, false));
        bool under_way = false;
        for (const auto& f : referrals) under_way = under_way || core::cases::IsUnderWay(f.state);
        if (auto why = core::cases::WhyNotClose(a.c.state, assessed, open_visits, under_way)) {
            return Error::FailedPrecondition(*why);
        }
        a.c.state = CaseState::kClosed;
        a.c.closed_ms = now;
        return std::string("closed");
    });
}

Status CaseService::Reopen(const Principal& p, std::int64_t id, std::int64_t version) {
    return Change(store_, clock_, p, id, version, "case.reopen", [&](Repositories& r, CaseAccess& a, std::int64_t) -> Result<std::string> {
        if (auto why = core::cases::WhyNotReopen(a.c.state)) return Error::FailedPrecondition(*why);
        XINQIAO_ASSIGN_OR_RETURN(const auto open, r.Cases().OpenOf(a.c.student_id));
        if (open) return Error::FailedPrecondition("the student has another open case");
        a.c.state = CaseState::kOpen;
        a.c.closed_ms.reset();
        return std::string("reopened");
    });
}

Result<std::vector<core::cases::RegisterRow>> CaseService::Register(const Principal& p, core::org::OrgUnitId unit,
                                                                    std::optional<CaseState> state,
                                                                    const std::string& search, int limit,
                                                                    int offset) {
    if (limit < 1 || limit > 200) return Error::InvalidArgument("limit must be between 1 and 200", "limit");
    if (offset < 0) return Error::InvalidArgument("offset must not be negative", "offset");
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::cases::RegisterRow>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewRisk));
        return r.Cases().Register(u.path, state.value_or(CaseState::kOpen), search, limit, offset);
    });
}

Result<std::vector<RegisterCountsView>> CaseService::Counts(const Principal& p, core::org::OrgUnitId unit) {
    const std::int64_t now = clock_.NowUnixMillis();
    const core::Date today = core::screening::ChinaDateOf(now);
    const std::int64_t year_start = core::screening::ChinaDayStartMs({core::screening::SchoolYearOf(now), 9, 1});
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<RegisterCountsView>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, AuthorizedUnit(r, p, unit, Action::kViewAggregates));
        const bool exact = SeesExactCounts(p, {u.path});
        XINQIAO_ASSIGN_OR_RETURN(const auto rows, r.Cases().Counts(u.path, today, year_start));
        std::vector<RegisterCountsView> out;
        for (const auto& row : rows) {
            RegisterCountsView v;
            v.school_id = row.school_id;
            v.school_name = row.school_name;
            std::int64_t open = 0;
            for (const auto n : row.open_by_step) {
                v.open_by_step.push_back(CountOf(n, exact));
                open += n;
            }
            v.open = CountOf(open, exact);
            v.referrals_under_way = CountOf(row.referrals_under_way, exact);
            v.overdue_follow_ups = CountOf(row.overdue_follow_ups, exact);
            v.closed_this_year = CountOf(row.closed_since, exact);
            out.push_back(std::move(v));
        }
        return out;
    });
}

}  // namespace xinqiao::service
