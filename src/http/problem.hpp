#pragma once
// Errors as application/problem+json (RFC 9457). The one place that maps ErrorCode to status.
//
//   {"type": "urn:xinqiao:problem:invalid_argument", "title": "Invalid argument",
//    "status": 400, "detail": "name must not be empty", "field": "/name",
//    "request_id": "..."}
//
// `field` is a JSON pointer into the request body ("/parent_id"), or the name of a query or
// path parameter ("page_size"); absent when no single field is at fault. `detail` never holds
// SQL, stack traces or personal data.

#include <string>
#include <string_view>

#include "core/common/result.hpp"
#include "http/message.hpp"

namespace xinqiao::http {

int StatusFor(core::ErrorCode code);

// A problem response for an error a service or parser returned.
Response ProblemResponse(const core::Error& error, const std::string& request_id);

// A problem response for a protocol-level failure (413, 415, 431, 408, 404, 405, ...).
Response ProblemResponse(int status, std::string_view type, std::string detail, const std::string& request_id,
                         std::string field = {});

}  // namespace xinqiao::http
