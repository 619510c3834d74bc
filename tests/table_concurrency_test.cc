// Many sessions on many threads writing one table: disjoint writers never
// block or lose rows; conflicting writers get JET_errWriteConflict at the
// write and, retrying, lose no update (DESIGN.md §3).

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr int kThreads = 8;

class TableConcurrencyTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    path_ = dir_.File("concurrent.edb");
    JET_DBID dbid;
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &dbid, 0));
    JET_TABLEID t;
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid, "t", 0, 0, &t));
    JET_COLUMNDEF def{
        sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "id", &def, nullptr, 0, &id_));
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "n", &def, nullptr, 0, &n_));
    ASSERT_JET_OK(
        JetCreateIndex(sesid_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    ASSERT_JET_OK(JetCreateIndex(sesid_, t, "by_n", 0, "+n\0", 4, 100));
    ASSERT_JET_OK(JetCloseTable(sesid_, t));
  }

  // A session with the table open, for one thread.
  struct Worker {
    JET_SESID sesid = JET_sesidNil;
    JET_TABLEID table = JET_tableidNil;
  };
  Worker Open() {
    Worker w;
    EXPECT_JET_OK(JetBeginSession(instance_, &w.sesid, "", ""));
    JET_DBID db;
    EXPECT_JET_OK(JetOpenDatabase(w.sesid, path_.c_str(), nullptr, &db, 0));
    EXPECT_JET_OK(JetOpenTable(w.sesid, db, "t", nullptr, 0, 0, &w.table));
    return w;
  }

  std::string path_;
  JET_COLUMNID id_ = 0, n_ = 0;
};

TEST_F(TableConcurrencyTest, DisjointWritersAllCommit) {
  constexpr int kRows = 300;
  std::vector<Worker> workers;
  for (int i = 0; i < kThreads; ++i) workers.push_back(Open());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const Worker& w = workers[i];
      for (int r = 0; r < kRows; ++r) {
        if (r % 10 == 0 && JetBeginTransaction(w.sesid) != JET_errSuccess) {
          ++failures;
        }
        const int32_t id = i * kRows + r;
        if (JetPrepareUpdate(w.sesid, w.table, JET_prepInsert) ||
            JetSetColumn(w.sesid, w.table, id_, &id, sizeof(id), 0, nullptr) ||
            JetSetColumn(w.sesid, w.table, n_, &id, sizeof(id), 0, nullptr) ||
            JetUpdate(w.sesid, w.table, nullptr, 0, nullptr)) {
          ++failures;
        }
        if (r % 10 == 9 && JetCommitTransaction(w.sesid, 0)) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, failures.load());

  const Worker& check = workers[0];
  int32_t expected = 0;
  for (JET_ERR err = JetMove(check.sesid, check.table, JET_MoveFirst, 0);
       err == JET_errSuccess;
       err = JetMove(check.sesid, check.table, JET_MoveNext, 0)) {
    int32_t id = -1;
    ASSERT_JET_OK(JetRetrieveColumn(check.sesid, check.table, id_, &id,
                                    sizeof(id), nullptr, 0, nullptr));
    ASSERT_EQ(expected, id);
    ++expected;
  }
  EXPECT_EQ(kThreads * kRows, expected);
  unsigned long count = 0;
  ASSERT_JET_OK(JetSetCurrentIndex(check.sesid, check.table, "by_n"));
  ASSERT_JET_OK(JetIndexRecordCount(check.sesid, check.table, &count, 0));
  EXPECT_EQ(static_cast<unsigned long>(kThreads * kRows), count);
  for (const Worker& w : workers) ASSERT_JET_OK(JetEndSession(w.sesid, 0));
}

TEST_F(TableConcurrencyTest, ConflictingIncrementsLoseNothing) {
  constexpr int kIncrements = 100;
  {
    Worker w = Open();
    const int32_t id = 1, zero = 0;
    ASSERT_JET_OK(JetPrepareUpdate(w.sesid, w.table, JET_prepInsert));
    ASSERT_JET_OK(
        JetSetColumn(w.sesid, w.table, id_, &id, sizeof(id), 0, nullptr));
    ASSERT_JET_OK(
        JetSetColumn(w.sesid, w.table, n_, &zero, sizeof(zero), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(w.sesid, w.table, nullptr, 0, nullptr));
    ASSERT_JET_OK(JetEndSession(w.sesid, 0));
  }
  std::vector<Worker> workers;
  for (int i = 0; i < kThreads; ++i) workers.push_back(Open());
  std::atomic<int> conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const Worker& w = workers[i];
      for (int done = 0; done < kIncrements;) {
        const int32_t id = 1;
        if (JetBeginTransaction(w.sesid) ||
            JetMakeKey(w.sesid, w.table, &id, sizeof(id), JET_bitNewKey) ||
            JetSeek(w.sesid, w.table, JET_bitSeekEQ)) {
          ++failures;
          return;
        }
        const JET_ERR err = JetPrepareUpdate(w.sesid, w.table, JET_prepReplace);
        if (err == JET_errWriteConflict) {
          ++conflicts;
          JetRollback(w.sesid, 0);
          std::this_thread::yield();
          continue;
        }
        int32_t n = 0;
        if (err != JET_errSuccess ||
            JetRetrieveColumn(w.sesid, w.table, n_, &n, sizeof(n), nullptr,
                              JET_bitRetrieveCopy, nullptr) ||
            (++n,
             JetSetColumn(w.sesid, w.table, n_, &n, sizeof(n), 0, nullptr)) ||
            JetUpdate(w.sesid, w.table, nullptr, 0, nullptr) ||
            JetCommitTransaction(w.sesid, 0)) {
          ++failures;
          return;
        }
        ++done;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(0, failures.load());
  const Worker& check = workers[0];
  const int32_t id = 1;
  ASSERT_JET_OK(
      JetMakeKey(check.sesid, check.table, &id, sizeof(id), JET_bitNewKey));
  ASSERT_JET_OK(JetSeek(check.sesid, check.table, JET_bitSeekEQ));
  int32_t n = -1;
  ASSERT_JET_OK(JetRetrieveColumn(check.sesid, check.table, n_, &n, sizeof(n),
                                  nullptr, 0, nullptr));
  EXPECT_EQ(kThreads * kIncrements, n);
  for (const Worker& w : workers) ASSERT_JET_OK(JetEndSession(w.sesid, 0));
}

}  // namespace
}  // namespace lmjet::testing
