#include "engine/database_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/group_commit.h"
#include "engine/lmdb_status.h"

namespace lmjet::engine {
namespace {

// The map starts at this size; growing it is the database layer's business.
constexpr uint64_t kDefaultMapBytes = uint64_t{1} << 30;
// One DBI per table and index, plus the catalog.
constexpr unsigned kMaxDbis = 1024;
// Each session with an open transaction holds one reader per open file.
constexpr unsigned kMaxReaders = 4096;
// Reset read transactions kept for reuse per file.
constexpr size_t kMaxPooledReaders = 64;

constexpr char kFormatMagic[8] = {'l', 'm', 'j', 'e', 't', 'd', 'b', '\0'};

struct FormatRecord {
  char magic[8];
  uint32_t version;  // little-endian on every platform lmjet builds for
  uint32_t flags;
};

// The registry of open files: by canonical path and by dbid (index + 1).
struct Registry {
  Mutex mu;
  absl::flat_hash_map<std::string, DatabaseFile*> by_path ABSL_GUARDED_BY(mu);
  std::vector<DatabaseFile*> by_id ABSL_GUARDED_BY(mu);
  // The process that opened the files. A forked child inherits the
  // registry but may not use its LMDB environments (LMDB forbids it), so it
  // forgets them -- without closing, which would disturb the parent's locks
  // -- and opens files afresh, meeting the parent's flock like any other
  // process.
  pid_t owner ABSL_GUARDED_BY(mu) = getpid();

  void ForgetInheritedFiles() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (owner == getpid()) return;
    owner = getpid();
    by_path.clear();
    by_id.clear();
  }
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;
  return *registry;
}

Status WriteFormat(MDB_env* env) {
  MDB_txn* txn = nullptr;
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_txn_begin(env, nullptr, 0, &txn)));
  MDB_dbi dbi;
  int rc = mdb_dbi_open(txn, kMetaDbName, MDB_CREATE, &dbi);
  FormatRecord record{};
  std::memcpy(record.magic, kFormatMagic, sizeof(kFormatMagic));
  record.version = kDatabaseFormatVersion;
  MDB_val key{sizeof(kFormatKey) - 1, const_cast<char*>(kFormatKey)};
  MDB_val value{sizeof(record), &record};
  if (rc == MDB_SUCCESS) rc = mdb_put(txn, dbi, &key, &value, 0);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return FromLmdb(rc);
  }
  LMJET_RETURN_IF_ERROR(FromLmdbCommit(mdb_txn_commit(txn), env));
  // The environment has MDB_NOMETASYNC: make the new file's format durable.
  return FromLmdb(mdb_env_sync(env, 1));
}

Status CheckFormat(MDB_env* env) {
  MDB_txn* txn = nullptr;
  LMJET_RETURN_IF_ERROR(
      FromLmdb(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn)));
  MDB_dbi dbi;
  Status status;
  int rc = mdb_dbi_open(txn, kMetaDbName, 0, &dbi);
  MDB_val key{sizeof(kFormatKey) - 1, const_cast<char*>(kFormatKey)};
  MDB_val value;
  if (rc == MDB_SUCCESS) rc = mdb_get(txn, dbi, &key, &value);
  if (rc == MDB_NOTFOUND) {
    status = Status(JET_errInvalidDatabase, "not an lmjet database");
  } else if (rc != MDB_SUCCESS) {
    status = FromLmdb(rc);
  } else {
    FormatRecord record{};
    if (value.mv_size != sizeof(record)) {
      status = Status(JET_errInvalidDatabase, "bad format record");
    } else {
      std::memcpy(&record, value.mv_data, sizeof(record));
      if (std::memcmp(record.magic, kFormatMagic, sizeof(kFormatMagic)) != 0) {
        status = Status(JET_errInvalidDatabase, "bad format magic");
      } else if (record.version != kDatabaseFormatVersion) {
        status = Status(JET_errInvalidDatabaseVersion,
                        "database written by an incompatible lmjet");
      }
    }
  }
  mdb_txn_abort(txn);
  return status;
}

}  // namespace

