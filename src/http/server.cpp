#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <chrono>
#include <memory>
#include <cstdio>
#include <set>

#include "http/client_address.hpp"
#include "http/problem.hpp"
#include "http/static_site.hpp"

namespace xinqiao::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

// Normal network events (EOF, timeout, reset) come back as error codes, not exceptions.
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

// The request deadline's shared state: the timer's handler may run after the read finished,
// and must then touch nothing.
struct Deadline {
    bool armed = true;
    bool fired = false;
    tcp::socket* socket = nullptr;
};

struct Connection {
    beast::tcp_stream stream;
    bool busy = false;
};

struct ServerState {
    ServerState(const ServerSettings& s, Api& a, asio::io_context& io)
        : settings(s), api(a), workers(static_cast<std::size_t>(s.worker_threads)), grace_timer(io) {}
    const ServerSettings& settings;
    Api& api;
    asio::thread_pool workers;
    asio::steady_timer grace_timer;
    bool stopping = false;
    std::set<Connection*> connections;  // touched only on the I/O thread
};

std::string MediaType(std::string_view header) {
    std::string t(header.substr(0, header.find(';')));
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    std::size_t start = 0;
    while (start < t.size() && (t[start] == ' ' || t[start] == '\t')) ++start;
    t = t.substr(start);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view pair = header.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
            return std::string(pair.substr(name.size() + 1));
        }
        if (semi == std::string_view::npos) break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

// Fills `out` from a parsed Beast request. kInvalidArgument for a target that is not a valid
// origin-form URL.
core::Status ToRequest(bhttp::request<bhttp::string_body>& in, Request& out) {
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    out.content_type = MediaType(in[bhttp::field::content_type]);
    out.session_token = CookieValue(in[bhttp::field::cookie], kSessionCookie);
    out.csrf_token = std::string(in["X-CSRF-Token"]);
    out.accept_encoding = std::string(in[bhttp::field::accept_encoding]);
    out.if_none_match = std::string(in[bhttp::field::if_none_match]);
    out.body = std::move(in.body());
    auto url = boost::urls::parse_origin_form(out.target);
    if (!url) return core::Error::InvalidArgument("the request target is not a valid URL path");
    out.path = std::string(url->path());
    for (auto param : url->params()) {
        out.query.emplace_back(std::string(param.key), std::string(param.value));
    }
    return core::Ok();
}

bhttp::response<bhttp::string_body> ToBeast(const Response& r, const std::string& request_id, unsigned version,
                                            bool keep_alive) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
    res.set(bhttp::field::content_type, r.content_type);
    res.set("X-Request-Id", request_id);
    res.set(bhttp::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : SecurityHeaders()) res.set(name, value);
    for (const auto& [name, value] : r.headers) res.set(name, value);
    res.body() = r.body;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

// After refusing a request whose rest is still arriving, read and drop a little of it before
// closing, so the client sees our answer instead of a connection reset.
asio::awaitable<void> DrainAndClose(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(milliseconds(2000));
    char scrap[16384];
    std::size_t drained = 0;
    while (drained < (8u << 20)) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scrap), kNoThrow);
        if (read_ec) break;
        drained += n;
    }
    stream.socket().close(ec);
}

void FinishIfDrained(ServerState& st) {
    if (st.stopping && st.connections.empty()) st.grace_timer.cancel();
}

