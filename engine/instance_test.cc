#include "engine/instance.h"

#include <limits.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "api/esent.h"
#include "engine/database_file.h"
#include "engine/params.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

namespace fs = std::filesystem;
using Mode = DatabaseFile::Mode;

constexpr uint32_t kInit = kInstanceInitialized;
constexpr uint32_t kAllStateBits =
    kInstanceInitialized | kInstanceInitInProgress | kInstanceTermInProgress |
    kInstanceRestoreInProgress | kInstanceStopService | kInstanceUnavailable;

DatabaseFile::Options WithMode(Mode mode, bool read_only = false) {
  DatabaseFile::Options options;
  options.mode = mode;
  options.read_only = read_only;
  return options;
}

// ---------------------------------------------------------------------------
// State word -> call status

TEST(SessionCallStatusTest, EachStateInOrder) {
  for (bool ignore : {false, true}) {
    SCOPED_TRACE(ignore);
    EXPECT_EQ(SessionCallStatus(0, ignore).code(), JET_errNotInitialized);
    EXPECT_EQ(SessionCallStatus(kInstanceInitInProgress, ignore).code(),
              JET_errNotInitialized);
    EXPECT_EQ(
        SessionCallStatus(kInit | kInstanceRestoreInProgress, ignore).code(),
        JET_errRestoreInProgress);
    EXPECT_EQ(SessionCallStatus(kInit | kInstanceTermInProgress, ignore).code(),
              JET_errTermInProgress);
    EXPECT_EQ(SessionCallStatus(kInit | kInstanceUnavailable, ignore).code(),
              JET_errInstanceUnavailable);
    EXPECT_EQ(SessionCallStatus(kInit, ignore).code(), JET_errSuccess);
  }
  EXPECT_EQ(SessionCallStatus(kInit | kInstanceStopService, false).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(SessionCallStatus(kInit | kInstanceStopService, true).code(),
            JET_errSuccess);
}

TEST(SessionCallStatusTest, EarlierChecksWin) {
  // Not initialized beats everything.
  EXPECT_EQ(SessionCallStatus(kAllStateBits & ~kInit, false).code(),
            JET_errNotInitialized);
  EXPECT_EQ(SessionCallStatus(kInstanceStopService, false).code(),
            JET_errNotInitialized);
  // Then restore, term, unavailable, stop-service.
  EXPECT_EQ(SessionCallStatus(kAllStateBits, false).code(),
            JET_errRestoreInProgress);
  EXPECT_EQ(
      SessionCallStatus(kAllStateBits & ~kInstanceRestoreInProgress, false)
          .code(),
      JET_errTermInProgress);
  EXPECT_EQ(SessionCallStatus(
                kInit | kInstanceUnavailable | kInstanceStopService, false)
                .code(),
            JET_errInstanceUnavailable);
  EXPECT_EQ(SessionCallStatus(
                kInit | kInstanceUnavailable | kInstanceStopService, true)
                .code(),
            JET_errInstanceUnavailable);
  EXPECT_EQ(SessionCallStatus(
                kInit | kInstanceTermInProgress | kInstanceStopService, true)
                .code(),
            JET_errTermInProgress);
}

// The documented order, written out independently.
JET_ERR ExpectedSessionCall(uint32_t state, bool ignore_stop) {
  if (!(state & kInstanceInitialized)) return JET_errNotInitialized;
  if (state & kInstanceRestoreInProgress) return JET_errRestoreInProgress;
  if (state & kInstanceTermInProgress) return JET_errTermInProgress;
  if (state & kInstanceUnavailable) return JET_errInstanceUnavailable;
  if ((state & kInstanceStopService) && !ignore_stop) {
    return JET_errClientRequestToStopJetService;
  }
  return JET_errSuccess;
}

TEST(SessionCallStatusTest, EveryCombinationFastAndSlowAgree) {
  for (uint32_t state = 0; state <= kAllStateBits; ++state) {
    if (state & ~kAllStateBits) continue;
    for (bool ignore : {false, true}) {
      SCOPED_TRACE(testing::Message()
                   << "state " << state << " ignore " << ignore);
      const JET_ERR expected = ExpectedSessionCall(state, ignore);
      EXPECT_EQ(SessionCallStatus(state, ignore).code(), expected);
      EXPECT_EQ(SlowSessionCallStatus(state, ignore).code(), expected);
    }
  }
}

TEST(InstanceCallStatusTest, EachStateInOrder) {
  EXPECT_EQ(InstanceCallStatus(kInit).code(), JET_errSuccess);
  EXPECT_EQ(InstanceCallStatus(0).code(), JET_errNotInitialized);
  EXPECT_EQ(InstanceCallStatus(kInstanceInitInProgress).code(),
            JET_errNotInitialized);
  EXPECT_EQ(InstanceCallStatus(kInit | kInstanceStopService).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(InstanceCallStatus(kInit | kInstanceUnavailable).code(),
            JET_errInstanceUnavailable);
  EXPECT_EQ(InstanceCallStatus(kInit | kInstanceTermInProgress).code(),
            JET_errTermInProgress);
  EXPECT_EQ(InstanceCallStatus(kInit | kInstanceRestoreInProgress).code(),
            JET_errRestoreInProgress);
}

TEST(InstanceCallStatusTest, EarlierChecksWin) {
  // Stop-service first, even before "not initialized".
  EXPECT_EQ(InstanceCallStatus(kAllStateBits).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(InstanceCallStatus(kInstanceStopService).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(InstanceCallStatus(kAllStateBits & ~kInstanceStopService).code(),
            JET_errInstanceUnavailable);
  EXPECT_EQ(InstanceCallStatus(kInstanceUnavailable).code(),
            JET_errInstanceUnavailable);
  EXPECT_EQ(
      InstanceCallStatus(kInstanceTermInProgress | kInstanceRestoreInProgress)
          .code(),
      JET_errTermInProgress);
  EXPECT_EQ(InstanceCallStatus(kInstanceRestoreInProgress).code(),
            JET_errRestoreInProgress);
  EXPECT_EQ(
      InstanceCallStatus(kInstanceRestoreInProgress | kInstanceInitInProgress)
          .code(),
      JET_errRestoreInProgress);
}

JET_ERR ExpectedInstanceCall(uint32_t state) {
  if (state & kInstanceStopService) return JET_errClientRequestToStopJetService;
  if (state & kInstanceUnavailable) return JET_errInstanceUnavailable;
  if (state & kInstanceTermInProgress) return JET_errTermInProgress;
  if (state & kInstanceRestoreInProgress) return JET_errRestoreInProgress;
  if (!(state & kInstanceInitialized)) return JET_errNotInitialized;
  return JET_errSuccess;
}

TEST(InstanceCallStatusTest, EveryCombination) {
  for (uint32_t state = 0; state <= kAllStateBits; ++state) {
    if (state & ~kAllStateBits) continue;
    SCOPED_TRACE(state);
    EXPECT_EQ(InstanceCallStatus(state).code(), ExpectedInstanceCall(state));
  }
}

// ---------------------------------------------------------------------------
// Instance: state, parameters, stop-service

std::unique_ptr<Instance> NewInstance(const ParamValues& defaults = {}) {
  auto instance = std::make_unique<Instance>();
  instance->Reset("name", "display", defaults);
  return instance;
}

TEST(InstanceTest, ResetMakesANewUninitializedInstance) {
  ParamValues defaults;
  ASSERT_EQ(defaults.Set(JET_paramMaxSessions, 50, nullptr).code(),
            JET_errSuccess);
  ASSERT_EQ(defaults.Set(JET_paramBaseName, 0, "abc").code(), JET_errSuccess);

  Instance instance;
  instance.Reset("inst", "Display Name", defaults);
  EXPECT_EQ(instance.name(), "inst");
  EXPECT_EQ(instance.display_name(), "Display Name");
  EXPECT_EQ(instance.state(), 0u);
  EXPECT_EQ(instance.stopped_grbits(), 0u);
  EXPECT_EQ(instance.instance_calls().load(), 0);
  EXPECT_EQ(instance.IntegerParam(JET_paramMaxSessions), 50u);
  EXPECT_EQ(instance.StringParam(JET_paramBaseName), "abc");
  EXPECT_EQ(instance.IntegerParam(JET_paramMaxCursors), 1024u);

  // A copy: later changes to the defaults do not reach the instance.
  ASSERT_EQ(defaults.Set(JET_paramMaxSessions, 60, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance.IntegerParam(JET_paramMaxSessions), 50u);
  // Nor do the instance's changes reach the defaults.
  ASSERT_EQ(instance.SetParam(JET_paramMaxCursors, 7, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(defaults.integer(JET_paramMaxCursors), 1024u);
}

TEST(InstanceTest, ResetClearsEverythingOfThePreviousLife) {
  Instance instance;
  instance.Reset("first", "first", ParamValues());
  instance.SetStateBits(kInit | kInstanceStopService);
  ASSERT_EQ(instance.StopService(JET_bitStopServiceQuiesceCaches).code(),
            JET_errSuccess);
  ASSERT_EQ(instance.SetParam(JET_paramCircularLog, 1, nullptr).code(),
            JET_errSuccess);
  // A call that raced in with a stale handle is still counted.
  instance.instance_calls().fetch_add(1);

  instance.Reset("second", "second display", ParamValues());
  EXPECT_EQ(instance.name(), "second");
  EXPECT_EQ(instance.display_name(), "second display");
  EXPECT_EQ(instance.state(), 0u);
  EXPECT_EQ(instance.stopped_grbits(), 0u);
  EXPECT_EQ(instance.IntegerParam(JET_paramCircularLog), 0u);
  // ...and its decrement is still to come: Reset keeps the balanced count.
  EXPECT_EQ(instance.instance_calls().load(), 1);
  instance.instance_calls().fetch_sub(1);
}

TEST(InstanceTest, StateBits) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  EXPECT_EQ(instance->state(), kInit);
  instance->SetStateBits(kInstanceTermInProgress);
  EXPECT_EQ(instance->state(), kInit | kInstanceTermInProgress);
  instance->ClearStateBits(kInit);
  EXPECT_EQ(instance->state(), uint32_t{kInstanceTermInProgress});
  instance->SetState(kInstanceRestoreInProgress);
  EXPECT_EQ(instance->state(), uint32_t{kInstanceRestoreInProgress});
}

TEST(InstanceTest, GetParam) {
  auto instance = NewInstance();
  JET_API_PTR value = 0;
  ASSERT_EQ(instance->GetParam(JET_paramMaxSessions, &value, nullptr, 0).code(),
            JET_errSuccess);
  EXPECT_EQ(value, 16u);
  char buffer[8];
  ASSERT_EQ(instance->GetParam(JET_paramBaseName, nullptr, buffer, 8).code(),
            JET_errSuccess);
  EXPECT_STREQ(buffer, "edb");
  EXPECT_EQ(instance->GetParam(JET_paramBaseName, nullptr, buffer, 3).code(),
            JET_errBufferTooSmall);
  EXPECT_EQ(instance->GetParam(kParamIdLimit, &value, buffer, 8).code(),
            JET_errInvalidParameter);
}

TEST(InstanceTest, SetParamBeforeInit) {
  auto instance = NewInstance();
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 100, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 100u);
  EXPECT_EQ(instance->SetParam(JET_paramBaseName, 0, "xyz").code(),
            JET_errSuccess);
  EXPECT_EQ(instance->StringParam(JET_paramBaseName), "xyz");
  // Range errors come from the parameter table.
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 30001, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 100u);
  EXPECT_EQ(instance->SetParam(JET_paramBaseName, 0, "ab").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(instance->SetParam(kParamIdLimit, 1, nullptr).code(),
            JET_errInvalidParameter);
}

TEST(InstanceTest, FrozenParamAfterInit) {
  auto instance = NewInstance();
  instance->SetStateBits(kInstanceInitialized);

  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 17, nullptr).code(),
            JET_errAlreadyInitialized);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 16u);
  EXPECT_EQ(instance->SetParam(JET_paramBaseName, 0, "xyz").code(),
            JET_errAlreadyInitialized);
  EXPECT_EQ(instance->StringParam(JET_paramBaseName), "edb");
  EXPECT_EQ(instance->SetParam(JET_paramSystemPath, 0, "/tmp/").code(),
            JET_errAlreadyInitialized);
  EXPECT_EQ(instance->StringParam(JET_paramSystemPath), ".\\");

  // The same value is always accepted.
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 16, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->SetParam(JET_paramBaseName, 0, "edb").code(),
            JET_errSuccess);

  // Parameters that are not frozen stay settable.
  EXPECT_EQ(instance->SetParam(JET_paramCircularLog, 1, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramCircularLog), 1u);
  // ... as do ids lmjet does not interpret.
  EXPECT_EQ(instance->SetParam(23, 99, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(23), 99u);

  // Once the instance is no longer initialized, frozen ones are settable.
  instance->ClearStateBits(kInstanceInitialized);
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 17, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 17u);
}

TEST(InstanceTest, AdvancedParamIgnoredWhenAdvancedDisabled) {
  auto instance = NewInstance();
  ASSERT_EQ(instance->SetParam(JET_paramEnableAdvanced, 0, nullptr).code(),
            JET_errSuccess);
  ASSERT_EQ(instance->IntegerParam(JET_paramEnableAdvanced), 0u);

  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 100, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 16u);
  EXPECT_EQ(instance->SetParam(JET_paramMaxCursors, 5, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxCursors), 1024u);
  // Even an out-of-range value is silently ignored.
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 30001, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 16u);

  // Parameters that are not advanced still work.
  EXPECT_EQ(instance->SetParam(JET_paramBaseName, 0, "abc").code(),
            JET_errSuccess);
  EXPECT_EQ(instance->StringParam(JET_paramBaseName), "abc");

  // Enabled again, advanced parameters take effect.
  ASSERT_EQ(instance->SetParam(JET_paramEnableAdvanced, 1, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->SetParam(JET_paramMaxSessions, 100, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->IntegerParam(JET_paramMaxSessions), 100u);
}

TEST(InstanceTest, StopServiceUnknownBitIsInvalid) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  for (JET_GRBIT grbit :
       {JET_GRBIT{0x1}, JET_GRBIT{0x10}, JET_GRBIT{0x40000000},
        JET_GRBIT{0x1} | JET_bitStopServiceQuiesceCaches,
        JET_GRBIT{0x100000000}}) {
    SCOPED_TRACE(grbit);
    EXPECT_EQ(instance->StopService(grbit).code(), JET_errInvalidGrbit);
  }
  EXPECT_EQ(instance->stopped_grbits(), 0u);
  EXPECT_EQ(instance->state(), kInit);
}

