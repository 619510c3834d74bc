#include "engine/params.h"

#include <strings.h>

#include <cstring>

namespace lmjet::engine {
namespace {

constexpr JET_API_PTR kMaxInt = 0x7FFFFFFF;
constexpr JET_API_PTR kMaxPathBytes = 4095;

// Defaults and ranges are esent.dll's (reference §2.9).
constexpr ParamSpec kSpecs[] = {
    {JET_paramSystemPath, "SystemPath",
     kParamString | kParamPath | kParamFrozenAfterInit, 0, ".\\", 0,
     kMaxPathBytes},
    {JET_paramTempPath, "TempPath",
     kParamString | kParamPath | kParamFrozenAfterInit, 0, "tmp.edb", 0,
     kMaxPathBytes},
    {JET_paramLogFilePath, "LogFilePath",
     kParamString | kParamPath | kParamFrozenAfterInit, 0, ".\\", 0,
     kMaxPathBytes},
    {JET_paramBaseName, "BaseName", kParamString | kParamFrozenAfterInit, 0,
     "edb", 3, 3},
    {JET_paramEventSource, "EventSource", kParamString, 0, "", 0, 255},
    {JET_paramMaxSessions, "MaxSessions",
     kParamFrozenAfterInit | kParamAdvanced, 16, nullptr, 0, 30000},
    {JET_paramMaxOpenTables, "MaxOpenTables",
     kParamFrozenAfterInit | kParamAdvanced, 300, nullptr, 0, kMaxInt},
    {JET_paramMaxCursors, "MaxCursors", kParamFrozenAfterInit | kParamAdvanced,
     1024, nullptr, 0, kMaxInt},
    {JET_paramMaxVerPages, "MaxVerPages",
     kParamFrozenAfterInit | kParamAdvanced, 64, nullptr, 1, kMaxInt},
    {JET_paramMaxTemporaryTables, "MaxTemporaryTables",
     kParamFrozenAfterInit | kParamAdvanced, 20, nullptr, 0, kMaxInt},
    {JET_paramLogFileSize, "LogFileSize", kParamFrozenAfterInit, 5120, nullptr,
     32, kMaxInt},
    {JET_paramCircularLog, "CircularLog", kParamBoolean, 0, nullptr, 0, 1},
    {JET_paramRecovery, "Recovery", kParamString | kParamFrozenAfterInit, 0,
     "on", 0, 255},
    {JET_paramNoInformationEvent, "NoInformationEvent", kParamBoolean, 0,
     nullptr, 0, 1},
    {JET_paramDatabasePageSize, "DatabasePageSize", kParamGlobal, 8192, nullptr,
     2048, 32768},
    {JET_paramCreatePathIfNotExist, "CreatePathIfNotExist", kParamBoolean, 0,
     nullptr, 0, 1},
    {JET_paramOneDatabasePerSession, "OneDatabasePerSession", kParamBoolean, 0,
     nullptr, 0, 1},
    {JET_paramMaxInstances, "MaxInstances", kParamGlobal, 16, nullptr, 1,
     10240},
    {JET_paramEnableAdvanced, "EnableAdvanced", kParamBoolean, 1, nullptr, 0,
     1},
    // lmjet's own (api/esent.h). Read at each JetOpenTempTable, so it is not
    // frozen by JetInit.
    {JET_paramLmjetTempTableMemoryMax, "LmjetTempTableMemoryMax", 0,
     kDefaultTempTableMemoryBytes, nullptr, kMinTempTableMemoryBytes,
     kMaxTempTableMemoryBytes},
};

bool IsValidPageSize(JET_API_PTR v) {
  return v == 2048 || v == 4096 || v == 8192 || v == 16384 || v == 32768;
}

}  // namespace

bool IsValidParamId(unsigned long id) {
  return id < kParamIdLimit ||
         (id >= JET_paramLmjetFirst && id < JET_paramLmjetMaxValueInvalid);
}

const ParamSpec* FindParamSpec(unsigned long id) {
  for (const ParamSpec& spec : kSpecs) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

ParamValues::ParamValues() : values_(kParamIdLimit + kLmjetParamCount) {
  for (const ParamSpec& spec : kSpecs) {
    Value& v = values_[SlotOf(spec.id)];
    v.is_string = (spec.flags & kParamString) != 0;
    if (v.is_string) {
      v.string = spec.default_string;
    } else {
      v.integer = spec.default_integer;
    }
  }
}

bool ParamValues::IsUnchanged(unsigned long id, JET_API_PTR lParam,
                              const char* szParam) const {
  if (!IsValidParamId(id)) return false;
  const Value& v = values_[SlotOf(id)];
  const ParamSpec* spec = FindParamSpec(id);
  if (v.is_string || (spec != nullptr && (spec->flags & kParamString))) {
    return szParam != nullptr && v.string == szParam;
  }
  if (spec != nullptr && (spec->flags & kParamBoolean)) {
    return v.integer == (lParam != 0 ? 1u : 0u);
  }
  return v.integer == lParam;
}

Status ParamValues::Set(unsigned long id, JET_API_PTR lParam,
                        const char* szParam) {
  if (!IsValidParamId(id)) {
    return Status(JET_errInvalidParameter, "unknown parameter id");
  }
  Value& v = values_[SlotOf(id)];
  const ParamSpec* spec = FindParamSpec(id);
  if (spec == nullptr) {
    // A parameter lmjet does not interpret: keep what the caller gave.
    v.is_string = szParam != nullptr;
    if (v.is_string) v.string = szParam;
    v.integer = lParam;
    return Status::Ok();
  }
  if (spec->flags & kParamString) {
    if (szParam == nullptr) {
      return Status(JET_errInvalidParameter, "string parameter needs szParam");
    }
    const size_t length = std::strlen(szParam);
    if (length < spec->min || length > spec->max) {
      return Status(JET_errInvalidParameter, "string length out of range");
    }
    if (id == JET_paramRecovery && strcasecmp(szParam, "on") != 0 &&
        strcasecmp(szParam, "off") != 0) {
      return Status(JET_errInvalidParameter, "Recovery is \"on\" or \"off\"");
    }
    v.string = szParam;
    return Status::Ok();
  }
  if (spec->flags & kParamBoolean) {
    v.integer = lParam != 0 ? 1 : 0;
    return Status::Ok();
  }
  if (lParam < spec->min || lParam > spec->max ||
      (id == JET_paramDatabasePageSize && !IsValidPageSize(lParam))) {
    return Status(JET_errInvalidParameter, "value out of range");
  }
  v.integer = lParam;
  return Status::Ok();
}

Status ParamValues::Get(unsigned long id, JET_API_PTR* plParam, char* szParam,
                        unsigned long cbMax) const {
  if (!IsValidParamId(id)) {
    return Status(JET_errInvalidParameter, "unknown parameter id");
  }
  const Value& v = values_[SlotOf(id)];
  if (!v.is_string) {
    if (plParam == nullptr) return Status(JET_errInvalidParameter);
    *plParam = v.integer;
    return Status::Ok();
  }
  if (szParam == nullptr) return Status(JET_errInvalidParameter);
  if (cbMax < v.string.size() + 1) return Status(JET_errBufferTooSmall);
  std::memcpy(szParam, v.string.c_str(), v.string.size() + 1);
  if (plParam != nullptr) *plParam = 0;
  return Status::Ok();
}

}  // namespace lmjet::engine
