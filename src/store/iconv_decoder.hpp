#pragma once
// The TextDecoder port over iconv (glibc): UTF-8 stays, everything else is read as GB18030.

#include "core/ports/text_decoder.hpp"

namespace xinqiao::store {

class IconvDecoder final : public core::ports::TextDecoder {
public:
    core::Result<std::string> ToUtf8(std::string_view bytes) override;
};

}  // namespace xinqiao::store
