#pragma once
// A bounded pool of database connections shared by the SQLite readers and the PostgreSQL
// driver. Connections are opened lazily up to `max_size`; Acquire() waits up to the acquire
// timeout for one to come back, then fails with kUnavailable. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/common/result.hpp"
#include "core/ports/data_store.hpp"

namespace xinqiao::store {

template <typename Conn>
class Pool {
public:
    using Opener = std::function<core::Result<std::unique_ptr<Conn>>()>;

    Pool(int max_size, int acquire_timeout_ms, Opener open)
        : max_size_(max_size), acquire_timeout_ms_(acquire_timeout_ms), open_(std::move(open)) {}

    // A connection on loan; returned to the pool when destroyed unless Discard()ed.
    class Lease {
    public:
        Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
        Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (pool_) pool_->Return(std::move(conn_));
        }
        Conn& operator*() { return *conn_; }
        Conn* operator->() { return conn_.get(); }
        // Closes the connection instead of returning it (it is broken).
        void Discard() { conn_.reset(); }

    private:
        Pool* pool_;
        std::unique_ptr<Conn> conn_;
    };

    core::Result<Lease> Acquire() {
        std::unique_lock lock(mu_);
        ++figures_.acquisitions;
        if (idle_.empty() && open_count_ >= max_size_) {
            ++figures_.waits;
            const auto start = std::chrono::steady_clock::now();
            const bool ok = cv_.wait_for(lock, std::chrono::milliseconds(acquire_timeout_ms_),
                                         [&] { return !idle_.empty() || open_count_ < max_size_; });
            figures_.wait_seconds_total +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!ok) return core::Error::Unavailable("no database connection became free in time");
        }
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            ++in_use_;
            return Lease(this, std::move(conn));
        }
        ++open_count_;  // reserve the slot, open outside the lock
        lock.unlock();
        auto opened = open_();
        lock.lock();
        if (!opened) {
            --open_count_;
            cv_.notify_one();
            return std::move(opened).error();
        }
        ++in_use_;
        return Lease(this, std::move(opened).value());
    }

    core::ports::PoolFigures Figures() {
        std::lock_guard lock(mu_);
        auto f = figures_;
        f.connections = open_count_;
        f.in_use = in_use_;
        return f;
    }

    void CountFailure() {
        std::lock_guard lock(mu_);
        ++figures_.failures;
    }

private:
    void Return(std::unique_ptr<Conn> conn) {
        std::lock_guard lock(mu_);
        --in_use_;
        if (conn) idle_.push_back(std::move(conn));
        else --open_count_;
        cv_.notify_one();
    }

    const int max_size_;
    const int acquire_timeout_ms_;
    Opener open_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> idle_;
    int open_count_ = 0;
    int in_use_ = 0;
    core::ports::PoolFigures figures_;
};

}  // namespace xinqiao::store
