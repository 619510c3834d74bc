#include "cursor/info.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace lmjet::cursor {
namespace {

// esent.dll's default density (ulFILEDefaultDensity), stored for a table
// or index created with density 0.
constexpr unsigned long kDefaultDensity = 80;

// JET_INDEXLIST as esent.dll first defined it, without columnidLCMapFlags:
// the smallest buffer its list levels accept (jetapi.cxx).
constexpr unsigned long kIndexListMin =
    offsetof(JET_INDEXLIST, columnidLCMapFlags);

// Writes an integer esent.dll returns as 32 bits: as `unsigned long` if
// `cb` holds one, else in 32 bits, else in 16 (the caller checked the
// level's minimum).
void PutInteger(void* out, unsigned long cb, unsigned long value) {
  if (cb >= sizeof(unsigned long)) {
    std::memcpy(out, &value, sizeof(value));
  } else if (cb >= sizeof(uint32_t)) {
    const uint32_t v = static_cast<uint32_t>(value);
    std::memcpy(out, &v, sizeof(v));
  } else {
    const uint16_t v = static_cast<uint16_t>(value);
    std::memcpy(out, &v, sizeof(v));
  }
}

void PutShort(void* out, unsigned long value) {
  const unsigned short v = static_cast<unsigned short>(value);
  std::memcpy(out, &v, sizeof(v));
}

// A name given to an info call: NULL or "" is the empty name, anything else
// must pass esent.dll's name rules.
Status CheckedName(const char* name, std::string* checked) {
  checked->clear();
  if (name == nullptr || *name == '\0') return Status::Ok();
  return engine::CheckName(name, checked);
}

// The column's grbit as info.cxx ErrINFOGetTableColumnInfo reports it.
JET_GRBIT ReportedColumnGrbit(const engine::ColumnDef& column, bool updatable) {
  JET_GRBIT grbit = 0;
  switch (column.column_class()) {
    case engine::ColumnClass::kFixed:
      grbit = JET_bitColumnFixed;
      break;
    case engine::ColumnClass::kVariable:
      break;
    case engine::ColumnClass::kTagged:
      grbit = JET_bitColumnTagged;
      break;
  }
  if (updatable) grbit |= JET_bitColumnUpdatable;
  constexpr JET_GRBIT kKept =
      JET_bitColumnNotNULL | JET_bitColumnAutoincrement | JET_bitColumnVersion |
      JET_bitColumnMultiValued | JET_bitColumnEscrowUpdate |
      JET_bitColumnFinalize | JET_bitColumnDeleteOnZero |
      JET_bitColumnUserDefinedDefault | JET_bitColumnCompressed |
      JET_bitColumnEncrypted;
  return grbit | (column.grbit & kKept);
}

// Copies `text` and its NUL into a fixed-size name field.
template <size_t N>
void PutName(char (&field)[N], const std::string& text) {
  const size_t n = text.size() < N ? text.size() : N - 1;
  std::memcpy(field, text.data(), n);
  field[n] = '\0';
}

// The number esent.dll counts for JET_IdxInfoCount: the clustered index
// (primary or sequential) and every secondary index.
unsigned long IndexCount(const engine::TableDef& table) {
  unsigned long secondary = 0;
  for (const engine::IndexDef& index : table.indexes) {
    if (!(index.grbit & JET_bitIndexPrimary)) ++secondary;
  }
  return 1 + secondary;
}

// JET_OBJECTINFO.grbit of a table: what esent.dll reports for every table.
JET_GRBIT TableInfoGrbit(bool updatable) {
  return JET_bitTableInfoBookmark | JET_bitTableInfoRollback |
         (updatable ? JET_bitTableInfoUpdatable : 0);
}

JET_GRBIT ObjectFlags(const engine::TableDef& table) {
  if (table.grbit & JET_bitTableCreateTemplateTable) {
    return JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL;
  }
  return (table.grbit & JET_bitTableCreateFixedDDL) ? JET_bitObjectTableFixedDDL
                                                    : 0;
}

// --- List tables: esent.dll's column definitions (info.cxx) ---------------

constexpr JET_COLUMNDEF ListColumn(JET_COLTYP coltyp, JET_GRBIT grbit) {
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(JET_COLUMNDEF);
  def.coltyp = coltyp;
  def.grbit = grbit;
  return def;
}

// esent.dll's private JET_ColInfoGrbitCompacting: JET_ColInfoList with it
// is JET_ColInfoListCompact (info.cxx).
constexpr unsigned long kColumnInfoGrbitCompacting = 0x10000000;

constexpr JET_GRBIT kFixed = JET_bitColumnFixed;
constexpr JET_GRBIT kKey = JET_bitColumnTTKey;

// JET_COLUMNLIST's columns, in this order.
enum ColumnListColumn {
  kPresentationOrder,
  kColumnName,
  kColumnId,
  kColumnType,
  kColumnCountry,
  kColumnLangid,
  kColumnCp,
  kColumnCollate,
  kColumnCbMax,
  kColumnGrbit,
  kColumnDefault,
  kColumnBaseTableName,
  kColumnBaseColumnName,
  kColumnListColumns
};

constexpr JET_COLUMNDEF kColumnListDefs[kColumnListColumns] = {
    ListColumn(JET_coltypLong, kFixed | kKey),
    ListColumn(JET_coltypText, kKey),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLongBinary, 0),
    ListColumn(JET_coltypText, 0),
    ListColumn(JET_coltypText, 0),
};

