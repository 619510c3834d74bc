#ifndef LMJET_ENGINE_LMDB_STATUS_H_
#define LMJET_ENGINE_LMDB_STATUS_H_

#include "base/status.h"

namespace lmjet::engine {

// The one translation from LMDB return codes and errno values to JET errors.
// `rc` is what an mdb_* call returned: MDB_SUCCESS, an MDB_* code or an errno.
Status FromLmdb(int rc);

// Translation of an errno from a file-system call.
Status FromErrno(int err);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_LMDB_STATUS_H_
