#include "core/auth/login.hpp"

namespace xinqiao::core::auth {

Result<std::string> NormalizeLogin(const std::string& login) {
    std::string out;
    for (char c : login) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        const bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' ||
                        lower == '_' || lower == '-';
        if (!ok) return Error::InvalidArgument("a login may hold only letters, digits, '.', '_' and '-'", "/login");
        out += lower;
    }
    if (out.size() < 3 || out.size() > 64) return Error::InvalidArgument("a login has 3 to 64 characters", "/login");
    return out;
}

}  // namespace xinqiao::core::auth
