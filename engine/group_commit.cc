#include "engine/group_commit.h"

#include <cassert>
#include <exception>
#include <new>

#include "engine/lmdb_status.h"

namespace lmjet::engine {

// One queued caller, on its own stack: it waits until `done`, so the leader
// may use it until then.
struct GroupCommitter::Waiter {
  Waiter(absl::FunctionRef<Status(MDB_txn*)> fn, Durability d)
      : apply(fn), durability(d) {}

  const absl::FunctionRef<Status(MDB_txn*)> apply;
  const Durability durability;
  // Written by the leader without mu_, read by the caller after it saw
  // `done` under mu_.
  Status status;
  std::exception_ptr exception;
  bool done = false;       // (guarded)
  Waiter* next = nullptr;  // (guarded)
  std::condition_variable cv;
};

namespace {

bool HasNoMetaSync(MDB_env* env) {
  unsigned flags = 0;
  return mdb_env_get_flags(env, &flags) == MDB_SUCCESS &&
         (flags & MDB_NOMETASYNC) != 0;
}

}  // namespace

GroupCommitter::GroupCommitter(MDB_env* env)
    : env_(env), pipelined_(HasNoMetaSync(env)), sync_(mdb_env_sync) {}

GroupCommitter::~GroupCommitter() { assert(head_ == nullptr); }

Status GroupCommitter::Commit(absl::FunctionRef<Status(MDB_txn*)> apply,
                              Durability durability) {
  Waiter self(apply, durability);
  std::unique_lock<std::mutex> lock(mu_);
  if (tail_ == nullptr) {
    head_ = &self;
  } else {
    tail_->next = &self;
  }
  tail_ = &self;
  ++queued_;
  if (paused_) queue_grew_.notify_all();

  while (!self.done && (head_ != &self || paused_)) self.cv.wait(lock);
  if (!self.done) {
    // The leader: the batch is the head of the queue, self first. Its
    // members stay queued while it runs, so that later callers wait behind
    // it and the next head leads only after this batch is done.
    Waiter* batch[kMaxBatch];
    size_t count = 0;
    for (Waiter* w = head_; w != nullptr && count < kMaxBatch; w = w->next) {
      batch[count++] = w;
    }
    lock.unlock();
    const bool committed = RunBatch(batch, count);
    lock.lock();
    const uint64_t seq = committed ? ++committed_seq_ : 0;
    // The last member's `next` may have been set meanwhile: read it now.
    head_ = batch[count - 1]->next;
    if (head_ == nullptr) tail_ = nullptr;
    queued_ -= count;
    ++batches_;
    committed_ += count;
    // The next batch may start while this one's meta page syncs.
    if (head_ != nullptr && !paused_) head_->cv.notify_one();
    // Members that need no sync are released now; the leader waits for the
    // sync on behalf of the others and releases them after it, so that each
    // member wakes once. Notified under mu_: a woken caller returns and
    // frees its Waiter as soon as it can take mu_.
    const bool sync = pipelined_ && seq != 0;
    bool sync_waiters = false;
    for (size_t i = 0; i < count; ++i) {
      Waiter* w = batch[i];
      if (sync && w->durability == Durability::kDurable && w->status.ok()) {
        sync_waiters = true;
        continue;
      }
      w->done = true;
      if (w != &self) w->cv.notify_one();
    }
    if (sync_waiters) {
      const Status synced = WaitDurable(lock, seq);
      for (size_t i = 0; i < count; ++i) {
        Waiter* w = batch[i];
        if (w->done) continue;
        if (!synced.ok()) w->status = synced;
        w->done = true;
        if (w != &self) w->cv.notify_one();
      }
    }
  }
  lock.unlock();
  if (self.exception) std::rethrow_exception(self.exception);
  return self.status;
}

Status GroupCommitter::Apply(Waiter* waiter, MDB_txn* txn) {
  try {
    return waiter->apply(txn);
  } catch (const std::bad_alloc&) {
    return Status(JET_errOutOfMemory, "out of memory applying a commit");
  } catch (...) {
    // Rethrown on the caller's own thread, where the API gate catches it.
    waiter->exception = std::current_exception();
    return Status(JET_errInternalError, "exception applying a commit");
  }
}

Status GroupCommitter::WaitDurable(std::unique_lock<std::mutex>& lock,
                                   uint64_t seq) {
  while (durable_seq_ < seq) {
    if (failed_seq_ >= seq) return failed_status_;
    if (syncing_) {
      synced_.wait(lock);
      continue;
    }
    syncing_ = true;
    const uint64_t target = committed_seq_;  // every meta page written so far
    lock.unlock();
    const int rc = sync_(env_, 1);
    lock.lock();
    syncing_ = false;
    if (rc == MDB_SUCCESS) {
      if (durable_seq_ < target) durable_seq_ = target;
    } else if (failed_seq_ < target) {
      // After a failed fsync the kernel may have dropped the dirty pages;
      // a later fsync succeeding proves nothing for them.
      failed_seq_ = target;
      failed_status_ = FromLmdb(rc);
    }
    synced_.notify_all();
  }
  return Status::Ok();
}

bool GroupCommitter::RunBatch(Waiter* const* batch, size_t count) {
  // Every caller's changes go into the batch transaction itself. When one
  // caller fails, the transaction is aborted and the batch runs again
  // without it: a failed caller's partial changes cannot be taken out of a
  // transaction otherwise, and LMDB's nested transactions, which could, cost
  // a 2 MB dirty-page list each (most of a batch's time when measured).
  // Failures are rare (a full map, a full disk), so the rerun is too.
  bool failed[kMaxBatch] = {};
  for (;;) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, 0, &txn);
    if (rc != MDB_SUCCESS) {
      const Status status = FromLmdb(rc);
      for (size_t i = 0; i < count; ++i) {
        if (!failed[i]) batch[i]->status = status;
      }
      return false;
    }
    size_t applied = 0;
    bool rerun = false;
    for (size_t i = 0; i < count; ++i) {
      if (failed[i]) continue;
      const Status status = Apply(batch[i], txn);
      batch[i]->status = status;  // final once `txn` commits
      if (!status.ok()) {
        failed[i] = true;
        rerun = true;
        break;
      }
      ++applied;
    }
    if (rerun || applied == 0) {
      mdb_txn_abort(txn);  // nothing written: spare the sync
      if (rerun) continue;
      return false;
    }
    rc = mdb_txn_commit(txn);  // LMDB frees `txn` whether or not it commits
    if (rc != MDB_SUCCESS) {
      const Status status = FromLmdbCommit(rc, env_);
      for (size_t i = 0; i < count; ++i) {
        if (!failed[i]) batch[i]->status = status;
      }
      return false;
    }
    return true;
  }
}

uint64_t GroupCommitter::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

uint64_t GroupCommitter::batched_commits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_;
}

uint64_t GroupCommitter::committed_batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_seq_;
}

uint64_t GroupCommitter::durable_batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_seq_;
}

void GroupCommitter::SetSyncForTesting(SyncFunction sync) {
  std::lock_guard<std::mutex> lock(mu_);
  sync_ = sync != nullptr ? sync : mdb_env_sync;
}

void GroupCommitter::PauseForTesting() {
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = true;
}

void GroupCommitter::WaitUntilQueuedForTesting(size_t count) {
  std::unique_lock<std::mutex> lock(mu_);
  queue_grew_.wait(lock, [&] { return queued_ >= count; });
}

void GroupCommitter::ResumeForTesting() {
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = false;
  if (head_ != nullptr) head_->cv.notify_one();
}

}  // namespace lmjet::engine
