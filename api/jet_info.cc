// The information entry points: JetGetTableColumnInfo, JetGetColumnInfo,
// JetGetTableIndexInfo, JetGetIndexInfo, JetGetTableInfo and
// JetGetObjectInfo. Each marshals its arguments through the gate to the
// session (which finds the table definition) and cursor/info.h (which
// checks the request and fills the result), in esent.dll's order: handles,
// dbid, level and buffer size, table, object. The list levels return a
// list table that the session opens (Session::OpenListTable).

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "api/esent.h"
#include "api/gate.h"
#include "api/wide.h"
#include "cursor/info.h"
#include "cursor/table.h"
#include "cursor/table_cursor.h"
#include "session/cursor_resource.h"
#include "session/session.h"

using lmjet::Status;
using lmjet::api::CallSession;
using lmjet::api::CallTable;
using lmjet::api::GuardedJetErr;
using lmjet::api::StopService;
using lmjet::cursor::TableInfo;
using lmjet::session::CursorResource;
using lmjet::session::Session;

namespace {

using TablePtr = std::shared_ptr<const TableInfo>;

// The definition of a cursor's table as its session sees it now: the
// cursor itself reloads only on its next navigation or update, but DDL of
// this session (or committed by another) since then, and a rollback of DDL,
// must show at once. A table that is gone from the session's view keeps the
// definition the cursor has.
Status CursorTable(Session& s, CursorResource& c, TablePtr* table) {
  // Temporary tables have no catalog entry: not answered yet.
  if (c.is_temp()) return Status(JET_errIllegalOperation);
  const TableInfo& opened = c.cursor().table();
  Status status =
      s.LoadTable(opened.file->dbid(), opened.def.name.c_str(), table);
  if (status.code() == JET_errObjectNotFound) {
    *table = c.cursor().shared_table();
    return Status::Ok();
  }
  return status;
}

// The code page of the Unicode text columns of the W list levels.
constexpr unsigned short kCpUnicode = 1200;

// A list level's answer (cursor/info.h): `build` describes the list table,
// the session opens it and `result` gets the JET_*LIST that names it. With
// `unicode` (the W functions), every text column of the list -- they all
// hold names -- is Unicode (cp 1200) and its cells UTF-16, as esent.dll's
// W list levels return them (info.cxx rgcolumndef*_W).
template <typename Build>
Status ReturnList(Session& s, void* result, bool unicode, Build build) {
  if (result == nullptr) return Status(JET_errInvalidParameter);
  lmjet::cursor::ListTable list;
  LMJET_RETURN_IF_ERROR(build(&list));
  JET_COLUMNDEF columns[lmjet::cursor::kListColumnsMost];
  std::copy(list.columns, list.columns + list.column_count, columns);
  if (unicode) {
    for (unsigned long c = 0; c < list.column_count; ++c) {
      if (columns[c].coltyp != JET_coltypText) continue;
      columns[c].cp = kCpUnicode;
      for (size_t cell = c; cell < list.cells.size();
           cell += list.column_count) {
        if (!list.cells[cell]) continue;
        const lmjet::api::WideString wide =
            lmjet::api::Windows1252ToWide(*list.cells[cell]);
        list.cells[cell]->assign(reinterpret_cast<const char*>(wide.data()),
                                 wide.size() * sizeof(WCHAR));
      }
    }
  }
  JET_COLUMNID columnids[lmjet::cursor::kListColumnsMost];
  JET_TABLEID tableid = JET_tableidNil;
  LMJET_RETURN_IF_ERROR(s.OpenListTable(columns, list.column_count, list.cells,
                                        columnids, &tableid));
  lmjet::cursor::FillListResult(list, columnids, tableid, result);
  return Status::Ok();
}

// The column information of `table` for any level; `updatable`: the
// caller's cursor may update the table.
Status ColumnInfo(Session& s, const TableInfo& table, const char* name_or_id,
                  bool updatable, void* result, unsigned long cb,
                  unsigned long level, bool unicode) {
  if (!lmjet::cursor::IsColumnListLevel(level)) {
    return lmjet::cursor::GetColumnInfo(table.def, name_or_id, updatable,
                                        result, cb, level);
  }
  return ReturnList(s, result, unicode, [&](lmjet::cursor::ListTable* list) {
    return lmjet::cursor::BuildColumnList(table.def, name_or_id, updatable,
                                          level, list);
  });
}

// The index information of `table` for any level.
Status IndexInfo(Session& s, const TableInfo& table, const char* index_name,
                 void* result, unsigned long cb, unsigned long level,
                 bool unicode) {
  if (!lmjet::cursor::IsIndexListLevel(level)) {
    return lmjet::cursor::GetIndexInfo(table.def, index_name, result, cb,
                                       level);
  }
  return ReturnList(s, result, unicode, [&](lmjet::cursor::ListTable* list) {
    return lmjet::cursor::BuildIndexList(table.def, index_name, cb, list);
  });
}

// esent.dll checks the dbid before anything else (APICALL_SESID::FEnter).
Status CheckDbid(Session& s, JET_DBID dbid) {
  return s.OpenFile(dbid) == nullptr ? Status(JET_errInvalidDatabaseId)
                                     : Status::Ok();
}

// The entry points' bodies, shared by the A and W forms; `unicode`: the W
// form (list levels answer in Unicode text columns).

// --- Columns -----------------------------------------------------------------

JET_ERR GetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid,
                           JET_PCSTR szColumnName, void* pvResult,
                           unsigned long cbMax, unsigned long InfoLevel,
                           bool unicode) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     LMJET_RETURN_IF_ERROR(
                         lmjet::cursor::CheckColumnInfoLevel(InfoLevel, cbMax));
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return ColumnInfo(s, *table, szColumnName,
                                       c.cursor().updatable(), pvResult, cbMax,
                                       InfoLevel, unicode);
                   });
}

