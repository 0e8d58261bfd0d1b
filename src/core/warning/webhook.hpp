#pragma once
// Outgoing webhooks (notifications to group chats and other systems) for alerts: what is sent,
// in which format, how it is signed, and when a failed delivery is tried again.
//
// A message never carries a student's name, class, answers or notes — only what happened (an
// alert raised, passed up, made more urgent), its level and tier, and a link back into Xinqiao,
// where the reader signs in and sees what their role allows.
//
// Formats:
//  - generic: JSON {"event", "alert_id", "level", "tier", "at", "link", "delivery_id"}, signed with
//    X-Xinqiao-Timestamp and X-Xinqiao-Signature: "sha256=" + hex HMAC-SHA256(secret,
//    timestamp + "." + body).
//  - wecom (企业微信群机器人): {"msgtype": "markdown", ...} to the robot's URL (its key is the
//    credential; WeCom robots have no signing).
//  - dingtalk (钉钉群机器人, 加签): {"msgtype": "markdown", ...}; the URL gets &timestamp=ms and
//    &sign=urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/enum_names.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/screening/instrument.hpp"
#include "core/warning/alert.hpp"

namespace xinqiao::core::warning {

enum class WebhookFormat { kGeneric, kWeCom, kDingTalk };
std::string_view WebhookFormatName(WebhookFormat f);  // "generic", "wecom", "dingtalk"
std::optional<WebhookFormat> ParseWebhookFormat(std::string_view name);

// What happened to an alert, as a webhook tells it.
struct WebhookEvent {
    std::string event;  // alert.raised, alert.escalated, alert.level_raised
    std::int64_t alert_id = 0;
    screening::Level level = screening::Level::kIII;
    Tier tier = Tier::kClass;
    std::int64_t at_ms = 0;
};

struct OutgoingPost {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // JSON
};

// HMAC-SHA256 of `message` under `key`: the 32 raw bytes.
using HmacSha256Fn = std::function<std::string(std::string_view key, std::string_view message)>;

// The request that delivers `e` (delivery `delivery_id`) to a webhook at `url` with `secret`,
// signed at `now_ms`; `link` is the alert's page.
OutgoingPost RenderWebhook(WebhookFormat format, const std::string& url, const std::string& secret,
                           const WebhookEvent& e, std::int64_t delivery_id, const std::string& link,
                           std::int64_t now_ms, const HmacSha256Fn& hmac);

// An http:// or https:// URL of at most 2,000 characters without spaces or control characters
// (kInvalidArgument on "/url"); DingTalk and generic webhooks need a secret of 8 to 200
// characters to sign with (on "/secret"), WeCom takes none.
Status ValidateWebhook(WebhookFormat format, const std::string& url, const std::string& secret);

// A delivery is tried at most this many times.
inline constexpr int kMaxWebhookAttempts = 8;
// How long to wait after the `attempts`-th failed try: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h.
std::int64_t RetryDelayMs(int attempts);

// "https://robot.example/…" for showing a URL whose query may hold a key: scheme and host only.
std::string MaskedUrl(const std::string& url);

// Standard base64 (with padding) and percent-encoding of everything but unreserved characters.
std::string Base64(std::string_view bytes);
std::string PercentEncode(std::string_view s);

struct Webhook {
    std::int64_t id = 0;
    org::OrgUnitId unit_id = 0;
    warning::WebhookFormat format = warning::WebhookFormat::kGeneric;
    std::string url;                                     // plaintext in memory, sealed at rest
    std::string secret;                                  // likewise; empty for WeCom
    screening::Level min_level = screening::Level::kII;  // alerts at this level or more urgent
    std::int64_t created_ms = 0;
};

enum class DeliveryState { kPending, kSent, kFailed };

inline constexpr NameTable<DeliveryState, 3> kDeliveryStates = {
    {{DeliveryState::kPending, "pending"}, {DeliveryState::kSent, "sent"}, {DeliveryState::kFailed, "failed"}}};

inline std::string_view DeliveryStateName(DeliveryState s) { return NameOf(kDeliveryStates, s); }

struct Delivery {
    std::int64_t id = 0;
    std::int64_t webhook_id = 0;
    warning::WebhookEvent event;
    int attempts = 0;
    std::optional<std::int64_t> next_ms;  // when it is (next) due; none once sent or given up
    DeliveryState state = DeliveryState::kPending;
    std::optional<int> last_status;  // the receiver's HTTP status; none for no answer
    std::optional<std::int64_t> sent_ms;
};

}  // namespace xinqiao::core::warning