TEST(InstanceTest, StopAndEmitLogMustBeAlone) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  EXPECT_EQ(instance
                ->StopService(JET_bitStopServiceStopAndEmitLog |
                              JET_bitStopServiceQuiesceCaches)
                .code(),
            JET_errInvalidGrbit);
  EXPECT_EQ(instance
                ->StopService(JET_bitStopServiceStopAndEmitLog |
                              JET_bitStopServiceBackgroundUserTasks)
                .code(),
            JET_errInvalidGrbit);
  EXPECT_EQ(instance
                ->StopService(JET_bitStopServiceStopAndEmitLog |
                              JET_bitStopServiceResume)
                .code(),
            JET_errInvalidGrbit);
  EXPECT_EQ(instance->stopped_grbits(), 0u);
  EXPECT_EQ(instance->state(), kInit);

  EXPECT_EQ(instance->StopService(JET_bitStopServiceStopAndEmitLog).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->state() & kInstanceStopService, 0u);
}

TEST(InstanceTest, QuiesceCachesIsRecordedAndResumable) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  ASSERT_EQ(instance->StopService(JET_bitStopServiceQuiesceCaches).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->stopped_grbits(),
            JET_GRBIT{JET_bitStopServiceQuiesceCaches});
  // A resumable stop does not block sessions.
  EXPECT_EQ(instance->state(), kInit);
  EXPECT_EQ(SessionCallStatus(instance->state(), false).code(), JET_errSuccess);

  ASSERT_EQ(instance->StopService(JET_bitStopServiceResume).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->stopped_grbits(), 0u);
  EXPECT_EQ(instance->state(), kInit);
}

