// C11 smoke test for api/esent.h: proves the public header is usable from C
// (types, layouts and constants on x86-64 Linux) and drives the API end to
// end. A GoogleTest wrapper links this file and calls lmjet_esent_c_smoke().

#include <stddef.h>

#include "api/esent.h"

int lmjet_esent_c_smoke(void);

// Return codes of lmjet_esent_c_smoke(): which call failed first.
enum {
  kSmokeOk = 0,
  kSmokeCreateInstance = 1,
  kSmokeSetSystemParameter = 2,
  kSmokeInit = 3,
  kSmokeBeginSession = 4,
  kSmokeBeginTransaction = 5,
  kSmokeCommitTransaction = 6,
  kSmokeGetVersion = 7,
  kSmokeEndSession = 8,
  kSmokeTerm = 9,
};

int lmjet_esent_c_smoke(void) {
  // --- Scalar types on LP64 -----------------------------------------------
  _Static_assert(sizeof(long) == 8, "expects LP64");
  _Static_assert(sizeof(JET_ERR) == 8, "JET_ERR is long");
  _Static_assert(sizeof(JET_API_PTR) == sizeof(void *), "pointer-sized");
  _Static_assert(sizeof(JET_INSTANCE) == sizeof(void *), "pointer-sized");
  _Static_assert(sizeof(JET_SESID) == sizeof(void *), "pointer-sized");
  _Static_assert(sizeof(JET_TABLEID) == sizeof(void *), "pointer-sized");
  _Static_assert(sizeof(JET_COLUMNID) == sizeof(unsigned long), "ulong");
  _Static_assert(sizeof(JET_DBID) == sizeof(unsigned long), "ulong");
  _Static_assert(sizeof(JET_GRBIT) == sizeof(unsigned long), "ulong");
  _Static_assert(sizeof(JET_DATESERIAL) == 8, "double");
  _Static_assert(sizeof(WCHAR) == 2, "WCHAR is a UTF-16 code unit");

  // --- Structure layouts --------------------------------------------------
  _Static_assert(sizeof(JET_LGPOS) == 12, "packed: 2 + 2 + long");
  _Static_assert(sizeof(JET_LOGTIME) == 8, "packed: 8 bytes");
  _Static_assert(sizeof(JET_SIGNATURE) == 32, "packed: ulong + 8 + 16");
  _Static_assert(sizeof(JET_COMMIT_ID) == 48, "natural alignment");
  _Static_assert(offsetof(JET_COMMIT_ID, reserved) == 32, "after signLog");
  _Static_assert(offsetof(JET_COMMIT_ID, commitId) == 40, "8-aligned");
  _Static_assert(sizeof(JET_INDEXID) == 32, "ulong + 24 bytes");
  _Static_assert(sizeof(JET_COLUMNDEF) == 48, "6 x 8");
  _Static_assert(offsetof(JET_COLUMNDEF, cp) == 28, "after wCountry/langid");
  _Static_assert(offsetof(JET_COLUMNDEF, cbMax) == 32, "after 4 shorts");
  _Static_assert(sizeof(JET_COLUMNCREATE_A) == 80, "10 x 8");
  _Static_assert(offsetof(JET_COLUMNCREATE_A, err) == 72, "last field");
  _Static_assert(sizeof(JET_INDEXCREATE_A) == 96, "12 x 8");
  _Static_assert(offsetof(JET_INDEXCREATE_A, lcid) == 48, "union 1");
  _Static_assert(offsetof(JET_INDEXCREATE_A, pidxunicode) == 48, "union 1");
  _Static_assert(offsetof(JET_INDEXCREATE_A, cbVarSegMac) == 56, "union 2");
  _Static_assert(offsetof(JET_INDEXCREATE_A, ptuplelimits) == 56, "union 2");
  _Static_assert(offsetof(JET_INDEXCREATE_A, cbKeyMost) == 88, "last field");
  _Static_assert(sizeof(JET_INDEXCREATEOLD_A) == 88, "no cbKeyMost");
  _Static_assert(sizeof(JET_INDEXCREATE2_A) == 104, "+ pSpacehints");
  _Static_assert(sizeof(JET_INDEXCREATE3_A) == 104, "same size as 2");
  _Static_assert(sizeof(JET_TABLECREATE_A) == 96, "12 x 8");
  _Static_assert(offsetof(JET_TABLECREATE_A, tableid) == 80, "out field");
  _Static_assert(sizeof(JET_TABLECREATE2_A) == 112, "+ callback, cbtyp");
  _Static_assert(sizeof(JET_TABLECREATE3_A) == 136, "+ space hints");
  _Static_assert(sizeof(JET_TABLECREATE4_A) == 136, "same size as 3");
  _Static_assert(sizeof(JET_RETRIEVECOLUMN) == 72, "9 x 8");
  _Static_assert(sizeof(JET_SETCOLUMN) == 56, "7 x 8");
  _Static_assert(sizeof(JET_RETINFO) == 32, "4 x 8");
  _Static_assert(sizeof(JET_SETINFO) == 24, "3 x 8");
  _Static_assert(sizeof(JET_RECPOS) == 32, "4 x 8");
  _Static_assert(sizeof(JET_SPACEHINTS) == 64, "8 x 8");
  _Static_assert(sizeof(JET_TUPLELIMITS) == 40, "5 x 8");
  _Static_assert(sizeof(JET_OPENTEMPORARYTABLE) == 72, "9 x 8");
  _Static_assert(sizeof(JET_OBJECTINFO) == 64, "8 x 8");
  _Static_assert(sizeof(JET_RSTINFO_A) == 56, "packed members inside");
  _Static_assert(offsetof(JET_RSTINFO_A, pfnStatus) == 48, "8-aligned");
  _Static_assert(sizeof(JET_ENUMCOLUMN) == 32, "anonymous union");
  _Static_assert(sizeof(JET_RECSIZE) == 64, "8 x 8");
  _Static_assert(sizeof(JET_SETSYSPARAM_A) == 32, "4 x 8");
  _Static_assert(sizeof(JET_INSTANCE_INFO_A) == 48, "6 x 8");
  _Static_assert(sizeof(JET_COLUMNCREATE) == sizeof(JET_COLUMNCREATE_A),
                 "unsuffixed alias");

  // --- Constant values ----------------------------------------------------
  _Static_assert(JET_errSuccess == 0, "value");
  _Static_assert(JET_wrnNyi == -1, "value");
  _Static_assert(JET_errInvalidSesid == -1104, "value");
  _Static_assert(JET_errSessionInUse == -1914, "value");
  _Static_assert(JET_errObjectNotFound == -1305, "value");
  _Static_assert(JET_wrnSeekNotEqual == 1039, "value");
  _Static_assert(JET_wrnRecordFoundGreater == JET_wrnSeekNotEqual, "alias");
  _Static_assert(JET_errColumnIllegalNull == JET_errNullInvalid, "alias");
  _Static_assert(JET_bitTermDirty == 8, "value");
  _Static_assert(JET_MoveFirst == 0x80000000, "value");
  _Static_assert(JET_MovePrevious == -1, "value");
  _Static_assert(JET_MoveLast == 0x7fffffff, "value");
  _Static_assert(JET_paramMaxSessions == 5, "value");
  _Static_assert(JET_coltypLong == 4, "value");
  _Static_assert(JET_cbNameMost == 64, "value");
  _Static_assert(JET_sesidNil == (JET_SESID)-1, "all bits set");
  _Static_assert(JET_dbidNil == 0xFFFFFFFFUL, "value");

  // --- End to end ---------------------------------------------------------
  JET_INSTANCE inst = JET_instanceNil;
  JET_SESID sesid = JET_sesidNil;
  unsigned long version = 0;

  if (JetCreateInstance(&inst, "c-smoke") != JET_errSuccess) {
    return kSmokeCreateInstance;
  }
  if (JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 4, NULL) !=
      JET_errSuccess) {
    (void)JetTerm(inst);
    return kSmokeSetSystemParameter;
  }
  if (JetInit(&inst) != JET_errSuccess) {
    (void)JetTerm(inst);
    return kSmokeInit;
  }
  if (JetBeginSession(inst, &sesid, "", "") != JET_errSuccess) {
    (void)JetTerm(inst);
    return kSmokeBeginSession;
  }
  if (JetBeginTransaction(sesid) != JET_errSuccess) {
    (void)JetEndSession(sesid, 0);
    (void)JetTerm(inst);
    return kSmokeBeginTransaction;
  }
  if (JetCommitTransaction(sesid, 0) != JET_errSuccess) {
    (void)JetRollback(sesid, JET_bitRollbackAll);
    (void)JetEndSession(sesid, 0);
    (void)JetTerm(inst);
    return kSmokeCommitTransaction;
  }
  if (JetGetVersion(sesid, &version) != JET_errSuccess) {
    (void)JetEndSession(sesid, 0);
    (void)JetTerm(inst);
    return kSmokeGetVersion;
  }
  if (JetEndSession(sesid, 0) != JET_errSuccess) {
    (void)JetTerm(inst);
    return kSmokeEndSession;
  }
  if (JetTerm(inst) != JET_errSuccess) {
    return kSmokeTerm;
  }
  return kSmokeOk;
}
