#ifndef LMJET_ENGINE_DATABASE_FILE_H_
#define LMJET_ENGINE_DATABASE_FILE_H_

#include <lmdb.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "api/esent.h"
#include "base/mutex.h"
#include "base/status.h"
#include "engine/group_commit.h"

namespace lmjet::engine {

// The on-disk format this build reads and writes. A file written with any
// other version is refused with JET_errInvalidDatabaseVersion.
inline constexpr uint32_t kDatabaseFormatVersion = 1;

// Name of the LMDB sub-database that carries the format record.
inline constexpr char kMetaDbName[] = "lmjet.meta";
inline constexpr char kFormatKey[] = "format";

// One database file: an LMDB environment (MDB_NOSUBDIR | MDB_NOTLS), opened
// once per process and shared by every instance that attaches the file.
//
// Files are reference-counted by attachments: Acquire() takes a reference,
// Release() drops it, and the environment closes with the last one. The
// JET_DBID of a file is its slot in the process-wide registry, so every
// session of every instance sees the same dbid for it (as esent.dll's IFMP).
//
// A process holds an exclusive flock() on each file it has open, so a
// second process attaching it gets JET_errFileAccessDenied, as with
// esent.dll.
//
// Commit() and OpenSubDatabase(), like every accessor, are for holders of a
// reference, so no batch of Commit() and no open is running when the last
// reference goes.
class DatabaseFile {
 public:
  enum class Mode {
    kCreate,           // the file must not exist
    kCreateOverwrite,  // any existing file is replaced
    kAttach,           // the file must exist and be an lmjet database
  };

  struct Options {
    Mode mode = Mode::kAttach;
    bool read_only = false;
    // Largest size the map may reach, in bytes; 0 means lmjet's default.
    uint64_t max_bytes = 0;
  };

  // Opens the file at `canonical_path` (see CanonicalPath) or finds it open,
  // and takes a reference. kCreate of a file that exists, or that this
  // process has open, gives JET_errDatabaseDuplicate; kAttach of a missing
  // file gives JET_errFileNotFound.
  static Status Acquire(const std::string& canonical_path,
                        const Options& options, DatabaseFile** file);

  // Drops a reference taken by Acquire(); the last one closes the
  // environment. No snapshot on the file may be open then.
  void Release();

  JET_DBID dbid() const { return dbid_; }
  // Distinct for every opening of a file in this process (a dbid is reused
  // once its file closes): what process-wide state about the file's
  // contents is keyed by, as another process may change the file while it
  // is closed here.
  uint64_t incarnation() const { return incarnation_; }
  MDB_env* env() const { return env_; }
  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

  // A pool of reset LMDB read transactions, handed from session to session
  // (MDB_NOTLS lets any thread renew them), so that a session's first
  // snapshot of a file renews one instead of paying mdb_txn_begin (which
  // allocates per-DBI arrays). TakeReader returns null when the pool is
  // empty; ReturnReader takes a reset transaction (or aborts it when full).
  MDB_txn* TakeReader();
  void ReturnReader(MDB_txn* txn);

  // Session-level opens (JetOpenDatabase), counted across the process so
  // that JET_bitDbExclusive excludes every other session:
  // JET_errDatabaseInUse if `exclusive` and another session has it open,
  // JET_errDatabaseLocked if another session holds it exclusively.
  Status AddOpener(bool exclusive);
  void RemoveOpener(bool exclusive);

  // The handle of the named LMDB sub-database, opened once per file and
  // cached (thread-safe). With `create` the sub-database is created if
  // missing, in a short write transaction committed at once; otherwise
  // JET_errObjectNotFound if it does not exist. Must not be called from
  // inside Commit()'s `apply` (it may need the LMDB write lock). Handles stay
  // valid until the file closes; callers must not close them or delete their
  // sub-database with mdb_drop(..., 1), which closes the handle.
  //
  // The handle is usable in any transaction begun or renewed after this
  // returns (LMDB fixes a transaction's set of handles when it starts). An
  // existing sub-database is found without the LMDB write lock, so on a
  // read-only file `create` of an existing one succeeds, and of a missing
  // one gives JET_errFileAccessDenied. A name that is empty, holds a NUL or
  // is longer than LMDB's key limit (511 bytes) gives
  // JET_errInvalidParameter. Once all the file's handles are in use (1024),
  // any name not yet cached gives JET_errTooManyOpenTables.
  Status OpenSubDatabase(const std::string& name, bool create, MDB_dbi* dbi);

  // Runs `apply` inside an LMDB write transaction and commits it durably.
  // Concurrent callers (any threads, any sessions) are batched: one leader
  // begins one LMDB write transaction, runs every waiting caller's `apply` in
  // it, commits once (one sync) and wakes them. A caller whose `apply`
  // returns an error, or hits an LMDB error (MDB_MAP_FULL ->
  // JET_errOutOfDatabaseSpace, ENOSPC -> JET_errDiskFull, ...), gets that
  // error; the batch is then rerun without it, so the others still commit.
  // If the batch's commit fails every caller of the batch gets the error (one
  // that had already failed keeps its own) and nothing of the batch is
  // visible. Returns when the batch is committed (durable: LMDB synced) or
  // failed; on success, what `apply` returned (JET_errSuccess or a warning).
  //
  // `apply` may run on another caller's thread, and more than once (each
  // time in a fresh transaction, with the same result). It must not call
  // OpenSubDatabase or Commit, must not commit or abort the transaction, and
  // must return an error when an LMDB call leaves the transaction failed
  // (else the whole batch fails). std::bad_alloc from `apply` gives
  // JET_errOutOfMemory; any other exception is rethrown here. See
  // GroupCommitter for the details. JET_errFileAccessDenied on a file
  // attached read-only, without calling `apply`.
  // With Durability::kLazy it returns once committed, before the sync.
  Status Commit(absl::FunctionRef<Status(MDB_txn*)> apply,
                Durability durability = Durability::kDurable);

  // Where this file's commits spent their time (GroupCommitter::stats);
  // all zeros on a read-only file.
  CommitStats commit_stats() const;

 private:
  DatabaseFile() = default;
  // Closes the environment, which closes every cached sub-database handle.
  // Runs at the last Release(), when no Commit() can be running.
  ~DatabaseFile();

  Status Open(const Options& options);
  // Opens and caches every sub-database the file holds (at open, before any
  // snapshot of the file exists).
  Status OpenExistingSubDatabases();
  // The LMDB part of OpenSubDatabase for a name not in the cache.
  Status OpenDbi(const std::string& name, bool create, MDB_dbi* dbi)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(dbi_open_mu_);

  std::string path_;
  JET_DBID dbid_ = JET_dbidNil;
  uint64_t incarnation_ = 0;
  MDB_env* env_ = nullptr;
  int lock_fd_ = -1;
  bool read_only_ = false;
  int references_ = 0;  // guarded by the registry's mutex

  Mutex mu_;
  int openers_ ABSL_GUARDED_BY(mu_) = 0;
  bool exclusive_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<MDB_txn*> readers_ ABSL_GUARDED_BY(mu_);

  // LMDB allows mdb_dbi_open in one transaction at a time per environment,
  // so opens are serialised by dbi_open_mu_. The cache has its own mutex so
  // that a hit never waits behind an open, which may wait for the LMDB
  // write lock.
  Mutex dbi_open_mu_ ABSL_ACQUIRED_BEFORE(dbi_mu_);
  Mutex dbi_mu_;
  absl::flat_hash_map<std::string, MDB_dbi> dbis_ ABSL_GUARDED_BY(dbi_mu_);

  // Null on a read-only file.
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_DATABASE_FILE_H_
