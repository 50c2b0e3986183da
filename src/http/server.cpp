#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
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
// Plain sockets rather than beast::tcp_stream: its timeouts cost timer operations on every
// read and write; Session enforces its deadlines with one lazily moved timer instead.
using PlainStream = tcp::socket;
using TlsStream = beast::ssl_stream<tcp::socket>;

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

// File descriptors kept free of connections: database connections, exports, installers.
constexpr std::size_t reserved_descriptors = 256;

// Raises the soft limit on open files to the hard one (a service's soft limit is often 1024)
// and returns how many connections fit beneath it. Connections beyond the descriptors would
// make accept fail, and the limit's eviction (see evict_longest_waiting) would never start.
std::size_t connection_capacity(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur == RLIM_INFINITY) return wanted;
  const auto descriptors = static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t capacity =
      descriptors > 2 * reserved_descriptors ? descriptors - reserved_descriptors
                                             : descriptors / 2;
  if (wanted <= capacity) return wanted;
  spdlog::warn("at most {} connections: the process may open {} files (raise LimitNOFILE)",
               capacity, descriptors);
  return capacity;
}

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

// RFC 3986 pchar other than a percent-encoding, or '/'.
bool is_plain_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos;
}

// "/agent/v1/checkin": an absolute path without query or percent-encodings, which is its own
// decoded path. Most requests look like this, and need no URL parser.
bool is_plain_path(std::string_view target) {
  return !target.empty() && target.front() == '/' &&
         std::all_of(target.begin(), target.end(), is_plain_path_char);
}

