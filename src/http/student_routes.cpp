// Routes for students: a profile, notes (and reading them by break-glass), sign-in code sheets,
// guardian invitations, pairing with teachers, and a student's own page.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "service/student_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

using core::Error;

core::Result<core::people::StudentId> StudentPathId(const Request& req) {
    const auto id = core::ParseInt64(req.PathParam("id"));
    if (!id || *id <= 0) return Error::NotFound("no student with this id");
    return *id;
}

boost::json::object NoteJson(const core::people::StudentNote& n) {
    return {{"id", n.id},
            {"author", {{"id", OrNull(n.author_id)},
                        {"display_name", n.author_name},
                        {"role", n.author_role}}},
            {"created_at", n.created_at},
            {"body", n.body}};
}

boost::json::object NotesJson(const std::vector<core::people::StudentNote>& notes) {
    boost::json::array items;
    for (const auto& n : notes) items.emplace_back(NoteJson(n));
    return {{"items", std::move(items)}};
}

// A student's profile: T1 fields and guardians with masked phones; what the viewer may open.
boost::json::object ProfileJson(const service::StudentProfile& p) {
    boost::json::object o = ToJson(core::people::StudentListItem{p.student, p.grade_name, p.class_name});
    o["school_name"] = p.school_name;
    boost::json::array guardians;
    for (const auto& g : p.guardians) {
        guardians.push_back({{"name", g.name},
                             {"relation", core::people::GuardianRelationName(g.relation)},
                             {"phone_masked", g.phone.empty() ? boost::json::value(nullptr)
                                                              : boost::json::value(core::people::MaskPhone(g.phone))},
                             {"is_primary", g.is_primary}});
    }
    o["guardians"] = std::move(guardians);
    boost::json::array relations;
    for (auto r : p.relations) relations.emplace_back(core::auth::StudentRelationName(r));
    o["your_relations"] = std::move(relations);
    o["notes_access"] = p.may_view_records ? "allowed" : (p.may_break_glass ? "break_glass" : "none");
    return o;
}

// Decodes a body with exactly one required string member `key`.
core::Result<std::string> OneString(const Request& req, std::string_view key) {
    XINQIAO_ASSIGN_OR_RETURN(const auto obj, ParseJsonObject(req));
    const FieldReader f(obj);
    XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({key}));
    return f.String(key);
}

}  // namespace

void AddStudentRoutes(Router& router, service::StudentService& students) {
    router.Add("GET", "/api/v1/me/students", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, students.Mine(*req.principal), [](const auto& items) {
            boost::json::array out;
            for (const auto& item : items) out.emplace_back(ToJson(item));
            return boost::json::object{{"items", std::move(out)}};
        });
    });
    router.Add("GET", "/api/v1/students/{id}", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students.Get(*req.principal, *id), ProfileJson);
    });
    router.Add("GET", "/api/v1/students/{id}/notes", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students.Notes(*req.principal, *id), NotesJson);
    });
    router.Add("POST", "/api/v1/students/{id}/notes", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        auto body = OneString(req, "body");
        if (!body) return Problem(req, body.error());
        return Answer(req, students.AddNote(*req.principal, *id, *body), NoteJson, 201);
    });
    // Roles that may open notes only with a reason send it in the body, never in the URL.
    router.Add("POST", "/api/v1/students/{id}/notes/break-glass", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        auto reason = OneString(req, "reason");
        if (!reason) return Problem(req, reason.error());
        return Answer(req, students.BreakGlassNotes(*req.principal, *id, *reason), NotesJson);
    });
    router.Add("PUT", "/api/v1/students/{id}/pairings/{login}", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        if (auto s = students.Pair(*req.principal, *id, req.PathParam("login")); !s) return Problem(req, s.error());
        return NoContent();
    });
    router.Add("DELETE", "/api/v1/students/{id}/pairings/{login}", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        if (auto s = students.Unpair(*req.principal, *id, req.PathParam("login")); !s) return Problem(req, s.error());
        return NoContent();
    });
    router.Add("POST", "/api/v1/students/{id}/guardian-invitations", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = StudentPathId(req);
        if (!id) return Problem(req, id.error());
        return Answer(req, students.InviteGuardian(*req.principal, *id), [](const service::IssuedInvitation& inv) {
            return boost::json::object{{"code", inv.code}, {"expires_at", core::FormatRfc3339Millis(inv.expires_ms)}};
        }, 201);
    });
    router.Add("POST", "/api/v1/org-units/{id}/sign-in-codes", [&students](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto id = OrgUnitPathId(req);
        if (!id) return Problem(req, id.error());
        std::vector<core::people::StudentId> only;
        if (!req.body.empty()) {
            auto obj = ParseJsonObject(req);
            if (!obj) return Problem(req, obj.error());
            const FieldReader f(*obj);
            if (auto s = f.OnlyKnown({"student_ids"}); !s) return Problem(req, s.error());
            auto ids = f.OptIds("student_ids", 500);
            if (!ids) return Problem(req, ids.error());
            only = std::move(ids).value();
        }
        return Answer(req, students.IssueClassCodes(*req.principal, *id, only), [](const service::ClassCodeSheet& sheet) {
            boost::json::array codes;
            for (const auto& c : sheet.codes) {
                codes.push_back({{"student_id", c.student_id},
                                 {"student_number", c.student_number},
                                 {"name", c.name},
                                 {"code", c.code}});
            }
            return boost::json::object{{"school_name", sheet.school_name},
                                       {"grade_name", sheet.grade_name},
                                       {"class_name", sheet.class_name},
                                       {"codes", std::move(codes)}};
        });
    });
}

}  // namespace xinqiao::http