// JET_ColInfoListCompact: no key (rows stay in columnid order) and a
// Binary default.
constexpr JET_COLUMNDEF kCompactColumnListDefs[kColumnListColumns] = {
    ListColumn(JET_coltypLong, kFixed),  ListColumn(JET_coltypText, 0),
    ListColumn(JET_coltypLong, kFixed),  ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypShort, kFixed), ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed), ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypLong, kFixed),  ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypBinary, 0),     ListColumn(JET_coltypText, 0),
    ListColumn(JET_coltypText, 0),
};

// JET_INDEXLIST's columns, in this order.
enum IndexListColumn {
  kIndexName,
  kIndexGrbit,
  kIndexCKey,
  kIndexCEntry,
  kIndexCPage,
  kIndexCColumn,
  kIndexIColumn,
  kIndexColumnId,
  kIndexColumnType,
  kIndexCountry,
  kIndexLangid,
  kIndexCp,
  kIndexCollate,
  kIndexColumnGrbit,
  kIndexColumnName,
  kIndexLCMapFlags,
  kIndexListColumns
};

constexpr JET_COLUMNDEF kIndexListDefs[kIndexListColumns] = {
    ListColumn(JET_coltypText, kKey),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed | kKey),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypShort, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypText, 0),
    ListColumn(JET_coltypLong, kFixed),
};

// JET_OBJECTLIST's columns, in this order.
enum ObjectListColumn {
  kObjectContainer,
  kObjectName,
  kObjectType,
  kObjectDtCreate,
  kObjectDtUpdate,
  kObjectCRecord,
  kObjectCPage,
  kObjectGrbit,
  kObjectFlags,
  kObjectListColumns
};

constexpr JET_COLUMNDEF kObjectListDefs[kObjectListColumns] = {
    ListColumn(JET_coltypText, kKey),
    ListColumn(JET_coltypText, kKey),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypDateTime, kFixed),
    ListColumn(JET_coltypDateTime, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
    ListColumn(JET_coltypLong, kFixed),
};

static_assert(kIndexListColumns <= kListColumnsMost &&
                  kColumnListColumns <= kListColumnsMost &&
                  kObjectListColumns <= kListColumnsMost,
              "kListColumnsMost");

// The only container esent.dll knows.
constexpr char kTablesContainer[] = "Tables";

// Appends rows to a ListTable, one cell at a time, in esent.dll's sizes.
class RowWriter {
 public:
  RowWriter(ListTable* list, ListTable::Kind kind, const JET_COLUMNDEF* columns,
            unsigned long count)
      : list_(list) {
    list->kind = kind;
    list->columns = columns;
    list->column_count = count;
    list->cells.clear();
  }

  // Starts a row of NULLs.
  void NewRow() {
    row_ = list_->cells.size();
    list_->cells.resize(row_ + list_->column_count);
  }
  // Text (without its NUL) or binary data.
  void Bytes(int column, const std::string& bytes) {
    list_->cells[row_ + column] = bytes;
  }
  void Long(int column, uint32_t value) { Integer(column, value); }
  void Short(int column, uint16_t value) { Integer(column, value); }

 private:
  template <typename T>
  void Integer(int column, T value) {
    list_->cells[row_ + column].emplace(reinterpret_cast<const char*>(&value),
                                        sizeof(value));
  }

