#include "service/webhook_service.hpp"

#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::ports::Repositories;
using core::warning::Delivery;
using core::warning::DeliveryState;

// How long a claimed try holds its delivery: a server that dies mid-send leaves it to be tried
// again after this.
constexpr std::int64_t kClaimMs = 60'000;
constexpr int kMaxPerUnit = 10;

// A province, city, county or school the principal may edit.
Result<core::org::OrgUnit> UnitFor(Repositories& r, const Principal& p, core::org::OrgUnitId unit, Action action) {
    XINQIAO_ASSIGN_OR_RETURN(auto u, AuthorizedUnit(r, p, unit, action));
    using core::org::OrgKind;
    if (u.kind != OrgKind::kProvince && u.kind != OrgKind::kCity && u.kind != OrgKind::kCounty &&
        u.kind != OrgKind::kSchool) {
        return Error::InvalidArgument("webhooks are set on a province, city, county or school", "/unit_id");
    }
    return u;
}

AuditTarget HookTarget(std::int64_t id, const core::org::OrgUnit& u) { return {"webhook", std::to_string(id), u.path}; }

}  // namespace

Status NotifyWebhooks(Repositories& r, const core::warning::Alert& a, const std::string& event, std::int64_t now) {
    const core::warning::WebhookEvent e{event, a.id, a.alert.level, a.alert.tier, now};
    return r.Webhooks().EnqueueFor(core::org::PathIds(a.alert.org_path), e, now);
}

Result<std::int64_t> WebhookService::Create(const Principal& p, const NewWebhook& w) {
    XINQIAO_RETURN_IF_ERROR(core::warning::ValidateWebhook(w.format, w.url, w.secret));
    if (w.min_level == core::screening::Level::kIV) {
        return Error::InvalidArgument("min_level must be I, II or III", "/min_level");
    }
    return WriteResult(store_, [&](Repositories& r) -> Result<std::int64_t> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, UnitFor(r, p, w.unit_id, Action::kEditOrgTree));
        XINQIAO_ASSIGN_OR_RETURN(const auto existing, r.Webhooks().OnUnit(u.id));
        if (existing.size() >= kMaxPerUnit) {
            return Error::FailedPrecondition("a unit has at most " + std::to_string(kMaxPerUnit) + " webhooks");
        }
        core::warning::Webhook hook;
        hook.unit_id = u.id;
        hook.format = w.format;
        hook.url = w.url;
        hook.secret = w.secret;
        hook.min_level = w.min_level;
        hook.created_ms = clock_.NowUnixMillis();
        XINQIAO_ASSIGN_OR_RETURN(const auto id, r.Webhooks().Insert(hook));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(), "webhook.create", HookTarget(id, u)));
        return id;
    });
}

Result<std::vector<WebhookView>> WebhookService::OnUnit(const Principal& p, core::org::OrgUnitId unit) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<WebhookView>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto u, UnitFor(r, p, unit, Action::kEditOrgTree));
        XINQIAO_ASSIGN_OR_RETURN(auto hooks, r.Webhooks().OnUnit(u.id));
        std::vector<WebhookView> out;
        for (auto& h : hooks) {
            WebhookView v;
            XINQIAO_ASSIGN_OR_RETURN(v.recent, r.Webhooks().Recent(h.id, 10));
            h.url = core::warning::MaskedUrl(h.url);
            h.secret.clear();
            v.hook = std::move(h);
            out.push_back(std::move(v));
        }
        return out;
    });
}

Status WebhookService::Delete(const Principal& p, std::int64_t id) {
    const std::string missing = "no webhook with id " + std::to_string(id);
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto hook, NotFoundAs(r.Webhooks().Get(id), missing));
        auto u = UnitFor(r, p, hook.unit_id, Action::kEditOrgTree);
        if (!u) return u.error().code == core::ErrorCode::kNotFound ? Error::NotFound(missing) : std::move(u).error();
        XINQIAO_RETURN_IF_ERROR(r.Webhooks().Delete(id));
        return AppendAudit(r, clock_, p.AsActor(), "webhook.delete", HookTarget(id, *u));
    });
}

Result<int> WebhookService::DeliverDue(int limit) {
    const std::int64_t now = clock_.NowUnixMillis();
    XINQIAO_ASSIGN_OR_RETURN(const auto due, ReadResult(store_, [&](Repositories& r) { return r.Webhooks().Due(now, limit); }));
    int sent = 0;
    for (const auto& candidate : due) {
        // Claim this try: the next try is due after kClaimMs unless this one settles it.
        Delivery d;
        core::warning::Webhook hook;
        bool claimed = false;
        XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
            XINQIAO_ASSIGN_OR_RETURN(d, r.Webhooks().GetDelivery(candidate.id));
            if (d.state != DeliveryState::kPending || !d.next_ms || *d.next_ms > now) return core::Ok();
            const int seen = d.attempts;
            ++d.attempts;
            d.next_ms = now + kClaimMs;
            XINQIAO_ASSIGN_OR_RETURN(claimed, r.Webhooks().Update(d, seen));
            if (!claimed) return core::Ok();
            XINQIAO_ASSIGN_OR_RETURN(hook, r.Webhooks().Get(d.webhook_id));
            return core::Ok();
        }));
        if (!claimed) continue;

        const auto post = core::warning::RenderWebhook(hook.format, hook.url, hook.secret, d.event, d.id,
                                                       link_base_ + "/alerts/" + std::to_string(d.event.alert_id),
                                                       clock_.NowUnixMillis(), hmac_);
        const auto answer = transport_.Post(post);
        const bool ok = answer && *answer >= 200 && *answer < 300;
        const std::int64_t after = clock_.NowUnixMillis();
        const int claimed_attempts = d.attempts;
        d.last_status = answer ? std::optional<int>(*answer) : std::nullopt;
        if (ok) {
            d.state = DeliveryState::kSent;
            d.next_ms.reset();
            d.sent_ms = after;
            ++sent;
        } else if (d.attempts >= core::warning::kMaxWebhookAttempts) {
            d.state = DeliveryState::kFailed;
            d.next_ms.reset();
        } else {
            d.next_ms = after + core::warning::RetryDelayMs(d.attempts);
        }
        XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> Status {
            XINQIAO_ASSIGN_OR_RETURN([[maybe_unused]] const bool written, r.Webhooks().Update(d, claimed_attempts));
            return core::Ok();
        }));
    }
    return sent;
}

}  // namespace xinqiao::service
