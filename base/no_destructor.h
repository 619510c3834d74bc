#ifndef LMJET_BASE_NO_DESTRUCTOR_H_
#define LMJET_BASE_NO_DESTRUCTOR_H_

#include <new>
#include <utility>

namespace lmjet {

// Holds a T in static storage and never destroys it: for process-wide tables
// that threads may still use while the process exits. As a namespace-scope
// object it is constructed before main and its address is a link-time
// constant, so reaching it costs no load and no initialisation guard.
template <typename T>
class NoDestructor {
 public:
  template <typename... Args>
  explicit NoDestructor(Args&&... args) {
    new (storage_) T(std::forward<Args>(args)...);
  }
  NoDestructor(const NoDestructor&) = delete;
  NoDestructor& operator=(const NoDestructor&) = delete;

  T& get() { return *std::launder(reinterpret_cast<T*>(storage_)); }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace lmjet

#endif  // LMJET_BASE_NO_DESTRUCTOR_H_