JET_ERR GetColumnInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                      JET_PCSTR pColumnNameOrId, void* pvResult,
                      unsigned long cbMax, unsigned long InfoLevel,
                      bool unicode) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    LMJET_RETURN_IF_ERROR(CheckDbid(s, dbid));
    LMJET_RETURN_IF_ERROR(
        lmjet::cursor::CheckColumnInfoLevel(InfoLevel, cbMax));
    if (szTableName == nullptr) return Status(JET_errInvalidParameter);
    TablePtr table;
    LMJET_RETURN_IF_ERROR(s.LoadTable(dbid, szTableName, &table));
    // A cursor opened by name is never updatable here (info.cxx
    // ErrIsamGetColumnInfo resets it).
    return ColumnInfo(s, *table, pColumnNameOrId, /*updatable=*/false, pvResult,
                      cbMax, InfoLevel, unicode);
  });
}

// --- Indexes -----------------------------------------------------------------

JET_ERR GetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid,
                          JET_PCSTR szIndexName, void* pvResult,
                          unsigned long cbResult, unsigned long InfoLevel,
                          bool unicode) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     LMJET_RETURN_IF_ERROR(lmjet::cursor::CheckIndexInfoLevel(
                         InfoLevel, cbResult));
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return IndexInfo(s, *table, szIndexName, pvResult,
                                      cbResult, InfoLevel, unicode);
                   });
}

JET_ERR GetIndexInfo(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                     JET_PCSTR szIndexName, void* pvResult,
                     unsigned long cbResult, unsigned long InfoLevel,
                     bool unicode) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    LMJET_RETURN_IF_ERROR(CheckDbid(s, dbid));
    LMJET_RETURN_IF_ERROR(
        lmjet::cursor::CheckIndexInfoLevel(InfoLevel, cbResult));
    TablePtr table;
    LMJET_RETURN_IF_ERROR(s.LoadTable(dbid, szTableName, &table));
    return IndexInfo(s, *table, szIndexName, pvResult, cbResult, InfoLevel,
                     unicode);
  });
}

// --- Tables and objects ------------------------------------------------------

JET_ERR GetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pvResult,
                     unsigned long cbMax, unsigned long InfoLevel) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return lmjet::cursor::GetTableInfo(
                         table->def, c.cursor().file()->dbid(),
                         c.cursor().updatable(), pvResult, cbMax, InfoLevel);
                   });
}

JET_ERR GetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp,
                      JET_PCSTR szContainerName, JET_PCSTR szObjectName,
                      void* pvResult, unsigned long cbMax,
                      unsigned long InfoLevel, bool unicode) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    LMJET_RETURN_IF_ERROR(CheckDbid(s, dbid));
    LMJET_RETURN_IF_ERROR(
        lmjet::cursor::CheckObjectInfoLevel(InfoLevel, cbMax));
    std::string name;
    LMJET_RETURN_IF_ERROR(lmjet::cursor::CheckObjectNames(
        InfoLevel, szContainerName, szObjectName, &name));
    // The catalog cursor esent.dll reads is updatable unless the
    // database is read-only.
    const bool updatable = !s.OpenFile(dbid)->read_only();
    if (lmjet::cursor::IsObjectListLevel(InfoLevel)) {
      return ReturnList(
          s, pvResult, unicode, [&](lmjet::cursor::ListTable* list) {
            std::vector<lmjet::engine::TableDef> tables;
            LMJET_RETURN_IF_ERROR(s.ListTables(dbid, &tables));
            lmjet::cursor::BuildObjectList(tables, objtyp, updatable, list);
            return Status::Ok();
          });
    }
    // The object type is not consulted for one object (info.cxx).
    TablePtr table;
    LMJET_RETURN_IF_ERROR(s.LoadTable(dbid, name.c_str(), &table));
    return lmjet::cursor::FillObjectInfo(table->def, updatable, pvResult,
                                         cbMax);
  });
}

