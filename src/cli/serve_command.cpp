// `xinqiao serve`: the HTTP server with its background work (escalating alerts, sending webhooks).
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/command_support.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/ports/clock.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "http/webhook_client.hpp"
#include "service/alert_service.hpp"
#include "service/answering_service.hpp"
#include "service/audit_service.hpp"
#include "service/auth_service.hpp"
#include "service/campaign_service.hpp"
#include "service/case_service.hpp"
#include "service/follow_up_service.hpp"
#include "service/health_service.hpp"
#include "service/instrument_library.hpp"
#include "service/org_service.hpp"
#include "service/referral_service.hpp"
#include "service/roster_service.hpp"
#include "service/signal_service.hpp"
#include "service/student_service.hpp"
#include "service/team_service.hpp"
#include "service/user_service.hpp"
#include "service/webhook_service.hpp"
#include "store/crypto/digest.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/iconv_decoder.hpp"
#include "store/xlsx_writer.hpp"
#include "store/zlib_inflater.hpp"

namespace xinqiao::cli {
namespace {

// Background work a server does on a thread of its own until destroyed: a round at start (what
// fell due while no server ran), then one every `interval_ms` (0: never). A round repeats its
// step while the step did something; a failed step (database unreachable) is logged and tried
// again next round. Escalating alerts and sending webhooks are both safe with several servers.
class Periodic {
public:
    // `step` does a batch and says how many things it did; `what` names them in the log.
    Periodic(const char* what, std::function<core::Result<int>()> step, int interval_ms)
        : what_(what), step_(std::move(step)), interval_ms_(interval_ms) {
        if (interval_ms_ > 0) thread_ = std::thread([this] { Run(); });
    }
    ~Periodic() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

private:
    void Run() {
        std::unique_lock lock(mu_);
        do {
            lock.unlock();
            Round();
            lock.lock();
        } while (!wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; }));
    }

    void Round() {
        const auto start = std::chrono::steady_clock::now();
        int total = 0;
        while (true) {
            const auto done = step_();
            if (!done) {
                std::fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"%s: round failed\",\"error\":\"%s\"}\n", what_,
                             std::string(core::ErrorCodeName(done.error().code)).c_str());
                break;
            }
            if (*done == 0) break;
            total += *done;
            std::lock_guard lock(mu_);
            if (stopping_) break;
        }
        if (total > 0) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
            std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"%s\",\"count\":%d,\"ms\":%lld}\n", what_, total,
                         static_cast<long long>(ms.count()));
        }
    }

    const char* what_;
    std::function<core::Result<int>()> step_;
    const int interval_ms_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace

int Serve(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    const Config& c = p.config;
    std::FILE* log_file = nullptr;
    if (c.access_log == "stdout") {
        log_file = stdout;
    } else if (c.access_log != "off") {
        log_file = std::fopen(c.access_log.c_str(), "a");
        if (!log_file) return Fail(core::Error::InvalidArgument("cannot open access_log file " + c.access_log), 2);
    }
    auto opened = OpenWithKeys(c);
    if (!opened) return Fail(opened.error());
    auto* db = &opened->db;
    store::SqlDataStore data(**db, opened->keyring);
    SystemClock clock;
    service::OrgService orgs(data, clock);
    service::HealthService health(data);
    store::Argon2idHasher hasher(HasherSettings(c));
    store::OpenSslRandom random;
    store::Totp totp;
    service::AuthService auth(data, clock, hasher, random, totp);
    http::AccessLog access_log(log_file);
    service::AuditService audit(data, clock);
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    service::RosterService roster(data, clock, decoder, inflater, random);
    service::StudentService students(data, clock, random);
    service::UserService users(data, clock, random);
    // A bad instrument file stops start-up, naming the file and the JSON path of the problem.
    auto library = LoadLibrary(c);
    if (!library) return Fail(library.error());
    service::InstrumentLibrary& instruments = **library;
    store::XlsxWriter sheets;
    service::CampaignService campaigns(data, clock, instruments, sheets);
    service::AnsweringService answering(data, clock, instruments);
    service::AlertService alerts(data, clock);
    service::SignalService signals(data, clock);
    service::CaseService cases(data, clock);
    service::ReferralService referrals(data, clock);
    service::FollowUpService follow_ups(data, clock);
    service::TeamService teams(data, clock);
    http::HttpWebhookTransport webhook_transport;
    const std::string public_url =
        c.public_url.empty() ? "http://" + c.listen_address + ":" + std::to_string(c.listen_port) : c.public_url;
    service::WebhookService webhooks(data, clock, webhook_transport, store::HmacSha256, public_url);
    http::Api api(auth, access_log);
    http::AddAllRoutes(api, {orgs, auth, audit, roster, students, users, instruments, campaigns, answering, alerts, signals,
                             webhooks, cases, referrals, follow_ups, teams, health},
                       c.secure_cookies);
    Periodic escalator("alerts escalated", [&alerts] { return alerts.EscalateDue(); }, c.escalation_interval_ms);
    Periodic deliverer("webhooks delivered", [&webhooks] { return webhooks.DeliverDue(); }, c.webhook_interval_ms);
    if (c.web_root != "off") {
        auto site = http::StaticSite::Load(c.web_root);
        if (site) {
            api.ServeSite(*site);
        } else if (site.error().code == core::ErrorCode::kNotFound) {
            std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"no web app built at %s; serving the API only\"}\n",
                         c.web_root.c_str());
        } else {
            return Fail(site.error());
        }
    }

    http::ServerSettings ss;
    ss.address = c.listen_address;
    ss.port = c.listen_port;
    ss.body_limit_bytes = c.body_limit_bytes;
    ss.header_limit_bytes = c.header_limit_bytes;
    ss.request_timeout_ms = c.request_timeout_ms;
    ss.idle_timeout_ms = c.idle_timeout_ms;
    ss.worker_threads = c.workers;
    ss.shutdown_grace_ms = c.shutdown_grace_ms;
    ss.trusted_proxies = c.trusted_proxies;
    const std::string driver = (*db)->dialect() == store::Dialect::kSqlite ? "sqlite" : "postgresql";
    const auto status = http::RunServer(ss, api, [&](std::uint16_t port) {
        const bool v6 = c.listen_address.find(':') != std::string::npos;
        std::fprintf(stderr,
                     "{\"level\":\"info\",\"msg\":\"listening\",\"url\":\"http://%s%s%s:%u\",\"port\":%u,"
                     "\"db_driver\":\"%s\",\"version\":\"%s\"}\n",
                     v6 ? "[" : "", c.listen_address.c_str(), v6 ? "]" : "", port, port, driver.c_str(),
                     XINQIAO_VERSION);
        std::fflush(stderr);
    });
    if (!status) return Fail(status.error());
    std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"stopped\"}\n");
    if (log_file && log_file != stdout) std::fclose(log_file);
    return 0;
}

}  // namespace xinqiao::cli
