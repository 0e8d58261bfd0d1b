#pragma once
// A clock that moves only when told to.

#include <atomic>

#include "core/ports/clock.hpp"

namespace xinqiao::testing {

class FakeClock final : public core::ports::Clock {
public:
    explicit FakeClock(std::int64_t start_ms = 1795348800000) : now_(start_ms) {}  // 2026-11-22T12:00:00Z
    std::int64_t NowUnixMillis() override { return now_.load(); }
    void Advance(std::int64_t ms) { now_ += ms; }

private:
    std::atomic<std::int64_t> now_;
};

}  // namespace xinqiao::testing
