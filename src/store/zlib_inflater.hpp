#pragma once
// The Inflater port over zlib: raw DEFLATE as ZIP entries hold it.

#include "core/ports/inflater.hpp"

namespace xinqiao::store {

class ZlibInflater final : public core::ports::Inflater {
public:
    core::Result<std::string> Inflate(std::string_view deflated, std::size_t max_output) override;
};

// Raw DEFLATE of `data` (for tests that build workbooks).
std::string DeflateRaw(std::string_view data);

}  // namespace xinqiao::store
