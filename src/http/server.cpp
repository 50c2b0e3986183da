#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "http/access_log.hpp"
#include "http/request_id.hpp"
#include "http/security_headers.hpp"

namespace keyward::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto use_awaitable = asio::use_awaitable;
constexpr std::size_t read_chunk = 8 * 1024;
constexpr std::size_t file_chunk = 256 * 1024;
// After refusing a request we read and discard what the client still sends, for at most this
// long or this much: closing with unread data makes the kernel send a reset, which can destroy
// the error response before the client has read it.
constexpr auto linger_time = std::chrono::seconds(2);
constexpr std::size_t linger_bytes = 64 * 1024 * 1024;
// Bounds waiting for the client's TLS close_notify; the response is already delivered.
constexpr auto tls_shutdown_time = std::chrono::milliseconds(500);

Method method_of(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::get;
    case bhttp::verb::head:
      return Method::head;
    case bhttp::verb::post:
      return Method::post;
    case bhttp::verb::put:
      return Method::put;
    case bhttp::verb::patch:
      return Method::patch;
    case bhttp::verb::delete_:
      return Method::del;
    case bhttp::verb::options:
      return Method::options;
    default:
      return Method::other;
  }
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// False when the target is not origin-form ("/path?query"), which is all this server serves.
bool to_request(bhttp::request<bhttp::string_body>& in, Request& out) {
  out.method = method_of(in.method());
  out.target = std::string(in.target());
  const auto url = boost::urls::parse_origin_form(out.target);
  if (!url) return false;
  out.path = url->path();
  for (const auto& param : url->params(boost::urls::encoding_opts(true))) {
    out.query.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
  for (const auto& field : in) {
    out.headers.emplace(lower_case(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  return true;
}

// What the access log and the metrics need to know about one exchange.
struct Exchange {
  Method method = Method::other;
  unsigned version = 11;
  std::string route = "unmatched";
  std::string raw_path = "-";
  std::string request_id;
  std::size_t body_limit = 0;  // of the matched route, for the 413 message
  Clock::time_point started = Clock::now();
};

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

bool is_framing_header(std::string_view name) {
  return name == "content-length" || name == "transfer-encoding" || name == "connection";
}

// The status line and header section. Written by hand rather than with Beast's serializer:
// Beast's composed read and write operations, instantiated for both the plain and the TLS
// stream, doubled the compile time of this file.
std::string serialize_head(const Response& response, unsigned version, bool keep_alive,
                           bool has_body) {
  std::string head;
  head.reserve(512);
  head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  head += "\r\n";
  for (const auto& [name, value] : response.headers) {
    // Framing is the server's business; a handler's value could desynchronise the client.
    if (is_framing_header(name)) continue;
    const auto field = bhttp::string_to_field(name);
    head += field == bhttp::field::unknown ? std::string_view(name)
                                           : std::string_view(bhttp::to_string(field));
    head += ": ";
    // A line break in a value would let it smuggle further headers.
    for (char c : value) head += (c == '\r' || c == '\n') ? ' ' : c;
    head += "\r\n";
  }
  if (has_body) head += "Content-Length: " + std::to_string(response.body_size()) + "\r\n";
  if (version >= 11 && !keep_alive) head += "Connection: close\r\n";
  if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
  head += "\r\n";
  return head;
}

class ServerCore;
template <class Stream>
class Session;

// The server's handle on one connection, used to close it when shutdown finds it idle.
class Connection {
 public:
  Connection(ServerCore& server, asio::any_io_executor strand);
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  const asio::any_io_executor& strand() const { return strand_; }
  // Must run on strand().
  virtual void close_if_idle() = 0;

 protected:
  ServerCore& server_;
  asio::any_io_executor strand_;
};

class ServerCore {
 public:
  ServerCore(ServerOptions options, const Router& router, Metrics& metrics);
  ~ServerCore();

  std::uint16_t port() const { return port_; }
  void run();
  void stop() {
    asio::post(control_, [this] { begin_shutdown(); });
  }

  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }
  asio::thread_pool::executor_type workers() { return workers_.get_executor(); }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  void connection_opened() { connection_count_.fetch_add(1); }
  void connection_closed(Connection* connection) {
    {
      std::lock_guard lock(connections_mutex_);
      connections_.erase(connection);
    }
    connection_count_.fetch_sub(1);
  }

 private:
  template <class Stream>
  void start(std::shared_ptr<Session<Stream>> session);
  asio::awaitable<void> accept_loop();
  void start_session(tcp::socket socket);
  void begin_shutdown();
  void close_idle_connections();
  asio::awaitable<void> drain();

  ServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::atomic<std::size_t> connection_count_{0};
  std::atomic<bool> stopping_{false};
  // Declared before the io_context so that streams destroyed with it never outlive it.
  std::optional<asio::ssl::context> tls_;
  asio::io_context io_;
  // Serialises the acceptor, the signal set and shutdown across the I/O threads.
  asio::strand<asio::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  asio::thread_pool workers_;
  std::uint16_t port_ = 0;
};

Connection::Connection(ServerCore& server, asio::any_io_executor strand)
    : server_(server), strand_(std::move(strand)) {
  server_.connection_opened();
}

Connection::~Connection() { server_.connection_closed(this); }

template <class Stream>
class Session final : public Connection {
 public:
  static constexpr bool tls = std::is_same_v<Stream, TlsStream>;

  Session(ServerCore& server, asio::any_io_executor strand, std::string remote, Stream stream)
      : Connection(server, std::move(strand)),
        remote_(std::move(remote)),
        stream_(std::move(stream)) {}

  // Takes the session by value so that the coroutine frame keeps it alive.
  static asio::awaitable<void> run(std::shared_ptr<Session> self) {
    try {
      co_await self->serve();
    } catch (const std::exception& error) {
      spdlog::warn("connection from {} failed: {}", self->remote_, error.what());
    }
  }

  void close_if_idle() override {
    if (idle_) beast::get_lowest_layer(stream_).cancel();
  }

 private:
  asio::awaitable<void> serve() {
    const auto& options = server_.options();
    auto& lowest = beast::get_lowest_layer(stream_);
    error_code ec;
    if constexpr (tls) {
      lowest.expires_after(options.request_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                       asio::redirect_error(use_awaitable, ec));
      if (ec) co_return;
    }
    for (;;) {
      if (buffer_.size() == 0) {
        // Waiting for the first byte of the next request is the keep-alive idle time; the
        // shorter request timeout only starts once a request begins.
        idle_ = true;
        if (server_.stopping()) break;
        lowest.expires_after(options.idle_timeout);
        const std::size_t n = co_await stream_.async_read_some(
            buffer_.prepare(read_chunk), asio::redirect_error(use_awaitable, ec));
        idle_ = false;
        if (ec) co_return;
        buffer_.commit(n);
      }
      if (!co_await serve_request()) break;
    }
    co_await close_after_response();
  }

  // Reads, handles and answers one request; false when the connection must close.
  asio::awaitable<bool> serve_request() {
    const auto& options = server_.options();
    auto& lowest = beast::get_lowest_layer(stream_);
    Exchange exchange;
    lowest.expires_after(options.request_timeout);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    // The route, and so its body limit, is known only once the header is in.
    parser.body_limit(server_.router().largest_body_limit(options.body_limit));
    parser.eager(true);
    exchange.body_limit = options.body_limit;
    auto ec = co_await read_into(parser, false);
    if (!ec) ec = apply_route_body_limit(parser, exchange);
    if (!ec && !parser.is_done() &&
        beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
      ec = co_await write({asio::buffer(continue_line), asio::const_buffer()});
    }
    if (!ec) ec = co_await read_into(parser, true);
    // A body over the limit fails while the header is being finished: the start line and
    // fields are there, so its log line and metrics still name the method and path.
    if (!parser.get().target().empty()) {
      describe(parser.get(), exchange);
      // Beyond even the largest route limit: the header failed before its route was asked.
      if (ec == bhttp::error::body_limit) exchange.body_limit = route_body_limit(parser.get());
    }
    if (exchange.request_id.empty()) exchange.request_id = new_request_id();
    if (ec) {
      co_await refuse(ec, exchange);
      co_return false;
    }

    auto& in = parser.get();
    bool keep_alive = in.keep_alive();
    Request request;
    request.remote_address = remote_;
    request.request_id = exchange.request_id;
    request.tls = tls;
    Response response;
    if (!to_request(in, request)) {
      response = error_response(400, "invalid_request", "malformed request target");
    } else {
      // Handlers may block on the database, so they run on the worker pool and the response
      // is written back on this connection's strand; non-blocking ones run right here.
      if (server_.router().match(request).execution == Execution::io_thread) {
        response = server_.router().dispatch(request, exchange.route);
      } else {
        co_await asio::post(asio::bind_executor(server_.workers(), use_awaitable));
        response = server_.router().dispatch(request, exchange.route);
        co_await asio::post(asio::bind_executor(strand_, use_awaitable));
      }
      if (response.deferred) response = co_await await_deferred(std::move(response.deferred));
    }
    keep_alive = keep_alive && !server_.stopping();
    ec = co_await respond(std::move(response), exchange, keep_alive);
    co_return !ec && keep_alive;
  }

  // Waits for a handler's deferred response. The completion may come from any thread: it
  // posts the response to this connection's strand and wakes the coroutine through a timer
  // owned by the shared state, so no completion handler is ever touched off the strand.
  asio::awaitable<Response> await_deferred(std::shared_ptr<DeferredResponse> deferred) {
    struct Waiter {
      explicit Waiter(const asio::any_io_executor& strand) : wakeup(strand) {}
      asio::steady_timer wakeup;
      std::optional<Response> response;
    };
    auto waiter = std::make_shared<Waiter>(strand_);
    waiter->wakeup.expires_at(asio::steady_timer::time_point::max());
    deferred->on_complete([waiter](Response response) {
      asio::post(waiter->wakeup.get_executor(),
                 [waiter, response = std::move(response)]() mutable {
                   waiter->response = std::move(response);
                   waiter->wakeup.cancel();
                 });
    });
    error_code ignored;
    co_await waiter->wakeup.async_wait(asio::redirect_error(use_awaitable, ignored));
    co_return std::move(*waiter->response);
  }

  // Feeds the parser from the connection until the header (or the whole message) is in;
  // what follows the message stays in buffer_ for the next request.
  asio::awaitable<error_code> read_into(bhttp::request_parser<bhttp::string_body>& parser,
                                        bool whole_message) {
    error_code ec;
    for (;;) {
      if (whole_message ? parser.is_done() : parser.is_header_done()) co_return error_code();
      if (buffer_.size() > 0) {
        const std::size_t used = parser.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec && ec != bhttp::error::need_more) co_return ec;
        if (!ec && used > 0) continue;
      }
      const std::size_t n = co_await stream_.async_read_some(
          buffer_.prepare(read_chunk), asio::redirect_error(use_awaitable, ec));
      if (ec == asio::error::eof) {
        parser.put_eof(ec);
        co_return ec ? ec : make_error_code(bhttp::error::partial_message);
      }
      if (ec) co_return ec;
      buffer_.commit(n);
    }
  }

  // The body limit of the route the request's header names.
  std::size_t route_body_limit(const bhttp::request<bhttp::string_body>& header) const {
    Request probe;
    probe.method = method_of(header.method());
    probe.target = std::string(header.target());
    return server_.router().match(probe).body_limit.value_or(server_.options().body_limit);
  }

  // Sets the matched route's body limit; a declared length beyond it is refused now.
  error_code apply_route_body_limit(bhttp::request_parser<bhttp::string_body>& parser,
                                    Exchange& exchange) const {
    const std::size_t limit = route_body_limit(parser.get());
    exchange.body_limit = limit;
    const auto length = parser.content_length();
    if (length && *length > limit) return bhttp::error::body_limit;
    parser.body_limit(limit);
    return {};
  }

  asio::awaitable<error_code> write(const std::array<asio::const_buffer, 2>& buffers) {
    error_code ec;
    co_await asio::async_write(stream_, buffers, asio::redirect_error(use_awaitable, ec));
    co_return ec;
  }

  static void describe(const bhttp::request<bhttp::string_body>& in, Exchange& exchange) {
    exchange.method = method_of(in.method());
    exchange.version = in.version();
    const std::string_view target = in.target();
    exchange.raw_path = std::string(target.substr(0, target.find('?')));
    const std::string_view id = in["X-Request-Id"];
    if (acceptable_request_id(id)) exchange.request_id = std::string(id);
  }

  // Answers a request that could not be read completely, then closes.
  asio::awaitable<void> refuse(const error_code& ec, Exchange& exchange) {
    Response response;
    if (ec == bhttp::error::body_limit) {
      response =
          error_response(413, "payload_too_large",
                         "request body exceeds " + std::to_string(exchange.body_limit) + " bytes");
    } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      response = error_response(431, "headers_too_large", "request header section is too large");
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      response = error_response(400, "bad_request", "malformed HTTP request");
    } else {
      co_return;  // timeout or the client went away: nobody to answer
    }
    if (!co_await respond(std::move(response), exchange, false)) co_await linger();
  }

  asio::awaitable<void> linger() {
    auto& lowest = beast::get_lowest_layer(stream_);
    error_code ec;
    lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest.expires_after(linger_time);
    std::vector<char> scratch(read_chunk);
    std::size_t total = 0;
    while (!ec && total < linger_bytes) {
      total += co_await lowest.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(use_awaitable, ec));
    }
  }

  asio::awaitable<error_code> respond(Response response, const Exchange& exchange,
                                      bool keep_alive) {
    add_security_headers(response, tls);
    response.set_header("x-request-id", exchange.request_id);
    const int status = response.status;
    const bool has_body = status_has_body(status);
    const std::string head = serialize_head(response, exchange.version, keep_alive, has_body);
    // HEAD announces the length a GET would have but sends no body.
    const bool send_body = has_body && exchange.method != Method::head;
    const std::uint64_t bytes = send_body ? response.body_size() : 0;
    beast::get_lowest_layer(stream_).expires_after(server_.options().request_timeout);
    auto ec = co_await write(
        {asio::buffer(head), send_body ? asio::buffer(response.body) : asio::const_buffer()});
    if (send_body) {
      for (const auto& part : response.more_body) {
        if (ec) break;
        ec = co_await write_part(part);
      }
    }

    const std::chrono::duration<double> elapsed = Clock::now() - exchange.started;
    const auto method = method_name(exchange.method);
    server_.metrics().observe(std::string(method), exchange.route, status, elapsed.count());
    write_access_log({method, exchange.raw_path, status, static_cast<std::size_t>(bytes),
                      elapsed.count() * 1000, exchange.request_id, remote_},
                     server_.options().json_access_log);
    co_return ec;
  }

  // A text, or a file range read in chunks (from the page cache, typically: the blocking
  // read is short). Each chunk gets the request timeout anew, so a large download to a slow
  // client is bounded by its progress, not its size.
  asio::awaitable<error_code> write_part(const BodyPart& part) {
    if (const auto* text = std::get_if<std::string>(&part)) {
      co_return co_await write({asio::buffer(*text), asio::const_buffer()});
    }
    const auto& range = std::get<FileRange>(part);
    if constexpr (!tls) co_return co_await send_file(range);
    std::vector<char> chunk(file_chunk);
    std::uint64_t offset = range.offset;
    const std::uint64_t end = range.offset + range.length;
    while (offset < end) {
      const auto wanted =
          static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), end - offset));
      const ssize_t got = ::pread(range.fd, chunk.data(), wanted, static_cast<off_t>(offset));
      if (got <= 0) {
        spdlog::error("reading a response body file failed: {}",
                      got < 0 ? std::strerror(errno) : "unexpected end of file");
        co_return make_error_code(boost::system::errc::io_error);
      }
      beast::get_lowest_layer(stream_).expires_after(server_.options().request_timeout);
      const auto ec = co_await write({asio::buffer(chunk.data(), static_cast<std::size_t>(got)),
                                      asio::const_buffer()});
      if (ec) co_return ec;
      offset += static_cast<std::uint64_t>(got);
    }
    co_return error_code();
  }

  // A plain connection sends a file range with sendfile(2): the kernel copies from the page
  // cache to the socket, once, with no user-space buffer (half the CPU of read + write, which
  // matters while check-ins share this thread).
  asio::awaitable<error_code> send_file(const FileRange& range) {
    auto& socket = beast::get_lowest_layer(stream_).socket();
    error_code ec;
    socket.native_non_blocking(true, ec);
    if (ec) co_return ec;
    auto offset = static_cast<off_t>(range.offset);
    const auto end = static_cast<off_t>(range.offset + range.length);
    while (offset < end) {
      const auto wanted = static_cast<std::size_t>(std::min<off_t>(end - offset, file_chunk * 4));
      const ssize_t sent = ::sendfile(socket.native_handle(), range.fd, &offset, wanted);
      if (sent > 0) continue;
      if (sent == 0) co_return make_error_code(boost::system::errc::io_error);  // file shrank
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        co_return error_code(errno, boost::system::system_category());
      }
      // The socket buffer is full: wait until the client reads, at most request_timeout.
      asio::steady_timer guard(strand_);
      guard.expires_after(server_.options().request_timeout);
      guard.async_wait([&socket](const error_code& expired) {
        if (!expired) socket.cancel();
      });
      co_await socket.async_wait(tcp::socket::wait_write, asio::redirect_error(use_awaitable, ec));
      guard.cancel();
      if (ec) co_return ec;
    }
    co_return error_code();
  }

  asio::awaitable<void> close_after_response() {
    auto& lowest = beast::get_lowest_layer(stream_);
    error_code ec;
    if constexpr (tls) {
      lowest.expires_after(tls_shutdown_time);
      co_await stream_.async_shutdown(asio::redirect_error(use_awaitable, ec));
    }
    lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  std::string remote_;
  Stream stream_;
  beast::flat_buffer buffer_;
  bool idle_ = false;
};