// JET_COLUMNBASE_A as JET_COLUMNBASE_W.
void WidenColumnBase(const JET_COLUMNBASE_A& a, JET_COLUMNBASE_W* w) {
  JET_COLUMNBASE_W out{};
  out.cbStruct = sizeof(out);
  out.columnid = a.columnid;
  out.coltyp = a.coltyp;
  out.wCountry = a.wCountry;
  out.langid = a.langid;
  out.cp = a.cp;
  out.wFiller = a.wFiller;
  out.cbMax = a.cbMax;
  out.grbit = a.grbit;
  // Names are at most JET_cbNameMost bytes: they fit 256 WCHARs.
  (void)lmjet::api::PutWide(lmjet::api::Windows1252ToWide(a.szBaseTableName),
                            out.szBaseTableName, sizeof(out.szBaseTableName));
  (void)lmjet::api::PutWide(lmjet::api::Windows1252ToWide(a.szBaseColumnName),
                            out.szBaseColumnName, sizeof(out.szBaseColumnName));
  std::memcpy(w, &out, sizeof(out));
}

unsigned long BareColumnLevel(unsigned long level) {
  return level & ~lmjet::cursor::kColumnInfoGrbitMask;
}

// A column information call in its W form: `get(name_or_id, result, cb)`
// runs the shared body, `first(err)` reports an error found here after a
// bad handle's. As in esent.dll (jetapi.cxx JetGetTableColumnInfoExW), the
// Base levels first need a result of at least sizeof(JET_COLUMNBASE_W)
// (null: JET_errInvalidParameter, smaller: JET_errBufferTooSmall), then
// the name converts (the ByColid levels pass their JET_COLUMNID pointer
// through), and a JET_COLUMNBASE_A answer is widened into the caller's
// JET_COLUMNBASE_W.
template <typename Get, typename First>
JET_ERR ColumnInfoW(const WCHAR* name_or_id, void* result, unsigned long cb,
                    unsigned long level, Get get, First first) {
  const unsigned long bare = BareColumnLevel(level);
  const bool base = bare == JET_ColInfoBase || bare == JET_ColInfoBaseByColid;
  if (base && result == nullptr) return first(JET_errInvalidParameter);
  if (base && cb < sizeof(JET_COLUMNBASE_W))
    return first(JET_errBufferTooSmall);
  lmjet::api::NarrowArg name;
  const char* arg = reinterpret_cast<const char*>(name_or_id);
  if (bare != JET_ColInfoByColid && bare != JET_ColInfoBaseByColid) {
    const JET_ERR err =
        name.Set(name_or_id, lmjet::api::NarrowArg::Kind::kName);
    if (err != JET_errSuccess) return first(err);
    arg = name.get();
  }
  if (!base) return get(arg, result, cb);
  JET_COLUMNBASE_A narrow{};
  const JET_ERR err = get(arg, &narrow, sizeof(narrow));
  if (err >= 0) WidenColumnBase(narrow, static_cast<JET_COLUMNBASE_W*>(result));
  return err;
}

// Converts a W name argument; 0 or the conversion's error.
JET_ERR Name(const WCHAR* text, lmjet::api::NarrowArg* out) {
  return out->Set(text, lmjet::api::NarrowArg::Kind::kName);
}

}  // namespace

extern "C" {

// --- Narrow (A) forms -------------------------------------------------------

JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                       JET_PCSTR szColumnName, void* pvResult,
                                       unsigned long cbMax,
                                       unsigned long InfoLevel) {
  return GetTableColumnInfo(sesid, tableid, szColumnName, pvResult, cbMax,
                            InfoLevel, false);
}

JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_PCSTR szTableName,
                                  JET_PCSTR pColumnNameOrId, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
  return GetColumnInfo(sesid, dbid, szTableName, pColumnNameOrId, pvResult,
                       cbMax, InfoLevel, false);
}

JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCSTR szIndexName, void* pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel) {
  return GetTableIndexInfo(sesid, tableid, szIndexName, pvResult, cbResult,
                           InfoLevel, false);
}

JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid,
                                 JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                 void* pvResult, unsigned long cbResult,
                                 unsigned long InfoLevel) {
  return GetIndexInfo(sesid, dbid, szTableName, szIndexName, pvResult, cbResult,
                      InfoLevel, false);
}

JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                 void* pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel) {
  return GetTableInfo(sesid, tableid, pvResult, cbMax, InfoLevel);
}

