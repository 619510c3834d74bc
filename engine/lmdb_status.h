#ifndef LMJET_ENGINE_LMDB_STATUS_H_
#define LMJET_ENGINE_LMDB_STATUS_H_

#include <lmdb.h>

#include "base/status.h"

namespace lmjet::engine {

// The one translation from LMDB return codes and errno values to JET errors.
// `rc` is what an mdb_* call returned: MDB_SUCCESS, an MDB_* code or an errno.
Status FromLmdb(int rc);

// Translation of an errno from a file-system call.
Status FromErrno(int err);

// FromLmdb for what mdb_txn_commit on `env` returned. LMDB reports a short
// write as EIO, and a write that runs out of room part-way is short: a file
// system filling up, or a write crossing the process's RLIMIT_FSIZE. So an
// EIO while the file cannot grow any more (it is at the file-size limit, or
// the file system has less than 1 MiB free to this process) is
// JET_errDiskFull; other errors are FromLmdb's.
Status FromLmdbCommit(int rc, MDB_env* env);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_LMDB_STATUS_H_
