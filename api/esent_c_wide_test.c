// C11 smoke test for api/esent.h with JET_UNICODE defined: the unsuffixed
// names and structures map to the wide (W) forms, and UTF-16 literals
// (u"...", whose unit type is WCHAR's on Linux) go straight into them. A
// GoogleTest wrapper (esent_c_test_main.cc) calls lmjet_esent_c_wide_smoke.

#define JET_UNICODE
#include <stddef.h>

#include "api/esent.h"

int lmjet_esent_c_wide_smoke(const char *ascii_dir);

// Return codes: which step failed first.
enum {
  kWideOk = 0,
  kWideDirTooLong = 1,
  kWideCreateInstance = 2,
  kWideSetSystemParameter = 3,
  kWideInit = 4,
  kWideBeginSession = 5,
  kWideCreateDatabase = 6,
  kWideCreateTable = 7,
  kWideAddColumn = 8,
  kWideCreateIndex = 9,
  kWideSetCurrentIndex = 10,
  kWideGetCurrentIndex = 11,
  kWideGetTableInfo = 12,
  kWideGetSystemParameter = 13,
  kWideTerm = 14,
};

// The unsuffixed structures are the _W ones (JET_COLUMNBASE_W is the one
// whose size differs from its _A twin).
_Static_assert(_Generic((JET_TABLECREATE *)0, JET_TABLECREATE_W * : 1,
                        default : 0),
               "JET_TABLECREATE is JET_TABLECREATE_W");
_Static_assert(_Generic((JET_INDEXCREATE3 *)0, JET_INDEXCREATE3_W * : 1,
                        default : 0),
               "JET_INDEXCREATE3 is JET_INDEXCREATE3_W");
_Static_assert(sizeof(JET_COLUMNBASE) == sizeof(JET_COLUMNBASE_W), "_W");
_Static_assert(sizeof(JET_COLUMNBASE_W) == 48 + 2 * 256 * 2, "WCHAR names");
_Static_assert(sizeof(JET_INDEXCREATE_W) == sizeof(JET_INDEXCREATE_A),
               "same layout");
_Static_assert(sizeof(JET_TABLECREATE4_W) == sizeof(JET_TABLECREATE4_A),
               "same layout");
_Static_assert(sizeof(JET_RSTINFO_W) == sizeof(JET_RSTINFO_A), "same layout");
_Static_assert(JET_cbNameMost == 128, "bytes of a WCHAR name");

static int SameWide(const WCHAR *a, const WCHAR *b) {
  for (; *a != 0 && *a == *b; ++a, ++b) {
  }
  return *a == *b;
}

int lmjet_esent_c_wide_smoke(const char *ascii_dir) {
  WCHAR dir[400];
  WCHAR path[512];
  size_t n = 0;
  for (; ascii_dir[n] != 0; ++n) {
    if (n + 1 >= sizeof(dir) / sizeof(dir[0])) return kWideDirTooLong;
    dir[n] = (WCHAR)(unsigned char)ascii_dir[n];
  }
  dir[n++] = '/';
  dir[n] = 0;
  const WCHAR *file = u"wide-\u00e9\u65e5.edb";
  size_t k = 0;
  for (; k < n; ++k) path[k] = dir[k];
  for (size_t i = 0; file[i] != 0; ++i) path[k++] = file[i];
  path[k] = 0;

  JET_INSTANCE inst = JET_instanceNil;
  JET_SESID sesid = JET_sesidNil;
  JET_DBID dbid = 0;
  JET_TABLEID table = 0;
  JET_COLUMNID column = 0;
  JET_COLUMNDEF def = {sizeof(def), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
  WCHAR name[JET_cbNameMost / 2 + 1];
  int result = kWideOk;

  if (JetCreateInstance(&inst, u"c-wide-smoke \u00e9") != JET_errSuccess) {
    return kWideCreateInstance;
  }
  if (JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir) != 0 ||
      JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir) != 0 ||
      JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, dir) != 0) {
    result = kWideSetSystemParameter;
  } else if (JetInit(&inst) != JET_errSuccess) {
    return kWideInit;  // a failed JetInit frees the instance
  } else if (JetBeginSession(inst, &sesid, u"", u"") != JET_errSuccess) {
    result = kWideBeginSession;
  } else if (JetCreateDatabase(sesid, path, NULL, &dbid, 0) != 0) {
    result = kWideCreateDatabase;
  } else if (JetCreateTable(sesid, dbid, u"T\u00e9", 0, 0, &table) != 0) {
    result = kWideCreateTable;
  } else if (JetAddColumn(sesid, table, u"id", &def, NULL, 0, &column) != 0) {
    result = kWideAddColumn;
  } else if (JetCreateIndex(sesid, table, u"pk\u00e9", JET_bitIndexPrimary,
                            u"+id\0", sizeof(u"+id\0"), 100) != 0) {
    result = kWideCreateIndex;
  } else if (JetSetCurrentIndex(sesid, table, u"pk\u00e9") != 0) {
    result = kWideSetCurrentIndex;
  } else if (JetGetCurrentIndex(sesid, table, name, sizeof(name)) != 0 ||
             !SameWide(name, u"pk\u00e9")) {
    result = kWideGetCurrentIndex;
  } else if (JetGetTableInfo(sesid, table, name, sizeof(name),
                             JET_TblInfoName) != 0 ||
             !SameWide(name, u"T\u00e9")) {
    result = kWideGetTableInfo;
  } else if (JetGetSystemParameter(inst, sesid, JET_paramSystemPath, NULL, path,
                                   sizeof(path)) != 0 ||
             !SameWide(path, dir)) {
    result = kWideGetSystemParameter;
  }
  if (JetTerm(inst) != JET_errSuccess && result == kWideOk) result = kWideTerm;
  return result;
}
