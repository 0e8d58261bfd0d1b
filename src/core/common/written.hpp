#pragma once
// Text a person wrote (a note, a record, a reason): one check for every form that takes it.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/common/result.hpp"

namespace xinqiao::core {

// Valid UTF-8, not blank when `required` (an optional text may be empty), at most `max` code
// points; else kInvalidArgument on `field` naming `what` ("the note is empty").
Status CheckWritten(std::string_view text, std::size_t max, std::string_view what, const std::string& field,
                    bool required = true);

}  // namespace xinqiao::core
