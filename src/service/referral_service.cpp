#include "service/referral_service.hpp"

#include <algorithm>

#include "core/common/written.hpp"
#include "service/audit_writer.hpp"
#include "service/case_access.hpp"
#include "service/read_result.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::cases::Referral;
using core::cases::ReferralAction;
using core::ports::Repositories;

std::string NoReferral(std::int64_t id) { return "no referral with id " + std::to_string(id); }
constexpr const char* kChanged = "this referral has changed since you opened it; look at it again";

Status CheckText(const std::string& text, const char* what, const char* field) {
    return core::CheckWritten(text, kMaxReferralTextCodePoints, what, field);
}

AuditTarget TargetOf(const Referral& f) { return {"referral", std::to_string(f.id), f.org_path}; }

bool WorksAt(const Principal& p, core::org::OrgUnitId hospital) {
    const auto mine = HospitalsOf(p);
    return std::find(mine.begin(), mine.end(), hospital) != mine.end();
}

struct ReferralAccess {
    Referral f;
    CaseAccess access;
    bool by_hospital = false;
};

// The referral if the principal is on its case team (kReferrals on the student) — for a hospital,
// the hospital it went to. Unknown and unseen referrals answer the same kNotFound.
Result<ReferralAccess> Authorized(Repositories& r, const Principal& p, std::int64_t id, bool details) {
    XINQIAO_ASSIGN_OR_RETURN(auto f, NotFoundAs(r.Referrals().Get(id, details), NoReferral(id)));
    XINQIAO_ASSIGN_OR_RETURN(auto access, NotFoundAs(AuthorizedCase(r, p, f.case_id, Action::kReferrals), NoReferral(id)));
    const bool by_hospital = access.via == core::auth::Role::kHospitalPartner;
    if (by_hospital && !WorksAt(p, f.hospital_id)) return Error::NotFound(NoReferral(id));
    return ReferralAccess{std::move(f), std::move(access), by_hospital};
}

Status CheckAnswer(const ReferralAnswer& a) {
    switch (a.action) {
        case ReferralAction::kAccept: return core::Ok();
        case ReferralAction::kDecline: return CheckText(a.text, "the reason", "/reason");
        case ReferralAction::kOutcome:
            if (!core::cases::IsDiagnosisCategory(a.outcome.diagnosis)) {
                return Error::InvalidArgument("diagnosis must be one of the listed categories", "/diagnosis");
            }
            if (!a.outcome.attended && (a.outcome.admitted || a.outcome.diagnosis != "none")) {
                return Error::InvalidArgument("a student who did not come was neither admitted nor diagnosed", "/attended");
            }
            return CheckText(a.text, "the recommendations", "/recommendations");
        case ReferralAction::kReturnAssessment: return CheckText(a.text, "the assessment", "/assessment");
        case ReferralAction::kReturnPlan:
            if (!a.return_day) return Error::InvalidArgument("return_day is required", "/return_day");
            return CheckText(a.text, "the plan", "/plan");
        case ReferralAction::kWithdraw: return CheckText(a.text, "the reason", "/reason");
    }
    return core::Ok();
}

}  // namespace

Result<std::vector<PartnerHospital>> ReferralService::Hospitals(const Principal& p, std::int64_t case_id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<PartnerHospital>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto access, AuthorizedCase(r, p, case_id, Action::kManageCases));
        if (!MayAlso(p, access, Action::kReferrals)) {
            return Error::PermissionDenied("you cannot refer this student");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto ids, r.Referrals().PartnerHospitals(access.subject.student.org_path));
        XINQIAO_ASSIGN_OR_RETURN(const auto receivers,
                                 r.Alerts().HoldersOf(ids, {core::auth::Role::kHospitalPartner}));
        // Nearest first, as the repository ordered them (GetMany keeps no order).
        std::vector<PartnerHospital> out;
        for (const auto id : ids) {
            XINQIAO_ASSIGN_OR_RETURN(auto unit, r.Orgs().Get(id));
            const bool online = std::any_of(receivers.begin(), receivers.end(),
                                            [&](const core::warning::Handler& h) { return h.unit_id == id; });
            out.push_back({std::move(unit), online});
        }
        return out;
    });
}

