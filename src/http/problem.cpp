#include "http/problem.hpp"

#include <boost/json.hpp>

namespace xinqiao::http {
namespace {

std::string_view TitleFor(int status) {
    switch (status) {
        case 400: return "Bad request";
        case 401: return "Not signed in";
        case 403: return "Not allowed";
        case 404: return "Not found";
        case 405: return "Method not allowed";
        case 408: return "Request timeout";
        case 409: return "Conflict";
        case 413: return "Request body too large";
        case 415: return "Unsupported media type";
        case 422: return "Not possible now";
        case 429: return "Too many attempts";
        case 431: return "Request headers too large";
        case 500: return "Internal error";
        case 503: return "Service unavailable";
        default: return "Error";
    }
}

}  // namespace

int StatusFor(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kAlreadyExists: return 409;
        case ErrorCode::kAborted: return 409;
        case ErrorCode::kFailedPrecondition: return 422;
        case ErrorCode::kResourceExhausted: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

Response ProblemResponse(int status, std::string_view type, std::string detail, const std::string& request_id,
                         std::string field) {
    boost::json::object o;
    o["type"] = "urn:xinqiao:problem:" + std::string(type);
    o["title"] = TitleFor(status);
    o["status"] = status;
    o["detail"] = std::move(detail);
    if (!field.empty()) o["field"] = std::move(field);
    o["request_id"] = request_id;
    Response r;
    r.status = status;
    r.content_type = "application/problem+json";
    r.body = boost::json::serialize(o);
    return r;
}

Response ProblemResponse(const core::Error& error, const std::string& request_id) {
    // Internal errors keep their details for the operator's log, not for the client.
    const bool internal = error.code == core::ErrorCode::kInternal;
    return ProblemResponse(StatusFor(error.code), core::ErrorCodeName(error.code),
                           internal ? "an internal error occurred; quote the request id when reporting it" : error.message,
                           request_id, error.field);
}

}  // namespace xinqiao::http
