// AuditWriter: the durable record of every read of a person's record, with group commit.
// A read must not be answered before its audit row is durable, and an fsync per read would cap
// the server near SQLite's ~3,000 commits/s. So one writer thread commits, in one transaction,
// every row queued while the previous batch was being written, then reports to each request.
// If the batch cannot be committed, every request in it fails (and shows nothing).
//
// A request either waits on its thread (write), or, inside a DeferredReads scope, queues its
// rows and lets its thread go: the finished answer is released from the commit itself
// (Application::respond), so a handler thread never parks on an fsync.
// Thread-safe; the destructor drains the queue.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "service/audit_log.hpp"
#include "store/db.hpp"

namespace tsunagu::service {

// What a request's queued audit rows await: `then(done)` runs `done(nullptr)` once every row
// is committed, or `done(error)` when one failed; immediately if that has already happened.
// Thread-safe; `then` at most once.
class Durability {
 public:
  using Done = std::function<void(std::exception_ptr)>;
  void then(Done done);

 private:
  friend class AuditWriter;
  friend class DeferredReads;
  void add();
  void finish(std::exception_ptr error);

  std::mutex mutex_;
  int outstanding_ = 0;
  std::exception_ptr error_;
  Done done_;
  bool closed_ = false;  // no more rows will be added
};

// While alive on a thread, AuditWriter::record() on that thread queues instead of waiting. The
// owner must not show what was read before release()'s Durability reports. One per thread.
class DeferredReads {
 public:
  DeferredReads();
  ~DeferredReads();
  DeferredReads(const DeferredReads&) = delete;
  DeferredReads& operator=(const DeferredReads&) = delete;

  // Ends the scope; what its rows await, or nullptr when it queued none.
  std::shared_ptr<Durability> release();

  static DeferredReads* current();

 private:
  friend class AuditWriter;
  std::shared_ptr<Durability> durability_;
  DeferredReads* previous_;
  bool released_ = false;
};

class AuditWriter {
 public:
  AuditWriter(store::Database& db, const AuditLog& audit);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Returns once `event` is committed. Throws StoreError when its batch failed.
  void write(const AuditEvent& event);
  // Inside a DeferredReads scope on this thread: queues `event` into it and returns at once.
  // Otherwise the same as write().
  void record(const AuditEvent& event);
  // Queues `event`; `done` runs on the writer thread after its batch commits (nullptr) or
  // fails. `done` must not block.
  void submit(AuditEvent event, std::function<void(std::exception_ptr)> done);

  struct Stats {
    std::int64_t rows = 0;     // committed
    std::int64_t batches = 0;  // committed
    std::int64_t waiting = 0;  // queued or being committed now
  };
  Stats stats() const;

 private:
  struct Pending {
    AuditEvent event;
    std::function<void(std::exception_ptr)> done;
  };
  void run();
  std::exception_ptr commit(const std::deque<Pending>& batch);

  store::Database& db_;
  const AuditLog& audit_;
  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::int64_t in_batch_ = 0;  // rows of the batch being committed; mutex_
  std::thread thread_;
};

}  // namespace tsunagu::service
