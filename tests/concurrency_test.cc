// Many threads against the session manager and the gate at once.

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "api/testing.h"
#include "engine/instance.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr int kThreads = 12;

TEST(ConcurrencyTest, ThreadsBeginAndEndSessionsConcurrently) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("begin-end", dir, &inst, kThreads * 4));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        JET_SESID a, b;
        if (JetBeginSession(inst, &a, "", "") != JET_errSuccess) ++failures;
        if (JetDupSession(a, &b) != JET_errSuccess) ++failures;
        if (JetBeginTransaction(b) != JET_errSuccess) ++failures;
        if (JetEndSession(a, 0) != JET_errSuccess) ++failures;
        // Ended: the handle is dead however fast its slot is reused.
        if (JetEndSession(a, 0) != JET_errInvalidSesid) ++failures;
        if (JetEndSession(b, 0) != JET_errSuccess) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, failures.load());
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(ConcurrencyTest, SessionLimitHoldsUnderContention) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  constexpr int kLimit = 5;
  ASSERT_JET_OK(StartInstance("contended-limit", dir, &inst, kLimit));
  std::atomic<int> live{0}, peak{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        JET_SESID s;
        const JET_ERR err = JetBeginSession(inst, &s, "", "");
        if (err == JET_errOutOfSessions) {
          ++refused;
          continue;
        }
        if (err != JET_errSuccess) {
          ++other;
          continue;
        }
        const int now = ++live;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        --live;
        if (JetEndSession(s, 0) != JET_errSuccess) ++other;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, other.load());
  EXPECT_LE(peak.load(), kLimit);
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(ConcurrencyTest, SessionsWithTransactionsOnManyThreadsNeverBlock) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("many-txns", dir, &inst, kThreads + 1));
  JET_SESID setup;
  ASSERT_JET_OK(JetBeginSession(inst, &setup, "", ""));
  JET_DBID dbid;
  const std::string db = dir.File("shared.edb");
  ASSERT_JET_OK(JetCreateDatabase(setup, db.c_str(), nullptr, &dbid, 0));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      JET_SESID s;
      JET_DBID mine;
      if (JetBeginSession(inst, &s, "", "") != JET_errSuccess ||
          JetOpenDatabase(s, db.c_str(), nullptr, &mine, 0) != JET_errSuccess) {
        ++failures;
        return;
      }
      for (int i = 0; i < 3000; ++i) {
        // Every session holds an open transaction (a snapshot) at once.
        if (JetBeginTransaction(s) != JET_errSuccess) ++failures;
        if (JetBeginTransaction(s) != JET_errSuccess) ++failures;
        if (JetCommitTransaction(s, 0) != JET_errSuccess) ++failures;
        if (JetCommitTransaction(s, i % 2 ? JET_bitCommitLazyFlush : 0) !=
            JET_errSuccess) {
          ++failures;
        }
      }
      if (JetEndSession(s, 0) != JET_errSuccess) ++failures;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, failures.load());
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(ConcurrencyTest, OneSessionHammeredByManyThreads) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("one-session", dir, &inst));
  JET_SESID shared;
  ASSERT_JET_OK(JetBeginSession(inst, &shared, "", ""));
  std::atomic<int> ok{0}, violations{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        unsigned long version;
        const JET_ERR err = JetGetVersion(shared, &version);
        if (err == JET_errSuccess) {
          ++ok;
        } else if (err == JET_errSessionSharingViolation) {
          ++violations;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, other.load());
  EXPECT_EQ(kThreads * 5000, ok.load() + violations.load());
  EXPECT_GT(ok.load(), 0);
  // Whatever happened, the session is intact and idle.
  EXPECT_JET_OK(JetEndSession(shared, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

// As above with table calls, whose bodies read and write the session's
// cursor: the table gate's cursor-first path hands the cursor from thread
// to thread as the session's bias moves. Every call either runs whole or is
// refused; the cursor always ends on a row it could reach.
TEST(ConcurrencyTest, OneSessionsCursorHammeredByManyThreads) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("one-cursor", dir, &inst));
  JET_SESID shared;
  ASSERT_JET_OK(JetBeginSession(inst, &shared, "", ""));
  JET_DBID db;
  ASSERT_JET_OK(
      JetCreateDatabase(shared, dir.File("c.edb").c_str(), nullptr, &db, 0));
  JET_TABLEID table;
  ASSERT_JET_OK(JetCreateTable(shared, db, "t", 0, 0, &table));
  JET_COLUMNDEF def{sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0,
                    JET_bitColumnFixed};
  JET_COLUMNID id;
  ASSERT_JET_OK(JetAddColumn(shared, table, "id", &def, nullptr, 0, &id));
  ASSERT_JET_OK(JetCreateIndex(shared, table, "pk", JET_bitIndexPrimary,
                               "+id\0", 5, 100));
  constexpr int32_t kRows = 50;
  for (int32_t i = 0; i < kRows; ++i) {
    ASSERT_JET_OK(JetPrepareUpdate(shared, table, JET_prepInsert));
    ASSERT_JET_OK(JetSetColumn(shared, table, id, &i, sizeof(i), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(shared, table, nullptr, 0, nullptr));
  }
  ASSERT_JET_OK(JetBeginTransaction2(shared, JET_bitTransactionReadOnly));
  ASSERT_JET_OK(JetMove(shared, table, JET_MoveFirst, 0));
  std::atomic<int> ok{0}, violations{0}, other{0};
  std::atomic<JET_ERR> first_other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        JET_ERR err = JetMove(shared, table, JET_MoveNext, 0);
        if (err == JET_errNoCurrentRecord) {
          err = JetMove(shared, table, JET_MoveFirst, 0);
        }
        if (err == JET_errSuccess) {
          int32_t got = -1;
          err = JetRetrieveColumn(shared, table, id, &got, sizeof(got), nullptr,
                                  0, nullptr);
          if (err == JET_errSuccess && (got < 0 || got >= kRows)) {
            err = JET_errInternalError;
          }
          // Other threads may have moved the shared cursor past the end
          // between the two calls.
          if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
        }
        if (err == JET_errSuccess) {
          ++ok;
        } else if (err == JET_errSessionSharingViolation) {
          ++violations;
        } else {
          JET_ERR none = 0;
          first_other.compare_exchange_strong(none, err);
          ++other;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, other.load()) << "first: " << first_other.load();
  EXPECT_EQ(kThreads * 2000, ok.load() + violations.load());
  EXPECT_GT(ok.load(), 0);
  int32_t got = -1;
  EXPECT_JET_OK(JetRetrieveColumn(shared, table, id, &got, sizeof(got), nullptr,
                                  0, nullptr));
  EXPECT_GE(got, 0);
  EXPECT_LT(got, kRows);
  EXPECT_JET_OK(JetCommitTransaction(shared, 0));
  EXPECT_JET_OK(JetEndSession(shared, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(ConcurrencyTest, TermWhileThreadsAreCalling) {
  for (int round = 0; round < 5; ++round) {
    ScratchDir dir;
    JET_INSTANCE inst = 0;
    ASSERT_JET_OK(StartInstance("term-race", dir, &inst, kThreads * 2));
    std::vector<JET_SESID> sessions(kThreads);
    for (JET_SESID& s : sessions) {
      ASSERT_JET_OK(JetBeginSession(inst, &s, "", ""));
    }
    std::atomic<bool> stop{false};
    std::atomic<int> unexpected{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        const JET_SESID s = sessions[t];
        while (!stop) {
          unsigned long version;
          const JET_ERR err = JetGetVersion(s, &version);
          // Before the term, during it, after it: nothing else.
          if (err != JET_errSuccess && err != JET_errTermInProgress &&
              err != JET_errNotInitialized) {
            ++unexpected;
          }
          JET_SESID extra;
          const JET_ERR begin = JetBeginSession(inst, &extra, "", "");
          if (begin == JET_errSuccess) {
            const JET_ERR end = JetEndSession(extra, 0);
            if (end != JET_errSuccess && end != JET_errTermInProgress &&
                end != JET_errNotInitialized) {
              ++unexpected;
            }
          } else if (begin != JET_errTermInProgress &&
                     begin != JET_errInvalidInstance) {
            ++unexpected;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_JET_OK(JetTerm(inst));
    stop = true;
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(0, unexpected.load());
    for (JET_SESID s : sessions) {
      EXPECT_EQ(JET_errNotInitialized, JetEndSession(s, 0));
    }
  }
}

TEST(ConcurrencyTest, StaleAndGarbageHandlesFromManyThreads) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("stale", dir, &inst, kThreads * 2));
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      uint64_t garbage = 0x9E3779B97F4A7C15ull * (t + 1);
      for (int i = 0; i < 2000; ++i) {
        JET_SESID s;
        if (JetBeginSession(inst, &s, "", "") != JET_errSuccess) {
          ++unexpected;
          continue;
        }
        JetEndSession(s, 0);
        unsigned long version;
        if (JetGetVersion(s, &version) != JET_errInvalidSesid) ++unexpected;
        garbage = garbage * 6364136223846793005ull + 1442695040888963407ull;
        const JET_ERR err = JetGetVersion(garbage, &version);
        if (err != JET_errInvalidSesid) ++unexpected;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, unexpected.load());
  EXPECT_JET_OK(JetTerm(inst));
}

TEST(ConcurrencyTest, SessionsHandedFromThreadToThread) {
  // Sessions move between threads between calls (and inside transactions),
  // biased to one thread for a while, then revoked by the next.
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(StartInstance("hand-over", dir, &inst, 4));
  JET_SESID sessions[4];
  for (JET_SESID& s : sessions)
    ASSERT_JET_OK(JetBeginSession(inst, &s, "", ""));
  std::atomic<int> failures{0};
  for (int round = 0; round < 200; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      // Each round, thread t takes session (t + round) % 4 for a few calls.
      threads.emplace_back([&, t] {
        const JET_SESID s = sessions[(t + round) % 4];
        unsigned long version;
        for (int i = 0; i < 5; ++i) {
          if (JetGetVersion(s, &version) != JET_errSuccess) ++failures;
        }
        if (round % 2 == 0) {
          if (JetBeginTransaction(s) != JET_errSuccess) ++failures;
        } else if (JetCommitTransaction(s, 0) != JET_errSuccess) {
          ++failures;
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  EXPECT_EQ(0, failures.load());
  for (JET_SESID s : sessions) EXPECT_JET_OK(JetEndSession(s, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

}  // namespace
}  // namespace lmjet::testing