Status DatabaseFile::Acquire(const std::string& canonical_path,
                             const Options& options, DatabaseFile** file) {
  Registry& registry = TheRegistry();
  MutexLock lock(&registry.mu);
  registry.ForgetInheritedFiles();
  auto it = registry.by_path.find(canonical_path);
  if (it != registry.by_path.end()) {
    if (options.mode != Mode::kAttach) {
      return Status(JET_errDatabaseDuplicate, "database is attached");
    }
    ++it->second->references_;
    *file = it->second;
    return Status::Ok();
  }

  auto* opened = new DatabaseFile;
  opened->path_ = canonical_path;
  Status status = opened->Open(options);
  if (!status.ok()) {
    delete opened;
    return status;
  }
  size_t index = 0;
  while (index < registry.by_id.size() && registry.by_id[index] != nullptr) {
    ++index;
  }
  if (index == registry.by_id.size()) registry.by_id.push_back(nullptr);
  registry.by_id[index] = opened;
  opened->dbid_ = static_cast<JET_DBID>(index + 1);
  // Under the registry's mutex, like everything else here.
  static uint64_t incarnations = 0;
  opened->incarnation_ = ++incarnations;
  opened->references_ = 1;
  registry.by_path.emplace(canonical_path, opened);
  *file = opened;
  return Status::Ok();
}

void DatabaseFile::Release() {
  Registry& registry = TheRegistry();
  MutexLock lock(&registry.mu);
  if (registry.owner != getpid()) return;  // inherited from a parent process
  if (--references_ > 0) return;
  registry.by_path.erase(path_);
  registry.by_id[dbid_ - 1] = nullptr;
  delete this;
}

Status DatabaseFile::Open(const Options& options) {
  read_only_ = options.read_only;
  int flags = O_CLOEXEC;
  switch (options.mode) {
    case Mode::kCreate:
      flags |= O_RDWR | O_CREAT | O_EXCL;
      break;
    case Mode::kCreateOverwrite:
      flags |= O_RDWR | O_CREAT;
      break;
    case Mode::kAttach:
      flags |= options.read_only ? O_RDONLY : O_RDWR;
      break;
  }
  lock_fd_ = ::open(path_.c_str(), flags, 0644);
  if (lock_fd_ < 0) {
    if (errno == EEXIST) {
      return Status(JET_errDatabaseDuplicate, "database file exists");
    }
    return FromErrno(errno);
  }
  const bool creating = options.mode != Mode::kAttach;
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    Status status = errno == EWOULDBLOCK
                        ? Status(JET_errFileAccessDenied,
                                 "database is in use by another process")
                        : FromErrno(errno);
    // A file we just created exclusively is ours to remove.
    if (options.mode == Mode::kCreate) ::unlink(path_.c_str());
    return status;
  }
  if (options.mode == Mode::kCreateOverwrite && ::ftruncate(lock_fd_, 0) != 0) {
    return FromErrno(errno);
  }
  if (!creating) {
    // LMDB would initialise an empty file as a new environment; attaching
    // must never change a file that is not a database.
    struct stat st;
    if (::fstat(lock_fd_, &st) != 0) return FromErrno(errno);
    if (!S_ISREG(st.st_mode)) return Status(JET_errFileInvalidType);
    if (st.st_size == 0) {
      return Status(JET_errInvalidDatabase, "empty file");
    }
  }
  // LMDB creates "<path>-lock"; a failed attach removes it again if it was
  // not there before.
  const std::string lmdb_lock = path_ + "-lock";
  const bool had_lmdb_lock = ::access(lmdb_lock.c_str(), F_OK) == 0;

  auto fail = [&](Status status) {
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = nullptr;
    if (creating) ::unlink(path_.c_str());
    if (!had_lmdb_lock) ::unlink(lmdb_lock.c_str());
    return status;
  };

  int rc = mdb_env_create(&env_);
  if (rc != MDB_SUCCESS) {
    env_ = nullptr;
    return fail(FromLmdb(rc));
  }
  const uint64_t map_bytes =
      options.max_bytes != 0 && options.max_bytes < kDefaultMapBytes
          ? options.max_bytes
          : kDefaultMapBytes;
  rc = mdb_env_set_mapsize(env_, map_bytes);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(env_, kMaxDbis);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(env_, kMaxReaders);
  // MDB_NOMETASYNC: a commit syncs its data but not its meta page, which
  // keeps the file consistent; the group committer syncs the meta pages of
  // whole batches while the next batch commits (engine/group_commit.h).
  const unsigned env_flags = MDB_NOSUBDIR | MDB_NOTLS |
                             (options.read_only ? MDB_RDONLY : MDB_NOMETASYNC);
  if (rc == MDB_SUCCESS)
    rc = mdb_env_open(env_, path_.c_str(), env_flags, 0644);
  if (rc != MDB_SUCCESS) return fail(FromLmdb(rc));
  // Readers left behind by a crashed process would pin old pages forever.
  int stale_readers = 0;
  mdb_reader_check(env_, &stale_readers);

  Status status = creating ? WriteFormat(env_) : CheckFormat(env_);
  if (status.ok()) status = OpenExistingSubDatabases();
  if (!status.ok()) return fail(status);
  if (!options.read_only) {
    committer_.reset(new (std::nothrow) GroupCommitter(env_));
    if (committer_ == nullptr) return fail(Status(JET_errOutOfMemory));
  }
  return Status::Ok();
}