// False when the target is not origin-form ("/path?query"), which is all this server serves.
// Sets the method, target, path and query of `out` from the request line; false when the
// target is malformed.
bool parse_request_line(const bhttp::request<bhttp::string_body>& in, Request& out) {
  out.method = method_of(in.method());
  out.target = std::string(in.target());
  if (is_plain_path(out.target)) {
    out.path = out.target;
    return true;
  }
  const auto url = boost::urls::parse_origin_form(out.target);
  if (!url) return false;
  out.path = url->path();
  for (const auto& param : url->params(boost::urls::encoding_opts(true))) {
    out.query.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
  return true;
}

bool to_request(bhttp::request<bhttp::string_body>& in, Request& out) {
  if (!parse_request_line(in, out)) return false;
  for (const auto& field : in) {
    out.headers.emplace(lower_case(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  return true;
}

// What the access log and the metrics need to know about one exchange.
// The views point into the router's patterns and the request's parser.
struct Exchange {
  Method method = Method::other;
  unsigned version = 11;
  std::string_view route = "unmatched";
  std::string_view raw_path = "-";
  std::string request_id;
  std::size_t body_limit = 0;  // of the matched route, for the 413 message
  Clock::time_point started = Clock::now();
};

bool status_has_body(int status) { return status >= 200 && status != 204 && status != 304; }

// Framing is the server's business (a handler's value could desynchronise the client), and
// so are the Server and X-Request-Id headers.
bool is_server_header(std::string_view name) {
  return name == "content-length" || name == "transfer-encoding" || name == "connection" ||
         name == "server" || name == "x-request-id";
}

// The name as Beast spells a known field ("content-type" -> "Content-Type"), else as given.
std::string_view canonical_name(std::string_view lower_case_name) {
  const auto field = bhttp::string_to_field(lower_case_name);
  if (field == bhttp::field::unknown) return lower_case_name;
  const auto name = bhttp::to_string(field);
  return {name.data(), name.size()};
}

void append_header(std::string& head, std::string_view name, std::string_view value) {
  head += name;
  head += ": ";
  // A line break in a value would let it smuggle further headers. (A plain loop finds one:
  // find_first_of runs memchr over the set once per character.)
  const auto is_line_break = [](char c) { return c == '\r' || c == '\n'; };
  if (std::none_of(value.begin(), value.end(), is_line_break)) {
    head += value;
  } else {
    for (char c : value) head += is_line_break(c) ? ' ' : c;
  }
  head += "\r\n";
}

bool has_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return true;
  }
  return false;
}

// The security headers the handler left unset, and the Server header.
void append_each_default_header(std::string& head, const Headers& handler_headers, bool tls) {
  for (const DefaultHeader& header : security_headers()) {
    if (header.tls_only && !tls) continue;
    if (!has_header(handler_headers, header.name)) {
      append_header(head, canonical_name(header.name), header.value);
    }
  }
  append_header(head, canonical_name("server"), kServerName);
}

bool sets_a_default_header(const Headers& handler_headers) {
  for (const DefaultHeader& header : security_headers()) {
    if (has_header(handler_headers, header.name)) return true;
  }
  return false;
}

// Nearly every handler sets none of the default headers: that block is serialised once per
// TLS mode instead of at every response.
void append_default_headers(std::string& head, const Headers& handler_headers, bool tls) {
  static const std::array<std::string, 2> unchanged = [] {
    std::array<std::string, 2> blocks;
    append_each_default_header(blocks[0], {}, false);
    append_each_default_header(blocks[1], {}, true);
    return blocks;
  }();
  if (sets_a_default_header(handler_headers)) {
    append_each_default_header(head, handler_headers, tls);
  } else {
    head += unchanged[tls ? 1 : 0];
  }
}

// What the head of a response depends on besides the response itself.
struct Head {
  unsigned version = 11;
  bool keep_alive = true;
  bool has_body = true;
  bool tls = false;
  std::string_view request_id;
};

// The status line and header section. Written by hand rather than with Beast's serializer:
// Beast's composed read and write operations, instantiated for both the plain and the TLS
// stream, doubled the compile time of this file.
std::string serialize_head(const Response& response, const Head& head_info) {
  std::string head;
  head.reserve(512);
  head += head_info.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  head += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (!is_server_header(name)) append_header(head, canonical_name(name), value);
  }
  append_default_headers(head, response.headers, head_info.tls);
  append_header(head, canonical_name("x-request-id"), head_info.request_id);
  if (head_info.has_body) {
    head += "Content-Length: ";
    head += std::to_string(response.body_size());
    head += "\r\n";
  }
  if (head_info.version >= 11 && !head_info.keep_alive) head += "Connection: close\r\n";
  if (head_info.version == 10 && head_info.keep_alive) head += "Connection: keep-alive\r\n";
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
  // Must run on strand(): closes the connection unless a handler is working on its request.
  virtual void evict() = 0;

  // Since when the connection has been waiting for its client (to send a request, the rest of
  // one, or to read a response); Clock::time_point::max() while a handler works. Read by the
  // accept loop from another thread to pick the connection to evict at the connection limit.
  Clock::time_point waiting_since() const {
    return Clock::time_point(Clock::duration(waiting_since_.load(std::memory_order_relaxed)));
  }
  // Claims the connection for eviction if it has waited since `since`; false when it has
  // moved on (or another accept claimed it first).
  bool claim_for_eviction(Clock::time_point since) {
    auto expected = since.time_since_epoch().count();
    return waiting_since_.compare_exchange_strong(expected, kNotWaiting,
                                                  std::memory_order_relaxed);
  }

 protected:
  static constexpr Clock::rep kNotWaiting = Clock::time_point::max().time_since_epoch().count();
  void set_waiting_since(Clock::time_point since) {
    waiting_since_.store(since.time_since_epoch().count(), std::memory_order_relaxed);
  }

  ServerCore& server_;
  asio::any_io_executor strand_;

 private:
  std::atomic<Clock::rep> waiting_since_{Clock::now().time_since_epoch().count()};
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
  // Of the router's routes, computed once: the routes are all added before the server starts.
  const Router::BodyLimits& body_limits() const { return body_limits_; }
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
  asio::any_io_executor connection_executor();
  asio::awaitable<void> accept_loop();
  void start_session(tcp::socket socket);
  bool evict_longest_waiting();
  void begin_shutdown();
  void close_idle_connections();
  asio::awaitable<void> drain();

  ServerOptions options_;
  const Router& router_;
  Router::BodyLimits body_limits_;
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

// Completes `token` with the deferred response once the handler completes it, from whichever
// thread that happens on: the completion is posted to `executor`, so the waiting coroutine
// always resumes on its own connection's executor.
template <class CompletionToken>
auto async_wait_deferred(std::shared_ptr<DeferredResponse> deferred, asio::any_io_executor executor,
                         CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void(Response)>(
      [](auto handler, std::shared_ptr<DeferredResponse> pending, asio::any_io_executor target) {
        // DeferredResponse::Continuation is copyable; the coroutine's handler is not.
        auto waiting = std::make_shared<decltype(handler)>(std::move(handler));
        pending->on_complete([waiting, target](Response response) {
          asio::post(target, [waiting, response = std::move(response)]() mutable {
            (*waiting)(std::move(response));
          });
        });
      },
      token, std::move(deferred), std::move(executor));
}

template <class Stream>
class Session final : public Connection {
 public:
  static constexpr bool tls = std::is_same_v<Stream, TlsStream>;

  Session(ServerCore& server, asio::any_io_executor strand, std::string remote, Stream stream)
      : Connection(server, strand),
        remote_(std::move(remote)),
        stream_(std::move(stream)),
        watchdog_(strand),
        watch_period_(std::min(server.options().request_timeout, server.options().idle_timeout)) {}

  // Takes the session by value so that the coroutine frame keeps it alive.
  static asio::awaitable<void> run(std::shared_ptr<Session> self) {
    self->self_ = self;
    // The watchdog's pending wait holds the session: release it as the connection ends, not
    // a watch period later (and whatever ends it).
    struct Release {
      Session& session;
      ~Release() {
        session.self_.reset();
        session.watchdog_.cancel();
      }
    } release{*self};
    try {
      co_await self->serve();
    } catch (const std::exception& error) {
      spdlog::warn("connection from {} failed: {}", self->remote_, error.what());
    }
  }

  void close_if_idle() override {
    if (idle_) beast::get_lowest_layer(stream_).cancel();
  }

  // A deadline is set exactly while an operation waits on the client.
  void evict() override {
    if (deadline_ == Clock::time_point::max()) return;
    error_code ignored;
    beast::get_lowest_layer(stream_).close(ignored);
  }

 private:
  using Parser = bhttp::request_parser<bhttp::string_body>;

  // GCC 12 miscompiled a negated co_await inside a condition in this class (the awaited
  // coroutine's frame was left uninitialised), so awaited results go through variables.
  asio::awaitable<void> serve() {
    const auto& options = server_.options();
    error_code ec;
    if constexpr (tls) {
      set_deadline(options.request_timeout);
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
        set_deadline(options.idle_timeout);
        const std::size_t n = co_await stream_.async_read_some(
            buffer_.prepare(read_chunk), asio::redirect_error(use_awaitable, ec));
        idle_ = false;
        if (ec) co_return;
        buffer_.commit(n);
      }
      const bool keep_open = co_await serve_request();
      if (!keep_open) break;
    }
    co_await close_after_response();
  }

  // The connection closes at now + timeout (a pending operation fails) unless the deadline
  // moves first. Moving it is an assignment: one timer per connection wakes at least every
  // watch_period_, closes the connection when its deadline has passed and otherwise sleeps
  // on. Only a timeout shorter than the period (linger, TLS shutdown) re-arms the timer.
  void set_deadline(std::chrono::milliseconds timeout) {
    const auto now = Clock::now();
    deadline_ = now + timeout;
    set_waiting_since(now);
    if (deadline_ < watchdog_at_) watch(std::min(deadline_, now + watch_period_));
  }

  // While a handler works (or a deferred response is awaited) no operation is pending, and
  // the time it takes is not the client's.
  void clear_deadline() {
    deadline_ = Clock::time_point::max();
    set_waiting_since(Clock::time_point::max());
  }

  void watch(Clock::time_point at) {
    watchdog_at_ = at;
    watchdog_.expires_at(at);
    watchdog_.async_wait([self = self_](const error_code& ec) {
      if (!ec && self) self->on_watchdog();
    });
  }

  void on_watchdog() {
    if (!self_) return;  // the session has ended
    const auto now = Clock::now();
    if (now >= deadline_) {
      error_code ignored;
      beast::get_lowest_layer(stream_).close(ignored);
      return;
    }
    watch(std::min(deadline_, now + watch_period_));
  }

  // Reads, handles and answers one request; false when the connection must close. The
  // request's state lives in the session, not in the coroutine frames: frames larger than
  // Asio recycles (about 1 KiB) cost a heap allocation each time.
  asio::awaitable<bool> serve_request() {
    const auto& options = server_.options();
    set_deadline(options.request_timeout);
    exchange_ = Exchange{};
    Parser& parser = parser_.emplace();
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    // The route, and so its body limit, is known only once the header is in.
    parser.body_limit(server_.body_limits().largest);
    parser.eager(true);
    exchange_.body_limit = options.body_limit;
    error_code ec;
    if (needs_more(parser, false, ec)) ec = co_await read_into(parser, false);
    if (!ec) ec = apply_route_body_limit(parser);
    if (!ec && !parser.is_done() &&
        beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(stream_, asio::buffer(continue_line),
                                 asio::redirect_error(use_awaitable, ec));
    }
    if (!ec && needs_more(parser, true, ec)) ec = co_await read_into(parser, true);
    // A body over the limit fails while the header is being finished: the start line and
    // fields are there, so its log line and metrics still name the method and path.
    if (!parser.get().target().empty()) {
      describe(parser.get(), exchange_);
      // Beyond even the largest route limit: the header failed before its route was asked.
      if (ec == bhttp::error::body_limit) exchange_.body_limit = route_body_limit(parser.get());
    }
    if (exchange_.request_id.empty()) exchange_.request_id = new_request_id();
    if (ec) {
      co_await refuse(ec);
      co_return false;
    }

    clear_deadline();
    auto& in = parser.get();
    bool keep_alive = in.keep_alive();
    request_ = Request{};
    request_.remote_address = remote_;
    request_.request_id = exchange_.request_id;
    request_.tls = tls;
    if (!to_request(in, request_)) {
      response_ = error_response(400, "invalid_request", "malformed request target");
    } else {
      // Handlers may block on the database, so they run on the worker pool and the response
      // is written back on this connection's executor; non-blocking ones run right here.
      route_ = server_.router().match(request_);
      if (!route_.pattern.empty()) exchange_.route = route_.pattern;
      if (route_.execution == Execution::io_thread) {
        response_ = server_.router().dispatch(request_, route_);
      } else {
        co_await asio::post(asio::bind_executor(server_.workers(), use_awaitable));
        response_ = server_.router().dispatch(request_, route_);
        co_await asio::post(asio::bind_executor(strand_, use_awaitable));
      }
      if (response_.deferred) {
        response_ =
            co_await async_wait_deferred(std::move(response_.deferred), strand_, use_awaitable);
      }
    }
    keep_alive = keep_alive && !server_.stopping();
    ec = co_await respond(response_, keep_alive);
    co_return !ec && keep_alive;
  }

  // Feeds buffered bytes to the parser until the header (or the whole message) is in. True
  // when that takes more bytes from the connection (read_into); `ec` is set on a parse error.
  // Usually a request arrives whole, and this saves a coroutine frame per step.
  bool needs_more(Parser& parser, bool whole_message, error_code& ec) {
    for (;;) {
      if (whole_message ? parser.is_done() : parser.is_header_done()) return false;
      if (buffer_.size() == 0) return true;
      const std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == bhttp::error::need_more) {
        ec = {};
        return true;
      }
      if (ec) return false;
      if (used == 0) return true;
    }
  }

  // Reads from the connection until the parser has the header (or the whole message); what
  // follows the message stays in buffer_ for the next request.
  asio::awaitable<error_code> read_into(Parser& parser, bool whole_message) {
    error_code ec;
    while (needs_more(parser, whole_message, ec)) {
      const std::size_t n = co_await stream_.async_read_some(
          buffer_.prepare(read_chunk), asio::redirect_error(use_awaitable, ec));
      if (ec == asio::error::eof) {
        parser.put_eof(ec);
        co_return ec ? ec : make_error_code(bhttp::error::partial_message);
      }
      if (ec) co_return ec;
      buffer_.commit(n);
    }
    co_return ec;
  }

  // The body limit of the route the request's header names.
  std::size_t route_body_limit(const bhttp::request<bhttp::string_body>& header) const {
    Request probe;
    if (!parse_request_line(header, probe)) return server_.options().body_limit;
    return server_.router().match(probe).body_limit.value_or(server_.options().body_limit);
  }

  // Sets the matched route's body limit; a declared length beyond it is refused now. A body
  // within every route's limit (every check-in) needs no route lookup.
  error_code apply_route_body_limit(Parser& parser) {
    const auto length = parser.content_length();
    if (length && *length <= server_.body_limits().smallest) return {};
    const std::size_t limit = route_body_limit(parser.get());
    exchange_.body_limit = limit;
    if (length && *length > limit) return bhttp::error::body_limit;
    parser.body_limit(limit);
    return {};
  }

  asio::awaitable<error_code> write(const std::array<asio::const_buffer, 2>& buffers) {
    error_code ec;
    co_await asio::async_write(stream_, buffers, asio::redirect_error(use_awaitable, ec));
    co_return ec;
  }

  // The method, version and path stay views into the parser, which lives until the next
  // request.
  static void describe(const bhttp::request<bhttp::string_body>& in, Exchange& exchange) {
    exchange.method = method_of(in.method());
    exchange.version = in.version();
    const auto target = in.target();
    exchange.raw_path = std::string_view(target.data(), target.size());
    exchange.raw_path = exchange.raw_path.substr(0, exchange.raw_path.find('?'));
    const std::string_view id = in["X-Request-Id"];
    if (acceptable_request_id(id)) exchange.request_id = std::string(id);
  }

  // Answers a request that could not be read completely, then closes.
  asio::awaitable<void> refuse(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      response_ = error_response(
          413, "payload_too_large",
          "request body exceeds " + std::to_string(exchange_.body_limit) + " bytes");
    } else if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      response_ = error_response(431, "headers_too_large", "request header section is too large");
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      response_ = error_response(400, "bad_request", "malformed HTTP request");
    } else {
      co_return;  // timeout or the client went away: nobody to answer
    }
    const error_code written = co_await respond(response_, false);
    if (!written) co_await linger();
  }

  asio::awaitable<void> linger() {
    auto& lowest = beast::get_lowest_layer(stream_);
    error_code ec;
    lowest.shutdown(tcp::socket::shutdown_send, ec);
    set_deadline(linger_time);
    std::vector<char> scratch(read_chunk);
    std::size_t total = 0;
    while (!ec && total < linger_bytes) {
      total += co_await lowest.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(use_awaitable, ec));
    }
  }

  // Writes `response` for exchange_, then records its metrics and access-log line.
  asio::awaitable<error_code> respond(const Response& response, bool keep_alive) {
    const int status = response.status;
    const bool has_body = status_has_body(status);
    const std::string head = serialize_head(
        response, {exchange_.version, keep_alive, has_body, tls, exchange_.request_id});
    // HEAD announces the length a GET would have but sends no body.
    const bool send_body = has_body && exchange_.method != Method::head;
    const std::uint64_t bytes = send_body ? response.body_size() : 0;
    set_deadline(server_.options().request_timeout);
    error_code ec = co_await write(
        {asio::buffer(head), send_body ? asio::buffer(response.body) : asio::const_buffer()});
    if (send_body) {
      for (const auto& part : response.more_body) {
        if (ec) break;
        ec = co_await write_part(part);
      }
    }

    const std::chrono::duration<double> elapsed = Clock::now() - exchange_.started;
    const auto method = method_name(exchange_.method);
    server_.metrics().observe(method, exchange_.route, status, elapsed.count());
    write_access_log({method, exchange_.raw_path, status, static_cast<std::size_t>(bytes),
                      elapsed.count() * 1000, exchange_.request_id, remote_},
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
      set_deadline(server_.options().request_timeout);
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
    auto& socket = beast::get_lowest_layer(stream_);
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
      // The socket buffer is full: wait until the client reads, at most request_timeout (the
      // session's deadline closes the socket, which ends the wait).
      set_deadline(server_.options().request_timeout);
      co_await socket.async_wait(tcp::socket::wait_write, asio::redirect_error(use_awaitable, ec));
      if (ec) co_return ec;
    }
    co_return error_code();
  }

  asio::awaitable<void> close_after_response() {
    error_code ec;
    if constexpr (tls) {
      set_deadline(tls_shutdown_time);
      co_await stream_.async_shutdown(asio::redirect_error(use_awaitable, ec));
    }
    beast::get_lowest_layer(stream_).shutdown(tcp::socket::shutdown_send, ec);
  }

  std::string remote_;
  Stream stream_;
  beast::flat_buffer buffer_;
  bool idle_ = false;
  // The connection's deadline and its watchdog (see set_deadline); self_ lets the watchdog
  // keep the session alive while it waits, until run() ends.
  std::shared_ptr<Session> self_;
  asio::steady_timer watchdog_;
  const std::chrono::milliseconds watch_period_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point watchdog_at_ = Clock::time_point::max();
  // The request being served.
  std::optional<Parser> parser_;
  Exchange exchange_;
  Request request_;
  RouteMatch route_;
  Response response_;
};