TEST(InstanceTest, ResumeOfOneBitKeepsTheOthers) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  ASSERT_EQ(instance->StopService(JET_bitStopServiceQuiesceCaches).code(),
            JET_errSuccess);
  ASSERT_EQ(instance->StopService(JET_bitStopServiceBackgroundUserTasks).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->stopped_grbits(),
            JET_GRBIT{JET_bitStopServiceQuiesceCaches |
                      JET_bitStopServiceBackgroundUserTasks});

  ASSERT_EQ(instance
                ->StopService(JET_bitStopServiceResume |
                              JET_bitStopServiceQuiesceCaches)
                .code(),
            JET_errSuccess);
  EXPECT_EQ(instance->stopped_grbits(),
            JET_GRBIT{JET_bitStopServiceBackgroundUserTasks});
  ASSERT_EQ(instance->StopService(JET_bitStopServiceResume).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->stopped_grbits(), 0u);
}

TEST(InstanceTest, StopServiceAllCannotBeResumed) {
  auto instance = NewInstance();
  instance->SetStateBits(kInit);
  ASSERT_EQ(instance->StopService(JET_bitStopServiceAll).code(),
            JET_errSuccess);
  EXPECT_EQ(instance->state(), kInit | kInstanceStopService);
  EXPECT_EQ(SessionCallStatus(instance->state(), false).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(SessionCallStatus(instance->state(), true).code(), JET_errSuccess);
  EXPECT_EQ(InstanceCallStatus(instance->state()).code(),
            JET_errClientRequestToStopJetService);

  EXPECT_EQ(instance->StopService(JET_bitStopServiceResume).code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(instance->state(), kInit | kInstanceStopService);
  EXPECT_EQ(instance
                ->StopService(JET_bitStopServiceResume |
                              JET_bitStopServiceQuiesceCaches)
                .code(),
            JET_errClientRequestToStopJetService);
  EXPECT_EQ(instance->state(), kInit | kInstanceStopService);

  // Only a new instance clears it.
  instance->Reset("again", "again", ParamValues());
  EXPECT_EQ(instance->state(), 0u);
}

// ---------------------------------------------------------------------------
// Attachments

class InstanceAttachTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "instance_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    char real[PATH_MAX];
    ASSERT_NE(realpath(pattern.c_str(), real), nullptr);
    dir_ = real;
    instance_.Reset("attach", "attach", ParamValues());
    other_.Reset("other", "other", ParamValues());
  }

  void TearDown() override {
    instance_.DetachEverything();
    other_.DetachEverything();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  std::string PathOf(const std::string& name) const {
    return dir_ + "/" + name;
  }

  // True if no one in this process has the file open: only then can it be
  // overwritten.
  bool IsClosedEverywhere(const std::string& path) {
    DatabaseFile* file = nullptr;
    Status status =
        DatabaseFile::Acquire(path, WithMode(Mode::kCreateOverwrite), &file);
    if (!status.ok()) {
      EXPECT_EQ(status.code(), JET_errDatabaseDuplicate);
      return false;
    }
    file->Release();
    return true;
  }

  void CreateClosed(const std::string& path) {
    DatabaseFile* file = nullptr;
    ASSERT_EQ(
        DatabaseFile::Acquire(path, WithMode(Mode::kCreate), &file).code(),
        JET_errSuccess);
    file->Release();
  }

  std::string dir_;
  Instance instance_;
  Instance other_;
};

TEST_F(InstanceAttachTest, AttachCreateThenAttachAgainIsAWarning) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* created = nullptr;
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &created).code(),
      JET_errSuccess);
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->path(), path);
  EXPECT_TRUE(instance_.IsAttached(created->dbid()));

  DatabaseFile* again = nullptr;
  Status status =
      instance_.Attach(path, WithMode(Mode::kAttach), false, &again);
  EXPECT_EQ(status.code(), JET_wrnDatabaseAttached);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(again, created);

  // The second attach took no reference: one detach closes the file.
  const JET_DBID dbid = created->dbid();
  ASSERT_EQ(instance_.Detach(path).code(), JET_errSuccess);
  EXPECT_FALSE(instance_.IsAttached(dbid));
  EXPECT_TRUE(IsClosedEverywhere(path));
}

