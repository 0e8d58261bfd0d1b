#pragma once
// The shipped instrument definitions (instruments/) and the reference ones beside the checkout
// (../shared/instruments), as the instrument tests read them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/screening/instrument.hpp"
#include "store/instrument_files.hpp"

namespace xinqiao::testing {

inline const std::string kShippedInstruments = XINQIAO_INSTRUMENTS;
inline const std::string kReferenceInstruments = XINQIAO_REFERENCE_INSTRUMENTS;

inline std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every shipped definition; a definition that does not load fails the test (and gives none).
inline std::vector<core::screening::Instrument> ShippedInstruments() {
    auto all = store::LoadInstruments(kShippedInstruments);
    EXPECT_TRUE(all) << all.error().message;
    return all ? std::move(all).value() : std::vector<core::screening::Instrument>{};
}

inline const core::screening::Instrument* InstrumentById(const std::vector<core::screening::Instrument>& all,
                                                         const std::string& id) {
    for (const auto& i : all) {
        if (i.id == id) return &i;
    }
    return nullptr;
}

}  // namespace xinqiao::testing
