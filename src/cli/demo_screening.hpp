#pragma once
// The demo region's screening: a campaign the demo county's bureau launched ten days ago, which
// most students of the demo school have answered with synthetic answers, so that a fresh
// `make run` shows progress, levels, class lists, alerts and archives. Everything goes through
// the services, as a real screening would.

#include <cstdint>
#include <string>

#include "core/common/result.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/random_source.hpp"
#include "core/screening/campaign.hpp"
#include "service/instrument_library.hpp"
#include "store/data_store.hpp"

namespace xinqiao::cli {

struct DemoScreening {
    std::string name;
    core::screening::Progress progress;  // of the demo county
};

// The answers come from `seed`: the same seed gives the same levels. The first student of the
// demo class (the one in the demo accounts file) is left to answer.
core::Result<DemoScreening> LoadDemoScreening(store::Database& db, store::SqlDataStore& data, core::ports::Clock& clock,
                                              core::ports::RandomSource& random,
                                              const service::InstrumentLibrary& library, std::uint64_t seed);

}  // namespace xinqiao::cli
