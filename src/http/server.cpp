#include "http/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_set>

namespace tsunagu::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

class Connection {
 public:
  virtual ~Connection() = default;
  virtual void close_if_idle() = 0;
  // Since when (steady clock, ms) it waits for a request; 0 while it is busy with one.
  virtual std::int64_t idle_since() const = 0;
};

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A warning at most once per `period`, with how many were held back meanwhile: a flood of
// connections or a lack of descriptors must not flood the log too.
class BurstLog {
 public:
  explicit BurstLog(std::chrono::seconds period) : period_ms_(period.count() * 1000) {}
  // Returns how many happened since the last line when a line is due now, else nullopt.
  std::optional<std::int64_t> due() {
    const std::int64_t now = steady_ms();
    ++count_;
    std::int64_t last = last_ms_.load();
    if (last != 0 && now - last < period_ms_) return std::nullopt;
    if (!last_ms_.compare_exchange_strong(last, now)) return std::nullopt;
    return count_.exchange(0);
  }

 private:
  std::int64_t period_ms_;
  std::atomic<std::int64_t> last_ms_{0};
  std::atomic<std::int64_t> count_{0};
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  TrustedProxies proxies;
  // Declared before the I/O objects: connections still queued in the io_context when it is
  // destroyed unregister themselves here, and TLS streams use the context.
  std::mutex mutex;
  std::condition_variable drained;
  std::unordered_set<Connection*> connections;  // guarded by mutex
  int deferred_outstanding = 0;                 // deferred responses not yet completed; mutex
  std::optional<net::ssl::context> ssl;

  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::unique_ptr<net::thread_pool> workers;  // the handlers (see ServerOptions)
  std::atomic<bool> stopping{false};
  std::once_flag stop_once;
  net::steady_timer accept_retry{ioc};  // waits out a lack of file descriptors
  BurstLog capped_log{std::chrono::seconds(10)};
  BurstLog descriptors_log{std::chrono::seconds(10)};

  Impl(ServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), proxies(options.trusted_proxies) {
    if (options.tls_certificate_file && options.tls_key_file) {
      ssl.emplace(net::ssl::context::tls_server);
      ssl->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                       net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                       net::ssl::context::no_tlsv1_1);
      boost::system::error_code ec;
      ssl->use_certificate_chain_file(*options.tls_certificate_file, ec);
      if (!ec) ssl->use_private_key_file(*options.tls_key_file, net::ssl::context::pem, ec);
      if (ec) throw std::runtime_error("TLS の証明書または鍵を読み込めません: " + ec.message());
    }
  }

  void add(Connection* c) {
    std::lock_guard lock(mutex);
    connections.insert(c);
  }
  // Makes room for one more connection: true when there is room, or when the connection that
  // has waited longest for a request is being closed for it.
  bool make_room() {
    std::lock_guard lock(mutex);
    if (connections.size() < options.max_connections) return true;
    Connection* oldest = nullptr;
    std::int64_t since = 0;
    for (auto* c : connections) {
      const std::int64_t s = c->idle_since();
      if (s != 0 && (oldest == nullptr || s < since)) {
        oldest = c;
        since = s;
      }
    }
    if (auto n = capped_log.due()) {
      spdlog::warn("connection limit {} reached: {} ({} times in the last burst)",
                   options.max_connections,
                   oldest != nullptr ? "closing the longest-idle connection"
                                     : "refusing new connections, none is idle",
                   *n);
    }
    if (oldest == nullptr) return false;
    oldest->close_if_idle();
    return true;
  }
  void remove(Connection* c) {
    std::lock_guard lock(mutex);
    connections.erase(c);
    if (connections.empty()) drained.notify_all();
  }
  void begin_deferred() {
    std::lock_guard lock(mutex);
    ++deferred_outstanding;
  }
  void end_deferred() {
    std::lock_guard lock(mutex);
    if (--deferred_outstanding == 0) drained.notify_all();
  }

  std::size_t limit_for(std::string_view target) const {
    for (const auto& prefix : options.upload_prefixes) {
      if (target.substr(0, prefix.size()) == prefix) return options.upload_body_limit;
    }
    return options.body_limit;
  }

  void accept();
  void on_accept(tcp::socket socket);
};

