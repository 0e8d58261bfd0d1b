#include "http/handler_support.hpp"

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "http/json_codec.hpp"
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

core::Result<std::int64_t> OrgUnitPathId(const Request& req) { return PathIdParam(req, "id", "no org unit with this id"); }

core::Result<std::int64_t> PlainId(const Request& req, std::string_view missing) {
    XINQIAO_RETURN_IF_ERROR(NoQuery(req));
    return PathIdParam(req, "id", missing);
}

core::Result<IdAndBody> PlainIdWithBody(const Request& req, std::string_view missing,
                                        std::initializer_list<std::string_view> allowed) {
    XINQIAO_ASSIGN_OR_RETURN(const auto id, PlainId(req, missing));
    XINQIAO_ASSIGN_OR_RETURN(auto obj, ParseJsonObject(req));
    XINQIAO_RETURN_IF_ERROR(FieldReader(obj).OnlyKnown(allowed));
    return IdAndBody{id, std::move(obj)};
}

core::Result<VersionedBody> Versioned(const Request& req, std::string_view missing, std::string_view what,
                                      std::initializer_list<std::string_view> allowed) {
    XINQIAO_ASSIGN_OR_RETURN(auto in, PlainIdWithBody(req, missing, allowed));
    const auto* v = in.body.if_contains("version");
    if (!v || !v->is_int64() || v->get_int64() < 1) {
        return core::Error::InvalidArgument("version must be the version of the " + std::string(what) + " you saw",
                                            "/version");
    }
    return VersionedBody{in.id, v->get_int64(), std::move(in.body)};
}

core::Status ReadListQuery(const Request& req, int& limit, int& offset, const QueryParam& other) {
    for (const auto& [key, value] : req.query) {
        if (key == "limit" || key == "offset") {
            const auto n = core::ParseInt64(value);
            if (!n || *n < 0 || *n > 1000000) return core::Error::InvalidArgument(key + " must be a whole number", key);
            (key == "limit" ? limit : offset) = static_cast<int>(*n);
            continue;
        }
        XINQIAO_ASSIGN_OR_RETURN(const bool taken, other(key, value));
        if (!taken) return core::Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64));
    }
    return core::Ok();
}

}  // namespace xinqiao::http
