#include "service/principal.hpp"

namespace xinqiao::service {

Actor Principal::AsActor(std::optional<core::auth::Role> via) const {
    std::string role = via ? std::string(core::auth::RoleName(*via))
                           : (grants.empty() ? std::string("none") : std::string(core::auth::RoleName(grants[0].role)));
    return Actor{account_id, std::move(role), request_id};
}

core::Result<core::auth::Role> Require(const Principal& p, core::auth::Action action,
                                       const core::auth::Target& target, std::string_view not_found_message,
                                       core::auth::Action visibility) {
    const auto decision = core::auth::Authorize(p.grants, action, target);
    if (decision.allowed()) return *decision.via;
    const bool visible =
        action == visibility ? false : core::auth::Authorize(p.grants, visibility, target).allowed();
    if (!visible) return core::Error::NotFound(std::string(not_found_message));
    return core::Error::PermissionDenied("your role does not allow this here");
}

}  // namespace xinqiao::service
