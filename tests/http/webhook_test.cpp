// Outgoing webhooks against a real HTTP receiver on loopback, on SQLite and PostgreSQL: what is
// queued with which alert change, signatures a receiver can check, retries with back-off until
// the receiver answers 2xx (and giving up after the last try), and that nothing about the student
// ever leaves — only a link back into Xinqiao.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "core/common/text.hpp"
#include "core/warning/webhook.hpp"
#include "http/webhook_client.hpp"
#include "service/alert_service.hpp"
#include "service/screening_fixture.hpp"
#include "service/signal_service.hpp"
#include "service/webhook_service.hpp"
#include "store/crypto/keyring.hpp"

namespace xinqiao::service {
namespace {

using namespace fixture;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using core::warning::Concern;
using core::warning::DeliveryState;
using core::warning::WebhookFormat;

struct Received {
    std::string target;
    std::map<std::string, std::string> headers;
    std::string body;
};

// An HTTP server on 127.0.0.1 that records every request and answers the statuses it is given,
// in order (200 once they run out).
class Receiver {
public:
    explicit Receiver(std::deque<int> statuses = {}) : statuses_(std::move(statuses)), acceptor_(io_) {
        const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(at.protocol());
        acceptor_.bind(at);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { Serve(); });
    }
    ~Receiver() {
        stopping_ = true;
        beast::error_code ec;
        asio::ip::tcp::socket poke(io_);
        poke.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);  // wakes the accept
        thread_.join();
    }
    std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    std::vector<Received> Requests() {
        std::lock_guard lock(mu_);
        return received_;
    }

private:
    void Serve() {
        while (!stopping_) {
            asio::ip::tcp::socket socket(io_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) continue;
            beast::flat_buffer buffer;
            bhttp::request<bhttp::string_body> req;
            bhttp::read(socket, buffer, req, ec);
            if (ec) continue;
            int status = 200;
            {
                std::lock_guard lock(mu_);
                Received r;
                r.target = std::string(req.target());
                for (const auto& f : req) r.headers[std::string(f.name_string())] = std::string(f.value());
                r.body = req.body();
                received_.push_back(std::move(r));
                if (!statuses_.empty()) {
                    status = statuses_.front();
                    statuses_.pop_front();
                }
            }
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
            res.body() = "{}";
            res.prepare_payload();
            bhttp::write(socket, res, ec);
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        }
    }

    std::mutex mu_;
    std::deque<int> statuses_;
    std::vector<Received> received_;
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

constexpr const char* kSecret = "a webhook secret";

class WebhookTest : public ScreeningFixture {
protected:
    void SetUp() override {
        ScreeningFixture::SetUp();
        alerts_ = std::make_unique<AlertService>(accounts_->data, accounts_->clock);
        signals_ = std::make_unique<SignalService>(accounts_->data, accounts_->clock);
        webhooks_ = std::make_unique<WebhookService>(accounts_->data, accounts_->clock, transport_, store::HmacSha256,
                                                     "https://xinqiao.test");
        peer_ = Staff("peer.liu", Role::kPeerObserver, class1_);
        admin_ = Staff("admin.top", Role::kAdmin, county_);
    }

    std::int64_t Hook(const OrgUnit& unit, WebhookFormat format, const std::string& url, const std::string& secret,
                      Level min_level = Level::kII) {
        const auto id = webhooks_->Create(bureau_, {unit.id, format, url, secret, min_level});
        EXPECT_TRUE(id) << id.error().message;
        return id ? *id : 0;
    }

    // A peer hears talk of self-harm (level II) about pupil 0, and leaves words that must stay home.
    std::int64_t Report() {
        EXPECT_TRUE(signals_->File(peer_, {class1_students_[0], {Concern::kSelfHarmTalk}, false, "她说不想活了"}));
        const auto inbox = alerts_->Inbox(psych_, {});
        EXPECT_TRUE(inbox && inbox->total == 1);
        return inbox->items.at(0).alert.id;
    }

