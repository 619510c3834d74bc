// Session-level entry points: sessions, transactions, databases. Each only
// marshals its arguments through the gate into the session layer.

#include "api/esent.h"
#include "api/gate.h"
#include "engine/database_file.h"
#include "session/session.h"
#include "session/session_manager.h"

using lmjet::Status;
using lmjet::api::CallSession;
using lmjet::api::StopService;
using lmjet::session::Session;

namespace {

// JetGetVersion: the JET_VERSION lmjet implements in the high half, lmjet's
// own release (major << 8 | minor) in the low half.
constexpr unsigned long kLmjetVersion = (0x0A01ul << 16) | 0x0001ul;

}  // namespace

extern "C" {

JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID* psesid) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    if (psesid == nullptr) return Status(JET_errInvalidParameter);
    // A new, independent session of the same instance; nothing is inherited.
    return s.manager()->BeginSession(psesid);
  });
}

JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit) {
  // DESIGN.md §5, row by row.
  auto& table = lmjet::session::SessionTable();
  const auto found = table.Find(sesid);
  if (found.object == nullptr) return JET_errInvalidSesid;
  Session& session = *found.object;
  if (!found.current) return lmjet::api::DeadSessionError(session, sesid);
  lmjet::engine::Instance* instance = session.instance();
  const Status state =
      lmjet::engine::SessionCallStatus(instance->state(),
                                       /*ignore_stop_service=*/true);
  if (!state.ok()) return state.code();
  if (grbit & ~JET_bitForceSessionClosed) return JET_errInvalidParameter;
  if (!session.TryEnter()) return JET_errSessionInUse;
  if (!found.StillCurrent()) {
    session.Leave();
    return lmjet::api::DeadSessionError(session, sesid);
  }
  if (instance->state() & lmjet::engine::kInstanceTermInProgress) {
    session.Leave();
    return JET_errTermInProgress;
  }
  bool locked = false;
  bool ended = false;
  const JET_ERR err = lmjet::api::Guarded([&] {
    LMJET_RETURN_IF_ERROR(session.LockForEnd());
    locked = true;
    Status status = session.manager()->EndSession(&session);
    ended = status.ok();
    return status;
  });
  if (!ended) {
    // Whatever failed (an error or an exception), the session stays valid
    // and usable: release the end lock, then leave.
    if (locked) session.UnlockAfterFailedEnd();
    session.Leave();
  }
  return err;
}

JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext) {
  return CallSession(sesid, StopService::kBlocks,
                     [=](Session& s) { return s.SetContext(ulContext); });
}

JET_ERR JET_API JetResetSessionContext(JET_SESID sesid) {
  return CallSession(sesid, StopService::kIgnored,
                     [=](Session& s) { return s.ResetContext(); });
}

JET_ERR JET_API JetBeginTransaction(JET_SESID sesid) {
  return JetBeginTransaction3(sesid, 0, 0);
}

JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit) {
  return JetBeginTransaction3(sesid, 0, grbit);
}

JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, long long trxid,
                                     JET_GRBIT grbit) {
  (void)trxid;  // a tracing tag only
  return CallSession(sesid, StopService::kBlocks,
                     [=](Session& s) { return s.BeginTransaction(grbit); });
}

JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit) {
  return JetCommitTransaction2(sesid, grbit, 0, nullptr);
}

JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit,
                                      unsigned long cmsecDurableCommit,
                                      JET_COMMIT_ID* pCommitId) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.CommitTransaction(grbit, cmsecDurableCommit, pCommitId);
  });
}

JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit) {
  return CallSession(sesid, StopService::kIgnored,
                     [=](Session& s) { return s.Rollback(grbit); });
}

JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                   JET_PCSTR szConnect, JET_DBID* pdbid,
                                   JET_GRBIT grbit) {
  (void)szConnect;  // ignored, as in esent.dll
  return JetCreateDatabase2A(sesid, szFilename, 0, pdbid, grbit);
}

JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_DBID* pdbid, JET_GRBIT grbit) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.CreateDatabase(szFilename, cpgDatabaseSizeMax, grbit, pdbid);
  });
}

JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                   JET_GRBIT grbit) {
  return JetAttachDatabase2A(sesid, szFilename, 0, grbit);
}

JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_GRBIT grbit) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.AttachDatabase(szFilename, cpgDatabaseSizeMax, grbit);
  });
}

JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                 JET_PCSTR szConnect, JET_DBID* pdbid,
                                 JET_GRBIT grbit) {
  (void)szConnect;
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.OpenDatabase(szFilename, grbit, pdbid);
  });
}

JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid,
                                 JET_GRBIT grbit) {
  return CallSession(sesid, StopService::kIgnored,
                     [=](Session& s) { return s.CloseDatabase(dbid, grbit); });
}

JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename) {
  return JetDetachDatabase2A(sesid, szFilename, 0);
}

JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    JET_GRBIT grbit) {
  return CallSession(sesid, StopService::kIgnored, [=](Session& s) {
    return s.DetachDatabase(szFilename, grbit);
  });
}

JET_ERR JET_API LmjetGetCommitStats(JET_SESID sesid, JET_DBID dbid,
                                    LMJET_COMMITSTATS* pstats,
                                    unsigned long cbMax) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    const lmjet::engine::DatabaseFile* file = s.OpenFile(dbid);
    if (file == nullptr) return Status(JET_errInvalidDatabaseId);
    if (pstats == nullptr) return Status(JET_errInvalidParameter);
    if (cbMax < sizeof(LMJET_COMMITSTATS)) {
      return Status(JET_errInvalidBufferSize);
    }
    const lmjet::engine::CommitStats stats = file->commit_stats();
    *pstats = LMJET_COMMITSTATS{};
    pstats->cbStruct = sizeof(LMJET_COMMITSTATS);
    pstats->cBatch = stats.batches;
    pstats->cCommit = stats.commits;
    pstats->nsGather = static_cast<unsigned long long>(stats.gather.count());
    pstats->nsApply = static_cast<unsigned long long>(stats.apply.count());
    pstats->nsCommit = static_cast<unsigned long long>(stats.commit.count());
    pstats->nsDurable = static_cast<unsigned long long>(stats.durable.count());
    return Status::Ok();
  });
}

JET_ERR JET_API JetGetVersion(JET_SESID sesid, unsigned long* pwVersion) {
  return CallSession(sesid, StopService::kBlocks, [=](Session&) {
    if (pwVersion == nullptr) return Status(JET_errInvalidParameter);
    *pwVersion = kLmjetVersion;
    return Status::Ok();
  });
}

}  // extern "C"
