#ifndef LMJET_ENGINE_CATALOG_H_
#define LMJET_ENGINE_CATALOG_H_

#include <lmdb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/schema.h"

namespace lmjet::engine {

// The catalog of one database file: its table definitions, kept in the
// LMDB sub-database kCatalogDbName, and the names of the sub-databases each
// table's data lives in (docs/file-format.md, "Catalog").
//
// These functions work inside a caller's LMDB transaction (a write
// transaction for the ones that change anything) and never commit it: the
// caller decides when DDL becomes visible, so DDL stays transactional.
class Catalog {
 public:
  static constexpr char kCatalogDbName[] = "lmjet.catalog";

  // The catalog's keys: a table's definition ("T" + its name in ASCII upper
  // case, as names compare case-insensitively), and the record holding the
  // next table id (a native-endian uint32).
  static std::string TableKey(const std::string& name);
  static constexpr char kNextTableIdKey[] = "N";

  // Sub-database names of a table's records, of one of its secondary
  // indexes, and of its long values.
  static std::string RecordDbName(uint32_t table_id);
  static std::string IndexDbName(uint32_t table_id, uint32_t index_id);
  static std::string LongValueDbName(uint32_t table_id);

  // Stores a new table: assigns `table->table_id` (never reused in this
  // file) and writes its definition. JET_errTableDuplicate if a table of
  // that name (compared case-insensitively) exists.
  static Status CreateTable(MDB_txn* txn, TableDef* table);

  // Replaces the stored definition of `table` (found by its name).
  // JET_errObjectNotFound if there is none.
  static Status UpdateTable(MDB_txn* txn, const TableDef& table);

  // Reads a definition. JET_errObjectNotFound if there is none.
  static Status GetTable(MDB_txn* txn, const std::string& name,
                         TableDef* table);

  // Removes the definition and drops the table's sub-databases.
  // JET_errObjectNotFound if there is none.
  static Status DeleteTable(MDB_txn* txn, const std::string& name);

  // Every table's name, in catalog order (case-insensitive name order).
  static Status ListTables(MDB_txn* txn, std::vector<std::string>* names);
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_CATALOG_H_
