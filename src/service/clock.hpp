// The clock is passed in, so tests can move time (session expiry, login lock-outs).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/fiscal_year.hpp"

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

// Today's date in Japan (JST, UTC+9 all year): consent expiry and due dates are calendar days.
inline Date today_in_japan(const Clock& clock) {
  auto days =
      std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
          std::chrono::milliseconds(clock.now_ms() + 9LL * 60 * 60 * 1000)));
  std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// The first millisecond of `day` in Japan (00:00 JST), as Unix milliseconds.
inline std::int64_t jst_day_start_ms(Date day) {
  std::chrono::year_month_day ymd{std::chrono::year(day.year),
                                  std::chrono::month(static_cast<unsigned>(day.month)),
                                  std::chrono::day(static_cast<unsigned>(day.day))};
  auto ms = std::chrono::sys_days(ymd).time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(ms).count() - 9LL * 60 * 60 * 1000;
}

// `ms` (Unix milliseconds) as Japan's wall-clock time: "2026-12-02 10:00:00 JST".
inline std::string format_jst(std::int64_t ms) {
  auto local = std::chrono::sys_time<std::chrono::milliseconds>(
      std::chrono::milliseconds(ms + 9LL * 60 * 60 * 1000));
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss<std::chrono::seconds> time{
      std::chrono::floor<std::chrono::seconds>(local - day)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02ld JST",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(time.hours().count()),
                static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return text;
}

}  // namespace tsunagu::service
