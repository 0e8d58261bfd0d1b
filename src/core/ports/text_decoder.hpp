#pragma once
// Decoding uploaded text files, implemented in store/ (iconv).

#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace xinqiao::core::ports {

// Turns the bytes of an uploaded text file into UTF-8: a UTF-8 byte order mark or valid UTF-8
// stays as it is, anything else is read as GB18030 (GBK), as Chinese Excel saves CSV.
class TextDecoder {
public:
    virtual ~TextDecoder() = default;
    // kInvalidArgument (field "file") if the bytes are neither.
    virtual Result<std::string> ToUtf8(std::string_view bytes) = 0;
};

}  // namespace xinqiao::core::ports
