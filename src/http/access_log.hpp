#pragma once
// The structured access log: one JSON object per line. It records the route template (never
// the raw path or query string), so no id, name, ID number, phone or answer can reach it.
// Thread-safe.

#include <cstdio>
#include <mutex>
#include <string>

namespace xinqiao::http {

struct AccessRecord {
    std::string time;        // RFC 3339 UTC
    std::string request_id;
    std::string method;
    std::string route;       // template, e.g. "/api/v1/org-units/{id}/students", or "unmatched"
    int status = 0;
    double duration_ms = 0;
    std::size_t bytes_in = 0;
    std::size_t bytes_out = 0;
};

class AccessLog {
public:
    // `out` may be null (logging off). Not owned; must outlive the log.
    explicit AccessLog(std::FILE* out) : out_(out) {}
    void Write(const AccessRecord& r);
    static std::string Format(const AccessRecord& r);

private:
    std::mutex mu_;
    std::FILE* out_;
};

}  // namespace xinqiao::http
