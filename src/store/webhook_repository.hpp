#pragma once
// WebhookRepository over a Session; URLs and secrets sealed with the keyring.

#include "core/ports/webhooks.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlWebhookRepository final : public core::ports::WebhookRepository {
public:
    SqlWebhookRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Insert(const core::warning::Webhook& w) override;
    Result<core::warning::Webhook> Get(std::int64_t id) override;
    Status Delete(std::int64_t id) override;
    Result<std::vector<core::warning::Webhook>> OnUnit(core::org::OrgUnitId unit) override;
    Status EnqueueFor(const std::vector<core::org::OrgUnitId>& units, const core::warning::WebhookEvent& event,
                      std::int64_t due_ms) override;
    Result<core::warning::Delivery> GetDelivery(std::int64_t id) override;
    Result<std::vector<core::warning::Delivery>> Due(std::int64_t now_ms, int limit) override;
    Result<std::vector<core::warning::Delivery>> Recent(std::int64_t webhook_id, int limit) override;
    Result<bool> Update(const core::warning::Delivery& d, int seen_attempts) override;

private:
    Result<std::vector<core::warning::Webhook>> Read(const ResultSet& rs);
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
