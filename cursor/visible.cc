#include "cursor/visible.h"

#include <cerrno>

#include "engine/lmdb_status.h"

namespace lmjet::cursor {

Status GetVisible(txn::Transaction* txn, engine::DatabaseFile* file,
                  MDB_dbi dbi, std::string_view key, std::string_view* value,
                  bool* found) {
  *found = false;
  if (const txn::WriteSet* writes = txn->WritesOf(file)) {
    const txn::WriteSet::Lookup lookup = writes->Get(dbi, key);
    if (lookup.kind == txn::WriteSet::Lookup::Kind::kDeleted) {
      return Status::Ok();
    }
    if (lookup.kind == txn::WriteSet::Lookup::Kind::kPresent) {
      *value = lookup.value;
      *found = true;
      return Status::Ok();
    }
  }
  MDB_txn* snapshot = txn->SnapshotOf(file);
  if (snapshot == nullptr) return Status(JET_errNotInTransaction);
  if (key.empty()) return Status::Ok();  // LMDB keeps no empty key
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v;
  const int rc = mdb_get(snapshot, dbi, &k, &v);
  // EINVAL: a sub-database newer than the snapshot holds nothing for it.
  if (rc == MDB_NOTFOUND || rc == EINVAL) return Status::Ok();
  LMJET_RETURN_IF_ERROR(engine::FromLmdb(rc));
  *value = std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
  *found = true;
  return Status::Ok();
}

}  // namespace lmjet::cursor
