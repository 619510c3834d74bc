// The information entry points: JetGetTableColumnInfo, JetGetColumnInfo,
// JetGetTableIndexInfo, JetGetIndexInfo, JetGetTableInfo and
// JetGetObjectInfo. Each marshals its arguments through the gate to the
// session (which finds the table definition) and cursor/info.h (which
// checks the request and fills the result), in esent.dll's order: handles,
// dbid, level and buffer size, table, object.

#include <memory>
#include <string>

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
                     return lmjet::cursor::GetColumnInfo(
                         table->def, szColumnName, c.cursor().updatable(),
                         pvResult, cbMax, InfoLevel);
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
    return lmjet::cursor::GetColumnInfo(table->def, pColumnNameOrId,
                                        /*updatable=*/false, pvResult, cbMax,
                                        InfoLevel);
  });
}

// --- Indexes -----------------------------------------------------------------

JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCSTR szIndexName, void* pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) -> Status {
                     LMJET_RETURN_IF_ERROR(lmjet::cursor::CheckIndexInfoLevel(
                         InfoLevel, cbResult));
                     TablePtr table;
                     LMJET_RETURN_IF_ERROR(CursorTable(s, c, &table));
                     return lmjet::cursor::GetIndexInfo(table->def, szIndexName,
                                                        pvResult, cbResult,
                                                        InfoLevel);
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
    return lmjet::cursor::GetIndexInfo(table->def, szIndexName, pvResult,
                                       cbResult, InfoLevel);
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
  (void)objtyp;  // not consulted for one object (info.cxx)
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    LMJET_RETURN_IF_ERROR(CheckDbid(s, dbid));
    LMJET_RETURN_IF_ERROR(
        lmjet::cursor::CheckObjectInfoLevel(InfoLevel, cbMax));
    std::string name;
    LMJET_RETURN_IF_ERROR(lmjet::cursor::CheckObjectNames(
        InfoLevel, szContainerName, szObjectName, &name));
    TablePtr table;
    LMJET_RETURN_IF_ERROR(s.LoadTable(dbid, name.c_str(), &table));
    // The catalog cursor esent.dll reads is updatable unless the
    // database is read-only.
    return lmjet::cursor::FillObjectInfo(table->def, !table->file->read_only(),
                                         pvResult, cbMax);
  });
}

}  // extern "C"
