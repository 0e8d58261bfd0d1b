// The middleware every request passes: routing, signing in from the session cookie, the CSRF
// check on writes, the web app for other GETs, 404 and 405, request ids, metrics and the access
// log. The routes themselves are registered per area (routes.hpp).
#include "http/api.hpp"

#include <chrono>
#include <cstdio>
#include <random>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "http/problem.hpp"

namespace xinqiao::http {
namespace {

std::string NowRfc3339() {
    const auto now = std::chrono::system_clock::now();
    return core::FormatRfc3339Millis(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

std::string_view KnownMethod(const std::string& m) {
    for (std::string_view k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (m == k) return k;
    }
    return "OTHER";
}

}  // namespace

Api::Api(service::AuthService& auth, AccessLog& log) : auth_(auth), log_(log), id_prefix_(std::random_device{}()) {}

std::optional<Response> Api::Authenticate(Request& request) {
    if (request.session_token.empty()) {
        return ProblemResponse(401, "unauthenticated", "sign in first", request.request_id);
    }
    auto principal = auth_.Authenticate(request.session_token);
    if (!principal) return ProblemResponse(principal.error(), request.request_id);
    const bool reads = request.method == "GET" || request.method == "HEAD";
    if (!reads && (request.csrf_token.empty() || !core::ConstantTimeEquals(request.csrf_token, principal->csrf_token))) {
        return ProblemResponse(403, "csrf", "this request needs the X-CSRF-Token header of the session",
                               request.request_id);
    }
    principal->request_id = request.request_id;
    request.principal = std::move(principal).value();
    return std::nullopt;
}

Response Api::Handle(Request& request) {
    const auto match = router_.Find(request.method, request.path);
    request.route = match.route;
    // Every /api/v1/ route needs a session, except the ways of signing in (Access::kOpen); so
    // does an unknown one, so a stranger learns nothing about which routes exist.
    if (request.path.starts_with("/api/v1/") && match.access == Access::kSignedIn) {
        if (auto refused = Authenticate(request)) return *refused;
    }
    if (!match.handler && site_ && request.method == "GET" && !request.path.starts_with("/api/")) {
        if (auto page = site_->Serve(request.path, request.accept_encoding, request.if_none_match)) {
            request.route = "web";
            return std::move(*page);
        }
    }
    if (!match.handler) {
        if (!match.allowed.empty()) {
            std::string allow;
            for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
            Response r = ProblemResponse(405, "method_not_allowed", "this resource does not support " +
                                         std::string(KnownMethod(request.method)), request.request_id);
            r.headers.emplace_back("Allow", allow);
            return r;
        }
        return ProblemResponse(404, "not_found", "no such resource", request.request_id);
    }
    request.path_params = match.params;
    return (*match.handler)(request);
}

void Api::Record(const Request& request, const Response& response, double seconds) {
    const std::string method(KnownMethod(request.method));
    const std::string& route = request.route.empty() ? std::string("unmatched") : request.route;
    metrics_.Observe(route, method, response.status, seconds);
    log_.Write({NowRfc3339(), request.request_id, method, route, response.status, seconds * 1000,
                request.body.size(), response.body.size()});
}

std::string Api::RequestIdFor(std::string_view client_value) {
    bool ok = !client_value.empty() && client_value.size() <= 64;
    for (char c : client_value) {
        ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                    c == '_' || c == '.');
    }
    if (ok) return std::string(client_value);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%012llx", static_cast<unsigned long long>(id_prefix_ & 0xFFFFFFFFu),
                  static_cast<unsigned long long>(id_counter_.fetch_add(1) + 1));
    return buf;
}

}  // namespace xinqiao::http
