// Routes for signing in and out: staff with login, password and (for some roles) a TOTP code;
// students with their student number and class code; guardians and new staff with an invitation
// or activation code. The session travels in an HttpOnly, SameSite=Strict cookie.

#include <boost/json.hpp>

#include "service/auth_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

namespace {

boost::json::object SessionJson(const service::Principal& p) {
    boost::json::array grants;
    for (const auto& g : p.grants) {
        grants.push_back({{"role", core::auth::RoleName(g.role)}, {"org_unit_id", g.unit_id}});
    }
    return {{"account", {{"id", p.account_id}, {"login", p.login}, {"display_name", p.display_name}}},
            {"grants", std::move(grants)},
            {"csrf_token", p.csrf_token}};
}

std::string SessionCookie(bool secure, const std::string& token, std::int64_t max_age_s) {
    return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(max_age_s) + (secure ? "; Secure" : "");
}

// The session as JSON (with `extra` members) and its cookie.
Response SignedIn(bool secure, const service::NewSession& session, int status = 200,
                  const boost::json::object* extra = nullptr) {
    auto body = SessionJson(session.principal);
    if (extra) {
        for (const auto& [key, value] : *extra) body[key] = value;
    }
    Response r = JsonResponse(status, std::move(body));
    r.headers.emplace_back("Set-Cookie", SessionCookie(secure, session.token, 12 * 60 * 60));
    return r;
}

}  // namespace

void AddSessionRoutes(Router& router, service::AuthService& auth, bool secure_cookies) {
    // Staff sign in with login, password and (for some roles) a TOTP code; students with their
    // student number and the code from the class's code sheet.
    router.Add("POST", "/api/v1/session", [&auth, secure_cookies](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (f.Has("student_number")) {
            if (auto s = f.OnlyKnown({"student_number", "code"}); !s) return Problem(req, s.error());
            auto number = f.String("student_number");
            if (!number) return Problem(req, number.error());
            auto code = f.String("code");
            if (!code) return Problem(req, code.error());
            auto session = auth.SignInStudent(*number, *code, req.client_address, req.request_id);
            if (!session) return Problem(req, session.error());
            return SignedIn(secure_cookies, *session);
        }
        if (auto s = f.OnlyKnown({"login", "password", "totp"}); !s) return Problem(req, s.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto second_factor = f.OptString("totp");
        if (!second_factor) return Problem(req, second_factor.error());
        auto session = auth.SignIn(*login, *password, second_factor->value_or(""), req.client_address, req.request_id);
        if (!session) return Problem(req, session.error());
        return SignedIn(secure_cookies, *session);
    }, Access::kOpen);
    router.Add("POST", "/api/v1/guardian-invitations/redeem", [&auth, secure_cookies](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"code", "login", "password", "display_name"}); !s) return Problem(req, s.error());
        auto code = f.String("code");
        if (!code) return Problem(req, code.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto name = f.OptString("display_name");
        if (!name) return Problem(req, name.error());
        auto session = auth.RedeemInvitation(*code, *login, name->value_or(""), *password, req.client_address,
                                              req.request_id);
        if (!session) return Problem(req, session.error());
        return SignedIn(secure_cookies, *session);
    }, Access::kOpen);
    router.Add("POST", "/api/v1/staff-activations/redeem", [&auth, secure_cookies](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"login", "code", "password"}); !s) return Problem(req, s.error());
        auto login = f.String("login");
        if (!login) return Problem(req, login.error());
        auto code = f.String("code");
        if (!code) return Problem(req, code.error());
        auto password = f.String("password");
        if (!password) return Problem(req, password.error());
        auto activated = auth.ActivateStaff(*login, *code, *password, req.client_address, req.request_id);
        if (!activated) return Problem(req, activated.error());
        boost::json::object extra;
        if (activated->two_factor) {
            // Once only: the authenticator secret and the recovery codes.
            boost::json::array codes;
            for (const auto& c : activated->two_factor->recovery_codes) codes.emplace_back(c);
            extra["two_factor"] = {{"secret", activated->two_factor->secret},
                                   {"otpauth_uri", activated->two_factor->otpauth_uri},
                                   {"recovery_codes", std::move(codes)}};
        }
        Response r = SignedIn(secure_cookies, activated->session, 200, &extra);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }, Access::kOpen);
    router.Add("GET", "/api/v1/session", [](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return JsonResponse(200, SessionJson(*req.principal));
    });
    router.Add("DELETE", "/api/v1/session", [&auth, secure_cookies](Request& req) {
        if (auto s = auth.SignOut(req.session_token, req.request_id); !s) return Problem(req, s.error());
        Response r;
        r.status = 204;
        r.headers.emplace_back("Set-Cookie", SessionCookie(secure_cookies, "", 0));
        return r;
    });
    router.Add("POST", "/api/v1/session/sign-out-everywhere", [&auth, secure_cookies](Request& req) {
        if (auto s = auth.SignOutEverywhere(req.principal->account_id, req.request_id); !s) {
            return Problem(req, s.error());
        }
        Response r;
        r.status = 204;
        r.headers.emplace_back("Set-Cookie", SessionCookie(secure_cookies, "", 0));
        return r;
    });
}

}  // namespace xinqiao::http
