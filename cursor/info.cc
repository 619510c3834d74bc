#include "cursor/info.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

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

JET_GRBIT ObjectFlags(const engine::TableDef& table) {
  if (table.grbit & JET_bitTableCreateTemplateTable) {
    return JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL;
  }
  return (table.grbit & JET_bitTableCreateFixedDDL) ? JET_bitObjectTableFixedDDL
                                                    : 0;
}

bool IsObjectListLevel(unsigned long level) {
  return level == JET_ObjInfoList || level == JET_ObjInfoListNoStats;
}

}  // namespace

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
  if (level != JET_ColInfo && level != JET_ColInfoByColid &&
      level != JET_ColInfoBase && level != JET_ColInfoBaseByColid) {
    return Status(JET_errFeatureNotAvailable, "column lists need temp tables");
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
      return Status(JET_errFeatureNotAvailable, "index lists need temp tables");
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
  if (!checked.empty() && !engine::SameName(checked, "Tables")) {
    return Status(JET_errObjectNotFound, "the only container is Tables");
  }
  LMJET_RETURN_IF_ERROR(CheckedName(object, table_name));
  if (IsObjectListLevel(level)) {
    return Status(JET_errFeatureNotAvailable, "object lists need temp tables");
  }
  if (table_name->empty()) return Status(JET_errObjectNotFound);
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
  out.grbit = JET_bitTableInfoBookmark | JET_bitTableInfoRollback;
  if (updatable) out.grbit |= JET_bitTableInfoUpdatable;
  out.flags = ObjectFlags(table);
  out.cRecord = 0;
  out.cPage = 0;
  std::memcpy(result, &out, sizeof(out));
  return Status::Ok();
}

}  // namespace lmjet::cursor
