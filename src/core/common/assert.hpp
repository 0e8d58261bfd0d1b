#pragma once
// XINQIAO_ASSERT(cond, "why"): an invariant. A failure is a bug: it prints the condition,
// the reason and the place to stderr and aborts. Active in every build type.

namespace xinqiao::core {
[[noreturn]] void AssertFailed(const char* condition, const char* why, const char* file, int line);
}

#define XINQIAO_ASSERT(cond, why) \
    ((cond) ? static_cast<void>(0) : ::xinqiao::core::AssertFailed(#cond, why, __FILE__, __LINE__))
