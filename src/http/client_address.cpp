#include "http/client_address.hpp"

#include <algorithm>

#include "core/common/text.hpp"

namespace xinqiao::http {

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
    const auto trusted = [&](std::string_view a) {
        return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
    };
    if (!trusted(peer)) return peer;
    std::string client = peer;
    // Walk from the right: each trusted hop vouches for the one before it.
    while (!forwarded_for.empty()) {
        const auto comma = forwarded_for.rfind(',');
        const std::string_view entry =
            core::TrimAscii(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        if (entry.empty() || entry.size() > 64) break;
        client = std::string(entry);
        if (!trusted(entry)) break;
    }
    return client;
}

}  // namespace xinqiao::http
