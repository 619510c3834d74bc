#include "base/thread_id.h"

#include <atomic>

namespace lmjet::internal {

uint64_t NextThreadId() {
  static std::atomic<uint64_t> next_id{1};
  return next_id.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace lmjet::internal
