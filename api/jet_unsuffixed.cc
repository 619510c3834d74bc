// Real exports for the unsuffixed names that esent.h maps to the narrow (A)
// functions with macros, so that callers that look them up dynamically
// (dlsym, other languages' FFI) find them, as in esent.dll's export table.

// Like esent.dll's, these exports are the A functions whatever a caller's
// JET_UNICODE says (JET_UNICODE only changes what the macros name).
#ifdef JET_UNICODE
#error "jet_unsuffixed.cc defines the narrow unsuffixed exports"
#endif

#include "api/esent.h"

#undef JetCreateInstance
#undef JetCreateInstance2
#undef JetInit3
#undef JetSetSystemParameter
#undef JetGetSystemParameter
#undef JetBeginSession
#undef JetCreateDatabase
#undef JetCreateDatabase2
#undef JetAttachDatabase
#undef JetAttachDatabase2
#undef JetOpenDatabase
#undef JetDetachDatabase
#undef JetDetachDatabase2

extern "C" {

JET_ERR JET_API JetCreateInstance(JET_INSTANCE* pinstance, JET_PCSTR name) {
  return JetCreateInstanceA(pinstance, name);
}
JET_ERR JET_API JetCreateInstance2(JET_INSTANCE* pinstance, JET_PCSTR name,
                                   JET_PCSTR display_name, JET_GRBIT grbit) {
  return JetCreateInstance2A(pinstance, name, display_name, grbit);
}
JET_ERR JET_API JetInit3(JET_INSTANCE* pinstance, JET_RSTINFO_A* prstInfo,
                         JET_GRBIT grbit) {
  return JetInit3A(pinstance, prstInfo, grbit);
}
JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE* pinstance, JET_SESID sesid,
                                      unsigned long paramid, JET_API_PTR lParam,
                                      JET_PCSTR szParam) {
  return JetSetSystemParameterA(pinstance, sesid, paramid, lParam, szParam);
}
JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid,
                                      unsigned long paramid,
                                      JET_API_PTR* plParam, JET_PSTR szParam,
                                      unsigned long cbMax) {
  return JetGetSystemParameterA(instance, sesid, paramid, plParam, szParam,
                                cbMax);
}
JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID* psesid,
                                JET_PCSTR user, JET_PCSTR password) {
  return JetBeginSessionA(instance, psesid, user, password);
}
JET_ERR JET_API JetCreateDatabase(JET_SESID sesid, JET_PCSTR file,
                                  JET_PCSTR connect, JET_DBID* pdbid,
                                  JET_GRBIT grbit) {
  return JetCreateDatabaseA(sesid, file, connect, pdbid, grbit);
}
JET_ERR JET_API JetCreateDatabase2(JET_SESID sesid, JET_PCSTR file,
                                   const unsigned long max_pages,
                                   JET_DBID* pdbid, JET_GRBIT grbit) {
  return JetCreateDatabase2A(sesid, file, max_pages, pdbid, grbit);
}
JET_ERR JET_API JetAttachDatabase(JET_SESID sesid, JET_PCSTR file,
                                  JET_GRBIT grbit) {
  return JetAttachDatabaseA(sesid, file, grbit);
}
JET_ERR JET_API JetAttachDatabase2(JET_SESID sesid, JET_PCSTR file,
                                   const unsigned long max_pages,
                                   JET_GRBIT grbit) {
  return JetAttachDatabase2A(sesid, file, max_pages, grbit);
}
JET_ERR JET_API JetOpenDatabase(JET_SESID sesid, JET_PCSTR file,
                                JET_PCSTR connect, JET_DBID* pdbid,
                                JET_GRBIT grbit) {
  return JetOpenDatabaseA(sesid, file, connect, pdbid, grbit);
}
JET_ERR JET_API JetDetachDatabase(JET_SESID sesid, JET_PCSTR file) {
  return JetDetachDatabaseA(sesid, file);
}
JET_ERR JET_API JetDetachDatabase2(JET_SESID sesid, JET_PCSTR file,
                                   JET_GRBIT grbit) {
  return JetDetachDatabase2A(sesid, file, grbit);
}

}  // extern "C"
