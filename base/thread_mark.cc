#include "base/thread_mark.h"

#include <vector>

#include "base/mutex.h"
#include "base/no_destructor.h"

namespace lmjet::internal {
namespace {

struct Pool {
  Mutex mu;
  std::vector<ThreadMark*> free ABSL_GUARDED_BY(mu);
};

Pool& ThePool() {
  static NoDestructor<Pool> pool;
  return pool.get();
}

// Returns the thread's mark to the pool when the thread exits. A thread
// exits outside every call, so the mark is not inside anything.
struct Holder {
  ThreadMark* mark = nullptr;
  ~Holder() {
    if (mark == nullptr) return;
    tls_thread_mark = nullptr;
    Pool& pool = ThePool();
    MutexLock lock(&pool.mu);
    pool.free.push_back(mark);
  }
};

thread_local Holder holder;

}  // namespace

ThreadMark* AssignThreadMark() {
  ThreadMark* mark = nullptr;
  {
    Pool& pool = ThePool();
    MutexLock lock(&pool.mu);
    if (!pool.free.empty()) {
      mark = pool.free.back();
      pool.free.pop_back();
    }
  }
  if (mark == nullptr) mark = new ThreadMark;  // never freed (see header)
  holder.mark = mark;
  tls_thread_mark = mark;
  return mark;
}

}  // namespace lmjet::internal
