#include "session/session_manager.h"

#include <chrono>
#include <thread>
#include <vector>

namespace lmjet::session {

NoDestructor<SlotTable<Session>> g_session_table(kSessionHandleTag);

void SessionManager::Start(engine::Instance* instance, uint32_t max_sessions) {
  MutexLock lock(&mu_);
  instance_ = instance;
  max_sessions_ = max_sessions;
  sessions_ = nullptr;
  count_ = 0;
}

void SessionManager::Link(Session* session) {
  session->manager_prev_ = nullptr;
  session->manager_next_ = sessions_;
  if (sessions_ != nullptr) sessions_->manager_prev_ = session;
  sessions_ = session;
  ++count_;
}

void SessionManager::Unlink(Session* session) {
  if (session->manager_prev_ != nullptr) {
    session->manager_prev_->manager_next_ = session->manager_next_;
  } else {
    sessions_ = session->manager_next_;
  }
  if (session->manager_next_ != nullptr) {
    session->manager_next_->manager_prev_ = session->manager_prev_;
  }
  --count_;
}

Status SessionManager::BeginSession(JET_SESID* sesid) {
  MutexLock lock(&mu_);
  // Checked under the lock JetTerm takes after publishing the state, so no
  // session is linked once JetTerm walks the list.
  if (instance_->state() & engine::kInstanceTermInProgress) {
    return Status(JET_errTermInProgress);
  }
  if (count_ >= max_sessions_) return Status(JET_errOutOfSessions);
  auto [handle, session] = SessionTable().Allocate();
  if (session == nullptr) return Status(JET_errOutOfSessions);
  session->Start(instance_, this, handle);
  Link(session);
  SessionTable().Publish(handle);
  *sesid = handle;
  return Status::Ok();
}

Status SessionManager::EndSession(Session* session) {
  LMJET_RETURN_IF_ERROR(session->Unwind());
  const JET_SESID handle = session->handle();
  {
    MutexLock lock(&mu_);
    Unlink(session);
  }
  // Kill the handle while still inside, then leave, then let the slot be
  // reused: a new session in this slot never sees our in-API mark.
  SessionTable().Retire(handle);
  session->Leave();
  SessionTable().Recycle(handle);
  return Status::Ok();
}

void SessionManager::WaitUntilIdle() const {
  std::vector<const Session*> sessions;
  {
    MutexLock lock(&mu_);
    for (Session* s = sessions_; s != nullptr; s = s->manager_next_) {
      sessions.push_back(s);
    }
  }
  // Not under mu_: a JetEndSession in flight takes it to unlink its session.
  // Sessions are never freed, so the pointers stay valid if they end.
  for (const Session* s : sessions) {
    while (s->inside_api()) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
}

bool SessionManager::AnyTransactionOpen() const {
  MutexLock lock(&mu_);
  for (Session* s = sessions_; s != nullptr; s = s->manager_next_) {
    if (s->level() > 0) return true;
  }
  return false;
}

void SessionManager::EndAllForTerm() {
  MutexLock lock(&mu_);
  while (sessions_ != nullptr) {
    Session* s = sessions_;
    // A caller that slipped in sees "term in progress" and leaves at once.
    while (!s->TryEnter()) std::this_thread::yield();
    // Unwinding fails only if memory runs out; JetTerm ends the session
    // regardless (what could not be closed is leaked), as esent.dll does.
    for (int attempt = 0; attempt < 3 && !s->Unwind().ok(); ++attempt) {
    }
    Unlink(s);
    const JET_SESID handle = s->handle();
    s->MarkTerminated(SlotTable<Session>::GenerationOf(handle));
    SessionTable().Retire(handle);
    s->Leave();
    SessionTable().Recycle(handle);
  }
}

int SessionManager::session_count() const {
  MutexLock lock(&mu_);
  return static_cast<int>(count_);
}

}  // namespace lmjet::session