ServerCore::ServerCore(ServerOptions options, const Router& router, Metrics& metrics)
    : options_(std::move(options)),
      router_(router),
      metrics_(metrics),
      io_(static_cast<int>(std::max(1u, options_.io_threads))),
      control_(asio::make_strand(io_)),
      acceptor_(control_),
      workers_(std::max(1u, options_.worker_threads)) {
  using core::Error;
  using core::ErrorKind;
  if (options_.tls_cert_file || options_.tls_key_file) {
    if (!options_.tls_cert_file || !options_.tls_key_file) {
      throw Error(ErrorKind::unavailable, "tls_unavailable",
                  "TLS needs both a certificate file and a key file");
    }
    tls_.emplace(asio::ssl::context::tls_server);
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    error_code ec;
    tls_->use_certificate_chain_file(*options_.tls_cert_file, ec);
    if (ec) {
      throw Error(ErrorKind::unavailable, "tls_unavailable",
                  "cannot load TLS certificate " + *options_.tls_cert_file + ": " + ec.message());
    }
    tls_->use_private_key_file(*options_.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) {
      throw Error(ErrorKind::unavailable, "tls_unavailable",
                  "cannot load TLS key " + *options_.tls_key_file + ": " + ec.message());
    }
    if (SSL_CTX_check_private_key(tls_->native_handle()) != 1) {
      throw Error(ErrorKind::unavailable, "tls_unavailable",
                  "TLS key " + *options_.tls_key_file + " does not match the certificate");
    }
  }

  const std::string where = options_.host + ":" + std::to_string(options_.port);
  error_code ec;
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    tcp::resolver resolver(io_);
    const auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) {
      throw Error(ErrorKind::unavailable, "listen_failed",
                  "cannot resolve " + options_.host + ": " + ec.message());
    }
    endpoint = *results.begin();
  }
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorKind::unavailable, "listen_failed",
                "cannot listen on " + where + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
}

