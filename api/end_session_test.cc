// JetEndSession: every row of the contract in DESIGN.md §5, in order.

#include <atomic>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "api/testing.h"
#include "engine/instance.h"
#include "gtest/gtest.h"
#include "session/fault_injection.h"

namespace lmjet::testing {
namespace {

using session::ArmFault;
using session::DisarmAllFaults;
using session::FaultPoint;

class EndSessionTest : public InstanceTest {
 protected:
  void TearDown() override {
    DisarmAllFaults();
    InstanceTest::TearDown();
  }
};

// --- Row 1: invalid handles ------------------------------------------------

TEST_F(EndSessionTest, InvalidHandles) {
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(0, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(JET_sesidNil, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(0x1234, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(sesid_ ^ 0x1, 0));  // index
  EXPECT_EQ(JET_errInvalidSesid,
            JetEndSession(sesid_ + (JET_SESID{1} << 32), 0));   // generation
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(instance_, 0));  // wrong kind
  // The real session is untouched by all of that.
  EXPECT_JET_OK(JetBeginTransaction(sesid_));
  EXPECT_JET_OK(JetCommitTransaction(sesid_, 0));
}

TEST_F(EndSessionTest, AlreadyEnded) {
  ASSERT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(sesid_, 0));
  // Even after its slot is reused by a new session.
  JET_SESID next;
  ASSERT_JET_OK(JetBeginSession(instance_, &next, "", ""));
  EXPECT_NE(sesid_, next);
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(sesid_, 0));
  EXPECT_JET_OK(JetEndSession(next, 0));
}

TEST_F(EndSessionTest, SessionOfTerminatedInstance) {
  TermNow();
  EXPECT_EQ(JET_errNotInitialized, JetEndSession(sesid_, 0));
}

TEST_F(EndSessionTest, InvalidHandleComesBeforeEverythingElse) {
  ASSERT_JET_OK(
      SetInstanceStateBits(instance_, engine::kInstanceTermInProgress, true));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(0x1234, 0xFF));
  ASSERT_JET_OK(
      SetInstanceStateBits(instance_, engine::kInstanceTermInProgress, false));
}

// --- Row 2: instance state -------------------------------------------------

struct StateRow {
  uint32_t bits;
  bool clear_initialized;
  JET_ERR expected;
};

TEST_F(EndSessionTest, InstanceStates) {
  const StateRow rows[] = {
      {0, true, JET_errNotInitialized},
      {engine::kInstanceRestoreInProgress, false, JET_errRestoreInProgress},
      {engine::kInstanceTermInProgress, false, JET_errTermInProgress},
      {engine::kInstanceUnavailable, false, JET_errInstanceUnavailable},
      // Restore is reported before term and unavailable.
      {engine::kInstanceRestoreInProgress | engine::kInstanceTermInProgress |
           engine::kInstanceUnavailable,
       false, JET_errRestoreInProgress},
      {engine::kInstanceTermInProgress | engine::kInstanceUnavailable, false,
       JET_errTermInProgress},
  };
  // A set context would make the call fail with JET_errSessionInUse and a
  // bad grbit with JET_errInvalidParameter: the state comes before both.
  ASSERT_JET_OK(JetSetSessionContext(sesid_, 5));
  for (const StateRow& row : rows) {
    SCOPED_TRACE(row.expected);
    if (row.bits) {
      ASSERT_JET_OK(SetInstanceStateBits(instance_, row.bits, true));
    }
    if (row.clear_initialized) {
      ASSERT_JET_OK(
          SetInstanceStateBits(instance_, engine::kInstanceInitialized, false));
    }
    EXPECT_EQ(row.expected, JetEndSession(sesid_, 0x2));
    EXPECT_EQ(row.expected, JetEndSession(sesid_, 0));
    if (row.bits) {
      ASSERT_JET_OK(SetInstanceStateBits(instance_, row.bits, false));
    }
    if (row.clear_initialized) {
      ASSERT_JET_OK(
          SetInstanceStateBits(instance_, engine::kInstanceInitialized, true));
    }
  }
  EXPECT_EQ(JET_errSessionInUse, JetEndSession(sesid_, 0));
  ASSERT_JET_OK(JetResetSessionContext(sesid_));
  // The session survived every refusal.
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
}

