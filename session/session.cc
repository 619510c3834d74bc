#include "session/session.h"

#include <utility>

#include "base/thread_id.h"
#include "cursor/table_share.h"
#include "engine/paths.h"
#include "session/fault_injection.h"

namespace lmjet::session {
namespace {

constexpr JET_GRBIT kCommitGrbits =
    JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit |
    JET_bitWaitAllLevel0Commit | JET_bitForceNewLog | JET_bitCommitRedoCallback;
constexpr JET_GRBIT kCommitWaitGrbits = JET_bitWaitLastLevel0Commit |
                                        JET_bitWaitAllLevel0Commit |
                                        JET_bitForceNewLog;
constexpr JET_GRBIT kRollbackGrbits =
    JET_bitRollbackAll | JET_bitRollbackRedoCallback;
constexpr JET_GRBIT kCreateDatabaseGrbits =
    JET_bitDbRecoveryOff | JET_bitDbShadowingOff | JET_bitDbOverwriteExisting;
constexpr JET_GRBIT kAttachDatabaseGrbits =
    JET_bitDbReadOnly | JET_bitDbDeleteCorruptIndexes | JET_bitDbUpgrade |
    JET_bitDbDeleteUnicodeIndexes | JET_bitDbEnableBackgroundMaintenance;
constexpr JET_GRBIT kOpenDatabaseGrbits =
    JET_bitDbReadOnly | JET_bitDbExclusive;
constexpr JET_GRBIT kDetachDatabaseGrbits = JET_bitForceCloseAndDetach;

bool IsEmpty(const char* path) { return path == nullptr || *path == '\0'; }

Status CanonicalDatabasePath(const char* path, std::string* canonical) {
  return engine::CanonicalPath(engine::NativePath(path), canonical);
}

}  // namespace

Session::Session() : txn_(reinterpret_cast<uintptr_t>(this)) {}

Session::~Session() = default;

void Session::Start(engine::Instance* instance, SessionManager* manager,
                    JET_SESID handle) {
  // Relaxed: SlotTable::Publish releases all of this with the handle.
  owner_.store(nullptr, std::memory_order_relaxed);
  revoked_.store(nullptr, std::memory_order_relaxed);
  last_slow_thread_ = nullptr;
  instance_.store(instance, std::memory_order_relaxed);
  manager_ = manager;
  handle_ = handle;
  context_.store(0, std::memory_order_relaxed);
  context_thread_.store(0, std::memory_order_relaxed);
  // The write set is ESE's version store, but it holds whole new records
  // and index entries rather than undo images, so each version page buys
  // 1 MiB of write set (64 MiB by default; docs/differences.md).
  txn_.set_version_store_limit(
      static_cast<size_t>(instance->IntegerParam(JET_paramMaxVerPages)) << 20);
}

// --- The gate words --------------------------------------------------------

bool Session::TryEnterSlow(ThreadMark* me) {
  uint32_t expected = 0;
  if (!slow_inside_.compare_exchange_strong(expected, 1)) return false;
  ThreadMark* const owner = owner_.load();
  if (owner != nullptr && owner != me) {
    // Revoke the bias. After the barrier the owner either was already
    // marked inside (its mark names this session) or will see owner_ !=
    // its mark and take this slow path itself. revoked_ is published
    // first, for inside_api, which reads owner_ and then revoked_.
    revoked_.store(owner, std::memory_order_release);
    owner_.store(nullptr);
    HeavyFence();
  }
  // A revoked owner may still be inside the call it entered before (this
  // revocation or an earlier one): its mark stays until it leaves. Once it
  // is out it can never come back in fast (owner_ is not its mark).
  ThreadMark* const revoked = revoked_.load(std::memory_order_relaxed);
  if (revoked != nullptr) {
    if (revoked->inside.load(std::memory_order_acquire) == this) {
      slow_inside_.store(0, std::memory_order_release);
      return false;
    }
    revoked_.store(nullptr, std::memory_order_relaxed);
  }
  (void)fast_epoch_.load(std::memory_order_acquire);
  entered_fast_ = false;
  return true;
}

void Session::LeaveSlow() {
  // Bias the session to a thread that entered it slowly twice in a row:
  // sessions that stay on a thread go fast, sessions handed from thread to
  // thread never pay for revocations.
  ThreadMark* const me = CurrentThreadMark();
  if (last_slow_thread_ == me && AsymmetricFenceAvailable()) {
    owner_.store(me, std::memory_order_relaxed);
  }
  last_slow_thread_ = me;
  slow_inside_.store(0, std::memory_order_release);
}

// --- Session context -------------------------------------------------------

Status Session::SetContext(JET_API_PTR context) {
  if (context == 0 || context == kContextEnding) {
    return Status(JET_errInvalidParameter, "context must not be 0 or ~0");
  }
  JET_API_PTR expected = 0;
  if (!context_.compare_exchange_strong(expected, context)) {
    return Status(JET_errSessionContextAlreadySet);
  }
  context_thread_.store(CurrentThreadId());
  return Status::Ok();
}

Status Session::ResetContext() {
  const JET_API_PTR context = context_.load();
  if (context == 0 || context == kContextEnding ||
      context_thread_.load() != CurrentThreadId()) {
    return Status(JET_errSessionContextNotSetByThisThread);
  }
  context_thread_.store(0);
  context_.store(0);
  return Status::Ok();
}

Status Session::LockForEnd() {
  JET_API_PTR expected = 0;
  if (!context_.compare_exchange_strong(expected, kContextEnding)) {
    return Status(JET_errSessionInUse, "a session context is set");
  }
  return Status::Ok();
}

void Session::UnlockAfterFailedEnd() { context_.store(0); }

// --- Transactions ----------------------------------------------------------

Status Session::BeginTransaction(JET_GRBIT grbit) {
  // esent.dll drops the bits it does not know rather than rejecting them.
  return txn_.Begin((grbit & JET_bitTransactionReadOnly) != 0);
}

Status Session::CommitTransaction(JET_GRBIT grbit,
                                  unsigned long durable_commit_ms,
                                  JET_COMMIT_ID* commit_id) {
  if (grbit & ~kCommitGrbits) return Status(JET_errInvalidGrbit);
  if (grbit & kCommitWaitGrbits) {
    // The "wait" flags stand alone and are allowed outside a transaction:
    // make every earlier commit of the open files durable.
    if (grbit != JET_bitForceNewLog && grbit != JET_bitWaitAllLevel0Commit &&
        grbit != JET_bitWaitLastLevel0Commit) {
      return Status(JET_errInvalidGrbit, "a wait flag must be alone");
    }
    for (const OpenDatabaseEntry& entry : databases_) {
      if (!entry.file->read_only()) mdb_env_sync(entry.file->env(), 1);
    }
    return Status::Ok();
  }
  if (txn_.level() == 0) return Status(JET_errNotInTransaction);
  if (durable_commit_ms != 0 && !(grbit & JET_bitCommitLazyFlush)) {
    return Status(JET_errInvalidParameter,
                  "a durable-commit timeout needs JET_bitCommitLazyFlush");
  }
  // JET_bitCommitLazyFlush returns before the sync (a crash may lose the
  // commit, never corrupt the file); with a durable-commit timeout it is
  // made durable at once, which meets any timeout.
  const engine::Durability durability =
      (grbit & JET_bitCommitLazyFlush) && durable_commit_ms == 0
          ? engine::Durability::kLazy
          : engine::Durability::kDurable;
  int64_t id = 0;
  LMJET_RETURN_IF_ERROR(txn_.Commit(&id, durability));
  const int level = txn_.level();
  if (level == 0) ReleaseSharesAtLevel0();
  for (SessionResource* r = resources_; r != nullptr; r = r->next_) {
    if (r->level_ > level) r->level_ = level;
  }
  if (commit_id != nullptr) {
    *commit_id = JET_COMMIT_ID{};
    commit_id->commitId = id;
  }
  return Status::Ok();
}

Status Session::RollbackOneLevel() {
  const int level = txn_.level();
  SessionResource* r = resources_;
  while (r != nullptr) {
    SessionResource* next = r->next_;
    if (r->level_ >= level) {
      LMJET_RETURN_IF_ERROR(CloseResource(r));
    } else {
      LMJET_RETURN_IF_ERROR(r->RollbackTo(level - 1));
    }
    r = next;
  }
  const Status status = txn_.Rollback();
  if (txn_.level() == 0) ReleaseSharesAtLevel0();
  return status;
}

void Session::ReleaseSharesAtLevel0() {
  for (uint64_t share : shares_until_level0_) cursor::ReleaseTableShare(share);
  shares_until_level0_.clear();
}

Status Session::Rollback(JET_GRBIT grbit) {
  if (grbit & ~kRollbackGrbits) return Status(JET_errInvalidGrbit);
  if (txn_.level() == 0) return Status(JET_errNotInTransaction);
  do {
    LMJET_RETURN_IF_ERROR(RollbackOneLevel());
  } while ((grbit & JET_bitRollbackAll) && txn_.level() > 0);
  return Status::Ok();
}

// --- Databases -------------------------------------------------------------

Session::OpenDatabaseEntry* Session::FindOpen(JET_DBID dbid) {
  for (OpenDatabaseEntry& entry : databases_) {
    if (entry.file->dbid() == dbid) return &entry;
  }
  return nullptr;
}

int Session::OpenCount(JET_DBID dbid) const {
  for (const OpenDatabaseEntry& entry : databases_) {
    if (entry.file->dbid() == dbid) return entry.references;
  }
  return 0;
}

Status Session::AddOpenDatabase(engine::DatabaseFile* file, bool exclusive) {
  LMJET_RETURN_IF_ERROR(file->AddOpener(exclusive));
  Status status = txn_.AddDatabase(file);
  if (!status.ok()) {
    file->RemoveOpener(exclusive);
    return status;
  }
  databases_.push_back({file, 1, exclusive});
  return Status::Ok();
}

Status Session::CreateDatabase(const char* path, unsigned long max_pages,
                               JET_GRBIT grbit, JET_DBID* dbid) {
  if (dbid == nullptr) return Status(JET_errInvalidParameter);
  if (txn_.level() > 0) return Status(JET_errInTransaction);
  if (IsEmpty(path)) return Status(JET_errDatabaseInvalidPath);
  if (grbit & ~kCreateDatabaseGrbits) return Status(JET_errInvalidGrbit);
  engine::Instance* inst = instance();
  if (inst->IntegerParam(JET_paramOneDatabasePerSession) &&
      !databases_.empty()) {
    return Status(JET_errOneDatabasePerSession);
  }
  const std::string native = engine::NativePath(path);
  LMJET_RETURN_IF_ERROR(engine::EnsureDirectory(
      engine::DirectoryOf(native),
      inst->IntegerParam(JET_paramCreatePathIfNotExist) != 0,
      JET_errInvalidPath));
  std::string canonical;
  LMJET_RETURN_IF_ERROR(engine::CanonicalPath(native, &canonical));

  engine::DatabaseFile::Options options;
  options.mode = (grbit & JET_bitDbOverwriteExisting)
                     ? engine::DatabaseFile::Mode::kCreateOverwrite
                     : engine::DatabaseFile::Mode::kCreate;
  options.max_bytes =
      uint64_t{max_pages} * inst->IntegerParam(JET_paramDatabasePageSize);
  engine::DatabaseFile* file = nullptr;
  LMJET_RETURN_IF_ERROR(
      inst->Attach(canonical, options, /*open_for_session=*/true, &file));
  Status status = AddOpenDatabase(file, /*exclusive=*/false);
  if (!status.ok()) {
    inst->CloseForSession(file);
    (void)inst->Detach(canonical);
    return status;
  }
  *dbid = file->dbid();
  return Status::Ok();
}

Status Session::AttachDatabase(const char* path, unsigned long max_pages,
                               JET_GRBIT grbit) {
  if (txn_.level() > 0) return Status(JET_errInTransaction);
  if (IsEmpty(path)) return Status(JET_errDatabaseInvalidPath);
  if ((grbit & ~kAttachDatabaseGrbits) ||
      ((grbit & JET_bitDbReadOnly) &&
       (grbit & JET_bitDbDeleteUnicodeIndexes))) {
    return Status(JET_errInvalidGrbit);
  }
  std::string canonical;
  LMJET_RETURN_IF_ERROR(CanonicalDatabasePath(path, &canonical));
  engine::Instance* inst = instance();
  engine::DatabaseFile::Options options;
  options.mode = engine::DatabaseFile::Mode::kAttach;
  options.read_only = (grbit & JET_bitDbReadOnly) != 0;
  options.max_bytes =
      uint64_t{max_pages} * inst->IntegerParam(JET_paramDatabasePageSize);
  engine::DatabaseFile* file = nullptr;
  return inst->Attach(canonical, options, /*open_for_session=*/false, &file);
}

Status Session::OpenDatabase(const char* path, JET_GRBIT grbit,
                             JET_DBID* dbid) {
  if (dbid == nullptr) return Status(JET_errInvalidParameter);
  if (IsEmpty(path)) return Status(JET_errDatabaseInvalidPath);
  if (grbit & ~kOpenDatabaseGrbits) return Status(JET_errInvalidGrbit);
  std::string canonical;
  LMJET_RETURN_IF_ERROR(CanonicalDatabasePath(path, &canonical));
  engine::Instance* inst = instance();

  engine::DatabaseFile* file = nullptr;
  bool attached_read_only = false;
  for (OpenDatabaseEntry& entry : databases_) {
    if (entry.file->path() == canonical) {
      // JetOpenDatabase is counted per session (reference §4.2).
      ++entry.references;
      file = entry.file;
      attached_read_only = file->read_only();
    }
  }
  if (file == nullptr) {
    if (inst->IntegerParam(JET_paramOneDatabasePerSession) &&
        !databases_.empty()) {
      return Status(JET_errOneDatabasePerSession);
    }
    LMJET_RETURN_IF_ERROR(
        inst->OpenForSession(canonical, &file, &attached_read_only));
    Status status = AddOpenDatabase(file, (grbit & JET_bitDbExclusive) != 0);
    if (!status.ok()) {
      inst->CloseForSession(file);
      return status;
    }
  }
  *dbid = file->dbid();
  if (attached_read_only && !(grbit & JET_bitDbReadOnly)) {
    return Status(JET_wrnFileOpenReadOnly);
  }
  return Status::Ok();
}

Status Session::CloseDatabaseEntry(size_t index) {
  engine::DatabaseFile* file = databases_[index].file;
  // The session's last close of a database closes its cursors on it.
  SessionResource* r = resources_;
  while (r != nullptr) {
    SessionResource* next = r->next_;
    if (r->database_ == file) LMJET_RETURN_IF_ERROR(CloseResource(r));
    r = next;
  }
  txn_.RemoveDatabase(file);
  file->RemoveOpener(databases_[index].exclusive);
  instance()->CloseForSession(file);
  databases_.erase(databases_.begin() + index);
  return Status::Ok();
}

Status Session::CloseDatabase(JET_DBID dbid, JET_GRBIT grbit) {
  (void)grbit;  // unused, as in esent.dll
  for (size_t i = 0; i < databases_.size(); ++i) {
    OpenDatabaseEntry& entry = databases_[i];
    if (entry.file->dbid() != dbid) continue;
    if (entry.references > 1) {
      --entry.references;
      return Status::Ok();
    }
    return CloseDatabaseEntry(i);
  }
  return instance()->IsAttached(dbid) ? Status(JET_errDatabaseNotFound)
                                      : Status(JET_errInvalidDatabaseId);
}

Status Session::DetachDatabase(const char* path, JET_GRBIT grbit) {
  if (txn_.level() > 0) return Status(JET_errInTransaction);
  if (grbit & ~kDetachDatabaseGrbits) return Status(JET_errInvalidGrbit);
  if (IsEmpty(path)) return instance()->DetachAll();
  std::string canonical;
  LMJET_RETURN_IF_ERROR(CanonicalDatabasePath(path, &canonical));
  return instance()->Detach(canonical);
}

// --- Owned resources -------------------------------------------------------

void Session::Link(SessionResource* resource) {
  resource->prev_ = nullptr;
  resource->next_ = resources_;
  if (resources_ != nullptr) resources_->prev_ = resource;
  resources_ = resource;
  ++resource_count_;
}

void Session::Unlink(SessionResource* resource) {
  if (resource->prev_ != nullptr) {
    resource->prev_->next_ = resource->next_;
  } else {
    resources_ = resource->next_;
  }
  if (resource->next_ != nullptr) resource->next_->prev_ = resource->prev_;
  --resource_count_;
}

void Session::Adopt(std::unique_ptr<SessionResource> resource,
                    engine::DatabaseFile* database) {
  SessionResource* r = resource.release();
  r->level_ = txn_.level();
  r->database_ = database;
  Link(r);
}

Status Session::CloseResource(SessionResource* resource) {
  LMJET_RETURN_IF_ERROR(InjectedFault(FaultPoint::kCloseResource));
  LMJET_RETURN_IF_ERROR(resource->Close());
  Unlink(resource);
  delete resource;
  return Status::Ok();
}

// --- JetEndSession ---------------------------------------------------------

Status Session::Unwind() {
  while (txn_.level() > 0) {
    LMJET_RETURN_IF_ERROR(InjectedFault(FaultPoint::kRollbackLevel));
    LMJET_RETURN_IF_ERROR(RollbackOneLevel());
  }
  while (!databases_.empty()) {
    LMJET_RETURN_IF_ERROR(InjectedFault(FaultPoint::kCloseDatabase));
    LMJET_RETURN_IF_ERROR(CloseDatabaseEntry(databases_.size() - 1));
  }
  while (resources_ != nullptr) {
    LMJET_RETURN_IF_ERROR(CloseResource(resources_));
  }
  return Status::Ok();
}

}  // namespace lmjet::session