JET_ERR JET_API JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                  JET_PCSTR szObjectName, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
  return GetObjectInfo(sesid, dbid, objtyp, szContainerName, szObjectName,
                       pvResult, cbMax, InfoLevel, false);
}

// --- Wide (W) forms ---------------------------------------------------------
// Names convert as api/wide.h says (a bad one: JET_errInvalidName, after a
// bad handle's error); JET_ColInfoBase* fill JET_COLUMNBASE_W; the list
// levels answer in Unicode text columns; JET_TblInfoName and
// JET_TblInfoTemplateTableName return UTF-16 in a buffer of cbMax bytes,
// as JetGetCurrentIndexW does.

JET_ERR JET_API JetGetTableColumnInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                       JET_PCWSTR szColumnName, void* pvResult,
                                       unsigned long cbMax,
                                       unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    return ColumnInfoW(
        szColumnName, pvResult, cbMax, InfoLevel,
        [&](const char* name, void* result, unsigned long cb) {
          return GetTableColumnInfo(sesid, tableid, name, result, cb, InfoLevel,
                                    true);
        },
        [&](JET_ERR err) {
          return lmjet::api::TableIdFirst(sesid, tableid, err);
        });
  });
}

JET_ERR JET_API JetGetColumnInfoW(JET_SESID sesid, JET_DBID dbid,
                                  JET_PCWSTR szTableName,
                                  JET_PCWSTR pColumnNameOrId, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    lmjet::api::NarrowArg table;
    if (JET_ERR err = Name(szTableName, &table)) {
      return lmjet::api::SesidFirst(sesid, err);
    }
    return ColumnInfoW(
        pColumnNameOrId, pvResult, cbMax, InfoLevel,
        [&](const char* name, void* result, unsigned long cb) {
          return GetColumnInfo(sesid, dbid, table.get(), name, result, cb,
                               InfoLevel, true);
        },
        [&](JET_ERR err) { return lmjet::api::SesidFirst(sesid, err); });
  });
}

JET_ERR JET_API JetGetTableIndexInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCWSTR szIndexName, void* pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    lmjet::api::NarrowArg index;
    if (JET_ERR err = Name(szIndexName, &index)) {
      return lmjet::api::TableIdFirst(sesid, tableid, err);
    }
    return GetTableIndexInfo(sesid, tableid, index.get(), pvResult, cbResult,
                             InfoLevel, true);
  });
}

JET_ERR JET_API JetGetIndexInfoW(JET_SESID sesid, JET_DBID dbid,
                                 JET_PCWSTR szTableName, JET_PCWSTR szIndexName,
                                 void* pvResult, unsigned long cbResult,
                                 unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    lmjet::api::NarrowArg table;
    lmjet::api::NarrowArg index;
    JET_ERR err = Name(szTableName, &table);
    if (err == JET_errSuccess) err = Name(szIndexName, &index);
    if (err != JET_errSuccess) return lmjet::api::SesidFirst(sesid, err);
    return GetIndexInfo(sesid, dbid, table.get(), index.get(), pvResult,
                        cbResult, InfoLevel, true);
  });
}

JET_ERR JET_API JetGetTableInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                 void* pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    if ((InfoLevel != JET_TblInfoName &&
         InfoLevel != JET_TblInfoTemplateTableName) ||
        pvResult == nullptr) {
      return GetTableInfo(sesid, tableid, pvResult, cbMax, InfoLevel);
    }
    // Names are at most JET_cbNameMost bytes: a larger narrow buffer
    // changes no answer.
    const unsigned long cb_a = std::min<unsigned long>(cbMax, 1024);
    std::string narrow(cb_a, '\0');
    const JET_ERR err =
        GetTableInfo(sesid, tableid, narrow.data(), cb_a, InfoLevel);
    if (err < 0) return err;
    narrow.resize(std::strlen(narrow.c_str()));
    const JET_ERR put =
        lmjet::api::PutWide(lmjet::api::Windows1252ToWide(narrow),
                            static_cast<WCHAR*>(pvResult), cbMax);
    return put != JET_errSuccess ? put : err;
  });
}

JET_ERR JET_API JetGetObjectInfoW(JET_SESID sesid, JET_DBID dbid,
                                  JET_OBJTYP objtyp, JET_PCWSTR szContainerName,
                                  JET_PCWSTR szObjectName, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
  return GuardedJetErr([&] {
    lmjet::api::NarrowArg container;
    lmjet::api::NarrowArg object;
    JET_ERR err = Name(szContainerName, &container);
    if (err == JET_errSuccess) err = Name(szObjectName, &object);
    if (err != JET_errSuccess) return lmjet::api::SesidFirst(sesid, err);
    return GetObjectInfo(sesid, dbid, objtyp, container.get(), object.get(),
                         pvResult, cbMax, InfoLevel, true);
  });
}

}  // extern "C"
