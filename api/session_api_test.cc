// Sessions, the gate's handle checks, contexts and transaction levels.

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "api/testing.h"
#include "engine/instance.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

class SessionApiTest : public InstanceTest {};

TEST_F(SessionApiTest, DupSessionIsANewIndependentSession) {
  JET_SESID dup = JET_sesidNil;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetDupSession(sesid_, &dup));
  EXPECT_NE(sesid_, dup);
  EXPECT_NE(JET_sesidNil, dup);
  // Nothing inherited: the dup is at level 0.
  EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(dup, 0));
  EXPECT_EQ(JET_errInvalidParameter, JetDupSession(sesid_, nullptr));
  EXPECT_JET_OK(JetEndSession(dup, 0));
  EXPECT_JET_OK(JetCommitTransaction(sesid_, 0));
}

TEST(SessionLimitTest, MaxSessionsIsExact) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("max-sessions", dir, &inst, 3));
  JET_SESID s[3];
  for (JET_SESID& sesid : s)
    ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  JET_SESID extra = JET_sesidNil;
  EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, "", ""));
  EXPECT_EQ(JET_errOutOfSessions, JetDupSession(s[0], &extra));
  ASSERT_JET_OK(JetEndSession(s[1], 0));
  EXPECT_JET_OK(JetBeginSession(inst, &extra, "", ""));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(SessionLimitTest, ZeroSessionsAllowsNone) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("zero-sessions", dir, &inst, 0));
  JET_SESID sesid;
  EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &sesid, "", ""));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST_F(SessionApiTest, GarbageStaleAndWrongKindHandles) {
  unsigned long version = 0;
  const JET_SESID bad[] = {0,          JET_sesidNil,
                           1,          0xDEADBEEFDEADBEEF,
                           sesid_ + 1, sesid_ ^ (JET_SESID{0x7F} << 32),
                           instance_};
  for (JET_SESID sesid : bad) {
    SCOPED_TRACE(sesid);
    EXPECT_EQ(JET_errInvalidSesid, JetGetVersion(sesid, &version));
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(sesid));
    EXPECT_EQ(JET_errInvalidSesid, JetRollback(sesid, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(sesid, 1));
  }
  // A session handle is not an instance handle either.
  JET_SESID other;
  EXPECT_EQ(JET_errInvalidInstance, JetBeginSession(sesid_, &other, "", ""));
  EXPECT_EQ(JET_errInvalidInstance, JetTerm(sesid_));
}

TEST_F(SessionApiTest, GetVersion) {
  unsigned long version = 0;
  ASSERT_JET_OK(JetGetVersion(sesid_, &version));
  EXPECT_EQ(0x0A01ul, version >> 16);
  EXPECT_EQ(JET_errInvalidParameter, JetGetVersion(sesid_, nullptr));
}

TEST_F(SessionApiTest, SessionContexts) {
  EXPECT_EQ(JET_errInvalidParameter, JetSetSessionContext(sesid_, 0));
  EXPECT_EQ(JET_errInvalidParameter,
            JetSetSessionContext(sesid_, ~JET_API_PTR{0}));
  EXPECT_EQ(JET_errSessionContextNotSetByThisThread,
            JetResetSessionContext(sesid_));
  ASSERT_JET_OK(JetSetSessionContext(sesid_, 0x1234));
  EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(sesid_, 7));
  EXPECT_EQ(JET_errSessionContextAlreadySet,
            JetSetSessionContext(sesid_, 0x1234));
  JET_ERR from_other_thread = JET_errSuccess;
  std::thread([&] {
    from_other_thread = JetResetSessionContext(sesid_);
  }).join();
  EXPECT_EQ(JET_errSessionContextNotSetByThisThread, from_other_thread);
  EXPECT_JET_OK(JetResetSessionContext(sesid_));
  EXPECT_EQ(JET_errSessionContextNotSetByThisThread,
            JetResetSessionContext(sesid_));
}

TEST_F(SessionApiTest, TransactionMovesBetweenThreads) {
  // Allowed without a session context (a deliberate difference from
  // esent.dll): nothing of a transaction is tied to a thread.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  JET_ERR nested = JET_errInternalError, commit = JET_errInternalError;
  std::thread([&] { nested = JetBeginTransaction(sesid_); }).join();
  std::thread([&] { commit = JetCommitTransaction(sesid_, 0); }).join();
  EXPECT_JET_OK(nested);
  EXPECT_JET_OK(commit);
  EXPECT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errNotInTransaction, JetRollback(sesid_, 0));
  // With a context, as ESENT programs do it.
  ASSERT_JET_OK(JetSetSessionContext(sesid_, 99));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetResetSessionContext(sesid_));
  std::thread([&] {
    EXPECT_JET_OK(JetSetSessionContext(sesid_, 99));
    EXPECT_JET_OK(JetCommitTransaction(sesid_, 0));
    EXPECT_JET_OK(JetResetSessionContext(sesid_));
  }).join();
  EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(sesid_, 0));
}