namespace {

template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(Server::Impl& server, Args&&... args)
      : server_(server), stream_(std::forward<Args>(args)...) {
    server_.add(this);
  }
  ~Session() override { server_.remove(this); }

  void run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->start(); });
  }

  std::int64_t idle_since() const override { return idle_since_.load(); }

  void close_if_idle() override {
    // May race with the last owner letting go: then there is nothing left to close.
    auto self = this->weak_from_this().lock();
    if (!self) return;
    net::post(stream_.get_executor(), [self = std::move(self)] {
      if (self->idle_) self->close();
      // close() cancels the pending read; the session then goes once its handler has run.
    });
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void start() {
    if constexpr (kTls) {
      lowest().expires_after(server_.options.header_timeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close();
                                self->read_header();
                              });
    } else {
      read_header();
    }
  }

  void read_header() {
    if (server_.stopping) return close();
    idle_ = true;
    idle_since_ = steady_ms();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    // The body's limit depends on the target, known once the header is in (on_header); the
    // parser's own default (1 MB) would refuse every larger upload while reading the header.
    header_parser_->body_limit(
        std::max(server_.options.body_limit, server_.options.upload_body_limit));
    lowest().expires_after(server_.options.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               self->on_header(ec);
                             });
  }

  void on_header(beast::error_code ec) {
    idle_ = false;
    idle_since_ = 0;
    if (ec == bhttp::error::header_limit) {
      return reply_error(431, "http.header_too_large", "リクエストのヘッダーが大きすぎます。");
    }
    if (ec) return close();
    std::size_t limit = server_.limit_for(header_parser_->get().target());
    parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    parser_->body_limit(limit);
    if (auto length = parser_->content_length(); length && *length > limit) {
      return reply_error(
          413, "http.body_too_large",
          "送信されたデータが大きすぎます（上限 " + std::to_string(limit / 1024) + " KiB）。");
    }
    // A body larger than the normal limit (an upload) is read only for a signed-in user with
    // a valid CSRF token: nobody may hold a connection and 32 MiB of memory without logging in.
    const auto length = parser_->content_length();
    const bool large = !length || *length > server_.options.body_limit;
    if (large && limit > server_.options.body_limit && server_.options.admit_large_body) {
      Request head;
      head.method = std::string(parser_->get().method_string());
      head.target = std::string(parser_->get().target());
      head.path = head.target.substr(0, head.target.find('?'));
      for (const auto& field : parser_->get()) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        head.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      head.tls = kTls || server_.options.behind_tls_proxy;
      std::optional<Response> refusal;
      try {
        refusal = server_.options.admit_large_body(head);
      } catch (const std::exception& e) {
        spdlog::error("upload admission failed: {}", e.what());
        refusal = Response::internal_error();
      }
      if (refusal) {
        keep_alive_ = false;
        return send(std::move(*refusal), parser_->get().version());
      }
    }
    lowest().expires_after(server_.options.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        self->on_body(ec);
                      });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return reply_error(413, "http.body_too_large", "送信されたデータが大きすぎます。");
    }
    if (ec) return close();
    auto message = parser_->release();
    parser_.reset();
    keep_alive_ = message.keep_alive();

    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    auto qpos = request.target.find('?');
    std::string raw_path = request.target.substr(0, qpos);
    if (qpos != std::string::npos) request.query = request.target.substr(qpos + 1);
    if (raw_path.empty() || raw_path[0] != '/' || !percent_decode(raw_path, request.path)) {
      return reply_error(400, "http.bad_target", "URL が正しくありません。");
    }
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    beast::error_code endpoint_ec;
    auto remote = lowest().socket().remote_endpoint(endpoint_ec);
    if (!endpoint_ec) {
      request.remote_address = remote.address().to_string();
      if (!server_.proxies.empty()) {
        // Every X-Forwarded-For line, in order, as one list.
        std::string forwarded;
        for (const auto& [name, value] : request.headers) {
          if (name != "x-forwarded-for") continue;
          if (!forwarded.empty()) forwarded += ',';
          forwarded += value;
        }
        request.remote_address = server_.proxies.client(request.remote_address, forwarded);
      }
    }
    request.tls = kTls || server_.options.behind_tls_proxy;

    const unsigned version = message.version();
    if (!server_.workers) return answer(handle(request), version, request.method == "HEAD");
    // The handler runs on a worker; the answer is written back on this connection's executor.
    net::post(*server_.workers,
              [self = this->shared_from_this(), request = std::move(request), version]() mutable {
                self->answer(self->handle(request), version, request.method == "HEAD");
              });
  }

  // Writes `response` on this connection's executor; a deferred one when it completes, from
  // whichever thread completes it (the completion keeps the connection alive until then).
  void answer(Response response, unsigned version, bool head) {
    if (!response.deferred) return post_send(std::move(response), version, head);
    auto deferred = std::move(response.deferred);
    server_.begin_deferred();
    // The completion may be copied and outlive its call on another thread (the audit writer
    // drops its batch later). It lets go of the connection before the server may stop: the
    // connection then belongs to the posted write alone, and is never destroyed on that
    // thread after the server's io_context (ASan found this in the deferred-read test).
    struct Waiting {
      std::atomic<bool> completed{false};
      std::shared_ptr<Session> self;
    };
    auto waiting = std::make_shared<Waiting>();
    waiting->self = this->shared_from_this();
    Completion complete = [waiting, version, head](Response r) {
      if (waiting->completed.exchange(true)) return;  // exactly once, whatever the caller does
      std::shared_ptr<Session> self = std::move(waiting->self);
      auto& server = self->server_;
      self->post_send(std::move(r), version, head);
      self.reset();
      server.end_deferred();
    };
    try {
      deferred(complete);
    } catch (const std::exception& e) {
      spdlog::error("deferred response failed: {}", e.what());
      complete(Response::internal_error());
    }
  }

  void post_send(Response response, unsigned version, bool head) {
    if (head) response.body.clear();
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), response = std::move(response), version]() mutable {
                self->send(std::move(response), version);
              });
  }

  Response handle(Request& request) {
    Response response;
    try {
      response = server_.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("handler failed: {} {}: {}", request.method, request.path, e.what());
      response = Response::internal_error();
    }
    return response;
  }

  void reply_error(int status, std::string_view code, std::string message) {
    keep_alive_ = false;
    send(Response::error(status, code, message), 11);
  }

  void send(Response response, unsigned version) {
    // The one place headers reach the wire: a value that could split the response is never
    // written, whichever route made it.
    for (const auto& [name, value] : response.headers) {
      if (header_is_safe(name, value)) continue;
      spdlog::error("refused to send a response header with a control character: {}",
                    header_is_safe(name, "") ? name : std::string("(a malformed name)"));
      response = Response::internal_error();
      break;
    }
    // Over HTTPS the browser is told to keep to it for a year (not subdomains: other services
    // of the city's domain are not ours to decide).
    if (kTls || server_.options.behind_tls_proxy)
      response.set("Strict-Transport-Security", "max-age=31536000");
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    for (auto& [name, value] : response.headers) res->insert(name, value);
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive_ && !server_.stopping);
    res->prepare_payload();
    lowest().expires_after(server_.options.body_timeout);
    bhttp::async_write(stream_, *res,
                       [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         if (!res->keep_alive()) return self->linger_close();
                         self->read_header();
                       });
  }

  // Ends a connection whose client may still be sending (a refused upload): stop sending, and
  // read and drop what comes for a moment, so that closing does not reset the connection before
  // the client has read the answer.
  void linger_close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    lowest().expires_after(std::chrono::seconds(2));
    discard();
  }

  void discard() {
    lowest().async_read_some(net::buffer(drain_),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->discard();
                             });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }

  Server::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::array<char, 4096> drain_{};
  bool keep_alive_ = true;
  bool idle_ = false;
  std::atomic<std::int64_t> idle_since_{0};
  bool closed_ = false;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping || ec == net::error::operation_aborted) return;
      if (ec == net::error::no_descriptors || ec.value() == ENFILE ||
          ec == net::error::no_buffer_space || ec == net::error::no_memory) {
        // Out of file descriptors: accepting again at once would fail at once, in a loop that
        // fills the log. Wait a little; connections closing meanwhile free descriptors.
        if (auto n = descriptors_log.due()) {
          spdlog::warn("accept: {} ({} times in the last burst); waiting 100 ms", ec.message(), *n);
        }
        accept_retry.expires_after(std::chrono::milliseconds(100));
        accept_retry.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && !stopping) accept();
        });
        return;
      }
      spdlog::warn("accept: {}", ec.message());
      accept();
      return;
    }
    on_accept(std::move(socket));
    // Drain whatever else is queued before waiting again (p99 under many new connections).
    for (;;) {
      boost::system::error_code more_ec;
      tcp::socket more(net::make_strand(ioc));
      acceptor.accept(more, more_ec);
      if (more_ec) break;
      on_accept(std::move(more));
    }
    if (!stopping) accept();
  });
}

