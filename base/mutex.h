#ifndef LMJET_BASE_MUTEX_H_
#define LMJET_BASE_MUTEX_H_

#include <mutex>

#include "absl/base/thread_annotations.h"

namespace lmjet {

// A std::mutex carrying Abseil's thread-safety annotations.
//
// lmjet does not use absl::Mutex: Debian's libabsl is not built with
// ThreadSanitizer, so TSan cannot see absl::Mutex's lock operations and would
// report every access it guards as a race. std::mutex is intercepted by every
// sanitizer. None of these locks is on a per-call hot path.
class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->Lock();
  }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

}  // namespace lmjet

#endif  // LMJET_BASE_MUTEX_H_
