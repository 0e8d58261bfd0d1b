#include "core/warning/webhook.hpp"

#include "core/common/enum_names.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"

namespace xinqiao::core::warning {
namespace {

constexpr NameTable<WebhookFormat, 3> kFormats = {{
    {WebhookFormat::kGeneric, "generic"},
    {WebhookFormat::kWeCom, "wecom"},
    {WebhookFormat::kDingTalk, "dingtalk"},
}};

// JSON string literal of `s` (the values here are our own words, numbers and a configured link).
std::string Quoted(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static constexpr char kHex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += kHex[(c >> 4) & 0xf];
                    out += kHex[c & 0xf];
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string_view LevelWords(screening::Level l) {
    switch (l) {
        case screening::Level::kI: return "I级（红色）";
        case screening::Level::kII: return "II级（橙色）";
        case screening::Level::kIII: return "III级（黄色）";
        case screening::Level::kIV: return "IV级（绿色）";
    }
    return "";
}

std::string_view TierWords(Tier t) {
    switch (t) {
        case Tier::kClass: return "班级";
        case Tier::kGrade: return "年级";
        case Tier::kSchool: return "学校";
        case Tier::kCounty: return "区县心理中心";
        case Tier::kCity: return "市心理中心";
    }
    return "";
}

std::string EventWords(const WebhookEvent& e) {
    if (e.event == "alert.escalated") return "预警无人接手，已上报到" + std::string(TierWords(e.tier));
    if (e.event == "alert.level_raised") return "预警等级提高，需要重新接手";
    return "新的预警，已送到" + std::string(TierWords(e.tier));
}

// The chat text: what happened and the link; nothing about the student.
std::string ChatText(const WebhookEvent& e, const std::string& link) {
    return "**心桥预警 " + std::string(LevelWords(e.level)) + "**\n\n" + EventWords(e) + "\n\n" +
           FormatRfc3339Millis(e.at_ms) + "\n\n[在心桥中查看并处理](" + link + ")";
}

}  // namespace

std::string_view WebhookFormatName(WebhookFormat f) { return NameOf(kFormats, f); }
std::optional<WebhookFormat> ParseWebhookFormat(std::string_view name) { return ParseName(kFormats, name); }

OutgoingPost RenderWebhook(WebhookFormat format, const std::string& url, const std::string& secret,
                           const WebhookEvent& e, std::int64_t delivery_id, const std::string& link,
                           std::int64_t now_ms, const HmacSha256Fn& hmac) {
    OutgoingPost out;
    out.url = url;
    out.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    switch (format) {
        case WebhookFormat::kGeneric: {
            out.body = "{\"event\":" + Quoted(e.event) + ",\"alert_id\":" + std::to_string(e.alert_id) +
                       ",\"level\":" + Quoted(screening::LevelName(e.level)) + ",\"tier\":" + Quoted(TierName(e.tier)) +
                       ",\"at\":" + Quoted(FormatRfc3339Millis(e.at_ms)) + ",\"link\":" + Quoted(link) +
                       ",\"delivery_id\":" + std::to_string(delivery_id) + "}";
            const std::string timestamp = std::to_string(now_ms / 1000);
            out.headers.emplace_back("X-Xinqiao-Event", e.event);
            out.headers.emplace_back("X-Xinqiao-Delivery", std::to_string(delivery_id));
            out.headers.emplace_back("X-Xinqiao-Timestamp", timestamp);
            out.headers.emplace_back("X-Xinqiao-Signature", "sha256=" + ToHex(hmac(secret, timestamp + "." + out.body)));
            break;
        }
        case WebhookFormat::kWeCom:
            out.body = "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":" + Quoted(ChatText(e, link)) + "}}";
            break;
        case WebhookFormat::kDingTalk: {
            out.body = "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":" + Quoted("心桥预警") +
                       ",\"text\":" + Quoted(ChatText(e, link)) + "}}";
            const std::string timestamp = std::to_string(now_ms);
            const std::string sign = PercentEncode(Base64(hmac(secret, timestamp + "\n" + secret)));
            out.url += (url.find('?') == std::string::npos ? "?" : "&");
            out.url += "timestamp=" + timestamp + "&sign=" + sign;
            break;
        }
    }
    return out;
}

Status ValidateWebhook(WebhookFormat format, const std::string& url, const std::string& secret) {
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    const auto host_start = url.find("://") + 3;
    if (!scheme || url.size() <= host_start || url.size() > 2000 || !IsValidUtf8(url) || HasControlCharacter(url) ||
        url.find(' ') != std::string::npos || url[host_start] == '/') {
        return Error::InvalidArgument("url must be an http:// or https:// address of at most 2000 characters", "/url");
    }
    if (format == WebhookFormat::kWeCom) {
        if (!secret.empty()) return Error::InvalidArgument("a WeCom robot takes no secret; its key is in the URL", "/secret");
        return Ok();
    }
    if (secret.size() < 8 || secret.size() > 200 || !IsValidUtf8(secret) || HasControlCharacter(secret)) {
        return Error::InvalidArgument("a secret of 8 to 200 characters is needed to sign the messages", "/secret");
    }
    return Ok();
}

std::int64_t RetryDelayMs(int attempts) {
    static constexpr std::int64_t kSecond = 1000;
    static constexpr std::int64_t kDelays[] = {10 * kSecond,   30 * kSecond,   120 * kSecond, 600 * kSecond,
                                               1800 * kSecond, 3600 * kSecond, 7200 * kSecond};
    constexpr int kCount = static_cast<int>(sizeof kDelays / sizeof kDelays[0]);
    if (attempts < 1) return kDelays[0];
    return kDelays[attempts > kCount ? kCount - 1 : attempts - 1];
}

std::string MaskedUrl(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "…";
    const auto path = url.find_first_of("/?#", scheme + 3);
    return url.substr(0, path) + (path == std::string::npos ? "" : "/…");
}

std::string Base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string PercentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_' ||
            u == '.' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

}  // namespace xinqiao::core::warning
