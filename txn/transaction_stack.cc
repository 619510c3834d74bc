#include "txn/transaction_stack.h"

#include <atomic>

#include "engine/lmdb_status.h"

namespace lmjet::txn {
namespace {

std::atomic<uint64_t> g_clock{1};

}  // namespace

uint64_t CurrentTimestamp() { return g_clock.load(std::memory_order_acquire); }

uint64_t AdvanceTimestamp() {
  return g_clock.fetch_add(1, std::memory_order_acq_rel) + 1;
}

TransactionStack::~TransactionStack() {
  for (Snapshot& s : snapshots_) {
    if (s.txn != nullptr) mdb_txn_abort(s.txn);
  }
}

Status TransactionStack::Activate(Snapshot& snapshot) {
  int rc;
  if (snapshot.txn == nullptr) snapshot.txn = snapshot.file->TakeReader();
  if (snapshot.txn == nullptr) {
    rc =
        mdb_txn_begin(snapshot.file->env(), nullptr, MDB_RDONLY, &snapshot.txn);
    if (rc == MDB_READERS_FULL) {
      int cleared = 0;
      mdb_reader_check(snapshot.file->env(), &cleared);
      rc = mdb_txn_begin(snapshot.file->env(), nullptr, MDB_RDONLY,
                         &snapshot.txn);
    }
    if (rc != MDB_SUCCESS) snapshot.txn = nullptr;
  } else {
    rc = mdb_txn_renew(snapshot.txn);
  }
  if (rc != MDB_SUCCESS) return engine::FromLmdb(rc);
  snapshot.active = true;
  return Status::Ok();
}

void TransactionStack::ReleaseSnapshots() {
  for (Snapshot& s : snapshots_) {
    if (s.active) {
      mdb_txn_reset(s.txn);
      s.active = false;
    }
  }
}

Status TransactionStack::AddDatabase(engine::DatabaseFile* file) {
  snapshots_.push_back({file, nullptr, false});
  if (level_ > 0) {
    Status status = Activate(snapshots_.back());
    if (!status.ok()) {
      snapshots_.pop_back();
      return status;
    }
  }
  return Status::Ok();
}

void TransactionStack::RemoveDatabase(engine::DatabaseFile* file) {
  for (auto it = snapshots_.begin(); it != snapshots_.end(); ++it) {
    if (it->file == file) {
      if (it->txn != nullptr) {
        if (it->active) mdb_txn_reset(it->txn);
        file->ReturnReader(it->txn);
      }
      snapshots_.erase(it);
      return;
    }
  }
}

MDB_txn* TransactionStack::SnapshotOf(const engine::DatabaseFile* file) const {
  for (const Snapshot& s : snapshots_) {
    if (s.file == file) return s.active ? s.txn : nullptr;
  }
  return nullptr;
}

Status TransactionStack::Begin(bool read_only) {
  if (level_ >= kMaxTransactionLevel) return Status(JET_errTransTooDeep);
  if (level_ == 0) {
    // The timestamp is read before the snapshots are taken: a commit that
    // advanced the clock past it may or may not be in the snapshots (a
    // later write to its keys conflicts either way, safely), but no commit
    // at or below it can be missing from them -- commits apply to LMDB
    // before they advance the clock.
    const uint64_t timestamp = CurrentTimestamp();
    for (Snapshot& s : snapshots_) {
      Status status = Activate(s);
      if (!status.ok()) {
        ReleaseSnapshots();
        return status;
      }
    }
    begin_timestamp_ = timestamp;
    read_only_ = read_only;
  }
  ++level_;
  return Status::Ok();
}

Status TransactionStack::Commit(int64_t* commit_id) {
  if (level_ == 0) return Status(JET_errNotInTransaction);
  if (--level_ == 0) {
    ReleaseSnapshots();
    read_only_ = false;
    // A transaction that wrote nothing changes nothing: it commits at the
    // current time and leaves the clock (a shared cache line) alone.
    if (commit_id != nullptr) {
      *commit_id = static_cast<int64_t>(CurrentTimestamp());
    }
  }
  return Status::Ok();
}

Status TransactionStack::Rollback() {
  if (level_ == 0) return Status(JET_errNotInTransaction);
  if (--level_ == 0) {
    ReleaseSnapshots();
    read_only_ = false;
  }
  return Status::Ok();
}

}  // namespace lmjet::txn
