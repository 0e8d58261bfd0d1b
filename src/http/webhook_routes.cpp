// Routes for outgoing webhooks on org units. Thin handlers as in api.cpp.

#include <boost/json.hpp>

#include "core/common/time.hpp"
#include "http/routes.hpp"
#include "service/webhook_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;

namespace {

constexpr const char* kNoUnit = "no org unit with this id";
constexpr const char* kNoHook = "no webhook with this id";

json::object HooksJson(const std::vector<service::WebhookView>& views) {
    json::array items;
    for (const auto& v : views) {
        json::array recent;
        for (const auto& d : v.recent) {
            recent.push_back({{"id", d.id},
                              {"event", d.event.event},
                              {"alert_id", d.event.alert_id},
                              {"state", core::warning::DeliveryStateName(d.state)},
                              {"attempts", d.attempts},
                              {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
                              {"next_attempt_at", TimeOrNull(d.next_ms)},
                              {"sent_at", TimeOrNull(d.sent_ms)}});
        }
        items.push_back({{"id", v.hook.id},
                         {"org_unit_id", v.hook.unit_id},
                         {"format", core::warning::WebhookFormatName(v.hook.format)},
                         {"url", v.hook.url},
                         {"min_level", core::screening::LevelName(v.hook.min_level)},
                         {"created_at", core::FormatRfc3339Millis(v.hook.created_ms)},
                         {"recent", std::move(recent)}});
    }
    return {{"items", std::move(items)}};
}

// {"format", "url", "secret", "min_level"}
core::Result<service::NewWebhook> ReadHook(const Request& req) {
    XINQIAO_ASSIGN_OR_RETURN(auto in, PlainIdWithBody(req, kNoUnit, {"format", "url", "secret", "min_level"}));
    const FieldReader f(in.body);
    service::NewWebhook w;
    w.unit_id = in.id;
    XINQIAO_ASSIGN_OR_RETURN(const auto format, f.String("format"));
    const auto parsed = core::warning::ParseWebhookFormat(format);
    if (!parsed) return Error::InvalidArgument("format must be generic, wecom or dingtalk", "/format");
    w.format = *parsed;
    XINQIAO_ASSIGN_OR_RETURN(w.url, f.String("url"));
    XINQIAO_ASSIGN_OR_RETURN(const auto secret, f.OptString("secret"));
    w.secret = secret.value_or("");
    XINQIAO_ASSIGN_OR_RETURN(const auto level, f.OptString("min_level"));
    if (level) {
        const auto l = core::screening::ParseLevel(*level);
        if (!l || *l == core::screening::Level::kIV) return Error::InvalidArgument("min_level must be I, II or III", "/min_level");
        w.min_level = *l;
    }
    return w;
}

}  // namespace

void AddWebhookRoutes(Router& router, service::WebhookService& webhooks) {
    router.Add("GET", "/api/v1/org-units/{id}/webhooks", [&webhooks](Request& req) {
        const auto id = PlainId(req, kNoUnit);
        if (!id) return Problem(req, id.error());
        return Answer(req, webhooks.OnUnit(*req.principal, *id), HooksJson);
    });
    router.Add("POST", "/api/v1/org-units/{id}/webhooks", [&webhooks](Request& req) {
        const auto in = ReadHook(req);
        if (!in) return Problem(req, in.error());
        return Answer(req, webhooks.Create(*req.principal, *in),
                      [](std::int64_t id) { return json::object{{"id", id}}; }, 201);
    });
    router.Add("DELETE", "/api/v1/webhooks/{id}", [&webhooks](Request& req) {
        const auto id = PlainId(req, kNoHook);
        if (!id) return Problem(req, id.error());
        if (auto s = webhooks.Delete(*req.principal, *id); !s) return Problem(req, s.error());
        return NoContent();
    });
}

}  // namespace xinqiao::http