TEST_F(EndSessionTest, StopServiceDoesNotBlockIt) {
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetStopServiceInstance(instance_));
  EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginTransaction(sesid_));
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(sesid_, 0));
}

// --- Row 3: grbit ----------------------------------------------------------

TEST_F(EndSessionTest, Grbits) {
  EXPECT_EQ(JET_errInvalidParameter, JetEndSession(sesid_, 0x2));
  EXPECT_EQ(JET_errInvalidParameter, JetEndSession(sesid_, 0x80000000));
  EXPECT_EQ(JET_errInvalidParameter,
            JetEndSession(sesid_, JET_bitForceSessionClosed | 0x100));
  // The grbit is checked before the in-use rules.
  ASSERT_JET_OK(JetSetSessionContext(sesid_, 42));
  EXPECT_EQ(JET_errInvalidParameter, JetEndSession(sesid_, 0x4));
  ASSERT_JET_OK(JetResetSessionContext(sesid_));
  EXPECT_JET_OK(JetEndSession(sesid_, JET_bitForceSessionClosed));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  EXPECT_JET_OK(JetEndSession(other, 0));
}

// --- Row 4: in use ----------------------------------------------------------

TEST_F(EndSessionTest, SessionContextSetMeansInUse) {
  ASSERT_JET_OK(JetSetSessionContext(sesid_, 0xC0FFEE));
  EXPECT_EQ(JET_errSessionInUse, JetEndSession(sesid_, 0));
  // Set from another thread: still in use, and only that thread can reset.
  ASSERT_JET_OK(JetResetSessionContext(sesid_));
  std::atomic<int> step{0};
  JET_ERR set = JET_errInternalError, reset = JET_errInternalError;
  std::thread other([&] {
    set = JetSetSessionContext(sesid_, 9);
    step = 1;
    while (step != 2) std::this_thread::yield();
    reset = JetResetSessionContext(sesid_);
  });
  while (step != 1) std::this_thread::yield();
  EXPECT_JET_OK(set);
  EXPECT_EQ(JET_errSessionInUse, JetEndSession(sesid_, 0));
  EXPECT_EQ(JET_errSessionContextNotSetByThisThread,
            JetResetSessionContext(sesid_));
  step = 2;
  other.join();
  EXPECT_JET_OK(reset);
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
}

TEST_F(EndSessionTest, AnotherThreadInsideACallMeansInUse) {
  std::atomic<bool> inside{false};
  std::atomic<bool> release{false};
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    inside = true;
    while (!release) std::this_thread::yield();
    return JET_errSuccess;
  }));
  JET_ERR rollback = JET_errInternalError;
  std::thread worker([&] { rollback = JetRollback(sesid_, 0); });
  while (!inside) std::this_thread::yield();
  EXPECT_EQ(JET_errSessionInUse, JetEndSession(sesid_, 0));
  unsigned long version;
  EXPECT_EQ(JET_errSessionSharingViolation, JetGetVersion(sesid_, &version));
  release = true;
  worker.join();
  EXPECT_JET_OK(rollback);
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
}

// --- Row 5: unwinding --------------------------------------------------------

TEST_F(EndSessionTest, UnwindsLevelsDatabasesAndResourcesInOrder) {
  std::vector<std::string> closed;
  auto recorder = [&](const char* name) {
    return [&closed, name] {
      closed.push_back(name);
      return JET_errSuccess;
    };
  };
  JET_DBID dbid;
  const std::string db = dir_.File("unwind.edb");
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(AdoptResource(sesid_, recorder("level0")));
  for (int level = 1; level <= 7; ++level) {
    ASSERT_JET_OK(JetBeginTransaction(sesid_));
  }
  ASSERT_JET_OK(AdoptResource(sesid_, recorder("level7")));
  ASSERT_EQ(2, SessionResourceCount(sesid_));

  ASSERT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ((std::vector<std::string>{"level7", "level0"}), closed);
  // The database was closed (twice opened, both references dropped): it can
  // be detached now.
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  EXPECT_JET_OK(JetDetachDatabase(other, db.c_str()));
}

TEST_F(EndSessionTest, OpenTransactionIsRolledBackSilently) {
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction2(sesid_, JET_bitTransactionReadOnly));
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
  // JetTerm finds no active transaction.
  EXPECT_JET_OK(JetTerm(instance_));
  instance_ = 0;
}