ServerCore::~ServerCore() {
  // A handler still running on the pool after a forced stop must finish before the sockets
  // and the io_context it refers to go away.
  workers_.join();
}

void ServerCore::run() {
  signals_.emplace(control_, SIGINT, SIGTERM);
  signals_->async_wait([this](const error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}", signal);
    begin_shutdown();
  });
  asio::co_spawn(control_, accept_loop(), asio::detached);
  spdlog::info("listening on {}:{}{}", options_.host, port_, tls_ ? " (TLS)" : "");

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& thread : threads) thread.join();
  // Later signals must reach the process's default handling, not this finished server.
  signals_.reset();
  spdlog::info("server stopped");
}

asio::awaitable<void> ServerCore::accept_loop() {
  asio::steady_timer backoff(control_);
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(
        asio::any_io_executor(asio::make_strand(io_)), asio::redirect_error(use_awaitable, ec));
    if (stopping()) co_return;
    if (ec) {
      // Typically out of file descriptors: pause instead of spinning on the same error.
      spdlog::warn("accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (connection_count_.load() >= options_.max_connections) {
      socket.close(ec);
      continue;
    }
    start_session(std::move(socket));
  }
}

template <class Stream>
void ServerCore::start(std::shared_ptr<Session<Stream>> session) {
  {
    std::lock_guard lock(connections_mutex_);
    connections_.emplace(session.get(), session);
  }
  const auto strand = session->strand();
  asio::co_spawn(strand, Session<Stream>::run(std::move(session)), asio::detached);
}

