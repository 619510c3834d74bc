#ifndef LMJET_ENGINE_GROUP_COMMIT_H_
#define LMJET_ENGINE_GROUP_COMMIT_H_

#include <lmdb.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "absl/functional/function_ref.h"
#include "base/status.h"

namespace lmjet::engine {

// Whether a commit returns only once it is on disk (kDurable), or as soon as
// it is committed and visible (kLazy: a crash may lose it, never corrupt the
// file; a later durable commit or sync makes it durable too).
enum class Durability { kDurable, kLazy };

// Where a committer's time went, summed over its batches since it was
// created: what a leader spent waiting for released callers to come back
// (gather), running its batch's LMDB transaction up to the commit (begin
// and every apply, reruns included), in mdb_txn_commit (the data pages'
// writes and sync, the meta page's write), and waiting for the batch to be
// durable (the meta sync, or a later batch's commit covering it). What is
// left of the wall-clock time between batches is the callers' own work
// between their commits, and their wake-ups.
struct CommitStats {
  uint64_t batches = 0;  // LMDB write transactions begun
  uint64_t commits = 0;  // callers they carried, failed ones included
  std::chrono::nanoseconds gather{0};
  std::chrono::nanoseconds apply{0};
  std::chrono::nanoseconds commit{0};
  std::chrono::nanoseconds durable{0};
};

// Durable group commit on one LMDB environment: concurrent committers share
// one LMDB write transaction and one sync.
//
// It is LevelDB's writer queue. Each caller queues itself; the caller at the
// head of the queue becomes the leader, takes everything queued (at most
// kMaxBatch callers), and, without the queue lock, begins one write
// transaction, runs every caller's `apply` in it, commits once, then marks the
// batch done, wakes its callers and hands leadership to the next head. Every
// LMDB call of a batch runs on the leader's thread, as LMDB requires of a write
// transaction.
//
// On an environment opened with MDB_NOMETASYNC the sync is pipelined. Such a
// commit syncs the batch's data pages (an fdatasync inside mdb_txn_commit)
// but writes its meta page without a sync, so the batch is safe (LMDB keeps
// the file consistent) but not yet durable. The next head starts the next
// batch at once, while the batch's leader waits, without the write lock,
// for a sync that began after the batch's meta page was written. Two kinds
// of sync qualify: the data sync inside a later batch's successful
// mdb_txn_commit (it flushes the whole file, earlier meta pages included),
// and an mdb_env_sync. The leader waits for the next batch when one is
// queued or running, and runs mdb_env_sync itself (unless one is running)
// only when none is; then it releases its callers. Under a steady load each
// batch thus costs one sync, and the meta page of one batch is made durable
// by the next batch's data sync. A batch that wrote nothing covers nothing.
// If a later batch's commit fails with a system error (its write or sync),
// the batches it was to cover get its error (after a failed fsync the kernel
// may have dropped their dirty pages, and a later sync proves nothing); one
// that fails with an LMDB code wrote nothing and covers nothing. Fewer syncs
// also means fewer flushes in flight: on a slow disk that serves flushes in
// parallel this trades some throughput for less CPU (bench/README.md).
// Without MDB_NOMETASYNC, LMDB's commit is durable by itself and no extra
// sync is run.
//
// Gathering: a caller whose result is final usually commits again soon (its
// session's next transaction). So before it takes its batch a leader waits
// for the callers released since they last called Commit() to queue again,
// until all of them have, the batch is full, or as long as the last batch
// took (begin, applies and commit) has passed; then it stops waiting for the
// missing ones until more callers are released. It does not wait at all
// while released callers have lately taken longer than a batch to come back
// (a moving average; sessions doing other work between their commits). A
// lone session never waits: the only caller released is the one calling
// again. The caller whose arrival ends the wait leads the batch itself,
// the sleeping leader becoming one of its members, which saves the batch
// a wake-up on its critical path. Waiting at most one batch's time for the
// latecomers costs no more than the batch of their own that they would need
// otherwise. Without it the first caller back led a batch alone at once, and 8
// sessions fell into batches of 7, 1, 1, ... (3.4 on average), each lone one
// costing a whole commit; with it they commit in step, about 7.8 to a batch,
// each batch synced by its own leader (nothing is queued behind it). On a fast
// disk the rate rose by up to 30% in alternating runs; when flushes take
// milliseconds it can fall, as a batch's meta sync no longer overlaps the
// next batch's commit (bench/README.md).
//
// Waking: every caller sleeps on a futex word of its own, and is woken
// once, either to lead or when its result is final; a woken caller never
// takes the queue lock again, except a gathering leader whose wait ran out
// or that was taken over.
class GroupCommitter {
 public:
  // Most callers one LMDB transaction carries, so that a batch's dirty pages
  // and its callers' wait stay bounded.
  static constexpr size_t kMaxBatch = 64;

