#ifndef LMJET_SESSION_FAULT_INJECTION_H_
#define LMJET_SESSION_FAULT_INJECTION_H_

#include "base/status.h"

namespace lmjet::session {

// Points in the session layer where tests inject the failures that no public
// call can provoke (an allocation failing while JetEndSession unwinds).
enum class FaultPoint {
  kRollbackLevel,  // before each transaction level is rolled back
  kCloseDatabase,  // before each open database is closed
  kCloseResource,  // before each cursor or sort table is closed
  kCount,
};

#ifdef LMJET_FAULT_INJECTION
// Test builds only (the *_faults targets): returns the armed error once the
// point has been passed `skip` times, then disarms it.
Status InjectedFault(FaultPoint point);
void ArmFault(FaultPoint point, JET_ERR error, int skip = 0);
void DisarmAllFaults();
#else
inline Status InjectedFault(FaultPoint) { return Status::Ok(); }
#endif

}  // namespace lmjet::session

#endif  // LMJET_SESSION_FAULT_INJECTION_H_
