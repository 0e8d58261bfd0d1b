#pragma once
// Result<T>: a value or an Error. Failures a caller can expect are returned as values;
// exceptions mean a bug or a failed start-up (STYLE.md section 3). Member names follow
// std::expected so moving to C++23 is a one-line alias.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/common/assert.hpp"

namespace xinqiao::core {

// Canonical error codes, borrowed from Abseil. Pick the most specific.
enum class ErrorCode {
    kInvalidArgument,     // the caller sent something malformed or out of range
    kNotFound,            // an id or name that does not exist (or is outside the caller's scope)
    kAlreadyExists,       // a unique key is taken
    kUnauthenticated,     // no valid session
    kPermissionDenied,    // authenticated, but not allowed
    kFailedPrecondition,  // the system is not in a state that allows this (e.g. illegal move)
    kAborted,             // lost a concurrent update; retry
    kResourceExhausted,   // too many attempts or requests; try again later
    kUnavailable,         // the database or another dependency cannot be reached now
    kInternal,            // a bug
};

std::string_view ErrorCodeName(ErrorCode code);

// An expected failure. `message` is safe to show a client: it never holds SQL, stack traces
// or T2/T3 data. `field` is a JSON pointer (RFC 6901) to the offending input, or empty.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;

    static Error InvalidArgument(std::string message, std::string field = {}) {
        return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
    }
    static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
    static Error AlreadyExists(std::string message, std::string field = {}) {
        return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
    }
    static Error FailedPrecondition(std::string message, std::string field = {}) {
        return {ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
    }
    static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}}; }
    static Error Aborted(std::string message) { return {ErrorCode::kAborted, std::move(message), {}}; }
    static Error Unauthenticated(std::string message) { return {ErrorCode::kUnauthenticated, std::move(message), {}}; }
    static Error PermissionDenied(std::string message) { return {ErrorCode::kPermissionDenied, std::move(message), {}}; }
    static Error ResourceExhausted(std::string message) {
        return {ErrorCode::kResourceExhausted, std::move(message), {}};
    }
    static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

    bool operator==(const Error&) const = default;
};

// Tag that lets `return Unexpected(error);` build any Result<T>.
struct Unexpected {
    Error error;
    explicit Unexpected(Error e) : error(std::move(e)) {}
};

template <typename T>
class [[nodiscard]] Result {
public:
    using value_type = T;

    Result(const T& value) : state_(value) {}  // NOLINT(google-explicit-constructor)
    Result(T&& value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    Result(Unexpected u) : state_(std::move(u.error)) {}  // NOLINT(google-explicit-constructor)

    bool has_value() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return has_value(); }

    // Requires: has_value().
    T& value() & { return Checked(); }
    const T& value() const& { return const_cast<Result*>(this)->Checked(); }
    T&& value() && { return std::move(Checked()); }
    T& operator*() & { return Checked(); }
    const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }
    T* operator->() { return &Checked(); }
    const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }

    // Requires: !has_value().
    const Error& error() const& {
        XINQIAO_ASSERT(!has_value(), "Result::error() on a value");
        return std::get<Error>(state_);
    }
    Error&& error() && {
        XINQIAO_ASSERT(!has_value(), "Result::error() on a value");
        return std::move(std::get<Error>(state_));
    }

    template <typename U>
    T value_or(U&& fallback) const& {
        return has_value() ? std::get<T>(state_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    T& Checked() {
        XINQIAO_ASSERT(has_value(), "Result::value() on an error");
        return std::get<T>(state_);
    }
    std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    using value_type = void;

    Result() = default;
    Result(Error error) : error_(std::move(error)), has_error_(true) {}  // NOLINT(google-explicit-constructor)
    Result(Unexpected u) : error_(std::move(u.error)), has_error_(true) {}  // NOLINT(google-explicit-constructor)

    bool has_value() const { return !has_error_; }
    explicit operator bool() const { return has_value(); }
    void value() const { XINQIAO_ASSERT(has_value(), "Result::value() on an error"); }
    const Error& error() const& {
        XINQIAO_ASSERT(has_error_, "Result::error() on a value");
        return error_;
    }
    Error&& error() && {
        XINQIAO_ASSERT(has_error_, "Result::error() on a value");
        return std::move(error_);
    }

private:
    Error error_;
    bool has_error_ = false;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace xinqiao::core

// Evaluates `expr` (a Result); on error returns the error from the enclosing function.
#define XINQIAO_RETURN_IF_ERROR(expr)                                            \
    do {                                                                         \
        auto xinqiao_status_ = (expr);                                           \
        if (!xinqiao_status_) return ::xinqiao::core::Unexpected(std::move(xinqiao_status_).error()); \
    } while (false)

#define XINQIAO_CONCAT_INNER_(a, b) a##b
#define XINQIAO_CONCAT_(a, b) XINQIAO_CONCAT_INNER_(a, b)
// `XINQIAO_ASSIGN_OR_RETURN(auto x, Expr());` declares x from the value or returns the error.
#define XINQIAO_ASSIGN_OR_RETURN(decl, expr) \
    XINQIAO_ASSIGN_OR_RETURN_IMPL_(XINQIAO_CONCAT_(xinqiao_result_, __LINE__), decl, expr)
#define XINQIAO_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr)                                \
    auto tmp = (expr);                                                                 \
    if (!tmp) return ::xinqiao::core::Unexpected(std::move(tmp).error());             \
    decl = std::move(tmp).value()