  // `env` must be writable (not MDB_RDONLY) and must outlive the committer.
  explicit GroupCommitter(MDB_env* env);
  // No Commit() may be running.
  ~GroupCommitter();

  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `apply` inside an LMDB write transaction and commits it durably,
  // batched with the callers of other threads (see the class comment).
  //
  // `apply` runs in the batch's transaction. If it returns an error, that
  // caller gets the error and the batch transaction is aborted and run
  // again without it (so every other `apply` may run more than once, each
  // time in a fresh transaction), while the rest of the batch still commits.
  // A caller whose `apply` throws std::bad_alloc gets JET_errOutOfMemory in
  // the same way; any other exception is rethrown from this caller's
  // Commit(), on its own thread, after its changes were discarded. If the
  // batch transaction cannot begin or commit, none of the batch is visible
  // and every caller of the batch gets that error (one that had already
  // failed keeps its own error). LMDB errors are mapped by
  // FromLmdb (MDB_MAP_FULL -> JET_errOutOfDatabaseSpace, ENOSPC ->
  // JET_errDiskFull, ...). On success the result is what `apply` returned
  // (JET_errSuccess or a warning) and the changes are synced to disk.
  //
  // `apply` runs on the leader's thread, possibly not the caller's. It must
  // neither commit nor abort the transaction it is given, must not call
  // Commit() (the leader would wait for itself), and must return an error
  // whenever an LMDB call leaves the transaction failed (MDB_MAP_FULL,
  // MDB_TXN_FULL, ENOMEM, ...; not MDB_NOTFOUND or MDB_KEYEXIST): LMDB
  // refuses to commit a failed transaction, which fails the whole batch.
  // Running twice must give the same result as running once.
  // With Durability::kLazy (pipelined mode only) the caller returns once its
  // batch is committed, without waiting for the sync.
  Status Commit(absl::FunctionRef<Status(MDB_txn*)> apply,
                Durability durability = Durability::kDurable);

  // LMDB write transactions begun so far (one per batch), and the callers
  // those batches carried (the sum of the batch sizes), failed ones
  // included. Snapshots, for tests and statistics.
  uint64_t batches() const;
  uint64_t batched_commits() const;
  // A snapshot of the time statistics (CommitStats).
  CommitStats stats() const;
  // Pipelined mode only: batches committed so far, and how many of them a
  // completed sync covers (every caller of those has returned or may
  // return). Snapshots, for tests.
  uint64_t committed_batches() const;
  uint64_t durable_batches() const;

  // Test support: replaces mdb_env_sync for the pipelined sync (to inject
  // failures). Null restores it. Not thread-safe against running commits.
  using SyncFunction = int (*)(MDB_env* env, int force);
  void SetSyncForTesting(SyncFunction sync);
  // Test support: replaces mdb_txn_commit for batch transactions (to inject
  // failures; like it, the replacement must free `txn`). Null restores it.
  // Not thread-safe against running commits.
  using TxnCommitFunction = int (*)(MDB_txn* txn);
  void SetTxnCommitForTesting(TxnCommitFunction commit);

  // Test support: the longest a leader waits for released callers to come
  // back (see the class comment), however long they have lately taken;
  // nanoseconds::max() waits without limit. Zero restores the default: as
  // long as the last batch took, and only while they come back within that
  // on average. Not thread-safe against running commits.
  void SetGatherWaitForTesting(std::chrono::nanoseconds wait);

  // Test support. While paused, callers queue up but no batch starts, so a
  // test can form a batch of known members: pause, start the callers, wait
  // until they are queued, resume. WaitUntilQueuedForTesting returns once
  // at least `count` callers are queued (the members of a running batch
  // count until it is done); it must only be called while that is bound to
  // happen (paused, or from inside an `apply`, which keeps its batch queued).
  void PauseForTesting();
  void WaitUntilQueuedForTesting(size_t count);
  void ResumeForTesting();

 private:
  struct Waiter;

