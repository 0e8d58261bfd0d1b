#pragma once
// Outgoing webhooks for alerts: set on a region or school by bureau staff and administrators,
// queued in the same transaction as the alert change they report (NotifyWebhooks), and sent by
// DeliverDue — signed, retried with back-off, never carrying anything about the student but a
// link back into Xinqiao.

#include <cstdint>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/ports/webhook_transport.hpp"
#include "core/warning/webhook.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

// Queues `event` about alert `a` for every webhook set on a unit above its student (the class
// path `a.alert.org_path`) that takes alerts of its level. In the caller's transaction.
core::Status NotifyWebhooks(core::ports::Repositories& r, const core::warning::Alert& a, const std::string& event,
                            std::int64_t now);

struct NewWebhook {
    core::org::OrgUnitId unit_id = 0;
    core::warning::WebhookFormat format = core::warning::WebhookFormat::kGeneric;
    std::string url;
    std::string secret;
    core::screening::Level min_level = core::screening::Level::kII;
};

// A webhook as its page shows it: the URL masked (its query may hold a key), never the secret.
struct WebhookView {
    core::warning::Webhook hook;  // url masked, secret cleared
    std::vector<core::warning::Delivery> recent;
};

class WebhookService {
public:
    // `link_base` is the address people open Xinqiao at ("https://xinqiao.example.edu.cn"); links
    // are `link_base` + "/alerts/" + id.
    WebhookService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::WebhookTransport& transport,
                   core::warning::HmacSha256Fn hmac, std::string link_base)
        : store_(store), clock_(clock), transport_(transport), hmac_(std::move(hmac)), link_base_(std::move(link_base)) {}

    // On a province, city, county or school where the principal may edit the tree. Audited
    // (without the URL or the secret).
    core::Result<std::int64_t> Create(const Principal& p, const NewWebhook& w);
    core::Result<std::vector<WebhookView>> OnUnit(const Principal& p, core::org::OrgUnitId unit);
    core::Status Delete(const Principal& p, std::int64_t id);

    // Sends up to `limit` due deliveries, each claimed first so two servers never both send it;
    // a failure (no answer, or a status other than 2xx) is tried again after RetryDelayMs, up to
    // kMaxWebhookAttempts. Returns how many this call sent successfully.
    core::Result<int> DeliverDue(int limit = 50);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::WebhookTransport& transport_;
    core::warning::HmacSha256Fn hmac_;
    std::string link_base_;
};

}  // namespace xinqiao::service
