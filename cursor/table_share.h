#ifndef LMJET_CURSOR_TABLE_SHARE_H_
#define LMJET_CURSOR_TABLE_SHARE_H_

#include <cstdint>

#include "api/esent.h"
#include "base/status.h"
#include "engine/database_file.h"

namespace lmjet::cursor {

// Table share modes (JetOpenTable's JET_bitTableDenyRead / DenyWrite): a
// process-wide registry of the table cursors open on each table, keyed like
// TableCounters by the file's incarnation and the table id. Locks belong to
// sessions (ESE's PIB), not cursors: a session's own cursors never lock it
// out, except that a table has at most one DenyWrite cursor. The rules are
// esent.dll's (fileopen.cxx ErrFILEISetMode), checked in this order:
//
//   1. another session holds DenyRead                   -> JET_errTableLocked
//   2. JET_bitTableUpdatable was passed and another
//      session holds DenyWrite                          -> JET_errTableLocked
//   3. DenyWrite asked: any cursor (this session's too)
//      holds DenyWrite, or another session has an
//      updatable cursor open                            -> JET_errTableInUse
//   4. DenyRead asked: another session has a cursor open -> JET_errTableInUse
//
// As in esent.dll, rule 2 looks at the grbit only: a cursor opened without
// JET_bitTableUpdatable (and without ReadOnly) is updatable and is let in.
// Checks run at open, close and JetDeleteTable only; reads and writes never
// consult the registry.
struct TableShareKey {
  uint64_t incarnation;  // engine::DatabaseFile::incarnation()
  uint32_t table_id;
  bool operator<(const TableShareKey& other) const {
    return incarnation != other.incarnation ? incarnation < other.incarnation
                                            : table_id < other.table_id;
  }
};

inline TableShareKey ShareKeyOf(const engine::DatabaseFile* file,
                                uint32_t table_id) {
  return TableShareKey{file->incarnation(), table_id};
}

// Registers table cursor `cursor` (its JET_TABLEID, unique while open) of
// `session` on `table` with the share bits of `grbit` (DenyRead, DenyWrite,
// Updatable; other bits are ignored) if the rules above allow it; otherwise
// returns their error and registers nothing. `updatable`: whether the cursor
// may write (not ReadOnly, database not read-only).
Status AcquireTableShare(const TableShareKey& table, const void* session,
                         uint64_t cursor, JET_GRBIT grbit, bool updatable);

// Forgets `cursor`, dropping the locks it held. A cursor never registered
// (a temporary table's, or one whose acquire failed) is ignored. Callers
// may keep an entry past the cursor's close (session::Session::
// HoldShareUntilLevel0), rekeyed first to an id no handle takes.
void ReleaseTableShare(uint64_t cursor);

// Moves the entry of `from` (if any) to the id `to`, which must be unused:
// the locks stay, under an id that outlives the handle `from`.
void RekeyTableShare(uint64_t from, uint64_t to);

// JetDeleteTable's check (esent.dll opens the table DenyRead to delete it):
// JET_errTableLocked if another session holds DenyRead, else
// JET_errTableInUse if any cursor, of any session, is open on it.
Status CheckTableDeletable(const TableShareKey& table, const void* session);

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_TABLE_SHARE_H_