    std::vector<core::warning::Delivery> Deliveries(std::int64_t hook, const OrgUnit* unit = nullptr) {
        const auto views = webhooks_->OnUnit(bureau_, (unit ? *unit : county_).id);
        EXPECT_TRUE(views) << views.error().message;
        for (const auto& v : *views) {
            if (v.hook.id == hook) return v.recent;
        }
        ADD_FAILURE() << "no webhook " << hook;
        return {core::warning::Delivery{}};
    }

    http::HttpWebhookTransport transport_{2000};
    std::unique_ptr<AlertService> alerts_;
    std::unique_ptr<SignalService> signals_;
    std::unique_ptr<WebhookService> webhooks_;
    Principal peer_, admin_;
};

TEST_P(WebhookTest, SignedRetriedWithBackOffAndCarryingNothingAboutTheStudent) {
    Receiver generic({500, 503});  // fails twice, then takes it
    Receiver chat;
    const auto g = Hook(county_, WebhookFormat::kGeneric, generic.Url("/hooks/xinqiao"), kSecret);
    const auto d = Hook(school_, WebhookFormat::kDingTalk, chat.Url("/robot/send?access_token=t0ken"), kSecret);
    Hook(school_, WebhookFormat::kWeCom, chat.Url("/cgi-bin/webhook/send?key=k3y"), "", Level::kI);  // level I only
    const auto alert_id = Report();
    EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries"), 2) << "generic and DingTalk; WeCom takes level I only";

    // First round: DingTalk takes it; the generic receiver fails and is tried again after 10 s.
    ASSERT_EQ(*webhooks_->DeliverDue(), 1);
    auto mine = Deliveries(g);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].state, DeliveryState::kPending);
    EXPECT_EQ(mine[0].attempts, 1);
    EXPECT_EQ(mine[0].last_status, 500);
    EXPECT_EQ(*mine[0].next_ms, accounts_->clock.NowUnixMillis() + 10'000);
    EXPECT_EQ(*webhooks_->DeliverDue(), 0) << "not due again yet";
    EXPECT_EQ(generic.Requests().size(), 1u);
    accounts_->clock.Advance(10'000);
    EXPECT_EQ(*webhooks_->DeliverDue(), 0);  // 503
    EXPECT_EQ(Deliveries(g)[0].attempts, 2);
    EXPECT_EQ(*Deliveries(g)[0].next_ms, accounts_->clock.NowUnixMillis() + 30'000);
    accounts_->clock.Advance(30'000);
    EXPECT_EQ(*webhooks_->DeliverDue(), 1);
    mine = Deliveries(g);
    EXPECT_EQ(mine[0].state, DeliveryState::kSent);
    EXPECT_EQ(mine[0].attempts, 3);
    EXPECT_FALSE(mine[0].next_ms);
    EXPECT_EQ(Deliveries(d, &school_)[0].state, DeliveryState::kSent);

    // The generic receiver can check every request: HMAC-SHA256 of timestamp "." body.
    const auto requests = generic.Requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& r : requests) {
        EXPECT_EQ(r.target, "/hooks/xinqiao");
        const auto& ts = r.headers.at("X-Xinqiao-Timestamp");
        EXPECT_EQ(r.headers.at("X-Xinqiao-Signature"), "sha256=" + core::ToHex(store::HmacSha256(kSecret, ts + "." + r.body)));
        EXPECT_EQ(r.headers.at("X-Xinqiao-Event"), "alert.raised");
        EXPECT_NE(r.body.find("\"link\":\"https://xinqiao.test/alerts/" + std::to_string(alert_id) + "\""), std::string::npos)
            << r.body;
        EXPECT_NE(r.body.find("\"level\":\"II\""), std::string::npos);
    }
    // A tampered body fails that check.
    const auto& first = requests[0];
    EXPECT_NE(first.headers.at("X-Xinqiao-Signature"),
              "sha256=" + core::ToHex(store::HmacSha256(kSecret, first.headers.at("X-Xinqiao-Timestamp") + "." + first.body + " ")));

    // DingTalk's 加签: the URL carries timestamp and sign = urlencode(base64(HMAC(secret, ts "\n" secret))).
    const auto robot = chat.Requests();
    ASSERT_EQ(robot.size(), 1u);
    const auto& t = robot[0].target;
    ASSERT_EQ(t.rfind("/robot/send?access_token=t0ken&timestamp=", 0), 0u) << t;
    const auto ts_at = t.find("timestamp=") + 10;
    const std::string ts = t.substr(ts_at, t.find('&', ts_at) - ts_at);
    EXPECT_EQ(t.substr(t.find("&sign=") + 6),
              core::warning::PercentEncode(core::warning::Base64(store::HmacSha256(kSecret, ts + "\n" + kSecret))));
    EXPECT_NE(robot[0].body.find("\"msgtype\":\"markdown\""), std::string::npos);

    // Nothing about the student left: not the name, class, school, the peer's words or who filed.
    std::vector<Received> all = requests;
    all.insert(all.end(), robot.begin(), robot.end());
    for (const auto& r : all) {
        std::string everything = r.target + r.body;
        for (const auto& [k, v] : r.headers) everything += k + v;
        for (const std::string personal : {"学生1", "1班", "七年级", "明湖一中", "不想活", "peer", "老师", "S1"}) {
            EXPECT_EQ(everything.find(personal), std::string::npos) << personal << " in " << everything;
        }
    }

    // Nobody takes it up: passing it up is announced too.
    accounts_->clock.Advance(3 * kDay);
    ASSERT_EQ(*alerts_->EscalateDue(), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE event = 'alert.escalated'"), 2);
    ASSERT_EQ(*webhooks_->DeliverDue(), 2);
    EXPECT_EQ(generic.Requests().back().headers.at("X-Xinqiao-Event"), "alert.escalated");
}

TEST_P(WebhookTest, TwoServersSendingAtOnceSendEachDeliveryOnce) {
    Receiver r;
    Hook(county_, WebhookFormat::kGeneric, r.Url("/"), kSecret, Level::kIII);
    // Twelve alerts (three reports on each of four students, each report on a new alert).
    for (int round = 0; round < 3; ++round) {
        for (std::size_t s = 0; s < class1_students_.size(); ++s) {
            ASSERT_TRUE(signals_->File(class_teacher_, {class1_students_[s], {Concern::kMood}, false, ""}));
            const auto inbox = alerts_->Inbox(psych_, {});
            for (const auto& item : inbox->items) {
                ASSERT_TRUE(alerts_->Close(psych_, item.alert.id, item.alert.version, core::warning::Outcome::kResolved));
            }
        }
    }
    const auto queued = Count("SELECT COUNT(*) FROM webhook_deliveries");
    ASSERT_EQ(queued, 3 * static_cast<std::int64_t>(class1_students_.size()));
    WebhookService other(accounts_->data, accounts_->clock, transport_, store::HmacSha256, "https://xinqiao.test");
    std::atomic<int> sent{0};
    std::thread a([&] { sent += *webhooks_->DeliverDue(); });
    std::thread b([&] { sent += *other.DeliverDue(); });
    a.join();
    b.join();
    EXPECT_EQ(sent.load(), queued);
    std::set<std::string> ids;
    for (const auto& req : r.Requests()) ids.insert(req.headers.at("X-Xinqiao-Delivery"));
    EXPECT_EQ(r.Requests().size(), static_cast<std::size_t>(queued)) << "no delivery sent twice";
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(queued));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'sent' AND attempts = 1"), queued);
}

TEST_P(WebhookTest, AReceiverThatNeverAnswersIsGivenUpAfterTheLastTry) {
    Receiver refusing(std::deque<int>(20, 500));
    const auto g = Hook(county_, WebhookFormat::kGeneric, refusing.Url("/"), kSecret);
    Report();
    for (int i = 1; i <= core::warning::kMaxWebhookAttempts; ++i) {
        EXPECT_EQ(*webhooks_->DeliverDue(), 0);
        accounts_->clock.Advance(core::warning::RetryDelayMs(i));
    }
    EXPECT_EQ(*webhooks_->DeliverDue(), 0);
    const auto mine = Deliveries(g);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].state, DeliveryState::kFailed);
    EXPECT_EQ(mine[0].attempts, core::warning::kMaxWebhookAttempts);
    EXPECT_EQ(refusing.Requests().size(), static_cast<std::size_t>(core::warning::kMaxWebhookAttempts));

    // No receiver at all (a closed port): the same, with no status.
    std::string closed;
    {
        Receiver gone;
        closed = gone.Url("/");
    }
    const auto h = Hook(county_, WebhookFormat::kGeneric, closed, kSecret);
    ASSERT_TRUE(signals_->File(peer_, {class1_students_[1], {Concern::kSelfHarmTalk}, false, ""}));
    EXPECT_EQ(*webhooks_->DeliverDue(), 0);
    const auto lost = Deliveries(h);
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_EQ(lost[0].attempts, 1);
    EXPECT_FALSE(lost[0].last_status);
    EXPECT_EQ(lost[0].state, DeliveryState::kPending);
}

