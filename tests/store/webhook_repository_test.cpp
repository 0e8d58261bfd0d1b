// The webhook repository's contract, on SQLite and PostgreSQL: webhooks with their URL and
// secret sealed at rest, the outbox queued for the units an alert concerns at the levels each
// webhook takes, due deliveries in order, and a try claimed by one server only.
#include "core/ports/webhooks.hpp"
#include "support/repository_contract.hpp"

namespace xinqiao::store {
namespace {

using core::screening::Level;
using core::warning::Delivery;
using core::warning::DeliveryState;
using core::warning::Webhook;
using core::warning::WebhookEvent;
using core::warning::WebhookFormat;
using testing::Backend;

class WebhookRepositoryContract : public testing::RepositoryContract {
protected:
    std::int64_t Add(core::org::OrgUnitId unit, Level min_level, const std::string& url) {
        Webhook w;
        w.unit_id = unit;
        w.format = WebhookFormat::kGeneric;
        w.url = url;
        w.secret = "s3cret-for-" + url;
        w.min_level = min_level;
        w.created_ms = kNow;
        const auto id = Write([&](Repositories& r) { return r.Webhooks().Insert(w); });
        EXPECT_TRUE(id) << id.error().message;
        return id ? *id : 0;
    }

    static WebhookEvent Raised(std::int64_t alert_id, Level level) {
        return {"alert.raised", alert_id, level, core::warning::Tier::kClass, kNow};
    }

    // An alert to hang deliveries on (deliveries reference it).
    std::int64_t AnAlert() {
        core::warning::NewAlert a;
        a.student_id = ann_;
        a.org_path = class1_.path;
        a.created_ms = kNow;
        a.due_ms = kNow + kHour;
        return Write([&](Repositories& r) { return r.Alerts().Insert(a); }).value();
    }
};

TEST_P(WebhookRepositoryContract, AWebhookReadsBackAndItsUrlAndSecretAreSealedAtRest) {
    const auto id = Add(school_.id, Level::kII, "https://hooks.example.cn/xinqiao-school");
    const auto w = Read([&](Repositories& r) { return r.Webhooks().Get(id); });
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->unit_id, school_.id);
    EXPECT_EQ(w->url, "https://hooks.example.cn/xinqiao-school");
    EXPECT_EQ(w->secret, "s3cret-for-https://hooks.example.cn/xinqiao-school");
    EXPECT_EQ(w->min_level, Level::kII);
    EXPECT_TRUE(AnyCellContains("SELECT * FROM org_units", "明湖一中")) << "the check finds plaintext";
    EXPECT_FALSE(AnyCellContains("SELECT * FROM webhooks", "hooks.example.cn"));
    EXPECT_FALSE(AnyCellContains("SELECT * FROM webhooks", "s3cret"));

    Add(county_.id, Level::kI, "https://hooks.example.cn/county");
    const auto on_school = Read([&](Repositories& r) { return r.Webhooks().OnUnit(school_.id); });
    ASSERT_TRUE(on_school);
    ASSERT_EQ(on_school->size(), 1u);
    EXPECT_EQ((*on_school)[0].id, id);

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Webhooks().Delete(id); }));
    const auto gone = Read([&](Repositories& r) { return r.Webhooks().Get(id); });
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, core::ErrorCode::kNotFound);
}

TEST_P(WebhookRepositoryContract, AnEventIsQueuedForTheWebhooksOfItsUnitsThatTakeItsLevel) {
    const auto school_hook = Add(school_.id, Level::kII, "https://a.example.cn/");
    const auto county_hook = Add(county_.id, Level::kI, "https://b.example.cn/");
    const auto other_hook = Add(other_school_.id, Level::kIII, "https://c.example.cn/");
    const auto alert = AnAlert();
    const std::vector<core::org::OrgUnitId> units = {county_.id, school_.id, grade_.id, class1_.id};

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Webhooks().EnqueueFor(units, Raised(alert, Level::kII), kNow); }));
    auto due = Read([&](Repositories& r) { return r.Webhooks().Due(kNow, 10); });
    ASSERT_TRUE(due) << due.error().message;
    ASSERT_EQ(due->size(), 1u) << "the county takes level I only; the other school is not concerned";
    EXPECT_EQ((*due)[0].webhook_id, school_hook);
    EXPECT_EQ((*due)[0].event.alert_id, alert);
    EXPECT_EQ((*due)[0].event.event, "alert.raised");
    EXPECT_EQ((*due)[0].state, DeliveryState::kPending);

    ASSERT_TRUE(Write([&](Repositories& r) { return r.Webhooks().EnqueueFor(units, Raised(alert, Level::kI), kNow + 5); }));
    due = Read([&](Repositories& r) { return r.Webhooks().Due(kNow + 5, 10); });
    ASSERT_EQ(due->size(), 3u);
    EXPECT_EQ((*due)[0].webhook_id, school_hook) << "earliest first";
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Webhooks().Recent(other_hook, 10); })->empty());
    EXPECT_EQ(Read([&](Repositories& r) { return r.Webhooks().Recent(county_hook, 10); })->size(), 1u);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Webhooks().Due(kNow - 1, 10); })->empty()) << "not due yet";
    EXPECT_TRUE(Write([&](Repositories& r) { return r.Webhooks().EnqueueFor({}, Raised(alert, Level::kI), kNow); }));
}

TEST_P(WebhookRepositoryContract, ATryIsClaimedOnlyOnTheAttemptsSeen) {
    Add(school_.id, Level::kIII, "https://a.example.cn/");
    const auto alert = AnAlert();
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Webhooks().EnqueueFor({school_.id}, Raised(alert, Level::kII), kNow); }));
    Delivery d = Read([&](Repositories& r) { return r.Webhooks().Due(kNow, 1); }).value().at(0);
    Delivery other = d;

    d.attempts = 1;
    d.state = DeliveryState::kSent;
    d.last_status = 200;
    d.sent_ms = kNow + 10;
    d.next_ms.reset();
    ASSERT_TRUE(Write([&](Repositories& r) { return r.Webhooks().Update(d, 0); }).value());

    other.attempts = 1;
    other.next_ms = kNow + kHour;
    other.last_status = 503;
    EXPECT_FALSE(Write([&](Repositories& r) { return r.Webhooks().Update(other, 0); }).value())
        << "another server took this try first";

    const auto stored = Read([&](Repositories& r) { return r.Webhooks().GetDelivery(d.id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->state, DeliveryState::kSent);
    EXPECT_EQ(stored->attempts, 1);
    EXPECT_EQ(stored->last_status, 200);
    EXPECT_EQ(stored->sent_ms, kNow + 10);
    EXPECT_EQ(stored->next_ms, std::nullopt);
    EXPECT_TRUE(Read([&](Repositories& r) { return r.Webhooks().Due(kNow + 2 * kHour, 10); })->empty())
        << "a sent delivery is not due again";
}

INSTANTIATE_TEST_SUITE_P(Drivers, WebhookRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
