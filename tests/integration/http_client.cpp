#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>

namespace xinqiao::testing {
namespace {

// In a forked child: becomes `binary args...`, or exits 127.
// Runs in a forked child. Commands started by tests read the checkout's instruments and risk
// rules unless a test says otherwise.
[[noreturn]] void Exec(const std::string& binary, std::vector<std::string> args) {
    ::setenv("XINQIAO_INSTRUMENTS", XINQIAO_INSTRUMENTS, 0);
    ::setenv("XINQIAO_RISK_RULES", XINQIAO_RISK_RULES, 0);
    args.insert(args.begin(), binary);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
}

}  // namespace

Connection::Connection(int port, int timeout_ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

Connection::~Connection() {
    if (fd_ >= 0) ::close(fd_);
}

bool Connection::Send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<HttpReply> Connection::Read() {
    const auto fill = [&]() {
        char buf[65536];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return false;
        buffer_.append(buf, static_cast<std::size_t>(n));
        return true;
    };
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) return std::nullopt;
    }
    HttpReply reply;
    const std::string head = buffer_.substr(0, header_end);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    reply.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
        const std::size_t next = head.find("\r\n", line_end + 2);
        const std::string line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            reply.headers[name] = value;
        }
        line_end = next;
    }
    const std::size_t length = reply.headers.count("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
    const std::size_t body_start = header_end + 4;
    while (buffer_.size() < body_start + length) {
        if (!fill()) return std::nullopt;
    }
    reply.body = buffer_.substr(body_start, length);
    buffer_.erase(0, body_start + length);
    return reply;
}

bool Connection::ClosedByServer() {
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n == 0) return true;
    return n < 0 && (errno == ECONNRESET || errno == EPIPE);
}

std::optional<HttpReply> Fetch(int port, const std::string& method, const std::string& target, const std::string& body,
                               const std::string& extra_headers) {
    Connection c(port);
    if (!c.ok()) return std::nullopt;
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers;
    if (!body.empty() || method == "POST" || method == "PATCH") {
        if (extra_headers.find("Content-Type") == std::string::npos) req += "Content-Type: application/json\r\n";
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n" + body;
    if (!c.Send(req)) return std::nullopt;
    return c.Read();
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        std::vector<std::string> all = {"serve"};
        all.insert(all.end(), args.begin(), args.end());
        Exec(binary, all);
    }
    ::close(pipe_fds[1]);
    stderr_fd_ = pipe_fds[0];
    // Read stderr until the "listening" line names the port (or the process dies).
    std::string seen;
    while (true) {
        pollfd p{stderr_fd_, POLLIN, 0};
        if (::poll(&p, 1, 30000) <= 0) break;
        char buf[4096];
        const ssize_t n = ::read(stderr_fd_, buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<std::size_t>(n));
        const auto listening = seen.find("\"msg\":\"listening\"");
        const auto key = listening == std::string::npos ? listening : seen.find("\"port\":", listening);
        if (key != std::string::npos && seen.find('\n', key) != std::string::npos) {
            port_ = std::atoi(seen.c_str() + key + 7);
            break;
        }
    }
    if (port_ == 0) std::fprintf(stderr, "server did not start; it said: %s\n", seen.c_str());
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

int ServerProcess::Wait() {
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return -1;
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

int ServerProcess::StopWith(int signal) {
    ::kill(pid_, signal);
    return Wait();
}

int RunCommand(const std::string& binary, const std::vector<std::string>& args, std::string* output) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        Exec(binary, args);
    }
    ::close(pipe_fds[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(pipe_fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output) *output = out;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace xinqiao::testing
