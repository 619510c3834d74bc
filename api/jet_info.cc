// The information entry points: JetGetTableColumnInfo, JetGetColumnInfo,
// JetGetTableIndexInfo, JetGetIndexInfo, JetGetTableInfo and
// JetGetObjectInfo. Each marshals its arguments through the gate to the
// session (which finds the table definition) and cursor/info.h (which
// checks the request and fills the result), in esent.dll's order: handles,
// dbid, level and buffer size, table, object. The list levels return a
// list table that the session opens (Session::OpenListTable).

#include <memory>
#include <string>
#include <vector>

#include "api/esent.h"
#include "api/gate.h"
#include "cursor/info.h"
#include "cursor/table.h"
#include "cursor/table_cursor.h"
#include "session/cursor_resource.h"
#include "session/session.h"

using lmjet::Status;
using lmjet::api::CallSession;
using lmjet::api::CallTable;
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

// A list level's answer (cursor/info.h): `build` describes the list table,
// the session opens it and `result` gets the JET_*LIST that names it.
template <typename Build>
Status ReturnList(Session& s, void* result, Build build) {
  if (result == nullptr) return Status(JET_errInvalidParameter);
  lmjet::cursor::ListTable list;
  LMJET_RETURN_IF_ERROR(build(&list));
  JET_COLUMNID columnids[lmjet::cursor::kListColumnsMost];
  JET_TABLEID tableid = JET_tableidNil;
  LMJET_RETURN_IF_ERROR(s.OpenListTable(list.columns, list.column_count,
                                        list.cells, columnids, &tableid));
  lmjet::cursor::FillListResult(list, columnids, tableid, result);
  return Status::Ok();
}

// The column information of `table` for any level; `updatable`: the
// caller's cursor may update the table.
Status ColumnInfo(Session& s, const TableInfo& table, const char* name_or_id,
                  bool updatable, void* result, unsigned long cb,
                  unsigned long level) {
  if (!lmjet::cursor::IsColumnListLevel(level)) {
    return lmjet::cursor::GetColumnInfo(table.def, name_or_id, updatable,
                                        result, cb, level);
  }
  return ReturnList(s, result, [&](lmjet::cursor::ListTable* list) {
    return lmjet::cursor::BuildColumnList(table.def, name_or_id, updatable,
                                          level, list);
  });
}

// The index information of `table` for any level.
Status IndexInfo(Session& s, const TableInfo& table, const char* index_name,
                 void* result, unsigned long cb, unsigned long level) {
  if (!lmjet::cursor::IsIndexListLevel(level)) {
    return lmjet::cursor::GetIndexInfo(table.def, index_name, result, cb,
                                       level);
  }
  return ReturnList(s, result, [&](lmjet::cursor::ListTable* list) {
    return lmjet::cursor::BuildIndexList(table.def, index_name, cb, list);
  });
}

// esent.dll checks the dbid before anything else (APICALL_SESID::FEnter).
Status CheckDbid(Session& s, JET_DBID dbid) {
  return s.OpenFile(dbid) == nullptr ? Status(JET_errInvalidDatabaseId)
                                     : Status::Ok();
}

}  // namespace

extern "C" {

// --- Columns -----------------------------------------------------------------

JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                       JET_PCSTR szColumnName, void* pvResult,
                                       unsigned long cbMax,
                                       unsigned long InfoLevel) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     LMJET_RETURN_IF_ERROR(
                         lmjet::cursor::CheckColumnInfoLevel(InfoLevel, cbMax));
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return ColumnInfo(s, *table, szColumnName,
                                       c.cursor().updatable(), pvResult, cbMax,
                                       InfoLevel);
                   });
}

JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_PCSTR szTableName,
                                  JET_PCSTR pColumnNameOrId, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
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
                      cbMax, InfoLevel);
  });
}

// --- Indexes -----------------------------------------------------------------

JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCSTR szIndexName, void* pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session& s, CursorResource& c) -> Status {
        LMJET_RETURN_IF_ERROR(
            lmjet::cursor::CheckIndexInfoLevel(InfoLevel, cbResult));
        TablePtr table;
        LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
        return IndexInfo(s, *table, szIndexName, pvResult, cbResult, InfoLevel);
      });
}

JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid,
                                 JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                 void* pvResult, unsigned long cbResult,
                                 unsigned long InfoLevel) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    LMJET_RETURN_IF_ERROR(CheckDbid(s, dbid));
    LMJET_RETURN_IF_ERROR(
        lmjet::cursor::CheckIndexInfoLevel(InfoLevel, cbResult));
    TablePtr table;
    LMJET_RETURN_IF_ERROR(s.LoadTable(dbid, szTableName, &table));
    return IndexInfo(s, *table, szIndexName, pvResult, cbResult, InfoLevel);
  });
}

// --- Tables and objects ------------------------------------------------------

JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                 void* pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return lmjet::cursor::GetTableInfo(
                         table->def, c.cursor().file()->dbid(),
                         c.cursor().updatable(), pvResult, cbMax, InfoLevel);
                   });
}

JET_ERR JET_API JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                  JET_PCSTR szObjectName, void* pvResult,
                                  unsigned long cbMax,
                                  unsigned long InfoLevel) {
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
      return ReturnList(s, pvResult, [&](lmjet::cursor::ListTable* list) {
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

}  // extern "C"
