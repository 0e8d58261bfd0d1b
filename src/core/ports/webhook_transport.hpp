#pragma once
// Sending a webhook's HTTP POST, implemented in http/ (the service layer never opens sockets).

#include <string>

#include "core/common/result.hpp"
#include "core/warning/webhook.hpp"

namespace xinqiao::core::ports {

// Sends one webhook request. Implemented over HTTP(S) in src/http.
class WebhookTransport {
public:
    virtual ~WebhookTransport() = default;
    // The receiver's HTTP status, or kUnavailable when it could not be reached in time.
    virtual Result<int> Post(const warning::OutgoingPost& post) = 0;
};

}  // namespace xinqiao::core::ports
