#ifndef LMJET_SESSION_CURSOR_RESOURCE_H_
#define LMJET_SESSION_CURSOR_RESOURCE_H_

#include <atomic>
#include <memory>

#include "api/esent.h"
#include "base/slot_table.h"
#include "cursor/table_cursor.h"
#include "session/session_resource.h"

namespace lmjet::session {

class Session;
class CursorResource;

// What a JET_TABLEID names: the cursor and the session that owns it. Only
// the owner changes a slot, while inside a call on itself, so a call that
// finds `owner` equal to its own session may use `cursor` for the whole
// call; any other session only compares `owner` (JET_errSesidTableIdMismatch).
struct TableSlot {
  std::atomic<Session*> owner{nullptr};
  std::atomic<CursorResource*> cursor{nullptr};
};

// The process-wide table of table handles (kind tag 'T').
SlotTable<TableSlot>& TableIdTable();

// A table cursor as a session resource: rollback of the level it was opened
// in closes it (and its handle dies); rollback of a later level undoes what
// the cursor did there (cursor::TableCursor::RollbackTo).
class CursorResource final : public SessionResource {
 public:
  CursorResource(std::unique_ptr<cursor::TableCursor> cursor,
                 JET_TABLEID handle)
      : cursor_(std::move(cursor)), handle_(handle) {}

  cursor::TableCursor& cursor() { return *cursor_; }
  JET_TABLEID handle() const { return handle_; }

  Status RollbackTo(int level) override {
    cursor_->RollbackTo(level);
    return Status::Ok();
  }
  // Ends the handle: later uses give JET_errInvalidTableId.
  Status Close() override;

 private:
  std::unique_ptr<cursor::TableCursor> cursor_;
  JET_TABLEID handle_;
};

}  // namespace lmjet::session

#endif  // LMJET_SESSION_CURSOR_RESOURCE_H_
