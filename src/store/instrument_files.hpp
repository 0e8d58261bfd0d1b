#pragma once
// Reading instrument definitions (instruments/*.json) into core::screening::Instrument. A bad
// file is reported with its name and the JSON path of the problem, so start-up can stop with a
// message that says where to look.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/screening/instrument.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::store {

// One definition from its JSON text, validated. kInvalidArgument whose field is the JSON path.
core::Result<core::screening::Instrument> ParseInstrument(std::string_view json);

// Every *.json file in `dir`, by id. kInvalidArgument naming the file and the path on the first
// bad one ("instruments/phq9.json: /items/8/critical/level: ..."); two files with one id are
// refused too. kNotFound if the directory cannot be read.
core::Result<std::vector<core::screening::Instrument>> LoadInstruments(const std::string& dir);

// A rule set (risk-rules/*.json), validated against `instruments` (ids and band labels must
// exist). kInvalidArgument whose field is the JSON path.
core::Result<core::screening::RiskRules> ParseRiskRules(std::string_view json,
                                                        const std::vector<core::screening::Instrument>& instruments);

// Every *.json in `dir` by file name without ".json"; "default" must be among them.
core::Result<std::map<std::string, core::screening::RiskRules>> LoadRiskRules(
    const std::string& dir, const std::vector<core::screening::Instrument>& instruments);

}  // namespace xinqiao::store
