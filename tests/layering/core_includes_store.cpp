// Must not compile: core includes only core/ (ARCHITECTURE.md). Built by check-includes.
#include "store/database.hpp"