TEST_F(SessionApiTest, SevenLevelsAndNoMore) {
  for (int level = 1; level <= 7; ++level) {
    ASSERT_JET_OK(JetBeginTransaction(sesid_)) << level;
  }
  EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction2(sesid_, 0));
  EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction3(sesid_, 5, 0));
  // Still seven: seven commits end it, the eighth finds none.
  for (int level = 7; level >= 1; --level) {
    ASSERT_JET_OK(JetCommitTransaction(sesid_, 0)) << level;
  }
  EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(sesid_, 0));
}

TEST_F(SessionApiTest, RollbackOneLevelOrAll) {
  for (int i = 0; i < 4; ++i) ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetRollback(sesid_, 0));                   // 4 -> 3
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));          // 3 -> 2
  ASSERT_JET_OK(JetRollback(sesid_, JET_bitRollbackAll));  // 2 -> 0
  EXPECT_EQ(JET_errNotInTransaction, JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errNotInTransaction, JetRollback(sesid_, JET_bitRollbackAll));
}

TEST_F(SessionApiTest, BeginTransactionIgnoresUnknownBits) {
  EXPECT_JET_OK(JetBeginTransaction2(sesid_, 0x2 | 0x40000000));
  EXPECT_JET_OK(JetBeginTransaction3(sesid_, 20120131, 0));
  EXPECT_JET_OK(JetRollback(sesid_, JET_bitRollbackAll));
}

TEST_F(SessionApiTest, CommitGrbits) {
  // Unknown bits are refused before the level is looked at.
  EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(sesid_, 0x4));
  EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(sesid_, 0x100));
  // The wait flags stand alone and work outside a transaction.
  EXPECT_JET_OK(JetCommitTransaction(sesid_, JET_bitWaitLastLevel0Commit));
  EXPECT_JET_OK(JetCommitTransaction(sesid_, JET_bitWaitAllLevel0Commit));
  EXPECT_JET_OK(JetCommitTransaction(sesid_, JET_bitForceNewLog));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetCommitTransaction(sesid_,
                                 JET_bitForceNewLog | JET_bitCommitLazyFlush));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetCommitTransaction(sesid_, JET_bitWaitLastLevel0Commit |
                                             JET_bitWaitAllLevel0Commit));
  EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(JET_errNotInTransaction,
            JetCommitTransaction(sesid_, JET_bitCommitLazyFlush));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  EXPECT_JET_OK(JetCommitTransaction(sesid_, JET_bitCommitLazyFlush));
  EXPECT_EQ(JET_errInvalidGrbit, JetRollback(sesid_, 0x2));
}

TEST_F(SessionApiTest, CommitTransaction2) {
  JET_COMMIT_ID first = {}, second = {};
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  // A durable-commit timeout needs a lazy commit.
  EXPECT_EQ(JET_errInvalidParameter,
            JetCommitTransaction2(sesid_, 0, 100, &first));
  ASSERT_JET_OK(
      JetCommitTransaction2(sesid_, JET_bitCommitLazyFlush, 100, &first));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetCommitTransaction2(sesid_, 0, 0, &second));
  EXPECT_GT(first.commitId, 0);
  EXPECT_GE(second.commitId, first.commitId);
  EXPECT_EQ(JET_errNotInTransaction,
            JetCommitTransaction2(sesid_, 0, 0, nullptr));
}

TEST_F(SessionApiTest, RollbackClosesResourcesOfTheLevel) {
  int outer_closes = 0, inner_closes = 0;
  std::vector<int> rolled_back_to;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(
      sesid_,
      [&] {
        ++outer_closes;
        return JET_errSuccess;
      },
      [&](int level) { rolled_back_to.push_back(level); }));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    ++inner_closes;
    return JET_errSuccess;
  }));
  ASSERT_EQ(2, SessionResourceCount(sesid_));
  // Level 2 goes: its resource closes; the level-1 one is told to undo.
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(1, inner_closes);
  EXPECT_EQ(0, outer_closes);
  EXPECT_EQ(std::vector<int>{1}, rolled_back_to);
  EXPECT_EQ(1, SessionResourceCount(sesid_));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(1, outer_closes);
  EXPECT_EQ(0, SessionResourceCount(sesid_));
}

TEST_F(SessionApiTest, CommitRehomesResourcesToTheParentLevel) {
  int closes = 0;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    ++closes;
    return JET_errSuccess;
  }));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));  // opened at 2, now at 1
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetRollback(sesid_, 0));  // level 2 again: not its level
  EXPECT_EQ(0, closes);
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));  // now at level 0
  EXPECT_EQ(0, closes);
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(0, closes);
  EXPECT_EQ(1, SessionResourceCount(sesid_));
  // Closed here, while `closes` still exists, not by the fixture's JetTerm.
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
  EXPECT_EQ(1, closes);
}

