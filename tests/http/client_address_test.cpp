#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace xinqiao::http {
namespace {

TEST(ClientAddress, OnlyTrustedProxiesMayNameTheClient) {
    const std::vector<std::string> proxies = {"10.0.0.5", "10.0.0.6"};
    EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1", proxies), "203.0.113.7") << "a direct client cannot pretend";
    EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1", proxies), "198.51.100.1");
    EXPECT_EQ(ClientAddress("10.0.0.5", "1.1.1.1, 198.51.100.1", proxies), "198.51.100.1")
        << "entries left of the last untrusted hop are the client's own words";
    EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1, 10.0.0.6", proxies), "198.51.100.1") << "two proxies";
    EXPECT_EQ(ClientAddress("10.0.0.5", "", proxies), "10.0.0.5") << "no header: the proxy itself";
    EXPECT_EQ(ClientAddress("10.0.0.5", "10.0.0.6", proxies), "10.0.0.6");
    EXPECT_EQ(ClientAddress("10.0.0.5", "198.51.100.1", {}), "10.0.0.5") << "no proxies configured";
}

}  // namespace
}  // namespace xinqiao::http
