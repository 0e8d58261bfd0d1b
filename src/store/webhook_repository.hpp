#pragma once
// WebhookRepository over a Session; URLs and secrets sealed with the keyring.

#include "core/ports/webhook_repository.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlWebhookRepository final : public core::ports::WebhookRepository {
public:
    SqlWebhookRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<std::int64_t> Insert(const core::ports::Webhook& w) override;
    Result<core::ports::Webhook> Get(std::int64_t id) override;
    Status Delete(std::int64_t id) override;
    Result<std::vector<core::ports::Webhook>> OnUnit(core::org::OrgUnitId unit) override;
    Status EnqueueFor(const std::vector<core::org::OrgUnitId>& units, const core::warning::WebhookEvent& event,
                      std::int64_t due_ms) override;
    Result<core::ports::Delivery> GetDelivery(std::int64_t id) override;
    Result<std::vector<core::ports::Delivery>> Due(std::int64_t now_ms, int limit) override;
    Result<std::vector<core::ports::Delivery>> Recent(std::int64_t webhook_id, int limit) override;
    Result<bool> Update(const core::ports::Delivery& d, int seen_attempts) override;

private:
    Result<std::vector<core::ports::Webhook>> Read(const ResultSet& rs);
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