  // How a batch's LMDB transaction ended.
  enum class BatchEnd {
    kNothing,        // nothing written: begin failed, every caller failed,
                     // or the commit failed with an LMDB code (before I/O)
    kCommitted,      // committed, and LMDB wrote a new meta page
    kCommittedNoop,  // committed, but nothing was dirty: no meta page
    kCommitFailed,   // mdb_txn_commit failed with a system error (its
                     // write or sync)
  };
  // Runs one batch of `count` callers; sets each one's status. Called by
  // the leader without mu_; on kCommitFailed, *commit_error is the error.
  // Sets *applies_end when its applies end, just before it commits; leaves it
  // alone if it never reaches a commit.
  BatchEnd RunBatch(Waiter* const* batch, size_t count, Status* commit_error,
                    std::chrono::steady_clock::time_point* applies_end);
  // Pipelined mode: returns once batch `seq` is durable, waiting for the
  // next batch to cover it if one is queued or running, else for an
  // mdb_env_sync (running one unless one is running); the error of the
  // sync or commit that was to cover it if that failed.
  Status WaitDurable(std::unique_lock<std::mutex>& lock, uint64_t seq);
  // The leader `self`, before it takes its batch (its gathering began at
  // `start`): waits until the callers released since they last called
  // Commit() have queued again, the batch is full, or as long as the last
  // batch took has passed (then it stops waiting for them). Returns false
  // if the caller that completed the batch took it over, true if `self`
  // leads it.
  bool Gather(std::unique_lock<std::mutex>& lock, Waiter* self,
              std::chrono::steady_clock::time_point start);
  // Gather's wait is over: every released caller is back, or the batch is
  // full.
  bool Gathered() const;
  // Adds `away`, how long a released caller took to call again, to
  // comeback_.
  void NoteComeback(std::chrono::steady_clock::duration away);
  // Wakes `w` with its final state (see Waiter). `w` may have returned and
  // be gone by the time the wake-up is sent; only its address is used.
  static void Wake(Waiter* w, uint32_t state);
  // The wake-up alone, for a waiter whose state was set under mu_.
  static void WakeWord(uint32_t* word);
  // Runs one batch member's `apply` in `txn`, turning std::bad_alloc into
  // JET_errOutOfMemory and keeping any other exception for its caller.
  static Status Apply(Waiter* waiter, MDB_txn* txn);

  MDB_env* const env_;
  const bool pipelined_;  // the environment has MDB_NOMETASYNC
  SyncFunction sync_;
  TxnCommitFunction txn_commit_;

  // A std::mutex rather than lmjet::Mutex: waiting needs a
  // std::condition_variable, which lmjet::Mutex does not expose. Members
  // marked "guarded" are only touched under it.
  mutable std::mutex mu_;
  // The queue, an intrusive list through Waiter::next so that queueing
  // never allocates. The head is the leader or the next one. (guarded)
  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
  size_t queued_ = 0;  // (guarded)
  // stats_.batches and stats_.commits are batches() and batched_commits().
  CommitStats stats_;     // (guarded)
  bool paused_ = false;   // (guarded)
  bool leading_ = false;  // a leader is between taking and handing on (guarded)
  size_t queue_watchers_ = 0;  // in WaitUntilQueuedForTesting
  // Callers released (their result final) that have not called Commit()
  // since; a leader may wait for them (Gather). (guarded)
  size_t returning_ = 0;
  // Those of them a leader stopped waiting for (at most kMaxBatch); their
  // calls still count in comeback_. (guarded)
  size_t late_ = 0;
  // The leader asleep in Gather, and when its gathering began. (guarded)
  Waiter* gatherer_ = nullptr;
  std::chrono::steady_clock::time_point gather_start_;
  // How long the last batch took, from its begin to its commit. (guarded)
  std::chrono::steady_clock::duration last_batch_{};
  // When callers were last released, and a moving average of how long
  // released callers took to call again. A leader waits only while that
  // average is within a batch's time. (guarded)
  std::chrono::steady_clock::time_point released_at_{};
  std::chrono::steady_clock::duration comeback_{};
  std::chrono::nanoseconds gather_wait_for_testing_{0};  // (guarded)
  std::condition_variable queue_grew_;  // signalled while watched

  // Pipelined sync state (guarded). Batches that committed an LMDB
  // transaction are numbered from 1 in commit order.
  uint64_t committed_seq_ = 0;
  uint64_t durable_seq_ = 0;  // batches 1..durable_seq_ are durable
  bool syncing_ = false;      // an mdb_env_sync is running
  // A batch is running its LMDB transaction. Once it commits, every batch
  // committed before it began is durable.
  bool running_ = false;
  // A failed sync or batch commit: batches up to failed_seq_ that it was to
  // cover get failed_status_ (a later sync can no longer vouch for them).
  uint64_t failed_seq_ = 0;
  Status failed_status_;
  // durable_seq_, failed_seq_, syncing_, running_, head_ or paused_ changed
  std::condition_variable synced_;
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_GROUP_COMMIT_H_
