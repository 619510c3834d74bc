#include "base/asymmetric_fence.h"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lmjet {
namespace {

long Membarrier(int command) { return syscall(__NR_membarrier, command, 0, 0); }

bool Register() {
  const long supported = Membarrier(MEMBARRIER_CMD_QUERY);
  if (supported < 0 || !(supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED)) {
    return false;
  }
  return Membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
}

}  // namespace

bool AsymmetricFenceAvailable() {
  static const bool available = Register();
  return available;
}

void HeavyFence() {
  // Cannot fail once registered. The system call is a full barrier for the
  // calling thread too; the read-modify-write says so to the compiler (and
  // to sanitizers, which do not model atomic_thread_fence).
  static std::atomic<int> order{0};
  (void)Membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
  order.fetch_add(0, std::memory_order_seq_cst);
}

}  // namespace lmjet