void Server::Impl::on_accept(tcp::socket socket) {
  boost::system::error_code ec;
  if (!make_room()) {
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  if (ssl) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket), *ssl)
        ->run();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket))->run();
  }
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() { stop(std::chrono::milliseconds(2000)); }

void Server::start() {
  auto address = net::ip::make_address(impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(net::socket_base::max_listen_connections);
  impl_->acceptor.non_blocking(true);
  if (impl_->options.handler_threads > 0)
    impl_->workers = std::make_unique<net::thread_pool>(
        static_cast<std::size_t>(impl_->options.handler_threads));
  impl_->accept();
  int n = std::max(1, impl_->options.threads);
  for (int i = 0; i < n; ++i) {
    impl_->threads.emplace_back([this] {
      auto guard = net::make_work_guard(impl_->ioc);
      while (!impl_->stopping || !impl_->ioc.stopped()) {
        impl_->ioc.run();
        if (impl_->stopping) break;
        impl_->ioc.restart();
      }
    });
  }
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }
bool Server::tls() const { return impl_->ssl.has_value(); }

void Server::stop(std::chrono::milliseconds grace) {
  std::call_once(impl_->stop_once, [&] {
    if (impl_->threads.empty()) return;
    impl_->stopping = true;
    net::post(impl_->ioc, [this] {
      boost::system::error_code ec;
      impl_->acceptor.close(ec);
      impl_->accept_retry.cancel();
    });
    {
      std::unique_lock lock(impl_->mutex);
      for (auto* c : impl_->connections) c->close_if_idle();
      impl_->drained.wait_for(lock, grace, [this] { return impl_->connections.empty(); });
      // A deferred response whose connection was already cut must still complete before the
      // handler's state goes away (its completion refers to this server).
      impl_->drained.wait_for(lock, grace, [this] { return impl_->deferred_outstanding == 0; });
    }
    impl_->ioc.stop();
    for (auto& t : impl_->threads) t.join();
    impl_->threads.clear();
    if (impl_->workers) impl_->workers->join();
  });
}

void Server::wait_for_signal() {
  net::io_context signals_ioc;
  net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int signal) {
    spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
  });
  signals_ioc.run();
  stop();
}

int default_handler_threads() {
  return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace tsunagu::http
