// The clock is passed in, so tests can move time (session expiry, login lock-outs).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace tsunagu::service {

class Clock {
 public:
  virtual ~Clock() = default;
  // Unix time in milliseconds. Thread-safe.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance_ms(std::int64_t ms) { now_ += ms; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace tsunagu::service
