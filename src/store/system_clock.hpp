#pragma once
// The wall clock behind the Clock port, for the server, the command line and the benchmarks.

#include <chrono>

#include "core/ports/clock.hpp"

namespace xinqiao::store {

class SystemClock final : public core::ports::Clock {
public:
    std::int64_t NowUnixMillis() override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

}  // namespace xinqiao::store
