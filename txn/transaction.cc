#include "txn/transaction.h"

#include <algorithm>
#include <utility>

#include "base/mutex.h"
#include "base/no_destructor.h"
#include "engine/lmdb_status.h"

namespace lmjet::txn {
namespace {

// Every live Transaction, for the pruner's scan of active snapshots.
struct ActiveRegistry {
  Mutex mu;
  std::vector<const std::atomic<uint64_t>*> slots ABSL_GUARDED_BY(mu);
};

ActiveRegistry& Registry() {
  static NoDestructor<ActiveRegistry> registry;
  return registry.get();
}

// Stamps at or below the horizon may have been pruned. A transaction whose
// snapshot is older than the horizon must not take locks with it, so it
// re-reads its begin timestamp (Dekker handshake with the pruner: each side
// publishes, then reads the other's word, both sequentially consistent).
std::atomic<uint64_t> g_prune_horizon{0};
std::atomic<uint64_t> g_commits_since_prune{0};
constexpr uint64_t kCommitsPerPrune = 4096;

}  // namespace

LockTable& ProcessLockTable() {
  static NoDestructor<LockTable> table;
  return table.get();
}

uint64_t LockSpace(JET_DBID dbid, uint32_t table_id, uint32_t index_id) {
  // 16 bits of dbid (the registry's slots are few), 32 of table id, 16 of
  // index id; index ids are small and never reused within a table.
  return (uint64_t{dbid & 0xffff} << 48) | (uint64_t{table_id} << 16) |
         (index_id & 0xffff);
}

Transaction::Transaction(uint64_t owner) : locks_(owner) {
  ActiveRegistry& r = Registry();
  MutexLock lock(&r.mu);
  r.slots.push_back(&active_since_);
}

Transaction::~Transaction() {
  while (level() > 0) (void)Rollback();
  for (FileWrites& fw : files_) stack_.RemoveDatabase(fw.file);
  ActiveRegistry& r = Registry();
  MutexLock lock(&r.mu);
  r.slots.erase(std::find(r.slots.begin(), r.slots.end(), &active_since_));
}

Status Transaction::AddDatabase(engine::DatabaseFile* file) {
  ++change_stamp_;
  LMJET_RETURN_IF_ERROR(stack_.AddDatabase(file));
  auto writes =
      std::make_unique<WriteSet>(version_store_limit_, &change_stamp_);
  for (int i = 0; i < level(); ++i) writes->PushLevel();
  files_.push_back({file, std::move(writes)});
  return Status::Ok();
}

void Transaction::RemoveDatabase(engine::DatabaseFile* file) {
  ++change_stamp_;
  for (auto it = files_.begin(); it != files_.end(); ++it) {
    if (it->file == file) {
      files_.erase(it);
      break;
    }
  }
  actions_.erase(
      std::remove_if(actions_.begin(), actions_.end(),
                     [file](const CommitAction& a) { return a.file == file; }),
      actions_.end());
  stack_.RemoveDatabase(file);
}

WriteSet* Transaction::WritesOf(const engine::DatabaseFile* file) {
  for (FileWrites& fw : files_) {
    if (fw.file == file) return fw.writes.get();
  }
  return nullptr;
}

void Transaction::PublishActive() {
  for (;;) {
    const uint64_t since = CurrentTimestamp();
    active_since_.store(since, std::memory_order_seq_cst);
    if (g_prune_horizon.load(std::memory_order_seq_cst) <= since) return;
  }
}

Status Transaction::Begin(bool read_only) {
  ++change_stamp_;
  const bool outermost = level() == 0;
  if (outermost && level() < kMaxTransactionLevel) PublishActive();
  Status status = stack_.Begin(read_only);
  if (!status.ok()) {
    if (outermost) active_since_.store(0, std::memory_order_release);
    return status;
  }
  if (outermost) ++snapshot_epoch_;
  for (FileWrites& fw : files_) fw.writes->PushLevel();
  return Status::Ok();
}

Status Transaction::ApplyToFile(const FileWrites& fw,
                                engine::Durability durability) {
  const WriteSet& writes = *fw.writes;
  return fw.file->Commit(
      [&](MDB_txn* txn) -> Status {
        for (const CommitAction& a : actions_) {
          if (a.file == fw.file && a.before)
            LMJET_RETURN_IF_ERROR(a.before(txn));
        }
        LMJET_RETURN_IF_ERROR(writes.ForEachFinal([txn](const WriteSet::FinalOp&
                                                            op) -> Status {
          MDB_val key{op.key.size(), const_cast<char*>(op.key.data())};
          if (op.deleted) {
            const int rc = mdb_del(txn, op.dbi, &key, nullptr);
            return rc == MDB_NOTFOUND ? Status::Ok() : engine::FromLmdb(rc);
          }
          MDB_val value{op.value.size(), const_cast<char*>(op.value.data())};
          return engine::FromLmdb(mdb_put(txn, op.dbi, &key, &value, 0));
        }));
        for (const CommitAction& a : actions_) {
          if (a.file == fw.file) LMJET_RETURN_IF_ERROR(a.action(txn));
        }
        return Status::Ok();
      },
      durability);
}

void Transaction::EndLevelZero() {
  for (FileWrites& fw : files_) fw.writes->Clear();
  actions_.clear();
  active_since_.store(0, std::memory_order_release);
}

Status Transaction::Commit(int64_t* commit_id, engine::Durability durability) {
  ++change_stamp_;
  const int current = level();
  if (current == 0) return Status(JET_errNotInTransaction);
  if (current > 1) {
    for (FileWrites& fw : files_)
      LMJET_RETURN_IF_ERROR(fw.writes->CommitLevel());
    for (CommitAction& a : actions_) {
      if (a.level == current) a.level = current - 1;
    }
    ProcessLockTable().CommitLevel(&locks_, current);
    return stack_.Commit(commit_id);
  }
  bool wrote = false;
  for (FileWrites& fw : files_) {
    const bool has_action =
        std::any_of(actions_.begin(), actions_.end(),
                    [&](const CommitAction& a) { return a.file == fw.file; });
    if (fw.writes->empty() && !has_action) continue;
    LMJET_RETURN_IF_ERROR(ApplyToFile(fw, durability));
    // Applied: a retried commit after a later file's failure must not apply
    // it again.
    fw.writes->Clear();
    for (int i = 0; i < current; ++i) fw.writes->PushLevel();
    actions_.erase(std::remove_if(actions_.begin(), actions_.end(),
                                  [&](const CommitAction& a) {
                                    return a.file == fw.file;
                                  }),
                   actions_.end());
    wrote = true;
  }
  const uint64_t timestamp = wrote ? AdvanceTimestamp() : CurrentTimestamp();
  if (!locks_.empty()) ProcessLockTable().CommitAll(&locks_, timestamp);
  EndLevelZero();
  LMJET_RETURN_IF_ERROR(stack_.Commit(nullptr));
  if (commit_id != nullptr) *commit_id = static_cast<int64_t>(timestamp);
  if (wrote) MaybePrune();
  return Status::Ok();
}

Status Transaction::Rollback() {
  ++change_stamp_;
  const int current = level();
  if (current == 0) return Status(JET_errNotInTransaction);
  for (FileWrites& fw : files_)
    LMJET_RETURN_IF_ERROR(fw.writes->RollbackLevel());
  actions_.erase(std::remove_if(actions_.begin(), actions_.end(),
                                [current](const CommitAction& a) {
                                  return a.level >= current;
                                }),
                 actions_.end());
  if (!locks_.empty()) ProcessLockTable().RollbackLevel(&locks_, current);
  LMJET_RETURN_IF_ERROR(stack_.Rollback());
  if (current == 1) EndLevelZero();
  return Status::Ok();
}

Status Transaction::Lock(uint64_t space, std::string_view key, LockMode mode) {
  if (level() == 0) return Status(JET_errNotInTransaction);
  return ProcessLockTable().Acquire(&locks_, begin_timestamp(), level(), space,
                                    key, mode);
}

void Transaction::OnCommit(engine::DatabaseFile* file,
                           std::function<Status(MDB_txn*)> action) {
  actions_.push_back({file, level(), nullptr, std::move(action)});
}

void Transaction::OnCommit(engine::DatabaseFile* file,
                           std::function<Status(MDB_txn*)> before,
                           std::function<Status(MDB_txn*)> after) {
  actions_.push_back({file, level(), std::move(before), std::move(after)});
}

void Transaction::MaybePrune() {
  if (g_commits_since_prune.fetch_add(1, std::memory_order_relaxed) + 1 <
      kCommitsPerPrune) {
    return;
  }
  g_commits_since_prune.store(0, std::memory_order_relaxed);
  const uint64_t horizon = CurrentTimestamp();
  uint64_t previous = g_prune_horizon.load(std::memory_order_seq_cst);
  while (previous < horizon &&
         !g_prune_horizon.compare_exchange_weak(previous, horizon,
                                                std::memory_order_seq_cst)) {
  }
  uint64_t oldest = horizon;
  {
    ActiveRegistry& r = Registry();
    MutexLock lock(&r.mu);
    for (const std::atomic<uint64_t>* slot : r.slots) {
      const uint64_t since = slot->load(std::memory_order_seq_cst);
      if (since != 0 && since < oldest) oldest = since;
    }
  }
  ProcessLockTable().Prune(oldest);
}

}  // namespace lmjet::txn