ServerCore::ServerCore(ServerOptions options, const Router& router, Metrics& metrics)
    : options_(std::move(options)),
      router_(router),
      body_limits_(router.body_limits(options_.body_limit)),
      metrics_(metrics),
      io_(static_cast<int>(std::max(1u, options_.io_threads))),
      control_(asio::make_strand(io_)),
      acceptor_(control_),
      workers_(std::max(1u, options_.worker_threads)) {
  using core::Error;
  using core::ErrorKind;
  options_.max_connections = connection_capacity(options_.max_connections);
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

asio::any_io_executor ServerCore::connection_executor() {
  // A connection's handlers must never run concurrently. With one I/O thread they cannot, and
  // the executor needs no strand, whose locking and queueing showed at every request.
  if (options_.io_threads <= 1) return io_.get_executor();
  return asio::make_strand(io_);
}

asio::awaitable<void> ServerCore::accept_loop() {
  asio::steady_timer backoff(control_);
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(connection_executor(),
                                                         asio::redirect_error(use_awaitable, ec));
    if (stopping()) co_return;
    if (ec) {
      // Typically out of file descriptors: pause instead of spinning on the same error.
      spdlog::warn("accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (connection_count_.load() >= options_.max_connections) {
      const bool evicted = evict_longest_waiting();
      metrics_.connection_dropped(evicted);
      if (!evicted) {
        socket.close(ec);
        continue;
      }
    }
    start_session(std::move(socket));
  }
}

// At the connection limit a new connection takes the place of the one that has waited longest
// for its client: idle sockets and slow (slowloris) requests cannot keep everybody else out,
// while connections whose requests are being handled are never dropped. False when every
// connection is being handled.
bool ServerCore::evict_longest_waiting() {
  std::shared_ptr<Connection> victim;
  {
    std::lock_guard lock(connections_mutex_);
    for (;;) {
      auto since = Clock::time_point::max();
      std::shared_ptr<Connection> candidate;
      for (const auto& [raw, weak] : connections_) {
        const auto waiting = raw->waiting_since();
        if (waiting < since) {
          if (auto connection = weak.lock()) {
            since = waiting;
            candidate = std::move(connection);
          }
        }
      }
      if (!candidate) return false;
      if (candidate->claim_for_eviction(since)) {
        victim = std::move(candidate);
        break;
      }
    }
  }
  const auto strand = victim->strand();
  asio::post(strand, [victim = std::move(victim)] { victim->evict(); });
  return true;
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
