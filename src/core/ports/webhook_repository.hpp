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

#include "core/common/enum_names.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/warning/webhook.hpp"

namespace xinqiao::core::ports {

struct Webhook {
    std::int64_t id = 0;
    org::OrgUnitId unit_id = 0;
    warning::WebhookFormat format = warning::WebhookFormat::kGeneric;
    std::string url;     // plaintext in memory, sealed at rest
    std::string secret;  // likewise; empty for WeCom
    screening::Level min_level = screening::Level::kII;  // alerts at this level or more urgent
    std::int64_t created_ms = 0;
};

enum class DeliveryState { kPending, kSent, kFailed };
inline constexpr NameTable<DeliveryState, 3> kDeliveryStates = {{
    {DeliveryState::kPending, "pending"}, {DeliveryState::kSent, "sent"}, {DeliveryState::kFailed, "failed"}}};
inline std::string_view DeliveryStateName(DeliveryState s) { return NameOf(kDeliveryStates, s); }

struct Delivery {
    std::int64_t id = 0;
    std::int64_t webhook_id = 0;
    warning::WebhookEvent event;
    int attempts = 0;
    std::optional<std::int64_t> next_ms;  // when it is (next) due; none once sent or given up
    DeliveryState state = DeliveryState::kPending;
    std::optional<int> last_status;       // the receiver's HTTP status; none for no answer
    std::optional<std::int64_t> sent_ms;
};

class WebhookRepository {
public:
    virtual ~WebhookRepository() = default;
    virtual Result<std::int64_t> Insert(const Webhook& w) = 0;
    // kNotFound if there is none.
    virtual Result<Webhook> Get(std::int64_t id) = 0;
    virtual Status Delete(std::int64_t id) = 0;
    // The webhooks set on `unit`.
    virtual Result<std::vector<Webhook>> OnUnit(org::OrgUnitId unit) = 0;
    // Queues `event`, due at `due_ms`, for every webhook set on one of `units` that takes alerts of
    // the event's level: one statement, nothing unsealed (it runs with every alert raised).
    virtual Status EnqueueFor(const std::vector<org::OrgUnitId>& units, const warning::WebhookEvent& event,
                              std::int64_t due_ms) = 0;
    virtual Result<Delivery> GetDelivery(std::int64_t id) = 0;
    // Pending deliveries due at `now_ms`, earliest first.
    virtual Result<std::vector<Delivery>> Due(std::int64_t now_ms, int limit) = 0;
    // The latest deliveries of a webhook, newest first.
    virtual Result<std::vector<Delivery>> Recent(std::int64_t webhook_id, int limit) = 0;
    // Writes the delivery's attempts, next time, state, status and sent time, only if its attempts
    // are still `seen_attempts`: false when another server took this try first.
    virtual Result<bool> Update(const Delivery& d, int seen_attempts) = 0;
};

// Sends one webhook request. Implemented over HTTP(S) in src/http.
class WebhookTransport {
public:
    virtual ~WebhookTransport() = default;
    // The receiver's HTTP status, or kUnavailable when it could not be reached in time.
    virtual Result<int> Post(const warning::OutgoingPost& post) = 0;
};

}  // namespace xinqiao::core::ports
