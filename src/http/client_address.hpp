#pragma once
// The address sign-in lockout counts against. Directly connected clients are their peer
// address. Behind a reverse proxy every peer is the proxy, so for peers listed as trusted the
// client is the rightmost X-Forwarded-For entry that is not itself a trusted proxy (entries to
// its left are whatever the client chose to send, so they are never believed).

#include <string>
#include <string_view>
#include <vector>

namespace xinqiao::http {

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace xinqiao::http