TEST_F(InstanceAttachTest, CreateOfAnAttachedFileIsDuplicate) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &file).code(),
      JET_errSuccess);
  DatabaseFile* again = nullptr;
  EXPECT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &again).code(),
      JET_errDatabaseDuplicate);
  EXPECT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreateOverwrite), false, &again)
          .code(),
      JET_errDatabaseDuplicate);
  EXPECT_TRUE(instance_.IsAttached(file->dbid()));
  // Still exactly one attachment.
  ASSERT_EQ(instance_.Detach(path).code(), JET_errSuccess);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errDatabaseNotFound);
}

TEST_F(InstanceAttachTest, AttachOfAMissingFileFails) {
  DatabaseFile* file = nullptr;
  EXPECT_EQ(
      instance_
          .Attach(PathOf("missing.edb"), WithMode(Mode::kAttach), false, &file)
          .code(),
      JET_errFileNotFound);
  EXPECT_EQ(instance_.Detach(PathOf("missing.edb")).code(),
            JET_errDatabaseNotFound);
}

TEST_F(InstanceAttachTest, OpenForSessionOfAnUnattachedPathIsNotFound) {
  DatabaseFile* file = nullptr;
  bool read_only = true;
  EXPECT_EQ(instance_.OpenForSession(PathOf("a.edb"), &file, &read_only).code(),
            JET_errDatabaseNotFound);

  // Attached to another instance only: still not found in this one.
  const std::string path = PathOf("b.edb");
  ASSERT_EQ(other_.Attach(path, WithMode(Mode::kCreate), false, &file).code(),
            JET_errSuccess);
  EXPECT_EQ(instance_.OpenForSession(path, &file, &read_only).code(),
            JET_errDatabaseNotFound);
}

