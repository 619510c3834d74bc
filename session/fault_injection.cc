#include "session/fault_injection.h"

#ifdef LMJET_FAULT_INJECTION

#include <atomic>

namespace lmjet::session {
namespace {

struct Armed {
  std::atomic<JET_ERR> error{JET_errSuccess};
  std::atomic<int> skip{0};
};
Armed g_faults[static_cast<int>(FaultPoint::kCount)];

}  // namespace

Status InjectedFault(FaultPoint point) {
  Armed& armed = g_faults[static_cast<int>(point)];
  if (armed.error.load() == JET_errSuccess) return Status::Ok();
  if (armed.skip.fetch_sub(1) > 0) return Status::Ok();
  return Status(armed.error.exchange(JET_errSuccess), "injected fault");
}

void ArmFault(FaultPoint point, JET_ERR error, int skip) {
  Armed& armed = g_faults[static_cast<int>(point)];
  armed.skip.store(skip);
  armed.error.store(error);
}

void DisarmAllFaults() {
  for (Armed& armed : g_faults) armed.error.store(JET_errSuccess);
}

}  // namespace lmjet::session

#endif  // LMJET_FAULT_INJECTION
