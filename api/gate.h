#ifndef LMJET_API_GATE_H_
#define LMJET_API_GATE_H_

#include <new>

#include "api/esent.h"
#include "base/status.h"
#include "engine/instance.h"
#include "session/cursor_resource.h"
#include "session/session.h"
#include "session/session_manager.h"

namespace lmjet::api {

// The one API gate (DESIGN.md §2). Every Jet* entry point is a call of one
// of these with a body that only marshals arguments.

// Runs `body`, which returns a JET_ERR, and turns what escapes it into one:
// std::bad_alloc is JET_errOutOfMemory, anything else JET_errInternalError.
// No exception ever crosses the C boundary.
template <typename Body>
JET_ERR GuardedJetErr(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return JET_errOutOfMemory;
  } catch (...) {
    return JET_errInternalError;
  }
}

// GuardedJetErr for a body that returns a Status. Written out rather than
// wrapping GuardedJetErr: every session call runs it, and the extra lambda
// layer cost the scan's calls a few instructions each (callgrind).
template <typename Body>
JET_ERR Guarded(Body&& body) noexcept {
  try {
    return body().code();
  } catch (const std::bad_alloc&) {
    return JET_errOutOfMemory;
  } catch (...) {
    return JET_errInternalError;
  }
}

// The error for a session handle that is not current: JET_errNotInitialized
// if JetTerm ended it, JET_errInvalidSesid otherwise.
inline JET_ERR DeadSessionError(const session::Session& session,
                                JET_SESID sesid) {
  return session.WasTerminated(SlotTable<session::Session>::GenerationOf(sesid))
             ? JET_errNotInitialized
             : JET_errInvalidSesid;
}

// Which session calls go on while JetStopService is in force.
enum class StopService { kBlocks, kIgnored };

// Enters a session call: validates `sesid` (JET_errInvalidSesid), marks the
// session inside the API, checks the instance state word with one load, runs
// `body(session)` and leaves. Errors come in DESIGN.md's order: a bad
// handle, then the instance state, then another thread inside
// (JET_errSessionSharingViolation).
//
// The state is read after the mark is set, which both orders the errors and
// closes the race with JetTerm (the Dekker handshake of DESIGN.md §2).
template <typename Body>
__attribute__((noinline)) JET_ERR CallSessionSlow(JET_SESID sesid,
                                                  StopService stop,
                                                  Body body) noexcept {
  const auto found = session::SessionTable().Find(sesid);
  if (!found.current) {
    return found.object == nullptr ? JET_errInvalidSesid
                                   : DeadSessionError(*found.object, sesid);
  }
  session::Session& session = *found.object;
  const bool ignore_stop = stop == StopService::kIgnored;
  if (!session.TryEnter()) {
    const Status state =
        engine::SessionCallStatus(session.instance()->state(), ignore_stop);
    return state.ok() ? JET_errSessionSharingViolation : state.code();
  }
  if (!found.StillCurrent()) {
    session.Leave();
    return DeadSessionError(session, sesid);
  }
  const Status state =
      engine::SessionCallStatus(session.instance()->state(), ignore_stop);
  if (!state.ok()) {
    session.Leave();
    return state.code();
  }
  const JET_ERR err = Guarded([&] { return body(session); });
  session.Leave();
  return err;
}

// The hot path of every session call: a current handle used by the thread
// the session is biased to, on a running instance -- a few loads, two
// stores and no read-modify-write. Anything else takes CallSessionSlow,
// which applies the whole protocol from the start. Bodies capture their
// arguments by value, so the closure travels in registers.
template <typename Body>
JET_ERR CallSession(JET_SESID sesid, StopService stop, Body body) noexcept {
  const auto found = session::SessionTable().Find(sesid);
  if (__builtin_expect(found.current, 1)) {
    session::Session& session = *found.object;
    if (session.TryEnterBiased()) {
      if (__builtin_expect(
              found.StillCurrent() &&
                  session.instance()->state() == engine::kInstanceInitialized,
              1)) {
        const JET_ERR err = Guarded([&] { return body(session); });
        session.LeaveBiased();
        return err;
      }
      session.LeaveBiased();
    }
  }
  return CallSessionSlow(sesid, stop, body);
}