TEST_P(WebhookTest, OnlyThoseWhoRunTheRegionSetWebhooksAndBadOnesAreRefused) {
    Receiver r;
    // A psychology teacher may not; an administrator may.
    const auto by_teacher = webhooks_->Create(psych_, {school_.id, WebhookFormat::kGeneric, r.Url("/"), kSecret, Level::kII});
    ASSERT_FALSE(by_teacher);
    EXPECT_EQ(by_teacher.error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(webhooks_->Create(admin_, {school_.id, WebhookFormat::kGeneric, r.Url("/"), kSecret, Level::kII}));
    const auto bad = [&](NewWebhook w, const char* field) {
        const auto made = webhooks_->Create(bureau_, w);
        ASSERT_FALSE(made);
        EXPECT_EQ(made.error().field, field);
    };
    bad({county_.id, WebhookFormat::kGeneric, "ftp://example/", kSecret, Level::kII}, "/url");
    bad({county_.id, WebhookFormat::kGeneric, "http://", kSecret, Level::kII}, "/url");
    bad({county_.id, WebhookFormat::kGeneric, r.Url("/ x"), kSecret, Level::kII}, "/url");
    bad({county_.id, WebhookFormat::kDingTalk, r.Url("/"), "short", Level::kII}, "/secret");
    bad({county_.id, WebhookFormat::kWeCom, r.Url("/"), kSecret, Level::kII}, "/secret");
    bad({class1_.id, WebhookFormat::kGeneric, r.Url("/"), kSecret, Level::kII}, "/unit_id");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM webhooks"), 1);
    // The list masks the URL (its query may hold a key) and never shows the secret.
    const auto views = webhooks_->OnUnit(bureau_, school_.id);
    ASSERT_TRUE(views);
    ASSERT_EQ(views->size(), 1u);
    EXPECT_EQ((*views)[0].hook.url, "http://127.0.0.1:" + r.Url("").substr(17) + "/…");
    EXPECT_TRUE((*views)[0].hook.secret.empty());
    // Sealed at rest.
    EXPECT_EQ(AllText("webhooks").find(kSecret), std::string::npos);
    EXPECT_EQ(AllText("webhooks").find("127.0.0.1"), std::string::npos);
    ASSERT_TRUE(webhooks_->Delete(bureau_, (*views)[0].hook.id));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM webhooks"), 0);
    EXPECT_EQ(webhooks_->Delete(bureau_, (*views)[0].hook.id).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Drivers, WebhookTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::service
