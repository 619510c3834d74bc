#include "engine/group_commit.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <exception>
#include <new>

#include "engine/lmdb_status.h"

namespace lmjet::engine {

// One queued caller, on its own stack. It sleeps on `state` until the state
// leaves kQueued: kLead (it is the head and leads the next batch) or kDone
// (its status is final). Whoever sets a state other than kQueued owns the
// caller until then; after kDone the caller may return at any time.
struct GroupCommitter::Waiter {
  static constexpr uint32_t kQueued = 0;
  static constexpr uint32_t kLead = 1;
  static constexpr uint32_t kDone = 2;

  Waiter(absl::FunctionRef<Status(MDB_txn*)> fn, Durability d)
      : apply(fn), durability(d) {}

  // Returns kLead or kDone.
  uint32_t Wait() {
    uint32_t s;
    while ((s = state.load(std::memory_order_acquire)) == kQueued) {
      // Returns at once if `state` changed meanwhile; wakes may be spurious.
      syscall(SYS_futex, reinterpret_cast<uint32_t*>(&state),
              FUTEX_WAIT_PRIVATE, kQueued, nullptr, nullptr, 0);
    }
    return s;
  }

  // Sleeps while the state is kQueued, until `deadline` at most; may return
  // early (a spurious wake-up).
  void SleepUntil(std::chrono::steady_clock::time_point deadline) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return;
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec timeout{static_cast<time_t>(ns / 1000000000),
                     static_cast<long>(ns % 1000000000)};
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&state), FUTEX_WAIT_PRIVATE,
            kQueued, &timeout, nullptr, 0);
  }

  const absl::FunctionRef<Status(MDB_txn*)> apply;
  const Durability durability;
  // Written by the leader without mu_ before kDone, read by the caller
  // after it.
  Status status;
  std::exception_ptr exception;
  std::atomic<uint32_t> state{kQueued};
  Waiter* next = nullptr;  // (guarded)
};

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t),
              "the futex word is the atomic's storage");

namespace {

bool HasNoMetaSync(MDB_env* env) {
  unsigned flags = 0;
  return mdb_env_get_flags(env, &flags) == MDB_SUCCESS &&
         (flags & MDB_NOMETASYNC) != 0;
}

}  // namespace

GroupCommitter::GroupCommitter(MDB_env* env)
    : env_(env),
      pipelined_(HasNoMetaSync(env)),
      sync_(mdb_env_sync),
      txn_commit_(mdb_txn_commit) {}

GroupCommitter::~GroupCommitter() { assert(head_ == nullptr); }

void GroupCommitter::Wake(Waiter* w, uint32_t state) {
  uint32_t* const word = reinterpret_cast<uint32_t*>(&w->state);
  w->state.store(state, std::memory_order_release);
  WakeWord(word);
}

