// Routes of hospital referrals, the return to school and follow-up visits. Thin handlers as in
// api.cpp.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "http/routes.hpp"
#include "service/follow_up_service.hpp"
#include "service/referral_service.hpp"
#include "http/case_json.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;
using core::cases::ReferralAction;

boost::json::object ReferralJson(const core::cases::Referral& r, bool details) {
    json::object o{{"id", r.id},
                   {"case_id", r.case_id},
                   {"student_id", r.student_id},
                   {"hospital", {{"id", r.hospital_id}, {"name", r.hospital_name}}},
                   {"state", core::cases::ReferralStateName(r.state)},
                   {"created_at", core::FormatRfc3339Millis(r.created_ms)},
                   {"answered_at", TimeOrNull(r.answered_ms)},
                   {"outcome_at", TimeOrNull(r.outcome_ms)},
                   {"return_verdict", r.verdict ? json::value(core::cases::ReturnVerdictName(*r.verdict)) : json::value(nullptr)},
                   {"assessed_at", TimeOrNull(r.assessed_ms)},
                   {"return_day", r.return_day.empty() ? json::value(nullptr) : json::value(r.return_day)},
                   {"planned_at", TimeOrNull(r.planned_ms)},
                   {"withdrawn_at", TimeOrNull(r.withdrawn_ms)},
                   {"version", r.version},
                   {"details_shown", details}};
    if (!details) return o;
    o["reason"] = r.reason;
    o["decline_reason"] = r.decline_reason;
    o["withdraw_reason"] = r.withdraw_reason;
    if (r.outcome) {
        o["outcome"] = {{"attended", r.outcome->attended},
                        {"admitted", r.outcome->admitted},
                        {"diagnosis", r.outcome->diagnosis},
                        {"recommendations", r.outcome->recommendations}};
    } else {
        o["outcome"] = nullptr;
    }
    o["return_assessment"] = r.return_assessment;
    o["return_plan"] = r.return_plan;
    return o;
}

boost::json::object FollowUpJson(const core::cases::FollowUp& f, bool note) {
    return {{"id", f.id},
            {"case_id", f.case_id},
            {"student_id", f.student_id},
            {"plan", core::cases::FollowUpPlanName(f.plan)},
            {"due", core::FormatDate(f.due)},
            {"state", core::cases::FollowUpStateName(f.state)},
            {"result", f.result ? json::value(core::cases::FollowUpResultName(*f.result)) : json::value(nullptr)},
            {"note", note ? json::value(f.note) : json::value(nullptr)},
            {"done_at", TimeOrNull(f.done_ms)},
            {"done_by_name", f.done_by_name}};
}

namespace {

constexpr const char* kNoCase = "no case with this id";
constexpr const char* kNoReferral = "no referral with this id";
constexpr const char* kNoVisit = "no follow-up with this id";
constexpr const char* kNoUnit = "no org unit with this id";

// The path id, version and body of one step of a referral, with the members that step takes.
core::Result<VersionedBody> StepBody(const Request& req, ReferralAction a) {
    switch (a) {
        case ReferralAction::kAccept: return Versioned(req, kNoReferral, "referral", {"version"});
        case ReferralAction::kDecline: return Versioned(req, kNoReferral, "referral", {"version", "reason"});
        case ReferralAction::kOutcome:
            return Versioned(req, kNoReferral, "referral", {"version", "attended", "admitted", "diagnosis", "recommendations"});
        case ReferralAction::kReturnAssessment:
            return Versioned(req, kNoReferral, "referral", {"version", "verdict", "assessment"});
        case ReferralAction::kReturnPlan: return Versioned(req, kNoReferral, "referral", {"version", "return_day", "plan"});
        case ReferralAction::kWithdraw: return Versioned(req, kNoReferral, "referral", {"version", "reason"});
    }
    return Versioned(req, kNoReferral, "referral", {"version"});
}

core::Result<service::ReferralAnswer> ReadAnswer(ReferralAction action, const json::object& body) {
    const FieldReader f(body);
    service::ReferralAnswer a;
    a.action = action;
    switch (action) {
        case ReferralAction::kAccept: break;
        case ReferralAction::kDecline:
        case ReferralAction::kWithdraw: {
            XINQIAO_ASSIGN_OR_RETURN(a.text, f.String("reason"));
            break;
        }
        case ReferralAction::kOutcome: {
            XINQIAO_ASSIGN_OR_RETURN(const auto attended, f.OptBool("attended"));
            XINQIAO_ASSIGN_OR_RETURN(const auto admitted, f.OptBool("admitted"));
            if (!attended) return Error::InvalidArgument("attended is required (true or false)", "/attended");
            a.outcome.attended = *attended;
            a.outcome.admitted = admitted.value_or(false);
            XINQIAO_ASSIGN_OR_RETURN(a.outcome.diagnosis, f.String("diagnosis"));
            XINQIAO_ASSIGN_OR_RETURN(a.text, f.String("recommendations"));
            break;
        }
        case ReferralAction::kReturnAssessment: {
            XINQIAO_ASSIGN_OR_RETURN(const auto verdict, f.String("verdict"));
            const auto parsed = core::cases::ParseReturnVerdict(verdict);
            if (!parsed) return Error::InvalidArgument("verdict must be ready, ready_with_support or not_yet", "/verdict");
            a.verdict = *parsed;
            XINQIAO_ASSIGN_OR_RETURN(a.text, f.String("assessment"));
            break;
        }
        case ReferralAction::kReturnPlan: {
            XINQIAO_ASSIGN_OR_RETURN(a.return_day, f.OptDate("return_day"));
            XINQIAO_ASSIGN_OR_RETURN(a.text, f.String("plan"));
            break;
        }
    }
    return a;
}

json::object VisitRows(const std::vector<core::cases::FollowUpRow>& rows, const core::Date& today) {
    json::array items;
    for (const auto& row : rows) {
        json::object o = FollowUpJson(row.f, false);
        o["overdue"] = core::cases::IsOverdue(row.f.state, row.f.due, today);
        o["student"] = {{"id", row.f.student_id}, {"name", row.student_name}, {"class_name", row.class_name}};
        items.push_back(std::move(o));
    }
    return {{"today", core::FormatDate(today)}, {"items", std::move(items)}};
}

}  // namespace

