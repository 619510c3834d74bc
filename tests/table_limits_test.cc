// The limits of issue 3 through the public API: a full database map, a full
// write set, and sessions that never block each other. Each failure must
// leave every committed transaction intact and the failing one able to roll
// back.

#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

class TableLimitsTest : public ::testing::Test {
 protected:
  void Start(unsigned long max_ver_pages) {
    ASSERT_JET_OK(JetCreateInstance(&instance_, "limits"));
    const std::string path = dir_.path() + "/";
    JetSetSystemParameter(&instance_, 0, JET_paramSystemPath, 0, path.c_str());
    JetSetSystemParameter(&instance_, 0, JET_paramLogFilePath, 0, path.c_str());
    JetSetSystemParameter(&instance_, 0, JET_paramTempPath, 0, path.c_str());
    ASSERT_JET_OK(JetSetSystemParameter(&instance_, 0, JET_paramMaxVerPages,
                                        max_ver_pages, nullptr));
    ASSERT_JET_OK(JetInit(&instance_));
    ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
  }
  void TearDown() override {
    if (instance_ != 0) JetTerm2(instance_, JET_bitTermDirty);
  }

  // A table "t" with a Long primary key and a LongBinary payload.
  void CreateTable(JET_DBID dbid) {
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid, "t", 0, 0, &table_));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    ASSERT_JET_OK(JetAddColumn(sesid_, table_, "k", &def, nullptr, 0, &k_));
    def.coltyp = JET_coltypLongBinary;
    ASSERT_JET_OK(
        JetAddColumn(sesid_, table_, "payload", &def, nullptr, 0, &payload_));
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                                 "+k\0", 4, 100));
    // The created cursor holds the table DenyRead; reopen it shared.
    ASSERT_JET_OK(JetCloseTable(sesid_, table_));
    ASSERT_JET_OK(JetOpenTable(sesid_, dbid, "t", nullptr, 0, 0, &table_));
  }

  JET_ERR Insert(JET_SESID sesid, JET_TABLEID table, int32_t key,
                 const std::string& payload) {
    JET_ERR err = JetPrepareUpdate(sesid, table, JET_prepInsert);
    if (err == JET_errSuccess) {
      err = JetSetColumn(sesid, table, k_, &key, sizeof(key), 0, nullptr);
    }
    if (err == JET_errSuccess) {
      err =
          JetSetColumn(sesid, table, payload_, payload.data(),
                       static_cast<unsigned long>(payload.size()), 0, nullptr);
    }
    if (err == JET_errSuccess)
      err = JetUpdate(sesid, table, nullptr, 0, nullptr);
    if (err != JET_errSuccess) JetPrepareUpdate(sesid, table, JET_prepCancel);
    return err;
  }

  std::vector<int32_t> Keys(JET_SESID sesid, JET_TABLEID table) {
    std::vector<int32_t> keys;
    for (JET_ERR err = JetMove(sesid, table, JET_MoveFirst, 0);
         err == JET_errSuccess; err = JetMove(sesid, table, JET_MoveNext, 0)) {
      int32_t key = -1;
      EXPECT_JET_OK(JetRetrieveColumn(sesid, table, k_, &key, sizeof(key),
                                      nullptr, 0, nullptr));
      keys.push_back(key);
    }
    return keys;
  }

  ScratchDir dir_;
  JET_INSTANCE instance_ = 0;
  JET_SESID sesid_ = JET_sesidNil;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID k_ = 0, payload_ = 0;
};

TEST_F(TableLimitsTest, FullDatabaseRefusesTheCommitAndKeepsEarlierOnes) {
  Start(64);
  JET_DBID dbid;
  // 256 pages of 8 KB: a 2 MiB map.
  ASSERT_JET_OK(JetCreateDatabase2(sesid_, dir_.File("small.edb").c_str(), 256,
                                   &dbid, 0));
  CreateTable(dbid);
  const std::string chunk(256 << 10, 'x');
  std::vector<int32_t> committed;
  JET_ERR err = JET_errSuccess;
  for (int32_t key = 1; key <= 40 && err == JET_errSuccess; ++key) {
    err = Insert(sesid_, table_, key, chunk);  // autocommit
    if (err == JET_errSuccess) committed.push_back(key);
  }
  ASSERT_EQ(JET_errOutOfDatabaseSpace, err);
  ASSERT_FALSE(committed.empty());
  EXPECT_EQ(committed, Keys(sesid_, table_));

  // Inside a transaction the commit fails, the transaction stays open and
  // rolls back; nothing committed before is lost.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Insert(sesid_, table_, 1000, chunk));
  EXPECT_EQ(JET_errOutOfDatabaseSpace, JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(committed, Keys(sesid_, table_));
  // Deleting makes room again.
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetDelete(sesid_, table_));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetDelete(sesid_, table_));
  ASSERT_JET_OK(Insert(sesid_, table_, 2000, std::string(1000, 'y')));
}

TEST_F(TableLimitsTest, FullWriteSetIsVersionStoreOutOfMemory) {
  Start(1);  // a 1 MiB write set
  JET_DBID dbid;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, dir_.File("ver.edb").c_str(), nullptr,
                                  &dbid, 0));
  CreateTable(dbid);
  ASSERT_JET_OK(Insert(sesid_, table_, 1, "committed"));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  const std::string chunk(100 << 10, 'z');
  JET_ERR err = JET_errSuccess;
  int inserted = 0;
  for (int32_t key = 10; key < 100 && err == JET_errSuccess; ++key) {
    err = Insert(sesid_, table_, key, chunk);
    if (err == JET_errSuccess) ++inserted;
  }
  EXPECT_EQ(JET_errVersionStoreOutOfMemory, err);
  EXPECT_GT(inserted, 3);
  EXPECT_LT(inserted, 11);
  // The transaction still sees what it did and still rolls back.
  EXPECT_EQ(static_cast<size_t>(inserted + 1), Keys(sesid_, table_).size());
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(std::vector<int32_t>{1}, Keys(sesid_, table_));
}

TEST_F(TableLimitsTest, TwoWriteTransactionsOnOneThreadNeverBlock) {
  Start(64);
  JET_DBID dbid;
  const std::string path = dir_.File("two.edb");
  ASSERT_JET_OK(JetCreateDatabase(sesid_, path.c_str(), nullptr, &dbid, 0));
  CreateTable(dbid);
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, path.c_str(), nullptr, &other_db, 0));
  JET_TABLEID other_table;
  ASSERT_JET_OK(
      JetOpenTable(other, other_db, "t", nullptr, 0, 0, &other_table));
  // Interleaved on this one thread: with LMDB write transactions held
  // across calls this would deadlock.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(other));
  for (int32_t i = 0; i < 10; ++i) {
    ASSERT_JET_OK(Insert(sesid_, table_, i, "a"));
    ASSERT_JET_OK(Insert(other, other_table, 100 + i, "b"));
  }
  ASSERT_JET_OK(JetCommitTransaction(other, 0));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(20u, Keys(sesid_, table_).size());
  EXPECT_EQ(20u, Keys(other, other_table).size());

  // The session's last JetCloseDatabase closes its cursors on the file.
  ASSERT_JET_OK(JetCloseDatabase(other, other_db, 0));
  EXPECT_EQ(JET_errInvalidTableId,
            JetMove(other, other_table, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

}  // namespace
}  // namespace lmjet::testing