TEST_F(SessionApiTest, ConcurrentUseOfOneSessionIsASharingViolation) {
  std::atomic<bool> inside{false}, release{false};
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    inside = true;
    while (!release) std::this_thread::yield();
    return JET_errSuccess;
  }));
  std::thread worker([&] { EXPECT_JET_OK(JetRollback(sesid_, 0)); });
  while (!inside) std::this_thread::yield();
  unsigned long version;
  JET_SESID dup;
  EXPECT_EQ(JET_errSessionSharingViolation, JetGetVersion(sesid_, &version));
  EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errSessionSharingViolation, JetDupSession(sesid_, &dup));
  EXPECT_EQ(JET_errSessionSharingViolation, JetSetSessionContext(sesid_, 3));
  release = true;
  worker.join();
  EXPECT_JET_OK(JetGetVersion(sesid_, &version));
}

TEST_F(SessionApiTest, TermWaitsForCallsInsideTheApi) {
  std::atomic<bool> inside{false}, release{false};
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(AdoptResource(sesid_, [&] {
    inside = true;
    while (!release) std::this_thread::yield();
    return JET_errSuccess;
  }));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  std::thread worker([&] { EXPECT_JET_OK(JetRollback(sesid_, 0)); });
  while (!inside) std::this_thread::yield();
  std::atomic<JET_ERR> term{JET_errInternalError};
  std::thread terminator([&] { term = JetTerm(instance_); });
  // Term publishes "term in progress" first, then waits for the rollback.
  while (!(InstanceState(instance_) & engine::kInstanceTermInProgress)) {
    std::this_thread::yield();
  }
  unsigned long version;
  EXPECT_EQ(JET_errTermInProgress, JetGetVersion(other, &version));
  JET_SESID late;
  EXPECT_EQ(JET_errTermInProgress, JetBeginSession(instance_, &late, "", ""));
  EXPECT_EQ(JET_errTermInProgress, JetTerm(instance_));
  EXPECT_EQ(JET_errInternalError, term.load());  // still draining
  release = true;
  worker.join();
  terminator.join();
  // The rollback ended the only transaction, so JetTerm completed.
  EXPECT_JET_OK(term.load());
  EXPECT_EQ(JET_errNotInitialized, JetGetVersion(other, &version));
  instance_ = 0;
}

// A thread that keeps using a session enters it without a read-modify-write
// (base/asymmetric_fence.h); the guarantees must not change.
TEST_F(SessionApiTest, SessionBiasedToAThreadStillExcludesOthers) {
  std::atomic<int> step{0};
  std::atomic<bool> release{false};
  std::thread owner([&] {
    unsigned long version;
    // Two slow entries from this thread bias the session to it.
    for (int i = 0; i < 4; ++i) EXPECT_JET_OK(JetGetVersion(sesid_, &version));
    EXPECT_JET_OK(JetBeginTransaction(sesid_));
    EXPECT_JET_OK(AdoptResource(sesid_, [&] {
      step = 1;
      while (!release) std::this_thread::yield();
      return JET_errSuccess;
    }));
    EXPECT_JET_OK(JetRollback(sesid_, 0));  // blocks inside, biased entry
    step = 2;
  });
  while (step != 1) std::this_thread::yield();
  unsigned long version;
  EXPECT_EQ(JET_errSessionSharingViolation, JetGetVersion(sesid_, &version));
  EXPECT_EQ(JET_errSessionInUse, JetEndSession(sesid_, 0));
  EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(sesid_));
  release = true;
  owner.join();
  EXPECT_EQ(2, step.load());
  // The session moves to this thread (revoking the bias) and back.
  EXPECT_JET_OK(JetGetVersion(sesid_, &version));
  EXPECT_JET_OK(JetGetVersion(sesid_, &version));
  EXPECT_JET_OK(JetGetVersion(sesid_, &version));
  std::thread([&] {
    unsigned long v;
    EXPECT_JET_OK(JetGetVersion(sesid_, &v));
  }).join();
  EXPECT_JET_OK(JetEndSession(sesid_, 0));
}

TEST_F(SessionApiTest, TermWaitsForABiasedCaller) {
  std::atomic<bool> inside{false}, release{false};
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  std::thread worker([&] {
    unsigned long version;
    for (int i = 0; i < 4; ++i) EXPECT_JET_OK(JetGetVersion(sesid_, &version));
    EXPECT_JET_OK(JetBeginTransaction(sesid_));
    EXPECT_JET_OK(AdoptResource(sesid_, [&] {
      inside = true;
      while (!release) std::this_thread::yield();
      return JET_errSuccess;
    }));
    EXPECT_JET_OK(JetRollback(sesid_, 0));
  });
  while (!inside) std::this_thread::yield();
  std::atomic<JET_ERR> term{JET_errInternalError};
  std::thread terminator([&] { term = JetTerm(instance_); });
  while (!(InstanceState(instance_) & engine::kInstanceTermInProgress)) {
    std::this_thread::yield();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(JET_errInternalError, term.load());  // still waiting for it
  release = true;
  worker.join();
  terminator.join();
  EXPECT_JET_OK(term.load());
  unsigned long version;
  EXPECT_EQ(JET_errNotInitialized, JetGetVersion(sesid_, &version));
  instance_ = 0;
}

}  // namespace
}  // namespace lmjet::testing
