#ifndef LMJET_SESSION_SESSION_MANAGER_H_
#define LMJET_SESSION_SESSION_MANAGER_H_

#include <cstddef>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "api/esent.h"
#include "base/mutex.h"
#include "base/no_destructor.h"
#include "base/slot_table.h"
#include "base/status.h"
#include "engine/instance.h"
#include "session/session.h"

namespace lmjet::session {

// Every session of the process lives in this table; JET_SESID values are its
// handles (kind tag 'S').
inline constexpr uint8_t kSessionHandleTag = 0x53;
// Created before main and never destroyed: handles into it must stay
// resolvable until exit. Its address is a constant: the gate reaches it
// without a load or a guard check.
extern NoDestructor<SlotTable<Session>> g_session_table;
inline SlotTable<Session>& SessionTable() { return g_session_table.get(); }

// The sessions of one instance: begins them up to JET_paramMaxSessions
// exactly, ends them, and lets JetTerm drain and reclaim them.
class SessionManager {
 public:
  SessionManager() = default;
  SessionManager(const SessionManager&) = delete;
  SessionManager& operator=(const SessionManager&) = delete;

  // Binds the manager to `instance` (at JetInit) with its session limit.
  void Start(engine::Instance* instance, uint32_t max_sessions);

  // JET_errOutOfSessions once max_sessions sessions are live;
  // JET_errTermInProgress once JetTerm has begun.
  Status BeginSession(JET_SESID* sesid);

  // JetEndSession's work after the gate: the caller is inside the API on
  // `session` and holds its end lock (Session::LockForEnd). Unwinds it,
  // kills its handle, leaves the API on it and frees its slot. On failure
  // (or an exception) the session stays live: the caller releases the end
  // lock and leaves the API.
  Status EndSession(Session* session);

  // --- JetTerm -----------------------------------------------------------
  // Returns once every call that entered a session of this instance before
  // "term in progress" was published has left. The caller has published it:
  // no session can begin any more, and a call entering now sees the state
  // and leaves at once, so each session need only be seen idle once.
  void WaitUntilIdle() const;
  // True if any session has an open transaction.
  bool AnyTransactionOpen() const;
  // Ends every session: rolls back, closes, frees; later uses of their
  // handles get JET_errNotInitialized. The instance is draining: callers
  // that raced in back out at once.
  void EndAllForTerm();

  int session_count() const;

 private:
  void Link(Session* session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Unlink(Session* session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  engine::Instance* instance_ = nullptr;
  uint32_t max_sessions_ = 0;

  mutable Mutex mu_;
  Session* sessions_ ABSL_GUARDED_BY(mu_) = nullptr;
  uint32_t count_ ABSL_GUARDED_BY(mu_) = 0;
};

// JetInit's clean-up of temporary-table spill files that processes which
// have since died left in the instance's JET_paramTempPath directory (a live
// process's files, this one's included, are kept). Best effort: a directory
// that cannot be read is left as it is. `*removed` (if given) counts the
// files removed.
void RemoveLeftoverTempFiles(const engine::Instance& instance,
                             size_t* removed = nullptr);

}  // namespace lmjet::session

#endif  // LMJET_SESSION_SESSION_MANAGER_H_
