// A separate process for process_test: attaches and opens a database in a
// new instance and prints the first JET error (0 on success).
//
//   attach_database <system-dir> <database-path>

#include <cstdio>
#include <string>

#include "api/esent.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <system-dir> <database>\n", argv[0]);
    return 2;
  }
  const std::string dir = std::string(argv[1]) + "/";
  JET_INSTANCE inst = 0;
  JET_SESID sesid;
  JET_DBID dbid;
  JET_ERR err = JetCreateInstance(&inst, "attach-database");
  if (err >= 0) {
    JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir.c_str());
    JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir.c_str());
    JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, dir.c_str());
    err = JetInit(&inst);
  }
  if (err >= 0) err = JetBeginSession(inst, &sesid, "", "");
  if (err >= 0) err = JetAttachDatabase(sesid, argv[2], 0);
  if (err >= 0) err = JetOpenDatabase(sesid, argv[2], nullptr, &dbid, 0);
  if (inst != 0) {
    const JET_ERR term = JetTerm(inst);
    if (err >= 0) err = term;
  }
  std::printf("%ld\n", err);
  return err < 0 ? 1 : 0;
}
