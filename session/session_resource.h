#ifndef LMJET_SESSION_SESSION_RESOURCE_H_
#define LMJET_SESSION_SESSION_RESOURCE_H_

#include "base/status.h"
#include "engine/database_file.h"

namespace lmjet::session {

class Session;

// Something a session owns and must unwind: a table cursor, a sort or
// temporary table. One mechanism serves JetRollback, JetCloseDatabase and
// JetEndSession (reference §1.3):
//   - rolling back level L closes every resource opened at level >= L and
//     calls RollbackTo(L - 1) on the others (cancel an update prepared in L,
//     drop an index chosen in L);
//   - committing level L re-homes resources opened in L to level L - 1;
//   - the session's last close of a database closes the resources on it;
//   - ending the session closes what is left.
// The session deletes a resource after its Close() succeeds. A Close() that
// fails leaves the resource owned and open, so the call can be repeated.
class SessionResource {
 public:
  SessionResource() = default;
  SessionResource(const SessionResource&) = delete;
  SessionResource& operator=(const SessionResource&) = delete;
  virtual ~SessionResource() = default;

  // Undoes what this resource did in levels above `level`; it stays open.
  virtual Status RollbackTo(int level) {
    (void)level;
    return Status::Ok();
  }
  // Releases everything the resource holds.
  virtual Status Close() = 0;

  // The transaction level the resource was opened at (or re-homed to).
  int level() const { return level_; }
  // The database file it lives on, or null (sort tables).
  engine::DatabaseFile* database() const { return database_; }

 private:
  friend class Session;
  int level_ = 0;
  engine::DatabaseFile* database_ = nullptr;
  SessionResource* prev_ = nullptr;
  SessionResource* next_ = nullptr;
};

}  // namespace lmjet::session

#endif  // LMJET_SESSION_SESSION_RESOURCE_H_
