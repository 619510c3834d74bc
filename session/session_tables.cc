// The session's table calls: DDL on whole tables, and table cursors as
// session resources named by JET_TABLEIDs.

#include <cstring>
#include <utility>

#include "base/no_destructor.h"
#include "cursor/visible.h"
#include "engine/schema.h"
#include "session/cursor_resource.h"
#include "session/session.h"

namespace lmjet::session {
namespace {

constexpr JET_GRBIT kOpenTableGrbits =
    JET_bitTableDenyWrite | JET_bitTableDenyRead | JET_bitTableReadOnly |
    JET_bitTableUpdatable | JET_bitTablePermitDDL | JET_bitTableNoCache |
    JET_bitTablePreread | JET_bitTableOpportuneRead | JET_bitTableSequential;

}  // namespace

SlotTable<TableSlot>& TableIdTable() {
  static NoDestructor<SlotTable<TableSlot>> table(uint8_t{0x54});
  return table.get();
}

Status CursorResource::Close() {
  TableSlot* slot = TableIdTable().Find(handle_).object;
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

Status Session::AdoptCursor(std::shared_ptr<const cursor::TableInfo> table,
                            bool updatable, JET_TABLEID* tableid) {
  auto [handle, slot] = TableIdTable().Allocate();
  if (slot == nullptr) return Status(JET_errOutOfCursors);
  engine::DatabaseFile* file = table->file;
  auto resource = std::make_unique<CursorResource>(
      std::make_unique<cursor::TableCursor>(std::move(table), &txn_, updatable),
      handle);
  slot->cursor.store(resource.get(), std::memory_order_relaxed);
  slot->owner.store(this, std::memory_order_relaxed);
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
  if ((grbit & JET_bitTableDenyRead) && (grbit & JET_bitTableReadOnly)) {
    return Status(JET_errInvalidParameter);
  }
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  std::shared_ptr<const cursor::TableInfo> table;
  LMJET_RETURN_IF_ERROR(LoadTable(dbid, checked.c_str(), &table));
  const bool updatable = !(grbit & JET_bitTableReadOnly) && !file->read_only();
  return AdoptCursor(std::move(table), updatable, tableid);
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

Status Session::CreateTable(JET_DBID dbid, const char* name,
                            unsigned long pages, unsigned long density,
                            JET_TABLEID* tableid) {
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  *tableid = JET_tableidNil;
  JET_TABLECREATE2_A create{};
  create.cbStruct = sizeof(create);
  create.szTableName = const_cast<char*>(name);
  create.ulPages = pages;
  create.ulDensity = density;
  LMJET_RETURN_IF_ERROR(CreateTableColumnIndex(dbid, &create, true));
  *tableid = create.tableid;
  return Status::Ok();
}

Status Session::CreateTableColumnIndex(JET_DBID dbid,
                                       JET_TABLECREATE2_A* create,
                                       bool version2) {
  (void)version2;
  if (create == nullptr) return Status(JET_errInvalidParameter);
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  if (file->read_only()) return Status(JET_errDatabaseFileReadOnly);
  if (txn_.read_only()) return Status(JET_errTransReadOnly);
  create->tableid = JET_tableidNil;
  create->cCreated = 0;
  if (create->ulDensity != 0 &&
      (create->ulDensity < 20 || create->ulDensity > 100)) {
    return Status(JET_errDensityInvalid);
  }
  if ((create->rgcolumncreate == nullptr && create->cColumns > 0) ||
      (create->rgindexcreate == nullptr && create->cIndexes > 0)) {
    return Status(JET_errInvalidParameter);
  }
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(create->szTableName, &checked));

  // The table, its columns and its indexes are created in one level of
  // their own: the first failure undoes all of it.
  LMJET_RETURN_IF_ERROR(txn_.Begin(false));
  std::unique_ptr<cursor::TableCursor> cursor;
  unsigned long created = 0;
  Status status = cursor::TableCatalog::Create(
      &txn_, file, checked, static_cast<uint32_t>(create->ulPages),
      static_cast<uint32_t>(create->ulDensity), create->grbit);
  std::shared_ptr<const cursor::TableInfo> table;
  if (status.ok()) {
    status = cursor::TableCatalog::Load(&txn_, file, checked, &table);
  }
  if (status.ok()) {
    ++created;
    cursor = std::make_unique<cursor::TableCursor>(table, &txn_, true);
    for (unsigned long i = 0; i < create->cColumns && status.ok(); ++i) {
      JET_COLUMNCREATE_A& c = create->rgcolumncreate[i];
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
      if (s.ok() || s.code() > 0) ++created;
    }
    // The index array is walked with the stride its cbStruct gives.
    auto* bytes = reinterpret_cast<char*>(create->rgindexcreate);
    for (unsigned long i = 0; i < create->cIndexes && status.ok(); ++i) {
      auto& x = *reinterpret_cast<JET_INDEXCREATE_A*>(
          bytes + i * (create->rgindexcreate[0].cbStruct));
      const bool has_key_most = x.cbStruct == sizeof(JET_INDEXCREATE_A);
      if (!has_key_most && x.cbStruct != sizeof(JET_INDEXCREATEOLD_A)) {
        status = Status(JET_errInvalidParameter);
        break;
      }
      Status s =
          cursor->CreateIndex(x.szIndexName, x.grbit, x.szKey, x.cbKey,
                              x.ulDensity, has_key_most ? x.cbKeyMost : 0,
                              x.rgconditionalcolumn, x.cConditionalColumn);
      // JET_INDEXCREATEOLD_A has err at the same place as the new layout.
      x.err = s.code();
      if (s.code() < 0) status = s;
      if (s.ok()) ++created;
    }
  }
  if (!status.ok()) {
    cursor.reset();
    (void)txn_.Rollback();
    return status;
  }
  LMJET_RETURN_IF_ERROR(txn_.Commit(nullptr));
  create->cCreated = created;
  // The cursor's definition is the created one; re-read at first use.
  return AdoptCursor(cursor->shared_table(), true, &create->tableid);
}

Status Session::DeleteTable(JET_DBID dbid, const char* name) {
  engine::DatabaseFile* file = OpenFile(dbid);
  if (file == nullptr) return Status(JET_errInvalidDatabaseId);
  if (file->read_only()) return Status(JET_errDatabaseFileReadOnly);
  if (txn_.read_only()) return Status(JET_errTransReadOnly);
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  for (SessionResource* r = resources_; r != nullptr; r = r->next_) {
    auto* c = dynamic_cast<CursorResource*>(r);
    if (c != nullptr && c->database() == file &&
        engine::SameName(c->cursor().table().def.name, checked)) {
      return Status(JET_errTableInUse);
    }
  }
  cursor::ImplicitTransaction scope(&txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  return scope.Finish(cursor::TableCatalog::Delete(&txn_, file, checked));
}

Status Session::DupCursor(CursorResource* source, JET_GRBIT grbit,
                          JET_TABLEID* tableid) {
  (void)grbit;  // reserved
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  return AdoptCursor(source->cursor().shared_table(),
                     source->cursor().updatable(), tableid);
}

Status Session::CloseTable(CursorResource* cursor) {
  return CloseResource(cursor);
}

}  // namespace lmjet::session
