#ifndef LMJET_API_INSTANCE_REGISTRY_H_
#define LMJET_API_INSTANCE_REGISTRY_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "api/esent.h"
#include "base/mutex.h"
#include "base/slot_table.h"
#include "base/status.h"
#include "engine/instance.h"
#include "engine/params.h"
#include "session/session_manager.h"

namespace lmjet::api {

// One JET_INSTANCE: the engine's instance and its sessions.
struct InstanceRecord {
  engine::Instance instance;
  session::SessionManager sessions;
  JET_INSTANCE handle = 0;
  bool has_name = false;
  // Serialises JetInit and JetTerm of this instance.
  Mutex lifecycle;
};

inline constexpr uint8_t kInstanceHandleTag = 0x49;  // 'I'

// The process-wide instance state of reference §2.1: the run mode (one
// instance vs many), the instance table, and the parameter defaults that new
// instances copy. Instance-level JET calls are implemented here.
class InstanceRegistry {
 public:
  static InstanceRegistry& Get();

  Status CreateInstance(JET_INSTANCE* pinstance, const char* name,
                        const char* display_name);
  Status Init(JET_INSTANCE* pinstance);
  Status Term(JET_INSTANCE instance, JET_GRBIT grbit);
  Status StopService();
  Status StopServiceInstance(JET_INSTANCE instance, JET_GRBIT grbit);
  Status SetSystemParameter(JET_INSTANCE* pinstance, JET_SESID sesid,
                            unsigned long paramid, JET_API_PTR lParam,
                            const char* szParam);
  Status GetSystemParameter(JET_INSTANCE instance, JET_SESID sesid,
                            unsigned long paramid, JET_API_PTR* plParam,
                            char* szParam, unsigned long cbMax);
  Status BeginSession(JET_INSTANCE instance, JET_SESID* psesid);

  // Resolves a JET_INSTANCE as esent.dll does: in one-instance mode any
  // value names the one instance; otherwise 0 and ~0 give
  // JET_errInvalidParameter and a dead or foreign handle
  // JET_errInvalidInstance.
  Status Find(JET_INSTANCE instance, InstanceRecord** record);

 private:
  enum class RunMode { kNone, kOneInstance, kMultiInstance };

  InstanceRegistry();

  // Allocates and publishes a new, uninitialized instance.
  Status NewInstanceLocked(const char* name, const char* display_name,
                           InstanceRecord** record)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FreeInstance(InstanceRecord* record) ABSL_LOCKS_EXCLUDED(mu_);
  Status InitLocked(InstanceRecord* record)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(record->lifecycle);
  // The instance a sesid names for Set/GetSystemParameter, or null.
  Status InstanceOfSession(JET_SESID sesid, engine::Instance** instance);
  // Where Set/GetSystemParameter act (reference §2.9): the process defaults
  // (`*target` null) for global parameters and when neither a session nor
  // an instance is named outside one-instance mode; else the session's or
  // the named instance. JET_errInvalidParameter for an unknown id.
  Status ParamTarget(JET_INSTANCE instance, JET_SESID sesid,
                     unsigned long paramid, engine::Instance** target);

  SlotTable<InstanceRecord> table_;
  std::atomic<RunMode> mode_{RunMode::kNone};
  std::atomic<JET_INSTANCE> one_instance_{0};

  Mutex mu_;
  std::vector<InstanceRecord*> live_ ABSL_GUARDED_BY(mu_);
  engine::ParamValues defaults_ ABSL_GUARDED_BY(mu_);
};

}  // namespace lmjet::api

#endif  // LMJET_API_INSTANCE_REGISTRY_H_
