#ifndef LMJET_BASE_THREAD_MARK_H_
#define LMJET_BASE_THREAD_MARK_H_

#include <atomic>

namespace lmjet {

// A word per thread that says which object the thread is inside, for
// biased locks whose owner marks itself with plain stores: each owner
// writes only its own mark, so a former owner's late attempt can never
// overwrite the current owner's (session/session.h). Marks are pooled and
// never freed, so a pointer to one stays valid after its thread exits; a
// new thread may then take it over, with whatever it still owns.
struct ThreadMark {
  // The object the holder is inside through a biased entry, or null.
  // Written only by the holder; read by anyone.
  std::atomic<const void*> inside{nullptr};
};

namespace internal {
inline thread_local ThreadMark* tls_thread_mark = nullptr;
ThreadMark* AssignThreadMark();
}  // namespace internal

// The calling thread's mark, assigned on first use.
inline ThreadMark* CurrentThreadMark() {
  ThreadMark* mark = internal::tls_thread_mark;
  if (__builtin_expect(mark == nullptr, 0)) mark = internal::AssignThreadMark();
  return mark;
}

// The calling thread's mark if CurrentThreadMark() has assigned one, else
// null. No call, so hot paths that can do without a mark stay leaf code.
inline ThreadMark* AssignedThreadMark() { return internal::tls_thread_mark; }

}  // namespace lmjet

#endif  // LMJET_BASE_THREAD_MARK_H_
