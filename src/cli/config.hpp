#pragma once
// Settings of `xinqiao`, from three sources, later ones winning: a config file
// (`--config FILE` or XINQIAO_CONFIG; lines of `key = value`, '#' comments), XINQIAO_*
// environment variables (XINQIAO_LISTEN, XINQIAO_DB, ...), and command-line flags
// (--listen, --db, ...). A bad setting is reported as one line naming the setting, its value
// and where it came from. Only cli/ reads files and the environment (STYLE.md 1).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/common/result.hpp"

namespace xinqiao::cli {

struct Config {
    std::string listen_address = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::string db = "sqlite:data/xinqiao.db";
    std::string key_file = "data/xinqiao.key";  // encryption keys (mode 0600)
    int workers = 32;
    int db_pool = 8;
    std::size_t body_limit_bytes = 1 << 20;
    std::size_t header_limit_bytes = 16 << 10;
    int request_timeout_ms = 30'000;
    int idle_timeout_ms = 60'000;
    int shutdown_grace_ms = 15'000;
    // How often this server escalates alerts nobody acknowledged in time (0: never; another
    // server on the same database may do it). Escalation is safe with several servers.
    int escalation_interval_ms = 15'000;
    // How often this server sends webhook deliveries that are due (0: never). Safe with several.
    int webhook_interval_ms = 5'000;
    // The address people open Xinqiao at, for the links webhooks carry; empty: http://LISTEN.
    std::string public_url;
    std::string access_log = "stdout";  // "stdout", "off" or a file path
    std::string web_root = "web/dist";  // the built web app; "off" to serve the API only
    std::string instruments = "instruments";  // directory of the instrument definitions
    std::string risk_rules = "risk-rules";    // directory of the risk rules (default.json, per region)
    std::uint32_t argon2_memory_kib = 65536;  // password hashing cost (argon2id m)
    std::uint32_t argon2_iterations = 2;      // (argon2id t)
    bool secure_cookies = false;  // mark the session cookie Secure (set it when served behind TLS)
    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client
};

// One known setting: its config-file key; flag is --key with '_' as '-'; env is XINQIAO_KEY.
struct SettingSpec {
    const char* key;
    const char* help;
};
const std::vector<SettingSpec>& Settings();

// Flags that are not settings (command options such as demo's --seed) are left in
// `rest` in order, as "name" -> "value" pairs ("--if-empty" has value "").
struct Parsed {
    Config config;
    std::vector<std::pair<std::string, std::string>> rest;
};

// `args` are the arguments after the command name; `environ` as from the process.
// kInvalidArgument with a one-line message on a bad setting, a missing value or an
// unreadable config file.
core::Result<Parsed> LoadConfig(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);

// True for 127.0.0.0/8 and ::1.
bool IsIpAddress(const std::string& address);
bool IsLoopback(const std::string& address);

}  // namespace xinqiao::cli
