#pragma once
// HTTP messages as the application sees them: plain structs, no Beast. The server in
// server.cpp converts to and from the wire; everything else (router, handlers, problem
// details, tests) works on these.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/principal.hpp"

namespace xinqiao::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;        // "GET", "POST", ...
    std::string target;        // as received: path and query, percent-encoded
    std::string path;          // decoded path, without the query
    QueryParams query;         // decoded, in order
    std::string content_type;  // media type without parameters, lower case
    std::string body;
    std::string request_id;    // set before routing
    std::string session_token; // from the session cookie, or ""
    std::string csrf_token;    // the X-CSRF-Token header, or ""
    std::string client_address;  // the peer's IP address
    std::string accept_encoding; // the Accept-Encoding header, or ""
    std::string if_none_match;   // the If-None-Match header, or ""
    std::optional<service::Principal> principal;  // set for signed-in /api/v1/ requests
    // Filled by the router:
    std::string route;         // the matched route template, e.g. "/api/v1/org-units/{id}"
    std::vector<std::pair<std::string, std::string>> path_params;

    // The value of path parameter `name`, or "".
    const std::string& PathParam(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace xinqiao::http