TEST_F(InstanceAttachTest, DetachWhileOpenIsInUse) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* attached = nullptr;
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &attached).code(),
      JET_errSuccess);
  DatabaseFile* opened = nullptr;
  bool read_only = true;
  ASSERT_EQ(instance_.OpenForSession(path, &opened, &read_only).code(),
            JET_errSuccess);
  EXPECT_EQ(opened, attached);
  EXPECT_FALSE(read_only);
  const JET_DBID dbid = attached->dbid();

  EXPECT_EQ(instance_.Detach(path).code(), JET_errDatabaseInUse);
  EXPECT_TRUE(instance_.IsAttached(dbid));

  instance_.CloseForSession(opened);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errSuccess);
  EXPECT_FALSE(instance_.IsAttached(dbid));
  EXPECT_EQ(instance_.Detach(path).code(), JET_errDatabaseNotFound);
  EXPECT_TRUE(IsClosedEverywhere(path));
}

TEST_F(InstanceAttachTest, OpensAreCounted) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &file).code(),
      JET_errSuccess);
  DatabaseFile* opened = nullptr;
  bool read_only = false;
  ASSERT_EQ(instance_.OpenForSession(path, &opened, &read_only).code(),
            JET_errSuccess);
  ASSERT_EQ(instance_.OpenForSession(path, &opened, &read_only).code(),
            JET_errSuccess);
  instance_.CloseForSession(opened);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errDatabaseInUse);
  instance_.CloseForSession(opened);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errSuccess);
}

