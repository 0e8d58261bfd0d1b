#pragma once
// Small pieces every route handler uses: JSON and problem responses, and strict reading of
// path ids and query strings. Internal to src/http.

#include <functional>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>

#include <string>
#include <string_view>

#include "core/common/result.hpp"
#include "http/message.hpp"

namespace xinqiao::http {

Response JsonResponse(int status, const boost::json::value& v);
Response NoContent();
// The problem document for `e` (RFC 9457); a wrong body media type answers 415.
Response Problem(const Request& req, const core::Error& e);
// kInvalidArgument if the request has any query parameter.
core::Status NoQuery(const Request& req);
// The positive integer id in path parameter `name`; anything else is kNotFound with `missing`.
core::Result<std::int64_t> PathIdParam(const Request& req, std::string_view name, std::string_view missing);

// The org unit named by path parameter "id"; anything but a positive integer names no unit.
core::Result<std::int64_t> OrgUnitPathId(const Request& req);

// A request without query parameters and its positive path id "id".
core::Result<std::int64_t> PlainId(const Request& req, std::string_view missing);
// That, and a JSON object body with no members but `allowed`.
struct IdAndBody {
    std::int64_t id = 0;
    boost::json::object body;
};
core::Result<IdAndBody> PlainIdWithBody(const Request& req, std::string_view missing,
                                        std::initializer_list<std::string_view> allowed);

// A list's query: `limit` and `offset` (whole numbers, 0 to 1,000,000) into `limit` and `offset`,
// every other parameter to `other`, which takes it (true), does not know it (false: kInvalidArgument
// "unknown parameter") or refuses its value (an error).
using QueryParam = std::function<core::Result<bool>(const std::string& key, const std::string& value)>;
core::Status ReadListQuery(const Request& req, int& limit, int& offset, const QueryParam& other);

// A change to a record that carries the version of it the person saw (alerts, cases): the path
// id, the body (no members but `allowed`, which should list "version") and that version; a
// missing or bad version is kInvalidArgument on "/version" naming `what` ("alert", "case").
struct VersionedBody {
    std::int64_t id = 0;
    std::int64_t version = 0;
    boost::json::object body;
};
core::Result<VersionedBody> Versioned(const Request& req, std::string_view missing, std::string_view what,
                                      std::initializer_list<std::string_view> allowed);

// 204 when `change` went through, else its problem.
template <typename Change>
Response Changed(const Request& req, Change change) {
    const core::Status done = change();
    if (!done) return Problem(req, done.error());
    return NoContent();
}

// The value of `r` encoded by `encode` with `status`, or its problem.
template <typename T, typename Encode>
Response Answer(const Request& req, const core::Result<T>& r, Encode encode, int status = 200) {
    if (!r) return Problem(req, r.error());
    return JsonResponse(status, encode(*r));
}

}  // namespace xinqiao::http
