// Instance-level entry points: instances, parameters, JetBeginSession.
// Each only marshals its arguments into the instance registry.

#include "api/esent.h"
#include "api/gate.h"
#include "api/instance_registry.h"

using lmjet::api::Guarded;
using lmjet::api::InstanceRegistry;

extern "C" {

JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE* pinstance,
                                   JET_PCSTR szInstanceName) {
  return JetCreateInstance2A(pinstance, szInstanceName, nullptr, 0);
}

JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE* pinstance,
                                    JET_PCSTR szInstanceName,
                                    JET_PCSTR szDisplayName, JET_GRBIT grbit) {
  (void)grbit;  // unused, as in esent.dll
  return Guarded([&] {
    return InstanceRegistry::Get().CreateInstance(pinstance, szInstanceName,
                                                  szDisplayName);
  });
}

JET_ERR JET_API JetInit(JET_INSTANCE* pinstance) {
  return JetInit3A(pinstance, nullptr, 0);
}

JET_ERR JET_API JetInit2(JET_INSTANCE* pinstance, JET_GRBIT grbit) {
  return JetInit3A(pinstance, nullptr, grbit);
}

JET_ERR JET_API JetInit3A(JET_INSTANCE* pinstance, JET_RSTINFO_A* prstInfo,
                          JET_GRBIT grbit) {
  // Recovery grbits have nothing to act on: LMDB commits are atomic on disk.
  (void)grbit;
  if (prstInfo != nullptr && prstInfo->cbStruct != sizeof(JET_RSTINFO_A)) {
    return JET_errInvalidParameter;
  }
  return Guarded([&] { return InstanceRegistry::Get().Init(pinstance); });
}

JET_ERR JET_API JetTerm(JET_INSTANCE instance) {
  return JetTerm2(instance, JET_bitTermAbrupt);
}

JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit) {
  return Guarded([&] { return InstanceRegistry::Get().Term(instance, grbit); });
}

JET_ERR JET_API JetStopService(void) {
  return Guarded([&] { return InstanceRegistry::Get().StopService(); });
}

JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance) {
  return JetStopServiceInstance2(instance, JET_bitStopServiceAll);
}

JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance,
                                        const JET_GRBIT grbit) {
  return Guarded([&] {
    return InstanceRegistry::Get().StopServiceInstance(instance, grbit);
  });
}

JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE* pinstance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR lParam, JET_PCSTR szParam) {
  return Guarded([&] {
    return InstanceRegistry::Get().SetSystemParameter(pinstance, sesid, paramid,
                                                      lParam, szParam);
  });
}

JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR* plParam, JET_PSTR szParam,
                                       unsigned long cbMax) {
  return Guarded([&] {
    return InstanceRegistry::Get().GetSystemParameter(instance, sesid, paramid,
                                                      plParam, szParam, cbMax);
  });
}

JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID* psesid,
                                 JET_PCSTR szUserName, JET_PCSTR szPassword) {
  // esent.dll ignores the user name and password.
  (void)szUserName;
  (void)szPassword;
  return Guarded(
      [&] { return InstanceRegistry::Get().BeginSession(instance, psesid); });
}

}  // extern "C"
