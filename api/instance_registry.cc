#include "api/instance_registry.h"

#include <strings.h>

#include <chrono>
#include <thread>

#include "base/asymmetric_fence.h"
#include "engine/paths.h"

namespace lmjet::api {
namespace {

bool IsNilInstance(JET_INSTANCE instance) {
  return instance == 0 || instance == JET_instanceNil;
}

bool IsNilSesid(JET_SESID sesid) { return sesid == 0 || sesid == JET_sesidNil; }

// JetTerm polls while threads finish their calls; calls are short.
void PauseWhileDraining() {
  std::this_thread::sleep_for(std::chrono::microseconds(100));
}

}  // namespace

InstanceRegistry& InstanceRegistry::Get() {
  // Never destroyed: instance handles must stay resolvable until exit.
  static auto* registry = new InstanceRegistry;
  return *registry;
}

InstanceRegistry::InstanceRegistry() : table_(kInstanceHandleTag) {}

Status InstanceRegistry::Find(JET_INSTANCE instance, InstanceRecord** record) {
  if (mode_.load() == RunMode::kOneInstance) {
    instance = one_instance_.load();
  } else if (IsNilInstance(instance)) {
    return Status(JET_errInvalidParameter, "no instance given");
  }
  const auto found = table_.Find(instance);
  if (found.object == nullptr || !found.current) {
    return Status(JET_errInvalidInstance);
  }
  *record = found.object;
  return Status::Ok();
}

Status InstanceRegistry::NewInstanceLocked(const char* name,
                                           const char* display_name,
                                           InstanceRecord** record) {
  if (live_.size() >= defaults_.integer(JET_paramMaxInstances)) {
    return Status(JET_errTooManyInstances);
  }
  for (const InstanceRecord* other : live_) {
    // Two unnamed instances clash too (reference §2.3).
    const bool clash =
        name == nullptr
            ? !other->has_name
            : other->has_name &&
                  strcasecmp(other->instance.name().c_str(), name) == 0;
    if (clash) return Status(JET_errInstanceNameInUse);
  }
  auto [handle, r] = table_.Allocate();
  if (r == nullptr) return Status(JET_errTooManyInstances);
  r->instance.Reset(name == nullptr ? "" : name,
                    display_name == nullptr ? "" : display_name, defaults_);
  r->has_name = name != nullptr;
  r->handle = handle;
  live_.push_back(r);
  table_.Publish(handle);
  *record = r;
  return Status::Ok();
}

void InstanceRegistry::FreeInstance(InstanceRecord* record) {
  MutexLock lock(&mu_);
  table_.Release(record->handle);
  for (auto it = live_.begin(); it != live_.end(); ++it) {
    if (*it == record) {
      live_.erase(it);
      break;
    }
  }
  if (live_.empty()) {
    // The run mode is sticky only while an instance exists (reference §2.1).
    mode_.store(RunMode::kNone);
    one_instance_.store(0);
  }
}

Status InstanceRegistry::CreateInstance(JET_INSTANCE* pinstance,
                                        const char* name,
                                        const char* display_name) {
  if (pinstance == nullptr) return Status(JET_errInvalidParameter);
  *pinstance = JET_instanceNil;
  MutexLock lock(&mu_);
  if (mode_.load() == RunMode::kOneInstance) {
    return Status(JET_errRunningInOneInstanceMode);
  }
  InstanceRecord* record = nullptr;
  LMJET_RETURN_IF_ERROR(NewInstanceLocked(name, display_name, &record));
  mode_.store(RunMode::kMultiInstance);
  *pinstance = record->handle;
  return Status::Ok();
}

Status InstanceRegistry::InitLocked(InstanceRecord* record) {
  engine::Instance& inst = record->instance;
  const bool create = inst.IntegerParam(JET_paramCreatePathIfNotExist) != 0;
  LMJET_RETURN_IF_ERROR(engine::EnsureDirectory(
      engine::NativePath(inst.StringParam(JET_paramSystemPath).c_str()), create,
      JET_errInvalidSystemPath));
  LMJET_RETURN_IF_ERROR(engine::EnsureDirectory(
      engine::NativePath(inst.StringParam(JET_paramLogFilePath).c_str()),
      create, JET_errInvalidLogDirectory));
  LMJET_RETURN_IF_ERROR(engine::EnsureDirectory(
      engine::DirectoryOf(
          engine::NativePath(inst.StringParam(JET_paramTempPath).c_str())),
      create, JET_errInvalidPath));
  // Spill files of temporary tables that a crashed process left behind.
  session::RemoveLeftoverTempFiles(inst);
  record->sessions.Start(
      &inst, static_cast<uint32_t>(inst.IntegerParam(JET_paramMaxSessions)));
  return Status::Ok();
}

Status InstanceRegistry::Init(JET_INSTANCE* pinstance) {
  InstanceRecord* record = nullptr;
  {
    MutexLock lock(&mu_);
    const RunMode mode = mode_.load();
    if (mode == RunMode::kMultiInstance && pinstance == nullptr) {
      return Status(JET_errRunningInMultiInstanceMode);
    }
    if (mode == RunMode::kOneInstance) {
      return Status(JET_errAlreadyInitialized);
    }
    if (mode == RunMode::kNone) {
      // JetInit without JetCreateInstance: one-instance mode, whatever
      // (possibly stale) handle the caller passed.
      LMJET_RETURN_IF_ERROR(NewInstanceLocked(nullptr, nullptr, &record));
      mode_.store(RunMode::kOneInstance);
      one_instance_.store(record->handle);
    } else if (IsNilInstance(*pinstance)) {
      LMJET_RETURN_IF_ERROR(NewInstanceLocked(nullptr, nullptr, &record));
    }
  }
  if (record == nullptr) LMJET_RETURN_IF_ERROR(Find(*pinstance, &record));

  Status status;
  {
    MutexLock lifecycle(&record->lifecycle);
    engine::Instance& inst = record->instance;
    const uint32_t state = inst.state();
    if (!table_.IsCurrent(record->handle))
      return Status(JET_errInvalidInstance);
    if (state & engine::kInstanceInitialized) {
      return Status(JET_errAlreadyInitialized);
    }
    if (state & engine::kInstanceTermInProgress) {
      return Status(JET_errTermInProgress);
    }
    if (state & engine::kInstanceRestoreInProgress) {
      return Status(JET_errRestoreInProgress);
    }
    inst.SetStateBits(engine::kInstanceInitInProgress);
    status = InitLocked(record);
    if (status.ok()) {
      inst.SetState(engine::kInstanceInitialized);
      if (pinstance != nullptr) *pinstance = record->handle;
      return status;
    }
  }
  // A failed JetInit destroys the instance, even one JetCreateInstance made
  // (reference §2.4), and clears the caller's handle.
  FreeInstance(record);
  if (pinstance != nullptr) *pinstance = 0;
  return status;
}

Status InstanceRegistry::Term(JET_INSTANCE instance, JET_GRBIT grbit) {
  InstanceRecord* record = nullptr;
  LMJET_RETURN_IF_ERROR(Find(instance, &record));
  engine::Instance& inst = record->instance;
  // A second JetTerm while the first drains is told so at once.
  if (inst.state() & engine::kInstanceTermInProgress) {
    return Status(JET_errTermInProgress);
  }
  bool was_initialized;
  {
    MutexLock lifecycle(&record->lifecycle);
    if (!table_.IsCurrent(record->handle))
      return Status(JET_errInvalidInstance);
    const uint32_t state = inst.state();
    if (state & engine::kInstanceRestoreInProgress) {
      return Status(JET_errRestoreInProgress);
    }
    was_initialized = (state & engine::kInstanceInitialized) != 0;
    if (was_initialized) {
      // Term in progress first, then wait until no thread is inside a call
      // on this instance: every entrant re-checks the state after marking
      // itself inside (the Dekker handshake of DESIGN.md §2).
      inst.SetStateBits(engine::kInstanceTermInProgress);
      // The heavy side of the handshake with sessions' biased entries.
      if (AsymmetricFenceAvailable()) HeavyFence();
      while (inst.instance_calls().load() > 0) PauseWhileDraining();
      record->sessions.WaitUntilIdle();
      if (!(grbit & JET_bitTermDirty) &&
          record->sessions.AnyTransactionOpen()) {
        inst.ClearStateBits(engine::kInstanceTermInProgress);
        return Status(JET_errTooManyActiveUsers);
      }
      record->sessions.EndAllForTerm();
      inst.DetachEverything();
    }
    // Never initialized (or its JetInit failed): simply freed.
  }
  FreeInstance(record);
  if (was_initialized && (grbit & JET_bitTermDirty)) {
    return Status(JET_errDirtyShutdown);
  }
  return Status::Ok();
}

Status InstanceRegistry::StopService() {
  const RunMode mode = mode_.load();
  if (mode == RunMode::kNone) return Status(JET_errInvalidParameter);
  if (mode == RunMode::kMultiInstance) {
    return Status(JET_errRunningInMultiInstanceMode);
  }
  return StopServiceInstance(one_instance_.load(), JET_bitStopServiceAll);
}

Status InstanceRegistry::StopServiceInstance(JET_INSTANCE instance,
                                             JET_GRBIT grbit) {
  InstanceRecord* record = nullptr;
  LMJET_RETURN_IF_ERROR(Find(instance, &record));
  return record->instance.StopService(grbit);
}

Status InstanceRegistry::InstanceOfSession(JET_SESID sesid,
                                           engine::Instance** instance) {
  const auto found = session::SessionTable().Find(sesid);
  if (found.object == nullptr) return Status(JET_errInvalidSesid);
  if (!found.current) {
    return found.object->WasTerminated(
               SlotTable<session::Session>::GenerationOf(sesid))
               ? Status(JET_errNotInitialized)
               : Status(JET_errInvalidSesid);
  }
  *instance = found.object->instance();
  return Status::Ok();
}

Status InstanceRegistry::ParamTarget(JET_INSTANCE instance, JET_SESID sesid,
                                     unsigned long paramid,
                                     engine::Instance** target) {
  *target = nullptr;
  if (!engine::IsValidParamId(paramid)) {
    return Status(JET_errInvalidParameter, "unknown parameter id");
  }
  const engine::ParamSpec* spec = engine::FindParamSpec(paramid);
  if (spec != nullptr && (spec->flags & engine::kParamGlobal)) {
    return Status::Ok();
  }
  if (!IsNilSesid(sesid)) return InstanceOfSession(sesid, target);
  if (mode_.load() == RunMode::kOneInstance || !IsNilInstance(instance)) {
    InstanceRecord* record = nullptr;
    LMJET_RETURN_IF_ERROR(Find(instance, &record));
    *target = &record->instance;
  }
  return Status::Ok();
}

Status InstanceRegistry::SetSystemParameter(JET_INSTANCE* pinstance,
                                            JET_SESID sesid,
                                            unsigned long paramid,
                                            JET_API_PTR lParam,
                                            const char* szParam) {
  engine::Instance* target = nullptr;
  LMJET_RETURN_IF_ERROR(ParamTarget(pinstance != nullptr ? *pinstance : 0,
                                    sesid, paramid, &target));
  const engine::ParamSpec* spec = engine::FindParamSpec(paramid);
  const bool global = spec != nullptr && (spec->flags & engine::kParamGlobal);
  if (target != nullptr) {
    const uint32_t state = target->state();
    if (state & engine::kInstanceInitInProgress) {
      return Status(JET_errInitInProgress);
    }
    if (state & engine::kInstanceTermInProgress) {
      return Status(JET_errTermInProgress);
    }
    if (state & engine::kInstanceRestoreInProgress) {
      return Status(JET_errRestoreInProgress);
    }
    return target->SetParam(paramid, lParam, szParam);
  }

  // The process defaults, which later instances copy.
  MutexLock lock(&mu_);
  if (defaults_.IsUnchanged(paramid, lParam, szParam)) return Status::Ok();
  if (spec != nullptr) {
    if ((spec->flags & engine::kParamAdvanced) &&
        defaults_.integer(JET_paramEnableAdvanced) == 0) {
      return Status::Ok();
    }
    if (global && mode_.load() != RunMode::kNone) {
      return Status(JET_errAlreadyInitialized,
                    "global parameter is fixed while an instance exists");
    }
  }
  return defaults_.Set(paramid, lParam, szParam);
}

Status InstanceRegistry::GetSystemParameter(JET_INSTANCE instance,
                                            JET_SESID sesid,
                                            unsigned long paramid,
                                            JET_API_PTR* plParam, char* szParam,
                                            unsigned long cbMax) {
  engine::Instance* target = nullptr;
  LMJET_RETURN_IF_ERROR(ParamTarget(instance, sesid, paramid, &target));
  if (target != nullptr) {
    return target->GetParam(paramid, plParam, szParam, cbMax);
  }
  MutexLock lock(&mu_);
  return defaults_.Get(paramid, plParam, szParam, cbMax);
}

Status InstanceRegistry::BeginSession(JET_INSTANCE instance,
                                      JET_SESID* psesid) {
  InstanceRecord* record = nullptr;
  LMJET_RETURN_IF_ERROR(Find(instance, &record));
  engine::Instance& inst = record->instance;
  inst.instance_calls().fetch_add(1);
  Status status;
  if (!table_.IsCurrent(record->handle)) {
    status = Status(JET_errInvalidInstance);
  } else {
    status = engine::InstanceCallStatus(inst.state());
  }
  if (status.ok()) {
    status = psesid == nullptr ? Status(JET_errInvalidParameter)
                               : record->sessions.BeginSession(psesid);
  }
  inst.instance_calls().fetch_sub(1);
  return status;
}

}  // namespace lmjet::api
