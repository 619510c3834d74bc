#include "engine/catalog.h"

#include <cctype>
#include <cstring>

#include "engine/lmdb_status.h"

namespace lmjet::engine {
namespace {

MDB_val Val(const std::string& s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}

Status OpenCatalog(MDB_txn* txn, bool create, MDB_dbi* dbi) {
  const int rc =
      mdb_dbi_open(txn, Catalog::kCatalogDbName, create ? MDB_CREATE : 0, dbi);
  if (rc == MDB_NOTFOUND) return Status(JET_errObjectNotFound);
  return FromLmdb(rc);
}

Status DropIfPresent(MDB_txn* txn, const std::string& name) {
  MDB_dbi dbi;
  int rc = mdb_dbi_open(txn, name.c_str(), 0, &dbi);
  if (rc == MDB_NOTFOUND) return Status::Ok();
  if (rc == MDB_SUCCESS) rc = mdb_drop(txn, dbi, /*del=*/1);
  return FromLmdb(rc);
}

}  // namespace

std::string Catalog::TableKey(const std::string& name) {
  std::string key(1, 'T');
  for (char c : name) {
    key.push_back(
        static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return key;
}

std::string Catalog::RecordDbName(uint32_t table_id) {
  return "t" + std::to_string(table_id);
}

std::string Catalog::IndexDbName(uint32_t table_id, uint32_t index_id) {
  return "t" + std::to_string(table_id) + ".i" + std::to_string(index_id);
}

std::string Catalog::LongValueDbName(uint32_t table_id) {
  return "t" + std::to_string(table_id) + ".lv";
}

Status Catalog::CreateTable(MDB_txn* txn, TableDef* table) {
  MDB_dbi dbi;
  LMJET_RETURN_IF_ERROR(OpenCatalog(txn, /*create=*/true, &dbi));
  const std::string key = TableKey(table->name);
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_SUCCESS) return Status(JET_errTableDuplicate);
  if (rc != MDB_NOTFOUND) return FromLmdb(rc);

  uint32_t next_id = 1;
  MDB_val id_key{sizeof(Catalog::kNextTableIdKey) - 1,
                 const_cast<char*>(Catalog::kNextTableIdKey)};
  rc = mdb_get(txn, dbi, &id_key, &v);
  if (rc == MDB_SUCCESS) {
    if (v.mv_size != sizeof(next_id)) {
      return Status(JET_errDatabaseCorrupted, "bad next table id");
    }
    std::memcpy(&next_id, v.mv_data, sizeof(next_id));
  } else if (rc != MDB_NOTFOUND) {
    return FromLmdb(rc);
  }
  table->table_id = next_id;
  const uint32_t following = next_id + 1;
  MDB_val id_value{sizeof(following), const_cast<uint32_t*>(&following)};
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_put(txn, dbi, &id_key, &id_value, 0)));
  const std::string encoded = EncodeTableDef(*table);
  v = Val(encoded);
  return FromLmdb(mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE));
}

Status Catalog::UpdateTable(MDB_txn* txn, const TableDef& table) {
  MDB_dbi dbi;
  LMJET_RETURN_IF_ERROR(OpenCatalog(txn, /*create=*/false, &dbi));
  const std::string key = TableKey(table.name);
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return Status(JET_errObjectNotFound);
  LMJET_RETURN_IF_ERROR(FromLmdb(rc));
  const std::string encoded = EncodeTableDef(table);
  v = Val(encoded);
  return FromLmdb(mdb_put(txn, dbi, &k, &v, 0));
}

Status Catalog::GetTable(MDB_txn* txn, const std::string& name,
                         TableDef* table) {
  MDB_dbi dbi;
  LMJET_RETURN_IF_ERROR(OpenCatalog(txn, /*create=*/false, &dbi));
  const std::string key = TableKey(name);
  MDB_val k = Val(key), v;
  const int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return Status(JET_errObjectNotFound);
  LMJET_RETURN_IF_ERROR(FromLmdb(rc));
  return DecodeTableDef(v.mv_data, v.mv_size, table);
}

Status Catalog::DeleteTable(MDB_txn* txn, const std::string& name) {
  TableDef table;
  LMJET_RETURN_IF_ERROR(GetTable(txn, name, &table));
  MDB_dbi dbi;
  LMJET_RETURN_IF_ERROR(OpenCatalog(txn, /*create=*/false, &dbi));
  LMJET_RETURN_IF_ERROR(DropIfPresent(txn, RecordDbName(table.table_id)));
  LMJET_RETURN_IF_ERROR(DropIfPresent(txn, LongValueDbName(table.table_id)));
  for (const IndexDef& index : table.indexes) {
    LMJET_RETURN_IF_ERROR(
        DropIfPresent(txn, IndexDbName(table.table_id, index.index_id)));
  }
  const std::string key = TableKey(name);
  MDB_val k = Val(key);
  return FromLmdb(mdb_del(txn, dbi, &k, nullptr));
}

Status Catalog::ListTables(MDB_txn* txn, std::vector<std::string>* names) {
  names->clear();
  MDB_dbi dbi;
  Status status = OpenCatalog(txn, /*create=*/false, &dbi);
  if (status.code() == JET_errObjectNotFound) return Status::Ok();
  LMJET_RETURN_IF_ERROR(status);
  MDB_cursor* cursor = nullptr;
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_cursor_open(txn, dbi, &cursor)));
  MDB_val k, v;
  int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
  while (rc == MDB_SUCCESS && status.ok()) {
    if (k.mv_size > 0 && static_cast<const char*>(k.mv_data)[0] == 'T') {
      TableDef table;
      status = DecodeTableDef(v.mv_data, v.mv_size, &table);
      if (status.ok()) names->push_back(table.name);
    }
    rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
  }
  mdb_cursor_close(cursor);
  LMJET_RETURN_IF_ERROR(status);
  return rc == MDB_NOTFOUND ? Status::Ok() : FromLmdb(rc);
}

}  // namespace lmjet::engine
