// Routes for the screening instruments: the list, one definition, and scoring answers without
// storing them (to try an instrument).

#include <boost/json.hpp>

#include "service/instrument_library.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"
#include "http/routes.hpp"

namespace xinqiao::http {

using core::Error;

void AddInstrumentRoutes(Router& router, service::InstrumentLibrary& instruments) {
    router.Add("GET", "/api/v1/instruments", [&instruments](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        boost::json::array items;
        for (const auto& in : instruments.All()) items.emplace_back(Summary(in));
        return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
    });
    // Scores one response offline, for integrations: {"answers": [0, 1, null, ...]} in item
    // order, null for an item not answered. Nothing is stored.
    router.Add("POST", "/api/v1/instruments/{id}/score", [&instruments](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const std::string id = req.PathParam("id");
        const auto* instrument = instruments.Find(id);
        if (!instrument) return Problem(req, Error::NotFound("no instrument with this id"));
        auto obj = ParseJsonObject(req);
        if (!obj) return Problem(req, obj.error());
        const FieldReader f(*obj);
        if (auto s = f.OnlyKnown({"answers"}); !s) return Problem(req, s.error());
        const auto it = obj->find("answers");
        if (it == obj->end() || !it->value().is_array()) {
            return Problem(req, Error::InvalidArgument("answers must be an array of whole numbers or nulls", "/answers"));
        }
        core::screening::Answers answers;
        const auto& array = it->value().as_array();
        if (array.size() > 500) return Problem(req, Error::InvalidArgument("too many answers", "/answers"));
        for (std::size_t i = 0; i < array.size(); ++i) {
            const auto& v = array[i];
            if (v.is_null()) {
                answers.push_back(std::nullopt);
            } else if (v.is_int64() && v.as_int64() >= -1000 && v.as_int64() <= 1000) {
                answers.push_back(static_cast<int>(v.as_int64()));
            } else {
                return Problem(req, Error::InvalidArgument("each answer is a whole number or null", "/answers/" + std::to_string(i)));
            }
        }
        auto scored = instruments.Score(id, answers);
        if (!scored) {
            // Core names answers 1-based ("answers/3"); the body's JSON pointer is 0-based.
            core::Error e = scored.error();
            if (e.field.rfind("answers/", 0) == 0) {
                e.field = "/answers/" + std::to_string(std::stoi(e.field.substr(8)) - 1);
            } else if (e.field == "answers") {
                e.field = "/answers";
            }
            return Problem(req, e);
        }
        return JsonResponse(200, ToJson(*instrument, *scored, instruments.AssessAlone(*instrument, *scored)));
    });
}

}  // namespace xinqiao::http
