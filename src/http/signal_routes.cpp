// Routes for signals from people: filing a report about a student, and the students a person may
// file about. Thin handlers as in api.cpp.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "http/routes.hpp"
#include "service/signal_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;

namespace {

// {"student_id": n, "concerns": ["mood", ...], "danger_now": bool, "note": "..."}
core::Result<service::SignalInput> ReadSignal(const Request& req) {
    XINQIAO_RETURN_IF_ERROR(NoQuery(req));
    XINQIAO_ASSIGN_OR_RETURN(const auto body, ParseJsonObject(req));
    const FieldReader in(body);
    XINQIAO_RETURN_IF_ERROR(in.OnlyKnown({"student_id", "concerns", "danger_now", "note"}));
    service::SignalInput out;
    XINQIAO_ASSIGN_OR_RETURN(const auto student, in.OptId("student_id"));
    if (!student) return Error::InvalidArgument("student_id is required", "/student_id");
    out.student_id = *student;
    XINQIAO_ASSIGN_OR_RETURN(const auto names, in.OptStrings("concerns", core::warning::AllConcerns().size()));
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto c = core::warning::ParseConcern(names[i]);
        if (!c) {
            return Error::InvalidArgument("concerns are mood, withdrawal, self_harm_talk, bullying, family_change, "
                                          "sleep_appetite or other",
                                          "/concerns/" + std::to_string(i));
        }
        out.concerns.push_back(*c);
    }
    XINQIAO_ASSIGN_OR_RETURN(const auto danger, in.OptBool("danger_now"));
    out.danger_now = danger.value_or(false);
    XINQIAO_ASSIGN_OR_RETURN(const auto note, in.OptString("note"));
    out.note = note.value_or("");
    return out;
}

json::object CandidatesJson(const std::vector<service::SignalCandidate>& cs) {
    json::array items;
    for (const auto& c : cs) {
        items.push_back({{"id", c.student_id}, {"name", c.name}, {"class_name", c.class_name}, {"school_name", c.school_name}});
    }
    return {{"items", std::move(items)}};
}

}  // namespace

void AddSignalRoutes(Router& router, service::SignalService& signals) {
    // 202 with nothing to read back: a filer learns neither the level nor whether an alert was open.
    router.Add("POST", "/api/v1/signals", [&signals](Request& req) {
        const auto in = ReadSignal(req);
        if (!in) return Problem(req, in.error());
        if (auto s = signals.File(*req.principal, *in); !s) return Problem(req, s.error());
        return JsonResponse(202, {{"received", true}});
    });
    // Whom the person may file about: their class and linked students. A name is looked up with
    // POST .../search so that it never sits in a URL or an access log.
    router.Add("GET", "/api/v1/signals/students", [&signals](Request& req) {
        if (auto q = NoQuery(req); !q) return Problem(req, q.error());
        return Answer(req, signals.Candidates(*req.principal, ""), CandidatesJson);
    });
    router.Add("POST", "/api/v1/signals/students/search", [&signals](Request& req) {
        const auto name = [&]() -> core::Result<std::string> {
            XINQIAO_RETURN_IF_ERROR(NoQuery(req));
            XINQIAO_ASSIGN_OR_RETURN(const auto body, ParseJsonObject(req));
            const FieldReader in(body);
            XINQIAO_RETURN_IF_ERROR(in.OnlyKnown({"name"}));
            return in.String("name");
        }();
        if (!name) return Problem(req, name.error());
        if (core::TrimAscii(*name).empty()) return Problem(req, Error::InvalidArgument("name is required", "/name"));
        return Answer(req, signals.Candidates(*req.principal, *name), CandidatesJson);
    });
}

}  // namespace xinqiao::http
