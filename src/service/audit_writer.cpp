#include "service/audit_writer.hpp"

#include <vector>

namespace tsunagu::service {

namespace {
constexpr std::size_t kMaxBatch = 1000;
}

AuditWriter::AuditWriter(store::Database& db, const AuditLog& audit)
    : db_(db), audit_(audit), thread_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  thread_.join();
}

void AuditWriter::write(const AuditEvent& event) {
  Pending pending{&event, false, nullptr};
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  queued_.notify_one();
  finished_.wait(lock, [&] { return pending.done; });
  if (pending.error) std::rethrow_exception(pending.error);
}

AuditWriter::Stats AuditWriter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void AuditWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    std::exception_ptr error;
    try {
      auto c = db_.connection();
      store::Transaction tx(*c, store::TxMode::kWrite);
      for (Pending* p : batch) audit_.append(*c, *p->event);
      tx.commit();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (!error) {
      stats_.rows += static_cast<std::int64_t>(batch.size());
      ++stats_.batches;
    }
    for (Pending* p : batch) {
      p->error = error;
      p->done = true;
    }
    finished_.notify_all();
  }
}

}  // namespace tsunagu::service
