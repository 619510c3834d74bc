#include "engine/catalog.h"

#include <lmdb.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/catalog-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
    ASSERT_EQ(0, mdb_env_create(&env_));
    ASSERT_EQ(0, mdb_env_set_maxdbs(env_, 64));
    ASSERT_EQ(0, mdb_env_open(env_, (dir_ + "/c.edb").c_str(),
                              MDB_NOSUBDIR | MDB_NOTLS, 0644));
  }
  void TearDown() override {
    mdb_env_close(env_);
    std::filesystem::remove_all(dir_);
  }

  MDB_txn* Write() {
    MDB_txn* txn = nullptr;
    EXPECT_EQ(0, mdb_txn_begin(env_, nullptr, 0, &txn));
    return txn;
  }
  MDB_txn* Read() {
    MDB_txn* txn = nullptr;
    EXPECT_EQ(0, mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn));
    return txn;
  }

  static TableDef Table(const std::string& name) {
    TableDef t;
    t.name = name;
    t.columns.push_back(
        {"Id", 1, JET_coltypLong, 0, 4, JET_bitColumnAutoincrement, false, ""});
    IndexDef pk;
    pk.name = "PK";
    pk.index_id = 1;
    pk.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
    pk.segments = {{1, false}};
    IndexDef second;
    second.name = "Second";
    second.index_id = 2;
    second.segments = {{1, true}};
    t.indexes = {pk, second};
    t.next_index_id = 3;
    return t;
  }

  std::string dir_;
  MDB_env* env_ = nullptr;
};

TEST_F(CatalogTest, CreateGetAndIdsNeverReused) {
  MDB_txn* txn = Write();
  TableDef a = Table("Alpha"), b = Table("beta");
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &a).code());
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &b).code());
  EXPECT_EQ(1u, a.table_id);
  EXPECT_EQ(2u, b.table_id);
  TableDef dup = Table("ALPHA");
  EXPECT_EQ(JET_errTableDuplicate, Catalog::CreateTable(txn, &dup).code());
  ASSERT_EQ(0, mdb_txn_commit(txn));

  txn = Read();
  TableDef got;
  ASSERT_EQ(JET_errSuccess, Catalog::GetTable(txn, "alpha", &got).code());
  EXPECT_EQ("Alpha", got.name);
  EXPECT_EQ(1u, got.table_id);
  ASSERT_EQ(2u, got.indexes.size());
  EXPECT_EQ("Second", got.indexes[1].name);
  EXPECT_EQ(JET_errObjectNotFound,
            Catalog::GetTable(txn, "gamma", &got).code());
  mdb_txn_abort(txn);

  txn = Write();
  ASSERT_EQ(JET_errSuccess, Catalog::DeleteTable(txn, "ALPHA").code());
  TableDef c = Table("Alpha");
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &c).code());
  EXPECT_EQ(3u, c.table_id);  // not 1 again
  ASSERT_EQ(0, mdb_txn_commit(txn));
}

TEST_F(CatalogTest, EmptyCatalog) {
  MDB_txn* txn = Read();
  std::vector<std::string> names{"stale"};
  EXPECT_EQ(JET_errSuccess, Catalog::ListTables(txn, &names).code());
  EXPECT_TRUE(names.empty());
  TableDef t;
  EXPECT_EQ(JET_errObjectNotFound, Catalog::GetTable(txn, "x", &t).code());
  mdb_txn_abort(txn);
  txn = Write();
  EXPECT_EQ(JET_errObjectNotFound, Catalog::DeleteTable(txn, "x").code());
  EXPECT_EQ(JET_errObjectNotFound,
            Catalog::UpdateTable(txn, Table("x")).code());
  mdb_txn_abort(txn);
}

TEST_F(CatalogTest, UpdateAndList) {
  MDB_txn* txn = Write();
  for (const char* name : {"zeta", "Alpha", "mid"}) {
    TableDef t = Table(name);
    ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &t).code());
  }
  TableDef mid;
  ASSERT_EQ(JET_errSuccess, Catalog::GetTable(txn, "MID", &mid).code());
  mid.columns.push_back({"Note", 128, JET_coltypText, 1252, 255, 0, false, ""});
  ASSERT_EQ(JET_errSuccess, Catalog::UpdateTable(txn, mid).code());
  std::vector<std::string> names;
  ASSERT_EQ(JET_errSuccess, Catalog::ListTables(txn, &names).code());
  EXPECT_EQ((std::vector<std::string>{"Alpha", "mid", "zeta"}), names);
  TableDef again;
  ASSERT_EQ(JET_errSuccess, Catalog::GetTable(txn, "mid", &again).code());
  ASSERT_EQ(2u, again.columns.size());
  EXPECT_EQ("Note", again.columns[1].name);
  mdb_txn_abort(txn);
}

TEST_F(CatalogTest, AbortedTransactionLeavesNothing) {
  MDB_txn* txn = Write();
  TableDef t = Table("ghost");
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &t).code());
  mdb_txn_abort(txn);
  txn = Read();
  TableDef got;
  EXPECT_EQ(JET_errObjectNotFound,
            Catalog::GetTable(txn, "ghost", &got).code());
  mdb_txn_abort(txn);
}

TEST_F(CatalogTest, DeleteDropsTheTablesSubDatabases) {
  MDB_txn* txn = Write();
  TableDef t = Table("Data");
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &t).code());
  const std::vector<std::string> dbs = {Catalog::RecordDbName(t.table_id),
                                        Catalog::IndexDbName(t.table_id, 2),
                                        Catalog::LongValueDbName(t.table_id)};
  EXPECT_EQ("t1", dbs[0]);
  EXPECT_EQ("t1.i2", dbs[1]);
  EXPECT_EQ("t1.lv", dbs[2]);
  for (const std::string& name : dbs) {
    MDB_dbi dbi;
    ASSERT_EQ(0, mdb_dbi_open(txn, name.c_str(), MDB_CREATE, &dbi));
    MDB_val k{1, const_cast<char*>("k")}, v{1, const_cast<char*>("v")};
    ASSERT_EQ(0, mdb_put(txn, dbi, &k, &v, 0));
  }
  ASSERT_EQ(0, mdb_txn_commit(txn));
  txn = Write();
  ASSERT_EQ(JET_errSuccess, Catalog::DeleteTable(txn, "data").code());
  for (const std::string& name : dbs) {
    MDB_dbi dbi;
    EXPECT_EQ(MDB_NOTFOUND, mdb_dbi_open(txn, name.c_str(), 0, &dbi)) << name;
  }
  ASSERT_EQ(0, mdb_txn_commit(txn));
}

TEST_F(CatalogTest, DamagedDefinitionIsReported) {
  MDB_txn* txn = Write();
  TableDef t = Table("Broken");
  ASSERT_EQ(JET_errSuccess, Catalog::CreateTable(txn, &t).code());
  MDB_dbi dbi;
  ASSERT_EQ(0, mdb_dbi_open(txn, Catalog::kCatalogDbName, 0, &dbi));
  MDB_val k{7, const_cast<char*>("TBROKEN")}, v{3, const_cast<char*>("\1ab")};
  ASSERT_EQ(0, mdb_put(txn, dbi, &k, &v, 0));
  TableDef got;
  EXPECT_EQ(JET_errDatabaseCorrupted,
            Catalog::GetTable(txn, "broken", &got).code());
  std::vector<std::string> names;
  EXPECT_EQ(JET_errDatabaseCorrupted, Catalog::ListTables(txn, &names).code());
  mdb_txn_abort(txn);
}

}  // namespace
}  // namespace lmjet::engine