// CallTable after its hot path: CallSession, then the table handle, with
// every check and error in order. Out of line, so that the hot path keeps
// its registers.
template <typename Body>
__attribute__((noinline)) JET_ERR CallTableSlow(JET_SESID sesid,
                                                JET_TABLEID tableid,
                                                StopService stop,
                                                Body body) noexcept {
  return CallSession(
      sesid, stop,
      [=](session::Session & session) __attribute__((always_inline))->Status {
        const auto found = session::TableIdTable().Find(tableid);
        if (!found.current) return Status(JET_errInvalidTableId);
        if (found.object->owner.load(std::memory_order_acquire) != &session) {
          return Status(JET_errSesidTableIdMismatch);
        }
        session::CursorResource* resource =
            found.object->cursor.load(std::memory_order_relaxed);
        if (resource == nullptr || !found.StillCurrent()) {
          return Status(JET_errInvalidTableId);
        }
        return body(session, *resource);
      });
}

// A call on a table cursor: CallSession, then `tableid` must name a cursor
// of that session -- JET_errInvalidTableId for a closed, stale or garbage
// handle, JET_errSesidTableIdMismatch for another session's cursor. Runs
// `body(session, resource)`.
//
// The hot path starts from the cursor: a current `tableid` whose slot names
// `sesid` as its owner gives the session without a second slot-table
// lookup. After the biased entry it re-checks, as CallSession does, that
// both handles are still current and the instance is running. The owner's
// slot generation word equal to sesid's generation, with the slot's
// owner_handle equal to sesid, is CallSession's StillCurrent; a table
// handle still current still has the owner read (a slot's owner is set
// before its handle is published and cleared only after it is retired).
// Anything else takes CallSession with the full checks and their error
// order.
template <typename Body>
JET_ERR CallTable(JET_SESID sesid, JET_TABLEID tableid, StopService stop,
                  Body body) noexcept {
  const auto table = session::TableIdTable().Find(tableid);
  if (__builtin_expect(table.current, 1) &&
      table.object->owner_handle.load(std::memory_order_relaxed) == sesid) {
    session::Session* session =
        table.object->owner.load(std::memory_order_acquire);
    const std::atomic<uint32_t>* session_generation =
        table.object->owner_generation.load(std::memory_order_relaxed);
    if (session != nullptr && session_generation != nullptr &&
        session->TryEnterBiased()) {
      session::CursorResource* resource =
          table.object->cursor.load(std::memory_order_relaxed);
      if (__builtin_expect(
              resource != nullptr &&
                  session_generation->load(std::memory_order_acquire) ==
                      SlotTable<session::Session>::GenerationOf(sesid) &&
                  table.StillCurrent() &&
                  session->instance()->state() == engine::kInstanceInitialized,
              1)) {
        const JET_ERR err = Guarded([&] { return body(*session, *resource); });
        session->LeaveBiased();
        return err;
      }
      session->LeaveBiased();
    }
  }
  return CallTableSlow(sesid, tableid, stop, body);
}

// The W entry points convert their strings before calling the A twins, as
// esent.dll does after its handle validation (JET_VALIDATE_SESID, ..._TABLEID)
// and before the gate. When a conversion fails, these give the error a bad
// handle takes first: the session's (as CallSession reports it), then for
// a table call JET_errInvalidTableId; else `conversion_error`.
inline JET_ERR SesidFirst(JET_SESID sesid, JET_ERR conversion_error) {
  const auto found = session::SessionTable().Find(sesid);
  if (!found.current) {
    return found.object == nullptr ? JET_errInvalidSesid
                                   : DeadSessionError(*found.object, sesid);
  }
  return conversion_error;
}

inline JET_ERR TableIdFirst(JET_SESID sesid, JET_TABLEID tableid,
                            JET_ERR conversion_error) {
  const JET_ERR err = SesidFirst(sesid, conversion_error);
  if (err != conversion_error) return err;
  return session::TableIdTable().Find(tableid).current ? conversion_error
                                                       : JET_errInvalidTableId;
}

}  // namespace lmjet::api

#endif  // LMJET_API_GATE_H_