  ListTable* list_;
  size_t row_ = 0;
};

// A JET_*LIST with its first three fields set.
template <typename ListResult>
ListResult ListHeader(const ListTable& list, JET_TABLEID tableid) {
  ListResult out{};
  out.cbStruct = sizeof(ListResult);
  out.tableid = tableid;
  out.cRecord = list.row_count();
  return out;
}

// A column of `table` by id, deleted or not (an index keeps its columns).
const engine::ColumnDef* AnyColumn(const engine::TableDef& table,
                                   JET_COLUMNID columnid) {
  for (const engine::ColumnDef& column : table.columns) {
    if (column.columnid == columnid) return &column;
  }
  return nullptr;
}

// The index grbit as the catalog keeps it: the bits that describe the
// index, not how it was to be created.
JET_GRBIT ReportedIndexGrbit(const engine::IndexDef& index) {
  constexpr JET_GRBIT kCreationOnly =
      JET_bitIndexLazyFlush | JET_bitIndexEmpty | JET_bitIndexUnversioned |
      JET_bitIndexKeyMost;
  return index.grbit & ~kCreationOnly;
}

}  // namespace

// --- List tables -------------------------------------------------------------

void FillListResult(const ListTable& list, const JET_COLUMNID* ids,
                    JET_TABLEID tableid, void* result) {
  switch (list.kind) {
    case ListTable::Kind::kColumns: {
      JET_COLUMNLIST out = ListHeader<JET_COLUMNLIST>(list, tableid);
      out.columnidPresentationOrder = ids[kPresentationOrder];
      out.columnidcolumnname = ids[kColumnName];
      out.columnidcolumnid = ids[kColumnId];
      out.columnidcoltyp = ids[kColumnType];
      out.columnidCountry = ids[kColumnCountry];
      out.columnidLangid = ids[kColumnLangid];
      out.columnidCp = ids[kColumnCp];
      out.columnidCollate = ids[kColumnCollate];
      out.columnidcbMax = ids[kColumnCbMax];
      out.columnidgrbit = ids[kColumnGrbit];
      out.columnidDefault = ids[kColumnDefault];
      out.columnidBaseTableName = ids[kColumnBaseTableName];
      out.columnidBaseColumnName = ids[kColumnBaseColumnName];
      // esent.dll names the definition by the column's name.
      out.columnidDefinitionName = ids[kColumnName];
      std::memcpy(result, &out, sizeof(out));
      return;
    }
    case ListTable::Kind::kIndexes: {
      JET_INDEXLIST out = ListHeader<JET_INDEXLIST>(list, tableid);
      // The old structure, without columnidLCMapFlags, if that is all
      // the caller has room for (the caller checked kIndexListMin).
      if (list.result_size < sizeof(JET_INDEXLIST)) {
        out.cbStruct = kIndexListMin;
      }
      out.columnidindexname = ids[kIndexName];
      out.columnidgrbitIndex = ids[kIndexGrbit];
      out.columnidcKey = ids[kIndexCKey];
      out.columnidcEntry = ids[kIndexCEntry];
      out.columnidcPage = ids[kIndexCPage];
      out.columnidcColumn = ids[kIndexCColumn];
      out.columnidiColumn = ids[kIndexIColumn];
      out.columnidcolumnid = ids[kIndexColumnId];
      out.columnidcoltyp = ids[kIndexColumnType];
      out.columnidCountry = ids[kIndexCountry];
      out.columnidLangid = ids[kIndexLangid];
      out.columnidCp = ids[kIndexCp];
      out.columnidCollate = ids[kIndexCollate];
      out.columnidgrbitColumn = ids[kIndexColumnGrbit];
      out.columnidcolumnname = ids[kIndexColumnName];
      out.columnidLCMapFlags = ids[kIndexLCMapFlags];
      std::memcpy(result, &out, out.cbStruct);
      return;
    }
    case ListTable::Kind::kObjects: {
      JET_OBJECTLIST out = ListHeader<JET_OBJECTLIST>(list, tableid);
      out.columnidcontainername = ids[kObjectContainer];
      out.columnidobjectname = ids[kObjectName];
      out.columnidobjtyp = ids[kObjectType];
      out.columniddtCreate = ids[kObjectDtCreate];
      out.columniddtUpdate = ids[kObjectDtUpdate];
      out.columnidgrbit = ids[kObjectGrbit];
      out.columnidflags = ids[kObjectFlags];
      out.columnidcRecord = ids[kObjectCRecord];
      out.columnidcPage = ids[kObjectCPage];
      std::memcpy(result, &out, sizeof(out));
      return;
    }
  }
}