TEST_F(InstanceAttachTest, AttachOpenForSessionCountsAsOpen) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(instance_.Attach(path, WithMode(Mode::kCreate), true, &file).code(),
            JET_errSuccess);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errDatabaseInUse);
  instance_.CloseForSession(file);
  EXPECT_EQ(instance_.Detach(path).code(), JET_errSuccess);
}

TEST_F(InstanceAttachTest, ReadOnlyAttachIsReportedToOpeners) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  DatabaseFile* file = nullptr;
  ASSERT_EQ(instance_
                .Attach(path, WithMode(Mode::kAttach, /*read_only=*/true),
                        false, &file)
                .code(),
            JET_errSuccess);
  DatabaseFile* opened = nullptr;
  bool read_only = false;
  ASSERT_EQ(instance_.OpenForSession(path, &opened, &read_only).code(),
            JET_errSuccess);
  EXPECT_EQ(opened, file);
  EXPECT_TRUE(read_only);
  instance_.CloseForSession(opened);
}

TEST_F(InstanceAttachTest, TwoInstancesShareOneFile) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* mine = nullptr;
  DatabaseFile* theirs = nullptr;
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &mine).code(),
      JET_errSuccess);
  // Another instance attaching the same file gets the same file (and dbid)
  // and no warning: it had not attached it.
  ASSERT_EQ(other_.Attach(path, WithMode(Mode::kAttach), false, &theirs).code(),
            JET_errSuccess);
  EXPECT_EQ(theirs, mine);
  EXPECT_TRUE(other_.IsAttached(mine->dbid()));

  ASSERT_EQ(instance_.Detach(path).code(), JET_errSuccess);
  EXPECT_FALSE(instance_.IsAttached(theirs->dbid()));
  EXPECT_TRUE(other_.IsAttached(theirs->dbid()));
  EXPECT_FALSE(IsClosedEverywhere(path));

  ASSERT_EQ(other_.Detach(path).code(), JET_errSuccess);
  EXPECT_TRUE(IsClosedEverywhere(path));
}

