// Routes of case conferences, crisis teams, the crisis register in numbers, and the ledger of
// students in special situations with their support. Thin handlers as in api.cpp.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/people/search_terms.hpp"
#include "core/people/student.hpp"
#include "http/routes.hpp"
#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/team_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;

namespace {

constexpr const char* kNoCase = "no case with this id";
constexpr const char* kNoUnit = "no org unit with this id";
constexpr const char* kNoStudent = "no student with this id";

json::array SituationNames(std::uint32_t bits) {
    json::array out;
    for (const auto s : core::people::AllSpecialSituations()) {
        if (bits & static_cast<std::uint32_t>(s)) out.emplace_back(core::people::SpecialSituationName(s));
    }
    return out;
}

}  // namespace

void AddTeamRoutes(Router& router, service::TeamService& teams, service::CaseService& cases, service::FollowUpService& follow_ups) {
    // {"held_on"? (default today), "participants": [..], "findings", "decisions"}: 201 {"id"}.
    router.Add("POST", "/api/v1/cases/{id}/conferences", [&teams, &cases, &follow_ups](Request& req) {
        const auto id = [&]() -> core::Result<std::int64_t> {
            XINQIAO_ASSIGN_OR_RETURN(const auto got,
                                     PlainIdWithBody(req, kNoCase, {"held_on", "participants", "findings", "decisions"}));
            const FieldReader f(got.body);
            service::NewConference c;
            XINQIAO_ASSIGN_OR_RETURN(const auto held_on, f.OptDate("held_on"));
            c.held_on = held_on.value_or(follow_ups.Today());
            XINQIAO_ASSIGN_OR_RETURN(c.participants, f.OptStrings("participants", 30));
            XINQIAO_ASSIGN_OR_RETURN(c.findings, f.String("findings"));
            XINQIAO_ASSIGN_OR_RETURN(c.decisions, f.String("decisions"));
            return cases.AddConference(*req.principal, got.id, c);
        }();
        return Answer(req, id, [](std::int64_t v) { return json::object{{"id", v}}; }, 201);
    });
    router.Add("GET", "/api/v1/org-units/{id}/cases/counts", [&teams, &cases, &follow_ups](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        return Answer(req, cases.Counts(*req.principal, *unit), [](const std::vector<service::RegisterCountsView>& rows) {
            json::array items;
            for (const auto& row : rows) {
                json::object by_step;
                for (std::size_t i = 0; i < row.open_by_step.size() && i < core::cases::AllSteps().size(); ++i) {
                    by_step[core::cases::CaseStepName(core::cases::AllSteps()[i])] = CountJson(row.open_by_step[i]);
                }
                items.push_back({{"school", {{"id", row.school_id}, {"name", row.school_name}}},
                                 {"open", CountJson(row.open)},
                                 {"open_by_step", std::move(by_step)},
                                 {"referrals_under_way", CountJson(row.referrals_under_way)},
                                 {"overdue_follow_ups", CountJson(row.overdue_follow_ups)},
                                 {"closed_this_year", CountJson(row.closed_this_year)}});
            }
            return json::object{{"items", std::move(items)}};
        });
    });

    router.Add("GET", "/api/v1/org-units/{id}/crisis-team", [&teams, &cases, &follow_ups](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        return Answer(req, teams.Team(*req.principal, *unit), [](const std::vector<core::cases::TeamMember>& members) {
            json::array items;
            for (const auto& m : members) {
                items.push_back({{"login", m.login}, {"display_name", m.display_name}, {"duty", m.duty},
                                 {"added_at", core::FormatRfc3339Millis(m.added_ms)}});
            }
            return json::object{{"items", std::move(items)}};
        });
    });
    // {"duty": "lead" | "member"}: 204.
    router.Add("PUT", "/api/v1/org-units/{id}/crisis-team/{login}", [&teams, &cases, &follow_ups](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoUnit, {"duty"}));
            XINQIAO_ASSIGN_OR_RETURN(const auto duty, FieldReader(got.body).String("duty"));
            return teams.PutMember(*req.principal, got.id, req.PathParam("login"), duty);
        });
    });
    router.Add("DELETE", "/api/v1/org-units/{id}/crisis-team/{login}", [&teams, &cases, &follow_ups](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto id, PlainId(req, kNoUnit));
            return teams.RemoveMember(*req.principal, id, req.PathParam("login"));
        });
    });

    // ?situation=left_behind (repeatable; all situations when none), q (a search), limit (default 100),
    // offset.
    router.Add("GET", "/api/v1/org-units/{id}/ledger", [&teams, &cases, &follow_ups](Request& req) {
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        int limit = 100, offset = 0;
        std::uint32_t situations = 0;
        std::string search;
        const auto read = ReadListQuery(req, limit, offset, [&](const std::string& key, const std::string& value) -> core::Result<bool> {
            if (key == "q") {
                XINQIAO_ASSIGN_OR_RETURN(search, core::people::SearchKey(value));
                return true;
            }
            if (key != "situation") return false;
            const auto s = core::people::ParseSpecialSituation(value);
            if (!s) return Error::InvalidArgument("unknown situation", "situation");
            situations |= static_cast<std::uint32_t>(*s);
            return true;
        });
        if (!read) return Problem(req, read.error());
        return Answer(req, teams.Ledger(*req.principal, *unit, situations, search, limit, offset),
                      [](const std::vector<core::people::LedgerRow>& rows) {
                          json::array items;
                          for (const auto& row : rows) {
                              json::array paired;
                              for (const auto& n : row.paired) paired.emplace_back(n);
                              items.push_back({{"student", {{"id", row.student_id}, {"name", row.name},
                                                            {"class_name", row.class_name}, {"school_name", row.school_name}}},
                                               {"situations", SituationNames(row.situations)},
                                               {"paired", std::move(paired)},
                                               {"supports_this_year", row.supports},
                                               {"last_support", row.last_support ? json::value(core::FormatDate(*row.last_support))
                                                                                 : json::value(nullptr)}});
                          }
                          return json::object{{"items", std::move(items)}};
                      });
    });
    router.Add("GET", "/api/v1/org-units/{id}/ledger/coverage", [&teams, &cases, &follow_ups](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const auto unit = PathIdParam(req, "id", kNoUnit);
        if (!unit) return Problem(req, unit.error());
        return Answer(req, teams.Coverage(*req.principal, *unit), [](const std::vector<service::CoverageView>& rows) {
            const auto& all = core::people::AllSpecialSituations();
            json::array items;
            for (const auto& row : rows) {
                json::object by;
                for (std::size_t i = 0; i < all.size() && i < row.by_situation.size(); ++i) {
                    by[core::people::SpecialSituationName(all[i])] = CountJson(row.by_situation[i]);
                }
                items.push_back({{"school", {{"id", row.school_id}, {"name", row.school_name}}},
                                 {"flagged", CountJson(row.flagged)},
                                 {"paired", CountJson(row.paired)},
                                 {"supported", CountJson(row.supported)},
                                 {"by_situation", std::move(by)}});
            }
            return json::object{{"items", std::move(items)}};
        });
    });

    // {"kind", "given_on"? (default today), "note"?}: 201 {"id"}.
    router.Add("POST", "/api/v1/students/{id}/supports", [&teams, &cases, &follow_ups](Request& req) {
        const auto id = [&]() -> core::Result<std::int64_t> {
            XINQIAO_ASSIGN_OR_RETURN(const auto got, PlainIdWithBody(req, kNoStudent, {"kind", "given_on", "note"}));
            const FieldReader f(got.body);
            service::NewSupport s;
            XINQIAO_ASSIGN_OR_RETURN(s.kind, f.String("kind"));
            XINQIAO_ASSIGN_OR_RETURN(const auto given_on, f.OptDate("given_on"));
            s.given_on = given_on.value_or(follow_ups.Today());
            XINQIAO_ASSIGN_OR_RETURN(const auto note, f.OptString("note"));
            s.note = note.value_or("");
            return teams.AddSupport(*req.principal, got.id, s);
        }();
        return Answer(req, id, [](std::int64_t v) { return json::object{{"id", v}}; }, 201);
    });
    router.Add("GET", "/api/v1/students/{id}/supports", [&teams, &cases, &follow_ups](Request& req) {
        const auto id = PlainId(req, kNoStudent);
        if (!id) return Problem(req, id.error());
        return Answer(req, teams.Supports(*req.principal, *id), [](const std::vector<core::people::Support>& rows) {
            json::array items;
            for (const auto& s : rows) {
                items.push_back({{"id", s.id}, {"kind", s.kind}, {"given_on", core::FormatDate(s.given_on)},
                                 {"note", s.note}, {"author_name", s.author_name}});
            }
            return json::object{{"items", std::move(items)}};
        });
    });
}

}  // namespace xinqiao::http
