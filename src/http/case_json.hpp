#pragma once
// JSON of the parts of a crisis case that more than one route answers with: a referral (its
// words only when shown) and a follow-up visit (its note only when shown).

#include <boost/json.hpp>

#include "core/ports/referrals.hpp"

namespace xinqiao::http {

boost::json::object ReferralJson(const core::cases::Referral& r, bool details);
boost::json::object FollowUpJson(const core::cases::FollowUp& f, bool note);

}  // namespace xinqiao::http
