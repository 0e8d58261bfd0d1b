#pragma once
// DEFLATE decompression for uploaded .xlsx files, implemented in store/ (zlib).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace xinqiao::core::ports {

// Raw DEFLATE (RFC 1951) decompression, for the entries of uploaded .xlsx files.
class Inflater {
public:
    virtual ~Inflater() = default;
    // The inflated bytes. kInvalidArgument (field "file") if `deflated` is not valid DEFLATE
    // data or inflates to more than `max_output` bytes.
    virtual Result<std::string> Inflate(std::string_view deflated, std::size_t max_output) = 0;
};

}  // namespace xinqiao::core::ports
