#ifndef LMJET_SESSION_CURSOR_RESOURCE_H_
#define LMJET_SESSION_CURSOR_RESOURCE_H_

#include <atomic>
#include <memory>

#include "api/esent.h"
#include "base/no_destructor.h"
#include "base/slot_table.h"
#include "cursor/table_cursor.h"
#include "session/session_resource.h"
#include "sort/temp_table.h"

namespace lmjet::session {

class Session;
class CursorResource;

// What a JET_TABLEID names: the cursor and the session that owns it. Only
// the owner changes a slot, while inside a call on itself, so a call that
// finds `owner` equal to its own session may use `cursor` for the whole
// call; any other session only compares `owner` (JET_errSesidTableIdMismatch).
//
// `owner_handle` and `owner_generation` (the owner's JET_SESID and the
// generation word of its session slot) let the gate's fast path
// (api/gate.h, CallTable) reach and re-validate the owner from the cursor
// alone, without a second slot-table lookup.
struct TableSlot {
  std::atomic<Session*> owner{nullptr};
  std::atomic<CursorResource*> cursor{nullptr};
  std::atomic<uint64_t> owner_handle{0};
  std::atomic<const std::atomic<uint32_t>*> owner_generation{nullptr};
};

// The process-wide table of table handles (kind tag 'T'). Created before
// main and never destroyed, like the session table: the gate reaches it
// without a call or a guard check.
extern NoDestructor<SlotTable<TableSlot>> g_table_id_table;
inline SlotTable<TableSlot>& TableIdTable() { return g_table_id_table.get(); }

// What a JET_TABLEID's cursor is: a table cursor or a sort / temporary
// table. It answers every call the Jet* table entry points make, with the
// names cursor::TableCursor uses, so that api/jet_table.cc stays one line per
// call for both kinds. A temp table answers what reference §5.3 lets it
// (sort::TempTable); the other calls are JET_errIllegalOperation, as
// esent.dll's ErrIllegal* stubs for sort cursors. table(), shared_table()
// and file() exist for table cursors only (callers check is_temp()).
class AnyCursor {
 public:
  explicit AnyCursor(std::unique_ptr<cursor::TableCursor> table)
      : table_(std::move(table)) {}
  explicit AnyCursor(std::unique_ptr<sort::TempTable> temp)
      : temp_(std::move(temp)) {}

  bool is_temp() const { return temp_ != nullptr; }
  sort::TempTable* temp() { return temp_.get(); }
  cursor::TableCursor* table_cursor() { return table_.get(); }

  // Table cursors only.
  const cursor::TableInfo& table() const { return table_->table(); }
  std::shared_ptr<const cursor::TableInfo> shared_table() const {
    return table_->shared_table();
  }
  engine::DatabaseFile* file() const { return table_->file(); }
  bool updatable() const { return temp_ ? true : table_->updatable(); }

#define LMJET_BOTH(call) return temp_ ? temp_->call : table_->call
#define LMJET_TABLE_ONLY(call) \
  return temp_ ? Status(JET_errIllegalOperation) : table_->call

  // Inline, with TableCursor's, so that a scan step is one call deep.
  __attribute__((always_inline)) Status Move(long rows, JET_GRBIT grbit) {
    LMJET_BOTH(Move(rows, grbit));
  }
  Status MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit) {
    LMJET_BOTH(MakeKey(data, cb, grbit));
  }
  Status Seek(JET_GRBIT grbit) { LMJET_BOTH(Seek(grbit)); }
  Status SetIndexRange(JET_GRBIT grbit) { LMJET_BOTH(SetIndexRange(grbit)); }
  Status GetBookmark(void* data, unsigned long cb, unsigned long* actual) {
    LMJET_BOTH(GetBookmark(data, cb, actual));
  }
  Status GotoBookmark(const void* data, unsigned long cb) {
    LMJET_BOTH(GotoBookmark(data, cb));
  }
  __attribute__((always_inline)) Status RetrieveColumn(
      JET_COLUMNID columnid, void* data, unsigned long cb,
      unsigned long* actual, JET_GRBIT grbit, JET_RETINFO* retinfo) {
    LMJET_BOTH(RetrieveColumn(columnid, data, cb, actual, grbit, retinfo));
  }
  Status RetrieveColumns(JET_RETRIEVECOLUMN* columns, unsigned long count) {
    LMJET_BOTH(RetrieveColumns(columns, count));
  }
  Status PrepareUpdate(unsigned long prep) { LMJET_BOTH(PrepareUpdate(prep)); }
  Status SetColumn(JET_COLUMNID columnid, const void* data, unsigned long cb,
                   JET_GRBIT grbit, const JET_SETINFO* setinfo) {
    LMJET_BOTH(SetColumn(columnid, data, cb, grbit, setinfo));
  }
  Status SetColumns(JET_SETCOLUMN* columns, unsigned long count) {
    LMJET_BOTH(SetColumns(columns, count));
  }
  Status Update(void* bookmark, unsigned long cb, unsigned long* actual) {
    LMJET_BOTH(Update(bookmark, cb, actual));
  }
  Status Delete() { LMJET_BOTH(Delete()); }

