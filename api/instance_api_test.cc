// Instances: creation, names, run modes, JetInit, JetTerm, stop-service.

#include <string>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

TEST(InstanceApiTest, CreateInitTermAndHandleDies) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("create-init-term", dir, &inst));
  EXPECT_NE(0u, inst);
  EXPECT_NE(JET_instanceNil, inst);
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "user", "password"));
  ASSERT_JET_OK(JetTerm(inst));
  // The handle is dead: instance calls reject it and so do its sessions.
  EXPECT_EQ(JET_errInvalidInstance, JetTerm(inst));
  EXPECT_EQ(JET_errInvalidInstance, JetBeginSession(inst, &sesid, "", ""));
  EXPECT_EQ(JET_errNotInitialized, JetEndSession(sesid, 0));
}

TEST(InstanceApiTest, CreateRejectsNullOut) {
  EXPECT_EQ(JET_errInvalidParameter, JetCreateInstance(nullptr, "x"));
}

TEST(InstanceApiTest, NamesAreUniqueCaseInsensitiveAndUnnamedClash) {
  JET_INSTANCE a = 0, b = 0, c = 0, d = 0;
  ASSERT_JET_OK(JetCreateInstance(&a, "Alpha"));
  EXPECT_EQ(JET_errInstanceNameInUse, JetCreateInstance(&b, "alpha"));
  EXPECT_EQ(JET_instanceNil, b);
  ASSERT_JET_OK(JetCreateInstance2(&b, "Beta", "display", 0));
  ASSERT_JET_OK(JetCreateInstance(&c, nullptr));
  EXPECT_EQ(JET_errInstanceNameInUse, JetCreateInstance(&d, nullptr));
  // Never-initialized instances are simply freed by JetTerm.
  EXPECT_JET_OK(JetTerm(a));
  EXPECT_JET_OK(JetTerm(b));
  EXPECT_JET_OK(JetTerm(c));
  ASSERT_JET_OK(JetCreateInstance(&a, "alpha"));
  EXPECT_JET_OK(JetTerm(a));
}

TEST(InstanceApiTest, TooManyInstances) {
  JET_INSTANCE limit = 3;
  JET_API_PTR old = 0;
  ASSERT_JET_OK(
      JetGetSystemParameter(0, 0, JET_paramMaxInstances, &old, nullptr, 0));
  ASSERT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, limit, nullptr));
  JET_INSTANCE inst[4] = {};
  for (int i = 0; i < 3; ++i) {
    ASSERT_JET_OK(JetCreateInstance(&inst[i], std::to_string(i).c_str()));
  }
  EXPECT_EQ(JET_errTooManyInstances, JetCreateInstance(&inst[3], "3"));
  // A global parameter cannot change while instances exist...
  EXPECT_EQ(
      JET_errAlreadyInitialized,
      JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, 16, nullptr));
  for (int i = 0; i < 3; ++i) EXPECT_JET_OK(JetTerm(inst[i]));
  // ...and can once they are gone.
  EXPECT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, old, nullptr));
}

TEST(InstanceApiTest, InitTwiceIsAlreadyInitialized) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("init-twice", dir, &inst));
  JET_INSTANCE again = inst;
  EXPECT_EQ(JET_errAlreadyInitialized, JetInit(&again));
  EXPECT_EQ(JET_errAlreadyInitialized, JetInit2(&again, 0));
  EXPECT_EQ(inst, again);
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, Init3ChecksRestoreInfoSize) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstance(&inst, "init3"));
  JET_RSTINFO_A info = {};
  info.cbStruct = sizeof(info) - 1;
  EXPECT_EQ(JET_errInvalidParameter, JetInit3(&inst, &info, 0));
  info.cbStruct = sizeof(info);
  const std::string path = dir.path() + "/";
  ASSERT_JET_OK(
      JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, path.c_str()));
  EXPECT_JET_OK(JetInit3(&inst, &info, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, FailedInitDestroysTheInstance) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstance(&inst, "failing-init"));
  const JET_INSTANCE created = inst;
  const std::string missing = dir.File("no/such/dir/");
  ASSERT_JET_OK(
      JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, missing.c_str()));
  EXPECT_EQ(JET_errInvalidSystemPath, JetInit(&inst));
  EXPECT_EQ(0u, inst);
  EXPECT_EQ(JET_errInvalidInstance, JetTerm(created));
  // The name is free again.
  ASSERT_JET_OK(JetCreateInstance(&inst, "failing-init"));
  ASSERT_JET_OK(
      JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, missing.c_str()));
  ASSERT_JET_OK(JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist,
                                      1, nullptr));
  EXPECT_JET_OK(JetInit(&inst));
  EXPECT_TRUE(std::filesystem::is_directory(missing));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, MissingLogAndTempDirectories) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstance(&inst, "missing-log"));
  const std::string ok = dir.path() + "/";
  const std::string missing = dir.File("gone/");
  JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, ok.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, missing.c_str());
  EXPECT_EQ(JET_errInvalidLogDirectory, JetInit(&inst));
  ASSERT_JET_OK(JetCreateInstance(&inst, "missing-temp"));
  JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, ok.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, ok.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0,
                        dir.File("gone/tmp.edb").c_str());
  EXPECT_EQ(JET_errInvalidPath, JetInit(&inst));
}

