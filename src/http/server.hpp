#pragma once
// The HTTP server: Boost.Beast/Asio with C++20 coroutines. Beast and Asio headers stay in
// server.cpp (slow to compile); this header is plain.
//
// Threads: one I/O thread runs the acceptor and every connection; handlers (which block on
// the database) run on a pool of `worker_threads`, and the connection awaits them, so no
// database call blocks the I/O thread.
//
// Limits: request header size (431), body size (413, answered as soon as the header shows
// it), time to receive a whole request once it started (408), time an idle keep-alive
// connection is kept (then closed silently).
//
// Shutdown: on SIGTERM or SIGINT it stops accepting, closes idle connections, lets requests
// in flight finish (answered with Connection: close), and returns; after
// `shutdown_grace_ms` it closes whatever is left.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "http/api.hpp"

namespace xinqiao::http {

struct ServerSettings {
    std::string address = "127.0.0.1";  // IP address to listen on
    std::uint16_t port = 8080;           // 0 picks a free port (reported to on_listening)
    std::size_t body_limit_bytes = 1 << 20;
    std::size_t header_limit_bytes = 16 << 10;
    int request_timeout_ms = 30'000;  // from a request's first byte to its last, and for writing the answer
    int idle_timeout_ms = 60'000;     // keep-alive: how long to wait for the next request
    int worker_threads = 4;           // handler threads (database executor)
    int shutdown_grace_ms = 15'000;
    std::vector<std::string> trusted_proxies;  // see client_address.hpp
};

// Serves `api` until SIGTERM/SIGINT. `on_listening` is called once with the bound port.
// kUnavailable if the address cannot be bound; Ok after a graceful shutdown.
core::Status RunServer(const ServerSettings& settings, Api& api, const std::function<void(std::uint16_t)>& on_listening);

}  // namespace xinqiao::http