void GroupCommitter::WakeWord(uint32_t* word) {
  // The waiter may be gone by now (a spurious wake-up let it see its new
  // state and return). A private futex wake only hashes the address, and a
  // wait that receives a stray wake re-checks its word, so this is harmless.
  syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

Status GroupCommitter::Commit(absl::FunctionRef<Status(MDB_txn*)> apply,
                              Durability durability) {
  Waiter self(apply, durability);
  const auto entered = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  if (returning_ != 0 || late_ != 0) {
    --(returning_ != 0 ? returning_ : late_);
    NoteComeback(entered - released_at_);
  }
  if (tail_ == nullptr) {
    head_ = &self;
  } else {
    tail_->next = &self;
  }
  tail_ = &self;
  ++queued_;
  if (queue_watchers_ != 0) queue_grew_.notify_all();
  // A caller queued behind a running batch is woken by its leader.
  bool lead = head_ == &self && !paused_ && !leading_;
  if (lead) leading_ = true;
  std::chrono::steady_clock::time_point gather_start;
  if (!lead && gatherer_ != nullptr && Gathered()) {
    // This caller completes the batch a leader is gathering: it leads the
    // batch itself, and the gatherer, asleep, is one of its members. Waking
    // the gatherer instead would cost the batch a wake-up (bench/README.md).
    // Only a batch that fits is gathered: the taker is in it.
    assert(queued_ <= kMaxBatch);
    gatherer_ = nullptr;
    gather_start = gather_start_;
    lead = true;
  } else if (lead) {
    // Callers released by earlier batches are likely on their way back:
    // a batch that waits for them saves the commit they would need alone.
    gather_start = std::chrono::steady_clock::now();
    lead = Gather(lock, &self, gather_start);
  }
  while (!lead) {
    lock.unlock();
    if (self.Wait() == Waiter::kDone) {
      if (self.exception) std::rethrow_exception(self.exception);
      return self.status;
    }
    lock.lock();
    gather_start = std::chrono::steady_clock::now();
    lead = Gather(lock, &self, gather_start);
  }

  // The leader: the batch is the head of the queue (self first, unless it
  // took over a gathering leader's batch). Its members stay queued while it
  // runs, so that later callers wait behind it and the next head leads only
  // after this batch is done.
  Waiter* batch[kMaxBatch];
  size_t count = 0;
  for (Waiter* w = head_; w != nullptr && count < kMaxBatch; w = w->next) {
    batch[count++] = w;
  }
  running_ = true;
  const uint64_t covers = committed_seq_;
  lock.unlock();
  Status commit_error;
  const auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point applied{};
  const BatchEnd end = RunBatch(batch, count, &commit_error, &applied);
  const auto ended = std::chrono::steady_clock::now();
  if (applied == std::chrono::steady_clock::time_point{}) applied = ended;
  lock.lock();
  last_batch_ = ended - started;
  stats_.gather += started - gather_start;
  stats_.apply += applied - started;
  stats_.commit += ended - applied;
  running_ = false;
  const bool committed =
      end == BatchEnd::kCommitted || end == BatchEnd::kCommittedNoop;
  const uint64_t seq = committed ? ++committed_seq_ : 0;
  if (pipelined_ && end == BatchEnd::kCommitted) {
    // Its data sync began after every earlier batch's meta page was written.
    if (durable_seq_ < covers) durable_seq_ = covers;
  } else if (pipelined_ && end == BatchEnd::kCommitFailed &&
             failed_seq_ < covers && durable_seq_ < covers) {
    failed_seq_ = covers;
    failed_status_ = commit_error;
  }
  // The last member's `next` may have been set meanwhile: read it now.
  head_ = batch[count - 1]->next;
  if (head_ == nullptr) tail_ = nullptr;
  queued_ -= count;
  ++stats_.batches;
  stats_.commits += count;
  leading_ = false;
  // The next batch may start while this one waits for its sync.
  // Its state is set under mu_ (it leads by taking mu_); the wake-up goes
  // after mu_ is released, when it may have led and returned already.
  uint32_t* next_leader = nullptr;
  if (head_ != nullptr && !paused_) {
    leading_ = true;
    head_->state.store(Waiter::kLead, std::memory_order_release);
    next_leader = reinterpret_cast<uint32_t*>(&head_->state);
  }
  // Members that need no sync are released now; the leader waits for the
  // sync on behalf of the others and releases them after it, so that each
  // member wakes once. Their wake-ups are sent without mu_, so that a woken
  // caller never waits for it.
  const bool sync = pipelined_ && seq != 0;
  Waiter* now[kMaxBatch];
  Waiter* later[kMaxBatch];
  size_t now_count = 0;
  size_t later_count = 0;
  for (size_t i = 0; i < count; ++i) {
    Waiter* w = batch[i];
    if (sync && w->durability == Durability::kDurable && w->status.ok()) {
      later[later_count++] = w;
    } else {
      now[now_count++] = w;
    }
  }
  if (now_count != 0) {
    returning_ += now_count;
    released_at_ = std::chrono::steady_clock::now();
  }
  lock.unlock();
  // A leader waiting for this batch to cover it; outside mu_, which it
  // needs as it wakes.
  synced_.notify_all();
  if (next_leader != nullptr) WakeWord(next_leader);
  for (size_t i = 0; i < now_count; ++i) {
    if (now[i] != &self) Wake(now[i], Waiter::kDone);
  }
  if (later_count != 0) {
    lock.lock();
    const auto wait_start = std::chrono::steady_clock::now();
    const Status synced = WaitDurable(lock, seq);
    released_at_ = std::chrono::steady_clock::now();
    stats_.durable += released_at_ - wait_start;
    returning_ += later_count;
    lock.unlock();
    for (size_t i = 0; i < later_count; ++i) {
      Waiter* w = later[i];
      if (!synced.ok()) w->status = synced;
      if (w != &self) Wake(w, Waiter::kDone);
    }
  }
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

void GroupCommitter::NoteComeback(std::chrono::steady_clock::duration away) {
  comeback_ += (away - comeback_) / 8;
}

bool GroupCommitter::Gathered() const {
  return returning_ == 0 || queued_ >= kMaxBatch;
}

bool GroupCommitter::Gather(std::unique_lock<std::mutex>& lock, Waiter* self,
                            std::chrono::steady_clock::time_point start) {
  if (Gathered()) return true;
  // Callers that usually take longer than a batch to come back are not
  // worth a wait (sessions that do other work between their commits).
  if (gather_wait_for_testing_.count() == 0 && comeback_ > last_batch_) {
    return true;
  }
  // The caller that completes the batch takes it over (Commit), so the
  // leader sleeps until then without competing for the CPU with those
  // still coming, and wakes only if its wait runs out.
  const bool unlimited =
      gather_wait_for_testing_ == std::chrono::nanoseconds::max();
  const auto deadline =
      start +
      (gather_wait_for_testing_.count() != 0 && !unlimited
           ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                 gather_wait_for_testing_)
           : last_batch_);
  gatherer_ = self;
  gather_start_ = start;
  // The leader is the head and owns its state: a taker's batch releases it
  // with kDone.
  self->state.store(Waiter::kQueued, std::memory_order_relaxed);
  for (;;) {
    lock.unlock();
    if (unlimited) {
      self->Wait();
    } else {
      self->SleepUntil(deadline);
    }
    lock.lock();
    if (gatherer_ != self) return false;  // taken over
    if (Gathered()) break;
    if (!unlimited && std::chrono::steady_clock::now() >= deadline) {
      // Not coming back soon: wait no more for them, but note how long
      // they take when they do.
      late_ = std::min(late_ + returning_, kMaxBatch);
      returning_ = 0;
      break;
    }
  }
  gatherer_ = nullptr;
  return true;
}

Status GroupCommitter::WaitDurable(std::unique_lock<std::mutex>& lock,
                                   uint64_t seq) {
  while (durable_seq_ < seq) {
    if (failed_seq_ >= seq) return failed_status_;
    // A running batch began after `seq` committed (batches run one at a
    // time), and so does a queued one: its commit will cover `seq`.
    if (syncing_ || running_ || (head_ != nullptr && !paused_)) {
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

GroupCommitter::BatchEnd GroupCommitter::RunBatch(
    Waiter* const* batch, size_t count, Status* commit_error,
    std::chrono::steady_clock::time_point* applies_end) {
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
      return BatchEnd::kNothing;
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
      return BatchEnd::kNothing;
    }
    // The last meta page written before this transaction began; a commit
    // that writes a newer one has synced the file in between (data pages
    // first: mdb_txn_commit without MDB_NOSYNC), or failed.
    const size_t previous_meta = mdb_txn_id(txn) - 1;
    *applies_end = std::chrono::steady_clock::now();
    rc = txn_commit_(txn);  // LMDB frees `txn` whether or not it commits
    if (rc != MDB_SUCCESS) {
      const Status status = FromLmdbCommit(rc, env_);
      for (size_t i = 0; i < count; ++i) {
        if (!failed[i]) batch[i]->status = status;
      }
      // LMDB's own codes (MDB_MAP_FULL, ...) are negative and come before
      // any write; a system error may come from the sync.
      if (rc < 0) return BatchEnd::kNothing;
      *commit_error = status;
      return BatchEnd::kCommitFailed;
    }
    // A transaction with nothing dirty commits without writing anything.
    MDB_envinfo info;
    if (mdb_env_info(env_, &info) != MDB_SUCCESS ||
        info.me_last_txnid <= previous_meta) {
      return BatchEnd::kCommittedNoop;
    }
    return BatchEnd::kCommitted;
  }
}

uint64_t GroupCommitter::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_.batches;
}

uint64_t GroupCommitter::batched_commits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_.commits;
}

