#include "http/client.hpp"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "core/error.hpp"

namespace keyward::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::uint64_t response_body_limit = 256 * 1024 * 1024;

bhttp::verb verb_of(Method method) {
  switch (method) {
    case Method::get:
      return bhttp::verb::get;
    case Method::head:
      return bhttp::verb::head;
    case Method::post:
      return bhttp::verb::post;
    case Method::put:
      return bhttp::verb::put;
    case Method::patch:
      return bhttp::verb::patch;
    case Method::del:
      return bhttp::verb::delete_;
    case Method::options:
      return bhttp::verb::options;
    case Method::other:
      break;
  }
  throw std::invalid_argument("the HTTP client cannot send Method::other");
}

core::Error failure(const std::string& what, const error_code& ec) {
  return core::Error(core::ErrorKind::unavailable, "http_client_failed",
                     what + ": " + ec.message());
}

}  // namespace

struct Client::Impl {
  Impl(std::string host_, std::uint16_t port_, bool tls, std::chrono::milliseconds timeout_)
      : host(std::move(host_)), port(port_), timeout(timeout_) {
    if (tls) {
      tls_context.emplace(asio::ssl::context::tls_client);
      tls_context->set_verify_mode(asio::ssl::verify_none);
    }
  }

  // Runs one asynchronous step to completion; the stream's expiry turns a stalled step into
  // beast::error::timeout, which blocking calls could not do.
  template <class Start>
  error_code complete(Start&& start) {
    error_code result;
    start([&result](const error_code& ec, auto&&...) { result = ec; });
    io.restart();
    io.run();
    return result;
  }

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  void connect() {
    if (endpoints.empty()) {
      tcp::resolver resolver(io);
      error_code ec;
      endpoints = resolver.resolve(host, std::to_string(port), ec);
      if (ec) throw failure("cannot resolve " + host, ec);
    }
    if (tls_context) {
      secure.emplace(io, *tls_context);
    } else {
      plain.emplace(io);
    }
    lowest().expires_after(timeout);
    auto ec = complete([&](auto handler) { lowest().async_connect(endpoints, handler); });
    if (ec) {
      disconnect();
      throw failure("cannot connect to " + host + ":" + std::to_string(port), ec);
    }
    lowest().socket().set_option(tcp::no_delay(true), ec);
    if (secure) {
      SSL_set_tlsext_host_name(secure->native_handle(), host.c_str());
      lowest().expires_after(timeout);
      ec = complete(
          [&](auto handler) { secure->async_handshake(asio::ssl::stream_base::client, handler); });
      if (ec) {
        disconnect();
        throw failure("TLS handshake with " + host + " failed", ec);
      }
    }
  }

  void disconnect() {
    plain.reset();
    secure.reset();
    buffer.clear();
  }

  template <class Stream>
  error_code exchange(Stream& stream, bhttp::request<bhttp::string_body>& request,
                      bhttp::response_parser<bhttp::string_body>& parser) {
    lowest().expires_after(timeout);
    auto ec = complete([&](auto handler) { bhttp::async_write(stream, request, handler); });
    if (ec) return ec;
    lowest().expires_after(timeout);
    return complete([&](auto handler) { bhttp::async_read(stream, buffer, parser, handler); });
  }

  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  asio::io_context io{1};
  std::optional<asio::ssl::context> tls_context;
  tcp::resolver::results_type endpoints;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
};

Client::Client(std::string host, std::uint16_t port, bool tls, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(std::move(host), port, tls, timeout)) {}

Client::~Client() = default;

void Client::disconnect() { impl_->disconnect(); }

Response Client::request(Method method, const std::string& target, const std::string& body,
                         const Headers& headers) {
  bhttp::request<bhttp::string_body> out{verb_of(method), target, 11};
  for (const auto& [name, value] : headers) out.insert(name, value);
  // Callers may name another virtual host or agent (the device simulator does).
  if (out.find(bhttp::field::host) == out.end()) {
    out.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
  }
  if (out.find(bhttp::field::user_agent) == out.end()) {
    out.set(bhttp::field::user_agent, "keyward-client");
  }
  if (!body.empty() && headers.find("content-type") == headers.end()) {
    out.set(bhttp::field::content_type, "application/json");
  }
  out.body() = body;
  out.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    const bool reused = impl_->plain || impl_->secure;
    if (!reused) impl_->connect();
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(response_body_limit);
    // A HEAD response announces a length but has no body to wait for.
    parser.skip(method == Method::head);
    const auto ec = impl_->secure ? impl_->exchange(*impl_->secure, out, parser)
                                  : impl_->exchange(*impl_->plain, out, parser);
    if (ec) {
      impl_->disconnect();
      // A kept-alive connection may have been closed by the server while idle; one retry on
      // a fresh connection covers that without hiding real failures.
      if (reused && attempt == 0 && ec != beast::error::timeout) continue;
      throw failure(std::string(method_name(method)) + " " + target + " failed", ec);
    }

    auto& in = parser.get();
    Response response;
    response.status = static_cast<int>(in.result_int());
    for (const auto& field : in) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      response.headers.emplace(std::move(name), std::string(field.value()));
    }
    const bool keep_alive = in.keep_alive();
    response.body = std::move(in.body());
    if (!keep_alive) impl_->disconnect();
    return response;
  }
}

}  // namespace keyward::http
