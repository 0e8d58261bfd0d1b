#pragma once
// Storage of outgoing webhooks (set on org units) and their deliveries: an outbox written in the
// same transaction as the alert change it reports, so an acknowledged change is never left
// unannounced, and sent from there by whichever server gets to it first. URLs and secrets are
// sealed at rest. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/warning/webhook.hpp"

namespace xinqiao::core::ports {

class WebhookRepository {
public:
    virtual ~WebhookRepository() = default;
    virtual Result<std::int64_t> Insert(const warning::Webhook& w) = 0;
    // kNotFound if there is none.
    virtual Result<warning::Webhook> Get(std::int64_t id) = 0;
    virtual Status Delete(std::int64_t id) = 0;
    // The webhooks set on `unit`.
    virtual Result<std::vector<warning::Webhook>> OnUnit(org::OrgUnitId unit) = 0;
    // Queues `event`, due at `due_ms`, for every webhook set on one of `units` that takes alerts of
    // the event's level: one statement, nothing unsealed (it runs with every alert raised).
    virtual Status EnqueueFor(const std::vector<org::OrgUnitId>& units, const warning::WebhookEvent& event,
                              std::int64_t due_ms) = 0;
    virtual Result<warning::Delivery> GetDelivery(std::int64_t id) = 0;
    // Pending deliveries due at `now_ms`, earliest first.
    virtual Result<std::vector<warning::Delivery>> Due(std::int64_t now_ms, int limit) = 0;
    // The latest deliveries of a webhook, newest first.
    virtual Result<std::vector<warning::Delivery>> Recent(std::int64_t webhook_id, int limit) = 0;
    // Writes the delivery's attempts, next time, state, status and sent time, only if its attempts
    // are still `seen_attempts`: false when another server took this try first.
    virtual Result<bool> Update(const warning::Delivery& d, int seen_attempts) = 0;
};

}  // namespace xinqiao::core::ports