void ServerCore::start_session(tcp::socket socket) {
  error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // the peer already gave up
  socket.set_option(tcp::no_delay(true), ec);
  auto strand = socket.get_executor();
  auto address = remote.address().to_string();
  if (tls_) {
    start(std::make_shared<Session<TlsStream>>(*this, strand, std::move(address),
                                               TlsStream(std::move(socket), *tls_)));
  } else {
    start(std::make_shared<Session<PlainStream>>(*this, strand, std::move(address),
                                                 PlainStream(std::move(socket))));
  }
}

void ServerCore::begin_shutdown() {
  if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
  spdlog::info("shutting down: finishing requests in flight");
  error_code ec;
  acceptor_.close(ec);
  if (signals_) signals_->cancel(ec);
  close_idle_connections();
  asio::co_spawn(control_, drain(), asio::detached);
}

void ServerCore::close_idle_connections() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(connections_mutex_);
    for (const auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (auto& connection : open) {
    const auto strand = connection->strand();
    asio::post(strand, [connection = std::move(connection)] { connection->close_if_idle(); });
  }
}

asio::awaitable<void> ServerCore::drain() {
  asio::steady_timer timer(control_);
  const auto deadline = Clock::now() + options_.shutdown_grace;
  while (connection_count_.load() > 0) {
    if (Clock::now() >= deadline) {
      spdlog::warn("{} connections still open after {} ms; dropping them", connection_count_.load(),
                   options_.shutdown_grace.count());
      io_.stop();
      co_return;
    }
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(use_awaitable);
  }
}

}  // namespace

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->port(); }

void Server::run() { impl_->run(); }

void Server::stop() { impl_->stop(); }

}  // namespace keyward::http
