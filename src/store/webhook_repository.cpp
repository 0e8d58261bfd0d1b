#include "store/webhook_repository.hpp"

#include <algorithm>

#include "store/screening_repository.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

using core::warning::Delivery;
using core::warning::DeliveryState;
using core::warning::Webhook;

constexpr const char* kHookColumns = "id, org_unit_id, format, url_enc, secret_enc, min_level, created_ms";
constexpr const char* kDeliveryColumns =
    "id, webhook_id, event, alert_id, level, tier, at_ms, attempts, next_ms, state, last_status, sent_ms";

DeliveryState ParseState(std::string_view s) {
    return core::ParseName(core::warning::kDeliveryStates, s).value_or(DeliveryState::kPending);
}

std::vector<Delivery> ReadDeliveries(const ResultSet& rs) {
    return rs.Map([&](Row& row) {
        Delivery d;
        d.id = row.Int();
        d.webhook_id = row.Int();
        d.event.event = row.Text();
        d.event.alert_id = row.Int();
        d.event.level = LevelOf(row.Int());
        d.event.tier = static_cast<core::warning::Tier>(std::clamp<std::int64_t>(row.Int(), 0, 4));
        d.event.at_ms = row.Int();
        d.attempts = static_cast<int>(row.Int());
        d.next_ms = row.OptInt();
        d.state = ParseState(row.View());
        if (const auto status = row.OptInt()) d.last_status = static_cast<int>(*status);
        d.sent_ms = row.OptInt();
        return d;
    });
}

}  // namespace

Result<std::vector<Webhook>> SqlWebhookRepository::Read(const ResultSet& rs) {
    return rs.Map([&](Row& row) -> Result<Webhook> {
        Webhook w;
        w.id = row.Int();
        w.unit_id = row.Int();
        w.format = core::warning::ParseWebhookFormat(row.View()).value_or(core::warning::WebhookFormat::kGeneric);
        XINQIAO_ASSIGN_OR_RETURN(w.url, keyring_.Decrypt(row.View(), kWebhookUrl.context));
        if (const auto secret = row.View(); !secret.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(w.secret, keyring_.Decrypt(secret, kWebhookSecret.context));
        }
        w.min_level = LevelOf(row.Int());
        w.created_ms = row.Int();
        return w;
    });
}

Result<std::int64_t> SqlWebhookRepository::Insert(const Webhook& w) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("INSERT INTO webhooks (org_unit_id, format, url_enc, secret_enc, min_level, created_ms) "
                                "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                {w.unit_id, std::string(core::warning::WebhookFormatName(w.format)),
                                 keyring_.Encrypt(w.url, kWebhookUrl.context),
                                 w.secret.empty() ? std::string() : keyring_.Encrypt(w.secret, kWebhookSecret.context),
                                 std::int64_t{static_cast<int>(w.min_level)}, w.created_ms}));
    return rs.Int();
}

Result<Webhook> SqlWebhookRepository::Get(std::int64_t id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kHookColumns + " FROM webhooks WHERE id = $1", {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto hooks, Read(rs));
    if (hooks.empty()) return core::Error::NotFound("no webhook " + std::to_string(id));
    return std::move(hooks.front());
}

Status SqlWebhookRepository::Delete(std::int64_t id) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute("DELETE FROM webhook_deliveries WHERE webhook_id = $1", {id}));
    XINQIAO_ASSIGN_OR_RETURN(const auto n, session_.Execute("DELETE FROM webhooks WHERE id = $1", {id}));
    if (n == 0) return core::Error::NotFound("no webhook " + std::to_string(id));
    return core::Ok();
}

Result<std::vector<Webhook>> SqlWebhookRepository::OnUnit(core::org::OrgUnitId unit) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kHookColumns + " FROM webhooks WHERE org_unit_id = $1 ORDER BY id",
                                {unit}));
    return Read(rs);
}

Status SqlWebhookRepository::EnqueueFor(const std::vector<core::org::OrgUnitId>& units,
                                        const core::warning::WebhookEvent& e, std::int64_t due_ms) {
    if (units.empty()) return core::Ok();
    const std::int64_t level = static_cast<int>(e.level);
    SqlBuilder b;
    // Typed, so PostgreSQL knows the parameters of a SELECT list.
    b.Add("INSERT INTO webhook_deliveries (webhook_id, event, alert_id, level, tier, at_ms, attempts, next_ms, state) "
          "SELECT id, CAST(", e.event, " AS TEXT)");
    b.Add(", CAST(", e.alert_id, " AS BIGINT)");
    b.Add(", CAST(", level, " AS INTEGER)");
    b.Add(", CAST(", std::int64_t{static_cast<int>(e.tier)}, " AS INTEGER)");
    b.Add(", CAST(", e.at_ms, " AS BIGINT)");
    b.Add(", 0, CAST(", due_ms, " AS BIGINT)");
    b.Text(", 'pending' FROM webhooks WHERE org_unit_id IN (");
    b.List(units);
    b.Add(") AND min_level >= ", level);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(b.sql, b.params));
    return core::Ok();
}

Result<Delivery> SqlWebhookRepository::GetDelivery(std::int64_t id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE id = $1", {id}));
    auto all = ReadDeliveries(rs);
    if (all.empty()) return core::Error::NotFound("no delivery " + std::to_string(id));
    return std::move(all.front());
}

Result<std::vector<Delivery>> SqlWebhookRepository::Due(std::int64_t now_ms, int limit) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kDeliveryColumns +
                                    " FROM webhook_deliveries WHERE next_ms IS NOT NULL AND next_ms <= $1 "
                                    "ORDER BY next_ms, id LIMIT $2",
                                {now_ms, std::int64_t{limit}}));
    return ReadDeliveries(rs);
}

Result<std::vector<Delivery>> SqlWebhookRepository::Recent(std::int64_t webhook_id, int limit) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kDeliveryColumns +
                                    " FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
                                {webhook_id, std::int64_t{limit}}));
    return ReadDeliveries(rs);
}

Result<bool> SqlWebhookRepository::Update(const Delivery& d, int seen_attempts) {
    XINQIAO_ASSIGN_OR_RETURN(
        const auto n,
        session_.Execute("UPDATE webhook_deliveries SET attempts = $3, next_ms = $4, state = $5, last_status = $6, "
                         "sent_ms = $7 WHERE id = $1 AND attempts = $2",
                         {d.id, std::int64_t{seen_attempts}, std::int64_t{d.attempts}, OptionalInt(d.next_ms),
                          std::string(core::warning::DeliveryStateName(d.state)),
                          d.last_status ? Value(std::int64_t{*d.last_status}) : Value(), OptionalInt(d.sent_ms)}));
    return n == 1;
}

}  // namespace xinqiao::store