Result<std::int64_t> ReferralService::Refer(const Principal& p, std::int64_t case_id, core::org::OrgUnitId hospital_id,
                                            const std::string& reason) {
    XINQIAO_RETURN_IF_ERROR(CheckText(reason, "the reason", "/reason"));
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<std::int64_t> {
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedCase(r, p, case_id, Action::kManageCases));
        if (!MayAlso(p, access, Action::kReferrals)) return Error::PermissionDenied("you cannot refer this student");
        const auto& c = access.c;
        if (c.state != core::cases::CaseState::kOpen) {
            return Error::FailedPrecondition("the case is closed; reopen it to add to it");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto partners, r.Referrals().PartnerHospitals(access.subject.student.org_path));
        if (std::find(partners.begin(), partners.end(), hospital_id) == partners.end()) {
            return Error::InvalidArgument("hospital_id is not a partner hospital of this student's county or city",
                                          "/hospital_id");
        }
        Referral f;
        f.case_id = case_id;
        f.student_id = c.student_id;
        f.org_path = c.org_path;
        f.hospital_id = hospital_id;
        f.created_ms = now;
        f.created_by = p.account_id;
        f.reason = reason;
        XINQIAO_ASSIGN_OR_RETURN(f.id, r.Referrals().Insert(f));
        // The step's record: the school's file says where the student went and why.
        XINQIAO_RETURN_IF_ERROR(
            AppendCaseRecord(r, p, access, core::cases::RecordKind::kReferral, "hospital", reason, now));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, case_id, now, "referred", p.account_id, "", c.step, ""}));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(access.via), "referral.create", TargetOf(f)));
        return f.id;
    });
}

Result<ReferralView> ReferralService::Get(const Principal& p, std::int64_t id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<ReferralView> {
        XINQIAO_ASSIGN_OR_RETURN(auto a, Authorized(r, p, id, true));
        ReferralView v;
        const auto& s = a.access.subject.student;
        v.student_name = s.name;
        XINQIAO_ASSIGN_OR_RETURN(auto where, PlacementOf(r, s));
        v.class_name = std::move(where.class_label);
        v.school_name = std::move(where.school);
        v.by_hospital = a.by_hospital;
        v.r = std::move(a.f);
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(a.access.via), "referral.read", TargetOf(v.r)));
        return v;
    });
}

Result<std::vector<core::cases::ReferralRow>> ReferralService::ForHospital(const Principal& p) {
    const auto hospitals = HospitalsOf(p);
    if (hospitals.empty()) return Error::PermissionDenied("only a partner hospital has referrals to answer");
    XINQIAO_ASSIGN_OR_RETURN(auto rows, ReadResult(store_, [&](Repositories& r) {
                                 return r.Referrals().ToHospitals(hospitals, 500);
                             }));
    for (auto& row : rows) {
        if (row.r.state == core::cases::ReferralState::kWithdrawn) row.student_name = core::people::MaskName(row.student_name);
    }
    return rows;
}

Status ReferralService::Answer(const Principal& p, std::int64_t id, std::int64_t version, const ReferralAnswer& in) {
    XINQIAO_RETURN_IF_ERROR(CheckAnswer(in));
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto a, Authorized(r, p, id, true));
        auto& f = a.f;
        if (core::cases::IsHospitalAction(in.action) && !a.by_hospital) {
            return Error::PermissionDenied("only the hospital the student was referred to records this");
        }
        if (!core::cases::IsHospitalAction(in.action) && (a.by_hospital || !MayAlso(p, a.access, Action::kManageCases))) {
            return Error::PermissionDenied("the school's case team records the return plan and withdraws a referral");
        }
        if (f.version != version) return Error::Aborted(kChanged);
        if (a.access.c.state != core::cases::CaseState::kOpen) return Error::FailedPrecondition("the case is closed");
        if (auto why = core::cases::WhyNot(f.state, in.action, f.verdict)) return Error::FailedPrecondition(*why);
        switch (in.action) {
            case ReferralAction::kAccept: f.answered_ms = now; break;
            case ReferralAction::kDecline:
                f.answered_ms = now;
                f.decline_reason = in.text;
                break;
            case ReferralAction::kOutcome:
                f.outcome = in.outcome;
                f.outcome->recommendations = in.text;
                f.outcome_ms = now;
                break;
            case ReferralAction::kReturnAssessment:
                f.verdict = in.verdict;
                f.return_assessment = in.text;
                f.assessed_ms = now;
                break;
            case ReferralAction::kReturnPlan:
                f.return_plan = in.text;
                f.return_day = core::FormatDate(*in.return_day);
                f.planned_ms = now;
                break;
            case ReferralAction::kWithdraw:
                f.withdraw_reason = in.text;
                f.withdrawn_ms = now;
                break;
        }
        f.state = core::cases::After(f.state, in.action);
        XINQIAO_ASSIGN_OR_RETURN(const bool written, r.Referrals().Update(f));
        if (!written) return Error::Aborted(kChanged);
        // The timeline names the step and, for a return assessment, nothing of what was found.
        const auto name = std::string(core::cases::ReferralActionName(in.action));
        XINQIAO_RETURN_IF_ERROR(r.Cases().AddEvent({0, f.case_id, now, name, p.account_id, "", a.access.c.step,
                                                    std::string(core::cases::ReferralStateName(f.state))}));
        return AppendAudit(r, clock_, p.AsActor(a.access.via), "referral." + name, TargetOf(f));
    });
}

}  // namespace xinqiao::service