// --- Columns ---------------------------------------------------------------

Status CheckColumnInfoLevel(unsigned long level, unsigned long cb) {
  unsigned long min = 0;
  switch (level & ~kColumnInfoGrbitMask) {
    case JET_ColInfo:
    case JET_ColInfoByColid:
      min = sizeof(JET_COLUMNDEF);
      break;
    case JET_ColInfoList:
    case JET_ColInfoListCompact:
    case JET_ColInfoListSortColumnid:
      min = sizeof(JET_COLUMNLIST);
      break;
    case JET_ColInfoBase:
    case JET_ColInfoBaseByColid:
      min = sizeof(JET_COLUMNBASE_A);
      break;
    case JET_ColInfoSysTabCursor:
      return Status(JET_errFeatureNotAvailable);
    default:
      return Status(JET_errInvalidParameter, "unknown column info level");
  }
  return cb < min ? Status(JET_errBufferTooSmall) : Status::Ok();
}

Status GetColumnInfo(const engine::TableDef& table, const char* name_or_id,
                     bool updatable, void* result, unsigned long cb,
                     unsigned long level) {
  LMJET_RETURN_IF_ERROR(CheckColumnInfoLevel(level, cb));
  level &= ~kColumnInfoGrbitMask;
  const bool by_id =
      level == JET_ColInfoByColid || level == JET_ColInfoBaseByColid;
  std::string name;
  if (!by_id) LMJET_RETURN_IF_ERROR(CheckedName(name_or_id, &name));
  if (IsColumnListLevel(level)) {
    return Status(JET_errInvalidParameter, "a list level: BuildColumnList");
  }
  if (result == nullptr) return Status(JET_errInvalidParameter);

  const engine::ColumnDef* column = nullptr;
  if (by_id) {
    if (name_or_id != nullptr) {
      JET_COLUMNID columnid;
      std::memcpy(&columnid, name_or_id, sizeof(columnid));
      column = table.FindColumn(columnid);
    }
  } else if (!name.empty()) {
    column = table.FindColumn(name);
  }
  if (column == nullptr) return Status(JET_errColumnNotFound);

  const JET_GRBIT grbit = ReportedColumnGrbit(*column, updatable);
  if (level == JET_ColInfo || level == JET_ColInfoByColid) {
    JET_COLUMNDEF out{};
    out.cbStruct = sizeof(out);
    out.columnid = column->columnid;
    out.coltyp = column->coltyp;
    out.wCountry = kInfoCountry;
    out.langid = kInfoLangid;
    out.cp = column->cp;
    out.wCollate = 0;
    out.cbMax = column->cb_max;
    out.grbit = grbit;
    std::memcpy(result, &out, sizeof(out));
  } else {
    JET_COLUMNBASE_A out{};
    out.cbStruct = sizeof(out);
    out.columnid = column->columnid;
    out.coltyp = column->coltyp;
    out.wCountry = kInfoCountry;
    out.langid = kInfoLangid;
    out.cp = column->cp;
    out.wFiller = 0;
    out.cbMax = column->cb_max;
    out.grbit = grbit;
    PutName(out.szBaseTableName, table.name);
    PutName(out.szBaseColumnName, column->name);
    std::memcpy(result, &out, sizeof(out));
  }
  return Status::Ok();
}

bool IsColumnListLevel(unsigned long level) {
  switch (level & ~kColumnInfoGrbitMask) {
    case JET_ColInfoList:
    case JET_ColInfoListCompact:
    case JET_ColInfoListSortColumnid:
      return true;
    default:
      return false;
  }
}

