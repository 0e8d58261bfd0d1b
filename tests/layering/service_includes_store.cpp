// Must not compile: service includes only core/ and service/. Built by check-includes.
#include "store/data_store.hpp"