TEST(InstanceApiTest, WindowsStylePathsWork) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstance(&inst, "windows-paths"));
  std::string windows = dir.path() + "\\logs\\";
  ASSERT_JET_OK(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0,
                                      windows.c_str()));
  ASSERT_JET_OK(JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist,
                                      1, nullptr));
  ASSERT_JET_OK(JetInit(&inst));
  EXPECT_TRUE(std::filesystem::is_directory(dir.File("logs")));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, TermRefusesWithOpenTransactionAndStaysUsable) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("term-active", dir, &inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  ASSERT_JET_OK(JetBeginTransaction(sesid));
  EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm(inst));
  EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm2(inst, JET_bitTermComplete));
  // Still running: the session works and a new one can begin.
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(inst, &other, "", ""));
  ASSERT_JET_OK(JetCommitTransaction(sesid, 0));
  EXPECT_JET_OK(JetTerm(inst));
  EXPECT_EQ(JET_errNotInitialized, JetBeginTransaction(sesid));
  EXPECT_EQ(JET_errNotInitialized, JetEndSession(other, 0));
}

TEST(InstanceApiTest, TermDirtyEndsOpenTransactions) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("term-dirty", dir, &inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  ASSERT_JET_OK(JetBeginTransaction(sesid));
  ASSERT_JET_OK(JetBeginTransaction(sesid));
  EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(inst, JET_bitTermDirty));
  EXPECT_EQ(JET_errInvalidInstance, JetTerm(inst));
}

TEST(InstanceApiTest, TermEndsIdleSessionsAndDetachesDatabases) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("term-idle", dir, &inst));
  JET_SESID a, b;
  ASSERT_JET_OK(JetBeginSession(inst, &a, "", ""));
  ASSERT_JET_OK(JetDupSession(a, &b));
  JET_DBID dbid;
  const std::string db = dir.File("term.edb");
  ASSERT_JET_OK(JetCreateDatabase(a, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetTerm(inst));
  // A new instance attaches the file again: it was detached and closed.
  ASSERT_JET_OK(StartInstance("term-idle-2", dir, &inst));
  ASSERT_JET_OK(JetBeginSession(inst, &a, "", ""));
  EXPECT_JET_OK(JetAttachDatabase(a, db.c_str(), 0));
  EXPECT_JET_OK(JetOpenDatabase(a, db.c_str(), nullptr, &dbid, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, InitTermInitAgain) {
  ScratchDir dir;
  for (int round = 0; round < 3; ++round) {
    JET_INSTANCE inst = 0;
    ASSERT_JET_OK(StartInstance("again", dir, &inst));
    JET_SESID sesid;
    ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
    ASSERT_JET_OK(JetTerm(inst));
  }
}

TEST(InstanceApiTest, OneInstanceMode) {
  ScratchDir dir;
  const std::string path = dir.path() + "/";
  // JetInit without JetCreateInstance: the process enters one-instance mode.
  ASSERT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, path.c_str()));
  ASSERT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, path.c_str()));
  ASSERT_JET_OK(JetInit(nullptr));
  JET_INSTANCE other = 0;
  EXPECT_EQ(JET_errRunningInOneInstanceMode, JetCreateInstance(&other, "m"));
  EXPECT_EQ(JET_errAlreadyInitialized, JetInit(nullptr));
  // Any handle names the one instance.
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(0, &sesid, "", ""));
  ASSERT_JET_OK(JetEndSession(sesid, 0));
  ASSERT_JET_OK(JetBeginSession(12345, &sesid, "", ""));
  ASSERT_JET_OK(JetStopService());
  EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginTransaction(sesid));
  EXPECT_JET_OK(JetEndSession(sesid, 0));
  ASSERT_JET_OK(JetTerm(0));
  // The mode resets with the last instance: a stale handle starts a new one.
  EXPECT_EQ(JET_errInvalidParameter, JetStopService());
  JET_INSTANCE stale = 12345;
  ASSERT_JET_OK(JetInit(&stale));
  EXPECT_NE(12345u, stale);
  ASSERT_JET_OK(JetTerm(stale));
  // Back to the defaults for the other tests.
  ASSERT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, ".\\"));
  ASSERT_JET_OK(
      JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, ".\\"));
}