Status BuildColumnList(const engine::TableDef& table, const char* column_name,
                       bool updatable, unsigned long level, ListTable* list) {
  std::string unused;
  LMJET_RETURN_IF_ERROR(CheckedName(column_name, &unused));
  const unsigned long base = level & ~kColumnInfoGrbitMask;
  const bool compact =
      base == JET_ColInfoListCompact || (level & kColumnInfoGrbitCompacting);
  const bool by_columnid = base == JET_ColInfoListSortColumnid ||
                           (level & JET_ColInfoGrbitSortByColumnid);
  const bool minimal = level & JET_ColInfoGrbitMinimalInfo;

  // By columnid: the order of the compact list, which has no key.
  std::vector<const engine::ColumnDef*> columns;
  columns.reserve(table.columns.size());
  for (const engine::ColumnDef& column : table.columns) {
    if (!column.deleted) columns.push_back(&column);
  }
  std::sort(columns.begin(), columns.end(),
            [](const engine::ColumnDef* a, const engine::ColumnDef* b) {
              return a->columnid < b->columnid;
            });

  RowWriter rows(list, ListTable::Kind::kColumns,
                 compact ? kCompactColumnListDefs : kColumnListDefs,
                 kColumnListColumns);
  for (const engine::ColumnDef* column : columns) {
    rows.NewRow();
    const uint32_t columnid = static_cast<uint32_t>(column->columnid);
    if (by_columnid) rows.Long(kPresentationOrder, columnid);
    rows.Bytes(kColumnName, column->name);
    rows.Long(kColumnId, columnid);
    if (minimal) continue;
    rows.Long(kColumnType, static_cast<uint32_t>(column->coltyp));
    rows.Short(kColumnCountry, kInfoCountry);
    rows.Short(kColumnLangid, kInfoLangid);
    rows.Short(kColumnCp, column->cp);
    rows.Short(kColumnCollate, 0);
    rows.Long(kColumnCbMax, column->cb_max);
    rows.Long(kColumnGrbit,
              static_cast<uint32_t>(ReportedColumnGrbit(*column, updatable)));
    if (column->has_default && !column->default_value.empty()) {
      rows.Bytes(kColumnDefault, column->default_value);
    }
    rows.Bytes(kColumnBaseTableName, table.name);
    rows.Bytes(kColumnBaseColumnName, column->name);
  }
  return Status::Ok();
}

// --- Indexes ---------------------------------------------------------------

Status CheckIndexInfoLevel(unsigned long level, unsigned long cb) {
  unsigned long min = 0;
  switch (level) {
    case JET_IdxInfo:
    case JET_IdxInfoList:
      min = kIndexListMin;
      break;
    case JET_IdxInfoSpaceAlloc:
    case JET_IdxInfoCount:
      min = sizeof(uint32_t);
      break;
    case JET_IdxInfoLCID:
    case JET_IdxInfoVarSegMac:
    case JET_IdxInfoKeyMost:
      min = sizeof(unsigned short);
      break;
    case JET_IdxInfoIndexId:
      min = sizeof(JET_INDEXID);
      break;
    case JET_IdxInfoCreateIndex:
      min = sizeof(JET_INDEXCREATE_A);
      break;
    case JET_IdxInfoCreateIndex2:
      min = sizeof(JET_INDEXCREATE2_A);
      break;
    case JET_IdxInfoSysTabCursor:
    case JET_IdxInfoOLC:
    case JET_IdxInfoResetOLC:
      return Status(JET_errFeatureNotAvailable);
    default:
      return Status(JET_errInvalidParameter, "unknown index info level");
  }
  return cb < min ? Status(JET_errBufferTooSmall) : Status::Ok();
}

Status GetIndexInfo(const engine::TableDef& table, const char* index_name,
                    void* result, unsigned long cb, unsigned long level) {
  LMJET_RETURN_IF_ERROR(CheckIndexInfoLevel(level, cb));
  std::string name;
  LMJET_RETURN_IF_ERROR(CheckedName(index_name, &name));
  switch (level) {
    case JET_IdxInfo:
    case JET_IdxInfoList:
      return Status(JET_errInvalidParameter, "a list level: BuildIndexList");
    case JET_IdxInfoCreateIndex:
    case JET_IdxInfoCreateIndex2:
      return Status(JET_errFeatureNotAvailable);
    default:
      break;
  }
  if (result == nullptr) return Status(JET_errInvalidParameter);
  if (level == JET_IdxInfoCount) {
    PutInteger(result, cb, IndexCount(table));
    return Status::Ok();
  }

  const engine::IndexDef* index =
      name.empty() ? nullptr : table.FindIndex(name);
  if (index == nullptr) return Status(JET_errIndexNotFound);
  switch (level) {
    case JET_IdxInfoSpaceAlloc:
      PutInteger(result, cb,
                 index->density == 0 ? kDefaultDensity : index->density);
      break;
    case JET_IdxInfoLCID: {
      const unsigned long lcid =
          index->lcid == 0 ? kInfoDefaultLcid : index->lcid;
      // A LANGID is the low word of its LCID.
      PutInteger(result, cb, cb < sizeof(uint32_t) ? (lcid & 0xFFFF) : lcid);
      break;
    }
    case JET_IdxInfoVarSegMac:
      PutShort(result, JET_cbKeyMost);
      break;
    case JET_IdxInfoKeyMost:
      PutShort(result, index->cb_key_most);
      break;
    case JET_IdxInfoIndexId: {
      JET_INDEXID out{};
      out.cbStruct = sizeof(out);
      const JET_API_PTR table_id = table.table_id;
      const unsigned long index_id = index->index_id;
      std::memcpy(out.rgbIndexId, &table_id, sizeof(table_id));
      std::memcpy(out.rgbIndexId + sizeof(table_id), &index_id,
                  sizeof(index_id));
      std::memcpy(result, &out, sizeof(out));
      break;
    }
    default:
      return Status(JET_errInternalError);
  }
  return Status::Ok();
}

