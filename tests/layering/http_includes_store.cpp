// Must not compile: http includes only core/, service/ and http/. Built by check-includes.
#include "store/data_store.hpp"
