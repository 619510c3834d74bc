#ifndef LMJET_CURSOR_INFO_H_
#define LMJET_CURSOR_INFO_H_

// The information calls: JetGetTableColumnInfo / JetGetColumnInfo,
// JetGetTableIndexInfo / JetGetIndexInfo, JetGetTableInfo and
// JetGetObjectInfo. Pure functions
// that check a request the way esent.dll does (jetapi.cxx, then info.cxx)
// and fill the JET structures from a table definition; the entry points in
// api/jet_info.cc find the definition (the cursor's table, or the table
// named by dbid and name as the session sees it) and call them in this
// order:
//
//   1. Check*InfoLevel: the level and the buffer size. Unknown level ->
//      JET_errInvalidParameter; a level esent.dll knows but does not serve
//      -> JET_errFeatureNotAvailable; cbMax below the level's minimum ->
//      JET_errBufferTooSmall (jetapi.cxx checks these before anything is
//      looked up, so a bad level wins over an unknown table).
//   2. The table lookup (JET_errObjectNotFound, JET_errInvalidName).
//   3. Get*Info / Build*List: the object's name (JET_errInvalidName), the
//      object (JET_errColumnNotFound, JET_errIndexNotFound), then the
//      result.
//
// The list levels (JET_ColInfoList, JET_ColInfoListCompact,
// JET_ColInfoListSortColumnid, JET_IdxInfo, JET_IdxInfoList,
// JET_ObjInfoList, JET_ObjInfoListNoStats) return a temporary table, as in
// esent.dll: Build*List describes it (a ListTable: esent.dll's column
// definitions for the level and the rows), the session materializes it
// (Session::OpenListTable) and FillListResult writes the JET_*LIST
// structure that names it. The levels whose data lmjet does not keep
// (space usage, index creation records) pass step 1 and then return
// JET_errFeatureNotAvailable.
//
// Integers that esent.dll returns as a 32-bit ULONG, INT or LCID are
// written as `unsigned long` when cbMax holds one (this header's type for
// ULONG on LP64), else as 32 bits (else 16 bits for the LANGID of
// JET_IdxInfoLCID), so callers that pass either size read the right value.

#include <optional>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "engine/schema.h"

namespace lmjet::cursor {

// What esent.dll reports for a column's country and language and for an
// index's locale when the instance keeps its default locale (en-US).
// lmjet stores neither.
inline constexpr unsigned short kInfoCountry = 1;
inline constexpr unsigned short kInfoLangid = 0x0409;
inline constexpr unsigned long kInfoDefaultLcid = 0x0409;
// The LCMapString flags esent.dll reports for an index's text: its
// instance default (LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE |
// NORM_IGNOREWIDTH). lmjet accepts and ignores an index's own.
inline constexpr unsigned long kInfoLCMapFlags = 0x00030401;

// The JET_ColInfoGrbit* bits that may be OR-ed into a column info level
// (jetapi.cxx maskGetColumInfoGrbits, which includes the private
// compacting bit 0x10000000).
inline constexpr unsigned long kColumnInfoGrbitMask = 0xF0000000UL;

// --- List tables ---------------------------------------------------------
// What a list level returns: a temporary table with esent.dll's columns for
// the level (info.cxx), in esent.dll's order, of esent.dll's types, its
// JET_bitColumnTTKey columns ordering the rows; and its rows. Integers are
// stored in esent.dll's sizes (Long: 4 bytes, Short: 2), names as text
// without their NUL.
struct ListTable {
  enum class Kind { kColumns, kIndexes, kObjects };

  Kind kind = Kind::kColumns;
  const JET_COLUMNDEF* columns = nullptr;  // static definitions
  unsigned long column_count = 0;
  // Row after row, column_count cells each; nullopt is NULL.
  std::vector<std::optional<std::string>> cells;
  // The caller's cbMax (JET_INDEXLIST has a shorter old form).
  unsigned long result_size = 0;

