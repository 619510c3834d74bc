#ifndef LMJET_CURSOR_TABLE_H_
#define LMJET_CURSOR_TABLE_H_

#include <lmdb.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/esent.h"
#include "base/mutex.h"
#include "base/status.h"
#include "cursor/search_key.h"
#include "engine/database_file.h"
#include "engine/record.h"
#include "engine/schema.h"
#include "txn/transaction.h"

namespace lmjet::cursor {

// Per-table counters shared by every session of the process (the process
// holds the file exclusively, so memory is authoritative once loaded):
// sequential bookmarks of tables without a primary index, and
// autoincrement values. Handed out values are never given again, even if
// the inserting transaction rolls back (as in ESE).
struct TableCounters {
  Mutex mu;
  bool bookmark_loaded ABSL_GUARDED_BY(mu) = false;
  uint64_t next_bookmark ABSL_GUARDED_BY(mu) = 1;
  bool autoinc_loaded ABSL_GUARDED_BY(mu) = false;
  int64_t next_autoinc ABSL_GUARDED_BY(mu) = 1;
};

// An open table's definition with everything the cursor derives from it.
// Immutable once built and shared by the cursors that use it; DDL builds a
// new one (TableCursor reloads when DdlGeneration() changes).
struct TableInfo {
  struct Index {
    const engine::IndexDef* def = nullptr;  // points into `def.indexes`
    MDB_dbi dbi = 0;                        // secondary: its entries
    SearchKeyIndex key_index;
    size_t key_limit = 0;       // stored keys are cut at this length
    uint64_t unique_space = 0;  // lock space of a unique secondary index
  };

  engine::DatabaseFile* file = nullptr;
  engine::TableDef def;
  engine::RecordLayout layout;
  MDB_dbi record_dbi = 0;
  // The clustered index first (primary, or the sequential one with a null
  // def), then the secondary indexes in definition order.
  std::vector<Index> indexes;
  uint64_t record_space = 0;  // lock space of the table's records
  std::shared_ptr<TableCounters> counters;
  // The columns a plain retrieve may read in place, by id: live fixed and
  // variable columns that are neither long (LongText/LongBinary) nor escrow
  // columns; null for every other id below the first tagged one. What
  // def.FindColumn finds for them, in one load, for the retrieval fast
  // path (TableCursor::RetrieveInPlace).
  std::array<const engine::ColumnDef*, engine::kFirstTaggedColumnId>
      plain_columns{};

  bool has_primary() const { return indexes[0].def != nullptr; }
  // The index of that name (case-insensitive), or null.
  const Index* FindIndex(std::string_view name) const;
};

namespace table_internal {
inline std::atomic<uint64_t> g_ddl_generation{1};
}  // namespace table_internal

// Incremented by every DDL call of any session; cursors compare it to know
// when to reload their table's definition. Inline: every cursor call reads
// it.
inline uint64_t DdlGeneration() {
  return table_internal::g_ddl_generation.load(std::memory_order_acquire);
}

// Secondary-index entries are stored as normalized index key + bookmark
// (the primary key), with the bookmark as the value. A secondary key is cut
// so that both fit LMDB's key limit: at most kLmdbMaxKeyBytes minus the
// primary index's key limit.
size_t SecondaryKeyLimit(const engine::IndexDef& index,
                         size_t primary_key_limit);
inline constexpr size_t kSequentialBookmarkBytes = 8;

// Transactional catalog operations of one session on one file. Each needs
// level() >= 1 (the caller opens an implicit transaction at level 0): reads
// see the snapshot plus the session's own DDL, writes go to the session's
// write set under a write lock on the table's name, so DDL rolls back with
// its transaction and two sessions changing one table conflict at once.
// Sub-databases are created at once and table ids are never reused, so a
// rolled-back create leaves at most an empty, unreachable sub-database.
class TableCatalog {
 public:
  // Reads and prepares a table. JET_errObjectNotFound if there is none.
  static Status Load(txn::Transaction* txn, engine::DatabaseFile* file,
                     const std::string& name,
                     std::shared_ptr<const TableInfo>* table);
  // Every table's definition as the session sees it (its snapshot of
  // `file` with its own DDL; needs level() >= 1), in catalog order
  // (case-insensitive name order).
  static Status List(txn::Transaction* txn, engine::DatabaseFile* file,
                     std::vector<engine::TableDef>* tables);
  // Creates an empty table (JET_errTableDuplicate if the name is taken).
  static Status Create(txn::Transaction* txn, engine::DatabaseFile* file,
                       const std::string& name, uint32_t pages,
                       uint32_t density, JET_GRBIT grbit);
  // Stores a changed definition of an existing table.
  static Status Store(txn::Transaction* txn, engine::DatabaseFile* file,
                      const engine::TableDef& def);
  // Removes a table; its data is emptied when the transaction commits.
  // Refused while any cursor is open on it (CheckTableDeletable, with
  // `deleter` the deleting session). Sets *table_id to the removed table's.
  static Status Delete(txn::Transaction* txn, engine::DatabaseFile* file,
                       const std::string& name, const void* deleter,
                       uint32_t* table_id);
  // Creates the sub-database of a new index of `def` (assigns
  // index->index_id from def->next_index_id).
  static Status PrepareIndexStorage(engine::DatabaseFile* file,
                                    engine::TableDef* def,
                                    engine::IndexDef* index);
};

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_TABLE_H_
