// Routes of crisis cases and the crisis register. Thin handlers as in api.cpp.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/people/search_terms.hpp"
#include "http/routes.hpp"
#include "service/case_service.hpp"
#include "http/case_json.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;

namespace {

constexpr const char* kNoCase = "no case with this id";
constexpr const char* kNoUnit = "no org unit with this id";

json::object CaseJson(const core::cases::Case& c) {
    return {{"id", c.id},
            {"student_id", c.student_id},
            {"alert_id", OrNull(c.alert_id)},
            {"state", core::cases::CaseStateName(c.state)},
            {"step", core::cases::CaseStepName(c.step)},
            {"opened_at", core::FormatRfc3339Millis(c.opened_ms)},
            {"closed_at", TimeOrNull(c.closed_ms)},
            {"version", c.version}};
}

json::object ViewJson(const service::CaseView& v) {
    json::object o = CaseJson(v.c);
    o["student"] = {{"id", v.c.student_id}, {"name", v.student_name}, {"class_name", v.class_name}, {"school_name", v.school_name}};
    json::array missing;
    for (const auto k : v.missing) missing.emplace_back(core::cases::RecordKindName(k));
    o["missing"] = std::move(missing);
    o["bodies_shown"] = v.bodies_shown;
    json::array records;
    for (const auto& r : v.records) {
        records.push_back({{"id", r.id},
                           {"step", core::cases::CaseStepName(r.step)},
                           {"kind", core::cases::RecordKindName(r.kind)},
                           {"subtype", r.subtype},
                           {"body", v.bodies_shown ? json::value(r.body) : json::value(nullptr)},
                           {"author_name", r.author_name},
                           {"author_role", r.author_role},
                           {"at", core::FormatRfc3339Millis(r.created_ms)}});
    }
    o["records"] = std::move(records);
    json::array events;
    for (const auto& e : v.events) {
        events.push_back({{"at", core::FormatRfc3339Millis(e.at_ms)},
                          {"kind", e.kind},
                          {"actor_name", e.actor_name},
                          {"step", core::cases::CaseStepName(e.step)},
                          {"detail", e.detail}});
    }
    o["events"] = std::move(events);
    json::array referrals;
    for (const auto& r : v.referrals) referrals.push_back(ReferralJson(r, v.referral_details_shown));
    o["referrals"] = std::move(referrals);
    json::array visits;
    for (const auto& f : v.follow_ups) visits.push_back(FollowUpJson(f, v.bodies_shown));
    o["follow_ups"] = std::move(visits);
    json::array conferences;
    for (const auto& c : v.conferences) {
        json::object one{{"id", c.id}, {"held_on", core::FormatDate(c.held_on)}, {"author_name", c.author_name},
                         {"at", core::FormatRfc3339Millis(c.created_ms)}};
        if (v.bodies_shown) {
            json::array names;
            for (const auto& n : c.participants) names.emplace_back(n);
            one["participants"] = std::move(names);
            one["findings"] = c.findings;
            one["decisions"] = c.decisions;
        }
        conferences.push_back(std::move(one));
    }
    o["conferences"] = std::move(conferences);
    o["suggested_follow_up_plan"] = core::cases::FollowUpPlanName(v.suggested_plan);
    return o;
}

}  // namespace

