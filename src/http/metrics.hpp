#pragma once
// Request counters and latency histograms by route template, method and status, rendered in
// the Prometheus text exposition format together with the database pool figures.
// Thread-safe.

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/ports/data_store.hpp"

namespace xinqiao::http {

class Metrics {
public:
    // Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};

    void Observe(const std::string& route, const std::string& method, int status, double seconds);
    std::string Render(const core::ports::PoolFigures& pool) const;

private:
    struct Series {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mu_;
    std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

}  // namespace xinqiao::http
