#ifndef LMJET_CURSOR_INFO_H_
#define LMJET_CURSOR_INFO_H_

// The information calls: JetGetTableColumnInfo / JetGetColumnInfo,
// JetGetTableIndexInfo / JetGetIndexInfo, JetGetTableInfo and
// JetGetObjectInfo, for their single-object info levels. Pure functions
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
//   3. Get*Info: the object's name (JET_errInvalidName), the object
//      (JET_errColumnNotFound, JET_errIndexNotFound), then the result.
//
// The list levels (JET_ColInfoList, JET_ColInfoListCompact,
// JET_ColInfoListSortColumnid, JET_IdxInfo, JET_IdxInfoList,
// JET_ObjInfoList, JET_ObjInfoListNoStats) return a temporary table in
// esent.dll. lmjet has no temporary tables yet, so they pass step 1 (with
// esent.dll's minimum sizes) and then return JET_errFeatureNotAvailable, as
// do the levels whose data lmjet does not keep (space usage, index
// creation records).
//
// Integers that esent.dll returns as a 32-bit ULONG, INT or LCID are
// written as `unsigned long` when cbMax holds one (this header's type for
// ULONG on LP64), else as 32 bits (else 16 bits for the LANGID of
// JET_IdxInfoLCID), so callers that pass either size read the right value.

#include <string>

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

// The JET_ColInfoGrbit* bits that may be OR-ed into a column info level
// (jetapi.cxx maskGetColumInfoGrbits, which includes the private
// compacting bit 0x10000000).
inline constexpr unsigned long kColumnInfoGrbitMask = 0xF0000000UL;

// --- JetGetTableColumnInfo / JetGetColumnInfo -----------------------------
// Levels (the grbits of kColumnInfoGrbitMask are ignored):
//   JET_ColInfo, JET_ColInfoByColid          -> JET_COLUMNDEF
//   JET_ColInfoBase, JET_ColInfoBaseByColid  -> JET_COLUMNBASE_A
//   JET_ColInfoList / ListCompact / ListSortColumnid -> (temporary table)
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
// the base table (there are no template tables).
Status GetColumnInfo(const engine::TableDef& table, const char* name_or_id,
                     bool updatable, void* result, unsigned long cb,
                     unsigned long level);

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
//   JET_IdxInfo, JET_IdxInfoList, JET_IdxInfoCreateIndex(2)
//                              -> JET_errFeatureNotAvailable after the
//                              checks (temporary tables / not kept)
//   JET_IdxInfoSysTabCursor, JET_IdxInfoOLC, JET_IdxInfoResetOLC
//                              -> JET_errFeatureNotAvailable
Status CheckIndexInfoLevel(unsigned long level, unsigned long cb);

// `index_name` is compared case-insensitively. As in esent.dll, NULL or ""
// names no index (the per-index levels look the name up, and the
// sequential clustered index has none): JET_errIndexNotFound.
Status GetIndexInfo(const engine::TableDef& table, const char* index_name,
                    void* result, unsigned long cb, unsigned long level);

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
// Levels: JET_ObjInfo, JET_ObjInfoNoStats (JET_OBJECTINFO); the list levels
// (JET_OBJECTLIST) -> JET_errFeatureNotAvailable after the checks;
// JET_ObjInfoSysTabCursor, SysTabReadOnly, ListACM, RulesLoaded ->
// JET_errFeatureNotAvailable.
Status CheckObjectInfoLevel(unsigned long level, unsigned long cb);

// The names of a JetGetObjectInfo request (info.cxx ErrIsamGetObjectInfo):
// a container, if given, must be "Tables" (case-insensitive; another ->
// JET_errObjectNotFound); a malformed name -> JET_errInvalidName. Then the
// list levels -> JET_errFeatureNotAvailable, and a NULL or "" object ->
// JET_errObjectNotFound. `*table_name` gets the table to look up. The
// object type is not checked for the single-object levels, as in esent.dll.
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

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_INFO_H_
