#ifndef LMJET_BASE_THREAD_ID_H_
#define LMJET_BASE_THREAD_ID_H_

#include <cstdint>

namespace lmjet {

namespace internal {
uint64_t NextThreadId();
}  // namespace internal

// A process-unique, never-reused, non-zero id for the calling thread.
// (Kernel thread ids are reused; session contexts and biased sessions must
// not mistake a new thread for an old one.) Inline: one TLS load and a
// branch on the API gate's path.
inline uint64_t CurrentThreadId() {
  thread_local uint64_t id = 0;
  if (__builtin_expect(id == 0, 0)) id = internal::NextThreadId();
  return id;
}

}  // namespace lmjet

#endif  // LMJET_BASE_THREAD_ID_H_
