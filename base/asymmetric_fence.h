#ifndef LMJET_BASE_ASYMMETRIC_FENCE_H_
#define LMJET_BASE_ASYMMETRIC_FENCE_H_

#include <atomic>

namespace lmjet {

// An asymmetric Dekker handshake: the frequent side pays a compiler barrier,
// the rare side a process-wide memory barrier (Linux membarrier,
// MEMBARRIER_CMD_PRIVATE_EXPEDITED, about a microsecond).
//
// Contract: if thread A does `store x; LightFence(); load y` and thread B
// does `store y; HeavyFence(); load x`, then A's load sees B's store or B's
// load sees A's store (or both) -- as if both sides had a full fence.

// True if HeavyFence() is available (registers the process on first call).
// When it is not, callers must use ordinary atomic read-modify-writes.
bool AsymmetricFenceAvailable();

// The rare side. Only valid once AsymmetricFenceAvailable() returned true.
void HeavyFence();

// The frequent side: orders the compiler only; HeavyFence orders the CPU.
inline void LightFence() {
  std::atomic_signal_fence(std::memory_order_seq_cst);
}

}  // namespace lmjet

#endif  // LMJET_BASE_ASYMMETRIC_FENCE_H_
