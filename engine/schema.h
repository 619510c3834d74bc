#ifndef LMJET_ENGINE_SCHEMA_H_
#define LMJET_ENGINE_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "engine/column_types.h"

namespace lmjet::engine {

// Table, column and index definitions: the rules that validate ESE's DDL
// requests and the catalog's encoding of a table definition. Pure functions
// and plain structs; the catalog (which stores them in LMDB) and the DDL
// calls build on them.

// ESE's object-name rules (reference §4.3, ErrUTILICheckName): not null, at
// most JET_cbNameMost bytes, no leading space, no control character
// (0x00-0x1F), none of ! . [ ], at least one non-space; trailing spaces are
// trimmed. Bytes >= 0x80 are allowed. JET_errInvalidName otherwise.
Status CheckName(const char* name, std::string* checked);

// How a column is stored in a record (ESE's column id ranges).
enum class ColumnClass {
  kFixed,     // ids 1..127
  kVariable,  // ids 128..255
  kTagged,    // ids 256..JET_ccolMost
};

inline constexpr JET_COLUMNID kFirstFixedColumnId = 1;
inline constexpr JET_COLUMNID kLastFixedColumnId = JET_ccolFixedMost;
inline constexpr JET_COLUMNID kFirstVariableColumnId = JET_ccolFixedMost + 1;
inline constexpr JET_COLUMNID kLastVariableColumnId =
    JET_ccolFixedMost + JET_ccolVarMost;
inline constexpr JET_COLUMNID kFirstTaggedColumnId = kLastVariableColumnId + 1;
inline constexpr JET_COLUMNID kLastTaggedColumnId = JET_ccolMost;

ColumnClass ClassOfColumnId(JET_COLUMNID columnid);

struct ColumnDef {
  std::string name;
  JET_COLUMNID columnid = 0;
  JET_COLTYP coltyp = JET_coltypNil;
  unsigned short cp = 0;  // 1252 or 1200 for text, 0 otherwise
  uint32_t cb_max = 0;    // fixed: the size; variable: <= 255; LV: 0 = 2 GB
  JET_GRBIT grbit = 0;    // as given, plus JET_bitColumnTagged when tagged
  bool has_default = false;
  std::string default_value;
  // Deleted by JetDeleteColumn. The definition stays, so that the fixed
  // columns above it keep their offsets and its id is never given again;
  // FindColumn no longer finds it.
  bool deleted = false;

  ColumnClass column_class() const { return ClassOfColumnId(columnid); }
};

// What the caller of CheckColumnDefinition knows about the request.
struct ColumnRequestContext {
  bool exclusive_table_lock = true;  // JetCreateTable* hold one
  bool in_transaction = false;
};

// Validates a JetAddColumn / JET_COLUMNCREATE request with esent.dll's rules
// (reference §4.3) and completes `*column` (all but its name and id): the
// code page defaults to 1252, cbMax 0 means 255 for Text/Binary, a cbMax
// above 255 is clamped with JET_wrnColumnMaxTruncated, Tagged is set for
// tagged and long-value columns. Errors: JET_errInvalidColumnType,
// JET_errInvalidCodePage, JET_errInvalidGrbit,
// JET_errMultiValuedColumnMustBeTagged, JET_errCannotBeTagged,
// JET_errTaggedNotNULL, JET_errExclusiveTableLockRequired,
// JET_errColumnCannotBeCompressed, JET_errColumnCannotBeEncrypted,
// JET_errInTransaction, JET_errInvalidBufferSize (a fixed default of the
// wrong size), JET_errInvalidParameter (a default size without data, or an
// escrow column without a default). Longer defaults of variable and long
// columns are cut to cbMax / JET_cbLVDefaultValueMost, as esent.dll does.
Status CheckColumnDefinition(JET_COLTYP coltyp, uint32_t cb_max,
                             JET_GRBIT grbit, unsigned long cp,
                             const void* default_value,
                             unsigned long default_size,
                             const ColumnRequestContext& context,
                             ColumnDef* column);

// One segment of an index key definition.
struct KeyColumn {
  std::string name;
  bool descending = false;
};

// Parses an index key string "+col1\0-col2\0\0" whose `cb_key` counts
// through the final NUL (reference §4.3): JET_errInvalidParameter for
// cb_key 0, JET_errIndexInvalidDef for a first segment without '+' or '-',
// a key not ending in two NULs, bytes after them, an empty column name, or
// more than JET_ccolKeyMost segments. Segments after the first may omit the
// sign (ascending).
Status ParseIndexKey(const char* key, unsigned long cb_key,
                     std::vector<KeyColumn>* columns);

struct IndexSegment {
  JET_COLUMNID columnid = 0;
  bool descending = false;
};

struct ConditionalColumn {
  JET_COLUMNID columnid = 0;
  bool must_be_null = false;  // JET_bitIndexColumnMustBeNull, else NonNull
};

struct IndexDef {
  std::string name;
  uint32_t index_id = 0;  // unique within the table, never reused
  JET_GRBIT grbit = 0;
  std::vector<IndexSegment> segments;
  std::vector<ConditionalColumn> conditional_columns;
  uint32_t cb_key_most = JET_cbKeyMost;
  uint32_t density = 100;
  unsigned long lcid = 0;
};

// A table's definition as the catalog keeps it.
struct TableDef {
  std::string name;
  uint32_t table_id = 0;  // names the table's LMDB sub-databases
  JET_GRBIT grbit = 0;    // JET_bitTableCreate* kept for JetGetTableInfo
  uint32_t pages = 0;     // JetCreateTable's lPages and lDensity, kept as
  uint32_t density = 0;   // given (LMDB manages its own space)
  std::vector<ColumnDef> columns;
  std::vector<IndexDef> indexes;
  uint32_t next_index_id = 1;

  // The column of that name or id that is not deleted, or null.
  const ColumnDef* FindColumn(const std::string& name) const;
  const ColumnDef* FindColumn(JET_COLUMNID columnid) const;
  const IndexDef* FindIndex(const std::string& name) const;
  const IndexDef* PrimaryIndex() const;

  // The lowest unused column id of `column_class`, or
  // JET_errTooManyColumns when that range is full.
  Status NextColumnId(ColumnClass column_class, JET_COLUMNID* columnid) const;
};

// Names compare as esent.dll compares them: case-insensitively (ASCII).
bool SameName(const std::string& a, const std::string& b);

// The catalog's encoding of a table definition: self-describing and
// versioned (docs/file-format.md, "Catalog"). DecodeTableDef never reads
// out of bounds: a damaged record gives JET_errDatabaseCorrupted, a newer
// encoding JET_errInvalidDatabaseVersion.
std::string EncodeTableDef(const TableDef& table);
Status DecodeTableDef(const void* data, size_t size, TableDef* table);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_SCHEMA_H_