bool IsIndexListLevel(unsigned long level) {
  return level == JET_IdxInfo || level == JET_IdxInfoList;
}

Status BuildIndexList(const engine::TableDef& table, const char* index_name,
                      unsigned long cb, ListTable* list) {
  std::string name;
  LMJET_RETURN_IF_ERROR(CheckedName(index_name, &name));
  const engine::IndexDef* named = nullptr;
  if (!name.empty()) {
    named = table.FindIndex(name);
    if (named == nullptr) return Status(JET_errIndexNotFound);
  }
  RowWriter rows(list, ListTable::Kind::kIndexes, kIndexListDefs,
                 kIndexListColumns);
  list->result_size = cb;
  for (const engine::IndexDef& index : table.indexes) {
    if (named != nullptr && &index != named) continue;
    const unsigned long lcid = index.lcid == 0 ? kInfoDefaultLcid : index.lcid;
    const uint32_t segments = static_cast<uint32_t>(index.segments.size());
    for (uint32_t i = 0; i < segments; ++i) {
      const engine::IndexSegment& segment = index.segments[i];
      const engine::ColumnDef* column = AnyColumn(table, segment.columnid);
      if (column == nullptr) return Status(JET_errIndexInvalidDef);
      rows.NewRow();
      rows.Bytes(kIndexName, index.name);
      rows.Long(kIndexGrbit, static_cast<uint32_t>(ReportedIndexGrbit(index)));
      rows.Long(kIndexCKey, 0);
      rows.Long(kIndexCEntry, 0);
      rows.Long(kIndexCPage, 0);
      rows.Long(kIndexCColumn, segments);
      rows.Long(kIndexIColumn, i);
      rows.Long(kIndexColumnId, static_cast<uint32_t>(column->columnid));
      rows.Long(kIndexColumnType, static_cast<uint32_t>(column->coltyp));
      rows.Short(kIndexCountry, kInfoCountry);
      // A LANGID is the low word of its LCID.
      rows.Short(kIndexLangid, static_cast<uint16_t>(lcid & 0xFFFF));
      rows.Short(kIndexCp, column->cp);
      rows.Short(kIndexCollate, 0);
      rows.Long(kIndexColumnGrbit, segment.descending ? JET_bitKeyDescending
                                                      : JET_bitKeyAscending);
      rows.Bytes(kIndexColumnName, column->name);
      rows.Long(kIndexLCMapFlags, kInfoLCMapFlags);
    }
  }
  return Status::Ok();
}

// --- Tables ----------------------------------------------------------------

