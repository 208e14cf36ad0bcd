#include "service/audit_writer.hpp"

#include <future>

namespace tsunagu::service {

namespace {
constexpr std::size_t kMaxBatch = 1000;
thread_local DeferredReads* current_scope = nullptr;
}  // namespace

void Durability::add() {
  std::lock_guard lock(mutex_);
  ++outstanding_;
}

void Durability::finish(std::exception_ptr error) {
  Done done;
  {
    std::lock_guard lock(mutex_);
    if (error && !error_) error_ = error;
    if (--outstanding_ > 0 || !closed_ || !done_) return;
    done = std::move(done_);
  }
  done(error_);
}

void Durability::then(Done done) {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    if (outstanding_ > 0) {
      done_ = std::move(done);
      return;
    }
  }
  done(error_);
}

DeferredReads::DeferredReads() : previous_(current_scope) { current_scope = this; }

DeferredReads::~DeferredReads() {
  if (!released_) current_scope = previous_;
}

std::shared_ptr<Durability> DeferredReads::release() {
  if (!released_) {
    released_ = true;
    current_scope = previous_;
  }
  return std::move(durability_);
}

DeferredReads* DeferredReads::current() { return current_scope; }

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

void AuditWriter::submit(AuditEvent event, std::function<void(std::exception_ptr)> done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(event), std::move(done)});
  }
  queued_.notify_one();
}

void AuditWriter::write(const AuditEvent& event) {
  std::promise<void> committed;
  auto future = committed.get_future();
  submit(event, [&committed](std::exception_ptr error) {
    if (error) {
      committed.set_exception(error);
    } else {
      committed.set_value();
    }
  });
  future.get();  // rethrows the batch's error
}

void AuditWriter::record(const AuditEvent& event) {
  DeferredReads* scope = DeferredReads::current();
  if (scope == nullptr) return write(event);
  if (!scope->durability_) scope->durability_ = std::make_shared<Durability>();
  auto durability = scope->durability_;
  durability->add();
  submit(event, [durability](std::exception_ptr error) { durability->finish(error); });
}

AuditWriter::Stats AuditWriter::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.waiting = static_cast<std::int64_t>(queue_.size()) + in_batch_;
  return s;
}

std::exception_ptr AuditWriter::commit(const std::deque<Pending>& batch) {
  try {
    auto c = db_.connection();
    store::Transaction tx(*c, store::TxMode::kWrite);
    std::vector<const AuditEvent*> events;
    events.reserve(batch.size());
    for (const Pending& p : batch) events.push_back(&p.event);
    audit_.append_all(*c, events);
    tx.commit();
    return nullptr;
  } catch (...) {
    return std::current_exception();
  }
}

void AuditWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to write
    std::deque<Pending> batch;
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    in_batch_ = static_cast<std::int64_t>(batch.size());
    lock.unlock();
    std::exception_ptr error = commit(batch);
    {
      std::lock_guard stats_lock(mutex_);
      in_batch_ = 0;
      if (!error) {
        stats_.rows += static_cast<std::int64_t>(batch.size());
        ++stats_.batches;
      }
    }
    for (Pending& p : batch) p.done(error);
    lock.lock();
  }
}

}  // namespace tsunagu::service