asio::awaitable<void> Session(ServerState& st, tcp::socket socket) {
    Connection conn{beast::tcp_stream(std::move(socket))};
    st.connections.insert(&conn);
    struct Leave {
        ServerState& st;
        Connection& conn;
        ~Leave() {
            st.connections.erase(&conn);
            FinishIfDrained(st);
        }
    } leave{st, conn};

    const auto& s = st.settings;
    beast::flat_buffer buffer;
    while (!st.stopping) {
        conn.busy = false;
        if (buffer.size() == 0) {
            // Idle keep-alive: wait for the first byte of the next request.
            conn.stream.expires_after(milliseconds(s.idle_timeout_ms));
            auto [ec, n] = co_await conn.stream.async_read_some(buffer.prepare(8192), kNoThrow);
            if (ec) break;  // closed, idle timeout, reset, or shutdown
            buffer.commit(n);
        }
        conn.busy = true;
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(s.header_limit_bytes));
        parser.body_limit(s.body_limit_bytes);
        // A request that started must arrive whole within request_timeout_ms. tcp_stream's own
        // expiry would close the socket, leaving no way to answer 408, so a separate timer
        // only cancels the read.
        conn.stream.expires_never();
        auto deadline_state = std::make_shared<Deadline>();
        deadline_state->socket = &conn.stream.socket();
        asio::steady_timer deadline(co_await asio::this_coro::executor);
        deadline.expires_after(milliseconds(s.request_timeout_ms));
        deadline.async_wait([deadline_state](const beast::error_code& timer_ec) {
            if (timer_ec || !deadline_state->armed) return;
            deadline_state->fired = true;
            beast::error_code ignored;
            deadline_state->socket->cancel(ignored);
        });
        auto [read_ec, read_n] = co_await bhttp::async_read(conn.stream, buffer, parser, kNoThrow);
        (void)read_n;
        deadline_state->armed = false;
        deadline.cancel();

        Request req;
        req.request_id = st.api.RequestIdFor(parser.is_header_done() ? std::string_view(parser.get()["X-Request-Id"])
                                                                     : std::string_view());
        if (read_ec) {
            Response problem;
            if (read_ec == bhttp::error::body_limit) {
                problem = ProblemResponse(413, "body_too_large",
                                          "the body is larger than " + std::to_string(s.body_limit_bytes) + " bytes",
                                          req.request_id);
            } else if (read_ec == bhttp::error::header_limit) {
                problem = ProblemResponse(431, "header_too_large",
                                          "the request headers are larger than " +
                                              std::to_string(s.header_limit_bytes) + " bytes",
                                          req.request_id);
            } else if (deadline_state->fired) {
                problem = ProblemResponse(408, "request_timeout", "the request did not arrive in time", req.request_id);
            } else if (read_ec == bhttp::error::end_of_stream || read_ec == asio::error::connection_reset ||
                       read_ec == asio::error::operation_aborted || read_ec == asio::error::eof) {
                break;
            } else {
                problem = ProblemResponse(400, "bad_request", "the request is not valid HTTP/1.1", req.request_id);
            }
            req.method = parser.is_header_done() ? std::string(parser.get().method_string()) : "OTHER";
            req.route = "unmatched";
            auto res = ToBeast(problem, req.request_id, 11, false);
            conn.stream.expires_after(milliseconds(s.request_timeout_ms));
            auto [write_ec, written] = co_await bhttp::async_write(conn.stream, res, kNoThrow);
            (void)written;
            st.api.Record(req, problem, 0);
            if (!write_ec) co_await DrainAndClose(conn.stream);
            break;
        }

        auto& in = parser.get();
        const unsigned version = in.version();
        const bool keep_alive = in.keep_alive();
        const auto start = std::chrono::steady_clock::now();
        Response response;
        beast::error_code peer_ec;
        const auto peer = conn.stream.socket().remote_endpoint(peer_ec);
        req.client_address = peer_ec ? std::string("unknown")
                                     : ClientAddress(peer.address().to_string(), in["X-Forwarded-For"],
                                                     s.trusted_proxies);
        if (auto converted = ToRequest(in, req); !converted) {
            response = ProblemResponse(converted.error(), req.request_id);
        } else {
            try {
                response = co_await asio::co_spawn(
                    st.workers, [&]() -> asio::awaitable<Response> { co_return st.api.Handle(req); },
                    asio::use_awaitable);
            } catch (const std::exception&) {
                // A bug: the handler threw. Log the type of failure only; never request data.
                std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"handler threw\",\"request_id\":\"%s\"}\n",
                             req.request_id.c_str());
                response = ProblemResponse(core::Error::Internal("handler threw"), req.request_id);
            }
        }
        const bool again = keep_alive && !st.stopping;
        auto res = ToBeast(response, req.request_id, version, again);
        if (req.method == "HEAD") res.body().clear();
        conn.stream.expires_after(milliseconds(s.request_timeout_ms));
        auto [write_ec, written] = co_await bhttp::async_write(conn.stream, res, kNoThrow);
        (void)written;
        st.api.Record(req, response, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (write_ec || !again) break;
    }
    beast::error_code ignored;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn.stream.socket().close(ignored);
}

asio::awaitable<void> Listen(ServerState& st, tcp::acceptor& acceptor) {
    auto ex = co_await asio::this_coro::executor;
    asio::steady_timer backoff(ex);
    while (!st.stopping) {
        auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
        if (ec) {
            if (st.stopping || ec == asio::error::operation_aborted) break;
            // Out of file descriptors or similar: wait a moment instead of spinning.
            backoff.expires_after(milliseconds(50));
            co_await backoff.async_wait(kNoThrow);
            continue;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        asio::co_spawn(ex, Session(st, std::move(socket)), [](std::exception_ptr e) {
            if (e) std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"connection failed unexpectedly\"}\n");
        });
    }
}

}  // namespace

core::Status RunServer(const ServerSettings& settings, Api& api, const std::function<void(std::uint16_t)>& on_listening) {
    asio::io_context io(1);
    ServerState st(settings, api, io);

    beast::error_code ec;
    const auto address = asio::ip::make_address(settings.address, ec);
    if (ec) return core::Error::InvalidArgument("listen address " + settings.address + " is not an IP address", "listen");
    tcp::acceptor acceptor(io);
    const tcp::endpoint endpoint(address, settings.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return core::Error::Unavailable("cannot listen on " + settings.address + ":" + std::to_string(settings.port) +
                                        ": " + ec.message());
    }

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const beast::error_code& error, int) {
        if (error) return;
        st.stopping = true;
        beast::error_code ignored;
        acceptor.close(ignored);
        for (Connection* c : st.connections) {
            if (!c->busy) c->stream.socket().cancel(ignored);  // idle: wake its read, it leaves the loop
        }
        st.grace_timer.expires_after(milliseconds(settings.shutdown_grace_ms));
        st.grace_timer.async_wait([&](const beast::error_code& timer_ec) {
            if (timer_ec) return;  // cancelled: every connection finished in time
            beast::error_code ignored2;
            for (Connection* c : st.connections) c->stream.socket().close(ignored2);
        });
        FinishIfDrained(st);
    });

    asio::co_spawn(io, Listen(st, acceptor), [](std::exception_ptr e) {
        if (e) std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"acceptor failed unexpectedly\"}\n");
    });
    on_listening(acceptor.local_endpoint().port());
    io.run();
    st.workers.join();
    return core::Ok();
}

}  // namespace xinqiao::http
