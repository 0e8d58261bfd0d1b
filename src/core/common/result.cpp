#include "core/common/result.hpp"

#include <cstdio>
#include <cstdlib>

namespace xinqiao::core {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kAlreadyExists: return "already_exists";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kPermissionDenied: return "permission_denied";
        case ErrorCode::kFailedPrecondition: return "failed_precondition";
        case ErrorCode::kAborted: return "aborted";
        case ErrorCode::kResourceExhausted: return "resource_exhausted";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

void AssertFailed(const char* condition, const char* why, const char* file, int line) {
    std::fprintf(stderr, "xinqiao: assertion failed: %s (%s) at %s:%d\n", condition, why, file, line);
    std::abort();
}

}  // namespace xinqiao::core