DatabaseFile::~DatabaseFile() {
  for (MDB_txn* txn : readers_) mdb_txn_abort(txn);
  // Before the environment it commits to; idle, as no reference is left.
  committer_.reset();
  // Lazy commits become durable at the latest when the file closes.
  if (env_ != nullptr && !read_only_) (void)mdb_env_sync(env_, 1);
  if (env_ != nullptr) mdb_env_close(env_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

MDB_txn* DatabaseFile::TakeReader() {
  MutexLock lock(&mu_);
  if (readers_.empty()) return nullptr;
  MDB_txn* txn = readers_.back();
  readers_.pop_back();
  return txn;
}

void DatabaseFile::ReturnReader(MDB_txn* txn) {
  {
    MutexLock lock(&mu_);
    if (readers_.size() < kMaxPooledReaders) {
      readers_.push_back(txn);
      return;
    }
  }
  mdb_txn_abort(txn);
}

Status DatabaseFile::AddOpener(bool exclusive) {
  MutexLock lock(&mu_);
  if (exclusive_) {
    return Status(JET_errDatabaseLocked, "database is opened exclusively");
  }
  if (exclusive && openers_ > 0) {
    return Status(JET_errDatabaseInUse, "database is open elsewhere");
  }
  ++openers_;
  exclusive_ = exclusive;
  return Status::Ok();
}

void DatabaseFile::RemoveOpener(bool exclusive) {
  MutexLock lock(&mu_);
  --openers_;
  if (exclusive) exclusive_ = false;
}

Status DatabaseFile::OpenSubDatabase(const std::string& name, bool create,
                                     MDB_dbi* dbi) {
  {
    MutexLock lock(&dbi_mu_);
    auto it = dbis_.find(name);
    if (it != dbis_.end()) {
      *dbi = it->second;
      return Status::Ok();
    }
  }
  // LMDB takes the name as a C string and as a key of the main database.
  if (name.empty() || name.find('\0') != std::string::npos ||
      name.size() > static_cast<size_t>(mdb_env_get_maxkeysize(env_))) {
    return Status(JET_errInvalidParameter, "bad sub-database name");
  }
  MutexLock open_lock(&dbi_open_mu_);
  {
    // Another thread may have opened it while this one waited.
    MutexLock lock(&dbi_mu_);
    auto it = dbis_.find(name);
    if (it != dbis_.end()) {
      *dbi = it->second;
      return Status::Ok();
    }
  }
  MDB_dbi opened;
  LMJET_RETURN_IF_ERROR(OpenDbi(name, create, &opened));
  MutexLock lock(&dbi_mu_);
  dbis_.emplace(name, opened);
  *dbi = opened;
  return Status::Ok();
}

Status DatabaseFile::OpenDbi(const std::string& name, bool create,
                             MDB_dbi* dbi) {
  // A read-only transaction first: it finds an existing sub-database
  // without the LMDB write lock, which a group commit holds through its
  // sync. Its commit, not an abort, publishes the handle to the
  // environment.
  MDB_txn* txn = nullptr;
  LMJET_RETURN_IF_ERROR(
      FromLmdb(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn)));
  int rc = mdb_dbi_open(txn, name.c_str(), 0, dbi);
  if (rc == MDB_SUCCESS) return FromLmdb(mdb_txn_commit(txn));
  mdb_txn_abort(txn);
  if (rc != MDB_NOTFOUND) return FromLmdb(rc);
  if (!create) return Status(JET_errObjectNotFound, "no such sub-database");
  if (read_only_) {
    return Status(JET_errFileAccessDenied, "database is attached read-only");
  }

  // Committed at once: only a committed handle is usable by other
  // transactions. If the caller's own work is later rolled back, an empty
  // sub-database remains, which is harmless.
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_txn_begin(env_, nullptr, 0, &txn)));
  rc = mdb_dbi_open(txn, name.c_str(), MDB_CREATE, dbi);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return FromLmdb(rc);
  }
  return FromLmdb(mdb_txn_commit(txn));
}

