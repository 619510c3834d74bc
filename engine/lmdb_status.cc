#include "engine/lmdb_status.h"

#include <lmdb.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace lmjet::engine {
namespace {

// Below this much free space a failed write is taken for a full disk.
constexpr uint64_t kNearlyFullBytes = 1 << 20;

// Whether the file `fd` can grow by no more than a page: it reached the
// soft RLIMIT_FSIZE, or its file system is (nearly) full for this process
// (root may use the reserved blocks).
bool FileCannotGrow(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  const long page = sysconf(_SC_PAGESIZE);
  struct rlimit limit {};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      static_cast<uint64_t>(st.st_size) + static_cast<uint64_t>(page) >
          limit.rlim_cur) {
    return true;
  }
  struct statvfs fs {};
  if (fstatvfs(fd, &fs) != 0) return false;
  const uint64_t blocks = geteuid() == 0 ? fs.f_bfree : fs.f_bavail;
  return blocks * fs.f_frsize < kNearlyFullBytes;
}

}  // namespace

Status FromErrno(int err) {
  switch (err) {
    case 0:
      return Status::Ok();
    case ENOMEM:
      return Status(JET_errOutOfMemory);
    case ENOSPC:
    case EDQUOT:
    case EFBIG:  // past RLIMIT_FSIZE or the file system's largest file
      return Status(JET_errDiskFull);
    case ENOENT:
      return Status(JET_errFileNotFound);
    case ENOTDIR:
    case ENAMETOOLONG:
    case ELOOP:
      return Status(JET_errInvalidPath);
    case EACCES:
    case EPERM:
      return Status(JET_errPermissionDenied);
    case EROFS:
      return Status(JET_errDatabaseFileReadOnly);
    case EAGAIN:
    case EBUSY:
    case ETXTBSY:
      return Status(JET_errFileAccessDenied);
    case EISDIR:
      return Status(JET_errFileInvalidType);
    case EIO:
    default:
      return Status(JET_errDiskIO);
  }
}

Status FromLmdb(int rc) {
  switch (rc) {
    case MDB_SUCCESS:
      return Status::Ok();
    case MDB_MAP_FULL:
      return Status(JET_errOutOfDatabaseSpace, "LMDB map is full");
    case MDB_READERS_FULL:
      return Status(JET_errOutOfSessions, "LMDB reader table is full");
    case MDB_INVALID:
      return Status(JET_errInvalidDatabase, "not an LMDB file");
    case MDB_VERSION_MISMATCH:
      return Status(JET_errInvalidDatabaseVersion, "LMDB version mismatch");
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_BAD_DBI:
      return Status(JET_errDatabaseCorrupted);
    case MDB_PANIC:
      return Status(JET_errDiskIO, "LMDB environment panicked");
    case MDB_TXN_FULL:
    case MDB_CURSOR_FULL:
    case MDB_PAGE_FULL:
      return Status(JET_errVersionStoreOutOfMemory);
    case MDB_MAP_RESIZED:
      return Status(JET_errOutOfDatabaseSpace, "LMDB map was resized");
    case MDB_DBS_FULL:
      return Status(JET_errTooManyOpenTables);
    case MDB_KEYEXIST:
      return Status(JET_errKeyDuplicate);
    case MDB_NOTFOUND:
      return Status(JET_errRecordNotFound);
    case MDB_BAD_RSLOT:
    case MDB_BAD_TXN:
    case MDB_BAD_VALSIZE:
    case MDB_INCOMPATIBLE:
      return Status(JET_errInternalError);
    default:
      return FromErrno(rc);
  }
}

Status FromLmdbCommit(int rc, MDB_env* env) {
  int fd = -1;
  if (rc == EIO && env != nullptr && mdb_env_get_fd(env, &fd) == MDB_SUCCESS &&
      FileCannotGrow(fd)) {
    return Status(JET_errDiskFull, "short write: the file cannot grow");
  }
  return FromLmdb(rc);
}

}  // namespace lmjet::engine
