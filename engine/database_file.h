#ifndef LMJET_ENGINE_DATABASE_FILE_H_
#define LMJET_ENGINE_DATABASE_FILE_H_

#include <lmdb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "api/esent.h"
#include "base/mutex.h"
#include "base/status.h"

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

 private:
  DatabaseFile() = default;
  ~DatabaseFile();

  Status Open(const Options& options);

  std::string path_;
  JET_DBID dbid_ = JET_dbidNil;
  MDB_env* env_ = nullptr;
  int lock_fd_ = -1;
  bool read_only_ = false;
  int references_ = 0;  // guarded by the registry's mutex

  Mutex mu_;
  int openers_ ABSL_GUARDED_BY(mu_) = 0;
  bool exclusive_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<MDB_txn*> readers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_DATABASE_FILE_H_
