// `xinqiao admin ...`: accounts, grants, second factors and activation codes from the command line.
#include "cli/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

#include <sys/stat.h>

#include <boost/json/serialize.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/ports/clock.hpp"

namespace xinqiao::cli {
namespace {

std::string ReadPasswordFromStdin() {
    std::string line;
    int c;
    while ((c = std::getchar()) != EOF && c != '\n') line += static_cast<char>(c);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

int Admin(const std::string& sub, const Parsed& p) {
    if (sub == "rotate-key") return RotateKey(p);
    std::string login, name, role_name, unit_text;
    for (const auto& [key, value] : p.rest) {
        if (key == "login") login = value;
        else if (key == "name") name = value;
        else if (key == "role") role_name = value;
        else if (key == "unit") unit_text = value;
        else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    if (login.empty()) return Fail(core::Error::InvalidArgument("--login is required"), 2);
    auto ctx = OpenAdmin(p.config);
    if (!ctx) return Fail(ctx.error());
    auto& auth = *(*ctx)->auth;
    if (sub == "create-user" || sub == "reset-password") {
        if (sub == "create-user" && name.empty()) return Fail(core::Error::InvalidArgument("--name is required"), 2);
        const std::string password = ReadPasswordFromStdin();
        core::Status r;
        if (sub == "create-user") {
            if (auto id = auth.CreateAccount(kOperator, login, name, password); !id) r = id.error();
        } else {
            r = auth.ResetPassword(kOperator, login, password);
        }
        if (!r) return Fail(r.error());
        std::printf("%s: done for %s\n", sub.c_str(), login.c_str());
        return 0;
    }
    if (sub == "issue-activation") {
        auto issued = auth.IssueActivation(kOperator, login);
        if (!issued) return Fail(issued.error());
        std::printf("issue-activation: %s\ncode: %s (works once, until %s; hand it over privately)\n", login.c_str(),
                    issued->code.c_str(), core::FormatRfc3339Millis(issued->expires_ms).substr(0, 10).c_str());
        return 0;
    }
    if (sub == "enroll-totp") {
        auto e = auth.EnrollTwoFactor(kOperator, login);
        if (!e) return Fail(e.error());
        std::printf("enroll-totp: %s\nsecret: %s\nuri: %s\nrecovery codes (each works once; hand them over privately):\n",
                    login.c_str(), e->secret.c_str(), e->otpauth_uri.c_str());
        for (const auto& code : e->recovery_codes) std::printf("  %s\n", code.c_str());
        return 0;
    }
    if (sub == "grant" || sub == "revoke") {
        const auto role = core::auth::ParseRole(role_name);
        if (!role) return Fail(core::Error::InvalidArgument("--role must be one of the role names (see docs)"), 2);
        const auto unit = core::ParseInt64(unit_text);
        if (!unit || *unit <= 0) return Fail(core::Error::InvalidArgument("--unit must be an org unit id"), 2);
        const auto r = sub == "grant" ? auth.GrantRole(kOperator, login, *role, *unit)
                                      : auth.RevokeRole(kOperator, login, *role, *unit);
        if (!r) return Fail(r.error());
        std::printf("%s: %s %s on unit %lld\n", sub.c_str(), login.c_str(), role_name.c_str(),
                    static_cast<long long>(*unit));
        return 0;
    }
    std::fprintf(stderr, "xinqiao: unknown admin command %s (try xinqiao help)\n", sub.c_str());
    return 2;
}

}  // namespace xinqiao::cli
