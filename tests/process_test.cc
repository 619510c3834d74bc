// Databases across processes: one process at a time, and a database
// survives its process (reference §4.2; DESIGN.md §4).

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

// Attaches and opens `db` from a new process (tests/attach_database) and
// returns the JET error it reports.
JET_ERR AttachFromAnotherProcess(const ScratchDir& dir, const std::string& db) {
  const std::string command =
      "tests/attach_database '" + dir.path() + "' '" + db + "'";
  FILE* child = popen(command.c_str(), "r");
  if (child == nullptr) return JET_errInternalError;
  long err = JET_errInternalError;
  if (fscanf(child, "%ld", &err) != 1) err = JET_errInternalError;
  pclose(child);
  return err;
}

JET_ERR AttachAndOpen(const ScratchDir& dir, const std::string& db,
                      const char* name) {
  JET_INSTANCE inst = 0;
  JET_ERR err = StartInstance(name, dir, &inst);
  if (err != JET_errSuccess) return err;
  JET_SESID sesid;
  JET_DBID dbid;
  err = JetBeginSession(inst, &sesid, "", "");
  if (err == JET_errSuccess) err = JetAttachDatabase(sesid, db.c_str(), 0);
  if (err == JET_errSuccess) {
    err = JetOpenDatabase(sesid, db.c_str(), nullptr, &dbid, 0);
  }
  const JET_ERR term = JetTerm(inst);
  return err != JET_errSuccess ? err : term;
}

TEST(ProcessTest, OneProcessAtATimeAndReattachAfterTerm) {
  ScratchDir dir;
  const std::string db = dir.File("process.edb");
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("parent", dir, &inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  JET_DBID dbid;
  ASSERT_JET_OK(JetCreateDatabase(sesid, db.c_str(), nullptr, &dbid, 0));

  // While this process has it attached, another process is refused.
  EXPECT_EQ(JET_errFileAccessDenied, AttachFromAnotherProcess(dir, db));

  // After JetTerm the file is detached and closed: a new process attaches.
  ASSERT_JET_OK(JetTerm(inst));
  EXPECT_EQ(JET_errSuccess, AttachFromAnotherProcess(dir, db));

  // And so does this process again, after the child has gone.
  EXPECT_JET_OK(AttachAndOpen(dir, db, "parent-again"));
}

TEST(ProcessTest, KilledProcessLeavesTheDatabaseAttachable) {
  ScratchDir dir;
  const std::string db = dir.File("killed.edb");
  int ready[2];
  ASSERT_EQ(0, pipe(ready));
  const pid_t pid = fork();
  if (pid == 0) {
    JET_INSTANCE inst = 0;
    JET_SESID sesid;
    JET_DBID dbid;
    if (StartInstance("doomed", dir, &inst) != JET_errSuccess ||
        JetBeginSession(inst, &sesid, "", "") != JET_errSuccess ||
        JetCreateDatabase(sesid, db.c_str(), nullptr, &dbid, 0) !=
            JET_errSuccess ||
        JetBeginTransaction(sesid) != JET_errSuccess) {
      _exit(1);
    }
    char byte = 1;
    (void)!write(ready[1], &byte, 1);
    pause();  // killed here, with an open transaction and snapshot
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(1, read(ready[0], &byte, 1));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_EQ(JET_errSuccess, AttachFromAnotherProcess(dir, db));
  EXPECT_JET_OK(AttachAndOpen(dir, db, "survivor"));
}

}  // namespace
}  // namespace lmjet::testing