void AddCaseRoutes(Router& router, service::CaseService& cases) {
    // {"student_id", "alert_id"?}: 201 {"id"}; 409 when the student has an open case.
    router.Add("POST", "/api/v1/cases", [&cases](Request& req) {
        const auto in = [&]() -> core::Result<std::pair<std::int64_t, std::optional<std::int64_t>>> {
            XINQIAO_RETURN_IF_ERROR(NoQuery(req));
            XINQIAO_ASSIGN_OR_RETURN(const auto body, ParseJsonObject(req));
            const FieldReader f(body);
            XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({"student_id", "alert_id"}));
            XINQIAO_ASSIGN_OR_RETURN(const auto student, f.OptId("student_id"));
            if (!student) return Error::InvalidArgument("student_id is required", "/student_id");
            XINQIAO_ASSIGN_OR_RETURN(const auto alert, f.OptId("alert_id"));
            return std::pair<std::int64_t, std::optional<std::int64_t>>(*student, alert);
        }();
        if (!in) return Problem(req, in.error());
        return Answer(req, cases.Open(*req.principal, in->first, in->second),
                      [](std::int64_t id) { return json::object{{"id", id}}; }, 201);
    });
    router.Add("GET", "/api/v1/cases/{id}", [&cases](Request& req) {
        const auto id = PlainId(req, kNoCase);
        if (!id) return Problem(req, id.error());
        return Answer(req, cases.Get(*req.principal, *id), ViewJson);
    });
    // {"kind", "subtype"?, "body"}: 204.
    router.Add("POST", "/api/v1/cases/{id}/records", [&cases](Request& req) {
        const auto in = [&]() -> core::Result<std::pair<std::int64_t, service::NewCaseRecord>> {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoCase, {"kind", "subtype", "body"}));
            const FieldReader f(got.body);
            service::NewCaseRecord r;
            XINQIAO_ASSIGN_OR_RETURN(const auto kind, f.String("kind"));
            const auto parsed = core::cases::ParseRecordKind(kind);
            if (!parsed) return Error::InvalidArgument("unknown kind of record", "/kind");
            r.kind = *parsed;
            XINQIAO_ASSIGN_OR_RETURN(const auto subtype, f.OptString("subtype"));
            r.subtype = subtype.value_or("");
            XINQIAO_ASSIGN_OR_RETURN(r.body, f.String("body"));
            return std::pair<std::int64_t, service::NewCaseRecord>(got.id, std::move(r));
        }();
        if (!in) return Problem(req, in.error());
        if (auto s = cases.AddRecord(*req.principal, in->first, in->second); !s) return Problem(req, s.error());
        return NoContent();
    });
    router.Add("POST", "/api/v1/cases/{id}/advance", [&cases](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoCase, "case", {"version"}));
            return cases.Advance(*req.principal, in.id, in.version);
        });
    });
    router.Add("POST", "/api/v1/cases/{id}/close", [&cases](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoCase, "case", {"version"}));
            return cases.Close(*req.principal, in.id, in.version);
        });
    });
    router.Add("POST", "/api/v1/cases/{id}/reopen", [&cases](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoCase, "case", {"version"}));
            return cases.Reopen(*req.principal, in.id, in.version);
        });
    });
    // ?state=open|closed (default open), q (a search), limit, offset.
    router.Add("GET", "/api/v1/org-units/{id}/cases", [&cases](Request& req) {
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        std::optional<core::cases::CaseState> state;
        std::string search;
        int limit = 50, offset = 0;
        const auto read = ReadListQuery(req, limit, offset, [&](const std::string& key, const std::string& value) -> core::Result<bool> {
            if (key == "q") {
                XINQIAO_ASSIGN_OR_RETURN(search, core::people::SearchKey(value));
                return true;
            }
            if (key != "state") return false;
            state = core::cases::ParseCaseState(value);
            if (!state) return Error::InvalidArgument("state must be open or closed", "state");
            return true;
        });
        if (!read) return Problem(req, read.error());
        return Answer(req, cases.Register(*req.principal, *unit, state, search, limit, offset),
                      [](const std::vector<core::cases::RegisterRow>& rows) {
                          json::array items;
                          for (const auto& row : rows) {
                              json::object o = CaseJson(row.c);
                              o["student"] = {{"id", row.c.student_id},
                                              {"name", row.student_name},
                                              {"class_name", row.class_name},
                                              {"school_name", row.school_name}};
                              items.push_back(std::move(o));
                          }
                          return json::object{{"items", std::move(items)}};
                      });
    });
}

}  // namespace xinqiao::http
