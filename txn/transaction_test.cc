#include "txn/transaction.h"

#include <lmdb.h>

#include <string>

#include "api/esent.h"
#include "base/scratch_dir.h"
#include "engine/database_file.h"
#include "engine/paths.h"
#include "gtest/gtest.h"

namespace lmjet::txn {
namespace {

using engine::DatabaseFile;

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    std::string path;
    ASSERT_EQ(engine::CanonicalPath(dir_.File("a.edb"), &path).code(),
              JET_errSuccess);
    DatabaseFile::Options options;
    options.mode = DatabaseFile::Mode::kCreate;
    ASSERT_EQ(DatabaseFile::Acquire(path, options, &file_).code(),
              JET_errSuccess);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(file_->env(), nullptr, 0, &txn), MDB_SUCCESS);
    const int rc = mdb_dbi_open(txn, "t", MDB_CREATE, &dbi_);
    if (rc != MDB_SUCCESS) mdb_txn_abort(txn);
    ASSERT_EQ(rc, MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }

  void TearDown() override {
    if (file_ != nullptr) file_->Release();
  }

  testing::ScratchDir dir_;
  DatabaseFile* file_ = nullptr;
  MDB_dbi dbi_ = 0;
};

// The change stamp moves with every level change, every write-set change
// and every file added or removed, and with nothing that only reads: a
// cursor that saw the same stamp may trust its position (TableCursor's
// fast path).
TEST_F(TransactionTest, ChangeStampMovesWithLevelsWritesAndFilesOnly) {
  {
    Transaction txn(1);
    uint64_t last = txn.change_stamp();
    EXPECT_NE(0u, last);
    // Expects the stamp to have moved since the last check.
    const auto moved = [&] {
      const uint64_t now = txn.change_stamp();
      const bool changed = now != last;
      last = now;
      return changed;
    };
    ASSERT_EQ(txn.AddDatabase(file_).code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    ASSERT_EQ(txn.Begin(false).code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    WriteSet* writes = txn.WritesOf(file_);
    ASSERT_NE(nullptr, writes);
    const uint64_t version = writes->version();
    ASSERT_EQ(writes->Put(dbi_, "k", "v").code(), JET_errSuccess);
    EXPECT_NE(version, writes->version());
    EXPECT_TRUE(moved());
    // Reads and locks change nothing a cursor sees.
    EXPECT_EQ(WriteSet::Lookup::Kind::kPresent, writes->Get(dbi_, "k").kind);
    ASSERT_NE(nullptr, txn.SnapshotOf(file_));
    ASSERT_EQ(txn.Lock(7, "k", LockMode::kRead).code(), JET_errSuccess);
    EXPECT_FALSE(moved());
    // A nested level: begin, a write, rollback, begin, commit.
    ASSERT_EQ(txn.Begin(false).code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    ASSERT_EQ(writes->Delete(dbi_, "k").code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    ASSERT_EQ(txn.Rollback().code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    ASSERT_EQ(txn.Begin(false).code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    ASSERT_EQ(txn.Commit(nullptr).code(), JET_errSuccess);
    EXPECT_TRUE(moved());
    // The commit to level 0 applies the write.
    ASSERT_EQ(txn.Commit(nullptr, engine::Durability::kLazy).code(),
              JET_errSuccess);
    EXPECT_TRUE(moved());
    EXPECT_EQ(0, txn.level());
    // Refused calls may move it too, never back.
    EXPECT_EQ(txn.Commit(nullptr).code(), JET_errNotInTransaction);
    EXPECT_GE(txn.change_stamp(), last);
    last = txn.change_stamp();
    txn.RemoveDatabase(file_);
    EXPECT_TRUE(moved());
  }
  // The commit reached the file.
  MDB_txn* read = nullptr;
  ASSERT_EQ(mdb_txn_begin(file_->env(), nullptr, MDB_RDONLY, &read),
            MDB_SUCCESS);
  MDB_val key{1, const_cast<char*>("k")}, value;
  ASSERT_EQ(mdb_get(read, dbi_, &key, &value), MDB_SUCCESS);
  EXPECT_EQ(
      "v", std::string(static_cast<const char*>(value.mv_data), value.mv_size));
  mdb_txn_abort(read);
}

}  // namespace
}  // namespace lmjet::txn
