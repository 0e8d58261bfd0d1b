// Must compile: the arrows that are allowed, through the same views as the layers. It shows that
// the other probes fail for the include they name, not for a broken set-up.
#include "core/common/result.hpp"
#include "http/router.hpp"
#include "service/org_service.hpp"
