#ifndef LMJET_TXN_TRANSACTION_STACK_H_
#define LMJET_TXN_TRANSACTION_STACK_H_

#include <lmdb.h>

#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "base/status.h"
#include "engine/database_file.h"

namespace lmjet::txn {

// ESE allows seven nested levels (levelUserMost); the eighth begin fails.
inline constexpr int kMaxTransactionLevel = 7;

// A process-wide logical clock. Snapshots read it (before taking their LMDB
// read transactions); commits to level 0 advance it after their LMDB commit.
// Commit ids (JET_COMMIT_ID.commitId) are its values.
uint64_t CurrentTimestamp();
uint64_t AdvanceTimestamp();

// One session's transaction levels over the database files it has open
// (DESIGN.md §3). Level 0 -> 1 takes a snapshot: an LMDB read transaction on
// every open file (MDB_NOTLS, so the session may change threads between
// calls) and a timestamp. No LMDB write transaction outlives a call.
//
// Per-file read transactions are reset, not freed, at level 0 and renewed at
// the next begin, so an empty transaction costs a renew and a reset.
//
// Not thread-safe: the owning session is used by one thread at a time.
class TransactionStack {
 public:
  TransactionStack() = default;
  TransactionStack(const TransactionStack&) = delete;
  TransactionStack& operator=(const TransactionStack&) = delete;
  ~TransactionStack();

  int level() const { return level_; }
  bool read_only() const { return read_only_; }
  // The timestamp of the level-0 begin; meaningful while level() > 0.
  uint64_t begin_timestamp() const { return begin_timestamp_; }

  // Starts tracking a file the session opened. Inside a transaction its
  // snapshot is taken at once (it is as of now, not as of the begin).
  Status AddDatabase(engine::DatabaseFile* file);
  // Stops tracking `file`; its read transaction goes back to the file's pool.
  void RemoveDatabase(engine::DatabaseFile* file);
  // The read snapshot of `file`, or null at level 0 or if not tracked.
  MDB_txn* SnapshotOf(const engine::DatabaseFile* file) const;

  // Opens a level; JET_errTransTooDeep past kMaxTransactionLevel.
  // `read_only` is taken from the outermost begin.
  Status Begin(bool read_only);
  // Commits the innermost level into its parent; at level 1 the transaction
  // ends and `*commit_id` (if given) receives its commit timestamp.
  // JET_errNotInTransaction at level 0.
  Status Commit(int64_t* commit_id);
  // Discards the innermost level. JET_errNotInTransaction at level 0.
  Status Rollback();

 private:
  struct Snapshot {
    engine::DatabaseFile* file;
    MDB_txn* txn;  // reset at level 0, renewed at level 1
    bool active;
  };
  Status Activate(Snapshot& snapshot);
  void ReleaseSnapshots();

  absl::InlinedVector<Snapshot, 2> snapshots_;
  int level_ = 0;
  bool read_only_ = false;
  uint64_t begin_timestamp_ = 0;
};

}  // namespace lmjet::txn

#endif  // LMJET_TXN_TRANSACTION_STACK_H_
