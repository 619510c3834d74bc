#ifndef LMJET_BASE_STATUS_H_
#define LMJET_BASE_STATUS_H_

#include "api/esent.h"

namespace lmjet {

// The result of an engine operation: the JET_ERR code itself (0 success,
// negative error, positive warning) and an optional static explanation.
//
// ESE reports ordinary outcomes such as JET_wrnColumnNull or
// JET_errNoCurrentRecord on hot paths, so a Status never allocates: it is two
// words, returned in registers. The detail must point at a string literal.
class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr explicit Status(JET_ERR code, const char* detail = nullptr)
      : code_(code), detail_(detail) {}

  static constexpr Status Ok() { return Status(); }

  // True for success and for warnings; only negative codes are errors.
  constexpr bool ok() const { return code_ >= 0; }
  constexpr bool is_warning() const { return code_ > 0; }
  constexpr JET_ERR code() const { return code_; }
  const char* detail() const { return detail_ != nullptr ? detail_ : ""; }

  friend constexpr bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_;
  }
  friend constexpr bool operator!=(const Status& a, const Status& b) {
    return a.code_ != b.code_;
  }

 private:
  JET_ERR code_ = JET_errSuccess;
  const char* detail_ = nullptr;
};

}  // namespace lmjet

// Returns from the enclosing function if `expr` yields an error. Warnings
// fall through; callers that must propagate a warning keep the Status.
#define LMJET_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::lmjet::Status lmjet_status_ = (expr);        \
    if (!lmjet_status_.ok()) return lmjet_status_; \
  } while (0)

#endif  // LMJET_BASE_STATUS_H_
