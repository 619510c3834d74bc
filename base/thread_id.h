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
namespace internal {
inline thread_local uint64_t tls_thread_id = 0;
}  // namespace internal

inline uint64_t CurrentThreadId() {
  uint64_t id = internal::tls_thread_id;
  if (__builtin_expect(id == 0, 0)) {
    id = internal::NextThreadId();
    internal::tls_thread_id = id;
  }
  return id;
}

// The calling thread's id if CurrentThreadId() has assigned one, else 0.
// No call, so hot paths that can do without an id stay leaf code.
inline uint64_t AssignedThreadId() { return internal::tls_thread_id; }

}  // namespace lmjet

#endif  // LMJET_BASE_THREAD_ID_H_
