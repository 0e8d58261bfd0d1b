#include "http/metrics.hpp"

#include <cstdio>

namespace xinqiao::http {

void Metrics::Observe(const std::string& route, const std::string& method, int status, double seconds) {
    std::lock_guard lock(mu_);
    Series& s = series_[{route, method, status}];
    ++s.count;
    s.sum += seconds;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) ++s.buckets[i];
    }
}

std::string Metrics::Render(const core::ports::PoolFigures& pool) const {
    std::string out;
    char line[512];
    out += "# HELP xinqiao_http_requests_total HTTP requests answered, by route template, method and status.\n";
    out += "# TYPE xinqiao_http_requests_total counter\n";
    std::lock_guard lock(mu_);
    for (const auto& [key, s] : series_) {
        const auto& [route, method, status] = key;
        std::snprintf(line, sizeof line, "xinqiao_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
                      route.c_str(), method.c_str(), status, static_cast<unsigned long long>(s.count));
        out += line;
    }
    out += "# HELP xinqiao_http_request_duration_seconds Time from a complete request to its response.\n";
    out += "# TYPE xinqiao_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
        const auto& [route, method, status] = key;
        const std::string labels = "route=\"" + route + "\",method=\"" + method + "\",status=\"" + std::to_string(status) + "\"";
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            std::snprintf(line, sizeof line, "xinqiao_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n",
                          labels.c_str(), kBuckets[i], static_cast<unsigned long long>(s.buckets[i]));
            out += line;
        }
        std::snprintf(line, sizeof line, "xinqiao_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n",
                      labels.c_str(), static_cast<unsigned long long>(s.count));
        out += line;
        std::snprintf(line, sizeof line, "xinqiao_http_request_duration_seconds_sum{%s} %.6f\n", labels.c_str(), s.sum);
        out += line;
        std::snprintf(line, sizeof line, "xinqiao_http_request_duration_seconds_count{%s} %llu\n", labels.c_str(),
                      static_cast<unsigned long long>(s.count));
        out += line;
    }
    const std::string d = "driver=\"" + pool.driver + "\"";
    const auto gauge = [&](const char* name, const char* help, const char* type, double value) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
        std::snprintf(line, sizeof line, "%s{%s} %.17g\n", name, d.c_str(), value);
        out += line;
    };
    gauge("xinqiao_db_pool_connections", "Open database connections.", "gauge", pool.connections);
    gauge("xinqiao_db_pool_in_use", "Database connections lent out now.", "gauge", pool.in_use);
    gauge("xinqiao_db_pool_acquisitions_total", "Connections taken from the pool.", "counter",
          static_cast<double>(pool.acquisitions));
    gauge("xinqiao_db_pool_waits_total", "Acquisitions that waited for a free connection.", "counter",
          static_cast<double>(pool.waits));
    gauge("xinqiao_db_pool_wait_seconds_total", "Time spent waiting for a free connection.", "counter",
          pool.wait_seconds_total);
    gauge("xinqiao_db_errors_total", "Transactions that failed with a database error.", "counter",
          static_cast<double>(pool.failures));
    if (pool.driver == "sqlite") {
        gauge("xinqiao_db_writer_turns_total", "Turns of the SQLite writer; each commits a batch of writes.", "counter",
              static_cast<double>(pool.writer_turns));
        gauge("xinqiao_db_writer_writes_total", "Writes the SQLite writer ran.", "counter",
              static_cast<double>(pool.writer_writes));
        gauge("xinqiao_db_writer_busy_seconds_total", "Time the SQLite writer spent running and committing writes.",
              "counter", pool.writer_busy_seconds);
        gauge("xinqiao_db_writer_cpu_seconds_total", "CPU time the SQLite writer spent running and committing writes.",
              "counter", pool.writer_cpu_seconds);
    }
    return out;
}

}  // namespace xinqiao::http
