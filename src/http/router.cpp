#include "http/router.hpp"

#include "core/common/assert.hpp"

namespace xinqiao::http {

const std::string& Request::PathParam(const std::string& name) const {
    static const std::string kEmpty;
    for (const auto& [k, v] : path_params) {
        if (k == name) return v;
    }
    return kEmpty;
}

std::vector<std::string> Router::Split(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = path.find('/', start);
        segments.push_back(path.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return segments;
}

void Router::Add(std::string method, std::string pattern, Handler handler, Access access) {
    XINQIAO_ASSERT(!pattern.empty() && pattern.front() == '/', "a route starts with '/'");
    for (const auto& r : routes_) {
        XINQIAO_ASSERT(!(r.method == method && r.pattern == pattern), "a route is registered once");
    }
    Route r{std::move(method), pattern, Split(pattern), std::move(handler), access};
    routes_.push_back(std::move(r));
}

std::optional<std::vector<std::pair<std::string, std::string>>> Router::MatchSegments(
    const Route& route, const std::vector<std::string>& segments) {
    if (route.segments.size() != segments.size()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> params;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& want = route.segments[i];
        if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
            if (segments[i].empty()) return std::nullopt;
            params.emplace_back(want.substr(1, want.size() - 2), segments[i]);
        } else if (want != segments[i]) {
            return std::nullopt;
        }
    }
    return params;
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
    Match m;
    m.route = "unmatched";
    if (path.empty() || path.front() != '/') return m;
    const auto segments = Split(path);
    // Prefer the route with the most literal segments among those that match.
    const Route* best = nullptr;
    std::size_t best_literals = 0;
    std::vector<std::pair<std::string, std::string>> best_params;
    for (const auto& r : routes_) {
        auto params = MatchSegments(r, segments);
        if (!params) continue;
        if (r.method != method) {
            m.allowed.push_back(r.method);
            continue;
        }
        const std::size_t literals = r.segments.size() - params->size();
        if (!best || literals > best_literals) {
            best = &r;
            best_literals = literals;
            best_params = std::move(*params);
        }
    }
    if (best) {
        m.handler = &best->handler;
        m.route = best->pattern;
        m.access = best->access;
        m.params = std::move(best_params);
        m.allowed.clear();
    }
    return m;
}

std::vector<RouteInfo> Router::Routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) out.push_back({r.method, r.pattern});
    return out;
}

}  // namespace xinqiao::http
