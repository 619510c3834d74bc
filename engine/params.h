#ifndef LMJET_ENGINE_PARAMS_H_
#define LMJET_ENGINE_PARAMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"

namespace lmjet::engine {

// What JetSetSystemParameter may do with a parameter.
enum ParamFlag : uint32_t {
  kParamString = 1u << 0,   // value is szParam, not lParam
  kParamBoolean = 1u << 1,  // any non-zero lParam is stored as 1
  kParamGlobal = 1u << 2,   // process-wide; frozen once any instance exists
  kParamFrozenAfterInit = 1u << 3,  // per instance; frozen by JetInit
  kParamAdvanced = 1u << 4,         // ignored while EnableAdvanced is 0
  kParamPath = 1u << 5,             // a file-system path (Windows style ok)
};

struct ParamSpec {
  unsigned long id;
  const char* name;
  uint32_t flags;
  JET_API_PTR default_integer;
  const char* default_string;
  JET_API_PTR min;  // integer range, or string length range in bytes
  JET_API_PTR max;
};

// Parameter ids below this are accepted; ids lmjet has no use for are stored
// as given and read back unchanged, as ESE accepts them.
inline constexpr unsigned long kParamIdLimit = JET_paramMaxValueInvalid;

// lmjet's own parameters: ids JET_paramLmjetFirst up to (not including)
// JET_paramLmjetMaxValueInvalid, each with a ParamSpec.
inline constexpr unsigned long kLmjetParamCount =
    JET_paramLmjetMaxValueInvalid - JET_paramLmjetFirst;

// JET_paramLmjetTempTableMemoryMax's default and range, in bytes.
inline constexpr JET_API_PTR kDefaultTempTableMemoryBytes = 64 << 20;
inline constexpr JET_API_PTR kMinTempTableMemoryBytes = 4096;
inline constexpr JET_API_PTR kMaxTempTableMemoryBytes = JET_API_PTR{1} << 40;

// True for an id JetSetSystemParameter / JetGetSystemParameter accept: below
// kParamIdLimit, or one of lmjet's own. Others are JET_errInvalidParameter.
bool IsValidParamId(unsigned long id);

// The specification of a parameter lmjet interprets, or null.
const ParamSpec* FindParamSpec(unsigned long id);

// One set of parameter values: the process defaults, or one instance's copy.
// Not thread-safe; owners guard it.
class ParamValues {
 public:
  ParamValues();

  // `id` must be IsValidParamId.
  JET_API_PTR integer(unsigned long id) const {
    return values_[SlotOf(id)].integer;
  }
  const std::string& string(unsigned long id) const {
    return values_[SlotOf(id)].string;
  }

  // True if setting (lParam, szParam) would leave the value as it is.
  bool IsUnchanged(unsigned long id, JET_API_PTR lParam,
                   const char* szParam) const;

  // Validates and stores. JET_errInvalidParameter for an id out of range or a
  // value outside the parameter's range.
  Status Set(unsigned long id, JET_API_PTR lParam, const char* szParam);

  // Reads a value as JetGetSystemParameter returns it: integers through
  // `plParam`, strings NUL-terminated into `szParam` of `cbMax` bytes.
  Status Get(unsigned long id, JET_API_PTR* plParam, char* szParam,
             unsigned long cbMax) const;

 private:
  struct Value {
    JET_API_PTR integer = 0;
    std::string string;
    bool is_string = false;
  };
  // ESE's ids index values_ directly; lmjet's follow them.
  static size_t SlotOf(unsigned long id) {
    return id < kParamIdLimit ? id : kParamIdLimit + (id - JET_paramLmjetFirst);
  }
  std::vector<Value> values_;  // indexed by SlotOf(parameter id)
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_PARAMS_H_
