#pragma once
// Sends webhook requests over HTTP and HTTPS (Boost.Beast, OpenSSL; peers verified against the
// system's certificate store), one connection per request, with a deadline.

#include "core/ports/webhook_transport.hpp"

namespace xinqiao::http {

class HttpWebhookTransport final : public core::ports::WebhookTransport {
public:
    explicit HttpWebhookTransport(int timeout_ms = 5000) : timeout_ms_(timeout_ms) {}
    // kUnavailable (with no URL in the message: it may hold a key) when the receiver could not be
    // reached or did not answer in time.
    core::Result<int> Post(const core::warning::OutgoingPost& post) override;

private:
    int timeout_ms_;
};

}  // namespace xinqiao::http