void AddReferralRoutes(Router& router, service::ReferralService& referrals, service::FollowUpService& follow_ups) {
    router.Add("GET", "/api/v1/cases/{id}/hospitals", [&referrals, &follow_ups](Request& req) {
        const auto id = PlainId(req, kNoCase);
        if (!id) return Problem(req, id.error());
        return Answer(req, referrals.Hospitals(*req.principal, *id), [](const std::vector<service::PartnerHospital>& hospitals) {
            json::array items;
            for (const auto& h : hospitals) {
                items.push_back({{"id", h.unit.id}, {"name", h.unit.name}, {"receives_online", h.receives_online}});
            }
            return json::object{{"items", std::move(items)}};
        });
    });
    // {"hospital_id", "reason"}: 201 {"id"}; 409 when a referral is under way.
    router.Add("POST", "/api/v1/cases/{id}/referrals", [&referrals, &follow_ups](Request& req) {
        const auto id = [&]() -> core::Result<std::int64_t> {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoCase, {"hospital_id", "reason"}));
            const FieldReader f(got.body);
            XINQIAO_ASSIGN_OR_RETURN(const auto hospital, f.OptId("hospital_id"));
            if (!hospital) return Error::InvalidArgument("hospital_id is required", "/hospital_id");
            XINQIAO_ASSIGN_OR_RETURN(const auto reason, f.String("reason"));
            return referrals.Refer(*req.principal, got.id, *hospital, reason);
        }();
        return Answer(req, id, [](std::int64_t v) { return json::object{{"id", v}}; }, 201);
    });
    router.Add("GET", "/api/v1/referrals", [&referrals, &follow_ups](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, referrals.ForHospital(*req.principal),
                      [](const std::vector<core::cases::ReferralRow>& rows) {
                          json::array items;
                          for (const auto& row : rows) {
                              json::object o = ReferralJson(row.r, false);
                              o["student"] = {{"id", row.r.student_id},
                                              {"name", row.student_name},
                                              {"class_name", row.class_name},
                                              {"school_name", row.school_name}};
                              items.push_back(std::move(o));
                          }
                          return json::object{{"items", std::move(items)}};
                      });
    });
    router.Add("GET", "/api/v1/referrals/{id}", [&referrals, &follow_ups](Request& req) {
        const auto id = PlainId(req, kNoReferral);
        if (!id) return Problem(req, id.error());
        return Answer(req, referrals.Get(*req.principal, *id), [](const service::ReferralView& v) {
            json::object o = ReferralJson(v.r, true);
            o["student"] = {{"id", v.r.student_id}, {"name", v.student_name}, {"class_name", v.class_name},
                            {"school_name", v.school_name}};
            o["by_hospital"] = v.by_hospital;
            return o;
        });
    });
    for (const auto& [action, path] : {std::pair{ReferralAction::kAccept, "accept"},
                                       std::pair{ReferralAction::kDecline, "decline"},
                                       std::pair{ReferralAction::kOutcome, "outcome"},
                                       std::pair{ReferralAction::kReturnAssessment, "return-assessment"},
                                       std::pair{ReferralAction::kReturnPlan, "return-plan"},
                                       std::pair{ReferralAction::kWithdraw, "withdraw"}}) {
        router.Add("POST", std::string("/api/v1/referrals/{id}/") + path, [&referrals, &follow_ups, action = action](Request& req) {
            return Changed(req, [&]() -> core::Status {
                XINQIAO_ASSIGN_OR_RETURN(const auto in, StepBody(req, action));
                XINQIAO_ASSIGN_OR_RETURN(const auto answer, ReadAnswer(action, in.body));
                return referrals.Answer(*req.principal, in.id, in.version, answer);
            });
        });
    }

    // {"plan", "start"? (YYYY-MM-DD, default today)}: 201 {"planned": n}.
    router.Add("POST", "/api/v1/cases/{id}/follow-ups", [&referrals, &follow_ups](Request& req) {
        const auto planned = [&]() -> core::Result<int> {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoCase, {"plan", "start"}));
            const FieldReader f(got.body);
            XINQIAO_ASSIGN_OR_RETURN(const auto name, f.String("plan"));
            const auto plan = core::cases::ParseFollowUpPlan(name);
            if (!plan) {
                return Error::InvalidArgument("plan must be after_attempt, after_hospital, level_i, level_ii or single", "/plan");
            }
            XINQIAO_ASSIGN_OR_RETURN(const auto start, f.OptDate("start"));
            return follow_ups.Plan(*req.principal, got.id, *plan, start.value_or(follow_ups.Today()));
        }();
        return Answer(req, planned, [](int n) { return json::object{{"planned", n}}; }, 201);
    });
    // {"result", "note"}: 204.
    router.Add("POST", "/api/v1/follow-ups/{id}/done", [&referrals, &follow_ups](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoVisit, {"result", "note"}));
            const FieldReader f(got.body);
            XINQIAO_ASSIGN_OR_RETURN(const auto name, f.String("result"));
            const auto result = core::cases::ParseFollowUpResult(name);
            if (!result) return Error::InvalidArgument("result must be stable, improved, worse or not_reached", "/result");
            XINQIAO_ASSIGN_OR_RETURN(const auto note, f.String("note"));
            return follow_ups.Done(*req.principal, got.id, *result, note);
        });
    });
    // {"reason"}: 204.
    router.Add("POST", "/api/v1/follow-ups/{id}/cancel", [&referrals, &follow_ups](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoVisit, {"reason"}));
            XINQIAO_ASSIGN_OR_RETURN(const auto reason, FieldReader(got.body).String("reason"));
            return follow_ups.Cancel(*req.principal, got.id, reason);
        });
    });
    // ?from, to (YYYY-MM-DD; default this week), state=open|all (default open).
    router.Add("GET", "/api/v1/org-units/{id}/follow-ups", [&referrals, &follow_ups](Request& req) {
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        const core::Date today = follow_ups.Today();
        core::Date from = today, to = core::DateFromDays(core::DaysFromCivil(today) + 6);
        bool open_only = true;
        for (const auto& [key, value] : req.query) {
            if (key == "from" || key == "to") {
                const auto day = core::ParseDate(value);
                if (!day) return Problem(req, Error::InvalidArgument(key + " must be a date YYYY-MM-DD", key));
                (key == "from" ? from : to) = *day;
            } else if (key == "state") {
                if (value != "open" && value != "all") return Problem(req, Error::InvalidArgument("state must be open or all", "state"));
                open_only = value == "open";
            } else {
                return Problem(req, Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64)));
            }
        }
        return Answer(req, follow_ups.InUnit(*req.principal, *unit, from, to, open_only),
                      [&](const std::vector<core::cases::FollowUpRow>& rows) { return VisitRows(rows, today); });
    });
    router.Add("GET", "/api/v1/org-units/{id}/follow-ups/overdue", [&referrals, &follow_ups](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        const core::Date today = follow_ups.Today();
        return Answer(req, follow_ups.Overdue(*req.principal, *unit),
                      [&](const std::vector<core::cases::FollowUpRow>& rows) { return VisitRows(rows, today); });
    });
}

}  // namespace xinqiao::http
