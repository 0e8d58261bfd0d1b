#pragma once
// The current time, for code that must not read the clock itself (core and service).

#include <cstdint>

namespace xinqiao::core::ports {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch. Thread-safe.
    virtual std::int64_t NowUnixMillis() = 0;
};

}  // namespace xinqiao::core::ports
