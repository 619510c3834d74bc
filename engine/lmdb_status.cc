#include "engine/lmdb_status.h"

#include <lmdb.h>

#include <cerrno>

namespace lmjet::engine {

Status FromErrno(int err) {
  switch (err) {
    case 0:
      return Status::Ok();
    case ENOMEM:
      return Status(JET_errOutOfMemory);
    case ENOSPC:
    case EDQUOT:
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
    case EFBIG:
      return Status(JET_errOutOfDatabaseSpace);
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

}  // namespace lmjet::engine
