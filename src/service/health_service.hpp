#pragma once
// Readiness and pool figures for /readyz and /metrics.

#include "core/ports/data_store.hpp"

namespace xinqiao::service {

class HealthService {
public:
    explicit HealthService(core::ports::DataStore& store) : store_(store) {}
    // Ok if the database answers; kUnavailable otherwise. Blocks: call from a database executor.
    core::Status Ready() { return store_.Ping(); }
    core::ports::PoolFigures PoolFigures() { return store_.Figures(); }

private:
    core::ports::DataStore& store_;
};

}  // namespace xinqiao::service