TEST(InstanceApiTest, MultiInstanceModeRules) {
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstance(&inst, "multi"));
  EXPECT_EQ(JET_errRunningInMultiInstanceMode, JetInit(nullptr));
  EXPECT_EQ(JET_errRunningInMultiInstanceMode, JetStopService());
  EXPECT_EQ(JET_errInvalidParameter, JetTerm(0));
  EXPECT_EQ(JET_errInvalidParameter, JetTerm(JET_instanceNil));
  EXPECT_EQ(JET_errInvalidInstance, JetTerm(0xDEADBEEF));
  JET_SESID sesid;
  EXPECT_EQ(JET_errNotInitialized, JetBeginSession(inst, &sesid, "", ""));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, BeginSessionChecksItsOutPointer) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("null-out", dir, &inst));
  EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(inst, nullptr, "", ""));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, StopServiceInstanceBlocksNewWorkNotCleanup) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("stop", dir, &inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  JET_DBID dbid;
  const std::string db = dir.File("stop.edb");
  ASSERT_JET_OK(JetCreateDatabase(sesid, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid));
  ASSERT_JET_OK(JetSetSessionContext(sesid, 77));
  ASSERT_JET_OK(JetStopServiceInstance(inst));

  JET_SESID other;
  EXPECT_EQ(JET_errClientRequestToStopJetService,
            JetBeginSession(inst, &other, "", ""));
  EXPECT_EQ(JET_errClientRequestToStopJetService, JetDupSession(sesid, &other));
  EXPECT_EQ(JET_errClientRequestToStopJetService,
            JetCommitTransaction(sesid, 0));
  EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginTransaction(sesid));
  unsigned long version;
  EXPECT_EQ(JET_errClientRequestToStopJetService,
            JetGetVersion(sesid, &version));
  EXPECT_EQ(JET_errClientRequestToStopJetService,
            JetOpenDatabase(sesid, db.c_str(), nullptr, &dbid, 0));
  // The clean-up calls go on.
  EXPECT_JET_OK(JetRollback(sesid, 0));
  EXPECT_JET_OK(JetResetSessionContext(sesid));
  EXPECT_JET_OK(JetCloseDatabase(sesid, dbid, 0));
  EXPECT_JET_OK(JetDetachDatabase(sesid, db.c_str()));
  EXPECT_JET_OK(JetEndSession(sesid, 0));
  // "All" cannot be resumed.
  EXPECT_EQ(JET_errClientRequestToStopJetService,
            JetStopServiceInstance2(inst, JET_bitStopServiceResume));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, StopServiceInstance2PartialStopsAndResume) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("stop2", dir, &inst));
  EXPECT_EQ(JET_errInvalidGrbit, JetStopServiceInstance2(inst, 0x40));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetStopServiceInstance2(inst, JET_bitStopServiceStopAndEmitLog |
                                              JET_bitStopServiceQuiesceCaches));
  ASSERT_JET_OK(JetStopServiceInstance2(inst, JET_bitStopServiceQuiesceCaches));
  ASSERT_JET_OK(
      JetStopServiceInstance2(inst, JET_bitStopServiceBackgroundUserTasks));
  // Neither blocks sessions.
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  ASSERT_JET_OK(JetBeginTransaction(sesid));
  ASSERT_JET_OK(JetCommitTransaction(sesid, 0));
  ASSERT_JET_OK(JetStopServiceInstance2(inst, JET_bitStopServiceResume));
  ASSERT_JET_OK(JetEndSession(sesid, 0));
  EXPECT_EQ(JET_errInvalidInstance, JetStopServiceInstance(0xDEADBEEF));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(InstanceApiTest, TwoInstancesAreIndependent) {
  ScratchDir dir;
  JET_INSTANCE a = 0, b = 0;
  ASSERT_JET_OK(StartInstance("first", dir, &a));
  ASSERT_JET_OK(StartInstance("second", dir, &b));
  JET_SESID sa, sb;
  ASSERT_JET_OK(JetBeginSession(a, &sa, "", ""));
  ASSERT_JET_OK(JetBeginSession(b, &sb, "", ""));
  ASSERT_JET_OK(JetBeginTransaction(sa));
  // b has no open transaction: it terms even though a has one.
  ASSERT_JET_OK(JetTerm(b));
  EXPECT_EQ(JET_errNotInitialized, JetBeginTransaction(sb));
  EXPECT_JET_OK(JetCommitTransaction(sa, 0));
  EXPECT_JET_OK(JetTerm(a));
}

}  // namespace
}  // namespace lmjet::testing
