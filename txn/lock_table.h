#ifndef LMJET_TXN_LOCK_TABLE_H_
#define LMJET_TXN_LOCK_TABLE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace lmjet::txn {

// The per-instance lock table (DESIGN.md §3, ese-behaviour.md §3.5).
//
// Write conflicts are found when the write is attempted, never at commit, and
// nothing ever blocks or waits: Acquire either grants a lock at once or returns
// JET_errWriteConflict at once. The loser rolls back and retries.
//
// A lock names a key: (space, key bytes). `space` is a caller-chosen uint64
// naming a table (keys are primary keys or bookmarks) or a unique index (keys
// are index keys). Spaces never interact.
//
// Modes and their compatibility between two different owners:
//
//              held: kRead   kWrite   kEscrow
//   want kRead       ok      CONFLICT CONFLICT
//   want kWrite      CONFLICT CONFLICT CONFLICT
//   want kEscrow     CONFLICT CONFLICT ok
//
// One owner never conflicts with itself and may hold several modes of one key
// (kRead then kWrite is an upgrade; kRead and kEscrow may be held together).
// A held kWrite covers any later request of the same owner for that key.
//
// Committed-after-my-snapshot (ESE's RCE::FActiveNotByMe: a change committed
// with trxCommitted > my trxBegin0 is "active not by me"): when an owner
// commits to level 0 with timestamp T, every key it held in kWrite remembers T
// as its write stamp and every key it held in kEscrow remembers T as its
// escrow stamp (kRead leaves no stamp: it changed nothing). A later request by
// an owner whose snapshot S is older than a stamp (T > S) conflicts exactly as
// if the committing owner still held its lock:
//   - kWrite conflicts with a newer write stamp or escrow stamp;
//   - kEscrow conflicts with a newer write stamp only (escrow deltas commute
//     with committed deltas just as with uncommitted ones);
//   - kRead (JetGetLock read lock) conflicts with a newer write or escrow
//     stamp: a read lock promises the row stays as this snapshot sees it,
//     which it no longer is; ESE commutes only read lock with read lock.
// Plain reads take no lock and so never conflict. Timestamps follow
// txn/transaction_stack.h: S = CurrentTimestamp() at the level-0 begin,
// T = AdvanceTimestamp() at commit, so "committed after my snapshot" is T > S.
//
// Nesting: each (key, mode) an owner holds remembers the level at which the
// owner first took it. RollbackLevel(L) releases those first taken at levels
// >= L; CommitLevel(L) moves those first taken at L to L-1; CommitAll releases
// everything and stamps; RollbackAll releases everything without stamping.
//
// Thread safety: LockTable is thread-safe; many sessions on many threads call
// it at once. It is sharded by key hash, and a shard's mutex is held only for
// the few operations on one entry. A LockSet is not thread-safe: it belongs to
// one transaction, which its session serialises.

enum class LockMode : uint8_t { kRead = 0, kWrite = 1, kEscrow = 2 };

class LockTable;
namespace lock_table_internal {
struct Entry;  // A table entry (defined in lock_table.cc).
}  // namespace lock_table_internal

// One transaction's locks: the per-owner bookkeeping that makes release
// O(locks held) with no scan of the table. The LockSet of an owner is bound to
// the first LockTable it acquires a lock in and must only be used with it; the
// table must outlive the set. Destroying a set that still holds locks releases
// them as RollbackAll does.
class LockSet {
 public:
  // `owner` names the transaction; it must be nonzero and unique among the
  // owners active in the table at once (a session id works: it reuses the
  // same owner for its successive transactions, which is fine).
  explicit LockSet(uint64_t owner) : owner_(owner) {}
  ~LockSet();
  LockSet(const LockSet&) = delete;
  LockSet& operator=(const LockSet&) = delete;

  uint64_t owner() const { return owner_; }
  // Number of (key, mode) locks held.
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  // Approximate bytes of this set's own bookkeeping.
  size_t ApproximateBytes() const {
    return sizeof(*this) + records_.capacity() * sizeof(Record);
  }

 private:
  friend class LockTable;
  struct Record {
    lock_table_internal::Entry* node;
    uint32_t shard;
    LockMode mode;
    int level;
  };

  const uint64_t owner_;
  LockTable* table_ = nullptr;
  // Ordered by non-decreasing level (levels only grow between commits and
  // rollbacks), so nested commit and rollback work from the back.
  std::vector<Record> records_;
};

class LockTable {
 public:
  LockTable();
  ~LockTable();
  LockTable(const LockTable&) = delete;
  LockTable& operator=(const LockTable&) = delete;

  // Takes `mode` on (space, key) for `set`'s owner at transaction level
  // `level` (the owner's current level, 1..7), whose level-0 begin took
  // snapshot timestamp `snapshot_ts`.
  //
  // Returns Ok if granted (or already held: a re-request takes no memory and
  // keeps the level at which the lock was first taken), or
  // JET_errWriteConflict if another owner holds an incompatible mode or the
  // key has a stamp newer than `snapshot_ts` that the mode conflicts with (see
  // above); the set is unchanged then. JET_errInvalidParameter for owner 0 or
  // a level below 1. May throw std::bad_alloc (the caller's gate maps it).
  //
  // Precondition: `level` is not below the level of any lock the set still
  // holds (levels only grow until a commit or rollback lowers them).
  Status Acquire(LockSet* set, uint64_t snapshot_ts, int level, uint64_t space,
                 std::string_view key, LockMode mode);

  // Commit of nested level `level` (> 1) into level-1: locks first taken at
  // `level` now count as taken at level-1.
  void CommitLevel(LockSet* set, int level);

  // Rollback of level `level` (>= 1): releases every lock first taken at
  // `level` or deeper. RollbackLevel(set, 1) is RollbackAll.
  void RollbackLevel(LockSet* set, int level);

  // Commit to level 0 with commit timestamp `commit_ts`: releases every lock,
  // stamping the keys held in kWrite or kEscrow with `commit_ts`.
  void CommitAll(LockSet* set, uint64_t commit_ts);

  // Rollback to level 0: releases every lock; nothing is stamped.
  void RollbackAll(LockSet* set);

  // Drops stamps no active snapshot could conflict with -- those at or below
  // `oldest_active_snapshot`, the smallest snapshot timestamp among active
  // transactions (CurrentTimestamp() if none is active) -- and removes entries
  // left with no holders and no stamp. Callers must not later Acquire with a
  // snapshot older than `oldest_active_snapshot`. Scans the whole table.
  void Prune(uint64_t oldest_active_snapshot);

  // Approximate heap bytes of the table's entries (keys, holders, stamps,
  // hash-table slots), for the caller's version-store limit.
  size_t ApproximateBytes() const;

  // Number of entries (keys with holders or stamps). For tests and stats.
  size_t EntryCount() const;

 private:
  struct Shard;
  static constexpr size_t kShards = 64;

  // Releases one record's mode; stamps it with `commit_ts` if nonzero.
  void Release(uint64_t owner, const LockSet::Record& r, uint64_t commit_ts);

  std::unique_ptr<Shard[]> shards_;
  std::atomic<size_t> bytes_{0};
};

}  // namespace lmjet::txn

#endif  // LMJET_TXN_LOCK_TABLE_H_
