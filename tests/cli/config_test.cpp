#include "cli/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace xinqiao::cli {
namespace {

using Env = std::map<std::string, std::string>;

TEST(Config, DefaultsServeTheDemoDatabaseOnLoopback) {
    const auto p = LoadConfig({}, {});
    ASSERT_TRUE(p);
    EXPECT_EQ(p->config.listen_address, "127.0.0.1");
    EXPECT_EQ(p->config.listen_port, 8080);
    EXPECT_EQ(p->config.db, "sqlite:data/xinqiao.db");
}

TEST(Config, BeyondLoopbackOnlyBehindHttps) {
    const auto p = LoadConfig({"--listen", "0.0.0.0:8443", "--secure-cookies", "true", "--trusted-proxies",
                               "10.0.0.5, ::1"},
                              {});
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->config.listen_address, "0.0.0.0");
    EXPECT_EQ(p->config.trusted_proxies, (std::vector<std::string>{"10.0.0.5", "::1"}));
    EXPECT_TRUE(LoadConfig({"--listen", "[::1]:8080"}, {}));
    EXPECT_TRUE(LoadConfig({"--listen", "localhost:8080"}, {}));
}

TEST(Config, FlagsOverrideEnvironmentOverrideFile) {
    const std::string path = ::testing::TempDir() + "/xinqiao-config-test.conf";
    {
        std::ofstream f(path);
        f << "# comment\n\nlisten = 127.0.0.1:7000\nworkers = 3\ndb = sqlite:from-file.db\n";
    }
    const Env env = {{"XINQIAO_CONFIG", path}, {"XINQIAO_WORKERS", "5"}, {"XINQIAO_DB", "sqlite:from-env.db"}};
    const auto p = LoadConfig({"--db", "sqlite:from-flag.db"}, env);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->config.listen_port, 7000);           // file
    EXPECT_EQ(p->config.workers, 5);                  // env beats file
    EXPECT_EQ(p->config.db, "sqlite:from-flag.db");   // flag beats env
    const auto q = LoadConfig({"--workers=7", "--config", path}, {});
    ASSERT_TRUE(q);
    EXPECT_EQ(q->config.workers, 7);
    std::remove(path.c_str());
}

TEST(Config, BadSettingsGiveOneClearLine) {
    const struct {
        std::vector<std::string> args;
        Env env;
        const char* expected;
    } kCases[] = {
        {{"--listen", "nonsense"}, {}, "bad setting listen=\"nonsense\" (from --listen): expected HOST:PORT"},
        {{"--listen", "0.0.0.0:8080"}, {}, "serving beyond loopback needs HTTPS in front"},
        {{"--listen", "example.org:8080"}, {}, "expected an IP address"},
        {{"--trusted-proxies", "10.0.0.1,proxy"}, {}, "expected IP addresses separated by commas"},
        {{"--listen", "127.0.0.1:70000"}, {}, "port from 0 to 65535"},
        {{}, {{"XINQIAO_WORKERS", "many"}}, "bad setting workers=\"many\" (from XINQIAO_WORKERS)"},
        {{"--db", "mysql://x"}, {}, "expected sqlite:PATH or postgresql://"},
        {{"--body-limit-bytes", "5"}, {}, "from 1024 to"},
        {{"--listen"}, {}, "--listen needs a value"},
        {{"stray"}, {}, "unexpected argument stray"},
        {{"--config", "/nonexistent/x.conf"}, {}, "cannot read config file /nonexistent/x.conf"},
    };
    for (const auto& c : kCases) {
        const auto p = LoadConfig(c.args, c.env);
        ASSERT_FALSE(p) << c.expected;
        EXPECT_NE(p.error().message.find(c.expected), std::string::npos) << p.error().message;
        EXPECT_EQ(p.error().message.find('\n'), std::string::npos) << "one line";
    }
}

TEST(Config, BadDatabaseUrlNeverEchoesAPassword) {
    const auto p = LoadConfig({"--db", "mysql://user:hunter2@h/db"}, {});
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().message.find("hunter2"), std::string::npos) << p.error().message;
}

TEST(Config, ConfigFileErrorsNameTheLine) {
    const std::string path = ::testing::TempDir() + "/xinqiao-config-bad.conf";
    {
        std::ofstream f(path);
        f << "listen = 127.0.0.1:1\ncolour = blue\n";
    }
    const auto p = LoadConfig({"--config", path}, {});
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("line 2: unknown setting colour"), std::string::npos) << p.error().message;
    std::remove(path.c_str());
}

TEST(Config, CommandOptionsArePassedThrough) {
    const auto p = LoadConfig({"--seed", "7", "--if-empty", "--students=2000"}, {});
    ASSERT_TRUE(p);
    ASSERT_EQ(p->rest.size(), 3u);
    EXPECT_EQ(p->rest[0], (std::pair<std::string, std::string>{"seed", "7"}));
    EXPECT_EQ(p->rest[1], (std::pair<std::string, std::string>{"if_empty", ""}));
    EXPECT_EQ(p->rest[2], (std::pair<std::string, std::string>{"students", "2000"}));
}

TEST(Config, SecureCookiesAreAnExplicitChoice) {
    EXPECT_FALSE(LoadConfig({}, {})->config.secure_cookies);
    EXPECT_TRUE(LoadConfig({"--secure-cookies", "true"}, {})->config.secure_cookies);
    const auto bad = LoadConfig({}, {{"XINQIAO_SECURE_COOKIES", "yes"}});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("expected true or false"), std::string::npos);
}

TEST(Config, LoopbackAddresses) {
    EXPECT_TRUE(IsLoopback("127.0.0.1"));
    EXPECT_TRUE(IsLoopback("127.1.2.3"));
    EXPECT_TRUE(IsLoopback("::1"));
    EXPECT_FALSE(IsLoopback("0.0.0.0"));
    EXPECT_FALSE(IsLoopback("10.0.0.1"));
    EXPECT_FALSE(IsLoopback("127.0.0.1.evil"));
    EXPECT_FALSE(IsLoopback("127.a.0.1"));
}

}  // namespace
}  // namespace xinqiao::cli
