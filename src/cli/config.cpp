#include "cli/config.hpp"

#include <arpa/inet.h>

#include <fstream>
#include <set>

#include "core/common/text.hpp"
#include "store/database.hpp"

namespace xinqiao::cli {
namespace {

using core::Error;

struct Raw {
    std::string value;
    std::string source;  // "--listen", "XINQIAO_LISTEN", "config file x.conf line 3"
};

std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

Error Bad(const std::string& key, const Raw& raw, const std::string& expected) {
    // A database URL may hold a password: never echo it.
    const std::string shown = key == "db" ? store::RedactUrl(raw.value) : raw.value;
    return Error::InvalidArgument("bad setting " + key + "=\"" + shown + "\" (from " + raw.source + "): " + expected,
                                  key);
}

template <typename T>
core::Status ParseRange(const std::string& key, const Raw& raw, std::int64_t lo, std::int64_t hi, T& out) {
    const auto v = core::ParseInt64(raw.value);
    if (!v || *v < lo || *v > hi) {
        return Bad(key, raw, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    out = static_cast<T>(*v);
    return core::Ok();
}

core::Status ParseListen(const std::string& key, const Raw& raw, Config& c) {
    const auto colon = raw.value.rfind(':');
    if (colon == std::string::npos) return Bad(key, raw, "expected HOST:PORT, e.g. 127.0.0.1:8080");
    std::string host = raw.value.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const auto port = core::ParseInt64(raw.value.substr(colon + 1));
    if (host.empty() || !port || *port < 0 || *port > 65535) {
        return Bad(key, raw, "expected HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080");
    }
    if (host == "localhost") host = "127.0.0.1";
    if (!IsIpAddress(host)) return Bad(key, raw, "expected an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
    c.listen_address = host;
    c.listen_port = static_cast<std::uint16_t>(*port);
    return core::Ok();
}

core::Status Apply(const std::string& key, const Raw& raw, Config& c) {
    if (key == "listen") return ParseListen(key, raw, c);
    if (key == "db") {
        if (!raw.value.starts_with("sqlite:") && !raw.value.starts_with("postgresql://") &&
            !raw.value.starts_with("postgres://")) {
            return Bad(key, raw, "expected sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE");
        }
        if (raw.value == "sqlite:") return Bad(key, raw, "sqlite: needs a file path, e.g. sqlite:data/xinqiao.db");
        c.db = raw.value;
        return core::Ok();
    }
    if (key == "key_file") {
        if (raw.value.empty()) return Bad(key, raw, "expected the path of the key file");
        c.key_file = raw.value;
        return core::Ok();
    }
    if (key == "workers") return ParseRange(key, raw, 1, 256, c.workers);
    if (key == "db_pool") return ParseRange(key, raw, 1, 1000, c.db_pool);
    if (key == "body_limit_bytes") return ParseRange(key, raw, 1024, 64 << 20, c.body_limit_bytes);
    if (key == "header_limit_bytes") return ParseRange(key, raw, 1024, 1 << 20, c.header_limit_bytes);
    if (key == "request_timeout_ms") return ParseRange(key, raw, 100, 600'000, c.request_timeout_ms);
    if (key == "idle_timeout_ms") return ParseRange(key, raw, 100, 3'600'000, c.idle_timeout_ms);
    if (key == "shutdown_grace_ms") return ParseRange(key, raw, 0, 600'000, c.shutdown_grace_ms);
    if (key == "escalation_interval_ms") return ParseRange(key, raw, 0, 3'600'000, c.escalation_interval_ms);
    if (key == "webhook_interval_ms") return ParseRange(key, raw, 0, 3'600'000, c.webhook_interval_ms);
    if (key == "public_url") {
        const auto& v = raw.value;
        if ((!v.starts_with("http://") && !v.starts_with("https://")) || v.ends_with("/") || v.find(' ') != std::string::npos) {
            return Bad(key, raw, "expected the address people open Xinqiao at, e.g. https://xinqiao.example.edu.cn");
        }
        c.public_url = v;
        return core::Ok();
    }
    if (key == "argon2_memory_kib") return ParseRange(key, raw, 1024, 4 << 20, c.argon2_memory_kib);
    if (key == "argon2_iterations") return ParseRange(key, raw, 1, 20, c.argon2_iterations);
    if (key == "secure_cookies") {
        if (raw.value != "true" && raw.value != "false") return Bad(key, raw, "expected true or false");
        c.secure_cookies = raw.value == "true";
        return core::Ok();
    }
    if (key == "trusted_proxies") {
        c.trusted_proxies.clear();
        for (const auto part : core::Split(raw.value, ',')) {
            const std::string ip(core::TrimAscii(part));
            if (ip.empty()) continue;
            if (!IsIpAddress(ip)) return Bad(key, raw, "expected IP addresses separated by commas");
            c.trusted_proxies.push_back(ip);
        }
        return core::Ok();
    }
    if (key == "web_root") {
        if (raw.value.empty()) return Bad(key, raw, "expected the directory of the built web app, or off");
        c.web_root = raw.value;
        return core::Ok();
    }
    if (key == "risk_rules") {
        if (raw.value.empty()) return Bad(key, raw, "expected the directory of the risk rules");
        c.risk_rules = raw.value;
        return core::Ok();
    }
    if (key == "instruments") {
        if (raw.value.empty()) return Bad(key, raw, "expected the directory of the instrument definitions");
        c.instruments = raw.value;
        return core::Ok();
    }
    if (key == "access_log") {
        if (raw.value.empty()) return Bad(key, raw, "expected stdout, off or a file path");
        c.access_log = raw.value;
        return core::Ok();
    }
    return Error::Internal("unhandled setting " + key);
}

bool IsSetting(const std::string& key) {
    for (const auto& s : Settings()) {
        if (key == s.key) return true;
    }
    return false;
}

core::Status ReadFile(const std::string& path, std::map<std::string, Raw>& raw) {
    std::ifstream in(path);
    if (!in) return Error::InvalidArgument("cannot read config file " + path, "config");
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string where = "config file " + path + " line " + std::to_string(number);
        const auto hash = line.find('#');
        const std::string_view text = core::TrimAscii(std::string_view(line).substr(0, hash));
        if (text.empty()) continue;
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) {
            return Error::InvalidArgument(where + ": expected key = value", "config");
        }
        const std::string key(core::TrimAscii(text.substr(0, eq)));
        if (!IsSetting(key)) return Error::InvalidArgument(where + ": unknown setting " + key, "config");
        raw[key] = {std::string(core::TrimAscii(text.substr(eq + 1))), where};
    }
    return core::Ok();
}

}  // namespace

const std::vector<SettingSpec>& Settings() {
    static const std::vector<SettingSpec> kSettings = {
        {"listen", "IP:PORT to serve on; beyond loopback only with HTTPS in front (secure_cookies = true); "
                   "default 127.0.0.1:8080"},
        {"db", "sqlite:PATH or postgresql://...; default sqlite:data/xinqiao.db"},
        {"key_file", "encryption key file, mode 0600 (xinqiao keygen makes one); default data/xinqiao.key"},
        {"workers", "threads that run requests against the database; default 32 (on SQLite, concurrent writes share one commit)"},
        {"db_pool", "database connections (PostgreSQL) or reader connections (SQLite); default 8"},
        {"body_limit_bytes", "largest request body accepted; default 1048576"},
        {"header_limit_bytes", "largest request header block accepted; default 16384"},
        {"request_timeout_ms", "time allowed to receive one request and send its answer; default 30000"},
        {"idle_timeout_ms", "how long an idle keep-alive connection stays open; default 60000"},
        {"shutdown_grace_ms", "how long requests in flight may finish after SIGTERM; default 15000"},
        {"escalation_interval_ms", "how often unacknowledged alerts past due are escalated; 0 = never; default 15000"},
        {"webhook_interval_ms", "how often due webhook deliveries are sent (and failed ones retried); 0 = never; default 5000"},
        {"public_url", "the address people open Xinqiao at (no trailing /), for the links in webhooks; default http://LISTEN"},
        {"access_log", "stdout, off, or a file to append JSON lines to; default stdout"},
        {"web_root", "directory of the built web app (make run builds it), or off; default web/dist"},
        {"instruments", "directory of the screening instrument definitions (*.json); default instruments"},
        {"risk_rules", "directory of the risk-level rules (default.json, and one file per region); default risk-rules"},
        {"argon2_memory_kib", "memory per password hash in KiB (argon2id m); default 65536"},
        {"argon2_iterations", "passes per password hash (argon2id t); default 2"},
        {"secure_cookies", "true behind TLS: the session cookie is then sent over HTTPS only; default false"},
        {"trusted_proxies", "IP addresses of reverse proxies whose X-Forwarded-For names the client (for sign-in "
                            "lockout), comma-separated; default none"},
    };
    return kSettings;
}

bool IsIpAddress(const std::string& address) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, address.c_str(), buf) == 1 || inet_pton(AF_INET6, address.c_str(), buf) == 1;
}

bool IsLoopback(const std::string& address) {
    if (address == "::1") return true;
    if (!address.starts_with("127.")) return false;
    int dots = 0;
    for (char c : address) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

core::Result<Parsed> LoadConfig(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    Parsed parsed;
    std::map<std::string, Raw> flags;
    std::string config_file;
    if (auto it = env.find("XINQIAO_CONFIG"); it != env.end()) config_file = it->second;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!a.starts_with("--")) return Error::InvalidArgument("unexpected argument " + a, "args");
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        std::string key = name;
        for (char& c : key) {
            if (c == '-') c = '_';
        }
        const bool is_switch = key == "if_empty" || key == "if_missing" || key == "dry_run";
        if (!has_value && !is_switch) {
            if (i + 1 >= args.size()) return Error::InvalidArgument("--" + name + " needs a value", key);
            value = args[++i];
        }
        if (key == "config") {
            config_file = value;
        } else if (IsSetting(key)) {
            flags[key] = {value, "--" + name};
        } else {
            parsed.rest.emplace_back(key, value);
        }
    }

    std::map<std::string, Raw> raw;
    if (!config_file.empty()) XINQIAO_RETURN_IF_ERROR(ReadFile(config_file, raw));
    for (const auto& s : Settings()) {
        const std::string var = "XINQIAO_" + Upper(s.key);
        if (auto it = env.find(var); it != env.end()) raw[s.key] = {it->second, var};
    }
    for (auto& [key, value] : flags) raw[key] = value;
    for (const auto& [key, value] : raw) XINQIAO_RETURN_IF_ERROR(Apply(key, value, parsed.config));
    // Minors' records never cross a network in the clear: beyond loopback, HTTPS must terminate
    // in front of Xinqiao, which the operator confirms with secure_cookies = true.
    if (!IsLoopback(parsed.config.listen_address) && !parsed.config.secure_cookies) {
        const auto& listen = raw.at("listen");
        return Bad("listen", listen,
                   "serving beyond loopback needs HTTPS in front of Xinqiao (a reverse proxy); set secure_cookies = "
                   "true once it is there");
    }
    return parsed;
}

}  // namespace xinqiao::cli
