// Routes for operators and tools: liveness, readiness, Prometheus metrics, the OpenAPI document.

#include <boost/json.hpp>

#include "http/metrics.hpp"
#include "http/problem.hpp"
#include "service/health_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

void AddOpsRoutes(Router& router, service::HealthService& health, Metrics& metrics) {
    router.Add("GET", "/healthz", [](Request&) { return JsonResponse(200, {{"status", "ok"}}); });
    router.Add("GET", "/readyz", [&health, &metrics](Request& req) {
        const auto ready = health.Ready();
        if (!ready) return ProblemResponse(503, "unavailable", "the database cannot be reached", req.request_id);
        return JsonResponse(200, {{"status", "ready"}});
    });
    router.Add("GET", "/metrics", [&health, &metrics](Request&) {
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics.Render(health.PoolFigures());
        return r;
    });
    router.Add("GET", "/api/openapi.json", [](Request&) {
        Response r;
        r.body = OpenApiDocument();
        return r;
    });
}

}  // namespace xinqiao::http
