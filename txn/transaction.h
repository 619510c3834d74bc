#ifndef LMJET_TXN_TRANSACTION_H_
#define LMJET_TXN_TRANSACTION_H_

#include <lmdb.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "base/status.h"
#include "engine/database_file.h"
#include "txn/lock_table.h"
#include "txn/transaction_stack.h"
#include "txn/write_set.h"

namespace lmjet::txn {

// The process-wide lock table. Lock spaces name a table or unique index of
// one database file (LockSpace), so sessions of every instance that share a
// file see each other's locks, as they share the file's data.
LockTable& ProcessLockTable();

// The lock space of a table's records (index_id 0) or of one of its unique
// indexes. Distinct (dbid, table, index) give distinct spaces.
uint64_t LockSpace(JET_DBID dbid, uint32_t table_id, uint32_t index_id);

// One session's transaction over data (DESIGN.md §3): the levels and read
// snapshots of TransactionStack, a WriteSet per open database file, the
// session's locks, and the level-0 commit that applies the write sets to
// LMDB in one short write transaction per file (grouped with concurrent
// committers by DatabaseFile::Commit).
//
// Reads see the snapshot plus the write set (MergedCursor); writes go to the
// write set after taking a lock (Lock) so that conflicts surface at the
// write. Nothing here blocks on another session.
//
// Not thread-safe: the owning session is used by one thread at a time.
class Transaction {
 public:
  // `owner` names the transaction in the lock table: nonzero and unique
  // among live transactions (the session's handle).
  explicit Transaction(uint64_t owner);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // The write-set byte limit (ESE's version store size), applied to each
  // file's write set.
  void set_version_store_limit(size_t bytes) { version_store_limit_ = bytes; }

  int level() const { return stack_.level(); }
  bool read_only() const { return stack_.read_only(); }
  uint64_t begin_timestamp() const { return stack_.begin_timestamp(); }
  // Changes whenever the snapshots change (each level-0 begin), so a cursor
  // knows when to re-read through the new snapshot.
  uint64_t snapshot_epoch() const { return snapshot_epoch_; }
  // Changes with every Begin, Commit, Rollback, AddDatabase and
  // RemoveDatabase, and every change of a write set (WriteSet::version):
  // while it stays the same, so do the level, the snapshots and what every
  // write set holds. A cursor's fast path checks its position with this one
  // compare. Never 0.
  uint64_t change_stamp() const { return change_stamp_; }

  // Start / stop tracking a file the session opened (see TransactionStack).
  // RemoveDatabase requires that the file's write set is empty.
  Status AddDatabase(engine::DatabaseFile* file);
  void RemoveDatabase(engine::DatabaseFile* file);

  // The read snapshot of `file`; null at level 0 or when not tracked.
  MDB_txn* SnapshotOf(const engine::DatabaseFile* file) const {
    return stack_.SnapshotOf(file);
  }
  // The session's changes to `file`; null when the file is not tracked.
  // Writes require level() >= 1.
  WriteSet* WritesOf(const engine::DatabaseFile* file);

  // Opens a level (JET_errTransTooDeep past seven).
  Status Begin(bool read_only);
  // Commits the innermost level. At level 1 every file's write set and
  // commit actions are applied to LMDB (one durable write transaction per
  // file, grouped with other sessions'), then the locks are released with
  // the commit's timestamp. If applying fails, the error is returned and the
  // transaction stays open at level 1 with nothing applied to the failing
  // file (files applied before it stay applied: there is no atomicity
  // across files), so the caller can roll back.
  // `durability` is that of the level-0 commit (engine::Durability).
  Status Commit(int64_t* commit_id,
                engine::Durability durability = engine::Durability::kDurable);
  // Discards the innermost level: its writes, its commit actions and the
  // locks first taken in it.
  Status Rollback();

  // Takes a lock at the current level (level() >= 1).
  // JET_errWriteConflict per txn/lock_table.h.
  Status Lock(uint64_t space, std::string_view key, LockMode mode);

  // Runs `action` inside the level-0 commit's LMDB transaction of `file`,
  // after the write set is applied (for example, emptying the
  // sub-databases of a deleted table). Dropped if the level that registered
  // it rolls back. Requires level() >= 1.
  void OnCommit(engine::DatabaseFile* file,
                std::function<Status(MDB_txn*)> action);
  // As OnCommit, with a second action that runs in the same LMDB
  // transaction before the write set is applied (it sees the latest
  // committed data, not yet this transaction's).
  void OnCommit(engine::DatabaseFile* file,
                std::function<Status(MDB_txn*)> before,
                std::function<Status(MDB_txn*)> after);

 private:
  struct FileWrites {
    engine::DatabaseFile* file;
    std::unique_ptr<WriteSet> writes;
  };
  struct CommitAction {
    engine::DatabaseFile* file;
    int level;
    std::function<Status(MDB_txn*)> before;  // may be empty
    std::function<Status(MDB_txn*)> action;
  };

  Status ApplyToFile(const FileWrites& fw, engine::Durability durability);
  void EndLevelZero();
  void PublishActive();
  void MaybePrune();

  TransactionStack stack_;
  absl::InlinedVector<FileWrites, 2> files_;
  std::vector<CommitAction> actions_;
  LockSet locks_;
  size_t version_store_limit_ = size_t{64} << 20;
  uint64_t snapshot_epoch_ = 0;
  uint64_t change_stamp_ = 1;
  // The begin timestamp while a transaction is open, else 0; read by the
  // lock-table pruner (any thread).
  std::atomic<uint64_t> active_since_{0};
};

}  // namespace lmjet::txn

#endif  // LMJET_TXN_TRANSACTION_H_
