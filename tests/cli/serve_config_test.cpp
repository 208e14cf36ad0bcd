// The TOML file of `tsunagu serve` (cli/serve_config.hpp): a full file is read, and every kind of
// mistake refuses the file with the key and the line it is on.
#include "cli/serve_config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu::cli {
namespace {

// The problems of a refused file as "line:key", in the order they are reported.
std::vector<std::string> where(const Error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.details) out.push_back(std::to_string(d.line) + ":" + d.field);
  return out;
}

Error refused(const std::string& text) {
  auto read = parse_serve_config(text, "/etc/tsunagu/tsunagu.toml", ServeConfig{});
  EXPECT_FALSE(read.ok()) << "accepted: " << text;
  if (read.ok()) return {};
  EXPECT_EQ(read.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(read.error().message.find("/etc/tsunagu/tsunagu.toml"), std::string::npos)
      << read.error().message;
  for (const auto& d : read.error().details) EXPECT_FALSE(d.message.empty());
  return read.error();
}

TEST(ServeConfig, ReadsEveryKey) {
  auto read = parse_serve_config(R"(# つなぐの設定
db = "/var/lib/tsunagu/tsunagu.db"
listen = "0.0.0.0:8443"   # every address
tls_cert = "/etc/tsunagu/cert.pem"
tls_key = "/etc/tsunagu/key.pem"
threads = 8
handler_threads = 32
audit_key = "/etc/tsunagu/audit.key"
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
)",
                                 "tsunagu.toml", ServeConfig{});
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->db_url, "/var/lib/tsunagu/tsunagu.db");
  EXPECT_EQ(read->listen, "0.0.0.0:8443");
  EXPECT_EQ(read->tls_cert, "/etc/tsunagu/cert.pem");
  EXPECT_EQ(read->tls_key, "/etc/tsunagu/key.pem");
  EXPECT_EQ(read->threads, 8);
  EXPECT_EQ(read->handler_threads, 32);
  EXPECT_EQ(read->audit_key, "/etc/tsunagu/audit.key");
  EXPECT_EQ(read->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8"}));
}

TEST(ServeConfig, AProxyThatIsNoAddressIsRefusedWithItsLine) {
  auto read = parse_serve_config("threads = 2\ntrusted_proxies = [\"proxy.example\"]\n",
                                 "tsunagu.toml", ServeConfig{});
  ASSERT_FALSE(read.ok());
  ASSERT_EQ(read.error().details.size(), 1u);
  EXPECT_EQ(read.error().details[0].line, 2);
  EXPECT_EQ(read.error().details[0].field, "trusted_proxies");
  EXPECT_NE(read.error().details[0].message.find("proxy.example"), std::string::npos);
  auto not_array =
      parse_serve_config("trusted_proxies = \"127.0.0.1\"\n", "tsunagu.toml", ServeConfig{});
  ASSERT_FALSE(not_array.ok());
  EXPECT_NE(not_array.error().details.at(0).message.find("配列"), std::string::npos);
}

TEST(ServeConfig, KeysTheFileLeavesOutKeepTheBase) {
  ServeConfig base;
  base.db_url = "from-environment.db";
  auto read = parse_serve_config("threads = 2\n", "tsunagu.toml", base);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->db_url, "from-environment.db");
  EXPECT_EQ(read->listen, "127.0.0.1:8080");
  EXPECT_EQ(read->threads, 2);
  EXPECT_EQ(read->handler_threads, http::default_handler_threads());
  EXPECT_GE(read->handler_threads, 4);
  auto empty = parse_serve_config("", "tsunagu.toml", base);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->db_url, "from-environment.db");
}

TEST(ServeConfig, ASyntaxErrorNamesTheLineAndTheKeyBeingWritten) {
  auto e = refused("db = \"city.db\"\nthreads = \n");
  EXPECT_EQ(e.code, "config.syntax");
  EXPECT_EQ(where(e), std::vector<std::string>{"2:threads"});
  auto unquoted = refused("\n\nlisten = 127.0.0.1:8080\n");
  EXPECT_EQ(where(unquoted), std::vector<std::string>{"3:listen"});
}

TEST(ServeConfig, AnUnknownKeyIsRefusedNotIgnored) {
  auto e = refused("db = \"city.db\"\nhandler-threads = 8\nport = 8080\n[server]\nthreads = 4\n");
  EXPECT_EQ(e.code, "config.invalid");
  EXPECT_EQ(where(e), (std::vector<std::string>{"2:handler-threads", "3:port", "4:server"}));
  EXPECT_NE(e.details[0].message.find("handler_threads"), std::string::npos)
      << "suggests the key with _: " << e.details[0].message;
  EXPECT_NE(e.details[1].message.find("listen"), std::string::npos) << "lists the keys";
}

