#pragma once
// Runs a function that produces a Result inside one read transaction.

#include <optional>
#include <string>
#include <utility>

#include "core/ports/data_store.hpp"

namespace xinqiao::service {

// Runs `fn(repos)` in one read-only transaction and returns what it produced.
template <typename Fn>
auto ReadResult(core::ports::DataStore& store, Fn fn) -> decltype(fn(std::declval<core::ports::Repositories&>())) {
    using R = decltype(fn(std::declval<core::ports::Repositories&>()));
    std::optional<R> out;
    XINQIAO_RETURN_IF_ERROR(store.Read([&](core::ports::Repositories& r) -> core::Status {
        out.emplace(fn(r));
        if (!*out) return out->error();
        return core::Ok();
    }));
    return std::move(*out);
}

// The same in a read-write transaction that commits only if `fn` succeeded.
template <typename Fn>
auto WriteResult(core::ports::DataStore& store, Fn fn) -> decltype(fn(std::declval<core::ports::Repositories&>())) {
    using R = decltype(fn(std::declval<core::ports::Repositories&>()));
    std::optional<R> out;
    XINQIAO_RETURN_IF_ERROR(store.Write([&](core::ports::Repositories& r) -> core::Status {
        out.emplace(fn(r));
        if (!*out) return out->error();
        return core::Ok();
    }));
    return std::move(*out);
}

// `r`, with a kNotFound error reworded as `message`: the caller's words for an id that is
// unknown or out of view alike.
template <typename T>
core::Result<T> NotFoundAs(core::Result<T> r, const std::string& message) {
    if (!r && r.error().code == core::ErrorCode::kNotFound) return core::Error::NotFound(message);
    return r;
}

}  // namespace xinqiao::service
