#ifndef LMJET_API_TESTING_H_
#define LMJET_API_TESTING_H_

// Test-only hooks, compiled into //api:esent_testing and never into
// //api:esent. They reach states no public call produces yet.

#include <cstdint>
#include <functional>

#include "api/esent.h"
#include "session/fault_injection.h"

namespace lmjet::testing {

// Sets or clears bits of an instance's state word (engine/instance.h:
// kInstanceRestoreInProgress, kInstanceUnavailable, ...).
JET_ERR SetInstanceStateBits(JET_INSTANCE instance, uint32_t bits, bool set);

// The instance's state word, or 0 for an invalid handle.
uint32_t InstanceState(JET_INSTANCE instance);

// The number of resources (cursors, sort tables) `sesid` owns.
int SessionResourceCount(JET_SESID sesid);

// Gives `sesid` a resource (as a cursor or sort table will be) opened at the
// session's current transaction level. The session calls `close` whenever it
// closes the resource; an error leaves it open and owned. `rollback_to`, if
// given, is called when a level above the resource's is rolled back.
JET_ERR AdoptResource(JET_SESID sesid, std::function<JET_ERR()> close,
                      std::function<void(int level)> rollback_to = nullptr);

}  // namespace lmjet::testing

#endif  // LMJET_API_TESTING_H_
