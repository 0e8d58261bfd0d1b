#pragma once
// JSON of the parts of a crisis case that more than one route answers with: a referral (its
// words only when shown) and a follow-up visit (its note only when shown).

#include <boost/json.hpp>

#include "core/ports/referral_repository.hpp"

namespace xinqiao::http {

boost::json::object ReferralJson(const core::ports::Referral& r, bool details);
boost::json::object FollowUpJson(const core::ports::FollowUp& f, bool note);

}  // namespace xinqiao::http
