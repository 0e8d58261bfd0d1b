#pragma once
// Routes (method, path template) to handlers. Templates are literal segments and `{name}`
// parameters matching one whole non-empty segment: "/api/v1/org-units/{id}/children".
// Literal segments win over parameters.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace xinqiao::http {

using Handler = std::function<Response(Request&)>;

// Whether a route under /api/v1/ needs a signed-in session (all but the ways of signing in).
enum class Access { kSignedIn, kOpen };

struct RouteInfo {
    std::string method;
    std::string pattern;
};

class Router {
public:
    // Requires: `pattern` starts with '/' and (method, pattern) is not registered yet.
    void Add(std::string method, std::string pattern, Handler handler, Access access = Access::kSignedIn);

    struct Match {
        const Handler* handler = nullptr;        // null: no route
        std::string route;                       // the template, or "unmatched"
        std::vector<std::pair<std::string, std::string>> params;
        std::vector<std::string> allowed;        // on a path match with the wrong method (405)
        Access access = Access::kSignedIn;       // of the matched route; kSignedIn when none
    };
    Match Find(const std::string& method, const std::string& path) const;

    std::vector<RouteInfo> Routes() const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
        Access access;
    };
    static std::vector<std::string> Split(const std::string& path);
    static std::optional<std::vector<std::pair<std::string, std::string>>> MatchSegments(
        const Route& route, const std::vector<std::string>& segments);

    std::vector<Route> routes_;
};

}  // namespace xinqiao::http