Status GetTableInfo(const engine::TableDef& table, JET_DBID dbid,
                    bool updatable, void* result, unsigned long cb,
                    unsigned long level) {
  switch (level) {
    case JET_TblInfo:
      return FillObjectInfo(table, updatable, result, cb);
    case JET_TblInfoName:
      if (table.name.size() >= cb) return Status(JET_errBufferTooSmall);
      if (result == nullptr) return Status(JET_errInvalidParameter);
      std::memcpy(result, table.name.c_str(), table.name.size() + 1);
      return Status::Ok();
    case JET_TblInfoDbid:
      if (cb < sizeof(JET_DBID)) return Status(JET_errBufferTooSmall);
      if (result == nullptr) return Status(JET_errInvalidParameter);
      std::memcpy(result, &dbid, sizeof(dbid));
      return Status::Ok();
    case JET_TblInfoSpaceAlloc: {
      // esent.dll writes two ULONGs without checking cbMax.
      if (cb < 2 * sizeof(uint32_t)) return Status(JET_errBufferTooSmall);
      if (result == nullptr) return Status(JET_errInvalidParameter);
      const unsigned long half = cb / 2;
      PutInteger(result, half, table.pages);
      PutInteger(static_cast<char*>(result) + (half >= sizeof(unsigned long)
                                                   ? sizeof(unsigned long)
                                                   : sizeof(uint32_t)),
                 half, table.density == 0 ? kDefaultDensity : table.density);
      return Status::Ok();
    }
    case JET_TblInfoTemplateTableName:
      if (cb <= JET_cbNameMost) return Status(JET_errBufferTooSmall);
      if (result == nullptr) return Status(JET_errInvalidParameter);
      *static_cast<char*>(result) = '\0';
      return Status::Ok();
    default:
      return Status(JET_errFeatureNotAvailable, "table info level");
  }
}

// --- Objects ---------------------------------------------------------------

Status CheckObjectInfoLevel(unsigned long level, unsigned long cb) {
  unsigned long min = 0;
  switch (level) {
    case JET_ObjInfo:
    case JET_ObjInfoNoStats:
      min = sizeof(JET_OBJECTINFO);
      break;
    case JET_ObjInfoList:
    case JET_ObjInfoListNoStats:
      min = sizeof(JET_OBJECTLIST);
      break;
    case JET_ObjInfoSysTabCursor:
    case JET_ObjInfoSysTabReadOnly:
    case JET_ObjInfoListACM:
    case JET_ObjInfoRulesLoaded:
      return Status(JET_errFeatureNotAvailable);
    default:
      return Status(JET_errInvalidParameter, "unknown object info level");
  }
  return cb < min ? Status(JET_errBufferTooSmall) : Status::Ok();
}

Status CheckObjectNames(unsigned long level, const char* container,
                        const char* object, std::string* table_name) {
  std::string checked;
  LMJET_RETURN_IF_ERROR(CheckedName(container, &checked));
  if (!checked.empty() && !engine::SameName(checked, kTablesContainer)) {
    return Status(JET_errObjectNotFound, "the only container is Tables");
  }
  LMJET_RETURN_IF_ERROR(CheckedName(object, table_name));
  if (!IsObjectListLevel(level) && table_name->empty()) {
    return Status(JET_errObjectNotFound);
  }
  return Status::Ok();
}

Status FillObjectInfo(const engine::TableDef& table, bool updatable,
                      void* result, unsigned long cb) {
  if (cb < sizeof(JET_OBJECTINFO)) return Status(JET_errBufferTooSmall);
  if (result == nullptr) return Status(JET_errInvalidParameter);
  JET_OBJECTINFO out{};
  out.cbStruct = sizeof(out);
  out.objtyp = JET_objtypTable;
  out.dtCreate = 0;
  out.dtUpdate = 0;
  out.grbit = TableInfoGrbit(updatable);
  out.flags = ObjectFlags(table);
  out.cRecord = 0;
  out.cPage = 0;
  std::memcpy(result, &out, sizeof(out));
  return Status::Ok();
}

bool IsObjectListLevel(unsigned long level) {
  return level == JET_ObjInfoList || level == JET_ObjInfoListNoStats;
}

void BuildObjectList(const std::vector<engine::TableDef>& tables,
                     JET_OBJTYP objtyp, bool updatable, ListTable* list) {
  RowWriter rows(list, ListTable::Kind::kObjects, kObjectListDefs,
                 kObjectListColumns);
  // Tables are the only objects.
  if (objtyp != JET_objtypNil && objtyp != JET_objtypTable) return;
  const JET_GRBIT grbit = TableInfoGrbit(updatable);
  for (const engine::TableDef& table : tables) {
    rows.NewRow();
    rows.Bytes(kObjectContainer, kTablesContainer);
    rows.Bytes(kObjectName, table.name);
    rows.Long(kObjectType, JET_objtypTable);
    rows.Long(kObjectCRecord, 0);
    rows.Long(kObjectCPage, 0);
    rows.Long(kObjectGrbit, static_cast<uint32_t>(grbit));
    rows.Long(kObjectFlags, static_cast<uint32_t>(ObjectFlags(table)));
  }
}

}  // namespace lmjet::cursor
