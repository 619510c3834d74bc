// The session's table calls: DDL on whole tables, and table cursors as
// session resources named by JET_TABLEIDs.

#include <cstring>
#include <utility>

#include "base/no_destructor.h"
#include "cursor/table_share.h"
#include "cursor/visible.h"
#include "engine/schema.h"
#include "session/cursor_resource.h"
#include "session/session.h"
#include "session/session_manager.h"

namespace lmjet::session {
namespace {

constexpr JET_GRBIT kOpenTableGrbits =
    JET_bitTableDenyWrite | JET_bitTableDenyRead | JET_bitTableReadOnly |
    JET_bitTableUpdatable | JET_bitTablePermitDDL | JET_bitTableNoCache |
    JET_bitTablePreread | JET_bitTableOpportuneRead | JET_bitTableSequential;

// JetOpenTable's grbit combinations (esent.dll ErrIsamOpenTable and
// ErrFILEICheckAndSetMode): PermitDDL needs an exclusive (DenyRead) cursor;
// a read-only cursor can neither lock others out of reading nor be
// Updatable. All of them are JET_errInvalidGrbit there.
Status CheckOpenTableGrbit(JET_GRBIT grbit) {
  const bool read_only = (grbit & JET_bitTableReadOnly) != 0;
  const bool deny_read = (grbit & JET_bitTableDenyRead) != 0;
  if (((grbit & JET_bitTablePermitDDL) && !deny_read) ||
      (read_only && deny_read) ||
      (read_only && (grbit & JET_bitTableUpdatable))) {
    return Status(JET_errInvalidGrbit);
  }
  return Status::Ok();
}

}  // namespace

NoDestructor<SlotTable<TableSlot>> g_table_id_table(uint8_t{0x54});

namespace {

// Ids of share entries held until level 0 (a closed cursor's, a deleted
// table's): kind tag 'D' in the top byte, so they never equal a table
// handle (tag 'T'), and a 56-bit counter, so they are never given twice.
uint64_t NextHeldShareId() {
  static std::atomic<uint64_t> next{0};
  return (uint64_t{0x44} << 56) | next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Status CursorResource::Close() {
  TableSlot* slot = TableIdTable().Find(handle_).object;
  if (!is_temp()) {
    Session* owner =
        slot != nullptr ? slot->owner.load(std::memory_order_acquire) : nullptr;
    if (owner != nullptr &&
        cursor_.table_cursor()->ChangedDataInThisTransaction()) {
      // The handle dies now (and its slot may be reused); its share entry
      // stays, under an id of its own, until the transaction ends.
      const uint64_t held = NextHeldShareId();
      cursor::RekeyTableShare(handle_, held);
      owner->HoldShareUntilLevel0(held);
    } else {
      cursor::ReleaseTableShare(handle_);
    }
  }
  TableIdTable().Retire(handle_);
  if (slot != nullptr) {
    slot->cursor.store(nullptr, std::memory_order_relaxed);
    slot->owner.store(nullptr, std::memory_order_release);
  }
  TableIdTable().Recycle(handle_);
  return Status::Ok();
}

engine::DatabaseFile* Session::OpenFile(JET_DBID dbid) {
  OpenDatabaseEntry* entry = FindOpen(dbid);
  return entry == nullptr ? nullptr : entry->file;
}

void Session::BindTableSlot(TableSlot* slot, CursorResource* resource) {
  // Relaxed: SlotTable::Publish releases all of this with the handle.
  slot->cursor.store(resource, std::memory_order_relaxed);
  slot->owner.store(this, std::memory_order_relaxed);
  slot->owner_handle.store(handle_, std::memory_order_relaxed);
  slot->owner_generation.store(SessionTable().Find(handle_).generation_word,
                               std::memory_order_relaxed);
}

Status Session::AdoptCursor(std::shared_ptr<const cursor::TableInfo> table,
                            bool updatable, JET_GRBIT share,
                            JET_TABLEID* tableid) {
  auto [handle, slot] = TableIdTable().Allocate();
  if (slot == nullptr) return Status(JET_errOutOfCursors);
  engine::DatabaseFile* file = table->file;
  const Status shared =
      cursor::AcquireTableShare(cursor::ShareKeyOf(file, table->def.table_id),
                                this, handle, share, updatable);
  if (!shared.ok()) {
    TableIdTable().Release(handle);
    return shared;
  }
  auto resource = std::make_unique<CursorResource>(
      std::make_unique<cursor::TableCursor>(std::move(table), &txn_, updatable),
      handle);
  BindTableSlot(slot, resource.get());
  TableIdTable().Publish(handle);
  Adopt(std::move(resource), file);
  *tableid = handle;
  return Status::Ok();
}

Status Session::OpenTable(JET_DBID dbid, const char* name, JET_GRBIT grbit,
                          JET_TABLEID* tableid) {
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  *tableid = JET_tableidNil;
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  if (grbit & ~kOpenTableGrbits) return Status(JET_errInvalidGrbit);
  LMJET_RETURN_IF_ERROR(CheckOpenTableGrbit(grbit));
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  std::shared_ptr<const cursor::TableInfo> table;
  LMJET_RETURN_IF_ERROR(LoadTable(dbid, checked.c_str(), &table));
  const bool updatable = !(grbit & JET_bitTableReadOnly) && !file->read_only();
  return AdoptCursor(std::move(table), updatable, grbit, tableid);
}

Status Session::LoadTable(JET_DBID dbid, const char* name,
                          std::shared_ptr<const cursor::TableInfo>* table) {
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  cursor::ImplicitTransaction scope(&txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  return scope.Finish(cursor::TableCatalog::Load(&txn_, file, checked, table));
}

Status Session::ListTables(JET_DBID dbid,
                           std::vector<engine::TableDef>* tables) {
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  cursor::ImplicitTransaction scope(&txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  return scope.Finish(cursor::TableCatalog::List(&txn_, file, tables));
}

Status Session::CreateTable(JET_DBID dbid, const char* name,
                            unsigned long pages, unsigned long density,
                            JET_TABLEID* tableid) {
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  *tableid = JET_tableidNil;
  // A named callable: the request's FunctionRef must not outlive it.
  auto no_indexes = [](cursor::TableCursor&, unsigned long*) {
    return Status::Ok();
  };
  TableCreateRequest request{name, pages, density, 0, nullptr, 0, no_indexes};
  unsigned long created = 0;
  return CreateTableColumnIndex(dbid, request, tableid, &created);
}

Status Session::CreateTableColumnIndex(JET_DBID dbid,
                                       const TableCreateRequest& request,
                                       JET_TABLEID* tableid,
                                       unsigned long* created) {
  *tableid = JET_tableidNil;
  *created = 0;
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  if (file->read_only()) return Status(JET_errDatabaseFileReadOnly);
  if (txn_.read_only()) return Status(JET_errTransReadOnly);
  if (request.density != 0 && (request.density < 20 || request.density > 100)) {
    return Status(JET_errDensityInvalid);
  }
  if (request.columns == nullptr && request.column_count > 0) {
    return Status(JET_errInvalidParameter);
  }
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(request.name, &checked));

  // The table, its columns and its indexes are created in one level of
  // their own: the first failure undoes all of it.
  LMJET_RETURN_IF_ERROR(txn_.Begin(false));
  std::unique_ptr<cursor::TableCursor> cursor;
  unsigned long count = 0;
  Status status = cursor::TableCatalog::Create(
      &txn_, file, checked, static_cast<uint32_t>(request.pages),
      static_cast<uint32_t>(request.density), request.grbit);
  std::shared_ptr<const cursor::TableInfo> table;
  if (status.ok()) {
    status = cursor::TableCatalog::Load(&txn_, file, checked, &table);
  }
  if (status.ok()) {
    ++count;
    cursor = std::make_unique<cursor::TableCursor>(table, &txn_, true);
    for (unsigned long i = 0; i < request.column_count && status.ok(); ++i) {
      JET_COLUMNCREATE_A& c = request.columns[i];
      if (c.cbStruct != sizeof(JET_COLUMNCREATE_A)) {
        c.err = JET_errInvalidParameter;
        status = Status(JET_errInvalidParameter);
        break;
      }
      JET_COLUMNDEF def{};
      def.cbStruct = sizeof(def);
      def.coltyp = c.coltyp;
      def.cp = static_cast<unsigned short>(c.cp);
      def.cbMax = c.cbMax;
      def.grbit = c.grbit;
      Status s = cursor->AddColumn(c.szColumnName, &def, c.pvDefault,
                                   c.cbDefault, &c.columnid);
      c.err = s.code();
      if (s.code() < 0) status = s;
      if (s.code() >= 0) ++count;
    }
  }
  if (status.ok()) status = request.indexes(*cursor, &count);
  if (!status.ok()) {
    cursor.reset();
    (void)txn_.Rollback();
    return status;
  }
  LMJET_RETURN_IF_ERROR(txn_.Commit(nullptr));
  *created = count;
  // The cursor's definition is the created one; re-read at first use. It
  // holds the new table DenyRead until closed, as esent.dll's does.
  return AdoptCursor(cursor->shared_table(), true, JET_bitTableDenyRead,
                     tableid);
}

Status Session::DeleteTable(JET_DBID dbid, const char* name) {
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  if (file->read_only()) return Status(JET_errDatabaseFileReadOnly);
  if (txn_.read_only()) return Status(JET_errTransReadOnly);
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  cursor::ImplicitTransaction scope(&txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  uint32_t table_id = 0;
  LMJET_RETURN_IF_ERROR(cursor::TableCatalog::Delete(
      &txn_, file, checked, /*deleter=*/this, &table_id));
  if (!scope.began()) {
    // Deleted inside the caller's transaction: until it ends, other
    // sessions (whose snapshots still show the table) get
    // JET_errTableLocked, as from esent.dll's delete-pending lock -- a
    // DenyRead share under an id no table handle has.
    const uint64_t share = NextHeldShareId();
    if (cursor::AcquireTableShare(cursor::ShareKeyOf(file, table_id), this,
                                  share, JET_bitTableDenyRead,
                                  /*updatable=*/false)
            .ok()) {
      HoldShareUntilLevel0(share);
    }
  }
  return scope.Finish(Status::Ok());
}

void Session::HoldShareUntilLevel0(uint64_t share_id) {
  shares_until_level0_.push_back(share_id);
}

Status Session::DupCursor(CursorResource* source, JET_GRBIT grbit,
                          JET_TABLEID* tableid) {
  (void)grbit;  // reserved
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  // A temp table's second cursor shares its rows (sort::TempTable::Dup).
  if (source->is_temp()) return DupTempTable(source, tableid);
  // No share bits: esent.dll's duplicate takes no table lock of its own.
  return AdoptCursor(source->cursor().shared_table(),
                     source->cursor().updatable(), 0, tableid);
}

Status Session::CloseTable(CursorResource* cursor) {
  return CloseResource(cursor);
}

}  // namespace lmjet::session
