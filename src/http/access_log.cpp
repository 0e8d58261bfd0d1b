#include "http/access_log.hpp"

#include <boost/json.hpp>

namespace xinqiao::http {

std::string AccessLog::Format(const AccessRecord& r) {
    boost::json::object o;
    o["ts"] = r.time;
    o["request_id"] = r.request_id;
    o["method"] = r.method;
    o["route"] = r.route;
    o["status"] = r.status;
    o["duration_us"] = static_cast<std::int64_t>(r.duration_ms * 1000);
    o["bytes_in"] = r.bytes_in;
    o["bytes_out"] = r.bytes_out;
    return boost::json::serialize(o);
}

void AccessLog::Write(const AccessRecord& r) {
    if (!out_) return;
    std::string line = Format(r);
    line += '\n';
    std::lock_guard lock(mu_);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

}  // namespace xinqiao::http