Status DatabaseFile::OpenExistingSubDatabases() {
  // A transaction can use only the handles the environment had when it
  // began. Opening every sub-database the file holds before any snapshot is
  // taken means a snapshot can read every sub-database that is in its data;
  // one created later is empty as far as older snapshots are concerned.
  MutexLock open_lock(&dbi_open_mu_);
  MDB_txn* txn = nullptr;
  LMJET_RETURN_IF_ERROR(
      FromLmdb(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn)));
  MDB_dbi main_dbi;
  MDB_cursor* cursor = nullptr;
  int rc = mdb_dbi_open(txn, nullptr, 0, &main_dbi);
  if (rc == MDB_SUCCESS) rc = mdb_cursor_open(txn, main_dbi, &cursor);
  std::vector<std::pair<std::string, MDB_dbi>> opened;
  MDB_val key, value;
  if (rc == MDB_SUCCESS) rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST);
  while (rc == MDB_SUCCESS) {
    std::string name(static_cast<const char*>(key.mv_data), key.mv_size);
    MDB_dbi dbi;
    const int open_rc = name.find('\0') == std::string::npos
                            ? mdb_dbi_open(txn, name.c_str(), 0, &dbi)
                            : MDB_INCOMPATIBLE;
    if (open_rc == MDB_SUCCESS) {
      opened.emplace_back(std::move(name), dbi);
    } else if (open_rc != MDB_INCOMPATIBLE) {
      rc = open_rc;  // MDB_INCOMPATIBLE: a plain record, not a sub-database
      break;
    }
    rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT);
  }
  if (cursor != nullptr) mdb_cursor_close(cursor);
  if (rc != MDB_NOTFOUND && rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return FromLmdb(rc);
  }
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_txn_commit(txn)));
  MutexLock lock(&dbi_mu_);
  for (auto& [name, dbi] : opened) dbis_.emplace(std::move(name), dbi);
  return Status::Ok();
}

Status DatabaseFile::Commit(absl::FunctionRef<Status(MDB_txn*)> apply,
                            Durability durability) {
  if (read_only_) {
    return Status(JET_errFileAccessDenied, "database is attached read-only");
  }
  return committer_->Commit(apply, durability);
}

CommitStats DatabaseFile::commit_stats() const {
  return committer_ != nullptr ? committer_->stats() : CommitStats{};
}

}  // namespace lmjet::engine