TEST_F(InstanceAttachTest, DetachAllRefusesWhileAnyIsOpen) {
  const std::string a = PathOf("a.edb");
  const std::string b = PathOf("b.edb");
  DatabaseFile* file_a = nullptr;
  DatabaseFile* file_b = nullptr;
  ASSERT_EQ(instance_.Attach(a, WithMode(Mode::kCreate), false, &file_a).code(),
            JET_errSuccess);
  ASSERT_EQ(instance_.Attach(b, WithMode(Mode::kCreate), false, &file_b).code(),
            JET_errSuccess);
  const JET_DBID dbid_a = file_a->dbid();
  const JET_DBID dbid_b = file_b->dbid();
  DatabaseFile* opened = nullptr;
  bool read_only = false;
  ASSERT_EQ(instance_.OpenForSession(b, &opened, &read_only).code(),
            JET_errSuccess);

  EXPECT_EQ(instance_.DetachAll().code(), JET_errDatabaseInUse);
  EXPECT_TRUE(instance_.IsAttached(dbid_a));
  EXPECT_TRUE(instance_.IsAttached(dbid_b));
  EXPECT_FALSE(IsClosedEverywhere(a));

  instance_.CloseForSession(opened);
  EXPECT_EQ(instance_.DetachAll().code(), JET_errSuccess);
  EXPECT_FALSE(instance_.IsAttached(dbid_a));
  EXPECT_FALSE(instance_.IsAttached(dbid_b));
  EXPECT_EQ(instance_.Detach(a).code(), JET_errDatabaseNotFound);
  EXPECT_EQ(instance_.Detach(b).code(), JET_errDatabaseNotFound);
  EXPECT_TRUE(IsClosedEverywhere(a));
  EXPECT_TRUE(IsClosedEverywhere(b));
  // With nothing attached, it succeeds.
  EXPECT_EQ(instance_.DetachAll().code(), JET_errSuccess);
}

TEST_F(InstanceAttachTest, DetachEverythingIgnoresOpens) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(instance_.Attach(path, WithMode(Mode::kCreate), true, &file).code(),
            JET_errSuccess);
  const JET_DBID dbid = file->dbid();
  instance_.DetachEverything();
  EXPECT_FALSE(instance_.IsAttached(dbid));
  EXPECT_TRUE(IsClosedEverywhere(path));
}

TEST_F(InstanceAttachTest, IsAttachedByDbid) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  EXPECT_FALSE(instance_.IsAttached(1));
  EXPECT_FALSE(instance_.IsAttached(JET_dbidNil));
  ASSERT_EQ(
      instance_.Attach(path, WithMode(Mode::kCreate), false, &file).code(),
      JET_errSuccess);
  EXPECT_TRUE(instance_.IsAttached(file->dbid()));
  EXPECT_FALSE(instance_.IsAttached(file->dbid() + 1));
  EXPECT_FALSE(instance_.IsAttached(JET_dbidNil));
  EXPECT_FALSE(other_.IsAttached(file->dbid()));
}

}  // namespace
}  // namespace lmjet::engine