CommitStats GroupCommitter::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
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

void GroupCommitter::SetTxnCommitForTesting(TxnCommitFunction commit) {
  std::lock_guard<std::mutex> lock(mu_);
  txn_commit_ = commit != nullptr ? commit : mdb_txn_commit;
}

void GroupCommitter::SetGatherWaitForTesting(std::chrono::nanoseconds wait) {
  std::lock_guard<std::mutex> lock(mu_);
  gather_wait_for_testing_ = wait;
}

void GroupCommitter::PauseForTesting() {
  std::lock_guard<std::mutex> lock(mu_);
  paused_ = true;
  synced_.notify_all();  // a leader waiting for the next batch syncs itself
}

void GroupCommitter::WaitUntilQueuedForTesting(size_t count) {
  std::unique_lock<std::mutex> lock(mu_);
  ++queue_watchers_;
  queue_grew_.wait(lock, [&] { return queued_ >= count; });
  --queue_watchers_;
}

void GroupCommitter::ResumeForTesting() {
  uint32_t* next_leader = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    paused_ = false;
    if (head_ != nullptr && !leading_) {
      leading_ = true;
      head_->state.store(Waiter::kLead, std::memory_order_release);
      next_leader = reinterpret_cast<uint32_t*>(&head_->state);
    }
    synced_.notify_all();
  }
  if (next_leader != nullptr) WakeWord(next_leader);
}

}  // namespace lmjet::engine
