#pragma once
// The JSON of an alert, shared by the alert routes and the student archive. Internal to src/http.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/ports/alerts.hpp"

namespace xinqiao::http {

boost::json::array ReasonsJson(const std::vector<core::screening::Reason>& reasons);
boost::json::object AlertJson(const core::warning::Alert& a);

}  // namespace xinqiao::http