TEST(ServeConfig, AValueOfTheWrongTypeNamesItsKeyAndLine) {
  auto e = refused("threads = \"4\"\nhandler_threads = 2.5\ndb = 7\nlisten = [\"a\"]\n");
  EXPECT_EQ(where(e),
            (std::vector<std::string>{"1:threads", "2:handler_threads", "3:db", "4:listen"}));
  EXPECT_NE(e.details[0].message.find("整数"), std::string::npos) << e.details[0].message;
  EXPECT_NE(e.details[2].message.find("文字列"), std::string::npos) << e.details[2].message;
}

TEST(ServeConfig, ABadListenAddressNamesItsKeyAndLine) {
  for (const char* value :
       {"8080", "localhost", "127.0.0.1:http", "127.0.0.1:65536", ":8080", "::1:8080",
        "127.0.0.1:-1", "localhost:8080", "[127.0.0.1]:80", "999.0.0.1:80"}) {
    SCOPED_TRACE(value);
    auto e = refused(std::string("# comment\nlisten = \"") + value + "\"\n");
    EXPECT_EQ(where(e), std::vector<std::string>{"2:listen"});
    EXPECT_NE(e.details[0].message.find("127.0.0.1:8080"), std::string::npos)
        << "shows the form: " << e.details[0].message;
  }
}

TEST(ServeConfig, ThreadCountsOutOfRangeNameTheirKeyAndLine) {
  auto e = refused("threads = 0\nhandler_threads = 257\n");
  EXPECT_EQ(where(e), (std::vector<std::string>{"1:threads", "2:handler_threads"}));
  EXPECT_NE(e.details[0].message.find("1 から 64"), std::string::npos) << e.details[0].message;
  EXPECT_NE(e.details[1].message.find("1 から 256"), std::string::npos) << e.details[1].message;
  EXPECT_EQ(where(refused("threads = 65\n")), std::vector<std::string>{"1:threads"});
  EXPECT_EQ(where(refused("threads = 99999999999\n")), std::vector<std::string>{"1:threads"});
  auto edge = parse_serve_config("threads = 64\nhandler_threads = 1\n", "t.toml", ServeConfig{});
  EXPECT_TRUE(edge.ok());
}

TEST(ServeConfig, EmptyStringsAndAHalfTlsPairAreRefused) {
  EXPECT_EQ(where(refused("db = \"\"\n")), std::vector<std::string>{"1:db"});
  EXPECT_EQ(where(refused("listen = \"127.0.0.1:0\"\ntls_cert = \"cert.pem\"\n")),
            std::vector<std::string>{"2:tls_cert"});
  EXPECT_EQ(where(refused("tls_key = \"key.pem\"\n")), std::vector<std::string>{"1:tls_key"});
}

TEST(ServeConfig, TheDatabaseUrlIsNotRepeatedInMessages) {
  auto e = refused("db = \"postgresql://tsunagu:s3cret@db/tsunagu\"\nthreads = 0\n");
  for (const auto& d : e.details) EXPECT_EQ(d.message.find("s3cret"), std::string::npos);
  EXPECT_EQ(e.message.find("s3cret"), std::string::npos);
}

TEST(ServeConfig, ListenAddressesInEveryForm) {
  auto v4 = parse_listen("0.0.0.0:8443");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "0.0.0.0");
  EXPECT_EQ(v4->port, 8443);
  auto v6 = parse_listen("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_FALSE(parse_listen("[]:80").ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:").ok());
}

TEST(ServeConfig, ServerOptionsCarryTheSettings) {
  ServeConfig config;
  config.listen = "[::1]:9000";
  config.threads = 3;
  config.handler_threads = 5;
  auto plain = server_options(config);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "::1");
  EXPECT_EQ(plain->port, 9000);
  EXPECT_EQ(plain->threads, 3);
  EXPECT_EQ(plain->handler_threads, 5);
  EXPECT_FALSE(plain->tls_certificate_file.has_value());

  config.tls_cert = "cert.pem";
  auto half = server_options(config);
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().code, "config.tls_incomplete");
  config.tls_key = "key.pem";
  auto tls = server_options(config);
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(tls->tls_certificate_file, "cert.pem");
  EXPECT_EQ(tls->tls_key_file, "key.pem");

  config.listen = "nowhere";
  auto bad = server_options(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("--listen"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::cli
