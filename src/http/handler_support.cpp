#include "http/handler_support.hpp"

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "http/problem.hpp"

namespace xinqiao::http {

Response JsonResponse(int status, const boost::json::value& v) {
    Response r;
    r.status = status;
    r.body = boost::json::serialize(v);
    return r;
}

Response NoContent() {
    Response r;
    r.status = 204;
    return r;
}

Response Problem(const Request& req, const core::Error& e) {
    // A body sent with the wrong media type is 415, not 400.
    if (e.code == core::ErrorCode::kInvalidArgument && e.field == "content-type") {
        return ProblemResponse(415, "unsupported_media_type", e.message, req.request_id);
    }
    return ProblemResponse(e, req.request_id);
}

core::Status NoQuery(const Request& req) {
    if (!req.query.empty()) {
        return core::Error::InvalidArgument("this endpoint takes no query parameters",
                                            req.query.front().first.substr(0, 64));
    }
    return core::Ok();
}

core::Result<std::int64_t> PathIdParam(const Request& req, std::string_view name, std::string_view missing) {
    const auto id = core::ParseInt64(req.PathParam(std::string(name)));
    if (!id || *id <= 0) return core::Error::NotFound(std::string(missing));
    return *id;
}

}  // namespace xinqiao::http
