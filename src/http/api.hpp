#pragma once
// The HTTP API of Xinqiao: the middleware every request passes (routing, session and CSRF,
// request ids, metrics, the access log) around the routes each area registers (routes.hpp).
// Plain C++ over http::Request/Response, so it is tested in memory; server.cpp puts it on the
// network.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "http/access_log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_site.hpp"
#include "service/auth_service.hpp"

namespace xinqiao::http {

// The session cookie's name. Secure is added behind TLS (see session_routes.cpp).
inline constexpr const char* kSessionCookie = "xq_session";

class Api {
public:
    // `auth` signs requests in from their session cookie; both must outlive the Api. Routes are
    // added on router() (AddAllRoutes in routes.hpp, or one area's AddXRoutes).
    Api(service::AuthService& auth, AccessLog& log);

    // Routes and answers one request. Blocks on the database: call on a worker thread.
    // Never throws for bad input; a thrown exception is a bug, answered 500 by the server.
    Response Handle(Request& request);

    // Records a finished exchange in metrics and the access log. Thread-safe.
    void Record(const Request& request, const Response& response, double seconds);

    // The request id to use: the client's X-Request-Id if it is 1..64 characters of
    // [A-Za-z0-9._-], else a new one. Thread-safe.
    std::string RequestIdFor(std::string_view client_value);

    // Serves the built web app for GET requests no route answers (see static_site.hpp).
    void ServeSite(std::shared_ptr<const StaticSite> site) { site_ = std::move(site); }

    Router& router() { return router_; }
    const Router& router() const { return router_; }
    Metrics& metrics() { return metrics_; }

private:
    // Signs the request in from its cookie (401), checks CSRF on writes (403); null if fine.
    std::optional<Response> Authenticate(Request& request);

    service::AuthService& auth_;
    std::shared_ptr<const StaticSite> site_;
    AccessLog& log_;
    Metrics metrics_;
    Router router_;
    std::uint64_t id_prefix_;
    std::atomic<std::uint64_t> id_counter_{0};
};

// The OpenAPI 3.1 document served at /api/openapi.json.
const std::string& OpenApiDocument();

}  // namespace xinqiao::http
