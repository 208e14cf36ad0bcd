// AuditWriter: the durable record of every read of a person's record, with group commit.
// A read must not be answered before its audit row is durable, and an fsync per read would cap
// the server near SQLite's ~3,000 commits/s. So one writer thread commits, in one transaction,
// every row queued while the previous batch was being written, then wakes each waiting request.
// If the batch cannot be committed, every request in it fails (and shows nothing).
// Thread-safe; the destructor drains the queue.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "service/audit_log.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

class AuditWriter {
 public:
  AuditWriter(store::Database& db, const AuditLog& audit);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Returns once `event` is committed. Throws StoreError when its batch failed.
  void write(const AuditEvent& event);

  struct Stats {
    std::int64_t rows = 0;
    std::int64_t batches = 0;
  };
  Stats stats() const;

 private:
  struct Pending {
    const AuditEvent* event;
    bool done = false;
    std::exception_ptr error;
  };
  void run();

  store::Database& db_;
  const AuditLog& audit_;
  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable finished_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace tsunagu::service
