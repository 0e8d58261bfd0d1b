// Must not compile: store includes only core/ and store/. Built by check-includes.
#include "service/org_service.hpp"
