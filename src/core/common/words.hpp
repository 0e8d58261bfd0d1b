#pragma once
// What a person reads for a code the server stores ("case.close", "psychology_teacher"): the
// words of the documents the server writes itself (the audit export, spreadsheets). The web
// pages' own words are in web/src/shared/locales; a code only the pages show is worded there.

#include <string>

namespace xinqiao::core {

struct Words {
    std::string zh;  // Simplified Chinese, shown first
    std::string en;
};

}  // namespace xinqiao::core