struct FaultRow {
  FaultPoint point;
  JET_ERR error;
};

TEST_F(EndSessionTest, AllocationFailureWhileUnwindingKeepsSessionUsable) {
  const FaultRow rows[] = {
      {FaultPoint::kRollbackLevel, JET_errOutOfMemory},
      {FaultPoint::kRollbackLevel, JET_errOutOfBuffers},
      {FaultPoint::kCloseDatabase, JET_errOutOfMemory},
      {FaultPoint::kCloseDatabase, JET_errOutOfBuffers},
      {FaultPoint::kCloseResource, JET_errOutOfMemory},
      {FaultPoint::kCloseResource, JET_errOutOfBuffers},
  };
  for (const FaultRow& row : rows) {
    SCOPED_TRACE(static_cast<int>(row.point));
    JET_SESID sesid;
    ASSERT_JET_OK(JetBeginSession(instance_, &sesid, "", ""));
    JET_DBID dbid;
    const std::string db = dir_.File("faults.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid, db.c_str(), nullptr, &dbid,
                                    JET_bitDbOverwriteExisting));
    int closes = 0;
    ASSERT_JET_OK(AdoptResource(sesid, [&] {
      ++closes;
      return JET_errSuccess;
    }));
    ASSERT_JET_OK(JetBeginTransaction(sesid));
    ASSERT_JET_OK(JetBeginTransaction(sesid));

    ArmFault(row.point, row.error);
    EXPECT_EQ(row.error, JetEndSession(sesid, 0));
    // Valid and usable: the context lock was released and calls work.
    unsigned long version = 0;
    EXPECT_JET_OK(JetGetVersion(sesid, &version));
    EXPECT_JET_OK(JetSetSessionContext(sesid, 3));
    EXPECT_JET_OK(JetResetSessionContext(sesid));
    EXPECT_JET_OK(JetBeginTransaction(sesid));
    // Repeating the call finishes the job.
    EXPECT_JET_OK(JetEndSession(sesid, 0));
    EXPECT_EQ(1, closes);
    EXPECT_EQ(JET_errInvalidSesid, JetGetVersion(sesid, &version));
    // And the database is closed: detach succeeds.
    EXPECT_JET_OK(JetDetachDatabase(sesid_, db.c_str()));
  }
}

TEST_F(EndSessionTest, ResourceCloseFailureKeepsSessionUsable) {
  int closes = 0;
  int attempts = 0;
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    if (++attempts == 1) return JET_errOutOfBuffers;
    ++closes;
    return JET_errSuccess;
  }));
  EXPECT_EQ(JET_errOutOfBuffers, JetEndSession(sesid_, 0));
  EXPECT_EQ(1, SessionResourceCount(sesid_));
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ(1, closes);
}

TEST_F(EndSessionTest, ExceptionsBecomeErrorsAndSessionSurvives) {
  int attempts = 0;
  ASSERT_JET_OK(AdoptResource(sesid_, [&]() -> JET_ERR {
    ++attempts;
    if (attempts == 1) throw std::bad_alloc();
    if (attempts == 2) throw std::runtime_error("boom");
    return JET_errSuccess;
  }));
  EXPECT_EQ(JET_errOutOfMemory, JetEndSession(sesid_, 0));
  EXPECT_EQ(JET_errInternalError, JetEndSession(sesid_, 0));
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ(3, attempts);
}

// --- Row 6: the handle is dead afterwards -----------------------------------

TEST_F(EndSessionTest, HandleIsDeadForEveryCall) {
  ASSERT_JET_OK(JetEndSession(sesid_, 0));
  unsigned long version;
  JET_DBID dbid;
  JET_SESID dup;
  EXPECT_EQ(JET_errInvalidSesid, JetGetVersion(sesid_, &version));
  EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errInvalidSesid, JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetDupSession(sesid_, &dup));
  EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(sesid_, 1));
  EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(sesid_));
  EXPECT_EQ(JET_errInvalidSesid,
            JetOpenDatabase(sesid_, "x.edb", nullptr, &dbid, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetCloseDatabase(sesid_, 1, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetEndSession(sesid_, 0));
}

}  // namespace
}  // namespace lmjet::testing