  unsigned long row_count() const {
    return static_cast<unsigned long>(cells.size() / column_count);
  }
};

// The most columns a list table has.
inline constexpr unsigned long kListColumnsMost = 16;

// Writes the JET_COLUMNLIST, JET_INDEXLIST or JET_OBJECTLIST of `list`,
// whose table `tableid` has columns `columnids` (in list.columns' order):
// cbStruct, tableid, cRecord (the row count) and every columnid field.
// The caller checked the result's size (Check*InfoLevel) and pointer.
void FillListResult(const ListTable& list, const JET_COLUMNID* columnids,
                    JET_TABLEID tableid, void* result);

// --- JetGetTableColumnInfo / JetGetColumnInfo -----------------------------
// Levels (the grbits of kColumnInfoGrbitMask are ignored):
//   JET_ColInfo, JET_ColInfoByColid          -> JET_COLUMNDEF
//   JET_ColInfoBase, JET_ColInfoBaseByColid  -> JET_COLUMNBASE_A
//   JET_ColInfoList / ListCompact / ListSortColumnid -> JET_COLUMNLIST
//                                               (BuildColumnList)
//   JET_ColInfoSysTabCursor                  -> JET_errFeatureNotAvailable
Status CheckColumnInfoLevel(unsigned long level, unsigned long cb);

// `name_or_id` is the column's name for JET_ColInfo / JET_ColInfoBase
// (case-insensitive; NULL or "" -> JET_errColumnNotFound; a malformed name
// -> JET_errInvalidName), and points to a JET_COLUMNID for the ByColid
// levels (NULL -> JET_errColumnNotFound). `updatable`: the caller's cursor
// may update the table (esent.dll then reports JET_bitColumnUpdatable; the
// dbid form never does). The reported grbit is the column's storage class
// (JET_bitColumnFixed, nothing for variable, JET_bitColumnTagged for tagged
// and long-value columns) plus the column's NotNULL, Autoincrement,
// Version, MultiValued, EscrowUpdate, Finalize, DeleteOnZero,
// UserDefinedDefault, Compressed and Encrypted bits (info.cxx
// ErrINFOGetTableColumnInfo). JET_COLUMNBASE_A names the table itself as
// the base table (there are no template tables). The list levels are
// BuildColumnList's: here they give JET_errInvalidParameter.
Status GetColumnInfo(const engine::TableDef& table, const char* name_or_id,
                     bool updatable, void* result, unsigned long cb,
                     unsigned long level);

// True for JET_ColInfoList, JET_ColInfoListCompact and
// JET_ColInfoListSortColumnid (with any JET_ColInfoGrbit* bits).
bool IsColumnListLevel(unsigned long level);

// The column list of `table` (a list level): one row per column, with the
// columns of JET_COLUMNLIST. JET_ColInfoList orders them by name
// (PresentationOrder NULL, then ColumnName, is the key);
// JET_ColInfoListSortColumnid or JET_ColInfoGrbitSortByColumnid by
// columnid (PresentationOrder holds the columnid); JET_ColInfoListCompact
// (or JET_ColInfoList with esent.dll's private compacting bit 0x10000000)
// has no key and lists the columns by columnid (fixed, variable, tagged;
// its Default column is Binary, not LongBinary). Each row: ColumnName,
// Columnid, Coltyp, Country (kInfoCountry), Langid (kInfoLangid), Cp,
// Collate (0), cbMax, grbit (as GetColumnInfo reports it, with `updatable`),
// Default (the default value, NULL if none), BaseTableName (the table),
// BaseColumnName (the column); JET_ColInfoGrbitMinimalInfo leaves all but
// PresentationOrder, ColumnName and Columnid NULL.
// JET_ColInfoGrbitNonDerivedColumnsOnly changes nothing (no template
// tables). Deleted columns are not listed.
// `column_name` is not used but must be NULL, "" or a valid name
// (JET_errInvalidName), as in esent.dll.
Status BuildColumnList(const engine::TableDef& table, const char* column_name,
                       bool updatable, unsigned long level, ListTable* list);

// --- JetGetTableIndexInfo / JetGetIndexInfo -------------------------------
// Levels and their minimum cbMax (jetapi.cxx):
//   JET_IdxInfoSpaceAlloc  4   the index's density (80 if created with 0)
//   JET_IdxInfoLCID        2   the index's LCID (kInfoDefaultLcid unless one
//                              was stored); a LANGID if cbMax < 4
//   JET_IdxInfoCount       4   1 for the clustered index (primary, or the
//                              sequential one of a table without a primary
//                              index) + the secondary indexes; the name is
//                              ignored
//   JET_IdxInfoVarSegMac   2   unsigned short: JET_cbKeyMost, what
//                              esent.dll reports for an index created
//                              without cbVarSegMac (lmjet keeps no other)
//   JET_IdxInfoKeyMost     2   unsigned short: the index's key limit
//   JET_IdxInfoIndexId     sizeof(JET_INDEXID): cbStruct, then the table's
//                              id in the first sizeof(JET_API_PTR) bytes of
//                              rgbIndexId and the index's id (unique in the
//                              table, never reused) in the next
//                              sizeof(unsigned long); the rest is zero
//   JET_IdxInfo, JET_IdxInfoList
//                              JET_INDEXLIST (BuildIndexList); its size
//                              without columnidLCMapFlags is the minimum
//   JET_IdxInfoCreateIndex(2)  -> JET_errFeatureNotAvailable after the
//                              checks (not kept)
//   JET_IdxInfoSysTabCursor, JET_IdxInfoOLC, JET_IdxInfoResetOLC
//                              -> JET_errFeatureNotAvailable
Status CheckIndexInfoLevel(unsigned long level, unsigned long cb);

// `index_name` is compared case-insensitively. As in esent.dll, NULL or ""
// names no index (the per-index levels look the name up, and the
// sequential clustered index has none): JET_errIndexNotFound.
Status GetIndexInfo(const engine::TableDef& table, const char* index_name,
                    void* result, unsigned long cb, unsigned long level);

// True for JET_IdxInfo and JET_IdxInfoList (both return a JET_INDEXLIST).
bool IsIndexListLevel(unsigned long level);

// The index list of `table`: one row per key segment of every index (NULL
// or "" `index_name`) or of the named one (compared case-insensitively;
// JET_errInvalidName, JET_errIndexNotFound), ordered by index name, then
// segment (IndexName and iColumn are the key). Each row: IndexName,
// grbitIndex (the index's grbit as created, without the creation-only
// LazyFlush, Empty, Unversioned and KeyMost bits; a primary index reports
// Unique), cKey, cEntry and cPage (0: statistics that only JetComputeStats
// records in esent.dll), cColumn (segments), iColumn (from 0), columnid,
// coltyp, Country (kInfoCountry), Langid (of the index's LCID), Cp,
// Collate (0), grbitColumn (JET_bitKeyAscending / JET_bitKeyDescending),
// ColumnName and LCMapFlags (kInfoLCMapFlags). The sequential clustered
// index of a table without a primary index has no definition and no rows.
// `cb` below sizeof(JET_INDEXLIST) gives the old structure without
// columnidLCMapFlags.
Status BuildIndexList(const engine::TableDef& table, const char* index_name,
                      unsigned long cb, ListTable* list);

// --- JetGetTableInfo ------------------------------------------------------
// No separate level check: esent.dll validates inside (info.cxx
// ErrIsamGetTableInfo). Levels:
//   JET_TblInfo            JET_OBJECTINFO (see FillObjectInfo), with
//                          JET_bitTableInfoUpdatable if `updatable`
//   JET_TblInfoName        the name and its NUL; JET_errBufferTooSmall if
//                          they do not fit
//   JET_TblInfoDbid        one JET_DBID (`dbid`)
//   JET_TblInfoSpaceAlloc  two integers: the pages and the density given at
//                          create (density 0 is stored as esent.dll's
//                          default, 80); JET_errBufferTooSmall below two
//                          32-bit integers
//   JET_TblInfoTemplateTableName  "" (no derived tables); cbMax must exceed
//                          JET_cbNameMost
//   anything else          JET_errFeatureNotAvailable (esent.dll's answer
//                          to every level it does not serve, including
//                          unknown ones); lmjet does not serve the space
//                          usage levels
Status GetTableInfo(const engine::TableDef& table, JET_DBID dbid,
                    bool updatable, void* result, unsigned long cb,
                    unsigned long level);

// --- JetGetObjectInfo -----------------------------------------------------
// Levels: JET_ObjInfo, JET_ObjInfoNoStats (JET_OBJECTINFO); JET_ObjInfoList,
// JET_ObjInfoListNoStats (JET_OBJECTLIST, BuildObjectList);
// JET_ObjInfoSysTabCursor, SysTabReadOnly, ListACM, RulesLoaded ->
// JET_errFeatureNotAvailable (esent.dll's jetapi.cxx filters them out).
Status CheckObjectInfoLevel(unsigned long level, unsigned long cb);

// The names of a JetGetObjectInfo request (info.cxx ErrIsamGetObjectInfo):
// a container, if given, must be "Tables" (case-insensitive; another ->
// JET_errObjectNotFound); a malformed name -> JET_errInvalidName. Then, for
// the single-object levels, a NULL or "" object -> JET_errObjectNotFound;
// the list levels ignore the object's name. `*table_name` gets the table to
// look up. The object type is not checked for the single-object levels, as
// in esent.dll.
Status CheckObjectNames(unsigned long level, const char* container,
                        const char* object, std::string* table_name);

// JET_OBJECTINFO of a user table: objtyp JET_objtypTable, grbit
// JET_bitTableInfoBookmark | JET_bitTableInfoRollback (| Updatable), flags
// from the create grbit (JET_bitObjectTableTemplate |
// JET_bitObjectTableFixedDDL for a template table, JET_bitObjectTableFixedDDL
// for fixed DDL), dtCreate and dtUpdate 0 (obsolete). cRecord and cPage are
// the statistics JetComputeStats records in esent.dll's catalog
// (ErrSTATSRetrieveTableStats), not live counts; lmjet has no
// JetComputeStats, so they are 0 (JET_ObjInfoNoStats gives 0 in
// esent.dll too). JET_errBufferTooSmall below sizeof(JET_OBJECTINFO).
Status FillObjectInfo(const engine::TableDef& table, bool updatable,
                      void* result, unsigned long cb);

// True for JET_ObjInfoList and JET_ObjInfoListNoStats.
bool IsObjectListLevel(unsigned long level);

// The object list of a database whose tables are `tables`: for objtyp
// JET_objtypNil or JET_objtypTable one row per table, none for any other
// type; ordered by container, then name (the key). Each row:
// ContainerName "Tables", ObjectName, ObjectType JET_objtypTable, dtCreate
// and dtUpdate NULL (obsolete; esent.dll never sets them), cRecord and
// cPage 0 (FillObjectInfo), grbit JET_bitTableInfoBookmark |
// JET_bitTableInfoRollback (| JET_bitTableInfoUpdatable if `updatable`),
// flags as FillObjectInfo. lmjet has no system tables to list.
void BuildObjectList(const std::vector<engine::TableDef>& tables,
                     JET_OBJTYP objtyp, bool updatable, ListTable* list);

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_INFO_H_