  Status SetCurrentIndex(const char* name, JET_GRBIT grbit,
                         unsigned long itag_sequence) {
    LMJET_TABLE_ONLY(SetCurrentIndex(name, grbit, itag_sequence));
  }
  Status GetCurrentIndex(char* name, unsigned long cb) const {
    LMJET_TABLE_ONLY(GetCurrentIndex(name, cb));
  }
  Status IndexRecordCount(unsigned long* count, unsigned long max) {
    LMJET_TABLE_ONLY(IndexRecordCount(count, max));
  }
  Status GetRecordPosition(JET_RECPOS* position, unsigned long cb) {
    LMJET_TABLE_ONLY(GetRecordPosition(position, cb));
  }
  Status GotoPosition(const JET_RECPOS* position) {
    LMJET_TABLE_ONLY(GotoPosition(position));
  }
  Status GetCursorInfo() { LMJET_TABLE_ONLY(GetCursorInfo()); }
  Status GetLock(JET_GRBIT grbit) { LMJET_TABLE_ONLY(GetLock(grbit)); }
  Status EnumerateColumns(unsigned long columnid_count,
                          const JET_ENUMCOLUMNID* columnids,
                          unsigned long* count, JET_ENUMCOLUMN** columns,
                          JET_PFNREALLOC realloc, void* realloc_context,
                          unsigned long cb_data_most, JET_GRBIT grbit) {
    LMJET_TABLE_ONLY(EnumerateColumns(columnid_count, columnids, count, columns,
                                      realloc, realloc_context, cb_data_most,
                                      grbit));
  }
  Status RetrieveKey(void* data, unsigned long cb, unsigned long* actual,
                     JET_GRBIT grbit) {
    LMJET_TABLE_ONLY(RetrieveKey(data, cb, actual, grbit));
  }
  Status EscrowUpdate(JET_COLUMNID columnid, const void* delta,
                      unsigned long cb, void* old_value, unsigned long cb_old,
                      unsigned long* old_actual, JET_GRBIT grbit) {
    LMJET_TABLE_ONLY(EscrowUpdate(columnid, delta, cb, old_value, cb_old,
                                  old_actual, grbit));
  }
  Status AddColumn(const char* name, const JET_COLUMNDEF* def,
                   const void* default_value, unsigned long default_size,
                   JET_COLUMNID* columnid) {
    LMJET_TABLE_ONLY(
        AddColumn(name, def, default_value, default_size, columnid));
  }
  Status DeleteColumn(const char* name) {
    LMJET_TABLE_ONLY(DeleteColumn(name));
  }
  Status CreateIndex(const char* name, JET_GRBIT grbit, const char* key,
                     unsigned long cb_key, unsigned long density,
                     unsigned long cb_key_most,
                     const JET_CONDITIONALCOLUMN_A* conditional,
                     unsigned long conditional_count) {
    LMJET_TABLE_ONLY(CreateIndex(name, grbit, key, cb_key, density, cb_key_most,
                                 conditional, conditional_count));
  }
  Status DeleteIndex(const char* name) { LMJET_TABLE_ONLY(DeleteIndex(name)); }

  void RollbackTo(int level) {
    if (table_) table_->RollbackTo(level);
  }

#undef LMJET_BOTH
#undef LMJET_TABLE_ONLY

 private:
  std::unique_ptr<cursor::TableCursor> table_;
  std::unique_ptr<sort::TempTable> temp_;
};

// A temp table's place in its instance's JET_paramMaxTemporaryTables count,
// given back when the last cursor on the table (JetDupCursor makes more)
// closes.
class TempTablePlace {
 public:
  explicit TempTablePlace(std::atomic<int>* count) : count_(count) {}
  ~TempTablePlace() { count_->fetch_sub(1); }
  TempTablePlace(const TempTablePlace&) = delete;
  TempTablePlace& operator=(const TempTablePlace&) = delete;

 private:
  std::atomic<int>* count_;
};

// A table cursor or temp table as a session resource: rollback of the level
// it was opened in closes it (and its handle dies); rollback of a later
// level undoes what a table cursor did there (cursor::TableCursor::
// RollbackTo). Closing a temp table's last cursor frees the table and
// removes its spill files; it also gives back its place in the instance's
// JET_paramMaxTemporaryTables count.
class CursorResource final : public SessionResource {
 public:
  CursorResource(std::unique_ptr<cursor::TableCursor> cursor,
                 JET_TABLEID handle)
      : cursor_(std::move(cursor)), handle_(handle) {}
  CursorResource(std::unique_ptr<sort::TempTable> temp, JET_TABLEID handle,
                 std::shared_ptr<TempTablePlace> place)
      : place_(std::move(place)), cursor_(std::move(temp)), handle_(handle) {}

  AnyCursor& cursor() { return cursor_; }
  bool is_temp() const { return cursor_.is_temp(); }
  JET_TABLEID handle() const { return handle_; }
  const std::shared_ptr<TempTablePlace>& temp_place() const { return place_; }

  Status RollbackTo(int level) override {
    cursor_.RollbackTo(level);
    return Status::Ok();
  }
  // Ends the handle: later uses give JET_errInvalidTableId.
  Status Close() override;

 private:
  // Temp tables only; declared first so that the table (if this was its
  // last cursor) is destroyed before its place is given back.
  std::shared_ptr<TempTablePlace> place_;
  AnyCursor cursor_;
  JET_TABLEID handle_;
};

}  // namespace lmjet::session

#endif  // LMJET_SESSION_CURSOR_RESOURCE_H_
