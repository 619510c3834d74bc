#include "cursor/table.h"

#include <cstring>
#include <map>
#include <utility>

#include "base/no_destructor.h"
#include "cursor/table_share.h"
#include "cursor/visible.h"
#include "engine/catalog.h"
#include "engine/index_keys.h"
#include "engine/key_codec.h"
#include "engine/lmdb_status.h"
#include "txn/write_set.h"

namespace lmjet::cursor {
namespace {

struct CounterRegistry {
  Mutex mu;
  std::map<std::pair<uint64_t, uint32_t>, std::shared_ptr<TableCounters>>
      counters ABSL_GUARDED_BY(mu);
};

// Keyed by the file's incarnation, so the counters live as long as this
// opening of the file: a transaction that closed its last cursor on a table
// still owns the values it was given, and a file reopened (perhaps written
// by another process meanwhile) loads them afresh.
std::shared_ptr<TableCounters> CountersFor(const engine::DatabaseFile* file,
                                           uint32_t table_id) {
  static NoDestructor<CounterRegistry> registry;
  CounterRegistry& r = registry.get();
  MutexLock lock(&r.mu);
  auto& slot = r.counters[{file->incarnation(), table_id}];
  if (slot == nullptr) slot = std::make_shared<TableCounters>();
  return slot;
}

// The catalog's lock space: table id 0 is never a table's.
uint64_t CatalogSpace(const engine::DatabaseFile* file) {
  return txn::LockSpace(file->dbid(), 0, 0);
}

Status CatalogDbi(engine::DatabaseFile* file, MDB_dbi* dbi) {
  return file->OpenSubDatabase(engine::Catalog::kCatalogDbName,
                               /*create=*/true, dbi);
}

Status ReadDef(txn::Transaction* txn, engine::DatabaseFile* file,
               MDB_dbi catalog, const std::string& key, engine::TableDef* def) {
  std::string_view value;
  bool found = false;
  LMJET_RETURN_IF_ERROR(GetVisible(txn, file, catalog, key, &value, &found));
  if (!found) return Status(JET_errObjectNotFound);
  return engine::DecodeTableDef(value.data(), value.size(), def);
}

void BumpDdlGeneration() {
  table_internal::g_ddl_generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace

size_t SecondaryKeyLimit(const engine::IndexDef& index,
                         size_t primary_key_limit) {
  const size_t limit = engine::IndexKeyLimit(index);
  const size_t room = engine::kLmdbMaxKeyBytes - primary_key_limit;
  return limit < room ? limit : room;
}

const TableInfo::Index* TableInfo::FindIndex(std::string_view name) const {
  for (const Index& index : indexes) {
    if (index.def != nullptr &&
        engine::SameName(index.def->name, std::string(name))) {
      return &index;
    }
  }
  return nullptr;
}

Status TableCatalog::Load(txn::Transaction* txn, engine::DatabaseFile* file,
                          const std::string& name,
                          std::shared_ptr<const TableInfo>* out) {
  MDB_dbi catalog;
  LMJET_RETURN_IF_ERROR(CatalogDbi(file, &catalog));
  auto table = std::make_shared<TableInfo>();
  table->file = file;
  LMJET_RETURN_IF_ERROR(ReadDef(txn, file, catalog,
                                engine::Catalog::TableKey(name), &table->def));
  const engine::TableDef& def = table->def;
  LMJET_RETURN_IF_ERROR(engine::MakeRecordLayout(def, &table->layout));
  for (const engine::ColumnDef& column : def.columns) {
    const bool plain = !column.deleted &&
                       column.columnid < engine::kFirstTaggedColumnId &&
                       column.coltyp != JET_coltypLongText &&
                       column.coltyp != JET_coltypLongBinary &&
                       !(column.grbit & JET_bitColumnEscrowUpdate);
    // The first live column of an id, as def.FindColumn would find.
    if (plain && table->plain_columns[column.columnid] == nullptr) {
      table->plain_columns[column.columnid] = &column;
    }
  }
  LMJET_RETURN_IF_ERROR(file->OpenSubDatabase(
      engine::Catalog::RecordDbName(def.table_id), true, &table->record_dbi));
  table->record_space = txn::LockSpace(file->dbid(), def.table_id, 0);
  table->counters = CountersFor(file, def.table_id);

  TableInfo::Index clustered;
  clustered.def = def.PrimaryIndex();
  clustered.dbi = table->record_dbi;
  if (clustered.def != nullptr) {
    LMJET_RETURN_IF_ERROR(
        MakeSearchKeyIndex(*clustered.def, def.columns, &clustered.key_index));
    clustered.key_limit = engine::IndexKeyLimit(*clustered.def);
    clustered.key_index.key_limit = clustered.key_limit;
  } else {
    clustered.key_limit = kSequentialBookmarkBytes;
  }
  const size_t primary_limit = clustered.key_limit;
  table->indexes.push_back(std::move(clustered));
  for (const engine::IndexDef& index_def : def.indexes) {
    if (index_def.grbit & JET_bitIndexPrimary) continue;
    TableInfo::Index index;
    index.def = &index_def;
    LMJET_RETURN_IF_ERROR(file->OpenSubDatabase(
        engine::Catalog::IndexDbName(def.table_id, index_def.index_id), true,
        &index.dbi));
    LMJET_RETURN_IF_ERROR(
        MakeSearchKeyIndex(index_def, def.columns, &index.key_index));
    index.key_limit = SecondaryKeyLimit(index_def, primary_limit);
    index.key_index.key_limit = index.key_limit;
    if (index_def.grbit & JET_bitIndexUnique) {
      index.unique_space =
          txn::LockSpace(file->dbid(), def.table_id, index_def.index_id);
    }
    table->indexes.push_back(std::move(index));
  }
  *out = std::move(table);
  return Status::Ok();
}

Status TableCatalog::List(txn::Transaction* txn, engine::DatabaseFile* file,
                          std::vector<engine::TableDef>* tables) {
  tables->clear();
  MDB_dbi catalog;
  LMJET_RETURN_IF_ERROR(CatalogDbi(file, &catalog));
  const txn::WriteSet* writes = txn->WritesOf(file);
  if (writes == nullptr) return Status(JET_errInvalidDatabaseId);
  txn::MergedCursor scan(*writes, catalog);
  LMJET_RETURN_IF_ERROR(scan.Open(txn->SnapshotOf(file)));
  // Table definitions are the keys "T" + name; other catalog keys are not.
  for (scan.SeekGE("T"); scan.Valid() && scan.key()[0] == 'T'; scan.Next()) {
    engine::TableDef def;
    LMJET_RETURN_IF_ERROR(
        engine::DecodeTableDef(scan.value().data(), scan.value().size(), &def));
    tables->push_back(std::move(def));
  }
  return scan.status();
}

Status TableCatalog::Create(txn::Transaction* txn, engine::DatabaseFile* file,
                            const std::string& name, uint32_t pages,
                            uint32_t density, JET_GRBIT grbit) {
  MDB_dbi catalog;
  LMJET_RETURN_IF_ERROR(CatalogDbi(file, &catalog));
  const std::string key = engine::Catalog::TableKey(name);
  LMJET_RETURN_IF_ERROR(
      txn->Lock(CatalogSpace(file), key, txn::LockMode::kWrite));
  std::string_view existing;
  bool found = false;
  LMJET_RETURN_IF_ERROR(GetVisible(txn, file, catalog, key, &existing, &found));
  if (found) return Status(JET_errTableDuplicate);

  // Table ids are taken outside the transaction, so that they are never
  // reused, even by a create that rolls back.
  uint32_t table_id = 0;
  LMJET_RETURN_IF_ERROR(file->Commit([&](MDB_txn* w) -> Status {
    MDB_val k{sizeof(engine::Catalog::kNextTableIdKey) - 1,
              const_cast<char*>(engine::Catalog::kNextTableIdKey)};
    MDB_val v;
    uint32_t next = 1;
    const int rc = mdb_get(w, catalog, &k, &v);
    if (rc == MDB_SUCCESS) {
      if (v.mv_size != sizeof(next)) {
        return Status(JET_errDatabaseCorrupted, "bad next table id");
      }
      std::memcpy(&next, v.mv_data, sizeof(next));
    } else if (rc != MDB_NOTFOUND) {
      return engine::FromLmdb(rc);
    }
    table_id = next;
    const uint32_t following = next + 1;
    MDB_val nv{sizeof(following), const_cast<uint32_t*>(&following)};
    return engine::FromLmdb(mdb_put(w, catalog, &k, &nv, 0));
  }));
  MDB_dbi records;
  LMJET_RETURN_IF_ERROR(file->OpenSubDatabase(
      engine::Catalog::RecordDbName(table_id), true, &records));

  engine::TableDef def;
  def.name = name;
  def.table_id = table_id;
  def.pages = pages;
  def.density = density;
  def.grbit = grbit;
  return Store(txn, file, def);
}

Status TableCatalog::Store(txn::Transaction* txn, engine::DatabaseFile* file,
                           const engine::TableDef& def) {
  MDB_dbi catalog;
  LMJET_RETURN_IF_ERROR(CatalogDbi(file, &catalog));
  const std::string key = engine::Catalog::TableKey(def.name);
  LMJET_RETURN_IF_ERROR(
      txn->Lock(CatalogSpace(file), key, txn::LockMode::kWrite));
  txn::WriteSet* writes = txn->WritesOf(file);
  if (writes == nullptr) return Status(JET_errInvalidDatabaseId);
  LMJET_RETURN_IF_ERROR(writes->Put(catalog, key, engine::EncodeTableDef(def)));
  BumpDdlGeneration();
  return Status::Ok();
}

Status TableCatalog::Delete(txn::Transaction* txn, engine::DatabaseFile* file,
                            const std::string& name, const void* deleter,
                            uint32_t* table_id) {
  MDB_dbi catalog;
  LMJET_RETURN_IF_ERROR(CatalogDbi(file, &catalog));
  const std::string key = engine::Catalog::TableKey(name);
  LMJET_RETURN_IF_ERROR(
      txn->Lock(CatalogSpace(file), key, txn::LockMode::kWrite));
  engine::TableDef def;
  LMJET_RETURN_IF_ERROR(ReadDef(txn, file, catalog, key, &def));
  LMJET_RETURN_IF_ERROR(
      CheckTableDeletable(ShareKeyOf(file, def.table_id), deleter));
  std::vector<MDB_dbi> dbis;
  MDB_dbi dbi;
  LMJET_RETURN_IF_ERROR(file->OpenSubDatabase(
      engine::Catalog::RecordDbName(def.table_id), true, &dbi));
  dbis.push_back(dbi);
  for (const engine::IndexDef& index : def.indexes) {
    if (index.grbit & JET_bitIndexPrimary) continue;
    LMJET_RETURN_IF_ERROR(file->OpenSubDatabase(
        engine::Catalog::IndexDbName(def.table_id, index.index_id), true,
        &dbi));
    dbis.push_back(dbi);
  }
  txn::WriteSet* writes = txn->WritesOf(file);
  if (writes == nullptr) return Status(JET_errInvalidDatabaseId);
  LMJET_RETURN_IF_ERROR(writes->Delete(catalog, key));
  // Emptied, not dropped: a dropped handle would be closed under other
  // sessions' snapshots, which may still read the table.
  txn->OnCommit(file, [dbis](MDB_txn* w) -> Status {
    for (MDB_dbi d : dbis) {
      LMJET_RETURN_IF_ERROR(engine::FromLmdb(mdb_drop(w, d, 0)));
    }
    return Status::Ok();
  });
  BumpDdlGeneration();
  *table_id = def.table_id;
  return Status::Ok();
}

Status TableCatalog::PrepareIndexStorage(engine::DatabaseFile* file,
                                         engine::TableDef* def,
                                         engine::IndexDef* index) {
  index->index_id = def->next_index_id++;
  if (index->grbit & JET_bitIndexPrimary) return Status::Ok();
  MDB_dbi dbi;
  return file->OpenSubDatabase(
      engine::Catalog::IndexDbName(def->table_id, index->index_id), true, &dbi);
}

}  // namespace lmjet::cursor
