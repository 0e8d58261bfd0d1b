#pragma once
// Reading instrument definitions (instruments/*.json) into core::screening::Instrument. A bad
// file is reported with its name and the JSON path of the problem, so start-up can stop with a
// message that says where to look.

#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/screening/instrument.hpp"

namespace xinqiao::store {

// One definition from its JSON text, validated. kInvalidArgument whose field is the JSON path.
core::Result<core::screening::Instrument> ParseInstrument(std::string_view json);

// Every *.json file in `dir`, by id. kInvalidArgument naming the file and the path on the first
// bad one ("instruments/phq9.json: /items/8/critical/level: ..."); two files with one id are
// refused too. kNotFound if the directory cannot be read.
core::Result<std::vector<core::screening::Instrument>> LoadInstruments(const std::string& dir);

}  // namespace xinqiao::store
