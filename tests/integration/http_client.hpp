#pragma once
// A deliberately small HTTP/1.1 client over POSIX sockets, so integration tests see exactly
// the bytes the server sends, and can misbehave (slow, oversized, malformed) on purpose.
// Also starts and stops the real `xinqiao` binary.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xinqiao::testing {

struct HttpReply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    // The value of header `name` (lower case), or "".
    std::string Header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class Connection {
public:
    // Connects to 127.0.0.1:port; every read waits at most `timeout_ms`.
    explicit Connection(int port, int timeout_ms = 10000);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool ok() const { return fd_ >= 0; }
    bool Send(const std::string& bytes);
    // Reads one response; nullopt if the connection closed or timed out first.
    std::optional<HttpReply> Read();
    // True if the server closed the connection (EOF or reset) within the timeout.
    bool ClosedByServer();

private:
    int fd_ = -1;
    std::string buffer_;
};

// One request on a fresh connection.
std::optional<HttpReply> Fetch(int port, const std::string& method, const std::string& target,
                               const std::string& body = "", const std::string& extra_headers = "");

// A running `xinqiao serve`, started with `args` after "serve"; stderr is captured.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::vector<std::string>& args);
    ~ServerProcess();
    // 0 if it did not come up.
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // Sends `signal` and waits; returns the exit status (or 128+signal if killed).
    int StopWith(int signal);
    // Waits for the process to end on its own.
    int Wait();

private:
    pid_t pid_ = -1;
    int port_ = 0;
    int stderr_fd_ = -1;
};

// Runs `binary args...` to completion; returns exit status and combined output.
int RunCommand(const std::string& binary, const std::vector<std::string>& args, std::string* output);

}  // namespace xinqiao::testing
