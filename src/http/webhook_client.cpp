#include "http/webhook_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <chrono>

namespace xinqiao::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

core::Error Unreachable(const char* what) {
    return core::Error::Unavailable(std::string("the webhook receiver could not be reached: ") + what);
}

template <typename Stream>
core::Result<int> Exchange(Stream& stream, const bhttp::request<bhttp::string_body>& req) {
    beast::error_code ec;
    bhttp::write(stream, req, ec);
    if (ec) return Unreachable("sending failed");
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);  // the answer is not used beyond its status
    bhttp::read(stream, buffer, parser, ec);
    if (ec) return Unreachable("no answer");
    return static_cast<int>(parser.get().result_int());
}

}  // namespace

core::Result<int> HttpWebhookTransport::Post(const core::warning::OutgoingPost& post) {
    const auto parsed = boost::urls::parse_uri(post.url);
    if (!parsed) return core::Error::InvalidArgument("the webhook URL is not a valid address");
    const auto& url = *parsed;
    const bool tls = url.scheme() == "https";
    if (!tls && url.scheme() != "http") return core::Error::InvalidArgument("the webhook URL must be http or https");
    const std::string host(url.host());
    const std::string port = url.has_port() ? std::string(url.port()) : (tls ? "443" : "80");
    std::string target(url.encoded_target());
    if (target.empty()) target = "/";

    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
    req.set(bhttp::field::host, url.has_port() ? host + ":" + port : host);
    req.set(bhttp::field::user_agent, "Xinqiao-Webhook/1");
    for (const auto& [name, value] : post.headers) req.set(name, value);
    req.body() = post.body;
    req.prepare_payload();

    asio::io_context io;
    beast::error_code ec;
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(host, port, ec);
    if (ec) return Unreachable("the host name did not resolve");
    const auto deadline = std::chrono::milliseconds(timeout_ms_);
    if (!tls) {
        beast::tcp_stream stream(io);
        stream.expires_after(deadline);
        stream.connect(endpoints, ec);
        if (ec) return Unreachable("no connection");
        auto status = Exchange(stream, req);
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        return status;
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths(ec);
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) return Unreachable("TLS set-up failed");
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    beast::get_lowest_layer(stream).expires_after(deadline);
    beast::get_lowest_layer(stream).connect(endpoints, ec);
    if (ec) return Unreachable("no connection");
    stream.handshake(asio::ssl::stream_base::client, ec);
    if (ec) return Unreachable("the TLS handshake failed (certificate not trusted?)");
    auto status = Exchange(stream, req);
    stream.shutdown(ec);
    return status;
}

}  // namespace xinqiao::http
